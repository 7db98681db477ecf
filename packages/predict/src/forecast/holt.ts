import type { Forecaster } from "@undercurrent/core";
import { driftCore } from "./baselines.js";
import { createModelForecaster, type ForecasterSettings, type ModelCore } from "./model.js";
import { minimizeInBox } from "./optimize.js";

/** Fitted parameters and final states of an additive damped-trend ETS(A,Ad,N). */
export interface DampedHoltFit {
  alpha: number;
  beta: number;
  phi: number;
  level: number;
  trend: number;
  sigma: number;
}

function initialTrend(values: readonly number[]): number {
  const count = Math.min(4, values.length - 1);
  return (values[count]! - values[0]!) / count;
}

/** One pass of the error-correction recursions; returns the sum of squared one-step errors and the final states. */
function run(values: readonly number[], alpha: number, beta: number, phi: number): { sse: number; level: number; trend: number } {
  let trend = initialTrend(values);
  let level = values[0]! - phi * trend;
  let sse = 0;
  for (const value of values) {
    const predicted = level + phi * trend;
    const error = value - predicted;
    sse += error * error;
    level = predicted + alpha * error;
    trend = phi * trend + beta * error;
  }
  return { sse, level, trend };
}

/**
 * Fits ETS(A,Ad,N) (Gardner–McKenzie damped Holt) by least squares: α in [0.01, 0.99], β = α·β* with β* in
 * [0.01, 0.99], φ in [0.8, 0.98] (the bounds statsmodels uses).
 */
export function fitDampedHolt(values: readonly number[]): DampedHoltFit {
  const [alpha, betaShare, phi] = minimizeInBox(
    ([a, b, p]) => run(values, a!, a! * b!, p!).sse,
    [0.01, 0.01, 0.8],
    [0.99, 0.99, 0.98],
    [0.05, 0.3, 0.6, 0.9],
  ) as [number, number, number];
  const beta = alpha * betaShare;
  const { sse, level, trend } = run(values, alpha, beta, phi);
  return { alpha, beta, phi, level, trend, sigma: Math.sqrt(sse / Math.max(1, values.length - 3)) };
}

/** Additive damped-trend exponential smoothing; drift below 4 points. */
export const dampedHoltCore: ModelCore = (values, horizon, context) => {
  if (values.length < 4) {
    const output = driftCore(values, horizon, context);
    return { ...output, fit: 0.3, warnings: ["fewer than 4 points: damped Holt fell back to drift"] };
  }
  const fit = fitDampedHolt(values);
  const path: number[] = [];
  const scale: number[] = [];
  let phiSum = 0;
  let variance = 1;
  let power = 1;
  for (let step = 1; step <= horizon; step += 1) {
    power *= fit.phi;
    phiSum += power;
    path.push(fit.level + phiSum * fit.trend);
    scale.push(fit.sigma * Math.sqrt(variance));
    const c = fit.alpha + fit.beta * phiSum;
    variance += c * c;
  }
  return { path, scale, fit: values.length >= 10 ? 0.7 : 0.5, warnings: [] };
};

/** Damped Holt / ETS(A,Ad,N) forecaster with α, β and φ fitted by least squares. */
export function createDampedHoltForecaster(settings: ForecasterSettings = {}): Forecaster {
  return createModelForecaster("damped-holt", dampedHoltCore, settings, 1);
}
