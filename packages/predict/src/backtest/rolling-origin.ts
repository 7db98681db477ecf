import { ConfigError, type Forecast, type Forecaster, type SeriesPoint, ValidationError } from "@undercurrent/core";
import { intervalCoverage, mase, median, msle, peakHitRate, smape } from "./metrics.js";

/** Options of {@link backtest}. */
export interface BacktestOptions {
  /** Steps ahead of every forecast. */
  horizon: number;
  /** Points before the first origin (default `max(8, 2 × horizon)`). */
  minTrain?: number;
  /** Steps between origins (default 1). */
  step?: number;
  /** Interval levels to score (default `[0.8, 0.95]`). */
  levels?: readonly number[];
  /** Season length of the MASE scale (default 1: the naive forecast). */
  seasonality?: number;
  /** Peak-hit tolerance in steps (default 1). */
  peakTolerance?: number;
  signal?: AbortSignal;
}

/** One forecast of a rolling-origin backtest and its scores. */
export interface BacktestRecord {
  /** Index of the first forecast step in the series (the history is `points[0 .. origin)`). */
  origin: number;
  actual: number[];
  predicted: number[];
  /** Per level (as a string, e.g. `"0.8"`), lower and upper bounds per step. */
  intervals: Record<string, { lower: number[]; upper: number[] }>;
  mase: number;
  smape: number;
  msle: number;
  /**
   * Predicted minus actual peak time, in steps, when the series' overall peak lies inside this forecast's
   * horizon and after its last observation (a forecast made in the rising phase).
   */
  peakError?: number;
  confidence: number;
}

/** Scores of a rolling-origin backtest, pooled over its forecasts. */
export interface BacktestSummary {
  model: string;
  forecasts: number;
  /** Mean MASE over forecasts with a defined scale. */
  mase: number;
  /** Mean sMAPE in percent. */
  smape: number;
  /** Mean MSLE. */
  msle: number;
  /** Share of actual values inside the interval, per level (`"0.8"` → 0.79). */
  coverage: Record<string, number>;
  /** Median absolute peak-time error in steps over rising-phase forecasts (`NaN` without any). */
  peakTimeError: number;
  /** Share of rising-phase forecasts with the peak within ±`peakTolerance` steps. */
  peakHitRate: number;
  /** Rising-phase forecasts scored for the peak. */
  peakForecasts: number;
}

/** A backtest's records and their summary. */
export interface BacktestResult extends BacktestSummary {
  records: BacktestRecord[];
}

/**
 * Scores one forecast against what happened: MASE (scaled by the history's naive error), sMAPE, MSLE, the
 * interval bounds per level, and the peak-time error when the series' peak (`peakIndex`) lies in the horizon.
 */
export function scoreForecast(
  values: readonly number[],
  origin: number,
  forecast: Pick<Forecast, "points" | "peak" | "confidence">,
  options: { seasonality?: number; stepMs: number; lastAt: number; peakIndex?: number },
): BacktestRecord {
  const horizon = forecast.points.length;
  const actual = values.slice(origin, origin + horizon);
  const predicted = forecast.points.slice(0, actual.length).map((point) => point.value);
  const history = values.slice(0, origin);
  const intervals: BacktestRecord["intervals"] = {};
  for (const point of forecast.points.slice(0, actual.length)) {
    for (const interval of point.intervals) {
      const key = String(interval.level);
      const entry = (intervals[key] ??= { lower: [], upper: [] });
      entry.lower.push(interval.lower);
      entry.upper.push(interval.upper);
    }
  }
  const record: BacktestRecord = {
    origin,
    actual,
    predicted,
    intervals,
    mase: mase(actual, predicted, history, options.seasonality ?? 1),
    smape: smape(actual, predicted),
    msle: msle(actual, predicted),
    confidence: forecast.confidence,
  };
  const peakIndex = options.peakIndex;
  if (peakIndex !== undefined && peakIndex >= origin && peakIndex < origin + horizon && forecast.peak) {
    const predictedStep = (forecast.peak.at.getTime() - options.lastAt) / options.stepMs;
    record.peakError = origin - 1 + predictedStep - peakIndex;
  }
  return record;
}

