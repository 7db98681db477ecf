import { ApiCallError, type ApiCallErrorOptions } from "@undercurrent/core";
import { heyGenErrorEnvelopeSchema } from "./heygen-api.js";

/**
 * The `code`s of the errors the HeyGen provider throws besides core's (`TIMEOUT`, `NETWORK_ERROR`, `RESPONSE_INVALID`,
 * `RESPONSE_NOT_JSON`, `CONFIG_INVALID`, `INPUT_INVALID`). Values are the codes themselves.
 */
export const heyGenErrorCodes = {
  /** 401 `unauthorized` / `authentication_failed`: a missing or wrong key. Not retryable. */
  HEYGEN_UNAUTHORIZED: "HEYGEN_UNAUTHORIZED",
  /** 403 `forbidden`, `resource_access_denied`, `voice_not_usable`…: not allowed on this account. Not retryable. */
  HEYGEN_FORBIDDEN: "HEYGEN_FORBIDDEN",
  /** 402 `insufficient_credit`: the wallet cannot pay for the render. Not retryable; top up first. */
  HEYGEN_INSUFFICIENT_CREDIT: "HEYGEN_INSUFFICIENT_CREDIT",
  /** 402 `trial_limit_exceeded` / `plan_upgrade_required`: the plan does not allow it. Not retryable. */
  HEYGEN_PLAN_LIMIT: "HEYGEN_PLAN_LIMIT",
  /** 429 `rate_limit_exceeded` (requests or concurrent renders). Retryable; `retryAfterMs` from `Retry-After`. */
  HEYGEN_RATE_LIMITED: "HEYGEN_RATE_LIMITED",
  /** 429 `quota_exceeded`. Retryable later; `retryAfterMs` when HeyGen says. */
  HEYGEN_QUOTA_EXCEEDED: "HEYGEN_QUOTA_EXCEEDED",
  /** 400 `invalid_parameter` and other rejected requests; `param` names HeyGen's field. Not retryable. */
  HEYGEN_INVALID_REQUEST: "HEYGEN_INVALID_REQUEST",
  /** 400 `download_failed`: an audio, image or background URL could not be fetched. Not retryable. */
  HEYGEN_DOWNLOAD_FAILED: "HEYGEN_DOWNLOAD_FAILED",
  /** 404 `avatar_not_found`. Not retryable. */
  HEYGEN_AVATAR_NOT_FOUND: "HEYGEN_AVATAR_NOT_FOUND",
  /** 404 `voice_not_found`. Not retryable. */
  HEYGEN_VOICE_NOT_FOUND: "HEYGEN_VOICE_NOT_FOUND",
  /** 404 `not_found` / `video_not_found` for a video. Not retryable. */
  HEYGEN_VIDEO_NOT_FOUND: "HEYGEN_VIDEO_NOT_FOUND",
  /** 404 `template_not_found`. Not retryable. */
  HEYGEN_TEMPLATE_NOT_FOUND: "HEYGEN_TEMPLATE_NOT_FOUND",
  /** 404 for anything else (`webhook_not_found`, `asset_not_found`…). Not retryable. */
  HEYGEN_NOT_FOUND: "HEYGEN_NOT_FOUND",
  /** 409 `request_in_progress`: the same `Idempotency-Key` is still being handled. Retryable: wait and replay. */
  HEYGEN_REQUEST_IN_PROGRESS: "HEYGEN_REQUEST_IN_PROGRESS",
  /** 409 `conflict` / `resource_not_ready`. Not retryable as is. */
  HEYGEN_CONFLICT: "HEYGEN_CONFLICT",
  /** 413 `payload_too_large`. Not retryable. */
  HEYGEN_PAYLOAD_TOO_LARGE: "HEYGEN_PAYLOAD_TOO_LARGE",
  /** 5xx after the HTTP helper's retries. Retryable. */
  HEYGEN_UNAVAILABLE: "HEYGEN_UNAVAILABLE",
  /** Any other HTTP failure. Retryability from the status. */
  HEYGEN_API_ERROR: "HEYGEN_API_ERROR",
  /** A webhook's signature does not match any secret (answer 401). */
  WEBHOOK_SIGNATURE_INVALID: "WEBHOOK_SIGNATURE_INVALID",
  /** A webhook's timestamp is outside the window (answer 400). */
  WEBHOOK_STALE: "WEBHOOK_STALE",
  /** A webhook lacks its signature or timestamp header (answer 400). */
  WEBHOOK_HEADERS_MISSING: "WEBHOOK_HEADERS_MISSING",
  /** A correctly signed webhook whose event id was seen before (answer 200, do not process again). */
  WEBHOOK_DUPLICATE: "WEBHOOK_DUPLICATE",
  /** A correctly signed webhook whose body is not a HeyGen event (answer 400). */
  WEBHOOK_PAYLOAD_INVALID: "WEBHOOK_PAYLOAD_INVALID",
} as const;

