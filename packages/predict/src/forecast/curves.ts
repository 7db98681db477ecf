import { ConfigError, type Forecaster } from "@undercurrent/core";
import { levenbergMarquardt } from "ml-levenberg-marquardt";
import { Matrix, pseudoInverse } from "ml-matrix";
import { type CurveFamily, type CurveFamilyId, curveFamilies, curveValue } from "./curve-families.js";
import { dampedHoltCore } from "./holt.js";
import { createModelForecaster, type ForecasterSettings, type ModelCore, type ModelOutput, normalMultiplier } from "./model.js";

/** The least number of points a curve is fitted to; shorter series fall back to damped Holt. */
export const minimumCurvePoints = 6;
/** Curves are fitted to at most this many recent points: a pulse is local, and older history only slows the fit. */
export const maximumCurvePoints = 120;

/** A fitted curve on the normalised axes (time / n, value / scale). */
export interface CurveFit {
  family: CurveFamily;
  parameters: number[];
  /** Sum of squared residuals on the normalised values. */
  sse: number;
  /** Small-sample Akaike criterion, for choosing a family. */
  aicc: number;
  /** Covariance of the parameters (normalised units), when the Jacobian is well-conditioned. */
  covariance?: Matrix;
}

function sumOfSquares(family: CurveFamily, parameters: readonly number[], xs: readonly number[], ys: readonly number[]): number {
  let sse = 0;
  for (let index = 0; index < xs.length; index += 1) {
    const residual = ys[index]! - curveValue(family, parameters, xs[index]!);
    sse += residual * residual;
  }
  return sse;
}

function gradient(family: CurveFamily, parameters: readonly number[], x: number, bounds: readonly (readonly [number, number])[]): number[] {
  return parameters.map((value, index) => {
    const step = 1e-5 * Math.max(1, Math.abs(value));
    const up = [...parameters];
    const down = [...parameters];
    up[index] = Math.min(bounds[index]![1], value + step);
    down[index] = Math.max(bounds[index]![0], value - step);
    const width = up[index]! - down[index]!;
    return width > 0 ? (curveValue(family, up, x) - curveValue(family, down, x)) / width : 0;
  });
}

/**
 * Fits one family to normalised points by Levenberg–Marquardt (ml-levenberg-marquardt) from a few starting
 * peaks (the observed maximum and points beyond the end), keeping the lowest squared error.
 */
export function fitCurve(family: CurveFamily, xs: readonly number[], ys: readonly number[], futureSpan: number): CurveFit {
  const n = xs.length;
  const low = Math.min(...ys);
  const high = Math.max(...ys);
  const range = Math.max(high - low, 1e-6);
  let argmax = 0;
  for (let index = 1; index < n; index += 1) if (ys[index]! > ys[argmax]!) argmax = index;
  const bounds: [number, number][] = [
    [low - range, high],
    [0, 20 * range + 1e-6],
    [-0.5, 1 + futureSpan],
    [0.5 / n, 3],
    ...family.extraBounds.map(([a, b]) => [a, b] as [number, number]),
  ];
  const lastX = xs[n - 1]!;
  const peakStarts = argmax < n - 2 ? [xs[argmax]!, lastX + futureSpan / 2] : [lastX + futureSpan / 4, lastX + futureSpan];
  let best: CurveFit | undefined;
  for (const tp of peakStarts) {
    const width = Math.max(0.05, Math.min(0.5, Math.abs(tp - xs[0]!) / 2));
    const start = [low, Math.max(range, high - low), tp, width, ...family.extraStart];
    const result = levenbergMarquardt({ x: xs, y: ys }, (parameters) => (x) => curveValue(family, parameters, x), {
      initialValues: start,
      minValues: bounds.map(([a]) => a),
      maxValues: bounds.map(([, b]) => b),
      damping: 0.01,
      gradientDifference: 1e-4,
      centralDifference: true,
      maxIterations: 25,
      errorTolerance: 1e-10,
    });
    const parameters = result.parameterValues.map((value, index) => (Number.isFinite(value) ? value : start[index]!));
    const sse = sumOfSquares(family, parameters, xs, ys);
    if (!best || sse < best.sse) {
      const p = family.size;
      const aicc = n * Math.log(Math.max(sse, 1e-12) / n) + 2 * p + (n - p - 1 > 0 ? (2 * p * (p + 1)) / (n - p - 1) : 1e6);
      best = { family, parameters, sse, aicc };
    }
  }
  const fit = best!;
  // Parameter covariance s²(JᵀJ)⁻¹ for the peak-time interval and the path's uncertainty.
  const p = family.size;
  if (n > p) {
    const jacobian = new Matrix(xs.map((x) => gradient(family, fit.parameters, x, bounds)));
    const information = jacobian.transpose().mmul(jacobian);
    const inverse = pseudoInverse(information);
    const covariance = inverse.mul(fit.sse / (n - p));
    if (covariance.to1DArray().every(Number.isFinite)) fit.covariance = covariance;
  }
  return fit;
}

