import { type Forecast, forecastSchema } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { createAnalogueForecaster, syntheticShapeLibrary } from "./analogue.js";
import { createDriftForecaster, createNaiveForecaster, createSeasonalNaiveForecaster } from "./baselines.js";
import { createCurveForecaster } from "./curves.js";
import { createEnsembleForecaster } from "./ensemble.js";
import { createDampedHoltForecaster, fitDampedHolt } from "./holt.js";
import { createMeanReversionForecaster } from "./mean-reversion.js";
import { daily, spike } from "./test-series.js";
import { createThetaForecaster } from "./theta.js";

function values(forecast: Forecast): number[] {
  return forecast.points.map((point) => point.value);
}

describe("classic baselines", () => {
  const series = daily([10, 12, 14, 16, 18, 20, 22, 24]);

  it("naive repeats the last value with widening intervals", async () => {
    const forecast = await createNaiveForecaster().forecast(series, { horizon: 3 });
    expect(values(forecast)).toEqual([24, 24, 24]);
    const widths = forecast.points.map((point) => point.intervals[0]!.upper - point.intervals[0]!.lower);
    expect(widths[2]).toBeGreaterThan(widths[0]!);
    expect(forecast.points[0]!.at.toISOString()).toBe("2024-01-09T00:00:00.000Z");
    expect(forecastSchema.safeParse(forecast).success).toBe(true);
  });

  it("drift extends the line through the first and last values", async () => {
    const forecast = await createDriftForecaster().forecast(series, { horizon: 2 });
    expect(values(forecast)).toEqual([26, 28]);
  });

  it("seasonal naive repeats the last season", async () => {
    const weekly = daily([1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6, 7]);
    const forecast = await createSeasonalNaiveForecaster().forecast(weekly, { horizon: 8 });
    expect(values(forecast)).toEqual([1, 2, 3, 4, 5, 6, 7, 1]);
  });
});

describe("damped Holt and Theta", () => {
  it("fits parameters inside statsmodels' bounds and follows a trend, damped", async () => {
    const trend = Array.from({ length: 40 }, (_, index) => 50 + 2 * index + Math.sin(index));
    const fit = fitDampedHolt(trend);
    expect(fit.alpha).toBeGreaterThanOrEqual(0.01);
    expect(fit.phi).toBeGreaterThanOrEqual(0.8);
    expect(fit.phi).toBeLessThanOrEqual(0.98);
    const forecast = await createDampedHoltForecaster().forecast(daily(trend), { horizon: 5 });
    const path = values(forecast);
    expect(path[0]).toBeGreaterThan(trend[39]! - 3);
    expect(path[4]! - path[0]!).toBeGreaterThan(0);
    expect(path[4]! - path[0]!).toBeLessThan(4 * 3);
  });

  it("Theta forecasts a trending series upwards and removes a strong weekly pattern", async () => {
    const weekly = Array.from({ length: 56 }, (_, index) => (100 + index) * (index % 7 === 5 || index % 7 === 6 ? 0.6 : 1.1));
    const forecast = await createThetaForecaster().forecast(daily(weekly), { horizon: 7 });
    const path = values(forecast);
    // Steps 6 and 7 are the low days of the pattern.
    expect(path[5]!).toBeLessThan(path[3]! * 0.8);
    expect(path[3]!).toBeGreaterThan(weekly[52]! * 0.95);
  });
});

describe("mean reversion", () => {
  it("expects a one-day spike to fall back toward the recent median", async () => {
    const history = [...Array.from({ length: 30 }, (_, index) => 10 + (index % 3)), 60];
    const forecast = await createMeanReversionForecaster().forecast(daily(history), { horizon: 5 });
    const path = values(forecast);
    expect(path[0]!).toBeLessThan(60);
    expect(path[4]!).toBeLessThan(path[0]!);
    expect(path[4]!).toBeGreaterThanOrEqual(10);
  });
});

describe("growth-and-decay curves", () => {
  for (const family of ["gamma", "gompertz", "log-logistic", "bass"] as const) {
    it(`${family}: finds a peak that is still ahead, with an interval, a half-life and a rising status`, async () => {
      const history = spike(22, 26, 100, 4);
      const forecast = await createCurveForecaster({ family }).forecast(daily(history), { horizon: 10 });
      expect(forecast.model).toBe(family);
      const peakStep = (forecast.peak!.at.getTime() - daily(history)[21]!.at.getTime()) / 86_400_000;
      expect(peakStep).toBeGreaterThan(0.5);
      expect(peakStep).toBeLessThan(12);
      expect(forecast.peak!.observed).toBe(false);
      expect(forecast.peak!.timeInterval!.lower).toBeLessThanOrEqual(forecast.peak!.at.getTime());
      expect(forecast.status).not.toBe("declining");
      expect(forecast.declineHalfLifeHours).toBeGreaterThan(0);
      expect(forecastSchema.safeParse(forecast).success).toBe(true);
    });
  }

  it("auto picks a family and says which; a decaying series is declining", async () => {
    const history = spike(40, 15, 100, 3);
    const forecast = await createCurveForecaster().forecast(daily(history), { horizon: 7 });
    expect(forecast.warnings.some((warning) => warning.startsWith("curve family:"))).toBe(true);
    expect(forecast.status).toBe("declining");
    expect(forecast.peak!.observed).toBe(true);
  });

  it("rejects an unknown family with a ConfigError naming it", () => {
    expect(() => createCurveForecaster({ family: "cubic" as never })).toThrow(/options\.family/);
  });
});

describe("analogue model", () => {
  it("continues a spike like the library's spikes: after a sharp rise it expects a fall", async () => {
    const library = [spike(60, 30, 100, 3), spike(60, 25, 80, 3), spike(60, 35, 50, 3)];
    const history = spike(30, 28, 90, 3).slice(0, 30);
    const forecast = await createAnalogueForecaster({ library }).forecast(daily(history), { horizon: 10 });
    const path = values(forecast);
    expect(path[9]!).toBeLessThan(Math.max(...path) * 0.6);
  });

  it("ships a synthetic shape library and validates its options", () => {
    expect(syntheticShapeLibrary().length).toBe(64);
    expect(() => createAnalogueForecaster({ window: 2 })).toThrow(/options\.window/);
  });
});

describe("ensemble", () => {
  it("weights members by backtest error and calibrates intervals", async () => {
    const history = Array.from({ length: 60 }, (_, index) => 20 + 0.5 * index + 3 * Math.sin(index * 1.7));
    const { forecast, fit } = await createEnsembleForecaster({ members: ["naive", "drift", "damped-holt", "theta"] }).forecastWithFit(
      daily(history),
      {
        horizon: 7,
      },
    );
    const total = Object.values(fit.weights).reduce((sum, weight) => sum + weight, 0);
    expect(total).toBeCloseTo(1, 6);
    expect(fit.scores.length).toBeGreaterThan(0);
    expect(fit.multipliers["0.95"]).toBeGreaterThanOrEqual(fit.multipliers["0.8"]!);
    const [first] = forecast.points;
    expect(first!.intervals.map((interval) => interval.level)).toEqual([0.8, 0.95]);
    expect(first!.intervals[1]!.upper - first!.intervals[1]!.lower).toBeGreaterThanOrEqual(
      first!.intervals[0]!.upper - first!.intervals[0]!.lower,
    );
    expect(forecastSchema.safeParse(forecast).success).toBe(true);
  });

  it("rejects unknown members", () => {
    expect(() => createEnsembleForecaster({ members: ["prophet" as never] })).toThrow(/options\.members/);
  });
});
