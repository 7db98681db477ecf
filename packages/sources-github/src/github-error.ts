import { ApiCallError } from "@undercurrent/core";

/**
 * The `code`s of the errors the GitHub source adds to core's (`HTTP_503`, `TIMEOUT`, `RESPONSE_NOT_JSON`,
 * `RESPONSE_INVALID`, `CONFIG_INVALID`…). Values are the codes themselves.
 */
export const gitHubErrorCodes = {
  /** 401: the token is wrong, expired or revoked. Not retryable. */
  GITHUB_AUTH_FAILED: "GITHUB_AUTH_FAILED",
  /** 403 without a rate-limit sign: the token lacks access (SSO enforcement, a blocked repository). Not retryable. */
  GITHUB_FORBIDDEN: "GITHUB_FORBIDDEN",
  /** 403/429 with `x-ratelimit-remaining: 0`: the hourly (or, for search, per-minute) budget is spent. Retryable after `retryAfterMs`. */
  GITHUB_RATE_LIMITED: "GITHUB_RATE_LIMITED",
  /** 403/429 for a secondary rate limit (bursts, concurrency). Retryable after `retry-after`, else 60 s. */
  GITHUB_SECONDARY_RATE_LIMIT: "GITHUB_SECONDARY_RATE_LIMIT",
  /** 404: a watched repository was deleted, renamed away or made private. */
  GITHUB_NOT_FOUND: "GITHUB_NOT_FOUND",
  /** 422 past GitHub's pagination limit (stargazers stop at 400 pages, 40,000 stars). */
  GITHUB_PAGINATION_LIMIT: "GITHUB_PAGINATION_LIMIT",
  /** 422 for a request GitHub rejects, such as an invalid search qualifier. Not retryable. */
  GITHUB_VALIDATION_FAILED: "GITHUB_VALIDATION_FAILED",
} as const;

/** One of {@link gitHubErrorCodes}. */
export type GitHubErrorCode = keyof typeof gitHubErrorCodes;

// GitHub's advice when a secondary limit names no wait: at least a minute.
const secondaryRateLimitWaitMs = 60_000;

function vendorMessage(responseBody: string | undefined): string {
  if (!responseBody) return "";
  try {
    const body: unknown = JSON.parse(responseBody);
    if (typeof body === "object" && body !== null && "message" in body && typeof body.message === "string") return body.message;
  } catch {
    // not JSON (a proxy's HTML page): the status alone decides
  }
  return "";
}

function classify(error: ApiCallError): { code: GitHubErrorCode; isRetryable: boolean; retryAfterMs?: number } | undefined {
  const status = error.statusCode;
  const message = vendorMessage(error.responseBody);
  const headers = error.responseHeaders;
  if (status === 403 || status === 429) {
    if (
      /secondary rate limit/i.test(message) ||
      (status === 403 && headers["retry-after"] !== undefined && headers["x-ratelimit-remaining"] !== "0")
    ) {
      return { code: "GITHUB_SECONDARY_RATE_LIMIT", isRetryable: true, retryAfterMs: error.retryAfterMs ?? secondaryRateLimitWaitMs };
    }
    if (status === 429 || headers["x-ratelimit-remaining"] === "0" || /rate limit exceeded/i.test(message)) {
      return { code: "GITHUB_RATE_LIMITED", isRetryable: true, retryAfterMs: error.retryAfterMs ?? secondaryRateLimitWaitMs };
    }
    return { code: "GITHUB_FORBIDDEN", isRetryable: false };
  }
  if (status === 401) return { code: "GITHUB_AUTH_FAILED", isRetryable: false };
  if (status === 404) return { code: "GITHUB_NOT_FOUND", isRetryable: false };
  if (status === 422) {
    if (/pagination is limited/i.test(message)) return { code: "GITHUB_PAGINATION_LIMIT", isRetryable: false };
    return { code: "GITHUB_VALIDATION_FAILED", isRetryable: false };
  }
  return undefined;
}

const hints: Partial<Record<GitHubErrorCode, string>> = {
  GITHUB_AUTH_FAILED: " (check the token option or GITHUB_TOKEN)",
  GITHUB_FORBIDDEN: " (the token lacks access to this resource)",
};

/**
 * Turns GitHub's error statuses and bodies into prefixed codes: rate limits (primary and secondary) are
 * retryable with the wait GitHub asked for, authentication and permission failures are not. Anything else —
 * abort errors, timeouts, 5xx, validation errors — is returned untouched.
 */
export function mapGitHubError(error: unknown): unknown {
  if (!ApiCallError.isInstance(error) || error.statusCode === undefined) return error;
  const mapped = classify(error);
  if (!mapped) return error;
  return error.withCode(mapped.code, {
    message: `${error.message}${hints[mapped.code] ?? ""}`,
    isRetryable: mapped.isRetryable,
    ...(mapped.retryAfterMs !== undefined && { retryAfterMs: mapped.retryAfterMs }),
  });
}
