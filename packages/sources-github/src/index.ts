/**
 * `@undercurrent/sources-github`: the GitHub source for Undercurrent — recently created or rising repositories
 * from the search API, and daily star timelines of watched repositories.
 *
 * @packageDocumentation
 */
export { type GitHubCursor, gitHubCursorSchema } from "./github-cursor.js";
export { type GitHubErrorCode, gitHubErrorCodes, mapGitHubError } from "./github-error.js";
export { gitHubSourceId, type StarPointsInput, starPoints, toItem, toObservation, toStarSeries } from "./github-mapping.js";
export { createGitHubSource } from "./github-source.js";
export {
  defaultGitHubBaseURL,
  type GitHubSearch,
  type GitHubSourceOptions,
  gitHubSearchSchema,
  gitHubSourceOptionsSchema,
} from "./github-source-options.js";
