import { ConfigError, type Forecast, type Forecaster, type ForecastOptions, type SeriesPoint } from "@undercurrent/core";
import { type AnalogueOptions, analogueCore } from "./analogue.js";
import { driftCore, naiveCore, seasonalNaiveCore } from "./baselines.js";
import { conformalMultiplier } from "./conformal.js";
import { curveFamilies } from "./curve-families.js";
import { type CurveChoice, curveCore } from "./curves.js";
import { dampedHoltCore } from "./holt.js";
import { meanReversionCore } from "./mean-reversion.js";
import {
  defaultSeasonality,
  empiricalPeak,
  type ForecasterSettings,
  type ModelContext,
  type ModelCore,
  type ModelOutput,
  type PeakEstimate,
  toForecast,
} from "./model.js";
import { checkForecastOptions, prepareSeries } from "./series.js";
import { thetaCore } from "./theta.js";

/** The models an ensemble can combine. */
export type EnsembleMember = "naive" | "seasonal-naive" | "drift" | "damped-holt" | "theta" | "mean-reversion" | "curve" | "analogue";

/** Members used unless `members` says otherwise. */
export const defaultEnsembleMembers: readonly EnsembleMember[] = [
  "naive",
  "drift",
  "seasonal-naive",
  "damped-holt",
  "theta",
  "mean-reversion",
  "curve",
  "analogue",
];

/** Options of {@link createEnsembleForecaster}. */
export interface EnsembleForecasterOptions extends ForecasterSettings {
  /** Models to combine (default {@link defaultEnsembleMembers}). */
  members?: readonly EnsembleMember[];
  /** Rolling origins on the series' own history used to weight the members and calibrate the intervals (default 4). */
  backtestOrigins?: number;
  /** Past series for the analogue member (default: a synthetic shape library). */
  library?: AnalogueOptions["library"];
  /** Steps matched by the analogue member (default 10). */
  analogueWindow?: number;
  /**
   * Curve family of the curve member (default `gamma`: the fastest pulse that fits spikes well; `auto` fits all
   * four at about 20× the cost).
   */
  curveFamily?: CurveChoice;
}

/** Weights and calibration of one ensemble forecast, for inspection. */
export interface EnsembleFit {
  weights: Record<string, number>;
  /** Per level, the conformal multiplier of the model-based scale. */
  multipliers: Record<string, number>;
  /** Normalised absolute residuals from the in-series backtest. */
  scores: number[];
}

function memberCores(members: readonly EnsembleMember[], options: EnsembleForecasterOptions): [EnsembleMember, ModelCore][] {
  const analogueOptions: AnalogueOptions = {
    ...(options.library ? { library: options.library } : {}),
    ...(options.analogueWindow ? { window: options.analogueWindow } : {}),
  };
  const cores: Record<EnsembleMember, () => ModelCore> = {
    naive: () => naiveCore,
    "seasonal-naive": () => seasonalNaiveCore,
    drift: () => driftCore,
    "damped-holt": () => dampedHoltCore,
    theta: () => thetaCore,
    "mean-reversion": () => meanReversionCore,
    curve: () => curveCore(options.curveFamily ?? "gamma"),
    analogue: () => analogueCore(analogueOptions),
  };
  return members.map((member) => [member, cores[member]()]);
}

function naiveMae(values: readonly number[]): number {
  let sum = 0;
  for (let index = 1; index < values.length; index += 1) sum += Math.abs(values[index]! - values[index - 1]!);
  return values.length > 1 ? sum / (values.length - 1) : 0;
}

const minimumTrain = 6;

/** The `probability` quantile of values under weights (the smallest value whose cumulative weight reaches it). */
function weightedQuantile(values: readonly number[], weights: readonly number[], probability: number): number {
  const order = values.map((value, index) => ({ value, weight: weights[index]! })).sort((a, b) => a.value - b.value);
  const total = order.reduce((sum, entry) => sum + entry.weight, 0);
  let cumulative = 0;
  for (const entry of order) {
    cumulative += entry.weight;
    if (cumulative >= probability * total - 1e-12) return entry.value;
  }
  return order[order.length - 1]!.value;
}

/**
 * The ensemble's core: backtests every member on the last few rolling origins of the series itself, weights
 * them by inverse scaled error (members more than twice as bad as the best get none), combines their paths,
 * and calibrates the intervals by split-conformal on the normalised backtest residuals.
 */
