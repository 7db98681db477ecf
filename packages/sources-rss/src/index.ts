/**
 * `@undercurrent/sources-rss`: an Undercurrent `Source` for any RSS 2.0, RSS 1.0 or Atom feed — hnrss.org, subreddit
 * feeds, YouTube channel feeds, blogs — with conditional requests, de-duplication and per-feed degradation.
 *
 * @packageDocumentation
 */
export { type FeedCursor, type RssCursor, seenIdsPerFeed } from "./rss-cursor.js";
export { mapRssError, type RssErrorCode, rssErrorCodes } from "./rss-error.js";
export { createRssSource } from "./rss-source.js";
export {
  type RssFeedKind,
  type RssFeedOptions,
  type RssSourceOptions,
  rssBaseUrlEnvironmentVariable,
  rssFeedOptionsSchema,
  rssFeedsEnvironmentVariable,
  rssSourceOptionsSchema,
} from "./rss-source-options.js";
