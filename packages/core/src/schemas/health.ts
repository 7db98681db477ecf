import { z } from "zod";
import { idSchema, metadataSchema, timestampSchema } from "./common.js";

/** How much of a rate limit is left. */
export const rateLimitBudgetSchema = z.object({
  limit: z.number().int().nonnegative().optional(),
  remaining: z.number().int().nonnegative().optional(),
  /** When the window resets. */
  resetAt: timestampSchema.optional(),
});
export type RateLimitBudget = z.infer<typeof rateLimitBudgetSchema>;

/** A source's health as the pipeline sees it. */
export const sourceHealthSchema = z.object({
  sourceId: idSchema,
  status: z.enum(["ok", "degraded", "down"]),
  /** Why it is not ok (never contains secrets). */
  reason: z.string().optional(),
  /** Error code of the last failure. */
  code: z.string().optional(),
  lastSuccessAt: timestampSchema.optional(),
  lastFailureAt: timestampSchema.optional(),
  consecutiveFailures: z.number().int().nonnegative(),
  /** Earliest time the next pull will be attempted. */
  nextPullAt: timestampSchema.optional(),
  rateLimit: rateLimitBudgetSchema.optional(),
});
export type SourceHealth = z.infer<typeof sourceHealthSchema>;

/** Something worth telling a person about, delivered by a `Notifier`. */
export const alertSchema = z.object({
  id: idSchema,
  kind: z.enum(["trend", "opportunity", "threat", "source-health", "video-job", "other"]),
  severity: z.enum(["info", "warning", "critical"]),
  title: z.string().min(1),
  body: z.string().default(""),
  url: z.url().optional(),
  trendId: idSchema.optional(),
  createdAt: timestampSchema,
  data: metadataSchema.default({}),
});
export type Alert = z.infer<typeof alertSchema>;
export type AlertInput = z.input<typeof alertSchema>;
