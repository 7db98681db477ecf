import { parseInput, parseOptions } from "@undercurrent/core";
import {
  curveFeatures,
  type EarlyPopularityExample,
  type EarlyPopularityExampleInput,
  type EarlyWindow,
  earlyPopularityInputSchema,
  earlyWindow,
} from "./early-curve.js";
import {
  type EarlyPopularityModel,
  type EarlyPopularityModelJson,
  type EarlyPopularityOptions,
  type EarlyPopularitySettings,
  earlyPopularityModelJsonSchema,
  earlyPopularityOptionsSchema,
  parseExamples,
} from "./early-popularity-types.js";
import { fitBoostedTrees, predictBoostedTrees } from "./gradient-boosting.js";
import { clamp, meanOf } from "./numeric.js";
import { logSpaceIntervals, residualAt, summariseResiduals } from "./residual-quantiles.js";
import { fitRidgeRegression, predictRidgeRegression } from "./ridge-regression.js";

const pooled = "*";

interface Prepared {
  example: EarlyPopularityExample;
  window: EarlyWindow;
  /** ln(1 + target) − ln(1 + window maximum): what the models predict. */
  logRatio: number;
}

function prepare(examples: readonly EarlyPopularityExample[], settings: EarlyPopularitySettings): Prepared[] {
  return examples
    .map((example) => {
      const window = earlyWindow(example, settings.horizonHours, settings.toleranceHours);
      return { example, window, logRatio: Math.log1p(example.target) - Math.log1p(window.maxValue) };
    })
    .sort((a, b) => a.window.start.getTime() - b.window.start.getTime());
}

function featureRow(window: EarlyWindow, publishedAt: Date | undefined, source: string, sources: readonly string[]): number[] {
  return [...curveFeatures(window, publishedAt), ...sources.map((known) => (known === source ? 1 : 0))];
}

function logRatiosBySource(items: readonly Prepared[]): Record<string, number> {
  const bySource = new Map<string, number[]>();
  for (const item of items) bySource.set(item.example.source, [...(bySource.get(item.example.source) ?? []), item.logRatio]);
  const ratios: Record<string, number> = Object.create(null);
  ratios[pooled] = meanOf(items.map((item) => item.logRatio));
  for (const [source, values] of bySource) ratios[source] = meanOf(values);
  return ratios;
}

/** The Szabo–Huberman log-ratio of a source, or the pooled one for a source not seen in training. */
function ratioOf(ratios: Record<string, number>, source: string): number {
  if (Object.hasOwn(ratios, source)) return ratios[source]!;
  return Object.hasOwn(ratios, pooled) ? ratios[pooled]! : 0;
}

/** Largest log-space correction applied (a factor of e^10 ≈ 22,000): keeps a linear learner's extrapolation finite. */
const maxCorrection = 10;

/** The log-space correction a fitted model adds to ln(1 + window maximum). */
function logCorrection(json: EarlyPopularityModelJson, window: EarlyWindow, publishedAt: Date | undefined, source: string): number {
  if (json.kind === "szabo-huberman" || !json.learner) return ratioOf(json.logRatios, source);
  const row = featureRow(window, publishedAt, source, json.sources);
  const correction = json.learner.kind === "ridge" ? predictRidgeRegression(json.learner, row) : predictBoostedTrees(json.learner, row);
  return clamp(correction, -maxCorrection, maxCorrection, 0);
}

/** Builds the predicting object around a model's JSON (trained here or loaded). */
function modelFromJson(json: EarlyPopularityModelJson): EarlyPopularityModel {
  const context = `${json.kind}.predict`;
  return {
    kind: json.kind,
    horizonHours: json.horizonHours,
    predict(value) {
      const input = parseInput(earlyPopularityInputSchema, value, context, "input");
      const window = earlyWindow(input, json.horizonHours, json.toleranceHours);
      const warnings: string[] = [];
      const observedLog = Math.log1p(window.maxValue);
      const centre = observedLog + logCorrection(json, window, input.publishedAt, input.source);
      const floor = json.neverBelowObserved ? window.maxValue : 0;
      const predicted = Math.min(Number.MAX_VALUE, Math.max(floor, Math.expm1(centre)));
      let confidence = 1 / (1 + (residualAt(json.residualQuantiles, 0.9) - residualAt(json.residualQuantiles, 0.1)));
      const coverage = window.spanHours / json.horizonHours;
      if (coverage < 0.75) {
        warnings.push(`observations cover ${window.spanHours.toFixed(1)} h of the ${json.horizonHours} h horizon: low confidence`);
        confidence *= Math.max(0.1, coverage);
      }
      if (!json.sources.includes(input.source)) {
        warnings.push(`source "${input.source}" was not in the training data: the pooled fit is used`);
        confidence *= 0.5;
      }
      return {
        predicted: Number.isFinite(predicted) ? predicted : window.maxValue,
        observed: window.maxValue,
        intervals: logSpaceIntervals(Math.log1p(predicted), json.residualQuantiles, json.levels, floor),
        confidence: clamp(confidence, 0, 1, 0),
        warnings,
        model: json.kind,
      };
    },
    toJSON: () => structuredClone(json),
  };
}

