import { ApiCallError, UndercurrentError } from "@undercurrent/core";

/**
 * The `code`s this source gives its own errors, besides core's `ApiCallError` (`HTTP_5xx`, `TIMEOUT`,
 * `NETWORK_ERROR`), `ResponseValidationError` (`RESPONSE_INVALID`, `RESPONSE_NOT_JSON`) and `ConfigError`
 * (`CONFIG_INVALID`). Values are the codes themselves.
 */
export const googleTrendsErrorCodes = {
  /** Google answered 429. The source degrades and cools down instead of throwing. Retryable. */
  GOOGLE_TRENDS_RATE_LIMITED: "GOOGLE_TRENDS_RATE_LIMITED",
  /** Google sent a block or captcha page (a redirect to `/sorry/`, HTML where JSON or RSS was expected, 403). Degrades. Retryable. */
  GOOGLE_TRENDS_BLOCKED: "GOOGLE_TRENDS_BLOCKED",
  /** An unofficial endpoint moved or changed shape (404/410, a widget missing from explore). Degrades. Retryable. */
  GOOGLE_TRENDS_ENDPOINT_CHANGED: "GOOGLE_TRENDS_ENDPOINT_CHANGED",
  /** The trending-now feed is not well-formed XML (a `ResponseValidationError`). */
  GOOGLE_TRENDS_RSS_MALFORMED: "GOOGLE_TRENDS_RSS_MALFORMED",
} as const;

/** One of {@link googleTrendsErrorCodes}. */
export type GoogleTrendsErrorCode = keyof typeof googleTrendsErrorCodes;

/** Codes after which the source degrades with a cool-down rather than failing. */
const degradingCodes = new Set<string>([
  googleTrendsErrorCodes.GOOGLE_TRENDS_RATE_LIMITED,
  googleTrendsErrorCodes.GOOGLE_TRENDS_BLOCKED,
  googleTrendsErrorCodes.GOOGLE_TRENDS_ENDPOINT_CHANGED,
]);

/** A block or an endpoint change, raised while decoding a response. */
export function googleTrendsError(code: GoogleTrendsErrorCode, message: string, cause?: unknown): UndercurrentError {
  return new UndercurrentError({ code, message, isRetryable: true, cause });
}

function withCode(error: ApiCallError, code: GoogleTrendsErrorCode, message: string): ApiCallError {
  return error.withCode(code, { message: message, isRetryable: true });
}

/**
 * Turns Google's answers into this source's codes: 429 → `GOOGLE_TRENDS_RATE_LIMITED`, an unfollowed redirect
 * (to `/sorry/`) or 403 → `GOOGLE_TRENDS_BLOCKED`, 404/410 → `GOOGLE_TRENDS_ENDPOINT_CHANGED`. Everything else
 * (5xx, timeouts, validation errors, abort errors) is returned untouched.
 */
export function mapGoogleTrendsError(error: unknown): unknown {
  if (!ApiCallError.isInstance(error) || error.statusCode === undefined) return error;
  const status = error.statusCode;
  const where = `${error.method} ${error.url}`;
  if (status === 429) {
    return withCode(error, googleTrendsErrorCodes.GOOGLE_TRENDS_RATE_LIMITED, `Google Trends rate-limited us (429) at ${where}`);
  }
  if (status === 403 || (status >= 300 && status < 400)) {
    return withCode(error, googleTrendsErrorCodes.GOOGLE_TRENDS_BLOCKED, `Google Trends blocked us (${status}) at ${where}`);
  }
  if (status === 404 || status === 410) {
    return withCode(
      error,
      googleTrendsErrorCodes.GOOGLE_TRENDS_ENDPOINT_CHANGED,
      `the unofficial endpoint ${where} is gone (${status}); Google may have moved it`,
    );
  }
  return error;
}

/** True for the errors after which the source degrades with a cool-down. */
export function isDegradation(error: unknown): error is UndercurrentError {
  return UndercurrentError.isInstance(error) && degradingCodes.has(error.code);
}
