import { describe, expect, it } from "vitest";
import { createDriftForecaster, createNaiveForecaster } from "../forecast/baselines.js";
import { createEnsembleForecaster } from "../forecast/ensemble.js";
import { daily, spike } from "../forecast/test-series.js";
import { backtest } from "./rolling-origin.js";

describe("backtest", () => {
  it("rolls the origin forward in time order and scores every forecast", async () => {
    const points = daily(Array.from({ length: 30 }, (_, index) => 10 + 2 * index));
    const result = await backtest(createDriftForecaster(), points, { horizon: 5, minTrain: 10, step: 5 });
    expect(result.records.map((record) => record.origin)).toEqual([10, 15, 20, 25]);
    expect(result.records.at(-1)!.actual).toHaveLength(5);
    // Drift is exact on a line.
    expect(result.mase).toBeCloseTo(0, 6);
    expect(result.coverage["0.8"]).toBe(1);
    expect(result.model).toBe("drift");
  });

  it("scores peak timing on forecasts made before the peak", async () => {
    const points = daily(spike(40, 25, 100, 3));
    const naive = await backtest(createNaiveForecaster(), points, { horizon: 7, minTrain: 12 });
    expect(naive.peakForecasts).toBe(7);
    // Naive always puts the peak at the last observation: never within a day of a peak 2+ days ahead.
    expect(naive.peakHitRate).toBeLessThan(0.5);
    const ensemble = await backtest(createEnsembleForecaster(), points, { horizon: 7, minTrain: 12 });
    expect(ensemble.records.length).toBe(naive.records.length);
    expect(Number.isFinite(ensemble.mase)).toBe(true);
  });

  it("names bad options and too-short input", async () => {
    await expect(backtest(createNaiveForecaster(), daily([1, 2, 3]), { horizon: 0 })).rejects.toThrow(/options\.horizon/);
    await expect(backtest(createNaiveForecaster(), daily([1, 2, 3]), { horizon: 2 })).rejects.toThrow(/points: expected at least 9 points/);
  });
});
