import { Command } from "commander";
import type { CliIo } from "./cli-io.js";
import type { CommandContext, CommandModule } from "./command-module.js";
import { commands as builtInCommands } from "./commands/index.js";
import { CONFIG_PATH_ENV_VARIABLE, configEnvVariables } from "./config/config-env.js";
import type { ColorSetting } from "./config/config-schema.js";
import { findConfigFile, loadConfig } from "./config/load-config.js";
import { addGlobalOptions, colorSettingFromFlags, readGlobalOptions } from "./global-options.js";
import { colorEnabled, createOutput, type Output } from "./output.js";
import { ExitCode, reportError } from "./report-error.js";
import { cliVersion } from "./version.js";

/** Options of {@link runCli}. */
export interface RunCliOptions {
  /** The subcommands; defaults to the built-in list in `src/commands/index.ts`. */
  commands?: readonly CommandModule[];
}

const description = `Undercurrent spots what is starting to trend on social media before it peaks.
It pulls posts from sources (Hacker News, Reddit, GitHub…), stores them, groups them into trends
and forecasts where each trend is heading.`;

const examples = `
Examples:
  $ undercurrent scan                     pull the last 24 h from the sources, print the top cross-source trends
  $ undercurrent scan --lookback 6 --json
  $ undercurrent watch --interval 10      pull every 10 minutes, print trends as they are detected (Ctrl-C stops)
  $ undercurrent replay history.jsonl     replay a recording under a virtual clock: when was each trend flagged?
  $ undercurrent replay history.jsonl --persist --step 0.5
  $ undercurrent trends --status emerging,rising --min-confidence 0.5
  $ undercurrent trends show <trend id>   one trend: evidence per source, lead-lag, history, items
  $ undercurrent render briefs.json --mock
  $ HEYGEN_API_KEY=... undercurrent render campaign.json --max-cost 25 --qa 2
  $ undercurrent config show              print the resolved config and where each value came from
  $ undercurrent config show --json       the same, as one JSON document
  $ undercurrent --config ci.json config path
  $ undercurrent store init               create the database at store.path, or migrate it
  $ undercurrent store info --json        rows per table and schema version, as JSON
  $ undercurrent --store /tmp/test.db store info
  $ UNDERCURRENT_LOOKBACK_HOURS=72 undercurrent config show

Environment:
  ${CONFIG_PATH_ENV_VARIABLE.padEnd(36)}config file to use
${configEnvVariables.map((variable) => `  ${variable.name.padEnd(36)}${variable.description} (${variable.key})`).join("\n")}

Exit codes: 0 done (scan also when sources are down: its report says so), 1 failed, 2 bad usage or bad config,
130 stopped by Ctrl-C or SIGTERM.`;

/**
 * Runs `undercurrent` with `argv` (the arguments after the executable) and returns the exit code.
 * Never calls `process.exit` and touches the process only through `io`, so tests can run it in-process.
 */
export async function runCli(argv: readonly string[], io: CliIo, options: RunCliOptions = {}): Promise<number> {
  const program = createProgram(io);
  const session = createSession(program, io);
  for (const commandModule of options.commands ?? builtInCommands) {
    commandModule.register(program.command(commandModule.name).description(commandModule.description), session.context);
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
    return session.exitCode();
  } catch (error) {
    const globals = readGlobalOptions(program);
    return reportError(error, {
      io,
      // A JSON error after the JSON result would make stdout two documents.
      json: (globals.json || hasFlag(argv, "--json")) && !session.hasResult(),
      verbose: globals.verbose || hasFlag(argv, "--verbose"),
      color: colorEnabled(session.colorSetting(), io.stderr),
    });
  }
}

function createProgram(io: CliIo): Command {
  const program = new Command("undercurrent")
    .description(description)
    .version(cliVersion(), "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .helpCommand("help [command]", "show help for a command")
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      getOutHelpWidth: () => io.stdout.columns ?? 100,
      getErrHelpWidth: () => io.stderr.columns ?? 100,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .showHelpAfterError("(run 'undercurrent --help' to see the commands and options)")
    .addHelpText("after", examples);
  addGlobalOptions(program);
  return program;
}

/** What runCli needs to know about a run once a command has failed. */
interface Session {
  context: CommandContext;
  colorSetting: () => ColorSetting;
  hasResult: () => boolean;
  /** The exit code a command set, or 0. */
  exitCode: () => number;
}

/** The state shared by the commands of one run: the output and the colour setting. */
function createSession(program: Command, io: CliIo): Session {
  let colorSetting: ColorSetting | undefined;
  let output: Output | undefined;
  let exitCode: number = ExitCode.ok;
  const globals = () => readGlobalOptions(program);
  const currentColorSetting = () => colorSetting ?? colorSettingFromFlags(globals(), io.env);
  const context: CommandContext = {
    io,
    globals,
    output() {
      output ??= createOutput({ io, ...globals(), color: currentColorSetting });
      return output;
    },
    loadConfig(flags = {}) {
      const { config, store, noColor } = globals();
      const globalFlags = { "--store": { store: { path: store } }, "--no-color": noColor ? { output: { color: false } } : undefined };
      const loaded = loadConfig({ cwd: io.cwd, env: io.env, configPath: config, flags: { ...globalFlags, ...flags } });
      colorSetting = loaded.config.output.color;
      return loaded;
    },
    configFile() {
      return findConfigFile({ cwd: io.cwd, env: io.env, configPath: globals().config });
    },
    setExitCode(code) {
      exitCode = code;
    },
  };
  return { context, colorSetting: currentColorSetting, hasResult: () => output?.hasResult() ?? false, exitCode: () => exitCode };
}

/** Whether `flag` appears before any `--` (used when parsing failed before the options were read). */
function hasFlag(argv: readonly string[], flag: string): boolean {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).includes(flag);
}
