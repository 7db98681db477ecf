import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { ConfigError, parseOptions } from "@undercurrent/core";
import { CONFIG_PATH_ENV_VARIABLE, configEnvVariables } from "./config-env.js";
import { CONFIG_FILE_NAME, type ConfigInput, defaultConfig, type UndercurrentConfig, undercurrentConfigSchema } from "./config-schema.js";
import { leafPaths, mergeConfig, valueAt } from "./config-tree.js";

/** Where a config value came from, lowest precedence first. */
export type ConfigSource = "default" | "file" | "env" | "flag";

/** The origin of one config value. */
export interface ConfigOrigin {
  source: ConfigSource;
  /** The file path, environment variable or flag that set the value; absent for defaults. */
  name?: string;
}

/** The config file in use and how it was chosen. */
export interface ConfigFileLocation {
  /** Absolute path. */
  path: string;
  /** The path relative to the current directory when inside it (used in messages), else absolute. */
  displayPath: string;
  /** `flag` for `--config`, `env` for `UNDERCURRENT_CONFIG`, `cwd` when found in the current directory. */
  source: "flag" | "env" | "cwd";
}

/** A resolved config and the origin of each of its values. */
export interface LoadedConfig {
  config: UndercurrentConfig;
  /** The file read, if any. */
  file: ConfigFileLocation | undefined;
  /** Origin of each value, keyed by dotted path (`store.path`, `sources.reddit.subreddits`). */
  origins: Record<string, ConfigOrigin>;
}

/** Config values set by command-line flags, keyed by the flag that set them: `{ "--store": { store: { path } } }`. */
export type ConfigFlags = Readonly<Record<string, ConfigInput | undefined>>;

/** Where to look for config. */
export interface FindConfigFileOptions {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The `--config` flag's value. */
  configPath?: string | undefined;
}

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions extends FindConfigFileOptions {
  flags?: ConfigFlags;
}

interface ConfigLayer {
  origin: ConfigOrigin;
  values: unknown;
}

/**
 * Finds the config file: `--config`, else `UNDERCURRENT_CONFIG`, else `undercurrent.config.json` in `cwd` if it exists.
 * A file named by the flag or the variable must exist (a `ConfigError` otherwise).
 */
export function findConfigFile(options: FindConfigFileOptions): ConfigFileLocation | undefined {
  const fromEnv = options.env[CONFIG_PATH_ENV_VARIABLE];
  if (options.configPath) return locateNamedFile(options.cwd, options.configPath, "flag");
  if (fromEnv) return locateNamedFile(options.cwd, fromEnv, "env");
  const inCwd = resolve(options.cwd, CONFIG_FILE_NAME);
  return existsSync(inCwd) ? { path: inCwd, displayPath: CONFIG_FILE_NAME, source: "cwd" } : undefined;
}

function locateNamedFile(cwd: string, path: string, source: "flag" | "env"): ConfigFileLocation {
  const absolute = resolve(cwd, path);
  const fromCwd = relative(cwd, absolute);
  const displayPath = fromCwd.startsWith("..") || isAbsolute(fromCwd) ? absolute : fromCwd;
  if (!existsSync(absolute)) {
    const setBy = source === "flag" ? "--config" : CONFIG_PATH_ENV_VARIABLE;
    throw new ConfigError({ context: displayPath, message: `file not found (named by ${setBy})` });
  }
  return { path: absolute, displayPath, source };
}

/**
 * Resolves the config: defaults, then the file, then environment variables, then flags.
 * Each layer is validated on its own, so a `ConfigError` names the field and the file, variable or flag
 * that set it: `undercurrent.config.json: lookbackHours: expected number, received string`.
 */
export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  const file = findConfigFile(options);
  const layers: ConfigLayer[] = [
    { origin: { source: "default" }, values: defaultConfig },
    ...(file ? [{ origin: { source: "file" as const, name: file.displayPath }, values: readConfigFile(file) }] : []),
    ...environmentLayers(options.env),
    ...flagLayers(options.flags ?? {}),
  ];
  for (const layer of layers) validate(mergeConfig(defaultConfig, layer.values), layer.origin.name ?? "defaults");
  const config = validate(
    layers.reduce<unknown>((merged, layer) => mergeConfig(merged, layer.values), {}),
    "config",
  );
  return { config, file, origins: originsOf(config, layers) };
}

function readConfigFile(file: ConfigFileLocation): unknown {
  let text: string;
  try {
    text = readFileSync(file.path, "utf8");
  } catch (error) {
    throw new ConfigError({ context: file.displayPath, message: `cannot read the file (${describe(error)})`, cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError({ context: file.displayPath, message: `invalid JSON: ${describe(error)}`, cause: error });
  }
}

function environmentLayers(env: Readonly<Record<string, string | undefined>>): ConfigLayer[] {
  return configEnvVariables.flatMap((variable) => {
    const text = env[variable.name];
    return text ? [{ origin: { source: "env" as const, name: variable.name }, values: variable.read(text) }] : [];
  });
}

function flagLayers(flags: ConfigFlags): ConfigLayer[] {
  return Object.entries(flags).flatMap(([flag, values]) => (values ? [{ origin: { source: "flag" as const, name: flag }, values }] : []));
}

function validate(value: unknown, context: string): UndercurrentConfig {
  return parseOptions(undercurrentConfigSchema, value, context, "");
}

function originsOf(config: UndercurrentConfig, layers: readonly ConfigLayer[]): Record<string, ConfigOrigin> {
  const highestFirst = [...layers].reverse();
  const origins: Record<string, ConfigOrigin> = {};
  for (const path of leafPaths(config)) {
    const layer = highestFirst.find((candidate) => valueAt(candidate.values, path) !== undefined);
    origins[path] = layer?.origin ?? { source: "default" };
  }
  return origins;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
