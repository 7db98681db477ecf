import { ValidationError } from "@undercurrent/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createContentPerformanceModel } from "./content-performance-model.js";
import { trainEarlyPopularityModel, trainSzaboHubermanModel } from "./early-popularity-model.js";
import { syntheticDrafts, syntheticTrajectories } from "./synthetic-items.test-helpers.js";

const training = syntheticTrajectories(120, 5);
const models = [
  trainSzaboHubermanModel(training, { horizonHours: 2 }),
  trainEarlyPopularityModel(training, { horizonHours: 2, trees: 40 }),
  trainEarlyPopularityModel(training, { horizonHours: 2, learner: "ridge" }),
];
const content = createContentPerformanceModel({ trees: 30, successThreshold: 10 });
content.train(syntheticDrafts(200));

const base = Date.UTC(2024, 0, 1);
const observation = fc.record({
  minutes: fc.integer({ min: 0, max: 600 }),
  value: fc.oneof(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.integer({ min: 0, max: 5 })),
  comments: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined }),
  rank: fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }),
});

function isFiniteNumber(value: number): boolean {
  return typeof value === "number" && Number.isFinite(value);
}

describe("early popularity on random curves", () => {
  it("always returns finite, ordered estimates for valid curves (any order, duplicates, zeros, one point)", () => {
    fc.assert(
      fc.property(fc.array(observation, { minLength: 1, maxLength: 15 }), fc.constantFrom("synthetic", "other"), (raw, source) => {
        const observations = raw.map((item) => ({
          at: new Date(base + item.minutes * 60_000),
          value: item.value,
          ...(item.comments !== undefined && { comments: item.comments }),
          ...(item.rank !== undefined && { rank: item.rank }),
        }));
        for (const model of models) {
          const estimate = model.predict({ source, observations });
          expect(isFiniteNumber(estimate.predicted)).toBe(true);
          expect(estimate.predicted).toBeGreaterThanOrEqual(0);
          expect(estimate.confidence).toBeGreaterThanOrEqual(0);
          expect(estimate.confidence).toBeLessThanOrEqual(1);
          for (const interval of estimate.intervals) {
            expect(isFiniteNumber(interval.lower) && isFiniteNumber(interval.upper)).toBe(true);
            expect(interval.lower).toBeLessThanOrEqual(interval.upper);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it("rejects non-finite or negative values with a ValidationError, never a TypeError", () => {
    fc.assert(
      fc.property(fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, "12", null), (bad) => {
        const call = () => models[1]!.predict({ source: "synthetic", observations: [{ at: new Date(base), value: bad as number }] });
        expect(call).toThrowError(ValidationError);
        expect(call).toThrowError(/input\.observations\.0\.value/);
      }),
    );
  });
});

describe("content performance on random drafts", () => {
  it("always gives a probability in [0, 1] and ascending finite quantiles", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 200 }).filter((title) => title.trim().length > 0),
        fc.option(fc.webUrl(), { nil: undefined }),
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: undefined }),
        fc.constantFrom("hackernews", "x", "constructor"),
        (title, url, time, trendVelocity, platform) => {
          const estimate = content.predict({
            title,
            platform,
            plannedAt: new Date(time),
            author: "toString",
            ...(url !== undefined && { url }),
            ...(trendVelocity !== undefined && { trendVelocity }),
          });
          expect(estimate.successProbability).toBeGreaterThanOrEqual(0);
          expect(estimate.successProbability).toBeLessThanOrEqual(1);
          const values = estimate.quantiles.map((quantile) => quantile.value);
          expect(values.every(isFiniteNumber)).toBe(true);
          expect(values).toEqual([...values].sort((a, b) => a - b));
          expect(isFiniteNumber(estimate.expectedEngagement)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});
