import type { Forecaster, SeriesPoint } from "@undercurrent/core";
import { dayMs } from "../loaders/load-result.js";
import type { SpikeSeries } from "./forecast-data.js";

/** Length of every series in the speed test. */
export const speedSeriesLength = 60;

/**
 * `count` series of {@link speedSeriesLength} daily points for the speed test: windows cut from the daily series
 * of evaluation 3 at successive offsets (cycling through them), each nudged by its index so no two are equal.
 */
export function speedSeries(series: readonly SpikeSeries[], count: number): number[][] {
  const sources = series
    .filter((entry) => entry.stepMs === dayMs && entry.points.length >= speedSeriesLength)
    .map((entry) => entry.points.map((point) => point.value));
  if (sources.length === 0) return [];
  const windows: number[][] = [];
  let round = 0;
  while (windows.length < count) {
    for (const values of sources) {
      const offsets = values.length - speedSeriesLength + 1;
      const offset = (round * 13) % offsets;
      windows.push(values.slice(offset, offset + speedSeriesLength).map((value) => value * (1 + ((windows.length % 7) - 3) * 1e-3)));
      if (windows.length >= count) break;
    }
    round += 1;
  }
  return windows;
}

/** Daily points for a window (the speed test times the public `forecast` call, validation included). */
export function toPoints(values: readonly number[]): SeriesPoint[] {
  const start = Date.UTC(2020, 0, 1);
  return values.map((value, index) => ({ at: new Date(start + index * dayMs), value }));
}

/** Forecasts every window (horizon 7, 80% intervals) with one forecaster; returns series per second. */
export async function timeForecaster(
  forecaster: Forecaster,
  windows: readonly number[][],
  horizon = 7,
): Promise<{ series: number; seconds: number; seriesPerSecond: number }> {
  const inputs = windows.map(toPoints);
  const started = performance.now();
  for (const points of inputs) await forecaster.forecast(points, { horizon, levels: [0.8] });
  const seconds = (performance.now() - started) / 1000;
  return { series: windows.length, seconds, seriesPerSecond: windows.length / seconds };
}
