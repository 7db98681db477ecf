import type { Forecaster } from "@undercurrent/core";
import { createModelForecaster, type ForecasterSettings, flatOutput, type ModelCore } from "./model.js";

function residualSd(residuals: readonly number[]): number {
  if (residuals.length === 0) return 0;
  let sum = 0;
  for (const residual of residuals) sum += residual * residual;
  return Math.sqrt(sum / residuals.length);
}

/** Naive: every future value equals the last one; error grows with √h. */
export const naiveCore: ModelCore = (values, horizon) => {
  if (values.length < 2) return flatOutput(values, horizon);
  const last = values[values.length - 1]!;
  const sigma = residualSd(values.slice(1).map((value, index) => value - values[index]!));
  return {
    path: new Array<number>(horizon).fill(last),
    scale: Array.from({ length: horizon }, (_, step) => sigma * Math.sqrt(step + 1)),
    fit: 0.5,
    warnings: [],
  };
};

/** Seasonal naive: the value one season earlier; falls back to naive with fewer than two seasons. */
export const seasonalNaiveCore: ModelCore = (values, horizon, context) => {
  const m = Math.max(1, Math.floor(context.seasonality));
  if (m < 2 || values.length < 2 * m) {
    const output = naiveCore(values, horizon, context);
    return m >= 2 ? { ...output, warnings: [`fewer than two seasons of ${m} steps: naive forecast`] } : output;
  }
  const sigma = residualSd(values.slice(m).map((value, index) => value - values[index]!));
  const n = values.length;
  return {
    path: Array.from({ length: horizon }, (_, step) => values[n - m + (step % m)]!),
    scale: Array.from({ length: horizon }, (_, step) => sigma * Math.sqrt(Math.floor(step / m) + 1)),
    fit: 0.5,
    warnings: [],
  };
};

/** Drift: the line from the first to the last value, extended (random walk with drift). */
export const driftCore: ModelCore = (values, horizon) => {
  const n = values.length;
  if (n < 2) return flatOutput(values, horizon);
  const slope = (values[n - 1]! - values[0]!) / (n - 1);
  const sigma = residualSd(values.slice(1).map((value, index) => value - values[index]! - slope));
  return {
    path: Array.from({ length: horizon }, (_, step) => values[n - 1]! + slope * (step + 1)),
    scale: Array.from({ length: horizon }, (_, step) => sigma * Math.sqrt((step + 1) * (1 + (step + 1) / Math.max(1, n - 1)))),
    fit: 0.5,
    warnings: [],
  };
};

/** Naive forecaster: the last value carried forward, intervals widening with √h. */
export function createNaiveForecaster(settings: ForecasterSettings = {}): Forecaster {
  return createModelForecaster("naive", naiveCore, settings, 1);
}

/** Seasonal-naive forecaster: the value one season back (season from `seasonality` or the spacing). */
export function createSeasonalNaiveForecaster(settings: ForecasterSettings = {}): Forecaster {
  return createModelForecaster("seasonal-naive", seasonalNaiveCore, settings, 1);
}

/** Drift forecaster: the straight line through the first and last values, extended. */
export function createDriftForecaster(settings: ForecasterSettings = {}): Forecaster {
  return createModelForecaster("drift", driftCore, settings, 1);
}
