import { ApiCallError, isAbortError } from "@undercurrent/core";

/**
 * The `code`s of the errors the RSS source adds to core's (`RATE_LIMITED`, `HTTP_503`, `TIMEOUT`, `NETWORK_ERROR`,
 * `CONFIG_INVALID`…). Values are the codes themselves.
 */
export const rssErrorCodes = {
  /** The body is not an RSS or Atom feed: an HTML page (a login wall, a CDN block page), JSON, or XML cut off mid-way. A `ResponseValidationError`; not retryable. */
  RSS_NOT_A_FEED: "RSS_NOT_A_FEED",
  /** The server refused the feed (401, or 403 without a rate limit): it needs credentials or blocks this client. Not retryable. */
  RSS_ACCESS_DENIED: "RSS_ACCESS_DENIED",
  /** The feed does not exist (404) or was removed (410). Not retryable. */
  RSS_FEED_NOT_FOUND: "RSS_FEED_NOT_FOUND",
  /** Every configured feed failed in one pull; `cause` holds each feed's error. Retryable when any of them is. */
  RSS_ALL_FEEDS_FAILED: "RSS_ALL_FEEDS_FAILED",
} as const;

/** One of {@link rssErrorCodes}. */
export type RssErrorCode = keyof typeof rssErrorCodes;

function withCode(error: ApiCallError, code: RssErrorCode, hint: string): ApiCallError {
  return error.withCode(code, { message: `${error.message} (${hint})`, isRetryable: false });
}

/**
 * Turns a failed feed request into the RSS source's error codes: 401/403 → `RSS_ACCESS_DENIED`, 404/410 →
 * `RSS_FEED_NOT_FOUND`, both not retryable. Rate limits (429, or 403 with an exhausted budget), 5xx, timeouts and
 * network errors keep core's retryable codes and `retryAfterMs`; abort errors and anything else pass through untouched.
 */
export function mapRssError(error: unknown): unknown {
  if (isAbortError(error) || !ApiCallError.isInstance(error) || error.code === "RATE_LIMITED") return error;
  switch (error.statusCode) {
    case 401:
    case 403:
      return withCode(error, "RSS_ACCESS_DENIED", "the feed needs credentials or blocks this client; try the headers option");
    case 404:
    case 410:
      return withCode(error, "RSS_FEED_NOT_FOUND", "check the feed URL");
    default:
      return error;
  }
}
