import { ConfigError, type Forecaster } from "@undercurrent/core";
import { curveFamilies, curveValue } from "./curve-families.js";
import { dampedHoltCore } from "./holt.js";
import { createModelForecaster, type ForecasterSettings, type ModelCore } from "./model.js";

/** How many steps of recent history are matched, by default. */
export const defaultAnalogueWindow = 10;

/**
 * A default library of 64 synthetic trend shapes: the four curve families (log-logistic, Gompertz, gamma,
 * Bass) at several widths and skews, each 120 steps with the peak at step 60. Real past trends (your own
 * series) make better analogues; pass them as `library`.
 */
export function syntheticShapeLibrary(): number[][] {
  const shapes: number[][] = [];
  const length = 120;
  for (const family of Object.values(curveFamilies)) {
    for (const width of [3, 6, 12, 24]) {
      for (const extra of family.extraBounds.length > 0 ? [0.15, 0.35, 0.6, 0.85] : [0, 0, 0, 0]) {
        const bounds = family.extraBounds[0];
        const parameters = [0.02, 1, 60, width, ...(bounds ? [bounds[0] + extra * (bounds[1] - bounds[0])] : [])];
        shapes.push(Array.from({ length }, (_, step) => curveValue(family, parameters, step)));
      }
    }
  }
  return shapes;
}

/** Options of the analogue model. */
export interface AnalogueOptions {
  /** Past series (any length, any scale), oldest value first. Default {@link syntheticShapeLibrary}. */
  library?: readonly (readonly number[])[];
  /** Steps of recent history matched against the library (default 10). */
  window?: number;
  /** How many nearest analogues are averaged (default 10). */
  neighbours?: number;
}

interface Match {
  distance: number;
  continuation: number[];
}

/**
 * Nonparametric analogue forecasting (the idea behind Nikolov & Shah's trend detector): the last `window`
 * values, divided by their maximum, are compared with every same-length stretch of every library series
 * (divided likewise); the continuations of the nearest stretches, weighted by exp(−distance / τ), give the path
 * and its spread.
 */
export function analogueCore(options: AnalogueOptions = {}): ModelCore {
  const library = options.library ?? syntheticShapeLibrary();
  const windowLength = options.window ?? defaultAnalogueWindow;
  const neighbours = options.neighbours ?? 10;
  return (values, horizon, context) => {
    const w = Math.min(windowLength, values.length);
    const query = values.slice(values.length - w);
    const queryScale = Math.max(...query.map(Math.abs));
    const fallback = (reason: string) => {
      const output = dampedHoltCore(values, horizon, context);
      return { ...output, fit: output.fit * 0.6, warnings: [...output.warnings, `analogue: ${reason}: damped Holt forecast`] };
    };
    if (w < 4) return fallback("fewer than 4 points");
    if (!(queryScale > 0)) return fallback("all recent values are zero");
    const normalisedQuery = query.map((value) => value / queryScale);
    const matches: Match[] = [];
    let worstKept = Number.POSITIVE_INFINITY;
    for (const series of library) {
      for (let offset = 0; offset + w + horizon <= series.length; offset += 1) {
        let scale = 0;
        for (let index = 0; index < w; index += 1) scale = Math.max(scale, Math.abs(series[offset + index]!));
        if (!(scale > 0) || !Number.isFinite(scale)) continue;
        let sum = 0;
        for (let index = 0; index < w; index += 1) sum += (normalisedQuery[index]! - series[offset + index]! / scale) ** 2;
        const distance = Math.sqrt(sum / w);
        if (!Number.isFinite(distance)) continue;
        if (matches.length >= neighbours && distance >= worstKept) continue;
        const continuation: number[] = [];
        for (let step = 0; step < horizon; step += 1) continuation.push(series[offset + w + step]! / scale);
        if (!continuation.every(Number.isFinite)) continue;
        matches.push({ distance, continuation });
        if (matches.length > neighbours) {
          matches.sort((a, b) => a.distance - b.distance);
          matches.length = neighbours;
        }
        worstKept = matches.length >= neighbours ? Math.max(...matches.map((match) => match.distance)) : Number.POSITIVE_INFINITY;
      }
    }
    if (matches.length === 0) return fallback(`no library stretch of ${w + horizon} steps`);
    matches.sort((a, b) => a.distance - b.distance);
    const tau = Math.max(1e-3, matches[Math.floor(matches.length / 2)]!.distance);
    const weights = matches.map((match) => Math.exp(-match.distance / tau));
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    const path: number[] = [];
    const scale: number[] = [];
    for (let step = 0; step < horizon; step += 1) {
      let mean = 0;
      matches.forEach((match, index) => {
        mean += (weights[index]! / total) * match.continuation[step]!;
      });
      let variance = 0;
      matches.forEach((match, index) => {
        variance += (weights[index]! / total) * (match.continuation[step]! - mean) ** 2;
      });
      path.push(mean * queryScale);
      // The spread of the analogues plus the match error itself.
      scale.push(Math.sqrt(variance + matches[0]!.distance ** 2) * queryScale);
    }
    return { path, scale, fit: Math.max(0.1, Math.min(0.8, 0.8 - matches[0]!.distance)), warnings: [] };
  };
}

/** Options of {@link createAnalogueForecaster}. */
export interface AnalogueForecasterOptions extends AnalogueOptions, ForecasterSettings {}

/** Analogue forecaster: continues the series like the most similar stretches of past series in `library`. */
export function createAnalogueForecaster(options: AnalogueForecasterOptions = {}): Forecaster {
  const window = options.window ?? defaultAnalogueWindow;
  if (!Number.isInteger(window) || window < 4) {
    throw new ConfigError({
      context: "createAnalogueForecaster",
      issues: [{ path: "options.window", message: `expected an integer ≥ 4, received ${String(window)}` }],
    });
  }
  const neighbours = options.neighbours ?? 10;
  if (!Number.isInteger(neighbours) || neighbours < 1) {
    throw new ConfigError({
      context: "createAnalogueForecaster",
      issues: [{ path: "options.neighbours", message: `expected an integer ≥ 1, received ${String(neighbours)}` }],
    });
  }
  if (options.library !== undefined && !Array.isArray(options.library)) {
    throw new ConfigError({
      context: "createAnalogueForecaster",
      issues: [{ path: "options.library", message: "expected an array of number arrays" }],
    });
  }
  return createModelForecaster("analogue", analogueCore(options), options, 1);
}
