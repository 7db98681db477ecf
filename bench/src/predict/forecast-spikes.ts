import type { Forecast, Forecaster } from "@undercurrent/core";
import {
  type BacktestRecord,
  type BacktestSummary,
  createAnalogueForecaster,
  createCurveForecaster,
  createDampedHoltForecaster,
  createDriftForecaster,
  createEnsembleForecaster,
  createMeanReversionForecaster,
  createNaiveForecaster,
  createSeasonalNaiveForecaster,
  createThetaForecaster,
  empiricalPeak,
  median,
  scoreForecast,
  summarizeBacktest,
} from "@undercurrent/predict";
import { dayMs } from "../loaders/load-result.js";
import { peakIndexOf, type SpikeSeries } from "./forecast-data.js";

/** Horizon of evaluation 3, in steps of each series (7 days for daily series). */
export const spikeHorizon = 7;
/** Points of history before the first origin. */
export const spikeMinTrain = 14;
/** Series longer than this are forecast from every 7th origin only (the two long bitcoin series). */
export const denseOriginLimit = 400;

/** One origin of one series: the history ends at `origin` (exclusive). */
export interface SpikeOrigin {
  series: SpikeSeries;
  origin: number;
  /** Whether the series' overall peak is inside this forecast's horizon (a rising-phase forecast). */
  rising: boolean;
}

/** The forecast origins of evaluation 3, in time order within each series. */
export function spikeOrigins(series: readonly SpikeSeries[]): SpikeOrigin[] {
  const origins: SpikeOrigin[] = [];
  for (const entry of series) {
    const n = entry.points.length;
    const peak = peakIndexOf(entry.points.map((point) => point.value));
    const step = n > denseOriginLimit ? 7 : 1;
    for (let origin = spikeMinTrain; origin + spikeHorizon <= n; origin += step) {
      origins.push({ series: entry, origin, rising: peak >= origin && peak < origin + spikeHorizon });
    }
    // Long series: add every rising-phase origin, so the peak is scored from each of the 7 days before it.
    if (step > 1) {
      for (let origin = Math.max(spikeMinTrain, peak - spikeHorizon + 1); origin <= peak && origin + spikeHorizon <= n; origin += 1) {
        if ((origin - spikeMinTrain) % step !== 0) origins.push({ series: entry, origin, rising: true });
      }
    }
  }
  return origins;
}

/** A model of evaluation 3: a name and a forecaster made for a series (the analogue library depends on it). */
export interface SpikeModel {
  name: string;
  make(series: SpikeSeries, library: readonly (readonly number[])[]): Forecaster;
}

/** Ours (the ensemble) and the TypeScript baselines. */
export const spikeModels: readonly SpikeModel[] = [
  { name: "ensemble", make: (series, library) => createEnsembleForecaster({ seasonality: series.seasonality, library }) },
  { name: "naive", make: (series) => createNaiveForecaster({ seasonality: series.seasonality }) },
  { name: "seasonal-naive", make: (series) => createSeasonalNaiveForecaster({ seasonality: series.seasonality }) },
  { name: "drift", make: (series) => createDriftForecaster({ seasonality: series.seasonality }) },
  { name: "damped-holt", make: (series) => createDampedHoltForecaster({ seasonality: series.seasonality }) },
  { name: "theta", make: (series) => createThetaForecaster({ seasonality: series.seasonality }) },
  { name: "mean-reversion", make: (series) => createMeanReversionForecaster({ seasonality: series.seasonality }) },
  { name: "curve", make: (series) => createCurveForecaster({ seasonality: series.seasonality, family: "auto" }) },
  { name: "analogue", make: (series, library) => createAnalogueForecaster({ seasonality: series.seasonality, library }) },
];

/**
 * The analogue library for a series, strictly in time order: every other series of the evaluation that ended
 * before this one starts, plus the part of the long bitcoin series observed before it starts.
 */
export function libraryFor(series: SpikeSeries, all: readonly SpikeSeries[]): number[][] {
  const library: number[][] = [];
  for (const other of all) {
    if (other.id === series.id) continue;
    const before = other.points.filter((point) => point.at.getTime() < series.startsAt).map((point) => point.value);
    if (before.length >= 20) library.push(before);
  }
  return library;
}

/** A forecast scored, with the peak error in days. */
export interface ScoredForecast {
  record: BacktestRecord;
  group: SpikeSeries["group"];
  seriesId: string;
  rising: boolean;
  /** Predicted minus actual peak time in days (rising-phase forecasts only). */
  peakErrorDays?: number;
  /** Days from the last observation to the actual peak (rising-phase forecasts only). */
  leadDays?: number;
  /** Whether the forecast's 80% peak-time interval holds the actual peak (rising phase, when it gives one). */
  peakCovered?: boolean;
}

/** Scores a forecast of one origin like `backtest` does, with the peak error converted to days. */
export function scoreOrigin(entry: SpikeOrigin, forecast: Pick<Forecast, "points" | "peak" | "confidence">): ScoredForecast {
  const { series, origin } = entry;
  const values = series.points.map((point) => point.value);
  const peakIndex = peakIndexOf(values);
  const record = scoreForecast(values, origin, forecast, {
    stepMs: series.stepMs,
    lastAt: series.points[origin - 1]!.at.getTime(),
    peakIndex,
    seasonality: 1,
  });
  const interval = forecast.peak?.timeInterval;
  const peakAt = series.points[peakIndex]!.at.getTime();
  return {
    record,
    group: series.group,
    ...(record.peakError !== undefined && interval ? { peakCovered: interval.lower <= peakAt && peakAt <= interval.upper } : {}),
    seriesId: series.id,
    rising: entry.rising,
    ...(record.peakError !== undefined
      ? { peakErrorDays: (record.peakError * series.stepMs) / dayMs, leadDays: ((peakIndex - (origin - 1)) * series.stepMs) / dayMs }
      : {}),
  };
}

