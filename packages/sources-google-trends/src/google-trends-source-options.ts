import { ConfigError, parseOptions } from "@undercurrent/core";
import { z } from "zod";
import { countryCodes } from "./country-codes.js";

/** Most keywords one explore request compares; more are split into batches of this size. */
export const keywordsPerExplore = 5;

const geoSchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine((code) => countryCodes.has(code), {
    error: (issue) => `expected an ISO 3166-1 alpha-2 region code such as "US" or "DE", got "${String(issue.input)}"`,
  });

const keywordsSchema = z
  .array(z.string().trim().min(1, "expected a non-empty keyword").max(100, "expected a keyword of at most 100 characters"))
  .max(50, "expected at most 50 keywords (each batch of 5 costs up to 7 requests)")
  .superRefine((keywords, context) => {
    const seen = new Set<string>();
    keywords.forEach((keyword, index) => {
      const folded = keyword.toLowerCase();
      if (seen.has(folded)) context.addIssue({ code: "custom", path: [index], message: `duplicate keyword "${keyword}"` });
      seen.add(folded);
    });
  });

const timeframeSchema = z
  .string()
  .trim()
  .regex(
    /^(now (1|4)-H|now (1|7)-d|today (1|3|12)-m|today 5-y|all|\d{4}-\d{2}-\d{2} \d{4}-\d{2}-\d{2})$/,
    'expected "now 1-H", "now 4-H", "now 1-d", "now 7-d", "today 1-m", "today 3-m", "today 12-m", "today 5-y", "all" or "YYYY-MM-DD YYYY-MM-DD"',
  );

const languageSchema = z
  .string()
  .trim()
  .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'expected a language tag such as "en-US" or "de"');

const baseUrlSchema = z
  .url({ protocol: /^https?$/, error: "expected an absolute http(s) URL" })
  .transform((url) => url.replace(/\/+$/, ""));

/** The schema `createGoogleTrendsSource` validates its options with (strict: unknown options are rejected). */
export const googleTrendsSourceOptionsSchema = z.strictObject({
  /**
   * Region of the trending-now feed and of interest over time, an ISO 3166-1 alpha-2 code (case-insensitive).
   * Env `GOOGLE_TRENDS_GEO`, default `"US"`.
   */
  geo: geoSchema.optional(),
  /**
   * Search terms whose interest over time and related queries are pulled, compared in batches of five.
   * Env `GOOGLE_TRENDS_KEYWORDS` (comma-separated), default none.
   */
  keywords: keywordsSchema.optional(),
  /** Window of the interest-over-time series, as Google Trends writes it. Env `GOOGLE_TRENDS_TIMEFRAME`, default `"now 7-d"` (hourly points). */
  timeframe: timeframeSchema.optional(),
  /** Interface language (`hl`), which localises formatted values. Env `GOOGLE_TRENDS_LANGUAGE`, default `"en-US"`. */
  language: languageSchema.optional(),
  /** Google's `tz`: minutes west of UTC (JavaScript's `getTimezoneOffset`), aligning day buckets. Default `0` (UTC). */
  timezoneOffsetMinutes: z.number().int().min(-840).max(840).optional(),
  /** Google Trends category id; `0` (default) is all categories. */
  category: z.number().int().nonnegative().optional(),
  /** Which Google search to measure: web (`""`, default), `images`, `news`, `youtube` or `froogle` (shopping). */
  property: z.enum(["", "images", "news", "youtube", "froogle"]).optional(),
  /** Pull the trending-now RSS feed of `geo`. Default `true`. */
  trendingSearches: z.boolean().optional(),
  /** Pull interest over time of `keywords` as time series. Default `true`. */
  interestOverTime: z.boolean().optional(),
  /** Pull the top and rising related queries of each keyword as items. Default `true`. */
  relatedQueries: z.boolean().optional(),
  /** Origin of Google Trends, for tests and proxies. Env `GOOGLE_TRENDS_BASE_URL`, default `"https://trends.google.com"`. */
  baseURL: baseUrlSchema.optional(),
  /** Extra request headers, e.g. a browser `user-agent`. */
  headers: z.record(z.string(), z.string()).optional(),
  /** How often the pipeline should pull, in milliseconds. Default 30 minutes. */
  pollIntervalMs: z.number().int().positive().optional(),
  /** First cool-down after Google blocks or rate-limits us; doubles with each block in a row. Default 15 minutes. */
  coolDownMs: z.number().int().positive().optional(),
  /** Longest cool-down. Default 4 hours. */
  maxCoolDownMs: z.number().int().positive().optional(),
});

