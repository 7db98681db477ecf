import { ApiCallError } from "@undercurrent/core";
import { mastodonErrorBodySchema } from "./mastodon-api.js";

/**
 * The `code`s of the errors the Mastodon source throws besides core's (`HTTP_5xx`, `TIMEOUT`, `NETWORK_ERROR`,
 * `RESPONSE_NOT_JSON`, `RESPONSE_INVALID`, `CONFIG_INVALID`). Values are the codes themselves.
 */
export const mastodonErrorCodes = {
  /** 401 without a token: the instance locks its API. Not retryable; set `accessToken` or `MASTODON_ACCESS_TOKEN`. */
  MASTODON_AUTH_REQUIRED: "MASTODON_AUTH_REQUIRED",
  /** 401 with a token: the instance rejected it (revoked, expired, another instance's). Not retryable. */
  MASTODON_AUTH_FAILED: "MASTODON_AUTH_FAILED",
  /** 403: the instance refuses the request (a suspended app, a blocked address). Not retryable. */
  MASTODON_FORBIDDEN: "MASTODON_FORBIDDEN",
  /** 429: the 300 requests / 5 minutes budget is spent. Retryable; `retryAfterMs` says when. */
  MASTODON_RATE_LIMITED: "MASTODON_RATE_LIMITED",
  /** 404, 410 or 501 on a trends endpoint: not a Mastodon 3.5+ server, or a fork without trends. Not retryable. */
  MASTODON_TRENDS_UNAVAILABLE: "MASTODON_TRENDS_UNAVAILABLE",
} as const;

/** One of {@link mastodonErrorCodes}. */
export type MastodonErrorCode = keyof typeof mastodonErrorCodes;

/** What {@link mapMastodonError} needs to know about the failed request. */
export interface MastodonErrorContext {
  /** Whether an access token was sent. */
  authenticated: boolean;
}

function vendorMessage(error: ApiCallError): string | undefined {
  try {
    const parsed = mastodonErrorBodySchema.safeParse(JSON.parse(error.responseBody ?? ""));
    if (!parsed.success) return undefined;
    return parsed.data.error_description ? `${parsed.data.error}: ${parsed.data.error_description}` : parsed.data.error;
  } catch {
    return undefined;
  }
}

function rewrap(error: ApiCallError, code: MastodonErrorCode, message: string, isRetryable: boolean): ApiCallError {
  return error.withCode(code, { message: message, isRetryable: isRetryable });
}

/**
 * Turns a failed Mastodon call into a prefixed error: 401 → `MASTODON_AUTH_REQUIRED` / `MASTODON_AUTH_FAILED`,
 * 403 → `MASTODON_FORBIDDEN`, 429 → `MASTODON_RATE_LIMITED` (retryable, keeps `retryAfterMs`), 404/410/501 →
 * `MASTODON_TRENDS_UNAVAILABLE`. Mapped errors stay `ApiCallError`s (status, URL and redacted body kept, the original
 * as `cause`). Anything else — other statuses, timeouts, invalid responses, aborts — is returned untouched.
 */
export function mapMastodonError(error: unknown, context: MastodonErrorContext): unknown {
  if (!ApiCallError.isInstance(error) || error.statusCode === undefined) return error;
  const said = vendorMessage(error);
  const detail = `${error.method} ${error.url} returned ${error.statusCode}${said ? ` (${said})` : ""}`;
  switch (error.statusCode) {
    case 401:
      return context.authenticated
        ? rewrap(
            error,
            "MASTODON_AUTH_FAILED",
            `The Mastodon access token was rejected: ${detail}. Check accessToken or MASTODON_ACCESS_TOKEN.`,
            false,
          )
        : rewrap(
            error,
            "MASTODON_AUTH_REQUIRED",
            `This Mastodon instance requires an access token for its trends: ${detail}. Set the accessToken option or the MASTODON_ACCESS_TOKEN environment variable.`,
            false,
          );
    case 403:
      return rewrap(error, "MASTODON_FORBIDDEN", `The Mastodon instance refused the request: ${detail}.`, false);
    case 429:
      return rewrap(error, "MASTODON_RATE_LIMITED", `Mastodon rate limit reached (300 requests / 5 minutes): ${detail}.`, true);
    case 404:
    case 410:
    case 501:
      return rewrap(
        error,
        "MASTODON_TRENDS_UNAVAILABLE",
        `No Mastodon trends API here: ${detail}. Is it a Mastodon 3.5+ instance? Leave unsupported lists out of \`include\`.`,
        false,
      );
    default:
      return error;
  }
}
