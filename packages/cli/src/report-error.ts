import { ConfigError, isAbortError, UndercurrentError } from "@undercurrent/core";
import { CommanderError } from "commander";
import type { CliIo } from "./cli-io.js";
import { createStyle } from "./style.js";

/** Exit codes of `undercurrent`. */
export const ExitCode = {
  /** Done. */
  ok: 0,
  /** The command failed. */
  failure: 1,
  /** Bad usage or bad config: fix the command line or the config and run again. */
  usage: 2,
  /** Stopped by SIGINT or SIGTERM before it finished (128 + SIGINT's number, as shells report it). */
  interrupted: 130,
} as const;

/** How to report an error. */
export interface ReportErrorOptions {
  io: CliIo;
  /** With `--json` the error is `{ "error": { "code", "message" } }` on stdout. */
  json: boolean;
  /** With `--verbose` the stack follows the message on stderr. */
  verbose: boolean;
  /** Colour on stderr. */
  color: boolean;
}

/**
 * Reports an error and returns the exit code: 2 for usage errors and `ConfigError`, 130 for an abort (SIGINT,
 * SIGTERM), 1 for anything else. An `UndercurrentError` prints as `error CODE: message`; any other error as
 * `error: message`; an abort as `stopped: reason`.
 * Commander has already printed its own usage errors and help, so only the JSON form is added for those.
 */
export function reportError(error: unknown, options: ReportErrorOptions): number {
  if (error instanceof CommanderError) return reportCommanderError(error, options);
  if (isAbortError(error)) return reportAbort(error, options);
  const known = UndercurrentError.isInstance(error);
  const code = known ? error.code : "UNEXPECTED";
  const message = error instanceof Error ? error.message : String(error);
  if (options.json) writeJsonError(options.io, code, message);
  else {
    const prefix = createStyle(options.color).red(known ? `error ${code}` : "error");
    options.io.stderr.write(`${prefix}: ${message}\n`);
  }
  if (options.verbose && error instanceof Error && error.stack) options.io.stderr.write(`${error.stack}\n`);
  else if (!known) options.io.stderr.write("(run again with --verbose to see the stack trace)\n");
  return ConfigError.isInstance(error) ? ExitCode.usage : ExitCode.failure;
}

function reportCommanderError(error: CommanderError, options: ReportErrorOptions): number {
  if (error.exitCode === 0) return ExitCode.ok; // --help, --version
  if (options.json) {
    const message = error.code === "commander.help" ? "a command is required" : error.message.replace(/^error: /, "");
    writeJsonError(options.io, "USAGE_ERROR", message);
  }
  return error.exitCode === 1 ? ExitCode.usage : error.exitCode;
}

function reportAbort(error: unknown, options: ReportErrorOptions): number {
  const message = error instanceof Error && error.message ? error.message : "stopped";
  if (options.json) writeJsonError(options.io, "ABORTED", message);
  else options.io.stderr.write(`${createStyle(options.color).yellow("stopped")}: ${message}\n`);
  return ExitCode.interrupted;
}

function writeJsonError(io: CliIo, code: string, message: string): void {
  io.stdout.write(`${JSON.stringify({ error: { code, message } }, null, 2)}\n`);
}