/** One of {@link heyGenErrorCodes}. */
export type HeyGenErrorCode = keyof typeof heyGenErrorCodes;

/** An HTTP failure of the HeyGen API, with HeyGen's own error code, `param` and request id. */
export class HeyGenApiError extends ApiCallError {
  /** HeyGen's lowercase `error.code`, e.g. `insufficient_credit`; absent when the body was no envelope. */
  readonly heyGenCode: string | undefined;
  /** The request field HeyGen objected to (`error.param`), e.g. `voice_id`. */
  readonly param: string | undefined;
  /** HeyGen's `X-Request-Id`, for support tickets. */
  readonly requestId: string | undefined;

  constructor(options: ApiCallErrorOptions & { heyGenCode?: string; param?: string; requestId?: string }) {
    super(options);
    this.name = "HeyGenApiError";
    this.heyGenCode = options.heyGenCode;
    this.param = options.param;
    this.requestId = options.requestId;
  }

  /** The same failure under another code and message, keeping HeyGen's code, `param` and request id. */
  override withCode(code: string, overrides: { message?: string; isRetryable?: boolean; retryAfterMs?: number } = {}): HeyGenApiError {
    const retryAfterMs = overrides.retryAfterMs ?? this.retryAfterMs;
    return new HeyGenApiError({
      code,
      message: overrides.message ?? this.message,
      url: this.url,
      method: this.method,
      ...(this.statusCode !== undefined && { statusCode: this.statusCode }),
      ...(this.responseBody !== undefined && { responseBody: this.responseBody }),
      responseHeaders: this.responseHeaders,
      ...(retryAfterMs !== undefined && { retryAfterMs }),
      isRetryable: overrides.isRetryable ?? this.isRetryable,
      cause: this,
      ...(this.heyGenCode !== undefined && { heyGenCode: this.heyGenCode }),
      ...(this.param !== undefined && { param: this.param }),
      ...(this.requestId !== undefined && { requestId: this.requestId }),
    });
  }
}

/** HeyGen's error envelope read from a (redacted) response body, when it is one. */
export function readHeyGenError(body: string | undefined): { code?: string; message?: string; param?: string } | undefined {
  if (!body) return undefined;
  try {
    const parsed = heyGenErrorEnvelopeSchema.safeParse(JSON.parse(body));
    if (!parsed.success) return undefined;
    const { code, message, param } = parsed.data.error;
    return { ...(code && { code }), ...(message && { message }), ...(param && { param }) };
  } catch {
    return undefined;
  }
}

