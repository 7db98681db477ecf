import { z } from "zod";
import { idSchema, metadataSchema, timestampSchema } from "./common.js";

/** What kind of thing an item is. */
export const itemKindSchema = z.enum([
  "story",
  "post",
  "comment",
  "repository",
  "search-term",
  "video",
  "article",
  "link",
  "tag",
  "status",
  "other",
]);
export type ItemKind = z.infer<typeof itemKindSchema>;

/** Who published an item. */
export const authorSchema = z.object({
  /** The source's id or handle for the author. */
  id: z.string().min(1),
  /** Display name, when it differs from the handle. */
  name: z.string().optional(),
  /** Profile URL. */
  url: z.url().optional(),
});
export type Author = z.infer<typeof authorSchema>;

/**
 * One thing seen on a source: a story, post, repository, search term, video…
 * `id` is global (`<source>:<externalId>`, see {@link itemId}); engagement over time lives in observations.
 */
export const itemSchema = z.object({
  /** Global id, `<source>:<externalId>`. */
  id: idSchema,
  /** Id of the source that produced it, e.g. `hackernews`. */
  source: idSchema,
  /** The source's own id for it (HN item id, repo full name, subreddit post id…). */
  externalId: idSchema,
  kind: itemKindSchema,
  /** Headline or name. */
  title: z.string().max(2_000),
  /** Body text or description; empty when the source has none. */
  text: z.string().max(100_000).default(""),
  url: z.url().optional(),
  author: authorSchema.optional(),
  /** Tags, topics, flairs, hashtags (without `#`). */
  tags: z.array(z.string().min(1)).default([]),
  /** BCP 47 language tag when known, e.g. `en`. */
  language: z.string().min(2).max(35).optional(),
  /** When the source says it was published. */
  publishedAt: timestampSchema,
  /** When Undercurrent first fetched it. */
  fetchedAt: timestampSchema,
  /** Source-specific extras (e.g. `{ isShowHN: true }`). */
  metadata: metadataSchema.default({}),
});
export type Item = z.infer<typeof itemSchema>;
/** An item as accepted by the schema (timestamps may be ISO strings, defaults may be left out). */
export type ItemInput = z.input<typeof itemSchema>;

/** The global id of an item: `<source>:<externalId>`. */
export function itemId(source: string, externalId: string | number): string {
  return `${source}:${externalId}`;
}

/** Engagement numbers of an item at one moment. Every metric is optional; sources fill the ones they have. */
export const metricsSchema = z
  .object({
    score: z.number().finite(),
    comments: z.number().int().nonnegative(),
    shares: z.number().int().nonnegative(),
    likes: z.number().int().nonnegative(),
    views: z.number().int().nonnegative(),
    stars: z.number().int().nonnegative(),
    forks: z.number().int().nonnegative(),
    /** Times a tag, term or link was used or mentioned in the period (Mastodon tag uses, trend mentions). */
    mentions: z.number().int().nonnegative(),
    /** Search interest on the source's own scale (Google Trends: 0–100). */
    searchInterest: z.number().nonnegative(),
    /** Position in a ranked list (1 = top), e.g. the HN front page. */
    rank: z.number().int().positive(),
  })
  .partial();
export type Metrics = z.infer<typeof metricsSchema>;

/** An item's engagement metrics at a moment. */
export const observationSchema = z.object({
  itemId: idSchema,
  source: idSchema,
  observedAt: timestampSchema,
  metrics: metricsSchema,
});
export type Observation = z.infer<typeof observationSchema>;
export type ObservationInput = z.input<typeof observationSchema>;

/** Granularity of a time series. */
export const seriesIntervalSchema = z.enum(["minute", "hour", "day", "week", "month", "irregular"]);
export type SeriesInterval = z.infer<typeof seriesIntervalSchema>;

/** One point of a time series. */
export const seriesPointSchema = z.object({ at: timestampSchema, value: z.number().finite() });
export type SeriesPoint = z.infer<typeof seriesPointSchema>;

/**
 * A metric over time for one key: Google Trends interest for a keyword, a Mastodon tag's daily uses,
 * a trend's mentions per hour. Points are in time order.
 */
export const timeSeriesSchema = z.object({
  /** Stable id, e.g. `google-trends:interest:US:rust`. */
  id: idSchema,
  /** Source id, or `engine` for series Undercurrent computes. */
  source: idSchema,
  /** What is measured, e.g. `search-interest`, `uses`, `mentions`. */
  metric: z.string().min(1),
  /** What the series is about: a keyword, tag, item id or trend id. */
  key: z.string().min(1),
  interval: seriesIntervalSchema,
  points: z.array(seriesPointSchema).refine((points) => points.every((point, index) => index === 0 || point.at >= points[index - 1]!.at), {
    message: "points must be in time order",
  }),
  metadata: metadataSchema.default({}),
});
export type TimeSeries = z.infer<typeof timeSeriesSchema>;
export type TimeSeriesInput = z.input<typeof timeSeriesSchema>;