function baseJson(
  kind: EarlyPopularityModelJson["kind"],
  settings: EarlyPopularitySettings,
  items: readonly Prepared[],
): Omit<EarlyPopularityModelJson, "residualQuantiles"> {
  return {
    format: "undercurrent-early-popularity",
    version: 1,
    kind,
    horizonHours: settings.horizonHours,
    toleranceHours: settings.toleranceHours,
    levels: settings.levels,
    sources: [...new Set(items.map((item) => item.example.source))].sort(),
    logRatios: logRatiosBySource(items),
    neverBelowObserved: items.every((item) => item.example.target >= item.window.maxValue),
    trainedExamples: items.length,
  };
}

/**
 * Trains the Szabo–Huberman baseline: ln N(t_ref) = ln r(t_i, t_ref) + ln N(t_i), with ln r the mean
 * log-ratio of target to the value at the horizon, fitted per source (and pooled for unseen sources).
 * Intervals come from the training residuals.
 */
export function trainSzaboHubermanModel(
  examples: readonly EarlyPopularityExampleInput[],
  options: EarlyPopularityOptions,
): EarlyPopularityModel {
  const settings = parseOptions(earlyPopularityOptionsSchema, options, "trainSzaboHubermanModel");
  const items = prepare(parseExamples(examples, "trainSzaboHubermanModel"), settings);
  const base = baseJson("szabo-huberman", settings, items);
  const residuals = items.map((item) => item.logRatio - ratioOf(base.logRatios, item.example.source));
  return modelFromJson({ ...base, residualQuantiles: summariseResiduals(residuals) });
}

function fitLearner(items: readonly Prepared[], sources: readonly string[], settings: EarlyPopularitySettings) {
  const rows = items.map((item) => featureRow(item.window, item.example.publishedAt, item.example.source, sources));
  const targets = items.map((item) => item.logRatio);
  if (settings.learner === "ridge") return fitRidgeRegression(rows, targets, settings.ridgeLambda);
  return fitBoostedTrees(rows, targets, {
    loss: "absolute",
    trees: settings.trees,
    depth: settings.depth,
    learningRate: settings.learningRate,
    minLeaf: Math.min(settings.minLeaf, Math.max(1, Math.floor(items.length / 4))),
    bins: 32,
    lambda: 0,
    subsample: settings.subsample,
  });
}

/**
 * Trains the `early-curve` model: the log-ratio of target to the window maximum learned from the early
 * curve's shape (level, growth, last-step velocity and acceleration, comments and rank where known), the
 * item's age, the source, and the hour and weekday it started. By default boosted trees with absolute loss
 * (so the point is a conditional median), or ridge regression. Intervals come from residuals on the latest
 * `calibrationShare` of examples, predicted by a model fitted on the earlier ones.
 */
export function trainEarlyPopularityModel(
  examples: readonly EarlyPopularityExampleInput[],
  options: EarlyPopularityOptions,
): EarlyPopularityModel {
  const settings = parseOptions(earlyPopularityOptionsSchema, options, "trainEarlyPopularityModel");
  const items = prepare(parseExamples(examples, "trainEarlyPopularityModel"), settings);
  const base = baseJson("early-curve", settings, items);
  const cut = Math.max(1, Math.min(items.length - 1, Math.round(items.length * (1 - settings.calibrationShare))));
  const earlier = items.slice(0, cut);
  const calibration = items.slice(cut);
  const probe = modelFromJson({ ...base, learner: fitLearner(earlier, base.sources, settings), residualQuantiles: [0, 0] });
  const residuals = calibration.map((item) => {
    const estimate = probe.predict(item.example);
    return Math.log1p(item.example.target) - Math.log1p(estimate.predicted);
  });
  return modelFromJson({ ...base, learner: fitLearner(items, base.sources, settings), residualQuantiles: summariseResiduals(residuals) });
}

/** Reads a model back from {@link EarlyPopularityModel.toJSON} output; a malformed document is a `ValidationError`. */
export function loadEarlyPopularityModel(json: unknown): EarlyPopularityModel {
  return modelFromJson(parseInput(earlyPopularityModelJsonSchema, json, "loadEarlyPopularityModel", "json"));
}
