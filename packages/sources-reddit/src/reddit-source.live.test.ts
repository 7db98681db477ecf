import { createHttpClient, itemSchema, silentLogger, systemClock } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { createRedditSource } from "./reddit-source.js";

// Calls the real API with REDDIT_CLIENT_ID, REDDIT_CLIENT_SECRET and REDDIT_USER_AGENT: UNDERCURRENT_LIVE=1 pnpm exec vitest run --project sources-reddit
describe.runIf(process.env.UNDERCURRENT_LIVE === "1")("Reddit, live", () => {
  it("pulls the first posts of r/programming/hot with an app-only token", { timeout: 60_000 }, async () => {
    const source = createRedditSource({ subreddits: ["programming"], listings: ["hot"], postsPerListing: 5 });
    const now = Date.now();
    const result = await source.pull(
      { cursor: undefined, since: new Date(now - 24 * 3_600_000), until: new Date(now), limit: 5 },
      { http: createHttpClient(), signal: AbortSignal.timeout(30_000), clock: systemClock, logger: silentLogger },
    );
    expect(result.items.length).toBeGreaterThan(0);
    for (const item of result.items) itemSchema.parse({ ...item, fetchedAt: new Date() });
    expect(result.observations?.length).toBeGreaterThan(0);
    expect(result.rateLimit?.remaining).toBeTypeOf("number");
  });
});
