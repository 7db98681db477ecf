/** An environment variable that sets one config value. */
export interface ConfigEnvVariable {
  /** The variable's name, e.g. `UNDERCURRENT_STORE_PATH`. */
  readonly name: string;
  /** The dotted config key it sets, e.g. `store.path`. */
  readonly key: string;
  /** One line for the README and `--help`. */
  readonly description: string;
  /** Turns the variable's text into a partial config (validated by the loader). */
  read(text: string): Record<string, unknown>;
}

/** Numbers pass as numbers; anything else stays text so the schema error says what was received. */
function numberOrText(text: string): number | string {
  const value = Number(text);
  return text.trim() !== "" && Number.isFinite(value) ? value : text;
}

/** The environment variables that override the config file (flags override them in turn). Empty values are ignored. */
export const configEnvVariables: readonly ConfigEnvVariable[] = [
  {
    name: "UNDERCURRENT_STORE_PATH",
    key: "store.path",
    description: "database file",
    read: (text) => ({ store: { path: text } }),
  },
  {
    name: "UNDERCURRENT_LOOKBACK_HOURS",
    key: "lookbackHours",
    description: "hours scan and watch look back",
    read: (text) => ({ lookbackHours: numberOrText(text) }),
  },
  {
    name: "UNDERCURRENT_POLL_INTERVAL_MINUTES",
    key: "pollIntervalMinutes",
    description: "minutes between two pulls in watch",
    read: (text) => ({ pollIntervalMinutes: numberOrText(text) }),
  },
  {
    name: "NO_COLOR",
    key: "output.color",
    description: "any value turns colour off",
    read: () => ({ output: { color: false } }),
  },
];

/** The environment variable naming the config file (instead of `./undercurrent.config.json`). */
export const CONFIG_PATH_ENV_VARIABLE = "UNDERCURRENT_CONFIG";
