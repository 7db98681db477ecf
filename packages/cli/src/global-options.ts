import { type Command, Option } from "commander";
import type { CliIo } from "./cli-io.js";
import type { ColorSetting } from "./config/config-schema.js";

/** The options every command accepts. */
export interface GlobalOptions {
  /** `--json`: exactly one JSON document on stdout; messages and progress go to stderr. */
  json: boolean;
  /** `--quiet`: only results, warnings and errors. */
  quiet: boolean;
  /** `--verbose`: debug messages, and stack traces on errors. */
  verbose: boolean;
  /** `--no-color` was given. */
  noColor: boolean;
  /** `--config <file>`. */
  config: string | undefined;
  /** `--store <path>`: overrides `store.path`. */
  store: string | undefined;
}

/** Adds the global options to the root command. */
export function addGlobalOptions(program: Command): void {
  program
    .option("--json", "print the result as one JSON document on stdout; messages go to stderr")
    .option("-c, --config <file>", "config file (default: ./undercurrent.config.json, or $UNDERCURRENT_CONFIG)")
    .option("--store <path>", "database file (overrides store.path)")
    .addOption(new Option("-q, --quiet", "print only results, warnings and errors").conflicts("verbose"))
    .option("-v, --verbose", "print details, and stack traces on errors")
    .option("--no-color", "turn colour off (so does the NO_COLOR environment variable)");
}

/** Reads the parsed global options from the root command. */
export function readGlobalOptions(program: Command): GlobalOptions {
  const values: Record<string, unknown> = program.opts();
  return {
    json: values.json === true,
    quiet: values.quiet === true,
    verbose: values.verbose === true,
    noColor: values.color === false,
    config: typeof values.config === "string" ? values.config : undefined,
    store: typeof values.store === "string" ? values.store : undefined,
  };
}

/** The colour setting from flags and environment alone (before, or without, a config file). */
export function colorSettingFromFlags(globals: Pick<GlobalOptions, "noColor">, env: CliIo["env"]): ColorSetting {
  return globals.noColor || env.NO_COLOR ? false : "auto";
}