/** Options of {@link createGoogleTrendsSource}. */
export type GoogleTrendsSourceOptions = z.input<typeof googleTrendsSourceOptionsSchema>;

/** Options after validation, environment and defaults. */
export interface GoogleTrendsSettings {
  geo: string;
  keywords: string[];
  timeframe: string;
  language: string;
  timezoneOffsetMinutes: number;
  category: number;
  property: "" | "images" | "news" | "youtube" | "froogle";
  trendingSearches: boolean;
  interestOverTime: boolean;
  relatedQueries: boolean;
  baseURL: string;
  headers: Record<string, string>;
  pollIntervalMs: number;
  coolDownMs: number;
  maxCoolDownMs: number;
}

const context = "createGoogleTrendsSource";

/** Reads a setting from the environment, validated with the option's schema; the error names the variable. */
function fromEnvironment<Schema extends z.ZodType>(schema: Schema, name: string, raw: unknown): z.output<Schema> | undefined {
  if (raw === undefined || raw === "") return undefined;
  return parseOptions(schema, raw, context, name);
}

/**
 * Validates the options, then resolves each setting: option, environment variable, default.
 * Throws a `ConfigError` naming the offending option (or environment variable).
 */
export function resolveGoogleTrendsSettings(
  options: GoogleTrendsSourceOptions,
  // Guarded: runtimes without `process` (edge, browsers) get defaults.
  environment: Record<string, string | undefined> = globalThis.process?.env ?? {},
): GoogleTrendsSettings {
  const parsed = parseOptions(googleTrendsSourceOptionsSchema, options ?? {}, context);
  const keywordsFromEnvironment = environment.GOOGLE_TRENDS_KEYWORDS?.split(",").filter((keyword) => keyword.trim() !== "");
  const settings: GoogleTrendsSettings = {
    geo: parsed.geo ?? fromEnvironment(geoSchema, "GOOGLE_TRENDS_GEO", environment.GOOGLE_TRENDS_GEO) ?? "US",
    keywords: parsed.keywords ?? fromEnvironment(keywordsSchema, "GOOGLE_TRENDS_KEYWORDS", keywordsFromEnvironment) ?? [],
    timeframe:
      parsed.timeframe ?? fromEnvironment(timeframeSchema, "GOOGLE_TRENDS_TIMEFRAME", environment.GOOGLE_TRENDS_TIMEFRAME) ?? "now 7-d",
    language: parsed.language ?? fromEnvironment(languageSchema, "GOOGLE_TRENDS_LANGUAGE", environment.GOOGLE_TRENDS_LANGUAGE) ?? "en-US",
    timezoneOffsetMinutes: parsed.timezoneOffsetMinutes ?? 0,
    category: parsed.category ?? 0,
    property: parsed.property ?? "",
    trendingSearches: parsed.trendingSearches ?? true,
    interestOverTime: parsed.interestOverTime ?? true,
    relatedQueries: parsed.relatedQueries ?? true,
    baseURL:
      parsed.baseURL ??
      fromEnvironment(baseUrlSchema, "GOOGLE_TRENDS_BASE_URL", environment.GOOGLE_TRENDS_BASE_URL) ??
      "https://trends.google.com",
    headers: parsed.headers ?? {},
    pollIntervalMs: parsed.pollIntervalMs ?? 30 * 60_000,
    coolDownMs: parsed.coolDownMs ?? 15 * 60_000,
    maxCoolDownMs: parsed.maxCoolDownMs ?? 4 * 60 * 60_000,
  };
  const pullsKeywords = settings.keywords.length > 0 && (settings.interestOverTime || settings.relatedQueries);
  if (!settings.trendingSearches && !pullsKeywords) {
    throw new ConfigError({
      context,
      issues: [
        {
          path: "options.keywords",
          message: "nothing to pull: give keywords (with interestOverTime or relatedQueries) or leave trendingSearches on",
        },
      ],
    });
  }
  if (settings.maxCoolDownMs < settings.coolDownMs) {
    throw new ConfigError({
      context,
      issues: [{ path: "options.maxCoolDownMs", message: `expected at least coolDownMs (${settings.coolDownMs})` }],
    });
  }
  return settings;
}
