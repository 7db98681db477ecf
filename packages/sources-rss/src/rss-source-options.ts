import { ConfigError, type ItemKind, parseOptions } from "@undercurrent/core";
import { z } from "zod";

/** Environment variable read when `feeds` is not given: feed URLs separated by commas or whitespace. */
export const rssFeedsEnvironmentVariable = "UNDERCURRENT_RSS_FEEDS";
/** Environment variable read when `baseURL` is not given. */
export const rssBaseUrlEnvironmentVariable = "UNDERCURRENT_RSS_BASE_URL";

const factoryName = "createRssSource";
const defaultPollIntervalMs = 15 * 60 * 1000;

const isHttpUrl = (value: string, base?: string) => {
  try {
    const url = new URL(value, base);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
};

/** One feed to watch. */
export const rssFeedOptionsSchema = z.strictObject({
  url: z.string().trim().min(1, "expected a feed URL"),
  name: z.string().trim().min(1, "expected a non-empty name").max(200).optional(),
  kind: z.enum(["article", "story", "video", "post"]).optional(),
});

/** The schema `createRssSource` validates its options with. */
export const rssSourceOptionsSchema = z
  .strictObject({
    id: z
      .string()
      .max(64)
      .regex(/^[a-z0-9][a-z0-9-]*$/, "expected lowercase letters, digits and dashes, e.g. rss-hn")
      .default("rss"),
    displayName: z.string().trim().min(1).max(200).optional(),
    feeds: z
      .array(rssFeedOptionsSchema, {
        error: `expected an array of feeds such as [{ url: "https://hnrss.org/frontpage" }] (or set ${rssFeedsEnvironmentVariable})`,
      })
      .min(1, "expected at least one feed")
      .max(500),
    maxItemsPerFeed: z.number().int().positive().max(1_000).default(100),
    baseURL: z
      .string()
      .trim()
      .refine((value) => isHttpUrl(value), "expected an absolute http(s) URL")
      .optional(),
    headers: z.record(z.string(), z.string()).default({}),
  })
  .superRefine((options, context) => {
    const seen = new Set<string>();
    options.feeds.forEach((feed, index) => {
      if (!isHttpUrl(feed.url, options.baseURL)) {
        context.addIssue({
          code: "custom",
          path: ["feeds", index, "url"],
          message: options.baseURL
            ? `expected an http(s) URL, absolute or relative to baseURL, got "${feed.url}"`
            : `expected an absolute http(s) URL, got "${feed.url}"`,
        });
        return;
      }
      const url = new URL(feed.url, options.baseURL).href;
      if (seen.has(url)) context.addIssue({ code: "custom", path: ["feeds", index, "url"], message: `duplicate feed "${feed.url}"` });
      seen.add(url);
    });
  });

/** The kinds of item a feed can hold. */
export type RssFeedKind = "article" | "story" | "video" | "post";

/** One feed of {@link RssSourceOptions}. */
export interface RssFeedOptions {
  /** The feed's URL (RSS 2.0, RSS 1.0 or Atom), absolute or relative to `baseURL`; http or https. */
  url: string;
  /** A name for people; stored in each item's metadata as `feedName`. */
  name?: string;
  /**
   * What its entries are. Defaults by host: YouTube → `video`, Reddit → `post`, hnrss.org and Hacker News → `story`,
   * anything else → `article`.
   */
  kind?: RssFeedKind;
}

/** Options of {@link createRssSource}. */
export interface RssSourceOptions {
  /**
   * Source id, used in item ids and cursors: lowercase letters, digits and dashes. Defaults to `rss`. Give each
   * RSS source in a pipeline its own id (`rss-hn`, `rss-blogs`).
   */
  id?: string;
  /** Name for people. Defaults to the feed's `name` when there is one feed, else "RSS and Atom feeds". */
  displayName?: string;
  /** The feeds to watch, at least one. Defaults to the URLs in `UNDERCURRENT_RSS_FEEDS`. */
  feeds?: RssFeedOptions[];
  /** Most entries read from one feed document, in document order (newest first in most feeds). Defaults to 100. */
  maxItemsPerFeed?: number;
  /** Relative feed URLs are resolved against it. Defaults to `UNDERCURRENT_RSS_BASE_URL`, else none. */
  baseURL?: string;
  /**
   * Headers sent with every feed request, e.g. a `user-agent` some hosts ask for, or `authorization` for a private
   * feed. Credential-like values are kept out of errors and logs.
   */
  headers?: Record<string, string>;
}

/** One feed after validation and defaults. */
export interface RssFeedSettings {
  /** Absolute URL, normalized. Also the feed's key in the cursor. */
  url: string;
  name: string | undefined;
  kind: ItemKind;
}

/** Options after validation, environment fallbacks and defaults. */
export interface RssSourceSettings {
  id: string;
  displayName: string;
  feeds: RssFeedSettings[];
  maxItemsPerFeed: number;
  headers: Record<string, string>;
  pollIntervalMs: number;
}

function kindForHost(url: string): RssFeedKind {
  const host = new URL(url).hostname.replace(/^www\./, "");
  if (host === "youtube.com" || host.endsWith(".youtube.com")) return "video";
  if (host === "reddit.com" || host.endsWith(".reddit.com")) return "post";
  if (host === "hnrss.org" || host === "news.ycombinator.com") return "story";
  return "article";
}

function feedsFromEnvironment(value: string | undefined): RssFeedOptions[] | undefined {
  const urls = value?.split(/[\s,]+/).filter(Boolean) ?? [];
  return urls.length > 0 ? urls.map((url) => ({ url })) : undefined;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Validates the options of `createRssSource` and fills in the environment fallbacks and defaults.
 * A bad option is a `ConfigError` naming the field, e.g. `options.feeds.0.url`.
 */
export function resolveRssSourceSettings(options: unknown, environment: NodeJS.ProcessEnv = process.env): RssSourceSettings {
  if (!isPlainObject(options))
    throw new ConfigError({ context: factoryName, issues: [{ path: "options", message: "expected an object" }] });
  const environmentFeeds = options.feeds === undefined ? feedsFromEnvironment(environment[rssFeedsEnvironmentVariable]) : undefined;
  const baseURL = options.baseURL ?? (environment[rssBaseUrlEnvironmentVariable] || undefined);
  const merged = { ...options, ...(environmentFeeds && { feeds: environmentFeeds }), ...(baseURL !== undefined && { baseURL }) };
  const context = environmentFeeds ? `${factoryName} (feeds from ${rssFeedsEnvironmentVariable})` : factoryName;
  const parsed = parseOptions(rssSourceOptionsSchema, merged, context);
  const feeds = parsed.feeds.map((feed) => {
    const url = new URL(feed.url, parsed.baseURL).href;
    return { url, name: feed.name, kind: feed.kind ?? kindForHost(url) };
  });
  const onlyName = feeds.length === 1 ? feeds[0]?.name : undefined;
  return {
    id: parsed.id,
    displayName: parsed.displayName ?? onlyName ?? "RSS and Atom feeds",
    feeds,
    maxItemsPerFeed: parsed.maxItemsPerFeed,
    headers: parsed.headers,
    pollIntervalMs: defaultPollIntervalMs,
  };
}
