import { createHttpClient, type PullResult, silentLogger, systemClock } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { createGoogleTrendsSource } from "./google-trends-source.js";

// Hits the real, unofficial endpoints. Google often blocks datacenter IPs, so a degradation is a pass too.
describe.runIf(process.env.UNDERCURRENT_LIVE === "1")("Google Trends (live)", () => {
  it("pulls the trending feed and one keyword, or reports a block as a degradation", { timeout: 60_000 }, async () => {
    const source = createGoogleTrendsSource({ geo: "US", keywords: ["weather"] });
    const now = Date.now();
    const result: PullResult = await source.pull(
      { cursor: undefined, since: new Date(now - 48 * 3_600_000), until: new Date(now), limit: 100 },
      { http: createHttpClient({ retries: 1 }), signal: AbortSignal.timeout(50_000), clock: systemClock, logger: silentLogger },
    );
    if (result.degraded) {
      expect(result.degraded.reason).toMatch(/^GOOGLE_TRENDS_/);
      return;
    }
    expect(result.items.length).toBeGreaterThan(0);
    expect(result.series?.[0]?.points.length).toBeGreaterThan(0);
  });
});
