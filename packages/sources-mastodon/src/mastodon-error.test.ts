import { ApiCallError, ResponseValidationError } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { mapMastodonError } from "./mastodon-error.js";

function apiError(statusCode: number, body = "", extra: { retryAfterMs?: number } = {}): ApiCallError {
  return new ApiCallError({
    code: statusCode === 429 ? "RATE_LIMITED" : `HTTP_${statusCode}`,
    message: `GET https://mastodon.social/api/v1/trends/tags returned ${statusCode}`,
    url: "https://mastodon.social/api/v1/trends/tags?limit=20&offset=0",
    statusCode,
    responseBody: body,
    ...extra,
  });
}

describe("mapMastodonError", () => {
  it("maps a 401 without a token to MASTODON_AUTH_REQUIRED, telling how to set one", () => {
    const mapped = mapMastodonError(apiError(401, '{"error":"This API requires an authenticated user"}'), { authenticated: false });
    expect(ApiCallError.isInstance(mapped)).toBe(true);
    expect(mapped).toMatchObject({ code: "MASTODON_AUTH_REQUIRED", isRetryable: false, statusCode: 401 });
    expect((mapped as Error).message).toBe(
      "This Mastodon instance requires an access token for its trends: GET https://mastodon.social/api/v1/trends/tags?limit=20&offset=0 returned 401 (This API requires an authenticated user). Set the accessToken option or the MASTODON_ACCESS_TOKEN environment variable.",
    );
  });

  it("maps a 401 with a token to MASTODON_AUTH_FAILED, including error_description", () => {
    const body = '{"error":"invalid_token","error_description":"The access token was revoked"}';
    const mapped = mapMastodonError(apiError(401, body), { authenticated: true });
    expect(mapped).toMatchObject({ code: "MASTODON_AUTH_FAILED", isRetryable: false });
    expect((mapped as Error).message).toMatch(/\(invalid_token: The access token was revoked\)/);
  });

  it("maps a 403 to MASTODON_FORBIDDEN, not retryable, also without a JSON body", () => {
    const mapped = mapMastodonError(apiError(403, "<html>Forbidden</html>"), { authenticated: false });
    expect(mapped).toMatchObject({ code: "MASTODON_FORBIDDEN", isRetryable: false });
    expect((mapped as Error).message).toMatch(/returned 403\.$/);
  });

  it("maps a 429 to a retryable MASTODON_RATE_LIMITED that keeps retryAfterMs and the original as cause", () => {
    const original = apiError(429, '{"error":"Too many requests"}', { retryAfterMs: 120_000 });
    const mapped = mapMastodonError(original, { authenticated: false });
    expect(mapped).toMatchObject({ code: "MASTODON_RATE_LIMITED", isRetryable: true, retryAfterMs: 120_000 });
    expect((mapped as Error).cause).toBe(original);
  });

  it.each([404, 410, 501])("maps a %i to MASTODON_TRENDS_UNAVAILABLE", (status) => {
    expect(mapMastodonError(apiError(status), { authenticated: false })).toMatchObject({
      code: "MASTODON_TRENDS_UNAVAILABLE",
      isRetryable: false,
    });
  });

  it("leaves other statuses, network failures, invalid responses and aborts untouched", () => {
    const serverError = apiError(502);
    const timeout = new ApiCallError({ code: "TIMEOUT", message: "timed out", url: "https://mastodon.social/" });
    const invalid = new ResponseValidationError({ issues: [{ path: "", message: "expected array" }] });
    const abort = new DOMException("stopped", "AbortError");
    for (const error of [serverError, timeout, invalid, abort]) expect(mapMastodonError(error, { authenticated: false })).toBe(error);
  });
});
