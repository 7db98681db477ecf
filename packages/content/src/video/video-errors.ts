import { ApiCallError, UndercurrentError } from "@undercurrent/core";

/** Error codes of the video pipeline, batches and campaigns. */
export const videoErrorCodes = {
  /** The batch's estimated cost is above `maxCost`; nothing was started. */
  BUDGET_EXCEEDED: "VIDEO_BUDGET_EXCEEDED",
  /** A render was still not done after `polling.timeoutMs`: it stays `pending` and a later resume polls it again. */
  RENDER_TIMEOUT: "VIDEO_RENDER_TIMEOUT",
  /** The provider refused a start for lack of credit; the batch stopped starting renders (circuit breaker). */
  INSUFFICIENT_CREDIT: "VIDEO_INSUFFICIENT_CREDIT",
  /** A start kept failing with retryable errors until `retry.maxAttempts`. */
  RETRIES_EXHAUSTED: "VIDEO_RETRIES_EXHAUSTED",
  /** A batch id given to resume has no job in the ledger. */
  BATCH_NOT_FOUND: "VIDEO_BATCH_NOT_FOUND",
  /** A campaign plan could not assign an avatar (empty catalogue, or none fits). */
  NO_AVATAR: "VIDEO_NO_AVATAR",
  /** A script is longer than a platform takes. */
  SCRIPT_TOO_LONG: "VIDEO_SCRIPT_TOO_LONG",
} as const;

/** One of {@link videoErrorCodes}. */
export type VideoErrorCode = (typeof videoErrorCodes)[keyof typeof videoErrorCodes];

/**
 * Whether `error` means the account is out of credit (HTTP 402, or a code naming insufficient credit, a trial or a
 * plan limit). Such errors open the batch's circuit breaker instead of failing one job after another.
 */
export function isInsufficientCreditError(error: unknown): boolean {
  if (!UndercurrentError.isInstance(error)) return false;
  if (ApiCallError.isInstance(error) && error.statusCode === 402) return true;
  return /INSUFFICIENT_CREDIT|PAYMENT_REQUIRED|TRIAL_LIMIT|PLAN_LIMIT|PLAN_UPGRADE/i.test(error.code);
}

/** The error fields a job keeps in the ledger. Messages are kept short and never hold secrets (errors never do). */
export function jobErrorOf(error: unknown): { code: string; message: string; isRetryable: boolean } {
  if (UndercurrentError.isInstance(error)) {
    return { code: error.code, message: error.message.slice(0, 500), isRetryable: error.isRetryable };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: "UNEXPECTED", message: message.slice(0, 500), isRetryable: false };
}