/** Pools records into one summary. */
export function summarizeBacktest(model: string, records: readonly BacktestRecord[], peakTolerance = 1): BacktestSummary {
  const mean = (values: number[]) => {
    const finite = values.filter(Number.isFinite);
    return finite.length > 0 ? finite.reduce((sum, value) => sum + value, 0) / finite.length : Number.NaN;
  };
  const coverage: Record<string, number> = {};
  const levels = new Set(records.flatMap((record) => Object.keys(record.intervals)));
  for (const level of levels) {
    const actual: number[] = [];
    const lower: number[] = [];
    const upper: number[] = [];
    for (const record of records) {
      const bounds = record.intervals[level];
      if (!bounds) continue;
      actual.push(...record.actual.slice(0, bounds.lower.length));
      lower.push(...bounds.lower);
      upper.push(...bounds.upper);
    }
    coverage[level] = intervalCoverage(actual, lower, upper);
  }
  const peakErrors = records.flatMap((record) => (record.peakError === undefined ? [] : [record.peakError]));
  return {
    model,
    forecasts: records.length,
    mase: mean(records.map((record) => record.mase)),
    smape: mean(records.map((record) => record.smape)),
    msle: mean(records.map((record) => record.msle)),
    coverage,
    peakTimeError: median(peakErrors.map(Math.abs)),
    peakHitRate: peakHitRate(peakErrors, peakTolerance),
    peakForecasts: peakErrors.length,
  };
}

function checkInteger(value: number | undefined, name: string, minimum: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < minimum)) {
    throw new ConfigError({
      context: "backtest",
      issues: [{ path: `options.${name}`, message: `expected an integer ≥ ${minimum}, received ${String(value)}` }],
    });
  }
}

/**
 * Rolling-origin evaluation in time order: for each origin from `minTrain` on (every `step` points), the
 * forecaster sees only the points before the origin and forecasts `horizon` steps, scored against the points
 * that follow. The series should be evenly spaced (its own spacing is the step).
 */
export async function backtest(forecaster: Forecaster, points: readonly SeriesPoint[], options: BacktestOptions): Promise<BacktestResult> {
  checkInteger(options?.horizon, "horizon", 1);
  if (options?.horizon === undefined) {
    throw new ConfigError({ context: "backtest", issues: [{ path: "options.horizon", message: "expected an integer ≥ 1" }] });
  }
  checkInteger(options.minTrain, "minTrain", 1);
  checkInteger(options.step, "step", 1);
  const { horizon } = options;
  const minTrain = options.minTrain ?? Math.max(8, 2 * horizon);
  const step = options.step ?? 1;
  const levels = options.levels ?? [0.8, 0.95];
  if (!Array.isArray(points) || points.some((point) => typeof point?.value !== "number" || !Number.isFinite(point.value))) {
    throw new ValidationError({ context: "backtest", issues: [{ path: "points", message: "expected points with finite values" }] });
  }
  if (points.length < minTrain + 1) {
    throw new ValidationError({
      context: "backtest",
      issues: [{ path: "points", message: `expected at least ${minTrain + 1} points (minTrain + 1), received ${points.length}` }],
    });
  }
  const values = points.map((point) => point.value);
  const times = points.map((point) => new Date(point.at).getTime());
  let peakIndex = 0;
  values.forEach((value, index) => {
    if (value > values[peakIndex]!) peakIndex = index;
  });
  const records: BacktestRecord[] = [];
  for (let origin = minTrain; origin < values.length; origin += step) {
    options.signal?.throwIfAborted();
    const history = points.slice(0, origin);
    const forecast = await forecaster.forecast(history, { horizon, levels, ...(options.signal ? { signal: options.signal } : {}) });
    const stepMs = origin >= 2 ? times[origin - 1]! - times[origin - 2]! : 1;
    records.push(
      scoreForecast(values, origin, forecast, {
        stepMs: stepMs || 1,
        lastAt: times[origin - 1]!,
        peakIndex,
        ...(options.seasonality ? { seasonality: options.seasonality } : {}),
      }),
    );
  }
  return { ...summarizeBacktest(forecaster.id, records, options.peakTolerance ?? 1), records };
}
