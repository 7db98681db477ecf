import type { z } from "zod";

const errorBrand = Symbol.for("undercurrent.error");
const apiCallBrand = Symbol.for("undercurrent.error.api-call");
const validationBrand = Symbol.for("undercurrent.error.validation");
const configBrand = Symbol.for("undercurrent.error.config");
const responseValidationBrand = Symbol.for("undercurrent.error.response-validation");

function hasBrand(value: unknown, brand: symbol): boolean {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

/** Options shared by every Undercurrent error. */
export interface UndercurrentErrorOptions {
  /** Stable UPPER_SNAKE code, e.g. `API_CALL_FAILED` or a plugin's prefixed `HEYGEN_INSUFFICIENT_CREDIT`. */
  code: string;
  /** Human-readable message. Never contains secrets. */
  message: string;
  /** Whether repeating the same call later may succeed. Defaults to `false`. */
  isRetryable?: boolean;
  /** The underlying error, if any. */
  cause?: unknown;
  /** Milliseconds to wait before trying again, when known (a server's `Retry-After`, a cool-down). */
  retryAfterMs?: number;
}

/**
 * The base of every error Undercurrent throws. Check with {@link UndercurrentError.isInstance},
 * which works across two installed copies of the package (it checks a `Symbol.for` brand).
 */
export class UndercurrentError extends Error {
  /** Stable machine-readable code. */
  readonly code: string;
  /** Whether repeating the same call later may succeed. */
  readonly isRetryable: boolean;
  /** Milliseconds to wait before trying again, when known; the pipeline waits at least this long. */
  readonly retryAfterMs: number | undefined;
  readonly [errorBrand] = true;

  constructor(options: UndercurrentErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "UndercurrentError";
    this.code = options.code;
    this.isRetryable = options.isRetryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** True for any Undercurrent error, from any installed copy of `@undercurrent/core`. */
  static isInstance(error: unknown): error is UndercurrentError {
    return hasBrand(error, errorBrand);
  }
}

/** Options of {@link ApiCallError}. */
export interface ApiCallErrorOptions extends Partial<Pick<UndercurrentErrorOptions, "code">> {
  message: string;
  /** The URL called, with secret query parameters redacted. */
  url: string;
  /** HTTP method. */
  method?: string;
  /** HTTP status, absent for network failures and timeouts. */
  statusCode?: number;
  /** The start of the response body (redacted, at most a few KB). */
  responseBody?: string;
  /** Response headers that explain the failure (rate-limit headers, request ids). */
  responseHeaders?: Record<string, string>;
  /** Milliseconds the server asked us to wait (`Retry-After`, rate-limit reset). */
  retryAfterMs?: number;
  /** Overrides the retryability derived from the status. */
  isRetryable?: boolean;
  cause?: unknown;
}

/** HTTP statuses after which the same request may succeed later. */
export function isRetryableStatus(statusCode: number | undefined): boolean {
  if (statusCode === undefined) return true; // network failure or timeout
  return statusCode === 408 || statusCode === 409 || statusCode === 425 || statusCode === 429 || statusCode >= 500;
}

/** A call to a remote API failed: a non-2xx status, a network error or a timeout. */
export class ApiCallError extends UndercurrentError {
  readonly url: string;
  readonly method: string;
  readonly statusCode: number | undefined;
  readonly responseBody: string | undefined;
  readonly responseHeaders: Record<string, string>;
  readonly [apiCallBrand] = true;

  constructor(options: ApiCallErrorOptions) {
    super({
      code: options.code ?? (options.statusCode === undefined ? "API_CALL_FAILED" : `HTTP_${options.statusCode}`),
      message: options.message,
      isRetryable: options.isRetryable ?? isRetryableStatus(options.statusCode),
      cause: options.cause,
      ...(options.retryAfterMs !== undefined && { retryAfterMs: options.retryAfterMs }),
    });
    this.name = "ApiCallError";
    this.url = options.url;
    this.method = options.method ?? "GET";
    this.statusCode = options.statusCode;
    this.responseBody = options.responseBody;
    this.responseHeaders = options.responseHeaders ?? {};
  }

  /**
   * The same failure under a vendor's own code and message (for `map<Vendor>Error` functions): every other
   * field, the cause included, is kept.
   */
  withCode(code: string, overrides: { message?: string; isRetryable?: boolean; retryAfterMs?: number } = {}): ApiCallError {
    return new ApiCallError({
      code,
      message: overrides.message ?? this.message,
      url: this.url,
      method: this.method,
      ...(this.statusCode !== undefined && { statusCode: this.statusCode }),
      ...(this.responseBody !== undefined && { responseBody: this.responseBody }),
      responseHeaders: this.responseHeaders,
      ...((overrides.retryAfterMs ?? this.retryAfterMs) !== undefined && { retryAfterMs: overrides.retryAfterMs ?? this.retryAfterMs }),
      isRetryable: overrides.isRetryable ?? this.isRetryable,
      cause: this,
    });
  }

  static override isInstance(error: unknown): error is ApiCallError {
    return hasBrand(error, apiCallBrand);
  }
}

/** One problem found while validating options or data. */
export interface ValidationIssue {
  /** Dotted path of the offending field, e.g. `sources.0.interval`. */
  path: string;
  /** What was wrong and what was expected. */
  message: string;
}

function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join("; ");
}

/**
 * Turns zod issues into {@link ValidationIssue}s with dotted paths under `root`, and zod's messages into
 * plain ones ("Invalid input: expected string, received number" → "expected string, received number").
 */
export function toValidationIssues(issues: readonly z.core.$ZodIssue[], root = ""): ValidationIssue[] {
  return issues.map((issue) => {
    const message = issue.message.replace(/^Invalid input: /, "");
    return {
      path: [root, ...issue.path.map(String)].filter(Boolean).join("."),
      message: message.charAt(0).toLowerCase() + message.slice(1),
    };
  });
}

/** Options of {@link ValidationError} and {@link ConfigError}. */
export interface ValidationErrorOptions {
  /** Overrides the message built from `issues`. */
  message?: string;
  issues?: ValidationIssue[];
  /** The function or method that validated, e.g. `createPipeline`; prefixes the message. */
  context?: string;
  cause?: unknown;
  code?: string;
}

/** Bad input data (an item, a series, a job): the message names each field and what was expected. Never retryable. */
export class ValidationError extends UndercurrentError {
  readonly issues: readonly ValidationIssue[];
  readonly [validationBrand] = true;

  constructor(options: ValidationErrorOptions) {
    const issues = options.issues ?? [];
    const detail = options.message ?? formatIssues(issues);
    super({
      code: options.code ?? "INPUT_INVALID",
      message: options.context ? `${options.context}: ${detail}` : detail,
      cause: options.cause,
    });
    this.name = "ValidationError";
    this.issues = issues;
  }

  static override isInstance(error: unknown): error is ValidationError {
    return hasBrand(error, validationBrand);
  }
}

/** A bad option or setting: the message names the field and what was expected. Never retryable. */
export class ConfigError extends ValidationError {
  readonly [configBrand] = true;

  constructor(options: ValidationErrorOptions) {
    super({ ...options, code: options.code ?? "CONFIG_INVALID" });
    this.name = "ConfigError";
  }

  static override isInstance(error: unknown): error is ConfigError {
    return hasBrand(error, configBrand);
  }
}

/** A vendor response (or recorded data) did not have the expected shape. */
export class ResponseValidationError extends UndercurrentError {
  readonly issues: readonly ValidationIssue[];
  /** Where the response came from (a URL with secrets redacted, or a file). */
  readonly url: string | undefined;
  /** The response's content type, when known (e.g. `text/html` for a block page where JSON was expected). */
  readonly contentType: string | undefined;
  readonly [responseValidationBrand] = true;

  constructor(options: { issues: ValidationIssue[]; url?: string; cause?: unknown; code?: string; contentType?: string }) {
    super({
      code: options.code ?? "RESPONSE_INVALID",
      message: `Unexpected response${options.url ? ` from ${options.url}` : ""}: ${formatIssues(options.issues)}`,
      cause: options.cause,
      // A vendor changing its shape will not fix itself on the next attempt; an HTML page where data was
      // expected is usually a CDN or firewall challenge, which passes.
      isRetryable: options.contentType?.includes("html") ?? false,
    });
    this.name = "ResponseValidationError";
    this.issues = options.issues;
    this.url = options.url;
    this.contentType = options.contentType;
  }

  static override isInstance(error: unknown): error is ResponseValidationError {
    return hasBrand(error, responseValidationBrand);
  }
}

/** True for the errors `AbortSignal` produces; these are passed through untouched. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError") && !UndercurrentError.isInstance(error);
}

/** Wraps any thrown value into an {@link UndercurrentError}, leaving Undercurrent errors as they are. */
export function toUndercurrentError(error: unknown, code = "UNEXPECTED"): UndercurrentError {
  if (UndercurrentError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new UndercurrentError({ code, message, cause: error });
}