/** Half-life on the normalised axis: distance after `tp` at which the pulse is half its height. */
function halfLife(fit: CurveFit, horizonX: number): number | undefined {
  const tp = fit.parameters[2]!;
  const shapeAt = (delta: number) => fit.family.shape(fit.parameters, tp + delta);
  let high = 1e-3;
  while (shapeAt(high) > 0.5 && high < horizonX * 50 + 10) high *= 2;
  if (shapeAt(high) > 0.5) return undefined;
  let low = 0;
  for (let round = 0; round < 40; round += 1) {
    const middle = (low + high) / 2;
    if (shapeAt(middle) > 0.5) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/** Forecast from a fitted curve in the series' own units. */
function curveOutput(fit: CurveFit, values: readonly number[], horizon: number, scale: number): ModelOutput {
  const n = values.length;
  const { family, parameters, covariance } = fit;
  const sigma = Math.sqrt(fit.sse / Math.max(1, n - family.size));
  const unbounded = parameters.map(() => [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY] as [number, number]);
  const path: number[] = [];
  const pathScale: number[] = [];
  for (let step = 1; step <= horizon; step += 1) {
    const x = (n - 1 + step) / n;
    path.push(curveValue(family, parameters, x) * scale);
    let variance = sigma * sigma;
    if (covariance) {
      const gm = Matrix.rowVector(gradient(family, parameters, x, unbounded));
      variance += Math.max(0, gm.mmul(covariance).mmul(gm.transpose()).get(0, 0));
    }
    pathScale.push(Math.sqrt(variance) * scale);
  }
  const peakStep = parameters[2]! * n - (n - 1);
  const peakSd = covariance ? Math.sqrt(Math.max(0, covariance.get(2, 2))) * n : Number.NaN;
  const z = normalMultiplier(0.8);
  const halfLifeX = halfLife(fit, horizon / n);
  const mean = values.reduce((sum, value) => sum + value, 0) / n;
  const total = values.reduce((sum, value) => sum + (value / scale - mean / scale) ** 2, 0);
  const r2 = total > 0 ? 1 - fit.sse / total : 0;
  const warnings: string[] = [];
  if (peakStep > horizon * 3) warnings.push(`${family.id}: peak far beyond the horizon (${peakStep.toFixed(1)} steps)`);
  return {
    path,
    scale: pathScale,
    peak: {
      step: peakStep,
      value: (parameters[0]! + parameters[1]!) * scale,
      ...(Number.isFinite(peakSd) ? { lowerStep: peakStep - z * peakSd, upperStep: peakStep + z * peakSd } : {}),
    },
    ...(halfLifeX !== undefined ? { halfLifeSteps: halfLifeX * n } : {}),
    fit: Math.max(0.05, Math.min(0.9, 0.2 + 0.7 * Math.max(0, r2))) * (peakStep > horizon * 3 ? 0.6 : 1),
    warnings,
  };
}

/** Which families a curve forecaster fits: one, or `auto` (all four, the lowest AICc kept). */
export type CurveChoice = CurveFamilyId | "auto";

/** Normalises a series and fits the chosen families; `undefined` when too short or flat. */
export function fitSeriesCurve(
  values: readonly number[],
  horizon: number,
  choice: CurveChoice,
): { fit: CurveFit; scale: number } | undefined {
  const n = values.length;
  if (n < minimumCurvePoints) return undefined;
  const scale = Math.max(...values.map(Math.abs));
  if (!(scale > 0) || values.every((value) => value === values[0])) return undefined;
  const xs = values.map((_, index) => index / n);
  const ys = values.map((value) => value / scale);
  const families = choice === "auto" ? Object.values(curveFamilies) : [curveFamilies[choice]];
  let best: CurveFit | undefined;
  for (const family of families) {
    const fit = fitCurve(family, xs, ys, Math.max(horizon, 3) / n);
    if (!best || fit.aicc < best.aicc) best = fit;
  }
  return best ? { fit: best, scale } : undefined;
}

/** The model core of a curve forecaster. */
export function curveCore(choice: CurveChoice): ModelCore {
  return (allValues, horizon, context) => {
    const values = allValues.length > maximumCurvePoints ? allValues.slice(allValues.length - maximumCurvePoints) : allValues;
    const fitted = fitSeriesCurve(values, horizon, choice);
    if (!fitted) {
      const output = dampedHoltCore(values, horizon, context);
      return {
        ...output,
        fit: output.fit * 0.6,
        warnings: [...output.warnings, `curve needs ${minimumCurvePoints} non-constant points: damped Holt forecast`],
      };
    }
    const output = curveOutput(fitted.fit, values, horizon, fitted.scale);
    return choice === "auto" ? { ...output, warnings: [...output.warnings, `curve family: ${fitted.fit.family.id}`] } : output;
  };
}

/** Options of {@link createCurveForecaster}. */
export interface CurveForecasterOptions extends ForecasterSettings {
  /** `log-logistic`, `gompertz`, `gamma`, `bass`, or `auto` (default: all four, lowest AICc). */
  family?: CurveChoice;
}

/**
 * Growth-and-decay curve forecaster: fits a pulse (log-logistic, Gompertz, gamma or Bass diffusion rate plus
 * a baseline) by Levenberg–Marquardt and extrapolates it. Gives the peak time with an 80% interval from the
 * parameter covariance, the peak height, the decline half-life and the status.
 */
export function createCurveForecaster(options: CurveForecasterOptions = {}): Forecaster {
  const family = options.family ?? "auto";
  if (family !== "auto" && !(family in curveFamilies)) {
    throw new ConfigError({
      context: "createCurveForecaster",
      issues: [{ path: "options.family", message: `expected auto, ${Object.keys(curveFamilies).join(", ")}; received ${String(family)}` }],
    });
  }
  return createModelForecaster(family === "auto" ? "curve" : family, curveCore(family), options, 1);
}
