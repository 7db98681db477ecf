import type { Style } from "../style.js";
import { CONFIG_FILE_NAME } from "./config-schema.js";
import { leafPaths, valueAt } from "./config-tree.js";
import type { ConfigOrigin, LoadedConfig } from "./load-config.js";
import { redactSecrets } from "./redact.js";

/** What `config show --json` prints: secrets redacted, each value's origin by dotted path. */
export interface ConfigReport {
  /** Absolute path of the config file read, or `null`. */
  file: string | null;
  config: unknown;
  origins: Record<string, ConfigOrigin>;
}

/** The resolved config as printed: secrets read `[redacted]`. */
export function toConfigReport(loaded: LoadedConfig): ConfigReport {
  return { file: loaded.file?.path ?? null, config: redactSecrets(loaded.config), origins: loaded.origins };
}

/** Human form of `origin`: `default`, `file undercurrent.config.json`, `env UNDERCURRENT_STORE_PATH`, `flag --store`. */
export function describeOrigin(origin: ConfigOrigin): string {
  return origin.name ? `${origin.source} ${origin.name}` : origin.source;
}

/** A redacted secret can hide an object whose leaves have origins; use the first of them. */
function originAt(origins: Record<string, ConfigOrigin>, path: string): ConfigOrigin {
  const nested = Object.keys(origins).find((key) => key.startsWith(`${path}.`));
  return origins[path] ?? (nested ? origins[nested] : undefined) ?? { source: "default" };
}

/** The report as aligned `key  value  origin` lines under a line naming the file. */
export function formatConfigReport(report: ConfigReport, style: Style, cwd: string): string {
  const rows = leafPaths(report.config).map((path) => ({
    key: path,
    value: JSON.stringify(valueAt(report.config, path)),
    origin: describeOrigin(originAt(report.origins, path)),
  }));
  const keyWidth = Math.max(...rows.map((row) => row.key.length));
  const valueWidth = Math.max(...rows.map((row) => row.value.length));
  const heading = report.file ? `Config file: ${report.file}` : `Config file: none (no ${CONFIG_FILE_NAME} in ${cwd})`;
  const lines = rows.map((row) => `  ${row.key.padEnd(keyWidth)}  ${row.value.padEnd(valueWidth)}  ${style.dim(row.origin)}`);
  return `${style.bold(heading)}\n${lines.join("\n")}\n`;
}