export function ensembleCore(
  members: readonly [string, ModelCore][],
  origins: number,
): (
  values: readonly number[],
  horizon: number,
  context: ModelContext,
  levels: readonly number[],
) => { output: ModelOutput; fit: EnsembleFit } {
  return (values, horizon, context, levels) => {
    const n = values.length;
    const testHorizon = Math.min(horizon, Math.max(1, Math.floor((n - minimumTrain) / 2)));
    const spacing = Math.max(1, Math.floor(testHorizon / 2));
    const errors = members.map(() => [] as number[]);
    const backtests: { origin: number; outputs: ModelOutput[] }[] = [];
    for (let k = 0; k < origins; k += 1) {
      const origin = n - testHorizon - k * spacing;
      if (origin < minimumTrain) break;
      const history = values.slice(0, origin);
      const scale = naiveMae(history) || Math.max(1e-9, Math.abs(history[history.length - 1]!) * 0.01);
      const outputs = members.map(([, core]) => core(history, testHorizon, context));
      outputs.forEach((output, index) => {
        let sum = 0;
        for (let step = 0; step < testHorizon; step += 1) sum += Math.abs(values[origin + step]! - output.path[step]!);
        errors[index]!.push(sum / testHorizon / scale);
      });
      backtests.push({ origin, outputs });
    }
    const meanErrors = errors.map((list) => (list.length > 0 ? list.reduce((sum, value) => sum + value, 0) / list.length : Number.NaN));
    const finiteErrors = meanErrors.filter(Number.isFinite);
    const best = finiteErrors.length > 0 ? Math.min(...finiteErrors) : Number.NaN;
    let weights = meanErrors.map((error) => (Number.isFinite(error) && error <= 2 * best + 1e-12 ? 1 / Math.max(error, 1e-6) : 0));
    if (!weights.some((weight) => weight > 0)) weights = members.map(() => 1);
    const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
    weights = weights.map((weight) => weight / totalWeight);

    const combine = (outputs: readonly ModelOutput[], steps: number) => {
      const path: number[] = [];
      const scale: number[] = [];
      for (let step = 0; step < steps; step += 1) {
        let value = 0;
        let spread = 0;
        outputs.forEach((output, index) => {
          value += weights[index]! * output.path[step]!;
          spread += weights[index]! * Math.abs(output.scale[step]!);
        });
        path.push(value);
        scale.push(spread);
      }
      // Disagreement between members widens the scale too.
      for (let step = 0; step < steps; step += 1) {
        let disagreement = 0;
        outputs.forEach((output, index) => {
          disagreement += weights[index]! * (output.path[step]! - path[step]!) ** 2;
        });
        scale[step] = Math.sqrt(scale[step]! ** 2 + disagreement);
      }
      return { path, scale };
    };

    const floor = Math.max(1e-9, 0.01 * (values.reduce((sum, value) => sum + Math.abs(value), 0) / n));
    const scores: number[] = [];
    for (const { origin, outputs } of backtests) {
      const combined = combine(outputs, testHorizon);
      for (let step = 0; step < testHorizon; step += 1) {
        scores.push(Math.abs(values[origin + step]! - combined.path[step]!) / Math.max(floor, combined.scale[step]!));
      }
    }

    const outputs = members.map(([, core]) => core(values, horizon, context));
    const combined = combine(outputs, horizon);
    const multipliers: Record<string, number> = {};
    for (const level of levels) multipliers[String(level)] = conformalMultiplier(scores, level);

    // Peak: the curve member's estimate when it has weight and the combined path still rises at its end.
    const curveIndex = members.findIndex(([id]) => id === "curve");
    const curve = curveIndex >= 0 ? outputs[curveIndex] : undefined;
    const rising = horizon >= 2 && combined.path[horizon - 1]! > combined.path[horizon - 2]!;
    const useCurvePeak = curve?.peak !== undefined && weights[curveIndex]! > 0.15 && rising && curve.peak.step > horizon;
    // The peak's 80% interval: the weighted 10th–90th percentiles of the members' own peak steps.
    const memberPeaks = outputs.map((member) =>
      member.peak && Number.isFinite(member.peak.step) ? member.peak.step : empiricalPeak(values, member.path).step,
    );
    const pointPeak = useCurvePeak && curve?.peak ? curve.peak : { ...empiricalPeak(values, combined.path) };
    const peak: PeakEstimate = {
      step: pointPeak.step,
      value: pointPeak.value,
      lowerStep: Math.min(pointPeak.step, weightedQuantile(memberPeaks, weights, 0.1)),
      upperStep: Math.max(pointPeak.step, weightedQuantile(memberPeaks, weights, 0.9)),
    };
    const warnings = outputs.flatMap((output, index) => (weights[index]! > 0.15 ? output.warnings : []));
    const fitScore = outputs.reduce((sum, output, index) => sum + weights[index]! * output.fit, 0);
    const output: ModelOutput = {
      path: combined.path,
      scale: combined.scale.map((value) => Math.max(value, floor)),
      peak,
      ...(curve?.halfLifeSteps !== undefined && weights[curveIndex]! > 0.3 ? { halfLifeSteps: curve.halfLifeSteps } : {}),
      fit: Math.min(1, fitScore * (backtests.length > 0 ? 1.1 : 0.6)),
      warnings: backtests.length === 0 ? [...warnings, "too short to backtest: equal weights, uncalibrated intervals"] : warnings,
    };
    return {
      output,
      fit: { weights: Object.fromEntries(members.map(([id], index) => [id, weights[index]!])), multipliers, scores },
    };
  };
}

