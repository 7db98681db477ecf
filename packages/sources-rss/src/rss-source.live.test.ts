import { createHttpClient, itemSchema, silentLogger, systemClock } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { createRssSource } from "./rss-source.js";

// Hits hnrss.org for real. Runs only with UNDERCURRENT_LIVE=1.
describe.runIf(process.env.UNDERCURRENT_LIVE === "1")("createRssSource against hnrss.org (live)", () => {
  it("pulls the Hacker News front page with points and comments", async () => {
    const source = createRssSource({ id: "rss-hn", feeds: [{ url: "https://hnrss.org/frontpage", name: "HN front page" }] });
    const now = Date.now();
    const result = await source.pull(
      { cursor: undefined, since: new Date(now - 7 * 24 * 3_600_000), until: new Date(now), limit: 5 },
      { http: createHttpClient({ retries: 1 }), signal: AbortSignal.timeout(30_000), clock: systemClock, logger: silentLogger },
    );
    expect(result.items.length).toBeGreaterThan(0);
    for (const item of result.items) itemSchema.parse({ ...item, fetchedAt: item.fetchedAt ?? new Date() });
    expect(result.observations?.some((observation) => observation.metrics.score !== undefined)).toBe(true);
  }, 60_000);
});
