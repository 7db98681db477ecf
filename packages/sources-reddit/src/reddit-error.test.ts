import { ApiCallError, ResponseValidationError } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { mapRedditError } from "./reddit-error.js";

const listingCall = { endpoint: "listing", subreddit: "secretclub" } as const;

function apiError(statusCode: number, body: string, extra: Partial<ConstructorParameters<typeof ApiCallError>[0]> = {}) {
  return new ApiCallError({
    message: `GET https://oauth.reddit.com/r/secretclub/hot returned ${statusCode}`,
    url: "https://oauth.reddit.com/r/secretclub/hot",
    statusCode,
    responseBody: body,
    ...extra,
  });
}

describe("mapRedditError", () => {
  it("maps a refused token request to REDDIT_AUTH_FAILED, not retryable", () => {
    const mapped = mapRedditError(apiError(401, '{"message": "Unauthorized", "error": 401}'), { endpoint: "token" });
    expect(mapped).toMatchObject({ code: "REDDIT_AUTH_FAILED", isRetryable: false, statusCode: 401 });
    expect((mapped as Error).message).toMatch(/REDDIT_CLIENT_ID/);
  });

  it("maps a 401 on a listing (after the token was already replaced) to REDDIT_AUTH_FAILED", () => {
    expect(mapRedditError(apiError(401, '{"message": "Unauthorized", "error": 401}'), listingCall)).toMatchObject({
      code: "REDDIT_AUTH_FAILED",
      isRetryable: false,
    });
  });

  it("maps 429 to REDDIT_RATE_LIMITED, retryable, keeping the wait", () => {
    const error = apiError(429, '{"message": "Too Many Requests", "error": 429}', {
      code: "RATE_LIMITED",
      retryAfterMs: 2_000,
      isRetryable: true,
    });
    const mapped = mapRedditError(error, listingCall);
    expect(mapped).toMatchObject({ code: "REDDIT_RATE_LIMITED", isRetryable: true, retryAfterMs: 2_000 });
    expect((mapped as Error).cause).toBe(error);
    expect(mapRedditError(apiError(429, '{"error": 429}'), { endpoint: "token" })).toMatchObject({ code: "REDDIT_RATE_LIMITED" });
  });

  it("maps subreddit errors by status and reason", () => {
    expect(mapRedditError(apiError(403, '{"reason": "private", "message": "Forbidden", "error": 403}'), listingCall)).toMatchObject({
      code: "REDDIT_SUBREDDIT_PRIVATE",
    });
    expect(mapRedditError(apiError(403, '{"reason": "quarantined", "message": "Forbidden", "error": 403}'), listingCall)).toMatchObject({
      code: "REDDIT_SUBREDDIT_UNAVAILABLE",
    });
    expect(mapRedditError(apiError(403, '{"message": "Forbidden", "error": 403}'), listingCall)).toMatchObject({
      code: "REDDIT_FORBIDDEN",
    });
    const banned = mapRedditError(apiError(404, '{"reason": "banned", "message": "Not Found", "error": 404}'), listingCall);
    expect(banned).toMatchObject({ code: "REDDIT_SUBREDDIT_NOT_FOUND", isRetryable: false });
    expect((banned as Error).message).toMatch(/r\/secretclub is banned/);
  });

  it("maps an HTML block page, as a 403 or where JSON was expected, to REDDIT_BLOCKED", () => {
    const html = "<!doctype html><html><head><title>Blocked</title></head><body>whoa there, pardner!</body></html>";
    expect(mapRedditError(apiError(403, html), listingCall)).toMatchObject({ code: "REDDIT_BLOCKED", isRetryable: false });
    const notJson = new ResponseValidationError({
      code: "RESPONSE_NOT_JSON",
      url: "https://oauth.reddit.com/r/rust/hot",
      issues: [{ path: "", message: `expected JSON, got text/html: ${html}` }],
    });
    const mapped = mapRedditError(notJson, listingCall);
    expect(ResponseValidationError.isInstance(mapped)).toBe(true);
    expect(mapped).toMatchObject({ code: "REDDIT_BLOCKED" });
    expect((mapped as Error).message).toMatch(/User-Agent/);
  });

  it("leaves other errors as they are: server errors, truncated JSON, aborts", () => {
    const unavailable = apiError(503, "Service Unavailable");
    expect(mapRedditError(unavailable, listingCall)).toBe(unavailable);
    const truncated = new ResponseValidationError({
      code: "RESPONSE_NOT_JSON",
      issues: [{ path: "", message: 'expected JSON, got application/json: {"kind": "Listing", "data": {' }],
    });
    expect(mapRedditError(truncated, listingCall)).toBe(truncated);
    const abort = new DOMException("stopped", "AbortError");
    expect(mapRedditError(abort, listingCall)).toBe(abort);
  });
});
