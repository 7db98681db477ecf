import type { Command } from "commander";
import type { CliIo } from "./cli-io.js";
import type { ConfigFileLocation, ConfigFlags, LoadedConfig } from "./config/load-config.js";
import type { GlobalOptions } from "./global-options.js";
import type { Output } from "./output.js";

/** What a command's action can use. Call the methods inside the action: the global options are parsed by then. */
export interface CommandContext {
  /** The process's streams, environment and current directory. */
  readonly io: CliIo;
  /** The global options (`--json`, `--quiet`, `--config`…). */
  globals(): GlobalOptions;
  /** The output of this run; the same object on every call. */
  output(): Output;
  /**
   * Resolves the config: defaults, then the file, then environment variables, then flags (the global `--store`
   * and the command's own `flags`, e.g. `{ "--lookback": { lookbackHours: options.lookback } }`).
   * Throws a `ConfigError` naming the field and where it was set. The config's colour setting applies to
   * the output from then on.
   */
  loadConfig(flags?: ConfigFlags): LoadedConfig;
  /** The config file in use (without reading it), or `undefined`. */
  configFile(): ConfigFileLocation | undefined;
  /**
   * Sets the exit code of a run that printed its result but should still say something went wrong (e.g. 3 when
   * `scan` reached no source). Errors are thrown instead; their code is chosen by the host.
   */
  setExitCode(code: number): void;
}

/**
 * A subcommand of `undercurrent`, as a module: `src/commands/<name>.ts` exports one, and `src/commands/index.ts`
 * lists it. The host creates the command with `name` and `description`; `register` adds its arguments, options,
 * nested commands and action.
 */
export interface CommandModule {
  /** The word typed after `undercurrent`, e.g. `scan`. */
  readonly name: string;
  /** One line for `undercurrent --help`. */
  readonly description: string;
  /** Configures `command` (already named and described) and sets its action. */
  register(command: Command, context: CommandContext): void;
}

/** Declares a command module (an identity function that checks the shape). */
export function defineCommand(module: CommandModule): CommandModule {
  return module;
}
