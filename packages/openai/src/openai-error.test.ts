import { ApiCallError } from "@undercurrent/core";
import { APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { describe, expect, it } from "vitest";
import { mapOpenAIError, parseOpenAIDuration, redactSecrets, retryAfterFromHeaders } from "./openai-error.js";

const url = "https://api.openai.com/v1/chat/completions";

describe("mapOpenAIError", () => {
  it("maps a 429 with OpenAI's reset headers when there is no retry-after", () => {
    const headers = new Headers({ "x-ratelimit-reset-requests": "1.5s", "x-ratelimit-reset-tokens": "6m0s", "x-request-id": "req_9" });
    const error = APIError.generate(
      429,
      { message: "Rate limit reached", code: "rate_limit_exceeded", type: "requests" },
      undefined,
      headers,
    );
    const mapped = mapOpenAIError(error, { url });
    expect(ApiCallError.isInstance(mapped)).toBe(true);
    expect(mapped).toMatchObject({
      code: "OPENAI_RATE_LIMITED",
      retryAfterMs: 360_000,
      responseHeaders: { "x-request-id": "req_9", "x-ratelimit-reset-tokens": "6m0s" },
    });
  });

  it("removes the key and key-like tokens from messages and bodies", () => {
    const secret = "sk-live-0123456789abcdef";
    const error = APIError.generate(400, { message: `bad key ${secret} or sk-proj-****cdef`, code: null }, undefined, new Headers());
    const mapped = mapOpenAIError(error, { url, secrets: [secret] }) as ApiCallError;
    expect(mapped.message).not.toContain("0123456789");
    expect(mapped.message).not.toContain("cdef");
    expect(mapped.responseBody).not.toContain("cdef");
  });

  it("returns abort errors and an aborted signal's reason untouched", () => {
    const controller = new AbortController();
    const reason = new DOMException("stop", "AbortError");
    controller.abort(reason);
    expect(mapOpenAIError(new APIUserAbortError(), { url, signal: controller.signal })).toBe(reason);
    expect((mapOpenAIError(new APIUserAbortError(), { url }) as Error).name).toBe("AbortError");
    expect(mapOpenAIError(new APIConnectionTimeoutError(), { url, timeoutMs: 10 })).toMatchObject({ code: "TIMEOUT", isRetryable: true });
  });
});

describe("headers", () => {
  it("parses OpenAI durations", () => {
    expect(parseOpenAIDuration("6m0s")).toBe(360_000);
    expect(parseOpenAIDuration("1h2m")).toBe(3_720_000);
    expect(parseOpenAIDuration("20ms")).toBe(20);
    expect(parseOpenAIDuration("0.5s")).toBe(500);
    expect(parseOpenAIDuration("soon")).toBeUndefined();
  });

  it("prefers retry-after-ms, then retry-after (seconds or date)", () => {
    expect(retryAfterFromHeaders(new Headers({ "retry-after-ms": "250", "retry-after": "9" }))).toBe(250);
    expect(retryAfterFromHeaders(new Headers({ "retry-after": "2" }))).toBe(2_000);
    const now = Date.parse("2026-11-25T12:00:00Z");
    expect(retryAfterFromHeaders(new Headers({ "retry-after": "Wed, 25 Nov 2026 12:00:05 GMT" }), now)).toBe(5_000);
    expect(retryAfterFromHeaders(new Headers())).toBeUndefined();
  });

  it("redacts secrets", () => {
    expect(redactSecrets("key sk-abcdefgh12345 and mine", ["mine"])).toBe("key [redacted] and [redacted]");
  });
});
