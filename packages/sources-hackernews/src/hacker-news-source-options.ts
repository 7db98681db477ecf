import { ConfigError, parseOptions } from "@undercurrent/core";
import { z } from "zod";

/** The Algolia tags a source can select. Several are combined with OR. */
export const hackerNewsTags = ["story", "show_hn", "ask_hn", "front_page"] as const;
/** One of {@link hackerNewsTags}. */
export type HackerNewsTag = (typeof hackerNewsTags)[number];

/** The ranked id lists of the official Firebase API that front-page tracking can follow. */
export const hackerNewsFrontPageLists = ["top", "best", "new"] as const;
/** One of {@link hackerNewsFrontPageLists}: `top` is the front page itself. */
export type HackerNewsFrontPageList = (typeof hackerNewsFrontPageLists)[number];

/** Where requests go when neither an option nor an environment variable says otherwise. */
export const hackerNewsDefaults = {
  baseURL: "https://hn.algolia.com/api/v1",
  firebaseBaseURL: "https://hacker-news.firebaseio.com/v0",
} as const;

/** The environment variables the source reads (when the matching option is not given). */
export const hackerNewsEnvironmentVariables = {
  baseURL: "HACKERNEWS_BASE_URL",
  firebaseBaseURL: "HACKERNEWS_FIREBASE_BASE_URL",
} as const;

const baseUrlSchema = z
  .url({ protocol: /^https?$/, error: "expected an absolute http(s) URL, e.g. https://hn.algolia.com/api/v1" })
  .transform((value) => value.replace(/\/+$/, ""));

/** The schema `createHackerNewsSource` validates its options with. */
export const hackerNewsSourceOptionsSchema = z.strictObject({
  baseURL: baseUrlSchema.optional(),
  firebaseBaseURL: baseUrlSchema.optional(),
  headers: z.record(z.string(), z.string()).default({}),
  tags: z
    .array(z.enum(hackerNewsTags, { error: `expected one of ${hackerNewsTags.join(", ")}` }))
    .min(1, "expected at least one tag")
    .refine((tags) => new Set(tags).size === tags.length, "expected each tag at most once")
    .default(["story"]),
  query: z.string().trim().min(1, "expected a non-empty search query").max(512).optional(),
  minPoints: z.number().int().nonnegative().default(0),
  hitsPerPage: z.number().int().min(1).max(1_000, "expected at most 1000, the most Algolia serves per page").default(100),
  frontPage: z.boolean().default(false),
  frontPageList: z.enum(hackerNewsFrontPageLists, { error: "expected top, best or new" }).default("top"),
  frontPageSize: z.number().int().min(1).max(500, "the Firebase lists hold at most 500 ids").default(30),
  watchHours: z.number().positive().max(168, "expected at most 168 hours (a week)").default(24),
  maxWatched: z.number().int().nonnegative().max(1_000).default(200),
  pollIntervalMs: z
    .number()
    .int()
    .min(10_000, "expected at least 10000 ms")
    .default(5 * 60_000),
});

/** Options of {@link createHackerNewsSource}. */
export interface HackerNewsSourceOptions {
  /**
   * The Algolia HN Search API root. Defaults to the `HACKERNEWS_BASE_URL` environment variable, then
   * `https://hn.algolia.com/api/v1`. Point it at a proxy or a test server.
   */
  baseURL?: string;
  /**
   * The official Firebase API root, used for front-page tracking. Defaults to the `HACKERNEWS_FIREBASE_BASE_URL`
   * environment variable, then `https://hacker-news.firebaseio.com/v0`.
   */
  firebaseBaseURL?: string;
  /** Extra headers for every request (both APIs). */
  headers?: Record<string, string>;
  /**
   * Which stories to pull, combined with OR: `story` (every story), `show_hn`, `ask_hn`, `front_page`.
   * Defaults to `["story"]`. With `front_page` the source looks for rising stories (see `watchHours`).
   */
  tags?: HackerNewsTag[];
  /** Full-text search query; only matching stories are pulled. */
  query?: string;
  /**
   * Only stories with at least this many points are pulled, as soon as they reach it within `watchHours` of
   * being posted. Defaults to 0 (every new story at once).
   */
  minPoints?: number;
  /** Hits per Algolia request, 1–1000. Defaults to 100. */
  hitsPerPage?: number;
  /** Track the front page through the Firebase API, observing each story's rank. Defaults to `false`. */
  frontPage?: boolean;
  /** The ranked list front-page tracking follows: `top` (the front page), `best` or `new`. Defaults to `top`. */
  frontPageList?: HackerNewsFrontPageList;
  /** How many ranks of that list are tracked, 1–500. Defaults to 30 (one front page). */
  frontPageSize?: number;
  /** How long after posting a story's points and comments are observed again on every pull. Defaults to 24 hours. */
  watchHours?: number;
  /** At most this many stories are watched (the newest win), 0–1000. Defaults to 200. */
  maxWatched?: number;
  /** How often the pipeline should pull, in milliseconds. Defaults to 5 minutes; at least 10 seconds. */
  pollIntervalMs?: number;
}

/** Options after validation, defaults and environment variables. */
export type HackerNewsSourceSettings = Omit<z.output<typeof hackerNewsSourceOptionsSchema>, "baseURL" | "firebaseBaseURL"> & {
  baseURL: string;
  firebaseBaseURL: string;
};

type UrlSetting = keyof typeof hackerNewsEnvironmentVariables;

function resolveUrl(name: UrlSetting, option: string | undefined, environment: NodeJS.ProcessEnv): string {
  if (option !== undefined) return option;
  const variable = hackerNewsEnvironmentVariables[name];
  const value = environment[variable]?.trim();
  if (!value) return hackerNewsDefaults[name];
  const parsed = baseUrlSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ConfigError({
    context: "createHackerNewsSource",
    issues: [{ path: variable, message: `expected an absolute http(s) URL, got "${value}"` }],
  });
}

/** Validates options and resolves each setting: option, then environment variable, then default. */
export function resolveHackerNewsSettings(options: unknown, environment: NodeJS.ProcessEnv = process.env): HackerNewsSourceSettings {
  const parsed = parseOptions(hackerNewsSourceOptionsSchema, options ?? {}, "createHackerNewsSource");
  return {
    ...parsed,
    baseURL: resolveUrl("baseURL", parsed.baseURL, environment),
    firebaseBaseURL: resolveUrl("firebaseBaseURL", parsed.firebaseBaseURL, environment),
  };
}
