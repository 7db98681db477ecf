import { createHttpClient, itemSchema, silentLogger, systemClock } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { createMastodonSource } from "./mastodon-source.js";

// Calls the real mastodon.social; runs only with UNDERCURRENT_LIVE=1.
describe.runIf(process.env.UNDERCURRENT_LIVE === "1")("mastodon.social trends (live)", () => {
  it("reads a page of trending tags with their history", async () => {
    const source = createMastodonSource({ include: ["tags"], limit: { tags: 5 }, maxPages: 1 });
    const now = Date.now();
    const result = await source.pull(
      { cursor: undefined, since: new Date(now - 24 * 3_600_000), until: new Date(now), limit: 5 },
      { http: createHttpClient(), signal: AbortSignal.timeout(20_000), clock: systemClock, logger: silentLogger },
    );
    for (const item of result.items) expect(itemSchema.parse({ ...item, fetchedAt: new Date() }).kind).toBe("tag");
    expect(result.series?.every((series) => series.interval === "day")).toBe(true);
    expect(result.rateLimit?.limit).toBeGreaterThan(0);
  }, 30_000);
});
