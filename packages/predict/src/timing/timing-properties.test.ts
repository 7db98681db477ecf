import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bestPublishWindow } from "./publish-window.js";
import { estimateRoi } from "./roi.js";
import { assessSustainability } from "./sustainability.js";

const base = Date.UTC(2024, 0, 1);
const series = (minLength: number) =>
  fc
    .array(fc.record({ hours: fc.integer({ min: 0, max: 24 * 30 }), value: fc.double({ min: -10, max: 1e7, noNaN: true }) }), {
      minLength,
      maxLength: 60,
    })
    .map((points) => points.map((point) => ({ at: new Date(base + point.hours * 3_600_000), value: point.value })));

describe("timing on random series", () => {
  it("scores sustainability in [0, 1] for any series, gaps, repeats and negatives included", () => {
    fc.assert(
      fc.property(series(1), (points) => {
        const result = assessSustainability(points);
        expect(result.spikeProbability).toBeGreaterThanOrEqual(0);
        expect(result.spikeProbability).toBeLessThanOrEqual(1);
        expect(result.confidence).toBeGreaterThanOrEqual(0);
        expect(result.confidence).toBeLessThanOrEqual(1);
        expect(Object.values(result.features).every(Number.isFinite)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("puts the best publish time inside its window and after the earliest allowed time", () => {
    fc.assert(
      fc.property(
        series(2).filter((points) => new Set(points.map((point) => point.at.getTime())).size > 1),
        fc.constantFrom("x", "youtube", "linkedin", "hackernews" as const),
        fc.integer({ min: 0, max: 48 }),
        (points, platform, productionHours) => {
          const now = new Date(base);
          const result = bestPublishWindow({ forecast: { points }, platform, now, productionHours });
          const best = result.bestAt.getTime();
          expect(result.window.start.getTime()).toBeLessThanOrEqual(best);
          expect(result.window.end.getTime()).toBeGreaterThanOrEqual(best);
          expect(best).toBeGreaterThanOrEqual(base + productionHours * 3_600_000);
          expect(result.shareIfEarliest).toBeGreaterThanOrEqual(0);
          expect(result.shareIfEarliest).toBeLessThanOrEqual(1);
          expect(Number.isFinite(result.relativeToPeakHours)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("keeps ROI intervals ordered and finite", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 5 }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        (values, unitValue, cost) => {
          const sorted = [...values].sort((a, b) => a - b);
          const quantiles = sorted.map((value, index) => ({ probability: (index + 1) / (sorted.length + 1), value }));
          const result = estimateRoi({ engagement: { quantiles }, valuePerEngagement: unitValue, cost, samples: 200 });
          expect(Number.isFinite(result.expected)).toBe(true);
          const [eighty, ninetyFive] = result.intervals;
          expect(eighty!.lower).toBeLessThanOrEqual(eighty!.upper);
          expect(ninetyFive!.lower).toBeLessThanOrEqual(eighty!.lower);
          expect(ninetyFive!.upper).toBeGreaterThanOrEqual(eighty!.upper);
        },
      ),
      { numRuns: 100 },
    );
  });
});
