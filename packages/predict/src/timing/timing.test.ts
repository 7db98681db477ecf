import { ValidationError } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { normalQuantile } from "../forecast/model.js";
import { defaultPlatformProfiles, reachAt } from "./platform-profiles.js";
import { bestPublishWindow } from "./publish-window.js";
import { estimateRoi } from "./roi.js";
import { assessSustainability } from "./sustainability.js";

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
const start = Date.UTC(2024, 4, 1);

/** A bell-shaped hourly forecast peaking `peakHour` hours after `start`. */
function bell(peakHour: number, hours = 96, width = 8) {
  return Array.from({ length: hours }, (_, hour) => ({
    at: new Date(start + hour * hourMs),
    value: 100 * Math.exp(-(((hour - peakHour) / width) ** 2)),
  }));
}

function daily(values: readonly number[]) {
  return values.map((value, day) => ({ at: new Date(start + day * dayMs), value }));
}

describe("bestPublishWindow", () => {
  it("publishes about one lead time before the peak, later for fast platforms", () => {
    const forecast = { points: bell(60) };
    const slow = bestPublishWindow({ forecast, profile: { leadTimeHours: 12, halfLifeHours: 6 } });
    const fast = bestPublishWindow({ forecast, platform: "x" });
    expect(slow.peakAt.getTime()).toBe(start + 60 * hourMs);
    expect(slow.relativeToPeakHours).toBeLessThan(-6);
    expect(slow.relativeToPeakHours).toBeGreaterThan(-16);
    expect(fast.relativeToPeakHours).toBeGreaterThan(slow.relativeToPeakHours);
    expect(Math.abs(fast.relativeToPeakHours)).toBeLessThanOrEqual(3);
    expect(slow.window.start.getTime()).toBeLessThanOrEqual(slow.bestAt.getTime());
    expect(slow.window.end.getTime()).toBeGreaterThanOrEqual(slow.bestAt.getTime());
    expect(slow.late).toBe(false);
    expect(slow.shareIfEarliest).toBeLessThan(0.5);
  });

  it("says it is late when production time pushes publishing past the peak", () => {
    const result = bestPublishWindow({
      forecast: { points: bell(10), confidence: 0.8 },
      platform: "youtube",
      now: new Date(start),
      productionHours: 12,
    });
    expect(result.late).toBe(true);
    expect(result.bestAt.getTime()).toBe(start + 12 * hourMs);
    expect(result.warnings.join(" ")).toMatch(/peaks before/);
    expect(result.confidence).toBeCloseTo(0.8, 6);
  });

  it("uses the forecast's own peak when it gives one", () => {
    const result = bestPublishWindow({ forecast: { points: bell(40), peak: { at: new Date(start + 41 * hourMs) } }, platform: "reddit" });
    expect(result.peakAt.getTime()).toBe(start + 41 * hourMs);
  });

  it("names the problem with bad input", () => {
    expect(() => bestPublishWindow({ forecast: { points: bell(5).slice(0, 1) }, platform: "x" })).toThrowError(/input\.forecast\.points/);
    expect(() => bestPublishWindow({ forecast: { points: bell(5) } })).toThrowError(/input\.platform: expected a platform or a profile/);
    expect(() => bestPublishWindow({ forecast: { points: bell(5) }, platform: "myspace" as never })).toThrowError(ValidationError);
    const same = [
      { at: new Date(start), value: 1 },
      { at: new Date(start), value: 2 },
    ];
    expect(() => bestPublishWindow({ forecast: { points: same }, platform: "x" })).toThrowError(/different times/);
  });

  it("handles an all-zero forecast without NaN", () => {
    const result = bestPublishWindow({ forecast: { points: bell(5).map((point) => ({ ...point, value: 0 })) }, platform: "x" });
    expect(result.shareIfEarliest).toBe(1);
    expect(result.warnings.join(" ")).toMatch(/zero throughout/);
  });
});

describe("reachAt", () => {
  it("ramps to 1 over the lead time, then halves every half-life", () => {
    const profile = { leadTimeHours: 4, halfLifeHours: 2 };
    expect(reachAt(profile, -1)).toBe(0);
    expect(reachAt(profile, 2)).toBe(0.5);
    expect(reachAt(profile, 4)).toBe(1);
    expect(reachAt(profile, 6)).toBe(0.5);
    expect(Object.keys(defaultPlatformProfiles)).toContain("youtube");
  });
});

