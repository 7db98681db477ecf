import {
  ApiCallError,
  isAbortError,
  ResponseValidationError,
  redactText,
  toUndercurrentError,
  UndercurrentError,
} from "@undercurrent/core";
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, OpenAIError } from "openai";

/**
 * The `code`s of the errors this package throws besides core's (`TIMEOUT`, `NETWORK_ERROR`, `RESPONSE_INVALID`,
 * `RESPONSE_NOT_JSON`, `CONFIG_INVALID`, `INPUT_INVALID`). Values are the codes themselves.
 */
export const openAIErrorCodes = {
  /** No API key: neither `apiKey` nor `OPENAI_API_KEY` (a `ConfigError`). Not retryable. */
  OPENAI_API_KEY_MISSING: "OPENAI_API_KEY_MISSING",
  /** 401: the key was refused. Not retryable. */
  OPENAI_AUTHENTICATION_FAILED: "OPENAI_AUTHENTICATION_FAILED",
  /** 403: the key may not use this model or project, or the region is not supported. Not retryable. */
  OPENAI_PERMISSION_DENIED: "OPENAI_PERMISSION_DENIED",
  /** 404: unknown model (or no access to it). Not retryable. */
  OPENAI_NOT_FOUND: "OPENAI_NOT_FOUND",
  /** 400/422 the API refused the request; the message carries OpenAI's reason. Not retryable. */
  OPENAI_BAD_REQUEST: "OPENAI_BAD_REQUEST",
  /** 400 `context_length_exceeded`: the prompt plus output budget exceed the model's context. Not retryable. */
  OPENAI_CONTEXT_LENGTH_EXCEEDED: "OPENAI_CONTEXT_LENGTH_EXCEEDED",
  /** 429 `rate_limit_exceeded` after the SDK's retries. Retryable; `retryAfterMs` holds the server's wait. */
  OPENAI_RATE_LIMITED: "OPENAI_RATE_LIMITED",
  /** 429 `insufficient_quota`: the account is out of credit. Not retryable (waiting does not help). */
  OPENAI_INSUFFICIENT_QUOTA: "OPENAI_INSUFFICIENT_QUOTA",
  /** 5xx after the SDK's retries. Retryable. */
  OPENAI_UNAVAILABLE: "OPENAI_UNAVAILABLE",
  /** The prompt or the answer was blocked by OpenAI's content filter. Not retryable. */
  OPENAI_CONTENT_FILTERED: "OPENAI_CONTENT_FILTERED",
  /** The model refused to answer (`message.refusal`); the message carries its words. Not retryable. */
  OPENAI_REFUSED: "OPENAI_REFUSED",
  /** The answer hit `maxOutputTokens` (`finish_reason: "length"`) before the JSON was complete. Not retryable as is. */
  OPENAI_OUTPUT_TRUNCATED: "OPENAI_OUTPUT_TRUNCATED",
  /** The answer still did not match the schema after the repair retry (a `ResponseValidationError` with the issues). */
  OPENAI_OUTPUT_INVALID: "OPENAI_OUTPUT_INVALID",
} as const;

/** One of {@link openAIErrorCodes}. */
export type OpenAIErrorCode = keyof typeof openAIErrorCodes;

/** What the mapper needs to know about the failed call. */
export interface OpenAICallContext {
  /** The endpoint called, e.g. `https://api.openai.com/v1/embeddings`. */
  url: string;
  method?: string;
  /** The caller's signal: when it is aborted, its reason is returned instead of a mapped error. */
  signal?: AbortSignal | undefined;
  /** Values that must never appear in an error (the API key). */
  secrets?: readonly string[];
  /** The per-attempt timeout, for the message. */
  timeoutMs?: number;
}

// OpenAI's 401 message echoes a masked key ("Incorrect API key provided: sk-proj-****abcd"): drop every key-like token.
const keyLikePattern = /\b(sk|sess|rk)-[A-Za-z0-9_*.-]{6,}/g;

/** Removes the secrets and anything that looks like an OpenAI key from `text`. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  return redactText(text, secrets).replace(keyLikePattern, "[redacted]");
}

const explainingHeaders = [
  "retry-after",
  "retry-after-ms",
  "x-request-id",
  "x-ratelimit-limit-requests",
  "x-ratelimit-limit-tokens",
  "x-ratelimit-remaining-requests",
  "x-ratelimit-remaining-tokens",
  "x-ratelimit-reset-requests",
  "x-ratelimit-reset-tokens",
];

/** Parses OpenAI's reset durations: `6m0s`, `1.5s`, `20ms`, `1h2m`. */
export function parseOpenAIDuration(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const pattern = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let total = 0;
  let matched = "";
  for (const match of value.trim().matchAll(pattern)) {
    const amount = Number(match[1]);
    const unit = match[2];
    total += amount * (unit === "h" ? 3_600_000 : unit === "m" ? 60_000 : unit === "s" ? 1_000 : 1);
    matched += match[0];
  }
  return matched.length > 0 && matched === value.trim() ? Math.round(total) : undefined;
}

/** How long the server asked us to wait: `retry-after-ms`, `retry-after` (seconds or a date), then the reset headers. */
export function retryAfterFromHeaders(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const milliseconds = Number(headers.get("retry-after-ms"));
  if (headers.get("retry-after-ms") && Number.isFinite(milliseconds)) return Math.max(0, milliseconds);
  const retryAfter = headers.get("retry-after");
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const resets = [headers.get("x-ratelimit-reset-requests"), headers.get("x-ratelimit-reset-tokens")]
    .map(parseOpenAIDuration)
    .filter((value): value is number => value !== undefined);
  return resets.length > 0 ? Math.max(...resets) : undefined;
}

