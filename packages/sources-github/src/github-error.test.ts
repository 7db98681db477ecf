import { ApiCallError, ResponseValidationError } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import badCredentials from "./__fixtures__/bad-credentials.json" with { type: "json" };
import forbidden from "./__fixtures__/forbidden.json" with { type: "json" };
import notFound from "./__fixtures__/not-found.json" with { type: "json" };
import paginationLimited from "./__fixtures__/pagination-limited.json" with { type: "json" };
import rateLimitExceeded from "./__fixtures__/rate-limit-exceeded.json" with { type: "json" };
import secondaryRateLimit from "./__fixtures__/secondary-rate-limit.json" with { type: "json" };
import validationFailed from "./__fixtures__/validation-failed.json" with { type: "json" };
import { gitHubErrorCodes, mapGitHubError } from "./github-error.js";

function apiError(
  statusCode: number,
  body: unknown,
  options: { headers?: Record<string, string>; retryAfterMs?: number; code?: string } = {},
) {
  return new ApiCallError({
    code: options.code ?? `HTTP_${statusCode}`,
    message: `GET https://api.github.com/search/repositories returned ${statusCode}`,
    url: "https://api.github.com/search/repositories",
    statusCode,
    responseBody: typeof body === "string" ? body : JSON.stringify(body),
    responseHeaders: options.headers ?? {},
    ...(options.retryAfterMs !== undefined && { retryAfterMs: options.retryAfterMs }),
  });
}

describe("mapGitHubError", () => {
  it.each([
    ["401 Bad credentials", apiError(401, badCredentials), "GITHUB_AUTH_FAILED", false],
    ["403 SAML enforcement", apiError(403, forbidden), "GITHUB_FORBIDDEN", false],
    ["403 with an HTML page", apiError(403, "<html><body>Forbidden</body></html>"), "GITHUB_FORBIDDEN", false],
    ["404", apiError(404, notFound), "GITHUB_NOT_FOUND", false],
    ["422 past the pagination limit", apiError(422, paginationLimited), "GITHUB_PAGINATION_LIMIT", false],
    ["422 Validation Failed", apiError(422, validationFailed), "GITHUB_VALIDATION_FAILED", false],
    [
      "403 primary limit",
      apiError(403, rateLimitExceeded, { headers: { "x-ratelimit-remaining": "0" }, code: "RATE_LIMITED" }),
      "GITHUB_RATE_LIMITED",
      true,
    ],
    ["403 primary limit without headers", apiError(403, rateLimitExceeded), "GITHUB_RATE_LIMITED", true],
    ["429 without a message", apiError(429, ""), "GITHUB_RATE_LIMITED", true],
    ["403 secondary limit", apiError(403, secondaryRateLimit), "GITHUB_SECONDARY_RATE_LIMIT", true],
    ["429 secondary limit", apiError(429, secondaryRateLimit), "GITHUB_SECONDARY_RATE_LIMIT", true],
    ["403 with only retry-after", apiError(403, "", { headers: { "retry-after": "60" } }), "GITHUB_SECONDARY_RATE_LIMIT", true],
  ])("maps %s", (_label, error, code, isRetryable) => {
    const mapped = mapGitHubError(error);
    expect(ApiCallError.isInstance(mapped)).toBe(true);
    expect(mapped).toMatchObject({ code, isRetryable, statusCode: error.statusCode, url: error.url, cause: error });
    expect(Object.values(gitHubErrorCodes)).toContain(code);
  });

  it("keeps the wait GitHub asked for, or waits a minute when it named none", () => {
    expect(mapGitHubError(apiError(403, secondaryRateLimit, { retryAfterMs: 45_000 }))).toMatchObject({ retryAfterMs: 45_000 });
    expect(mapGitHubError(apiError(403, secondaryRateLimit))).toMatchObject({ retryAfterMs: 60_000 });
    expect(
      mapGitHubError(apiError(403, rateLimitExceeded, { headers: { "x-ratelimit-remaining": "0" }, retryAfterMs: 1_200_000 })),
    ).toMatchObject({
      retryAfterMs: 1_200_000,
    });
  });

  it("points at the token on an authentication failure", () => {
    expect((mapGitHubError(apiError(401, badCredentials)) as Error).message).toMatch(/check the token option or GITHUB_TOKEN/);
  });

  it("leaves other errors untouched", () => {
    const abort = new DOMException("stopped", "AbortError");
    const serverError = apiError(503, "Service Unavailable");
    const timeout = new ApiCallError({ code: "TIMEOUT", message: "timed out", url: "https://api.github.com/rate_limit" });
    const invalid = new ResponseValidationError({ issues: [{ path: "items", message: "expected array" }] });
    for (const error of [abort, serverError, timeout, invalid, "a string"]) expect(mapGitHubError(error)).toBe(error);
  });
});
