import { ApiCallError, ResponseValidationError } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { decodeGoogleJson, decodeTrendingRss, looksLikeHtml, stripXssiPrefix } from "./google-trends-api.js";
import { googleTrendsErrorCodes, isDegradation, mapGoogleTrendsError } from "./google-trends-error.js";

const url = "https://trends.google.com/trends/api/explore";

/** What `run` threw; fails the test when it does not throw. */
function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("stripXssiPrefix", () => {
  it.each([
    [')]}\'\n{"a":1}', '{"a":1}'],
    [')]}\',\n{"a":1}', '{"a":1}'],
    [')]}\',{"a":1}', '{"a":1}'],
    ['{"a":1}', '{"a":1}'],
  ])("strips %j", (body, expected) => {
    expect(stripXssiPrefix(body)).toBe(expected);
  });
});

describe("looksLikeHtml", () => {
  it("recognises pages by content type or by their start", () => {
    expect(looksLikeHtml("{}", "text/html; charset=UTF-8")).toBe(true);
    expect(looksLikeHtml("  <!DOCTYPE html><html>", "application/json")).toBe(true);
    expect(looksLikeHtml("<html lang=en>", "")).toBe(true);
    expect(looksLikeHtml('<rss version="2.0">', "application/rss+xml")).toBe(false);
    expect(looksLikeHtml(")]}'\n{}", "text/javascript")).toBe(false);
  });
});

describe("decodeGoogleJson", () => {
  const schema = z.looseObject({ widgets: z.array(z.unknown()) });

  it("parses after the prefix and keeps extra fields", () => {
    expect(decodeGoogleJson({ body: ')]}\'\n{"widgets":[],"extra":true}', contentType: "application/json", url }, schema)).toEqual({
      widgets: [],
      extra: true,
    });
  });

  it("reports an HTML page as a block", () => {
    const error = caught(() => decodeGoogleJson({ body: "<html><body>sorry</body></html>", contentType: "text/html", url }, schema));
    expect(error).toMatchObject({ code: "GOOGLE_TRENDS_BLOCKED", isRetryable: true });
    expect(isDegradation(error)).toBe(true);
  });

  it("reports a body that is not JSON and a wrong shape as ResponseValidationErrors", () => {
    expect(() => decodeGoogleJson({ body: ')]}\'\n{"widgets": [', contentType: "application/json", url }, schema)).toThrow(
      expect.objectContaining({ code: "RESPONSE_NOT_JSON" }),
    );
    const error = caught(() => decodeGoogleJson({ body: '{"widgets": {}}', contentType: "application/json", url }, schema));
    expect(ResponseValidationError.isInstance(error)).toBe(true);
    expect((error as ResponseValidationError).issues[0]?.path).toBe("widgets");
    expect(isDegradation(error)).toBe(false);
  });
});

describe("decodeTrendingRss", () => {
  it("returns the raw items with namespace prefixes kept", () => {
    const items = decodeTrendingRss({
      body: '<rss xmlns:ht="https://trends.google.com/trending/rss"><channel><item><title>a</title><ht:approx_traffic>200+</ht:approx_traffic></item></channel></rss>',
      contentType: "application/rss+xml",
      url,
    });
    expect(items).toEqual([{ title: "a", "ht:approx_traffic": "200+" }]);
  });

  it("rejects a document that is not RSS", () => {
    expect(() => decodeTrendingRss({ body: "<feed><entry/></feed>", contentType: "application/xml", url })).toThrow(
      expect.objectContaining({ code: "RESPONSE_INVALID", message: expect.stringContaining("rss") }),
    );
  });
});

describe("mapGoogleTrendsError", () => {
  const apiError = (statusCode: number) =>
    new ApiCallError({
      message: `GET ${url} returned ${statusCode}`,
      url,
      statusCode,
      retryAfterMs: statusCode === 429 ? 2_000 : undefined,
    });

  it.each([
    [429, googleTrendsErrorCodes.GOOGLE_TRENDS_RATE_LIMITED],
    [302, googleTrendsErrorCodes.GOOGLE_TRENDS_BLOCKED],
    [403, googleTrendsErrorCodes.GOOGLE_TRENDS_BLOCKED],
    [404, googleTrendsErrorCodes.GOOGLE_TRENDS_ENDPOINT_CHANGED],
    [410, googleTrendsErrorCodes.GOOGLE_TRENDS_ENDPOINT_CHANGED],
  ])("maps %i to %s, a retryable degradation", (status, code) => {
    const mapped = mapGoogleTrendsError(apiError(status));
    expect(mapped).toMatchObject({ code, isRetryable: true, statusCode: status, url });
    expect(isDegradation(mapped)).toBe(true);
  });

  it("keeps the wait Google asked for", () => {
    expect(mapGoogleTrendsError(apiError(429))).toMatchObject({ retryAfterMs: 2_000 });
  });

  it("leaves other failures and abort errors untouched", () => {
    const serverError = apiError(503);
    expect(mapGoogleTrendsError(serverError)).toBe(serverError);
    const abort = new DOMException("stopped", "AbortError");
    expect(mapGoogleTrendsError(abort)).toBe(abort);
    const timeout = new ApiCallError({ code: "TIMEOUT", message: "timed out", url });
    expect(mapGoogleTrendsError(timeout)).toBe(timeout);
    expect(isDegradation(serverError)).toBe(false);
  });
});
