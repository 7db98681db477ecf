import pLimit, { type LimitFunction } from "p-limit";
import type { Clock } from "../runtime/clock.js";

/** Limits for the requests to one host. */
export interface HostLimits {
  /** Requests in flight at once. */
  concurrency: number;
  /** At most this many requests start per `intervalMs` (sliding window). Unlimited when absent. */
  requestsPerInterval?: number;
  /** Window for `requestsPerInterval`, in milliseconds. */
  intervalMs: number;
}

/**
 * Per-host concurrency (p-limit) and a sliding-window request rate, plus a "blocked until" time set
 * when a server says its budget is spent, so no request is sent before the reset.
 */
export class HostLimiter {
  private readonly limit: LimitFunction;
  private readonly starts: number[] = [];
  private blockedUntil = 0;

  constructor(
    private readonly limits: HostLimits,
    private readonly clock: Clock,
  ) {
    this.limit = pLimit(limits.concurrency);
  }

  /** Runs `task` once a concurrency slot and the rate allow it. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.limit(async () => {
      signal?.throwIfAborted();
      await this.waitForRate(signal);
      return task();
    });
  }

  /** Time (epoch ms) before which no request should start. */
  get blockedUntilTime(): number {
    return this.blockedUntil;
  }

  /** Called when the server announces its budget is spent until `until`. */
  blockUntil(until: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, until);
  }

  private async waitForRate(signal?: AbortSignal): Promise<void> {
    let now = this.clock.now();
    if (this.blockedUntil > now) now = await this.sleepUntil(this.blockedUntil, signal);
    const { requestsPerInterval, intervalMs } = this.limits;
    if (requestsPerInterval === undefined) return;
    while (this.starts.length > 0 && this.starts[0]! <= now - intervalMs) this.starts.shift();
    if (this.starts.length >= requestsPerInterval) {
      now = await this.sleepUntil(this.starts[0]! + intervalMs, signal);
      this.starts.shift();
    }
    this.starts.push(now);
  }

  /** Sleeps until `time` and returns the clock's time then (at least `time`, even if a test clock did not move). */
  private async sleepUntil(time: number, signal?: AbortSignal): Promise<number> {
    await this.clock.sleep(time - this.clock.now(), signal);
    return Math.max(this.clock.now(), time);
  }
}
