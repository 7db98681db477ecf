import { ApiCallError, ResponseValidationError } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { algoliaMessage, hackerNewsErrorCodes, isPointsFilterRejected, mapHackerNewsError } from "./hacker-news-error.js";

const url = "https://hn.algolia.com/api/v1/search_by_date?tags=story";

function apiError(statusCode: number, responseBody = "", retryAfterMs?: number): ApiCallError {
  return new ApiCallError({
    message: `GET ${url} returned ${statusCode}`,
    url,
    statusCode,
    responseBody,
    ...(retryAfterMs !== undefined && { retryAfterMs }),
  });
}

describe("mapHackerNewsError", () => {
  it("names Algolia's reason for a 400 and does not retry it", () => {
    const mapped = mapHackerNewsError(apiError(400, '{"message":"Invalid syntax for numeric condition: points>>1","status":400}'));
    expect(mapped).toMatchObject({ code: hackerNewsErrorCodes.HACKERNEWS_BAD_REQUEST, isRetryable: false, statusCode: 400, url });
    expect((mapped as Error).message).toContain("Invalid syntax for numeric condition: points>>1");
  });

  it("keeps a 429 retryable with the server's wait", () => {
    const original = apiError(429, '{"message":"Too many requests"}', 2_000);
    const mapped = mapHackerNewsError(original);
    expect(mapped).toMatchObject({ code: "HACKERNEWS_RATE_LIMITED", isRetryable: true, retryAfterMs: 2_000 });
    expect((mapped as Error).cause).toBe(original);
  });

  it("marks 5xx as unavailable and retryable", () => {
    expect(mapHackerNewsError(apiError(503, "Service Unavailable"))).toMatchObject({ code: "HACKERNEWS_UNAVAILABLE", isRetryable: true });
  });

  it("leaves timeouts, other statuses, validation and abort errors untouched", () => {
    const timeout = new ApiCallError({ code: "TIMEOUT", message: "timed out", url });
    const notFound = apiError(404);
    const invalid = new ResponseValidationError({ issues: [{ path: "hits", message: "expected array" }] });
    const abort = new DOMException("stopped", "AbortError");
    for (const error of [timeout, notFound, invalid, abort]) expect(mapHackerNewsError(error)).toBe(error);
  });
});

describe("Algolia error bodies", () => {
  it("reads Algolia's message, or the start of a non-JSON body", () => {
    expect(algoliaMessage('{"message":"Unknown parameter: foo","status":400}')).toBe("Unknown parameter: foo");
    expect(algoliaMessage("<html>Bad Request</html>")).toBe("<html>Bad Request</html>");
    expect(algoliaMessage("")).toBeUndefined();
  });

  it("recognises a refused points filter, but not a syntax error in it", () => {
    expect(isPointsFilterRejected(apiError(400, '{"message":"Attribute points is not filterable","status":400}'))).toBe(true);
    expect(isPointsFilterRejected(apiError(400, '{"message":"Invalid syntax for numeric condition: points>>1","status":400}'))).toBe(false);
    expect(isPointsFilterRejected(apiError(500, '{"message":"Attribute points is not filterable"}'))).toBe(false);
  });
});