describe("assessSustainability", () => {
  it("calls a sudden one-day jump that falls back a spike", () => {
    const result = assessSustainability(daily([10, 11, 9, 10, 12, 100, 15, 11, 10]));
    expect(result.label).toBe("spike");
    expect(result.spikeProbability).toBeGreaterThan(0.9);
    expect(result.features.retentionAfterOneDay).toBeCloseTo(0.15, 6);
    expect(result.sustainability).toBeCloseTo(1 - result.spikeProbability, 12);
  });

  it("calls a gradual rise that holds up sustained", () => {
    const result = assessSustainability(daily([10, 20, 35, 50, 70, 85, 95, 100, 97, 95, 92, 90]));
    expect(result.label).toBe("sustained");
    expect(result.spikeProbability).toBeLessThan(0.1);
  });

  it("is unsure, with less confidence, when nothing after the peak is known", () => {
    const rising = assessSustainability(daily([10, 10, 11, 10, 10, 80]));
    const done = assessSustainability(daily([10, 10, 11, 10, 10, 80, 12, 10]));
    expect(rising.confidence).toBeLessThan(done.confidence);
    expect(rising.warnings.join(" ")).toMatch(/after the peak/);
    expect(rising.spikeProbability).toBeGreaterThan(0.5);
  });

  it("answers flat, zero and single-point series with low confidence, not NaN", () => {
    const flat = assessSustainability(daily([5, 5, 5, 5, 5, 5]));
    expect(flat.label).toBe("sustained");
    const zero = assessSustainability(daily([0, 0, 0]));
    expect(zero).toMatchObject({ spikeProbability: 0.5, label: "uncertain" });
    expect(zero.confidence).toBeLessThan(0.1);
    const single = assessSustainability(daily([42]));
    expect(Number.isFinite(single.spikeProbability)).toBe(true);
    expect(single.confidence).toBeLessThan(0.3);
    expect(() => assessSustainability([])).toThrowError(/points: expected at least one point/);
    expect(() => assessSustainability(daily([1, Number.NaN]))).toThrowError(/points\.1\.value/);
  });
});

describe("estimateRoi", () => {
  it("is exact for fixed quantities", () => {
    const result = estimateRoi({ engagement: 1000, valuePerEngagement: 0.05, cost: 20, samples: 100 });
    expect(result.expected).toBeCloseTo(30, 9);
    expect(result.intervals[0]).toMatchObject({ level: 0.8 });
    expect(result.intervals[0]!.lower).toBeCloseTo(30, 9);
    expect(result.probabilityOfProfit).toBe(1);
    expect(result.returnOnCost).toBeCloseTo(1.5, 9);
    expect(result.warnings.join(" ")).toMatch(/single value/);
  });

  it("propagates engagement quantiles into ROI intervals", () => {
    const result = estimateRoi({
      engagement: {
        quantiles: [
          { probability: 0.1, value: 100 },
          { probability: 0.5, value: 400 },
          { probability: 0.9, value: 1600 },
        ],
      },
      valuePerEngagement: 0.1,
      cost: { low: 20, high: 40 },
    });
    expect(result.median).toBeGreaterThan(5);
    expect(result.median).toBeLessThan(15);
    const [eighty, ninetyFive] = result.intervals;
    expect(eighty!.lower).toBeGreaterThan(-35);
    expect(eighty!.lower).toBeLessThan(0);
    expect(eighty!.upper).toBeGreaterThan(110);
    expect(eighty!.upper).toBeLessThan(150);
    expect(ninetyFive!.upper).toBeGreaterThan(eighty!.upper);
    expect(result.expectedCost).toBeCloseTo(30, 0);
    expect(result.probabilityOfProfit).toBeGreaterThan(0.5);
    expect(result.probabilityOfProfit).toBeLessThan(0.8);
  });

  it("is reproducible for a seed and accepts samples", () => {
    const input = { engagement: { samples: [1, 10, 100, 1000] }, valuePerEngagement: { low: 0.01, high: 0.02 }, seed: 5 };
    expect(estimateRoi(input)).toEqual(estimateRoi(input));
  });

  it("names a bad quantity", () => {
    expect(() => estimateRoi({ engagement: Number.NaN, valuePerEngagement: 1 })).toThrowError(/input\.engagement/);
    expect(() => estimateRoi({ engagement: 1, valuePerEngagement: { low: 2, high: 1 } })).toThrowError(ValidationError);
    expect(() => estimateRoi({ engagement: { quantiles: [] }, valuePerEngagement: 1 })).toThrowError(ValidationError);
  });
});

describe("normalQuantile", () => {
  it("matches known values", () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
  });
});
