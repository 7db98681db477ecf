import type { Forecast, Forecaster, ForecastOptions, ForecastPoint, SeriesPoint } from "@undercurrent/core";
import { checkForecastOptions, type PreparedSeries, prepareSeries } from "./series.js";

/** What a model core knows besides the values. */
export interface ModelContext {
  /** Season length in steps (7 for daily data, 24 for hourly), 1 for none. */
  seasonality: number;
}

/** A peak estimate in steps relative to the last observed value (0 = last value, 1 = first forecast step). */
export interface PeakEstimate {
  step: number;
  value: number;
  /** 80% interval of the peak step, when the model has one. */
  lowerStep?: number;
  upperStep?: number;
}

/** The raw output of a model: a path `horizon` long, a standard deviation per step, and optional peak facts. */
export interface ModelOutput {
  path: number[];
  /** Standard deviation of the forecast error per step (normal intervals). */
  scale: number[];
  peak?: PeakEstimate;
  /** Steps for the signal to halve after its peak (above its baseline). */
  halfLifeSteps?: number;
  /** 0–1: how well the model fits the history. */
  fit: number;
  warnings: string[];
}

/**
 * A model's core: forecasts `horizon` steps from evenly spaced finite values (at least one). Pure and fast: the
 * ensemble and the backtest call it many times per series.
 */
export type ModelCore = (values: readonly number[], horizon: number, context: ModelContext) => ModelOutput;

/** Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(probability: number): number {
  const p = Math.min(1 - 1e-12, Math.max(1e-12, probability));
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/** Two-sided normal multiplier of a central interval, e.g. 1.2816 for 0.8. */
export function normalMultiplier(level: number): number {
  return normalQuantile(0.5 + level / 2);
}

/** A finite number or the fallback. */
export function finiteOr(value: number, fallback: number): number {
  return Number.isFinite(value) ? value : fallback;
}

/** Per-level half widths of each step: `multiplier(level) × scale[step]` unless the caller gives its own. */
export type HalfWidths = (level: number, step: number) => number;

/** Settings shared by every forecaster factory. */
export interface ForecasterSettings {
  /** Season length in steps; default from the series spacing (7 for daily, 24 for hourly, else 1). */
  seasonality?: number;
}

const hourMs = 60 * 60 * 1000;

/** Season length from the spacing: a week of days, a day of hours, else none. */
export function defaultSeasonality(stepMs: number): number {
  if (Math.abs(stepMs - 24 * hourMs) < 1000) return 7;
  if (Math.abs(stepMs - hourMs) < 1000) return 24;
  return 1;
}

/** Status of a trend from the full path (history then forecast) and the peak position. */
export function statusOf(values: readonly number[], path: readonly number[], peakStep: number): Forecast["status"] {
  const last = values[values.length - 1]!;
  const baseline = Math.min(...values.slice(Math.max(0, values.length - episodeLength(path.length))));
  const peakValue = Math.max(last, ...path);
  if (peakStep > 2) {
    return last - baseline < 0.25 * (peakValue - baseline) ? "emerging" : "rising";
  }
  if (peakStep >= -1) return "peaking";
  return "declining";
}

/**
 * How many recent observations belong to the current episode when looking for a peak: at least 14, or two
 * horizons. An older maximum (last year's spike) is not this trend's peak.
 */
export function episodeLength(horizon: number): number {
  return Math.max(14, 2 * horizon);
}

/**
 * Peak of the current episode as a step relative to the last observation (≤ 0: already observed), and where the
 * signal halves after it. The episode is the last {@link episodeLength} observations then the path. While the last
 * value is within 20% of the episode's maximum the trend is taken to be at or before its peak, so only the last
 * value and the path are searched; once it has fallen further, the observed maximum counts.
 */
export function empiricalPeak(values: readonly number[], path: readonly number[]): { step: number; value: number; halfLifeSteps?: number } {
  const recent = values.slice(Math.max(0, values.length - episodeLength(path.length)));
  const last = recent[recent.length - 1]!;
  const recentMax = Math.max(...recent);
  const start = last >= recentMax - 0.2 * Math.abs(recentMax) ? recent.length - 1 : 0;
  const all = [...recent, ...path];
  let best = start;
  for (let index = start + 1; index < all.length; index += 1) if (all[index]! > all[best]!) best = index;
  const baseline = Math.min(...recent);
  const half = baseline + (all[best]! - baseline) / 2;
  let halfLifeSteps: number | undefined;
  if (all[best]! > baseline) {
    for (let index = best + 1; index < all.length; index += 1) {
      if (all[index]! <= half) {
        const previous = all[index - 1]!;
        const share = previous === all[index] ? 0 : (previous - half) / (previous - all[index]!);
        halfLifeSteps = index - 1 - best + share;
        break;
      }
    }
  }
  return {
    step: best - (recent.length - 1),
    value: all[best]!,
    ...(halfLifeSteps !== undefined && halfLifeSteps > 0 ? { halfLifeSteps } : {}),
  };
}

