import { z } from "zod";
import { idSchema, metadataSchema, timestampSchema, unitIntervalSchema } from "./common.js";

/** Lifecycle of a trend. */
export const trendStatusSchema = z.enum(["emerging", "rising", "peaking", "declining"]);
export type TrendStatus = z.infer<typeof trendStatusSchema>;

/** What one source contributed to a trend. */
export const trendEvidenceSchema = z.object({
  source: idSchema,
  /** Items of this source that belong to the trend, most relevant first. */
  itemIds: z.array(idSchema),
  /** When this source first had an item of the trend. */
  firstSeenAt: timestampSchema,
  /** Items in the trend from this source. */
  mentions: z.number().int().nonnegative(),
  /** Engagement normalised against this source's own baseline (1 = typical). */
  normalizedEngagement: z.number().nonnegative(),
  /** Hours this source saw the trend before the first other source (0 for the first, negative when later). */
  leadHours: z.number(),
  /** Health of the source when the evidence was last updated. */
  sourceStatus: z.enum(["ok", "degraded", "down"]).default("ok"),
});
export type TrendEvidence = z.infer<typeof trendEvidenceSchema>;

/**
 * A topic with a rising signal, usually across several sources. Holds every field of the
 * `cross_source_trends` table (name, keywords, source platforms, confidence, velocity, first detected,
 * peak predicted, related trends, sentiment) plus status and per-source evidence.
 */
export const trendSchema = z.object({
  id: idSchema,
  /** A name a person would use, e.g. "Stable Diffusion". */
  name: z.string().min(1).max(255),
  keywords: z.array(z.string().min(1)),
  /** Source ids the trend was seen on (`source_platforms`). */
  sources: z.array(idSchema).min(1),
  /** 0–1, from burst significance, independent authors, source diversity and source health. */
  confidence: unitIntervalSchema,
  /** Mentions per hour, normalised; positive when rising. */
  velocity: z.number().finite(),
  /** Change of velocity per hour. */
  acceleration: z.number().finite().default(0),
  status: trendStatusSchema,
  firstDetectedAt: timestampSchema,
  /** Predicted peak, when a forecast exists. */
  peakPredictedAt: timestampSchema.optional(),
  relatedTrendIds: z.array(idSchema).default([]),
  /** −1 (negative) to 1 (positive). */
  sentiment: z.number().min(-1).max(1).default(0),
  evidence: z.array(trendEvidenceSchema).default([]),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  metadata: metadataSchema.default({}),
});
export type Trend = z.infer<typeof trendSchema>;
export type TrendInput = z.input<typeof trendSchema>;

/** A trend's state at one moment, kept over time so its history can be charted and backtested. */
export const trendSnapshotSchema = z.object({
  trendId: idSchema,
  at: timestampSchema,
  status: trendStatusSchema,
  confidence: unitIntervalSchema,
  velocity: z.number().finite(),
  acceleration: z.number().finite().default(0),
  /** Items in the trend so far. */
  mentions: z.number().int().nonnegative(),
  /** Normalised engagement across sources. */
  engagement: z.number().nonnegative(),
  /** Mentions per source id. */
  mentionsBySource: z.record(z.string(), z.number().int().nonnegative()).default({}),
});
export type TrendSnapshot = z.infer<typeof trendSnapshotSchema>;
export type TrendSnapshotInput = z.input<typeof trendSnapshotSchema>;
