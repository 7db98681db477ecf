import { ConfigError } from "@undercurrent/core";
import { z } from "zod";
import { redditErrorCodes } from "./reddit-error.js";

/** The listings a subreddit offers. `top` is read over {@link RedditSourceOptions.topPeriod}. */
export const redditListings = ["hot", "new", "rising", "top"] as const;
/** One of {@link redditListings}. */
export type RedditListing = (typeof redditListings)[number];

/** The time windows of the `top` listing (Reddit's `t` parameter). */
export const redditTopPeriods = ["hour", "day", "week", "month", "year", "all"] as const;
/** One of {@link redditTopPeriods}. */
export type RedditTopPeriod = (typeof redditTopPeriods)[number];

// Reddit's own rule for subreddit names; `all` and `popular` fit it too.
const subredditNamePattern = /^[A-Za-z0-9_]{3,21}$/;
// `<platform>:<app id>:<version> (by /u/<username>)`, the form Reddit's API rules ask for.
const userAgentPattern = /^\S+:\S+:\S+ \(by \/?u\/[A-Za-z0-9_-]{3,20}\)$/;
const userAgentMessage = "expected a descriptive User-Agent like `nodejs:com.example.trends:v1.0.0 (by /u/your_username)`";

const subredditSchema = z
  .string()
  .trim()
  .transform((name) => name.replace(/^\/?r\//i, ""))
  .pipe(z.string().regex(subredditNamePattern, "expected a subreddit name of 3–21 letters, digits or underscores (or all, popular)"));

const httpUrlSchema = z
  .url({ protocol: /^https?$/, error: "expected an absolute http(s) URL" })
  .transform((url) => url.replace(/\/+$/, ""));

const credentialSchema = z.string().trim().min(1, "expected a non-empty string");

/** The schema `createRedditSource` validates its options with. */
export const redditSourceOptionsSchema = z.strictObject({
  clientId: credentialSchema.optional(),
  clientSecret: credentialSchema.optional(),
  userAgent: z.string().trim().regex(userAgentPattern, userAgentMessage).optional(),
  subreddits: z
    .array(subredditSchema)
    .min(1, "expected at least one subreddit")
    .max(100, "expected at most 100 subreddits")
    .refine((names) => new Set(names.map((name) => name.toLowerCase())).size === names.length, "expected each subreddit once")
    .default(["popular"]),
  listings: z
    .array(z.enum(redditListings, { error: `expected one of ${redditListings.join(", ")}` }))
    .min(1, "expected at least one listing")
    .refine((listings) => new Set(listings).size === listings.length, "expected each listing once")
    .default(["hot", "rising"]),
  topPeriod: z.enum(redditTopPeriods, { error: `expected one of ${redditTopPeriods.join(", ")}` }).default("day"),
  postsPerListing: z.number().int().min(1).max(1_000).default(25),
  includeNsfw: z.boolean().default(false),
  pollIntervalMs: z
    .number()
    .int()
    .min(1_000)
    .default(5 * 60 * 1000),
  baseURL: httpUrlSchema.default("https://oauth.reddit.com"),
  tokenURL: httpUrlSchema.default("https://www.reddit.com/api/v1/access_token"),
  headers: z.record(z.string(), z.string()).default({}),
});

/** Options of {@link createRedditSource}. Every option is optional; credentials usually come from the environment. */
export interface RedditSourceOptions {
  /** OAuth client id of your Reddit app. Defaults to the `REDDIT_CLIENT_ID` environment variable, read at pull time. */
  clientId?: string;
  /** OAuth client secret of your Reddit app. Defaults to `REDDIT_CLIENT_SECRET`, read at pull time. Never logged. */
  clientSecret?: string;
  /**
   * The User-Agent Reddit requires on every request: `<platform>:<app id>:<version> (by /u/<username>)`.
   * Defaults to `REDDIT_USER_AGENT`, read at pull time.
   */
  userAgent?: string;
  /** Subreddits to watch, without `r/` (a leading `r/` is removed): 3–21 letters, digits or `_`, or `all`, `popular`. Defaults to `["popular"]`. */
  subreddits?: string[];
  /** Listings read in every subreddit. Defaults to `["hot", "rising"]`. */
  listings?: RedditListing[];
  /** Time window of the `top` listing (Reddit's `t`). Defaults to `day`. */
  topPeriod?: RedditTopPeriod;
  /** Posts read from the top of each ranked listing (`hot`, `rising`, `top`) per poll, 1–1000. Defaults to 25. */
  postsPerListing?: number;
  /** Keep posts marked NSFW (`over_18`). Defaults to `false`: they are skipped. */
  includeNsfw?: boolean;
  /** How often the pipeline should poll, in milliseconds (at least 1000). Defaults to 5 minutes. */
  pollIntervalMs?: number;
  /** Base URL of the OAuth API, for proxies and tests. Defaults to `https://oauth.reddit.com`. */
  baseURL?: string;
  /** The OAuth token endpoint. Defaults to `https://www.reddit.com/api/v1/access_token`. */
  tokenURL?: string;
  /** Extra headers sent with every request. `authorization` and `user-agent` are always set by the source. */
  headers?: Record<string, string>;
}

/** Options after validation and defaults. */
export type RedditSourceSettings = z.output<typeof redditSourceOptionsSchema>;

/** What every request to Reddit needs, resolved when a pull starts. */
export interface RedditCredentials {
  clientId: string;
  clientSecret: string;
  userAgent: string;
}

/** Environment variables the source reads, by setting. */
export const redditEnvironmentVariables = {
  clientId: "REDDIT_CLIENT_ID",
  clientSecret: "REDDIT_CLIENT_SECRET",
  userAgent: "REDDIT_USER_AGENT",
} as const;

/**
 * Resolves the credentials: option, then environment variable. Called at pull time so that secrets are
 * never read at import or creation. Missing ones are a `ConfigError` with code `REDDIT_CREDENTIALS_MISSING`.
 */
export function resolveCredentials(settings: RedditSourceSettings, environment: NodeJS.ProcessEnv = process.env): RedditCredentials {
  const read = (name: keyof RedditCredentials) => settings[name] ?? (environment[redditEnvironmentVariables[name]]?.trim() || undefined);
  const clientId = read("clientId");
  const clientSecret = read("clientSecret");
  const userAgent = read("userAgent");
  const missing = (["clientId", "clientSecret", "userAgent"] as const).filter((name) => !read(name));
  if (!clientId || !clientSecret || !userAgent) {
    throw new ConfigError({
      code: redditErrorCodes.REDDIT_CREDENTIALS_MISSING,
      context: "createRedditSource",
      message:
        "Reddit requires OAuth: anonymous access to its JSON endpoints is blocked. Create a Reddit app (script or web app) and set " +
        `${missing.map((name) => `options.${name} or ${redditEnvironmentVariables[name]}`).join(", ")}. ` +
        "The User-Agent must look like `nodejs:com.example.trends:v1.0.0 (by /u/your_username)`.",
      issues: missing.map((name) => ({ path: redditEnvironmentVariables[name], message: "missing" })),
    });
  }
  if (!settings.userAgent && !userAgentPattern.test(userAgent)) {
    throw new ConfigError({
      code: redditErrorCodes.REDDIT_USER_AGENT_INVALID,
      context: "createRedditSource",
      issues: [{ path: redditEnvironmentVariables.userAgent, message: userAgentMessage }],
    });
  }
  return { clientId, clientSecret, userAgent };
}
