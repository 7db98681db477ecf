/**
 * `@undercurrent/sources-mastodon`: an Undercurrent `Source` for the public trends of any Mastodon instance —
 * trending tags with their daily history, trending links and trending statuses.
 *
 * @packageDocumentation
 */
export { type MastodonErrorCode, mastodonErrorCodes } from "./mastodon-error.js";
export { createMastodonSource } from "./mastodon-source.js";
export { type MastodonSourceOptions, mastodonSourceOptionsSchema, type TrendKind, trendKinds } from "./mastodon-source-options.js";
