/**
 * `@undercurrent/sources-reddit`: the Reddit source for Undercurrent. App-only OAuth (client credentials),
 * the `hot`, `new`, `rising` and `top` listings of chosen subreddits with Reddit's `after` cursor, score and
 * comment observations, and Reddit's rate-limit headers respected.
 *
 * @packageDocumentation
 */
export { type RedditErrorCode, redditErrorCodes } from "./reddit-error.js";
export { createRedditSource } from "./reddit-source.js";
export {
  type RedditListing,
  type RedditSourceOptions,
  type RedditTopPeriod,
  redditEnvironmentVariables,
  redditListings,
  redditSourceOptionsSchema,
  redditTopPeriods,
} from "./reddit-source-options.js";
