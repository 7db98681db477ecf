import type { CliStream } from "./cli-io.js";

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** What is being done, e.g. `scan`. Starts every line. */
  label: string;
  /** Number of steps, when known: enables the bar, the percentage and the ETA. */
  total?: number | undefined;
  /** Where progress goes: stderr, so stdout stays for results. */
  stream: CliStream;
  /** `--json`: stdout carries a JSON document, so only a terminal gets the redrawn line; plain lines and the summary are dropped. */
  json?: boolean | undefined;
  /** `--quiet`: nothing at all. */
  quiet?: boolean | undefined;
  /** Current time in epoch milliseconds; defaults to `Date.now`. */
  now?: (() => number) | undefined;
  /** Least time between two redraws on a terminal. Default 100 ms (10 per second). */
  redrawIntervalMs?: number;
  /** Least time between two plain lines on a non-terminal, besides one line per 10%. Default 10 s. */
  lineIntervalMs?: number;
}

/** A progress display for long work. All methods are cheap to call often: output is throttled. */
export interface Progress {
  /** Sets the number of steps done, with an optional detail (the current source, file…). */
  update(done: number, detail?: string): void;
  /** One more step done. */
  increment(detail?: string): void;
  /** Prints a message on its own line without garbling the progress line. */
  log(message: string): void;
  /** Ends the display with a summary line (default: the count), including the elapsed time. Later calls do nothing. */
  done(summary?: string): void;
}

interface ProgressState {
  label: string;
  total: number | undefined;
  done: number;
  detail: string | undefined;
  startedAt: number;
}

/** The part of a progress display that decides what to write, and when. */
interface ProgressWriter {
  draw(state: ProgressState, now: number): void;
  log(message: string, state: ProgressState, now: number): void;
  finish(line: string): void;
}

const silentProgress: Progress = { update() {}, increment() {}, log() {}, done() {} };
const spinnerFrames = ["|", "/", "-", "\\"];
const clearLine = "\r\u001b[K";

/**
 * Creates a progress display. On a terminal it redraws one line (a bar with percent, count, rate and ETA when
 * `total` is known; a spinner, count and rate when not) at most every `redrawIntervalMs`. Elsewhere it prints a
 * plain line every 10% or every `lineIntervalMs`. Silent with `quiet`; never writes anything but `stream`.
 */
export function createProgress(options: ProgressOptions): Progress {
  if (options.quiet) return silentProgress;
  const now = options.now ?? Date.now;
  const writer = chooseWriter(options);
  const state: ProgressState = { label: options.label, total: options.total, done: 0, detail: undefined, startedAt: now() };
  let finished = false;
  const progress: Progress = {
    update(done, detail) {
      if (finished) return;
      state.done = done;
      state.detail = detail;
      writer.draw(state, now());
    },
    increment(detail) {
      progress.update(state.done + 1, detail);
    },
    log(message) {
      if (!finished) writer.log(message, state, now());
    },
    done(summary) {
      if (finished) return;
      finished = true;
      const result = summary ?? `${state.done}${state.total === undefined ? "" : `/${state.total}`} done`;
      writer.finish(`${state.label}: ${result} in ${formatDuration((now() - state.startedAt) / 1000)}`);
    },
  };
  return progress;
}

function chooseWriter(options: ProgressOptions): ProgressWriter {
  if (options.stream.isTTY) return terminalWriter(options.stream, options.redrawIntervalMs ?? 100, options.json === true);
  if (options.json) return messagesOnlyWriter(options.stream);
  return lineWriter(options.stream, options.lineIntervalMs ?? 10_000);
}

function terminalWriter(stream: CliStream, intervalMs: number, json: boolean): ProgressWriter {
  let lastDrawAt = Number.NEGATIVE_INFINITY;
  let frame = 0;
  const render = (state: ProgressState, now: number) => {
    const line =
      state.total === undefined ? spinnerLine(state, now, spinnerFrames[frame++ % spinnerFrames.length] ?? "|") : barLine(state, now);
    stream.write(`${clearLine}${fitToWidth(line, stream.columns)}`);
    lastDrawAt = now;
  };
  return {
    draw(state, now) {
      const complete = state.total !== undefined && state.done >= state.total;
      if (complete || now - lastDrawAt >= intervalMs) render(state, now);
    },
    log(message, state, now) {
      stream.write(`${clearLine}${message}\n`);
      if (lastDrawAt !== Number.NEGATIVE_INFINITY) render(state, now);
    },
    finish(line) {
      stream.write(json ? clearLine : `${clearLine}${line}\n`);
    },
  };
}

function lineWriter(stream: CliStream, intervalMs: number): ProgressWriter {
  let lastLineAt: number | undefined;
  let lastTenth = 0;
  return {
    draw(state, now) {
      lastLineAt ??= state.startedAt;
      const tenth = state.total ? Math.floor((Math.min(state.done, state.total) / state.total) * 10) : 0;
      // The 100% line would repeat the summary that done() prints.
      const newTenth = tenth > lastTenth && tenth < 10;
      if (!newTenth && now - lastLineAt < intervalMs) return;
      stream.write(`${plainLine(state)}\n`);
      lastLineAt = now;
      lastTenth = Math.max(lastTenth, tenth);
    },
    log(message) {
      stream.write(`${message}\n`);
    },
    finish(line) {
      stream.write(`${line}\n`);
    },
  };
}

function messagesOnlyWriter(stream: CliStream): ProgressWriter {
  return {
    draw() {},
    log(message) {
      stream.write(`${message}\n`);
    },
    finish() {},
  };
}

function barLine(state: ProgressState, now: number): string {
  const total = state.total ?? 0;
  const fraction = total > 0 ? Math.min(1, Math.max(0, state.done / total)) : 1;
  const filled = Math.round(fraction * 20);
  const bar = `[${"#".repeat(filled)}${"-".repeat(20 - filled)}]`;
  const rate = ratePerSecond(state, now);
  const eta = rate && state.done < total ? `ETA ${formatDuration((total - state.done) / rate)}` : "";
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  return joinParts([state.label, bar, percent, `${state.done}/${total}`, formatRate(rate), eta, state.detail]);
}

function spinnerLine(state: ProgressState, now: number, frame: string): string {
  return joinParts([state.label, frame, String(state.done), formatRate(ratePerSecond(state, now)), state.detail]);
}

function plainLine(state: ProgressState): string {
  const count =
    state.total === undefined
      ? String(state.done)
      : `${state.done}/${state.total} (${Math.floor((state.done / (state.total || 1)) * 100)}%)`;
  return joinParts([`${state.label}: ${count}`, state.detail]);
}

function ratePerSecond(state: ProgressState, now: number): number | undefined {
  const seconds = (now - state.startedAt) / 1000;
  return seconds > 0 ? state.done / seconds : undefined;
}

function formatRate(rate: number | undefined): string {
  if (rate === undefined) return "";
  return `${rate < 10 ? rate.toFixed(1) : Math.round(rate)}/s`;
}

/** `42s`, `3m05s`, `2h07m`. */
export function formatDuration(seconds: number): string {
  const whole = Math.ceil(seconds);
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, "0")}s`;
  return `${Math.floor(whole / 3600)}h${String(Math.floor((whole % 3600) / 60)).padStart(2, "0")}m`;
}

function joinParts(parts: readonly (string | undefined)[]): string {
  return parts.filter((part) => part !== undefined && part !== "").join("  ");
}

/** A line longer than the terminal wraps, and `\r` then redraws only its last row. */
function fitToWidth(line: string, columns: number | undefined): string {
  return columns && line.length >= columns ? line.slice(0, Math.max(0, columns - 1)) : line;
}
