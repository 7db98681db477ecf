import type { TextAnalyzer } from "@undercurrent/core";
import { z } from "zod";
import type { ContentDraftInput, ContentExampleInput } from "./content-draft.js";
import { boostedTreesSchema } from "./gradient-boosting.js";
import { groupTableSchema } from "./group-baselines.js";
import { residualQuantilesSchema } from "./residual-quantiles.js";
import { tokenModelSchema } from "./token-model.js";

/** Error codes of the content-performance model. */
export const contentPerformanceErrorCodes = {
  /** `predict` or `toJSON` was called before `train`. */
  notTrained: "PREDICT_MODEL_NOT_TRAINED",
} as const;

const textAnalyzerSchema = z.custom<TextAnalyzer>(
  (value) => typeof value === "object" && value !== null && typeof (value as { analyze?: unknown }).analyze === "function",
  { message: "expected an object with an analyze(text) method" },
);

/** Options of {@link createContentPerformanceModel}. */
export const contentPerformanceOptionsSchema = z.strictObject({
  /** Engagement at or above which a piece counts as a success. Default: the training examples' 75th percentile. */
  successThreshold: z.number().finite().min(0).optional(),
  /** Probabilities of the engagement quantiles returned. Default `[0.1, 0.5, 0.9]`. */
  quantiles: z.array(z.number().gt(0).lt(1)).min(1).default([0.1, 0.5, 0.9]),
  /** Folds for the out-of-fold text score and author/domain baselines. Default 5. */
  folds: z.number().int().min(2).max(20).default(5),
  /** Trees of each boosted ensemble. Default 150. */
  trees: z.number().int().min(1).max(5000).default(150),
  /** Depth of each tree. Default 2. */
  depth: z.number().int().min(1).max(8).default(2),
  /** Shrinkage. Default 0.05. */
  learningRate: z.number().gt(0).max(1).default(0.05),
  /** Fewest training examples in a leaf (at most a tenth of them). Default 100. */
  minLeaf: z.number().int().min(1).default(100),
  /** Pseudo-posts shrinking author and domain rates towards the overall rate. Default 5. */
  priorStrength: z.number().finite().min(0).default(5),
  /** Share of the latest examples held out to measure the engagement quantiles. Default 0.2. */
  calibrationShare: z.number().gt(0).max(0.5).default(0.2),
  /** Seed of the token model's shuffles. Default 1. */
  seed: z.number().int().default(1),
  /** Sentiment from core's text analysis (e.g. `await createWinkTextAnalyzer()`) instead of the built-in lexicon. */
  textAnalyzer: textAnalyzerSchema.optional(),
});
/** Options of {@link createContentPerformanceModel}. */
export type ContentPerformanceOptions = z.input<typeof contentPerformanceOptionsSchema>;
/** Options after defaults. */
export type ContentPerformanceSettings = z.output<typeof contentPerformanceOptionsSchema>;

/** What a content-performance model says about a draft. */
export interface ContentPerformanceEstimate {
  /** Probability (0–1) that engagement reaches `successThreshold`. */
  successProbability: number;
  successThreshold: number;
  /** Median expected engagement. */
  expectedEngagement: number;
  /** Engagement quantiles, ascending by probability. */
  quantiles: { probability: number; value: number }[];
  /** 0–1: lower for small training sets and unseen platforms. */
  confidence: number;
  warnings: string[];
}

/** Summary returned by `train`. */
export interface ContentTrainingSummary {
  examples: number;
  successThreshold: number;
  /** Share of training examples at or above the threshold. */
  successRate: number;
}

/** A content-performance model: trainable on a user's own history, serialisable to JSON and back. */
export interface ContentPerformanceModel {
  /** Whether `train` has run (or the model was loaded). */
  readonly trained: boolean;
  /**
   * Learns from published pieces (replacing what was learned before). Needs at least 20 examples with both
   * successes and failures; a malformed example is a `ValidationError` naming the field.
   */
  train(examples: readonly ContentExampleInput[]): ContentTrainingSummary;
  /** Success probability and engagement quantiles for a draft; `PREDICT_MODEL_NOT_TRAINED` before training. */
  predict(draft: ContentDraftInput): ContentPerformanceEstimate;
  /** The model as plain JSON; {@link loadContentPerformanceModel} reads it back. */
  toJSON(): ContentPerformanceModelJson;
}

/** JSON form of a trained content-performance model. */
export const contentPerformanceModelJsonSchema = z.object({
  format: z.literal("undercurrent-content-performance"),
  version: z.literal(1),
  successThreshold: z.number().finite().min(0),
  quantiles: z.array(z.number().gt(0).lt(1)).min(1),
  sentiment: z.enum(["lexicon", "analyzer"]),
  platforms: z.array(z.string()),
  prior: z.object({
    successRate: z.number().min(0).max(1),
    meanLogEngagement: z.number().finite(),
    strength: z.number().min(0),
  }),
  authors: groupTableSchema,
  domains: groupTableSchema,
  tokens: tokenModelSchema,
  classifier: boostedTreesSchema,
  regressor: boostedTreesSchema,
  residualQuantiles: residualQuantilesSchema,
  trainedExamples: z.number().int().min(0),
});
/** JSON form of a trained content-performance model. */
export type ContentPerformanceModelJson = z.infer<typeof contentPerformanceModelJsonSchema>;

/** Fewest examples `train` accepts. */
export const minimumContentExamples = 20;