/** Evaluation 3 figures of one model. */
export interface SpikeScore extends BacktestSummary {
  /** Median MASE over forecasts (the mean is swayed by forecasts made from near-flat histories). */
  maseMedian: number;
  /** Peak-day error: median |predicted − actual| peak time in days over rising-phase forecasts. */
  peakDayError: number;
  /** Share of rising-phase forecasts with the peak within ±1 day. */
  peakHitRate1d: number;
  /** Share of actual values inside the 80% intervals. */
  coverage80: number;
  /** Share of rising-phase forecasts whose 80% peak-time interval holds the actual peak (null without intervals). */
  peakIntervalCoverage80: number;
  /** Per group (event spikes, ChatGPT, bitcoin): MASE and forecasts. */
  groups: Record<string, { forecasts: number; mase: number; smape: number; coverage80: number }>;
  failures: number;
}

/** Summarises scored forecasts of one model. */
export function summarizeSpikes(model: string, scored: readonly ScoredForecast[], failures = 0): SpikeScore {
  const summary = summarizeBacktest(
    model,
    scored.map((entry) => entry.record),
  );
  const peakErrors = scored.flatMap((entry) => (entry.peakErrorDays === undefined ? [] : [Math.abs(entry.peakErrorDays)]));
  const sorted = [...peakErrors].sort((a, b) => a - b);
  const medianError =
    sorted.length === 0
      ? Number.NaN
      : sorted.length % 2
        ? sorted[(sorted.length - 1) / 2]!
        : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  const groups: SpikeScore["groups"] = {};
  for (const group of [...new Set(scored.map((entry) => entry.group))]) {
    const part = summarizeBacktest(
      model,
      scored.filter((entry) => entry.group === group).map((entry) => entry.record),
    );
    groups[group] = { forecasts: part.forecasts, mase: part.mase, smape: part.smape, coverage80: part.coverage["0.8"] ?? Number.NaN };
  }
  return {
    ...summary,
    maseMedian: median(scored.map((entry) => entry.record.mase)),
    peakDayError: medianError,
    peakHitRate1d: peakErrors.length === 0 ? Number.NaN : peakErrors.filter((error) => error <= 1 + 1e-9).length / peakErrors.length,
    coverage80: summary.coverage["0.8"] ?? Number.NaN,
    peakIntervalCoverage80: (() => {
      const covered = scored.flatMap((entry) => (entry.peakCovered === undefined ? [] : [entry.peakCovered]));
      return covered.length === 0 ? Number.NaN : covered.filter(Boolean).length / covered.length;
    })(),
    groups,
    failures,
  };
}

/** Runs one TypeScript model over every origin; returns its scored forecasts and the seconds it took. */
export async function runSpikeModel(
  model: SpikeModel,
  origins: readonly SpikeOrigin[],
  all: readonly SpikeSeries[],
): Promise<{ scored: ScoredForecast[]; seconds: number }> {
  const started = performance.now();
  const forecasters = new Map<string, Forecaster>();
  const scored: ScoredForecast[] = [];
  for (const entry of origins) {
    let forecaster = forecasters.get(entry.series.id);
    if (!forecaster) {
      forecaster = model.make(entry.series, libraryFor(entry.series, all));
      forecasters.set(entry.series.id, forecaster);
    }
    const forecast = await forecaster.forecast(entry.series.points.slice(0, entry.origin), { horizon: spikeHorizon, levels: [0.8, 0.95] });
    scored.push(scoreOrigin(entry, forecast));
  }
  return { scored, seconds: (performance.now() - started) / 1000 };
}

/**
 * A statsmodels path as a forecast of one origin: its mean and 80% bounds, and the peak placed by the same rule
 * as for our models without a peak notion (`empiricalPeak`: the highest point of the recent episode then path). Failed or non-finite paths fall
 * back to naive (the last value) and count as failures.
 */
export function forecastFromPath(
  entry: SpikeOrigin,
  path: { mean: (number | null)[]; lower?: (number | null)[]; upper?: (number | null)[] } | { error: string },
): { forecast: Pick<Forecast, "points" | "peak" | "confidence">; failed: boolean } {
  const { series, origin } = entry;
  const history = series.points.slice(0, origin).map((point) => point.value);
  const last = history[history.length - 1]!;
  const ok =
    "mean" in path && path.mean.length >= spikeHorizon && path.mean.every((value) => typeof value === "number" && Number.isFinite(value));
  const mean = ok ? (path.mean as number[]) : new Array<number>(spikeHorizon).fill(last);
  const lastAt = series.points[origin - 1]!.at.getTime();
  const points = mean.slice(0, spikeHorizon).map((value, step) => {
    const lower = ok && "lower" in path ? path.lower?.[step] : undefined;
    const upper = ok && "upper" in path ? path.upper?.[step] : undefined;
    return {
      at: new Date(lastAt + (step + 1) * series.stepMs),
      value,
      intervals:
        typeof lower === "number" && typeof upper === "number"
          ? [{ level: 0.8, lower, upper }]
          : [{ level: 0.8, lower: value, upper: value }],
    };
  });
  const peak = empiricalPeak(history, mean.slice(0, spikeHorizon));
  return {
    forecast: {
      points,
      peak: { at: new Date(lastAt + peak.step * series.stepMs), value: peak.value, observed: peak.step <= 0 },
      confidence: 0,
    },
    failed: !ok,
  };
}
