import type { Forecaster } from "@undercurrent/core";
import { driftCore } from "./baselines.js";
import { createModelForecaster, type ForecasterSettings, type ModelCore, normalMultiplier } from "./model.js";
import { minimizeInBox } from "./optimize.js";

/**
 * Multiplicative seasonal indices when the autocorrelation at lag `m` is significant (the test of the
 * original Theta method and of statsmodels' `ThetaModel`), else `undefined`. Needs positive values and two seasons.
 */
export function seasonalIndices(values: readonly number[], m: number): number[] | undefined {
  const n = values.length;
  if (m < 2 || n < 2 * m + 1 || values.some((value) => value <= 0)) return undefined;
  const mean = values.reduce((sum, value) => sum + value, 0) / n;
  const centred = values.map((value) => value - mean);
  const denominator = centred.reduce((sum, value) => sum + value * value, 0);
  if (denominator === 0) return undefined;
  const acf = (lag: number) => {
    let sum = 0;
    for (let index = lag; index < n; index += 1) sum += centred[index]! * centred[index - lag]!;
    return sum / denominator;
  };
  let squares = 0;
  for (let lag = 1; lag < m; lag += 1) squares += acf(lag) ** 2;
  const limit = normalMultiplier(0.9) * Math.sqrt((1 + 2 * squares) / n);
  if (Math.abs(acf(m)) <= limit) return undefined;
  // Classical decomposition: ratio to a centred moving average of one season.
  const ratios: number[][] = Array.from({ length: m }, () => []);
  const half = Math.floor(m / 2);
  for (let index = half; index < n - half; index += 1) {
    let sum = 0;
    if (m % 2 === 1) {
      for (let offset = -half; offset <= half; offset += 1) sum += values[index + offset]!;
      sum /= m;
    } else {
      for (let offset = -half + 1; offset < half; offset += 1) sum += values[index + offset]!;
      sum = (sum + (values[index - half]! + values[index + half]!) / 2) / m;
    }
    ratios[index % m]!.push(values[index]! / sum);
  }
  const raw = ratios.map((list) => (list.length > 0 ? list.reduce((sum, value) => sum + value, 0) / list.length : 1));
  const average = raw.reduce((sum, value) => sum + value, 0) / m;
  return raw.map((value) => value / average);
}

function sesRun(values: readonly number[], alpha: number): { sse: number; level: number } {
  let level = values[0]!;
  let sse = 0;
  for (let index = 1; index < values.length; index += 1) {
    const error = values[index]! - level;
    sse += error * error;
    level += alpha * error;
  }
  return { sse, level };
}

/**
 * The standard Theta method (Assimakopoulos & Nikolopoulos 2000, in Hyndman & Billah's form): simple
 * exponential smoothing plus half the slope of the linear trend, after a multiplicative seasonal adjustment
 * when the seasonality test passes.
 */
export const thetaCore: ModelCore = (values, horizon, context) => {
  const n = values.length;
  if (n < 4) {
    const output = driftCore(values, horizon, context);
    return { ...output, fit: 0.3, warnings: ["fewer than 4 points: Theta fell back to drift"] };
  }
  const m = Math.max(1, Math.floor(context.seasonality));
  const indices = seasonalIndices(values, m);
  const adjusted = indices ? values.map((value, index) => value / indices[index % m]!) : [...values];
  const meanT = (n - 1) / 2;
  const meanY = adjusted.reduce((sum, value) => sum + value, 0) / n;
  let numerator = 0;
  let denominator = 0;
  adjusted.forEach((value, index) => {
    numerator += (index - meanT) * (value - meanY);
    denominator += (index - meanT) ** 2;
  });
  const slope = numerator / denominator;
  const [alpha] = minimizeInBox(([a]) => sesRun(adjusted, a!).sse, [0.01], [0.99], [0.1, 0.3, 0.5, 0.7, 0.9]) as [number];
  const { sse, level } = sesRun(adjusted, alpha);
  const sigma = Math.sqrt(sse / Math.max(1, n - 2));
  const tail = (1 - (1 - alpha) ** n) / alpha;
  const path: number[] = [];
  const scale: number[] = [];
  for (let step = 1; step <= horizon; step += 1) {
    const seasonal = indices ? indices[(n + step - 1) % m]! : 1;
    path.push((level + (slope / 2) * (step - 1 + tail)) * seasonal);
    scale.push(sigma * Math.sqrt(1 + alpha * alpha * (step - 1)) * seasonal);
  }
  return { path, scale, fit: n >= 10 ? 0.7 : 0.5, warnings: [] };
};

/** Theta-method forecaster (SES with half the linear-trend slope; seasonal adjustment when the test passes). */
export function createThetaForecaster(settings: ForecasterSettings = {}): Forecaster {
  return createModelForecaster("theta", thetaCore, settings, 1);
}
