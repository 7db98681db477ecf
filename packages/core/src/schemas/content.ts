import { z } from "zod";
import { idSchema, metadataSchema, platformSchema, timestampSchema } from "./common.js";

/** A piece of content for one platform, from first draft to published. */
export const contentDraftSchema = z.object({
  id: idSchema,
  /** The trend it rides, if any. */
  trendId: idSchema.optional(),
  platform: platformSchema,
  format: z.enum(["post", "thread", "article", "video-script", "caption", "title"]),
  title: z.string().optional(),
  /** Main text; a thread's parts are in `parts`. */
  text: z.string(),
  parts: z.array(z.string()).default([]),
  hashtags: z.array(z.string().min(1)).default([]),
  /** URLs of the sources the content is based on (every claim traceable). */
  sourceUrls: z.array(z.url()).default([]),
  language: z.string().min(2).default("en"),
  status: z.enum(["draft", "approved", "scheduled", "published", "archived"]).default("draft"),
  /** Id of the draft this one was derived from (repurposed or an A/B variant). */
  variantOf: idSchema.optional(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  metadata: metadataSchema.default({}),
});
export type ContentDraft = z.infer<typeof contentDraftSchema>;
export type ContentDraftInput = z.input<typeof contentDraftSchema>;

/** Where a video render stands. `queued` is ours (not yet sent); the rest follow the provider. */
export const videoJobStatusSchema = z.enum(["queued", "pending", "completed", "failed", "cancelled"]);
export type VideoJobStatus = z.infer<typeof videoJobStatusSchema>;

/**
 * A video render in the job ledger. Persisted before anything is paid, so a killed batch resumes
 * without starting the same render twice (the idempotency key is derived from the content).
 */
export const videoJobSchema = z.object({
  id: idSchema,
  /** Provider id, e.g. `heygen`. */
  provider: idSchema,
  /** Sent with the create call; the same content always yields the same key. */
  idempotencyKey: z.string().min(8),
  status: videoJobStatusSchema,
  /** The provider's id once the render was accepted. */
  providerJobId: z.string().min(1).optional(),
  /** Batch or campaign the job belongs to. */
  batchId: idSchema.optional(),
  /** The draft (script) being rendered. */
  draftId: idSchema.optional(),
  /** The provider request as sent (no secrets). */
  request: metadataSchema,
  result: z
    .object({
      videoUrl: z.url(),
      thumbnailUrl: z.url().optional(),
      captionUrl: z.url().optional(),
      durationSeconds: z.number().nonnegative().optional(),
    })
    .optional(),
  error: z.object({ code: z.string(), message: z.string(), isRetryable: z.boolean() }).optional(),
  attempts: z.number().int().nonnegative().default(0),
  /** Estimated cost in the provider's unit (credits), before spending. */
  estimatedCost: z.number().nonnegative().optional(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type VideoJob = z.infer<typeof videoJobSchema>;
export type VideoJobInput = z.input<typeof videoJobSchema>;

/** A slot in the publishing calendar. */
export const calendarEntrySchema = z.object({
  id: idSchema,
  platform: platformSchema,
  scheduledAt: timestampSchema,
  /** IANA time zone the slot was planned in, e.g. `Europe/Berlin`. */
  timeZone: z.string().min(1).default("UTC"),
  title: z.string().min(1),
  draftId: idSchema.optional(),
  trendId: idSchema.optional(),
  status: z.enum(["planned", "scheduled", "published", "cancelled"]).default("planned"),
  /** Why this slot was chosen, for the user. */
  reason: z.string().optional(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  metadata: metadataSchema.default({}),
});
export type CalendarEntry = z.infer<typeof calendarEntrySchema>;
export type CalendarEntryInput = z.input<typeof calendarEntrySchema>;
