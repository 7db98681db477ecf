import { type Clock, createHttpClient, type PullRequest, type SourceContext, silentLogger } from "@undercurrent/core";
import type { MockResponse } from "@undercurrent/core/testing";
import tokenResponse from "./__fixtures__/token.json" with { type: "json" };

// Shared by the test files only; not exported from the package.

export const apiBase = "https://oauth.reddit.com";
export const tokenUrl = "https://www.reddit.com/api/v1/access_token";
export const accessToken = tokenResponse.access_token;

/** Credentials shaped like Reddit's (a 14–22 character id, a 27–30 character secret). */
export const credentials = {
  clientId: "p-jcoLKBynTLew",
  clientSecret: "gko_LXELoV07ZBNUXrvWZfzE3aI",
  userAgent: "nodejs:com.example.trendsdk:v1.2.0 (by /u/example_dev)",
};

/** 2024-04-22T14:00:00Z: the fixtures' posts are from the day before it. */
export const fixtureNow = Date.UTC(2024, 3, 22, 14);
export const fixtureNowSeconds = fixtureNow / 1000;

/** A clock whose sleeps return at once, advance time and are recorded. */
export interface RecordingClock extends Clock {
  readonly sleeps: number[];
  advance(milliseconds: number): void;
}

export function createRecordingClock(start = fixtureNow): RecordingClock {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance(milliseconds) {
      now += milliseconds;
    },
    async sleep(milliseconds, signal) {
      signal?.throwIfAborted();
      sleeps.push(milliseconds);
      now += milliseconds;
    },
  };
}

/** A source context with its own HTTP client (no retries unless asked) on a recording clock. */
export function createContext(options: { retries?: number; timeoutMs?: number; clock?: RecordingClock } = {}) {
  const clock = options.clock ?? createRecordingClock();
  const http = createHttpClient({ retries: options.retries ?? 0, timeoutMs: options.timeoutMs ?? 2_000, clock });
  const context: SourceContext = { http, signal: new AbortController().signal, clock, logger: silentLogger };
  return { context, clock };
}

/** A pull request as the pipeline makes it, at the clock's time with a 24-hour look-back. */
export function pullRequest(clock: Clock, cursor?: PullRequest["cursor"], limit = 500): PullRequest {
  const now = clock.now();
  return { cursor, since: new Date(now - 24 * 3_600_000), until: new Date(now), limit };
}

/** Reddit's rate-limit headers: `remaining` as Reddit sends it, a float string. */
export function rateLimitHeaders(remaining: number, used = 600 - remaining, resetSeconds = 341): Record<string, string> {
  return {
    "content-type": "application/json; charset=UTF-8",
    "x-ratelimit-remaining": remaining.toFixed(1),
    "x-ratelimit-used": String(used),
    "x-ratelimit-reset": String(resetSeconds),
  };
}

/** A listing answer with rate-limit headers. */
export function listingResponse(json: unknown, remaining = 588): MockResponse {
  return { json, headers: rateLimitHeaders(remaining) };
}

/** The token endpoint's success answer. */
export const tokenSuccess: MockResponse = { json: tokenResponse };

/** Every string of an error worth checking for leaks: message, stack, fields, and its causes. */
export function errorText(error: unknown, depth = 0): string {
  if (!(error instanceof Error) || depth > 5) return String(error);
  return [error.message, error.stack ?? "", JSON.stringify({ ...error }), errorText(error.cause, depth + 1)].join("\n");
}
