import type { RateLimitBudget } from "../schemas/health.js";

function parseNumber(value: string | null): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/**
 * Milliseconds to wait according to `Retry-After` (delta seconds or an HTTP date), or undefined.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const seconds = parseNumber(value);
  if (seconds !== undefined) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Reads a rate-limit reset header as epoch milliseconds. Numbers above 10^9 are epoch seconds (GitHub
 * `x-ratelimit-reset`), smaller ones seconds from now (Reddit `x-ratelimit-reset`, IETF `ratelimit-reset`);
 * anything else is read as a date (Mastodon sends ISO 8601).
 */
export function parseResetHeader(value: string | null, now: number): number | undefined {
  const number = parseNumber(value);
  if (number !== undefined) return number > 1e9 ? number * 1000 : now + number * 1000;
  if (value === null) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : date;
}

/** The rate-limit budget the response headers announce, if any. */
export function readRateLimitBudget(headers: Headers, now: number): RateLimitBudget | undefined {
  let limit = parseNumber(headers.get("x-ratelimit-limit") ?? headers.get("ratelimit-limit"));
  const remaining = parseNumber(
    headers.get("x-ratelimit-remaining") ?? headers.get("ratelimit-remaining") ?? headers.get("x-rate-limit-remaining"),
  );
  const resetAt = parseResetHeader(headers.get("x-ratelimit-reset") ?? headers.get("ratelimit-reset"), now);
  // Reddit sends used and remaining but no limit: the limit is their sum.
  const used = parseNumber(headers.get("x-ratelimit-used"));
  if (limit === undefined && used !== undefined && remaining !== undefined) limit = used + remaining;
  if (limit === undefined && remaining === undefined && resetAt === undefined) return undefined;
  return {
    ...(limit !== undefined && { limit: Math.max(0, Math.floor(limit)) }),
    ...(remaining !== undefined && { remaining: Math.max(0, Math.floor(remaining)) }),
    ...(resetAt !== undefined && { resetAt: new Date(resetAt) }),
  };
}

/**
 * How long the server wants us to wait before the next request: `Retry-After` first, then the
 * rate-limit reset when the remaining budget is zero.
 */
export function waitRequestedByServer(headers: Headers, now: number): number | undefined {
  const retryAfter = parseRetryAfter(headers.get("retry-after"), now);
  if (retryAfter !== undefined) return retryAfter;
  const budget = readRateLimitBudget(headers, now);
  if (budget?.remaining === 0 && budget.resetAt) return Math.max(0, budget.resetAt.getTime() - now);
  return undefined;
}
