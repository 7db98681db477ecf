import { z } from "zod";
import { idSchema, metadataSchema, platformSchema, timestampSchema } from "./common.js";

/** Something a user did that personalisation learns from. */
export const userEventSchema = z.object({
  id: idSchema,
  userId: idSchema,
  type: z.enum(["view", "click", "save", "dismiss", "like", "share", "publish", "edit", "engagement"]),
  at: timestampSchema,
  trendId: idSchema.optional(),
  itemId: idSchema.optional(),
  draftId: idSchema.optional(),
  platform: platformSchema.optional(),
  /** A measured value, e.g. the engagement a published post received. */
  value: z.number().finite().optional(),
  metadata: metadataSchema.default({}),
});
export type UserEvent = z.infer<typeof userEventSchema>;
export type UserEventInput = z.input<typeof userEventSchema>;

/** A recurring weekly slot and how well it performs for the user. */
export const postingTimeSchema = z.object({
  platform: platformSchema,
  /** 0 = Sunday … 6 = Saturday, in `timeZone`. */
  weekday: z.number().int().min(0).max(6),
  hour: z.number().int().min(0).max(23),
  timeZone: z.string().min(1).default("UTC"),
  /** Relative expected engagement, 1 = the user's average. */
  score: z.number().nonnegative(),
});
export type PostingTime = z.infer<typeof postingTimeSchema>;

/**
 * What Undercurrent has learned about one user. Holds every field of the `user_behavior_profiles` table
 * (content preferences, optimal posting times, engagement patterns, writing style, topic interests).
 */
export const userProfileSchema = z.object({
  userId: idSchema,
  /** Preferred formats, platforms, lengths… as weights. */
  contentPreferences: metadataSchema.default({}),
  optimalPostingTimes: z.array(postingTimeSchema).default([]),
  /** Learned engagement statistics per platform / format. */
  engagementPatterns: metadataSchema.default({}),
  /** Writing style features (sentence length, emoji rate, tone…). */
  writingStyle: metadataSchema.default({}),
  /** Topics with interest weights, strongest first. */
  topicInterests: z.array(z.object({ topic: z.string().min(1), weight: z.number() })).default([]),
  updatedAt: timestampSchema,
});
export type UserProfile = z.infer<typeof userProfileSchema>;
export type UserProfileInput = z.input<typeof userProfileSchema>;

/**
 * What a competitor did on a platform over a period. Holds every field of the `competitive_intelligence`
 * table (competitor name, platform, content strategy, posting frequency, engagement metrics, trending topics).
 */
export const competitorSnapshotSchema = z.object({
  id: idSchema,
  competitorName: z.string().min(1).max(255),
  platform: platformSchema,
  contentStrategy: metadataSchema.default({}),
  /** e.g. `{ postsPerWeek: 5, byWeekday: [...] }`. */
  postingFrequency: metadataSchema.default({}),
  engagementMetrics: metadataSchema.default({}),
  trendingTopics: z.array(z.string().min(1)).default([]),
  analyzedAt: timestampSchema,
});
export type CompetitorSnapshot = z.infer<typeof competitorSnapshotSchema>;
export type CompetitorSnapshotInput = z.input<typeof competitorSnapshotSchema>;
