import { z } from "zod";

/** The config file the CLI looks for in the current directory. */
export const CONFIG_FILE_NAME = "undercurrent.config.json";

/** Colour setting: always, never, or `"auto"` (only when the stream is a terminal and `NO_COLOR` is unset). */
export const colorSettingSchema = z.union([z.boolean(), z.literal("auto")], { error: 'expected true, false or "auto"' });

/** A colour setting: `true`, `false` or `"auto"`. */
export type ColorSetting = z.infer<typeof colorSettingSchema>;

/** Where the CLI keeps its data. */
export const storeConfigSchema = z.strictObject({
  /** Path of the SQLite database file, relative to the current directory. */
  path: z.string().min(1),
});

/** How the CLI prints. */
export const outputConfigSchema = z.strictObject({
  color: colorSettingSchema,
});

/**
 * The resolved Undercurrent config. Strict: an unknown key is an error naming it.
 * `sources` holds one options object per source id; each source plugin validates its own options.
 */
export const undercurrentConfigSchema = z.strictObject({
  store: storeConfigSchema,
  sources: z.record(z.string(), z.looseObject({})),
  /** How far back `scan` (and the first pull of each source in `watch`) looks, in hours. */
  lookbackHours: z.number().positive(),
  /** Minutes between two pulls in `watch`. */
  pollIntervalMinutes: z.number().positive(),
  output: outputConfigSchema,
});

/** The resolved Undercurrent config. */
export type UndercurrentConfig = z.infer<typeof undercurrentConfigSchema>;

/** Any part of a config, as a file, an environment variable or a flag sets it. */
export type ConfigInput = {
  store?: Partial<UndercurrentConfig["store"]>;
  sources?: UndercurrentConfig["sources"];
  lookbackHours?: number;
  pollIntervalMinutes?: number;
  output?: Partial<UndercurrentConfig["output"]>;
};

/** The values used when neither the file, the environment nor a flag sets one. */
export const defaultConfig: UndercurrentConfig = {
  store: { path: ".undercurrent/undercurrent.db" },
  sources: {},
  lookbackHours: 24,
  pollIntervalMinutes: 15,
  output: { color: "auto" },
};
