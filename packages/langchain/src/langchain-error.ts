import { isAbortError, isRetryableStatus, UndercurrentError } from "@undercurrent/core";

/**
 * The `code`s of the errors this package throws besides core's (`RESPONSE_INVALID`, `CONFIG_INVALID`,
 * `INPUT_INVALID`). Values are the codes themselves.
 */
export const langChainErrorCodes = {
  /** The provider refused the credentials (LangChain's `MODEL_AUTHENTICATION`, or a 401/403). Not retryable. */
  LANGCHAIN_AUTHENTICATION_FAILED: "LANGCHAIN_AUTHENTICATION_FAILED",
  /** Unknown model (`MODEL_NOT_FOUND`, or a 404). Not retryable. */
  LANGCHAIN_MODEL_NOT_FOUND: "LANGCHAIN_MODEL_NOT_FOUND",
  /** Rate limited (`MODEL_RATE_LIMIT`, or a 429). Retryable; `retryAfterMs` when the provider said. */
  LANGCHAIN_RATE_LIMITED: "LANGCHAIN_RATE_LIMITED",
  /** The prompt is longer than the model's context (`CONTEXT_OVERFLOW`). Not retryable. */
  LANGCHAIN_CONTEXT_OVERFLOW: "LANGCHAIN_CONTEXT_OVERFLOW",
  /** Any other failure of the model or embeddings call; retryable for 408/409/429/5xx and network errors. */
  LANGCHAIN_CALL_FAILED: "LANGCHAIN_CALL_FAILED",
  /** The answer still did not match the schema after the repair retry (a `ResponseValidationError`). */
  LANGCHAIN_OUTPUT_INVALID: "LANGCHAIN_OUTPUT_INVALID",
} as const;

/** One of {@link langChainErrorCodes}. */
export type LangChainErrorCode = keyof typeof langChainErrorCodes;

// Provider messages sometimes echo (part of) a key: drop anything shaped like one.
const keyLikePattern = /\b(sk|sess|rk|xai|gsk|AIza)[-_][A-Za-z0-9_*.-]{6,}/g;

/** Removes anything that looks like an API key from `text`. */
export function redactKeys(text: string): string {
  return text.replace(keyLikePattern, "[redacted]");
}

interface ProviderErrorFields {
  lc_error_code?: unknown;
  status?: unknown;
  statusCode?: unknown;
  response?: { status?: unknown; headers?: unknown };
  headers?: unknown;
  code?: unknown;
}

function statusOf(error: ProviderErrorFields): number | undefined {
  for (const value of [error.status, error.statusCode, error.response?.status]) if (typeof value === "number") return value;
  return undefined;
}

function retryAfterOf(error: ProviderErrorFields): number | undefined {
  const headers = error.headers ?? error.response?.headers;
  let value: unknown;
  if (headers instanceof Headers) value = headers.get("retry-after");
  else if (typeof headers === "object" && headers !== null) value = (headers as Record<string, unknown>)["retry-after"];
  const seconds = Number(value);
  return typeof value === "string" && Number.isFinite(seconds) ? Math.max(0, seconds * 1000) : undefined;
}

/** Whether the error says the model's output could not be parsed (so a repair may help). */
export function isOutputParsingError(error: unknown): boolean {
  if (error instanceof SyntaxError) return true;
  const fields = error as ProviderErrorFields & { name?: unknown };
  return fields?.lc_error_code === "OUTPUT_PARSING_FAILURE" || fields?.name === "OutputParserException";
}

/**
 * Turns what a LangChain model or embeddings object throws into an `UndercurrentError`: LangChain's `lc_error_code`
 * (`MODEL_RATE_LIMIT`, `MODEL_AUTHENTICATION`, `MODEL_NOT_FOUND`, `CONTEXT_OVERFLOW`) or the provider's HTTP
 * status decide the code and whether it is retryable; key-like strings are removed from the message. Abort errors
 * and Undercurrent errors are returned untouched. `what` names the call, e.g. `ChatOpenAI.invoke`.
 */
export function mapLangChainError(error: unknown, what: string): unknown {
  if (isAbortError(error) || UndercurrentError.isInstance(error)) return error;
  const fields = (typeof error === "object" && error !== null ? error : {}) as ProviderErrorFields;
  const status = statusOf(fields);
  const lcCode = typeof fields.lc_error_code === "string" ? fields.lc_error_code : undefined;
  if (lcCode === "MODEL_ABORTED") return new DOMException(`${what} was aborted`, "AbortError");
  const message = redactKeys(error instanceof Error ? error.message : String(error));
  let code: LangChainErrorCode = "LANGCHAIN_CALL_FAILED";
  if (lcCode === "MODEL_RATE_LIMIT" || status === 429) code = "LANGCHAIN_RATE_LIMITED";
  else if (lcCode === "MODEL_AUTHENTICATION" || status === 401 || status === 403) code = "LANGCHAIN_AUTHENTICATION_FAILED";
  else if (lcCode === "MODEL_NOT_FOUND" || status === 404) code = "LANGCHAIN_MODEL_NOT_FOUND";
  else if (lcCode === "CONTEXT_OVERFLOW") code = "LANGCHAIN_CONTEXT_OVERFLOW";
  const isRetryable =
    code === "LANGCHAIN_RATE_LIMITED" ||
    (code === "LANGCHAIN_CALL_FAILED" && (status === undefined ? isNetworkError(fields) : isRetryableStatus(status)));
  const retryAfterMs = code === "LANGCHAIN_RATE_LIMITED" ? retryAfterOf(fields) : undefined;
  // The provider's error is not kept as `cause`: its fields may carry request headers or an echoed key.
  return new UndercurrentError({
    code,
    message: `${what} failed${status ? ` (${status})` : ""}: ${message}`,
    isRetryable,
    ...(retryAfterMs !== undefined && { retryAfterMs }),
  });
}

function isNetworkError(fields: ProviderErrorFields): boolean {
  return typeof fields.code === "string" && /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|UND_ERR_)/.test(fields.code);
}
