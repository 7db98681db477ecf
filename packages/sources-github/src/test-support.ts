import { type Clock, type Cursor, createHttpClient, type PullRequest, type SourceContext, silentLogger } from "@undercurrent/core";

/** The moment the GitHub tests run at: the day after the fixtures' newest activity. */
export const testNow = Date.parse("2025-06-02T12:00:00Z");

/** API root the tests mock. */
export const api = "https://api.github.com";

/** A clock whose `sleep` returns at once and moves time forward, recording each wait. */
export interface RecordingClock extends Clock {
  readonly sleeps: number[];
  set(time: number): void;
}

/** Creates a {@link RecordingClock} at `start`. */
export function createRecordingClock(start = testNow): RecordingClock {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    set: (time) => {
      now = time;
    },
    async sleep(milliseconds, signal) {
      signal?.throwIfAborted();
      sleeps.push(milliseconds);
      now += milliseconds;
    },
  };
}

/** A `SourceContext` on a fresh HTTP client with the given clock. */
export function createContext(
  options: { clock?: Clock; retries?: number; timeoutMs?: number; signal?: AbortSignal; logger?: SourceContext["logger"] } = {},
): SourceContext {
  const clock = options.clock ?? createRecordingClock();
  const logger = options.logger ?? silentLogger;
  return {
    http: createHttpClient({
      retries: options.retries ?? 0,
      clock,
      logger,
      minBackoffMs: 10,
      ...(options.timeoutMs && { timeoutMs: options.timeoutMs }),
    }),
    signal: options.signal ?? new AbortController().signal,
    clock,
    logger,
  };
}

/** A pull request at the clock's time with a 30-day look-back. */
export function createRequest(clock: Clock, overrides: { cursor?: Cursor; limit?: number } = {}): PullRequest {
  const now = clock.now();
  return { cursor: overrides.cursor, since: new Date(now - 30 * 86_400_000), until: new Date(now), limit: overrides.limit ?? 100 };
}
