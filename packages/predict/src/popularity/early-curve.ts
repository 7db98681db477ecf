import { timestampSchema } from "@undercurrent/core";
import { z } from "zod";

const hourMs = 3_600_000;

/** One observation of an item's engagement: the count (score, upvotes, views) and, where known, comments and rank. */
export const earlyObservationSchema = z.object({
  at: timestampSchema,
  /** Engagement so far (upvotes, score, views); not negative. */
  value: z.number().finite().min(0),
  /** Comments so far, when the source reports them. */
  comments: z.number().finite().min(0).optional(),
  /** Position on the listing (1 = top), when the source has one. */
  rank: z.number().finite().min(1).optional(),
});
/** One observation of an item's engagement. */
export type EarlyObservation = z.infer<typeof earlyObservationSchema>;
/** {@link EarlyObservation} as accepted (timestamps may be ISO strings). */
export type EarlyObservationInput = z.input<typeof earlyObservationSchema>;

/** What an early-popularity model reads about one item. */
export const earlyPopularityInputSchema = z.object({
  /** Source id, e.g. `hackernews`, `reddit`, `youtube`: models are fitted per source. */
  source: z.string().trim().min(1, "expected a non-empty source id"),
  /** Observations in any order; those after the model's horizon (from the first one) are ignored. */
  observations: z.array(earlyObservationSchema).min(1, "expected at least one observation"),
  /** When the item was published, if known (otherwise the first observation stands in). */
  publishedAt: timestampSchema.optional(),
});
/** What an early-popularity model reads about one item. */
export type EarlyPopularityInput = z.infer<typeof earlyPopularityInputSchema>;
/** {@link EarlyPopularityInput} as accepted. */
export type EarlyPopularityInputValue = z.input<typeof earlyPopularityInputSchema>;

/** A training example: the early input plus the engagement to predict (peak or final). */
export const earlyPopularityExampleSchema = earlyPopularityInputSchema.extend({
  /** The peak (or final) engagement the model learns to predict; not negative. */
  target: z.number().finite().min(0),
});
/** A training example for early-popularity models. */
export type EarlyPopularityExample = z.infer<typeof earlyPopularityExampleSchema>;
/** {@link EarlyPopularityExample} as accepted. */
export type EarlyPopularityExampleInput = z.input<typeof earlyPopularityExampleSchema>;

/** The part of a trajectory a model sees: observations up to `horizonHours` (+ tolerance) after the first. */
export interface EarlyWindow {
  observations: EarlyObservation[];
  /** Time of the first observation. */
  start: Date;
  /** Hours between the first and the last observation in the window. */
  spanHours: number;
  /** Highest value seen in the window (a peak is never below it). */
  maxValue: number;
}

/** Sorts the observations and keeps those within `horizonHours + toleranceHours` of the first one. */
export function earlyWindow(input: EarlyPopularityInput, horizonHours: number, toleranceHours: number): EarlyWindow {
  const sorted = [...input.observations].sort((a, b) => a.at.getTime() - b.at.getTime());
  const start = sorted[0]!.at;
  const limit = start.getTime() + (horizonHours + toleranceHours) * hourMs;
  const observations = sorted.filter((observation) => observation.at.getTime() <= limit);
  const last = observations[observations.length - 1]!;
  return {
    observations,
    start,
    spanHours: (last.at.getTime() - start.getTime()) / hourMs,
    maxValue: Math.max(...observations.map((observation) => observation.value)),
  };
}

function signedLog(value: number): number {
  return Math.sign(value) * Math.log1p(Math.abs(value));
}

/** Per-hour growth between two observations; 0 when they share a timestamp. */
function velocity(from: EarlyObservation, to: EarlyObservation): number {
  const hours = (to.at.getTime() - from.at.getTime()) / hourMs;
  return hours > 0 ? (to.value - from.value) / hours : 0;
}

/** Per-hour growth of comments between two observations; 0 when unknown or simultaneous. */
function commentVelocity(from: EarlyObservation, to: EarlyObservation): number {
  const hours = (to.at.getTime() - from.at.getTime()) / hourMs;
  return hours > 0 && from.comments !== undefined && to.comments !== undefined ? (to.comments - from.comments) / hours : 0;
}

/** Names of the curve features, in the order {@link curveFeatures} returns them. */
export const curveFeatureNames = [
  "logValue",
  "logFirstValue",
  "logGrowth",
  "spanHours",
  "observations",
  "logVelocity",
  "relativeVelocity",
  "relativeAcceleration",
  "logComments",
  "commentRatio",
  "hasComments",
  "logRank",
  "rankGain",
  "hasRank",
  "lastRankGain",
  "logBestRank",
  "relativeCommentVelocity",
  "logAgeHours",
  "hasAge",
  "hourSin",
  "hourCos",
  "hour",
  "weekday",
  "weekend",
] as const;

/**
 * The early curve's shape as numbers (all finite): level, growth since the first observation, the last
 * step's velocity and acceleration relative to the level, comments and rank where known, the item's age
 * at the first observation, and the hour and weekday (UTC) it started.
 */
export function curveFeatures(window: EarlyWindow, publishedAt: Date | undefined): number[] {
  const points = window.observations;
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const previous = points.length >= 2 ? points[points.length - 2]! : undefined;
  const beforePrevious = points.length >= 3 ? points[points.length - 3]! : undefined;
  const lastVelocity = previous ? velocity(previous, last) : 0;
  const previousVelocity = previous && beforePrevious ? velocity(beforePrevious, previous) : lastVelocity;
  const level = 1 + last.value;
  const comments = last.comments;
  const rank = last.rank;
  const firstRank = first.rank ?? rank;
  const ageHours = publishedAt ? Math.max(0, (window.start.getTime() - publishedAt.getTime()) / hourMs) : 0;
  const hour = window.start.getUTCHours() + window.start.getUTCMinutes() / 60;
  const weekday = window.start.getUTCDay();
  const features = [
    Math.log(level),
    Math.log1p(first.value),
    Math.log(level) - Math.log1p(first.value),
    window.spanHours,
    points.length,
    signedLog(lastVelocity),
    lastVelocity / level,
    (lastVelocity - previousVelocity) / level,
    comments === undefined ? 0 : Math.log1p(comments),
    comments === undefined ? 0 : Math.log1p(comments) - Math.log(level),
    comments === undefined ? 0 : 1,
    rank === undefined ? 0 : Math.log(rank),
    rank === undefined || firstRank === undefined ? 0 : Math.log(firstRank) - Math.log(rank),
    rank === undefined ? 0 : 1,
    rank === undefined || previous?.rank === undefined ? 0 : Math.log(previous.rank) - Math.log(rank),
    Math.log(Math.min(...points.map((point) => point.rank ?? Number.POSITIVE_INFINITY))),
    comments === undefined || previous?.comments === undefined ? 0 : commentVelocity(previous, last) / (1 + comments),
    Math.log1p(ageHours),
    publishedAt ? 1 : 0,
    Math.sin((2 * Math.PI * hour) / 24),
    Math.cos((2 * Math.PI * hour) / 24),
    hour,
    weekday,
    weekday === 0 || weekday === 6 ? 1 : 0,
  ];
  return features.map((value) => (Number.isFinite(value) ? value : 0));
}
