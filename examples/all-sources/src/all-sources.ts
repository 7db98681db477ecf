// All six source plugins in one pipeline, stored in SQLite. `pnpm start` runs one pass and prints each source's status.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createPipeline, type Source } from "@undercurrent/core";
import { createGitHubSource } from "@undercurrent/sources-github";
import { createGoogleTrendsSource } from "@undercurrent/sources-google-trends";
import { createHackerNewsSource } from "@undercurrent/sources-hackernews";
import { createMastodonSource } from "@undercurrent/sources-mastodon";
import { createRedditSource, type RedditListing, redditEnvironmentVariables } from "@undercurrent/sources-reddit";
import { createRssSource } from "@undercurrent/sources-rss";
import { createSqliteStore } from "@undercurrent/store-sqlite";

/** Options of {@link createAllSources}. Anything left out falls back to the source's environment variable, then a default. */
export interface AllSourcesOptions {
  /** Reddit's OAuth app; without all three credentials (here or in `REDDIT_*`) Reddit is skipped. */
  reddit?: {
    clientId?: string;
    clientSecret?: string;
    /** `<platform>:<app id>:<version> (by /u/<username>)`. */
    userAgent?: string;
    /** Default `["programming", "technology"]`. */
    subreddits?: string[];
    /** Default: the source's (`hot`, `rising`). */
    listings?: RedditListing[];
  };
  /** Optional: raises GitHub's limits (else `GITHUB_TOKEN`, else anonymous). */
  github?: { token?: string };
  /** Feed URLs (else `UNDERCURRENT_RSS_FEEDS`, else {@link defaultFeedUrls}). */
  rss?: { feeds?: string[] };
  /** Region (default `US`) and keywords to follow (default none: the trending-now feed only). */
  googleTrends?: { geo?: string; keywords?: string[] };
  /** Instance host (default `mastodon.social`) and a token for instances that lock their trends. */
  mastodon?: { instance?: string; accessToken?: string };
}

/** A source left out of the pipeline, and why. */
export interface SkippedSource {
  id: string;
  reason: string;
}

/** What {@link createAllSources} returns. */
export interface AllSources {
  /** The sources to run, in a fixed order. */
  sources: Source[];
  skipped: SkippedSource[];
}

/** Feeds the RSS source reads when none are given. */
export const defaultFeedUrls = ["https://hnrss.org/frontpage", "https://github.blog/feed/"];

/** Where `main` keeps its database, relative to the working directory. */
export const databasePath = path.join(".undercurrent", "all-sources.db");

const defaultSubreddits = ["programming", "technology"];

function hasRedditCredentials(options: AllSourcesOptions["reddit"] = {}): boolean {
  // Only checks presence: the source itself reads the values when it pulls.
  return (["clientId", "clientSecret", "userAgent"] as const).every((name) =>
    Boolean(options[name]?.trim() || process.env[redditEnvironmentVariables[name]]?.trim()),
  );
}

/**
 * Creates the six sources: Hacker News, Reddit, GitHub, Google Trends, RSS and Mastodon. Reddit needs OAuth: without
 * credentials it is returned in `skipped` instead of `sources`.
 */
export function createAllSources(options: AllSourcesOptions = {}): AllSources {
  const skipped: SkippedSource[] = [];
  const sources: Source[] = [createHackerNewsSource()];

  if (hasRedditCredentials(options.reddit)) {
    const { subreddits = defaultSubreddits, ...reddit } = options.reddit ?? {};
    sources.push(createRedditSource({ ...reddit, subreddits }));
  } else {
    const variables = Object.values(redditEnvironmentVariables).join(", ");
    skipped.push({ id: "reddit", reason: `Reddit needs OAuth: set ${variables} (or pass options.reddit) to include it` });
  }

  // Without feeds the RSS source reads UNDERCURRENT_RSS_FEEDS; the defaults apply only when that is unset too.
  const feedUrls = options.rss?.feeds ?? (process.env.UNDERCURRENT_RSS_FEEDS?.trim() ? undefined : defaultFeedUrls);
  sources.push(
    createGitHubSource({ ...options.github }),
    createGoogleTrendsSource({ ...options.googleTrends }),
    createRssSource(feedUrls ? { feeds: feedUrls.map((url) => ({ url })) } : {}),
    createMastodonSource({ ...options.mastodon }),
  );
  return { sources, skipped };
}

/** One pass over every configured source into `.undercurrent/all-sources.db`, printing what each did. */
export async function main(): Promise<void> {
  const { sources, skipped } = createAllSources();
  for (const { id, reason } of skipped) console.log(`${id}: skipped (${reason})`);

  const store = createSqliteStore({ path: databasePath });
  try {
    const pipeline = createPipeline({ sources, store });
    const report = await pipeline.run();
    const health = pipeline.health();
    for (const { sourceId, status, newItems } of report.sources) {
      const line = `${sourceId}: ${status}, ${newItems} new`;
      const state = health.find((entry) => entry.sourceId === sourceId);
      console.log(status === "ok" ? line : `${line} (${state?.code ?? "UNKNOWN"}: ${state?.reason ?? "no reason given"})`);
    }
    console.log(`${await store.countItems()} items stored in ${databasePath}`);
  } finally {
    await store.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
