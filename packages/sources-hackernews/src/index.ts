/**
 * `@undercurrent/sources-hackernews`: the Hacker News source for Undercurrent — new and rising stories from
 * the Algolia HN Search API, front-page ranks from the official Firebase API, and repeated observations of
 * recent stories' points and comments.
 *
 * @packageDocumentation
 */
export { type HackerNewsCursor, hackerNewsCursorSchema, type WatchEntry } from "./hacker-news-cursor.js";
export { type HackerNewsErrorCode, hackerNewsErrorCodes, mapHackerNewsError } from "./hacker-news-error.js";
export { createHackerNewsSource } from "./hacker-news-source.js";
export {
  type HackerNewsFrontPageList,
  type HackerNewsSourceOptions,
  type HackerNewsTag,
  hackerNewsDefaults,
  hackerNewsEnvironmentVariables,
  hackerNewsFrontPageLists,
  hackerNewsSourceOptionsSchema,
  hackerNewsTags,
} from "./hacker-news-source-options.js";
