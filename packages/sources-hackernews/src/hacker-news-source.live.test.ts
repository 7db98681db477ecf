import { createHttpClient, itemSchema, silentLogger, systemClock } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { createHackerNewsSource } from "./hacker-news-source.js";

// Hits the real Algolia and Firebase APIs: runs only with UNDERCURRENT_LIVE=1.
describe.runIf(process.env.UNDERCURRENT_LIVE === "1")("Hacker News (live)", () => {
  it("pulls recent stories and observes the front page's ranks", async () => {
    const source = createHackerNewsSource({ frontPage: true, frontPageSize: 3, hitsPerPage: 10 });
    const now = Date.now();
    const result = await source.pull(
      { cursor: undefined, since: new Date(now - 6 * 3_600_000), until: new Date(now), limit: 10 },
      { http: createHttpClient({ retries: 1 }), signal: AbortSignal.timeout(30_000), clock: systemClock, logger: silentLogger },
    );
    expect(result.items.length).toBeGreaterThan(0);
    for (const item of result.items) itemSchema.parse({ ...item, fetchedAt: new Date() });
    expect(result.observations?.some((observation) => observation.metrics.rank === 1)).toBe(true);
    expect(result.degraded).toBeUndefined();
  }, 60_000);
});
