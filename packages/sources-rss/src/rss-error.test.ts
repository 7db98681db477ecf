import { ApiCallError, ResponseValidationError } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { mapRssError } from "./rss-error.js";

const failure = (statusCode: number, code?: string) =>
  new ApiCallError({
    message: `GET https://feeds.example.com/private.xml returned ${statusCode}`,
    url: "https://feeds.example.com/private.xml",
    statusCode,
    ...(code && { code }),
    retryAfterMs: statusCode === 429 ? 2_000 : undefined,
  });

describe("mapRssError", () => {
  it.each([401, 403])("maps %i to RSS_ACCESS_DENIED, not retryable, keeping the status and the cause", (statusCode) => {
    const original = failure(statusCode);
    const mapped = mapRssError(original);
    expect(ApiCallError.isInstance(mapped)).toBe(true);
    expect(mapped).toMatchObject({ code: "RSS_ACCESS_DENIED", isRetryable: false, statusCode, cause: original });
  });

  it.each([404, 410])("maps %i to RSS_FEED_NOT_FOUND", (statusCode) => {
    expect(mapRssError(failure(statusCode))).toMatchObject({ code: "RSS_FEED_NOT_FOUND", isRetryable: false });
  });

  it("keeps rate limits (429, or 403 with an exhausted budget) retryable with their wait", () => {
    const tooMany = failure(429, "RATE_LIMITED");
    expect(mapRssError(tooMany)).toBe(tooMany);
    const exhausted = failure(403, "RATE_LIMITED");
    expect(mapRssError(exhausted)).toBe(exhausted);
  });

  it("leaves server errors, validation errors and abort errors untouched", () => {
    const unavailable = failure(503);
    expect(mapRssError(unavailable)).toBe(unavailable);
    const invalid = new ResponseValidationError({ issues: [{ path: "", message: "bad" }] });
    expect(mapRssError(invalid)).toBe(invalid);
    const abort = new DOMException("stopped", "AbortError");
    expect(mapRssError(abort)).toBe(abort);
  });
});
