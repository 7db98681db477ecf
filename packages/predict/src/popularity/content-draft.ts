import { timestampSchema } from "@undercurrent/core";
import { z } from "zod";
import { lexiconSentiment, words } from "./sentiment-lexicon.js";

/** The author's own track record, when the caller knows it (otherwise it is learned from training examples). */
export const authorBaselineSchema = z.object({
  /** Earlier posts counted. */
  posts: z.number().int().min(0),
  /** Share of those posts that succeeded, 0–1. */
  successRate: z.number().min(0).max(1),
  /** Median engagement of those posts. */
  medianEngagement: z.number().finite().min(0),
});
/** The author's own track record. */
export type AuthorBaseline = z.infer<typeof authorBaselineSchema>;

/** A piece of content before publishing. */
export const contentDraftSchema = z.object({
  /** Headline or title. */
  title: z.string().trim().min(1, "expected a non-empty title"),
  /** Body text, if any. */
  text: z.string().optional(),
  /** The link it points to, if any (its domain is a feature). */
  url: z.string().optional(),
  /** Where it will be published: a platform (`x`, `youtube`…) or a source id (`hackernews`, `reddit`). */
  platform: z.string().trim().min(1, "expected a non-empty platform"),
  /** When it is planned to go out. */
  plannedAt: timestampSchema,
  /** Author id (learned baselines are kept per author). */
  author: z.string().optional(),
  /** The author's own baseline, overriding the learned one. */
  authorBaseline: authorBaselineSchema.optional(),
  /** Velocity of the trend the draft rides, e.g. relative growth per hour (0 = flat). */
  trendVelocity: z.number().finite().optional(),
});
/** A piece of content before publishing. */
export type ContentDraft = z.infer<typeof contentDraftSchema>;
/** {@link ContentDraft} as accepted (timestamps may be ISO strings). */
export type ContentDraftInput = z.input<typeof contentDraftSchema>;

/** A published piece with its outcome, for training. */
export const contentExampleSchema = contentDraftSchema.extend({
  /** Engagement it got (points, likes, views); not negative. */
  engagement: z.number().finite().min(0),
});
/** A published piece with its outcome. */
export type ContentExample = z.infer<typeof contentExampleSchema>;
/** {@link ContentExample} as accepted. */
export type ContentExampleInput = z.input<typeof contentExampleSchema>;

/** The link's host without `www.`, or `""` when there is no parseable link. */
export function domainOf(url: string | undefined): string {
  if (!url) return "";
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, "");
  } catch {
    return "";
  }
}

/** Words of the link's host and path (`url:github`, `url:blog`, `url:pdf`), without repeats. */
export function urlTokens(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const parsed = new URL(url);
    const parts = `${parsed.hostname} ${parsed.pathname}`.toLowerCase().match(/[a-z]{2,}/g) ?? [];
    return [...new Set(parts.filter((part) => part !== "www" && part !== "com" && part !== "html").map((part) => `url:${part}`))];
  } catch {
    return [];
  }
}

/** Names of {@link draftFeatures}, in order. */
export const draftFeatureNames = [
  "titleCharacters",
  "titleWords",
  "meanWordLength",
  "capitalShare",
  "hasNumber",
  "startsWithNumber",
  "isQuestion",
  "hasColon",
  "hasBracketTag",
  "hasExclamation",
  "showHn",
  "askHn",
  "tellHn",
  "hasLink",
  "logTextLength",
  "sentiment",
  "hourSin",
  "hourCos",
  "hour",
  "weekday",
  "weekend",
  "trendVelocity",
  "hasTrendVelocity",
] as const;

/**
 * The draft's own features (all finite): title length and word statistics, number/question/format flags
 * (Show HN, Ask HN, Tell HN, `[pdf]`/`(2016)` tags), link, body length, sentiment, the planned hour and
 * weekday (UTC) and the trend velocity.
 */
export function draftFeatures(draft: ContentDraft, sentiment: number): number[] {
  const title = draft.title;
  const tokens = words(title);
  const letters = title.replace(/[^A-Za-z]/g, "");
  const hour = draft.plannedAt.getUTCHours() + draft.plannedAt.getUTCMinutes() / 60;
  const weekday = draft.plannedAt.getUTCDay();
  const velocity = draft.trendVelocity ?? 0;
  const features = [
    title.length,
    tokens.length,
    tokens.length === 0 ? 0 : tokens.reduce((sum, token) => sum + token.length, 0) / tokens.length,
    letters.length === 0 ? 0 : letters.replace(/[^A-Z]/g, "").length / letters.length,
    /\d/.test(title) ? 1 : 0,
    /^\d/.test(title) ? 1 : 0,
    /\?\s*$/.test(title) ? 1 : 0,
    title.includes(":") ? 1 : 0,
    /[[(][^\])]{1,12}[\])]\s*$/.test(title) ? 1 : 0,
    title.includes("!") ? 1 : 0,
    /^show hn\b/i.test(title) ? 1 : 0,
    /^ask hn\b/i.test(title) ? 1 : 0,
    /^tell hn\b/i.test(title) ? 1 : 0,
    domainOf(draft.url) === "" ? 0 : 1,
    Math.log1p(draft.text?.length ?? 0),
    sentiment,
    Math.sin((2 * Math.PI * hour) / 24),
    Math.cos((2 * Math.PI * hour) / 24),
    hour,
    weekday,
    weekday === 0 || weekday === 6 ? 1 : 0,
    Math.sign(velocity) * Math.log1p(Math.abs(velocity)),
    draft.trendVelocity === undefined ? 0 : 1,
  ];
  return features.map((value) => (Number.isFinite(value) ? value : 0));
}

/** Sentiment of title and body by the built-in lexicon. */
export function defaultSentiment(draft: ContentDraft): number {
  return lexiconSentiment(`${draft.title} ${draft.text ?? ""}`);
}
