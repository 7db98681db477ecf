import { toValidationIssues } from "@undercurrent/core";
import { z } from "zod";

// Mastodon sends history numbers as strings ("1876"); accept numbers too in case a fork fixes that.
const numberLikeSchema = z.union([z.string(), z.number()]).nullish();

/** One day of a tag's or link's usage. Mastodon sends seven, newest first. */
export const historyEntrySchema = z.looseObject({
  /** Epoch seconds at 00:00 UTC, as a string. */
  day: numberLikeSchema,
  /** Statuses that used it that day. */
  uses: numberLikeSchema,
  /** Accounts that used it that day. */
  accounts: numberLikeSchema,
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

const historySchema = z.array(historyEntrySchema).nullish();

/** A trending hashtag (`GET /api/v1/trends/tags`). */
export const trendingTagSchema = z.looseObject({
  name: z.string().trim().min(1),
  url: z.string().nullish(),
  history: historySchema,
});
export type TrendingTag = z.infer<typeof trendingTagSchema>;

/** A trending link, a PreviewCard with history (`GET /api/v1/trends/links`). Empty strings stand for missing values. */
export const trendingLinkSchema = z.looseObject({
  url: z.url(),
  title: z.string().nullish(),
  description: z.string().nullish(),
  type: z.string().nullish(),
  author_name: z.string().nullish(),
  author_url: z.string().nullish(),
  provider_name: z.string().nullish(),
  provider_url: z.string().nullish(),
  image: z.string().nullish(),
  history: historySchema,
});
export type TrendingLink = z.infer<typeof trendingLinkSchema>;

const countSchema = z.number().nullish();

/** A trending status (`GET /api/v1/trends/statuses`). */
export const trendingStatusSchema = z.looseObject({
  id: z.union([z.string().trim().min(1), z.number().int().transform(String)]),
  created_at: z.iso.datetime({ offset: true }),
  content: z.string().nullish(),
  url: z.string().nullish(),
  uri: z.string().nullish(),
  language: z.string().nullish(),
  account: z.looseObject({
    acct: z.string().trim().min(1),
    display_name: z.string().nullish(),
    url: z.string().nullish(),
  }),
  reblogs_count: countSchema,
  favourites_count: countSchema,
  replies_count: countSchema,
  tags: z.array(z.looseObject({ name: z.string() })).nullish(),
});
export type TrendingStatus = z.infer<typeof trendingStatusSchema>;

/**
 * Every trends endpoint answers a JSON array. Entries are checked one by one (see {@link parseEntries}) so one
 * malformed entry costs that entry, not the snapshot.
 */
export const trendListSchema = z.array(z.unknown());

/** Mastodon's error body: `{"error": "...", "error_description": "..."}`. */
export const mastodonErrorBodySchema = z.looseObject({
  error: z.string(),
  error_description: z.string().nullish(),
});

/** An entry that parsed, with its position in the whole trend list (1 = top). */
export interface RankedEntry<Entry> {
  entry: Entry;
  rank: number;
}

/**
 * Parses each entry of a trend list page with `schema`. Invalid entries are left out and described in
 * `warnings` (`"trending statuses entry 3 skipped: account.acct: expected string, received undefined"`).
 */
export function parseEntries<Schema extends z.ZodType>(
  schema: Schema,
  entries: readonly unknown[],
  options: { label: string; offset: number },
): { valid: RankedEntry<z.output<Schema>>[]; warnings: string[] } {
  const valid: RankedEntry<z.output<Schema>>[] = [];
  const warnings: string[] = [];
  entries.forEach((entry, index) => {
    const rank = options.offset + index + 1;
    const parsed = schema.safeParse(entry);
    if (parsed.success) {
      valid.push({ entry: parsed.data, rank });
      return;
    }
    const reasons = toValidationIssues(parsed.error.issues)
      .map((issue) => `${issue.path || "(entry)"}: ${issue.message}`)
      .join("; ");
    warnings.push(`${options.label} entry ${rank} skipped: ${reasons}`);
  });
  return { valid, warnings };
}