interface OpenAIErrorBody {
  message?: unknown;
  code?: unknown;
  type?: unknown;
}

function codeFor(status: number, apiCode: string): { code: OpenAIErrorCode | undefined; retryable?: boolean } {
  if (status === 401) return { code: "OPENAI_AUTHENTICATION_FAILED", retryable: false };
  if (status === 403) return { code: "OPENAI_PERMISSION_DENIED", retryable: false };
  if (status === 404) return { code: "OPENAI_NOT_FOUND", retryable: false };
  if (status === 429) {
    return apiCode === "insufficient_quota" || apiCode === "billing_hard_limit_reached"
      ? { code: "OPENAI_INSUFFICIENT_QUOTA", retryable: false }
      : { code: "OPENAI_RATE_LIMITED", retryable: true };
  }
  if (status === 400 || status === 422) {
    if (apiCode === "context_length_exceeded") return { code: "OPENAI_CONTEXT_LENGTH_EXCEEDED", retryable: false };
    if (/content_policy|content_filter|invalid_prompt/.test(apiCode)) return { code: "OPENAI_CONTENT_FILTERED", retryable: false };
    return { code: "OPENAI_BAD_REQUEST", retryable: false };
  }
  if (status >= 500) return { code: "OPENAI_UNAVAILABLE", retryable: true };
  return { code: undefined };
}

function abortReason(signal: AbortSignal | undefined): unknown {
  if (signal?.reason !== undefined) return signal.reason;
  return new DOMException("The operation was aborted.", "AbortError");
}

/**
 * Turns what the openai SDK throws into Undercurrent errors, with secrets removed from every message and body:
 * HTTP errors become `ApiCallError`s with an `OPENAI_*` code (see {@link openAIErrorCodes}), `isRetryable` and, for
 * 429, `retryAfterMs`; timeouts `TIMEOUT`, connection failures `NETWORK_ERROR` (both retryable); a body that is not
 * JSON `RESPONSE_NOT_JSON`. An aborted call returns the signal's reason (an `AbortError`), untouched.
 * The SDK's error is not kept as `cause`, because its body may echo the key.
 */
export function mapOpenAIError(error: unknown, context: OpenAICallContext): unknown {
  const secrets = context.secrets ?? [];
  const method = context.method ?? "POST";
  if (error instanceof APIUserAbortError || (context.signal?.aborted && !UndercurrentError.isInstance(error))) {
    return abortReason(context.signal);
  }
  if (isAbortError(error) || UndercurrentError.isInstance(error)) return error;
  if (error instanceof APIConnectionTimeoutError) {
    return new ApiCallError({
      code: "TIMEOUT",
      message: `OpenAI did not answer ${method} ${context.url}${context.timeoutMs ? ` within ${context.timeoutMs} ms` : ""}`,
      url: context.url,
      method,
      isRetryable: true,
    });
  }
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${redactSecrets(error.cause.message, secrets)}` : "";
    return new ApiCallError({
      code: "NETWORK_ERROR",
      message: `Could not reach OpenAI at ${context.url}${cause}`,
      url: context.url,
      method,
      isRetryable: true,
    });
  }
  if (error instanceof APIError && typeof error.status === "number") {
    const status = error.status;
    const body = (error.error ?? {}) as OpenAIErrorBody;
    const apiCode = typeof body.code === "string" ? body.code : typeof body.type === "string" ? body.type : "";
    const reason = redactSecrets(typeof body.message === "string" ? body.message : error.message, secrets);
    const responseHeaders: Record<string, string> = {};
    for (const name of explainingHeaders) {
      const value = error.headers?.get(name);
      if (value) responseHeaders[name] = value;
    }
    const { code, retryable } = codeFor(status, apiCode);
    const retryAfterMs = status === 429 || status >= 500 ? retryAfterFromHeaders(error.headers) : undefined;
    return new ApiCallError({
      ...(code !== undefined && { code }),
      message: `OpenAI ${method} ${context.url} returned ${status}${apiCode ? ` (${apiCode})` : ""}: ${reason}`,
      url: context.url,
      method,
      statusCode: status,
      responseBody: redactSecrets(JSON.stringify(error.error ?? null), secrets).slice(0, 4_000),
      responseHeaders,
      ...(retryAfterMs !== undefined && { retryAfterMs }),
      ...(retryable !== undefined && { isRetryable: retryable }),
    });
  }
  if (error instanceof SyntaxError) {
    return new ResponseValidationError({
      code: "RESPONSE_NOT_JSON",
      url: context.url,
      issues: [{ path: "", message: `expected a JSON body: ${redactSecrets(error.message, secrets)}` }],
    });
  }
  if (error instanceof OpenAIError || error instanceof Error) {
    return new UndercurrentError({
      code: "UNEXPECTED",
      message: `OpenAI call to ${context.url} failed: ${redactSecrets(error.message, secrets)}`,
    });
  }
  return toUndercurrentError(error);
}

/**
 * The error for a 2xx answer that is text instead of JSON (the SDK hands non-JSON bodies back as strings): a CDN or
 * firewall page (HTML, retryable, as core treats block pages) or anything else (not retryable).
 */
export function notJsonError(body: string, url: string): ResponseValidationError {
  const html = /^\s*</.test(body);
  return new ResponseValidationError({
    code: "RESPONSE_NOT_JSON",
    url,
    contentType: html ? "text/html" : "text/plain",
    issues: [{ path: "", message: `expected JSON, got ${html ? "an HTML page" : "text"}: ${redactSecrets(body.slice(0, 120))}` }],
  });
}
