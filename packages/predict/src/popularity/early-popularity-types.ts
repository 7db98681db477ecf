import { type Interval, parseInput, ValidationError } from "@undercurrent/core";
import { z } from "zod";
import { type EarlyPopularityExample, type EarlyPopularityInputValue, earlyPopularityExampleSchema } from "./early-curve.js";
import { boostedTreesSchema } from "./gradient-boosting.js";
import { residualQuantilesSchema } from "./residual-quantiles.js";
import { ridgeRegressionSchema } from "./ridge-regression.js";

/** An early-popularity prediction: the expected peak (or final) engagement with intervals. */
export interface PopularityEstimate {
  /** Predicted peak (or final) engagement, never below what was already observed when training targets never were. */
  predicted: number;
  /** The highest value seen in the model's window. */
  observed: number;
  /** Central intervals (by default 80% and 95%), from out-of-sample residuals in log space. */
  intervals: Interval[];
  /** 0–1: lower when the window is short of the horizon, the source was not seen in training, or intervals are wide. */
  confidence: number;
  /** Why confidence was lowered, in plain words. */
  warnings: string[];
  /** Model id: `szabo-huberman` or `early-curve`. */
  model: string;
}

/** A trained early-popularity model for one horizon. */
export interface EarlyPopularityModel {
  /** `szabo-huberman` (the log-linear baseline) or `early-curve` (curve shape, source, hour and weekday). */
  readonly kind: "szabo-huberman" | "early-curve";
  /** Hours after the first observation that the model reads. */
  readonly horizonHours: number;
  /** Predicts one item's peak engagement; a malformed input is a `ValidationError` naming the field. */
  predict(input: EarlyPopularityInputValue): PopularityEstimate;
  /** The model as plain JSON; {@link loadEarlyPopularityModel} reads it back. */
  toJSON(): EarlyPopularityModelJson;
}

/** Options shared by both early-popularity trainers. */
export const earlyPopularityOptionsSchema = z.strictObject({
  /** Hours after the first observation the model reads (t_i in Szabo–Huberman). */
  horizonHours: z.number().finite().positive(),
  /** Extra hours an observation may lag the horizon and still count (collection jitter). Default 0. */
  toleranceHours: z.number().finite().min(0).default(0),
  /** Interval levels returned with every estimate. Default `[0.8, 0.95]`. */
  levels: z.array(z.number().gt(0).lt(1)).min(1).default([0.8, 0.95]),
  /** Learner of the `early-curve` model. Default `boosted-trees` (absolute loss in log space). */
  learner: z.enum(["boosted-trees", "ridge"]).default("boosted-trees"),
  /** Trees in the boosted ensemble. Default 300. */
  trees: z.number().int().min(1).max(5000).default(300),
  /** Depth of each tree. Default 3. */
  depth: z.number().int().min(1).max(8).default(3),
  /** Shrinkage. Default 0.05. */
  learningRate: z.number().gt(0).max(1).default(0.05),
  /** Fewest training items in a leaf. Default 20. */
  minLeaf: z.number().int().min(1).default(20),
  /** Share of items each tree is grown on (stochastic gradient boosting). Default 1 (all). */
  subsample: z.number().gt(0).max(1).default(1),
  /** L2 penalty of the ridge learner (on standardised features). Default 10. */
  ridgeLambda: z.number().finite().min(0).default(10),
  /** Share of the latest training items held out to measure residuals for the intervals. Default 0.2. */
  calibrationShare: z.number().gt(0).max(0.5).default(0.2),
});
/** Options of {@link trainEarlyPopularityModel} and {@link trainSzaboHubermanModel}. */
export type EarlyPopularityOptions = z.input<typeof earlyPopularityOptionsSchema>;
/** Options after defaults. */
export type EarlyPopularitySettings = z.output<typeof earlyPopularityOptionsSchema>;

/** Fewest training examples a trainer accepts. */
export const minimumExamples = 10;

/** JSON form of an early-popularity model (either kind). */
export const earlyPopularityModelJsonSchema = z.object({
  format: z.literal("undercurrent-early-popularity"),
  version: z.literal(1),
  kind: z.enum(["szabo-huberman", "early-curve"]),
  horizonHours: z.number().finite().positive(),
  toleranceHours: z.number().finite().min(0),
  levels: z.array(z.number().gt(0).lt(1)).min(1),
  /** Sources seen in training, in the order of their one-hot features. */
  sources: z.array(z.string()),
  /** Szabo–Huberman: mean ln((1 + target) / (1 + observed)) per source, and pooled under `*`. */
  logRatios: z.record(z.string(), z.number().finite()),
  learner: z.union([boostedTreesSchema, ridgeRegressionSchema]).optional(),
  residualQuantiles: residualQuantilesSchema,
  /** Whether every training target was at least its window's maximum (then predictions are floored there). */
  neverBelowObserved: z.boolean(),
  trainedExamples: z.number().int().min(0),
});
/** JSON form of an early-popularity model. */
export type EarlyPopularityModelJson = z.infer<typeof earlyPopularityModelJsonSchema>;

/** Validates training examples, requiring at least {@link minimumExamples}. */
export function parseExamples(examples: unknown, context: string): EarlyPopularityExample[] {
  const parsed = parseInput(z.array(earlyPopularityExampleSchema), examples, context, "examples");
  if (parsed.length < minimumExamples) {
    throw new ValidationError({
      context,
      issues: [{ path: "examples", message: `expected at least ${minimumExamples} examples, received ${parsed.length}` }],
    });
  }
  return parsed;
}
