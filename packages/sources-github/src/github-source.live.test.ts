import { createHttpClient, itemSchema, silentLogger, systemClock, timeSeriesSchema } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { createGitHubSource } from "./github-source.js";

// Calls api.github.com; runs only with UNDERCURRENT_LIVE=1 (GITHUB_TOKEN is used when set).
describe.runIf(process.env.UNDERCURRENT_LIVE === "1")("GitHub, live", () => {
  it("finds rising repositories and reads a page of star timestamps", async () => {
    const source = createGitHubSource({
      searches: [{ minStars: 100 }],
      watchedRepositories: ["octocat/Hello-World"],
      perPage: 5,
      maxStargazerPages: 1,
    });
    const now = Date.now();
    const result = await source.pull(
      { cursor: undefined, since: new Date(now - 7 * 86_400_000), until: new Date(now), limit: 5 },
      { http: createHttpClient(), signal: AbortSignal.timeout(30_000), clock: systemClock, logger: silentLogger },
    );
    expect(result.items.length).toBeGreaterThan(1);
    for (const item of result.items) itemSchema.parse({ ...item, fetchedAt: new Date() });
    expect(result.series).toHaveLength(1);
    expect(timeSeriesSchema.parse(result.series![0]).points.length).toBeGreaterThan(0);
    expect(result.rateLimit?.limit).toBeGreaterThan(0);
  }, 60_000);
});