/** A Forecaster that also reports how it weighted its members and calibrated its intervals. */
export interface EnsembleForecaster extends Forecaster {
  /** Like `forecast`, with the weights and conformal multipliers used. */
  forecastWithFit(points: readonly SeriesPoint[], options: ForecastOptions): Promise<{ forecast: Forecast; fit: EnsembleFit }>;
}

/**
 * Ensemble forecaster: naive, drift, seasonal naive, damped Holt, Theta, a growth-and-decay curve and the
 * analogue model, weighted by their errors on rolling origins of the series' own history, with intervals
 * calibrated by split-conformal prediction on the same backtest's residuals (so an 80% interval covers about
 * 80% when the future behaves like the recent past).
 */
export function createEnsembleForecaster(options: EnsembleForecasterOptions = {}): EnsembleForecaster {
  const members = options.members ?? defaultEnsembleMembers;
  if (!Array.isArray(members) || members.length === 0 || members.some((member) => !defaultEnsembleMembers.includes(member))) {
    throw new ConfigError({
      context: "createEnsembleForecaster",
      issues: [{ path: "options.members", message: `expected a non-empty list of ${defaultEnsembleMembers.join(", ")}` }],
    });
  }
  const curveFamily = options.curveFamily ?? "gamma";
  if (curveFamily !== "auto" && !(curveFamily in curveFamilies)) {
    throw new ConfigError({
      context: "createEnsembleForecaster",
      issues: [
        {
          path: "options.curveFamily",
          message: `expected auto, ${Object.keys(curveFamilies).join(", ")}; received ${String(curveFamily)}`,
        },
      ],
    });
  }
  const origins = options.backtestOrigins ?? 4;
  if (!Number.isInteger(origins) || origins < 1 || origins > 50) {
    throw new ConfigError({
      context: "createEnsembleForecaster",
      issues: [{ path: "options.backtestOrigins", message: `expected an integer from 1 to 50, received ${String(origins)}` }],
    });
  }
  const core = ensembleCore(memberCores(members, options), origins);
  const context = "ensemble.forecast";
  const forecastWithFit = async (points: readonly SeriesPoint[], forecastOptions: ForecastOptions) => {
    forecastOptions?.signal?.throwIfAborted();
    const { horizon, levels } = checkForecastOptions(forecastOptions, context);
    const series = prepareSeries(points, context);
    const seasonality = options.seasonality ?? defaultSeasonality(series.stepMs);
    if (series.values.length < 2) {
      const output = naiveCore(series.values, horizon, { seasonality });
      return {
        forecast: toForecast("ensemble", series, { ...output, fit: 0.2 }, levels),
        fit: { weights: { naive: 1 }, multipliers: {}, scores: [] },
      };
    }
    const { output, fit } = core(series.values, horizon, { seasonality }, levels);
    const forecast = toForecast(
      "ensemble",
      series,
      output,
      levels,
      (level, step) => (fit.multipliers[String(level)] ?? 1) * output.scale[step]!,
    );
    return { forecast, fit };
  };
  return {
    specVersion: "v1",
    id: "ensemble",
    forecastWithFit,
    async forecast(points, forecastOptions) {
      return (await forecastWithFit(points, forecastOptions)).forecast;
    },
  };
}
