/**
 * `@undercurrent/cli`: the `undercurrent` command. Exports {@link runCli} to run it in-process, the command-module
 * type that subcommands implement, the config loader and the output helpers (results, messages, progress).
 *
 * @packageDocumentation
 */
export type { CliIo, CliStream } from "./cli-io.js";
export { type CommandContext, type CommandModule, defineCommand } from "./command-module.js";
export { commands } from "./commands/index.js";
export { type ReplayedTrend, type ReplayReport, replayCommand } from "./commands/replay.js";
export {
  createScanCommand,
  offlineHint,
  type ScanCommandOptions,
  type ScanReport,
  type ScanSourceReport,
  scanCommand,
  scanHttpSettings,
} from "./commands/scan.js";
export { type TrendDetailReport, type TrendsReport, trendsCommand } from "./commands/trends.js";
export { createWatchCommand, formatEvent, type WatchCommandOptions, type WatchEvent, watchCommand } from "./commands/watch.js";
export { CONFIG_PATH_ENV_VARIABLE, type ConfigEnvVariable, configEnvVariables } from "./config/config-env.js";
export {
  CONFIG_FILE_NAME,
  type ColorSetting,
  type ConfigInput,
  colorSettingSchema,
  defaultConfig,
  type UndercurrentConfig,
  undercurrentConfigSchema,
} from "./config/config-schema.js";
export { type ConfigReport, describeOrigin, formatConfigReport, toConfigReport } from "./config/describe-config.js";
export {
  type ConfigFileLocation,
  type ConfigFlags,
  type ConfigOrigin,
  type ConfigSource,
  type FindConfigFileOptions,
  findConfigFile,
  type LoadConfigOptions,
  type LoadedConfig,
  loadConfig,
} from "./config/load-config.js";
export { isSecretKey, REDACTED, redactSecrets } from "./config/redact.js";
export { type GlobalOptions, readGlobalOptions } from "./global-options.js";
export { colorEnabled, createOutput, type Output, type OutputOptions } from "./output.js";
export { createProgress, formatDuration, type Progress, type ProgressOptions } from "./progress.js";
export { ExitCode, type ReportErrorOptions, reportError } from "./report-error.js";
export { type RunCliOptions, runCli } from "./run-cli.js";
export {
  type ConfiguredSources,
  createConfiguredSources,
  type SkippedSource,
  type SourceFactory,
  type SourceId,
  sourceIds,
} from "./sources.js";
export { createStyle, type Style } from "./style.js";
export { type FirstSeen, sparkline, type TrendReport } from "./trend-report.js";
export { cliVersion } from "./version.js";
