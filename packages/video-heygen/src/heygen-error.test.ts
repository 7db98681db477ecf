import { ApiCallError } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { HeyGenApiError, mapHeyGenError, readHeyGenError } from "./heygen-error.js";

const url = "https://api.heygen.com/v3/videos";

function apiError(statusCode: number, body: unknown, extra: { retryAfterMs?: number; method?: string; url?: string } = {}): ApiCallError {
  return new ApiCallError({
    message: `returned ${statusCode}`,
    url: extra.url ?? url,
    method: extra.method ?? "POST",
    statusCode,
    responseBody: typeof body === "string" ? body : JSON.stringify(body),
    responseHeaders: { "x-request-id": "req_123" },
    ...(extra.retryAfterMs !== undefined && { retryAfterMs: extra.retryAfterMs }),
  });
}

const envelope = (code: string, message = "m", param?: string) => ({ error: { code, message, ...(param && { param }) } });

describe("mapHeyGenError", () => {
  it.each([
    [402, "insufficient_credit", "HEYGEN_INSUFFICIENT_CREDIT", false],
    [402, "plan_upgrade_required", "HEYGEN_PLAN_LIMIT", false],
    [429, "rate_limit_exceeded", "HEYGEN_RATE_LIMITED", true],
    [429, "quota_exceeded", "HEYGEN_QUOTA_EXCEEDED", true],
    [409, "request_in_progress", "HEYGEN_REQUEST_IN_PROGRESS", true],
    [409, "conflict", "HEYGEN_CONFLICT", false],
    [400, "invalid_parameter", "HEYGEN_INVALID_REQUEST", false],
    [400, "content_policy_violation", "HEYGEN_INVALID_REQUEST", false],
    [400, "download_failed", "HEYGEN_DOWNLOAD_FAILED", false],
    [401, "unauthorized", "HEYGEN_UNAUTHORIZED", false],
    [401, "authentication_failed", "HEYGEN_UNAUTHORIZED", false],
    [403, "voice_not_usable", "HEYGEN_FORBIDDEN", false],
    [404, "avatar_not_found", "HEYGEN_AVATAR_NOT_FOUND", false],
    [404, "voice_not_found", "HEYGEN_VOICE_NOT_FOUND", false],
    [404, "template_not_found", "HEYGEN_TEMPLATE_NOT_FOUND", false],
    [404, "webhook_not_found", "HEYGEN_NOT_FOUND", false],
    [413, "payload_too_large", "HEYGEN_PAYLOAD_TOO_LARGE", false],
    [500, "internal_error", "HEYGEN_UNAVAILABLE", true],
    [504, "gateway_timeout", "HEYGEN_UNAVAILABLE", true],
  ])("maps %i %s to %s (retryable: %s)", (status, code, expected, retryable) => {
    const mapped = mapHeyGenError(apiError(status, envelope(code, "Something went wrong")));
    expect(mapped).toBeInstanceOf(HeyGenApiError);
    expect(mapped).toMatchObject({ code: expected, isRetryable: retryable, statusCode: status, heyGenCode: code, requestId: "req_123" });
  });

  it("keeps Retry-After and names the param", () => {
    const mapped = mapHeyGenError(apiError(429, envelope("rate_limit_exceeded"), { retryAfterMs: 3_000 })) as HeyGenApiError;
    expect(mapped.retryAfterMs).toBe(3_000);
    const param = mapHeyGenError(
      apiError(400, envelope("invalid_parameter", "voice_id is required when script is provided", "voice_id")),
    ) as HeyGenApiError;
    expect(param.param).toBe("voice_id");
    expect(param.message).toBe(
      "HeyGen POST https://api.heygen.com/v3/videos returned 400: invalid_parameter: voice_id is required when script is provided (param voice_id)",
    );
  });

  it("classifies by status when the body is no envelope or the code is the generic error", () => {
    expect(mapHeyGenError(apiError(503, "<html>down</html>"))).toMatchObject({ code: "HEYGEN_UNAVAILABLE", isRetryable: true });
    expect(mapHeyGenError(apiError(402, envelope("error")))).toMatchObject({ code: "HEYGEN_INSUFFICIENT_CREDIT", isRetryable: false });
    expect(mapHeyGenError(apiError(404, "", { method: "GET", url: "https://api.heygen.com/v3/videos/abc" }))).toMatchObject({
      code: "HEYGEN_VIDEO_NOT_FOUND",
    });
    expect(mapHeyGenError(apiError(429, ""))).toMatchObject({ code: "HEYGEN_RATE_LIMITED", isRetryable: true });
    expect(mapHeyGenError(apiError(418, "teapot"))).toMatchObject({ code: "HEYGEN_API_ERROR", isRetryable: false });
  });

  it("leaves timeouts, network errors, other errors and already-mapped errors alone", () => {
    const timeout = new ApiCallError({ code: "TIMEOUT", message: "timed out", url });
    const abort = new DOMException("stop", "AbortError");
    const mapped = mapHeyGenError(apiError(500, envelope("internal_error")));
    for (const error of [timeout, abort, mapped]) expect(mapHeyGenError(error)).toBe(error);
  });

  it("reads envelopes leniently", () => {
    expect(readHeyGenError('{"error":{"code":"x","message":"y","param":null,"doc_url":"https://d"}}')).toEqual({ code: "x", message: "y" });
    expect(readHeyGenError('{"data":{}}')).toBeUndefined();
    expect(readHeyGenError("oops")).toBeUndefined();
    expect(readHeyGenError(undefined)).toBeUndefined();
  });
});
