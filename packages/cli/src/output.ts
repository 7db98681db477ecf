import { UndercurrentError } from "@undercurrent/core";
import type { CliIo, CliStream } from "./cli-io.js";
import type { ColorSetting } from "./config/config-schema.js";
import { createProgress, type Progress } from "./progress.js";
import { createStyle, type Style } from "./style.js";

/** Options of {@link createOutput}. */
export interface OutputOptions {
  io: CliIo;
  /** `--json`: the result is one JSON document on stdout; everything else goes to stderr. */
  json: boolean;
  /** `--quiet`: no info messages and no progress. */
  quiet: boolean;
  /** `--verbose`: debug messages too. */
  verbose: boolean;
  /** The colour setting; read at each write, so a config loaded later still applies. */
  color: () => ColorSetting;
}

/** How a command prints. Results go to stdout; messages, warnings and progress go to stderr. */
export interface Output {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  /**
   * Prints the command's result: with `--json`, `value` as one JSON document on stdout; otherwise the text
   * `human` makes of it. Call it once per run (a second call throws, as it would break `--json`).
   */
  result<Value>(value: Value, human: (value: Value, style: Style) => string): void;
  /** Whether {@link Output.result} has been called (an error after it then goes to stderr only). */
  hasResult(): boolean;
  /** A status message on stderr; dropped with `--quiet`. */
  info(message: string): void;
  /** A detail on stderr, only with `--verbose`. */
  debug(message: string): void;
  /** A warning on stderr, shown even with `--quiet`. */
  warn(message: string): void;
  /** A progress display on stderr (see {@link createProgress}). */
  progress(options: { label: string; total?: number }): Progress;
  /** Styles for text a command writes to `stream` itself (`watch`'s event lines): colour only where the setting allows it. */
  styleFor(stream: "stdout" | "stderr"): Style;
}

/** True when `setting` asks for colour on `stream`: always, never, or only on a terminal. */
export function colorEnabled(setting: ColorSetting, stream: CliStream): boolean {
  return setting === "auto" ? stream.isTTY === true : setting;
}

/** Creates the {@link Output} of one run. */
export function createOutput(options: OutputOptions): Output {
  const { io, json, quiet, verbose } = options;
  const errorStyle = () => createStyle(colorEnabled(options.color(), io.stderr));
  let resultWritten = false;
  return {
    json,
    quiet,
    verbose,
    result(value, human) {
      if (resultWritten) throw new UndercurrentError({ code: "CLI_RESULT_WRITTEN", message: "a command printed its result twice" });
      resultWritten = true;
      if (json) io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
      else io.stdout.write(ensureNewline(human(value, createStyle(colorEnabled(options.color(), io.stdout)))));
    },
    hasResult: () => resultWritten,
    info(message) {
      if (!quiet) io.stderr.write(ensureNewline(message));
    },
    debug(message) {
      if (verbose) io.stderr.write(ensureNewline(errorStyle().dim(message)));
    },
    warn(message) {
      io.stderr.write(ensureNewline(`${errorStyle().yellow("warning")}: ${message}`));
    },
    progress({ label, total }) {
      return createProgress({ label, total, stream: io.stderr, json, quiet, now: io.now });
    },
    styleFor: (stream) => createStyle(colorEnabled(options.color(), io[stream])),
  };
}

function ensureNewline(text: string): string {
  return text.endsWith("\n") || text === "" ? text : `${text}\n`;
}
