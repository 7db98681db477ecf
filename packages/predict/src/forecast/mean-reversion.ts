import type { Forecaster } from "@undercurrent/core";
import { createModelForecaster, type ForecasterSettings, flatOutput, type ModelCore } from "./model.js";

/** Observations whose median is the level the series reverts to. */
export const meanReversionWindow = 56;

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * AR(1) around a robust level: the deviation of the last value from the median of the last
 * {@link meanReversionWindow} observations decays by ρ per step, ρ fitted by least squares on the history's
 * deviations (clamped to [0, 0.995]). After a one-day spike it expects the fall that persistence models miss.
 */
export const meanReversionCore: ModelCore = (values, horizon) => {
  const n = values.length;
  if (n < 3) return flatOutput(values, horizon);
  const level = medianOf(values.slice(Math.max(0, n - meanReversionWindow)));
  const deviations = values.map((value) => value - level);
  let numerator = 0;
  let denominator = 0;
  for (let index = 1; index < n; index += 1) {
    numerator += deviations[index]! * deviations[index - 1]!;
    denominator += deviations[index - 1]! ** 2;
  }
  const rho = denominator > 0 ? Math.min(0.995, Math.max(0, numerator / denominator)) : 0;
  let squares = 0;
  for (let index = 1; index < n; index += 1) squares += (deviations[index]! - rho * deviations[index - 1]!) ** 2;
  const sigma = Math.sqrt(squares / Math.max(1, n - 2));
  const path: number[] = [];
  const scale: number[] = [];
  let factor = 1;
  let variance = 0;
  for (let step = 1; step <= horizon; step += 1) {
    variance += factor * factor;
    factor *= rho;
    path.push(level + deviations[n - 1]! * factor);
    scale.push(sigma * Math.sqrt(variance));
  }
  return { path, scale, fit: n >= 14 ? 0.6 : 0.4, warnings: [] };
};

/** Mean-reversion forecaster: AR(1) toward the median of the recent history. */
export function createMeanReversionForecaster(settings: ForecasterSettings = {}): Forecaster {
  return createModelForecaster("mean-reversion", meanReversionCore, settings, 1);
}