/** Turns a model output into the core `Forecast` shape: dates, intervals, peak, status, confidence, warnings. */
export function toForecast(
  model: string,
  series: PreparedSeries,
  output: ModelOutput,
  levels: readonly number[],
  halfWidths?: HalfWidths,
): Forecast {
  const { values, stepMs, lastAt, nonNegative } = series;
  const last = values[values.length - 1]!;
  const clamp = (value: number) => (nonNegative ? Math.max(0, value) : value);
  const path = output.path.map((value) => clamp(finiteOr(value, last)));
  const width: HalfWidths = halfWidths ?? ((level, step) => normalMultiplier(level) * finiteOr(Math.abs(output.scale[step] ?? 0), 0));
  const points: ForecastPoint[] = path.map((value, step) => ({
    at: new Date(lastAt + (step + 1) * stepMs),
    value,
    intervals: levels.map((level) => {
      const half = finiteOr(width(level, step), 0);
      const lower = clamp(value - half);
      return { level, lower: Math.min(lower, value), upper: Math.max(value + half, value) };
    }),
  }));
  const empirical = empiricalPeak(values, path);
  const peak = output.peak && Number.isFinite(output.peak.step) && Number.isFinite(output.peak.value) ? output.peak : empirical;
  const peakStep = Math.round(peak.step * 1000) / 1000;
  const toTime = (step: number) => new Date(lastAt + step * stepMs);
  const peakAt = toTime(peakStep);
  const lowerStep = output.peak?.lowerStep;
  const upperStep = output.peak?.upperStep;
  const timeInterval =
    lowerStep !== undefined && upperStep !== undefined && Number.isFinite(lowerStep) && Number.isFinite(upperStep)
      ? { level: 0.8, lower: lastAt + Math.min(lowerStep, peakStep) * stepMs, upper: lastAt + Math.max(upperStep, peakStep) * stepMs }
      : undefined;
  const halfLifeSteps = output.halfLifeSteps ?? empirical.halfLifeSteps;
  const warnings = [...series.warnings, ...output.warnings];
  const confidence = Math.min(1, Math.max(0, finiteOr(series.quality * output.fit, 0)));
  return {
    model,
    points,
    peak: {
      at: peakAt,
      value: clamp(finiteOr(peak.value, last)),
      ...(timeInterval ? { timeInterval } : {}),
      observed: peakStep <= 0,
    },
    status: statusOf(values, path, peakStep),
    ...(halfLifeSteps !== undefined && Number.isFinite(halfLifeSteps) && halfLifeSteps > 0
      ? { declineHalfLifeHours: (halfLifeSteps * stepMs) / hourMs }
      : {}),
    confidence,
    warnings,
  };
}

/** A flat forecast at the last value, for input too short for any model. */
export function flatOutput(values: readonly number[], horizon: number, warning?: string): ModelOutput {
  const last = values[values.length - 1]!;
  const spread = values.length > 1 ? Math.max(...values) - Math.min(...values) : Math.abs(last) * 0.5 + 1;
  return {
    path: new Array<number>(horizon).fill(last),
    scale: Array.from({ length: horizon }, (_, step) => (spread / 2) * Math.sqrt(step + 1)),
    fit: 0.2,
    warnings: warning ? [warning] : [],
  };
}

/**
 * Wraps a model core in the core `Forecaster` contract: validates options, prepares the series (repairing or
 * rejecting bad input), runs the core, and builds the `Forecast`.
 */
export function createModelForecaster(id: string, core: ModelCore, settings: ForecasterSettings = {}, minimumPoints = 2): Forecaster {
  const context = `${id}.forecast`;
  return {
    specVersion: "v1",
    id,
    async forecast(points: readonly SeriesPoint[], options: ForecastOptions): Promise<Forecast> {
      options?.signal?.throwIfAborted();
      const { horizon, levels } = checkForecastOptions(options, context);
      const series = prepareSeries(points, context);
      const seasonality = settings.seasonality ?? defaultSeasonality(series.stepMs);
      const output =
        series.values.length < minimumPoints
          ? flatOutput(series.values, horizon, `${id} needs ${minimumPoints} points: flat forecast`)
          : core(series.values, horizon, { seasonality });
      return toForecast(id, series, output, levels);
    },
  } satisfies Forecaster;
}
