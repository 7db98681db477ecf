import { z } from "zod";
import { parseOptions } from "../validate.js";

/**
 * Time as Undercurrent sees it. Inject one to run a pipeline or a retry loop under a virtual clock.
 */
export interface Clock {
  /** Current time in epoch milliseconds. */
  now(): number;
  /**
   * Resolves after `milliseconds`, or rejects with the signal's reason as soon as `signal` aborts.
   */
  sleep(milliseconds: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock: `Date.now()` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(milliseconds, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        Math.max(0, milliseconds),
      );
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  },
};

const manualClockStartSchema = z.union([z.number().finite(), z.date().transform((date) => date.getTime())], {
  error: "expected epoch milliseconds or a valid Date",
});

/** A clock you move by hand: `sleep` resolves when `advance` passes its deadline. For tests and replay. */
export interface ManualClock extends Clock {
  /** Moves time forward, waking sleepers in deadline order. */
  advance(milliseconds: number): Promise<void>;
  /** Moves time to `epochMilliseconds` (never backwards). */
  setTime(epochMilliseconds: number): Promise<void>;
  /** Number of sleepers waiting. */
  readonly pending: number;
}

/** Creates a {@link ManualClock} starting at `start` (epoch ms or Date). */
export function createManualClock(start: number | Date = 0): ManualClock {
  let current = parseOptions(manualClockStartSchema, start, "createManualClock", "start");
  const sleepers: { at: number; resolve: () => void }[] = [];
  const flush = async () => {
    // Let promise chains started by woken sleepers run before the next wake-up.
    for (let turn = 0; turn < 20; turn++) await Promise.resolve();
  };
  const clock: ManualClock = {
    now: () => current,
    get pending() {
      return sleepers.length;
    },
    sleep(milliseconds, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const onAbort = () => {
          const index = sleepers.indexOf(sleeper);
          if (index >= 0) sleepers.splice(index, 1);
          reject(signal?.reason);
        };
        const sleeper = {
          at: current + Math.max(0, milliseconds),
          resolve: () => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
          },
        };
        sleepers.push(sleeper);
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    },
    async advance(milliseconds) {
      await clock.setTime(current + milliseconds);
    },
    async setTime(target) {
      for (;;) {
        sleepers.sort((a, b) => a.at - b.at);
        const next = sleepers[0];
        if (!next || next.at > target) break;
        sleepers.shift();
        current = Math.max(current, next.at);
        next.resolve();
        await flush();
      }
      current = Math.max(current, target);
      await flush();
    },
  };
  return clock;
}
