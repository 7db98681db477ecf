import { ApiCallError, ResponseValidationError, UndercurrentError } from "@undercurrent/core";

/**
 * The `code`s of the errors the Reddit source throws, besides core's (`HTTP_503`, `TIMEOUT`, `NETWORK_ERROR`,
 * `RESPONSE_INVALID`, `RESPONSE_NOT_JSON`, `CONFIG_INVALID`). Values are the codes themselves.
 */
export const redditErrorCodes = {
  /** No client id, client secret or User-Agent in the options or the environment (a `ConfigError`). */
  REDDIT_CREDENTIALS_MISSING: "REDDIT_CREDENTIALS_MISSING",
  /** `REDDIT_USER_AGENT` is not of the form Reddit requires (a `ConfigError`). */
  REDDIT_USER_AGENT_INVALID: "REDDIT_USER_AGENT_INVALID",
  /** Reddit refused the credentials or the token, also after one fresh token. Not retryable. */
  REDDIT_AUTH_FAILED: "REDDIT_AUTH_FAILED",
  /** Reddit answered 429. Retryable; `retryAfterMs` says when. */
  REDDIT_RATE_LIMITED: "REDDIT_RATE_LIMITED",
  /** Reddit answered with an HTML block page ("whoa there, pardner!"): the IP or User-Agent is blocked. Not retryable. */
  REDDIT_BLOCKED: "REDDIT_BLOCKED",
  /** A 403 without a reason: the app may not call this endpoint. Not retryable. */
  REDDIT_FORBIDDEN: "REDDIT_FORBIDDEN",
  /** The subreddit is private. The other subreddits are still read; the source reports itself degraded. */
  REDDIT_SUBREDDIT_PRIVATE: "REDDIT_SUBREDDIT_PRIVATE",
  /** The subreddit is quarantined, gated or otherwise closed to the app (a 403 with another reason). Handled like private. */
  REDDIT_SUBREDDIT_UNAVAILABLE: "REDDIT_SUBREDDIT_UNAVAILABLE",
  /** The subreddit does not exist or is banned (404). Handled like private. */
  REDDIT_SUBREDDIT_NOT_FOUND: "REDDIT_SUBREDDIT_NOT_FOUND",
} as const;

/** One of {@link redditErrorCodes}. */
export type RedditErrorCode = keyof typeof redditErrorCodes;

/** Which call failed: the token request, or a listing of a subreddit. */
export type RedditCall = { endpoint: "token" } | { endpoint: "listing"; subreddit: string };

/** Codes after which the other subreddits can still be read. */
export const subredditErrorCodes: ReadonlySet<string> = new Set([
  redditErrorCodes.REDDIT_SUBREDDIT_PRIVATE,
  redditErrorCodes.REDDIT_SUBREDDIT_UNAVAILABLE,
  redditErrorCodes.REDDIT_SUBREDDIT_NOT_FOUND,
]);

const credentialsHint =
  "check REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET (or the clientId and clientSecret options) and that Reddit has approved the app";

function readErrorBody(body: string | undefined): { reason?: string; error?: string } {
  try {
    const parsed: unknown = JSON.parse(body ?? "");
    if (typeof parsed !== "object" || parsed === null) return {};
    const { reason, error } = parsed as Record<string, unknown>;
    return {
      ...(typeof reason === "string" && { reason }),
      ...(typeof error === "string" && { error }),
    };
  } catch {
    return {};
  }
}

const blockedMessage =
  "Reddit answered with a block page instead of data: the IP address or the User-Agent is blocked. Use a descriptive REDDIT_USER_AGENT and OAuth credentials";

const looksLikeHtml = (text: string | undefined) => /^\s*</.test(text ?? "") || /text\/html/i.test(text ?? "");

function withCode(error: ApiCallError, code: RedditErrorCode, message: string, isRetryable: boolean): ApiCallError {
  return error.withCode(code, { message: `${message} (${error.message})`, isRetryable: isRetryable });
}

function mapApiCallError(error: ApiCallError, call: RedditCall): UndercurrentError {
  const status = error.statusCode;
  if (status === 429 || error.code === "RATE_LIMITED") {
    return withCode(error, "REDDIT_RATE_LIMITED", "Reddit's rate limit is spent", true);
  }
  if (status === 403 && looksLikeHtml(error.responseBody)) {
    return withCode(error, "REDDIT_BLOCKED", blockedMessage, false);
  }
  if (call.endpoint === "token") {
    if (status === 400 || status === 401 || status === 403) {
      return withCode(error, "REDDIT_AUTH_FAILED", `Reddit refused the app's credentials: ${credentialsHint}`, false);
    }
    return error;
  }
  const subreddit = `r/${call.subreddit}`;
  if (status === 401) return withCode(error, "REDDIT_AUTH_FAILED", `Reddit refused a fresh access token: ${credentialsHint}`, false);
  if (status === 404) {
    const banned = readErrorBody(error.responseBody).reason === "banned";
    return withCode(error, "REDDIT_SUBREDDIT_NOT_FOUND", `${subreddit} ${banned ? "is banned" : "does not exist"}`, false);
  }
  if (status === 403) {
    const { reason } = readErrorBody(error.responseBody);
    if (reason === "private") return withCode(error, "REDDIT_SUBREDDIT_PRIVATE", `${subreddit} is private`, false);
    if (reason) return withCode(error, "REDDIT_SUBREDDIT_UNAVAILABLE", `${subreddit} is not available to the app (${reason})`, false);
    return withCode(error, "REDDIT_FORBIDDEN", `Reddit does not let the app read ${subreddit}`, false);
  }
  return error;
}

/**
 * Turns what a Reddit call threw into an Undercurrent error with a `REDDIT_` code where one helps: refused
 * credentials are `REDDIT_AUTH_FAILED` (not retryable), 429 is `REDDIT_RATE_LIMITED` (retryable), HTML block
 * pages are `REDDIT_BLOCKED`, private, closed and missing subreddits have their own codes. Other errors,
 * and abort errors above all, are returned untouched. Messages come from the HTTP helper, already redacted.
 */
export function mapRedditError(error: unknown, call: RedditCall): unknown {
  if (ApiCallError.isInstance(error)) return mapApiCallError(error, call);
  if (ResponseValidationError.isInstance(error) && error.code === "RESPONSE_NOT_JSON") {
    if (error.issues.some((issue) => looksLikeHtml(issue.message.replace(/^expected JSON, got /, "")))) {
      return new ResponseValidationError({
        code: redditErrorCodes.REDDIT_BLOCKED,
        issues: [{ path: "", message: blockedMessage }, ...error.issues],
        url: error.url,
        cause: error,
      });
    }
  }
  return error;
}

/** A Reddit answer that says the grant failed although the status is 200 (`{"error": "unsupported_grant_type"}`). */
export function tokenRefusedError(reason: string, url: string): UndercurrentError {
  return new UndercurrentError({
    code: redditErrorCodes.REDDIT_AUTH_FAILED,
    message: `Reddit refused the token request at ${url} (${reason}): ${credentialsHint}`,
  });
}
