import { ApiCallError } from "@undercurrent/core";

/**
 * The `code`s of the errors the Hacker News source throws besides core's (`TIMEOUT`, `NETWORK_ERROR`,
 * `RESPONSE_INVALID`, `RESPONSE_NOT_JSON`, `CONFIG_INVALID`). Values are the codes themselves.
 */
export const hackerNewsErrorCodes = {
  /** Algolia rejected the search (400), e.g. a malformed `numericFilters`; the message carries Algolia's. Not retryable. */
  HACKERNEWS_BAD_REQUEST: "HACKERNEWS_BAD_REQUEST",
  /** Too many requests (429). Retryable; `retryAfterMs` holds the server's `Retry-After`. */
  HACKERNEWS_RATE_LIMITED: "HACKERNEWS_RATE_LIMITED",
  /** Algolia or Firebase answered 5xx after the HTTP helper's retries. Retryable. */
  HACKERNEWS_UNAVAILABLE: "HACKERNEWS_UNAVAILABLE",
} as const;

/** One of {@link hackerNewsErrorCodes}. */
export type HackerNewsErrorCode = keyof typeof hackerNewsErrorCodes;

/** Algolia's error message from an error body like `{"message":"Invalid syntax …","status":400}`. */
export function algoliaMessage(body: string | undefined): string | undefined {
  if (!body) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === "object" && parsed !== null && typeof (parsed as { message?: unknown }).message === "string") {
      return (parsed as { message: string }).message;
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.slice(0, 300);
}

function rewrap(error: ApiCallError, code: HackerNewsErrorCode, message: string, isRetryable: boolean): ApiCallError {
  return error.withCode(code, { message: message, isRetryable: isRetryable });
}

/**
 * Turns the HTTP helper's errors into Hacker News codes: 400 → `HACKERNEWS_BAD_REQUEST` with Algolia's message,
 * 429 → `HACKERNEWS_RATE_LIMITED`, 5xx → `HACKERNEWS_UNAVAILABLE`. Everything else — timeouts, validation
 * errors, abort errors — is returned untouched.
 */
export function mapHackerNewsError(error: unknown): unknown {
  if (!ApiCallError.isInstance(error) || error.statusCode === undefined) return error;
  const status = error.statusCode;
  if (status === 429) {
    return rewrap(error, "HACKERNEWS_RATE_LIMITED", `Hacker News rate limit reached: ${error.method} ${error.url} returned 429`, true);
  }
  if (status === 400) {
    const detail = algoliaMessage(error.responseBody) ?? "no reason given";
    return rewrap(error, "HACKERNEWS_BAD_REQUEST", `Algolia rejected the search ${error.url}: ${detail}`, false);
  }
  if (status >= 500) {
    return rewrap(error, "HACKERNEWS_UNAVAILABLE", `Hacker News is unavailable: ${error.method} ${error.url} returned ${status}`, true);
  }
  return error;
}

/** Whether Algolia refused the `points` numeric filter (reported once; the source then filters points itself). */
export function isPointsFilterRejected(error: unknown): boolean {
  if (!ApiCallError.isInstance(error) || error.statusCode !== 400) return false;
  const message = algoliaMessage(error.responseBody) ?? "";
  return /points/i.test(message) && /filterable|attribute|unknown|unsupported|not allowed/i.test(message);
}
