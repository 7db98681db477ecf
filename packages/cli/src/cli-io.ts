import type { Clock } from "@undercurrent/core";

/** A stream the CLI writes to: `process.stdout`, `process.stderr`, or a test double. */
export interface CliStream {
  /** Writes text as is (no newline added). */
  write(text: string): unknown;
  /** True when a terminal is attached: enables colour and redrawn progress lines. */
  readonly isTTY?: boolean;
  /** Terminal width in columns, when known; help text wraps to it. */
  readonly columns?: number;
}

/** Everything the CLI reads from or writes to its process, injectable for tests. */
export interface CliIo {
  /** Results: the human output, or exactly one JSON document with `--json`. */
  stdout: CliStream;
  /** Messages, progress, warnings and errors. */
  stderr: CliStream;
  /** Environment variables (`process.env`). */
  env: Readonly<Record<string, string | undefined>>;
  /** Directory that relative paths and the default config file resolve against. */
  cwd: string;
  /** Current time in epoch milliseconds; defaults to `Date.now` (progress rates and throttling use it). */
  now?: () => number;
  /**
   * Time for the pipelines of `scan` and `watch` (pulls, look-back windows, sleeps between polls);
   * defaults to the system clock. Tests pass a manual clock.
   */
  clock?: Clock;
  /**
   * Stops long-running commands: `watch` ends cleanly when it aborts, `scan` and `replay` stop early.
   * The `undercurrent` binary aborts it on SIGINT and SIGTERM.
   */
  signal?: AbortSignal;
}