function classify(status: number, code: string | undefined, url: string): { code: HeyGenErrorCode; isRetryable: boolean } {
  // HeyGen's CLI: use error.code; when it is missing or the generic "error", classify by HTTP status.
  const known = code && code !== "error" ? code : undefined;
  if (known === "insufficient_credit") return { code: "HEYGEN_INSUFFICIENT_CREDIT", isRetryable: false };
  if (known === "trial_limit_exceeded" || known === "plan_upgrade_required") return { code: "HEYGEN_PLAN_LIMIT", isRetryable: false };
  if (known === "rate_limit_exceeded") return { code: "HEYGEN_RATE_LIMITED", isRetryable: true };
  if (known === "quota_exceeded") return { code: "HEYGEN_QUOTA_EXCEEDED", isRetryable: true };
  if (known === "request_in_progress") return { code: "HEYGEN_REQUEST_IN_PROGRESS", isRetryable: true };
  if (known === "download_failed") return { code: "HEYGEN_DOWNLOAD_FAILED", isRetryable: false };
  if (known === "avatar_not_found" || known === "avatar_group_not_found") return { code: "HEYGEN_AVATAR_NOT_FOUND", isRetryable: false };
  if (known === "voice_not_found") return { code: "HEYGEN_VOICE_NOT_FOUND", isRetryable: false };
  if (known === "template_not_found") return { code: "HEYGEN_TEMPLATE_NOT_FOUND", isRetryable: false };
  if (known === "video_not_found") return { code: "HEYGEN_VIDEO_NOT_FOUND", isRetryable: false };
  if (known === "payload_too_large") return { code: "HEYGEN_PAYLOAD_TOO_LARGE", isRetryable: false };
  if (known === "unauthorized" || known === "authentication_failed") return { code: "HEYGEN_UNAUTHORIZED", isRetryable: false };
  if (known === "internal_error" || known === "gateway_timeout") return { code: "HEYGEN_UNAVAILABLE", isRetryable: true };
  if (status === 401) return { code: "HEYGEN_UNAUTHORIZED", isRetryable: false };
  if (status === 402) return { code: known ? "HEYGEN_PLAN_LIMIT" : "HEYGEN_INSUFFICIENT_CREDIT", isRetryable: false };
  if (status === 403) return { code: "HEYGEN_FORBIDDEN", isRetryable: false };
  if (status === 404) {
    return { code: /\/v3\/videos\/[^/]+$/.test(new URL(url).pathname) ? "HEYGEN_VIDEO_NOT_FOUND" : "HEYGEN_NOT_FOUND", isRetryable: false };
  }
  if (status === 409) return { code: "HEYGEN_CONFLICT", isRetryable: false };
  if (status === 413) return { code: "HEYGEN_PAYLOAD_TOO_LARGE", isRetryable: false };
  if (status === 429) return { code: "HEYGEN_RATE_LIMITED", isRetryable: true };
  if (status >= 500) return { code: "HEYGEN_UNAVAILABLE", isRetryable: true };
  if (status === 400 || status === 422) return { code: "HEYGEN_INVALID_REQUEST", isRetryable: false };
  return { code: "HEYGEN_API_ERROR", isRetryable: status === 408 || status === 425 };
}

/** Waited for a `request_in_progress` replay when HeyGen gives no `Retry-After`. */
const requestInProgressWaitMs = 1_000;

/**
 * Turns the HTTP helper's errors into HeyGen errors ({@link HeyGenApiError}) by HeyGen's `error.code`, or by the
 * HTTP status when the body is no envelope: insufficient credit is not retryable; a rate limit keeps the
 * `Retry-After` wait in `retryAfterMs`; `request_in_progress` is retryable after a short wait. Timeouts, network
 * errors, validation and abort errors are returned untouched.
 */
export function mapHeyGenError(error: unknown): unknown {
  if (!ApiCallError.isInstance(error) || error.statusCode === undefined || error instanceof HeyGenApiError) return error;
  const status = error.statusCode;
  const envelope = readHeyGenError(error.responseBody);
  const { code, isRetryable } = classify(status, envelope?.code, error.url);
  const detail = envelope?.message ?? (error.responseBody ? "" : "no error body");
  const vendorCode = envelope?.code ? `${envelope.code}: ` : "";
  const param = envelope?.param ? ` (param ${envelope.param})` : "";
  const retryAfterMs = error.retryAfterMs ?? (code === "HEYGEN_REQUEST_IN_PROGRESS" ? requestInProgressWaitMs : undefined);
  const requestId = error.responseHeaders["x-request-id"];
  return new HeyGenApiError({
    code,
    message: `HeyGen ${error.method} ${error.url} returned ${status}: ${vendorCode}${detail || "(body is not a HeyGen error)"}${param}`,
    url: error.url,
    method: error.method,
    statusCode: status,
    ...(error.responseBody !== undefined && { responseBody: error.responseBody }),
    responseHeaders: error.responseHeaders,
    ...(retryAfterMs !== undefined && { retryAfterMs }),
    isRetryable,
    cause: error,
    ...(envelope?.code && { heyGenCode: envelope.code }),
    ...(envelope?.param && { param: envelope.param }),
    ...(requestId && { requestId }),
  });
}
