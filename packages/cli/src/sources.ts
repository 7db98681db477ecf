import { ConfigError, type Source } from "@undercurrent/core";
import { createGitHubSource, type GitHubSourceOptions } from "@undercurrent/sources-github";
import { createGoogleTrendsSource, type GoogleTrendsSourceOptions } from "@undercurrent/sources-google-trends";
import { createHackerNewsSource, type HackerNewsSourceOptions } from "@undercurrent/sources-hackernews";
import { createMastodonSource, type MastodonSourceOptions } from "@undercurrent/sources-mastodon";
import { createRedditSource, type RedditSourceOptions, redditEnvironmentVariables } from "@undercurrent/sources-reddit";
import { createRssSource, type RssSourceOptions, rssFeedsEnvironmentVariable } from "@undercurrent/sources-rss";
import type { CliIo } from "./cli-io.js";
import type { UndercurrentConfig } from "./config/config-schema.js";

/** The ids of the sources the CLI knows, in the order it runs and lists them. */
export const sourceIds = ["hackernews", "reddit", "github", "google-trends", "rss", "mastodon"] as const;

/** One of {@link sourceIds}. */
export type SourceId = (typeof sourceIds)[number];

/** A source left out, and why. */
export interface SkippedSource {
  id: SourceId;
  reason: string;
}

/** What {@link createConfiguredSources} returns. */
export interface ConfiguredSources {
  /** The sources to pull, in the order of {@link sourceIds}. */
  sources: Source[];
  /** The sources left out: disabled, or lacking what they need (Reddit's credentials, RSS feeds). */
  skipped: SkippedSource[];
}

/** Builds the sources of a command: the ones a config names, or the defaults. Tests replace it. */
export type SourceFactory = (config: UndercurrentConfig, env: CliIo["env"]) => ConfiguredSources;

type OptionsOf<Id extends SourceId> = {
  hackernews: HackerNewsSourceOptions;
  reddit: RedditSourceOptions;
  github: GitHubSourceOptions;
  "google-trends": GoogleTrendsSourceOptions;
  rss: RssSourceOptions;
  mastodon: MastodonSourceOptions;
}[Id];

// The factories validate their options with strict schemas (a bad one is a ConfigError naming the field), so
// the config's loose objects are handed over as they are.
const factories: { [Id in SourceId]: (options: OptionsOf<Id>) => Source } = {
  hackernews: createHackerNewsSource,
  reddit: createRedditSource,
  github: createGitHubSource,
  "google-trends": createGoogleTrendsSource,
  rss: createRssSource,
  mastodon: createMastodonSource,
};

/**
 * The sources that need no key — Hacker News, GitHub, Google Trends, Mastodon — plus Reddit when its OAuth
 * credentials are set (in `sources.reddit` or `REDDIT_*`) and RSS when feeds are (in `sources.rss.feeds` or
 * `UNDERCURRENT_RSS_FEEDS`). `config.sources.<id>` is passed to the source's factory as its options; its extra
 * key `enabled: false` leaves the source out.
 */
export const createConfiguredSources: SourceFactory = (config, env) => {
  const sources: Source[] = [];
  const skipped: SkippedSource[] = [];
  for (const id of sourceIds) {
    const { enabled, options } = sourceSettings(config, id);
    if (!enabled) {
      skipped.push({ id, reason: `disabled (sources.${id}.enabled is false)` });
      continue;
    }
    const missing = missingRequirement(id, options, env);
    if (missing) {
      skipped.push({ id, reason: missing });
      continue;
    }
    sources.push(createSource(id, withEnvironment(id, options, env)));
  }
  return { sources, skipped };
};

function sourceSettings(config: UndercurrentConfig, id: SourceId): { enabled: boolean; options: Record<string, unknown> } {
  const { enabled = true, ...options } = config.sources[id] ?? {};
  if (typeof enabled !== "boolean") {
    throw new ConfigError({ context: `sources.${id}`, issues: [{ path: "enabled", message: "expected true or false" }] });
  }
  return { enabled, options };
}

function missingRequirement(id: SourceId, options: Record<string, unknown>, env: CliIo["env"]): string | undefined {
  if (id === "reddit") {
    const names = ["clientId", "clientSecret", "userAgent"] as const;
    // Only presence is checked: the source reads the values itself when it pulls.
    const missing = names.filter((name) => !hasText(options[name]) && !hasText(env[redditEnvironmentVariables[name]]));
    if (missing.length === 0) return undefined;
    const variables = missing.map((name) => redditEnvironmentVariables[name]).join(", ");
    return `needs OAuth credentials: set ${variables} (or sources.reddit.${missing.join(", .")}) to include it`;
  }
  if (id === "rss") {
    const feeds = options.feeds;
    if ((Array.isArray(feeds) && feeds.length > 0) || hasText(env[rssFeedsEnvironmentVariable])) return undefined;
    return `no feeds: set sources.rss.feeds (e.g. [{ "url": "https://hnrss.org/frontpage" }]) or ${rssFeedsEnvironmentVariable} to include it`;
  }
  return undefined;
}

/** Settings a source would read from `process.env` itself, taken from the CLI's environment instead. */
function withEnvironment(id: SourceId, options: Record<string, unknown>, env: CliIo["env"]): Record<string, unknown> {
  const feeds = env[rssFeedsEnvironmentVariable];
  if (id === "rss" && options.feeds === undefined && feeds) {
    // The same reading as the source's own: URLs separated by commas or whitespace.
    return {
      ...options,
      feeds: feeds
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((url) => ({ url })),
    };
  }
  return options;
}

function createSource<Id extends SourceId>(id: Id, options: Record<string, unknown>): Source {
  try {
    return factories[id](options as OptionsOf<Id>);
  } catch (error) {
    if (!ConfigError.isInstance(error)) throw error;
    // "createGitHubSource: options.token: …" → "sources.github: token: …", naming the config key to fix.
    const issues = error.issues.map((issue) => ({ path: issue.path.replace(/^options\.?/, ""), message: issue.message }));
    throw new ConfigError({
      context: `sources.${id}`,
      ...(issues.length > 0 ? { issues } : { message: error.message.replace(/^create\w+(?: \([^)]*\))?: /, "") }),
      cause: error,
    });
  }
}

function hasText(value: unknown): boolean {
  return typeof value === "string" && value.trim() !== "";
}
