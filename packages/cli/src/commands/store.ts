import { existsSync } from "node:fs";
import { UndercurrentError } from "@undercurrent/core";
import {
  createSqliteStore,
  inspectSqliteStore,
  type SqliteSchemaVersion,
  type SqliteStoreInspection,
  sqliteMigrations,
  sqliteStoreErrorCodes,
} from "@undercurrent/store-sqlite";
import type { CommandContext } from "../command-module.js";
import { defineCommand } from "../command-module.js";
import { locateStore, type StoreLocation } from "../store-location.js";
import type { Style } from "../style.js";

/** What `store init --json` prints. */
interface StoreInitReport {
  /** Absolute path of the database file. */
  path: string;
  /** True when the file did not exist before. */
  created: boolean;
  /** Ids of the migrations this run applied, oldest first; empty when the schema was already up to date. */
  migrationsApplied: string[];
  /** The schema after the run. */
  schemaVersion: SqliteSchemaVersion;
}

/** `undercurrent store`: create or migrate the SQLite database at `store.path` (`init`) and report on it (`info`). */
export const storeCommand = defineCommand({
  name: "store",
  description: "create and inspect the database (store.path)",
  register(command, context) {
    command
      .command("init")
      .description("create the database at store.path, or apply the schema migrations it lacks; safe to run again")
      .action(() => initStore(context));
    command
      .command("info")
      .description("print the database's size, journal mode, schema version and rows per table, without changing it")
      .action(() => showStoreInfo(context));
  },
});

function locateStoreFile(context: CommandContext): StoreLocation {
  return locateStore(context.loadConfig(), context.io.cwd, { why: "the store commands need a database file" });
}

async function initStore(context: CommandContext): Promise<void> {
  const { path } = locateStoreFile(context);
  const before = existsSync(path) ? inspectSqliteStore({ path }).schemaVersion.applied : undefined;
  const store = createSqliteStore({ path });
  let after: SqliteStoreInspection;
  try {
    // Inspect while the store is open: its close, as the last connection, then removes the -wal and -shm files.
    after = inspectSqliteStore({ path });
  } finally {
    await store.close();
  }
  const report: StoreInitReport = {
    path,
    created: before === undefined,
    migrationsApplied: after.schemaVersion.applied.filter((id) => !before?.includes(id)),
    schemaVersion: after.schemaVersion,
  };
  context.output().result(report, formatInitReport);
}

function showStoreInfo(context: CommandContext): void {
  const { path, origin } = locateStoreFile(context);
  let inspection: SqliteStoreInspection;
  try {
    inspection = inspectSqliteStore({ path });
  } catch (error) {
    if (UndercurrentError.isInstance(error) && error.code === sqliteStoreErrorCodes.STORE_NOT_FOUND) {
      throw new UndercurrentError({
        code: error.code,
        message: `no database at ${path} (store.path, ${origin}); create it with \`undercurrent store init\``,
        cause: error,
      });
    }
    throw error;
  }
  context.output().result(inspection, (value, style) => formatStoreInfo(value, style, origin));
}

function formatInitReport(report: StoreInitReport, style: Style): string {
  const heading = report.created
    ? `Created ${report.path}`
    : report.migrationsApplied.length > 0
      ? `Migrated ${report.path}`
      : `${report.path} is up to date`;
  const version = currentVersion(report.schemaVersion);
  const applied = report.migrationsApplied.length > 0 ? ` ${style.dim(`(applied ${report.migrationsApplied.join(", ")})`)}` : "";
  return `${style.bold(heading)}\nSchema version: ${version}${applied}\n`;
}

/** The store's state as aligned `name  value` lines, then one line per table with its row count. */
function formatStoreInfo(inspection: SqliteStoreInspection, style: Style, origin: string): string {
  const details = [
    ["Size", formatBytes(inspection.sizeBytes)],
    ["Journal mode", inspection.journalMode],
    ["Schema", describeSchema(inspection.schemaVersion, style)],
  ] as const;
  const detailWidth = Math.max(...details.map(([name]) => name.length));
  const tables = Object.entries(inspection.tables);
  const tableWidth = Math.max(0, ...tables.map(([name]) => name.length));
  const countWidth = Math.max(0, ...tables.map(([, count]) => String(count).length));
  const lines = [
    `${style.bold(`Store: ${inspection.path}`)} ${style.dim(`(store.path, ${origin})`)}`,
    ...details.map(([name, value]) => `  ${name.padEnd(detailWidth)}  ${value}`),
    style.bold("Tables (rows)"),
    ...(tables.length > 0
      ? tables.map(([name, count]) => `  ${name.padEnd(tableWidth)}  ${String(count).padStart(countWidth)}`)
      : [style.dim("  none")]),
  ];
  return `${lines.join("\n")}\n`;
}

/** The newest migration applied, or `none`. */
function currentVersion(schema: SqliteSchemaVersion): string {
  return schema.applied[schema.applied.length - 1] ?? "none";
}

function describeSchema(schema: SqliteSchemaVersion, style: Style): string {
  const current = currentVersion(schema);
  if (schema.upToDate) return `${current} ${style.green("(up to date)")}`;
  const knownIds = new Set(sqliteMigrations.map((migration) => migration.id));
  const unknown = schema.applied.filter((id) => !knownIds.has(id));
  if (unknown.length > 0) {
    return `${current} ${style.yellow(`(written by a newer version: ${unknown.join(", ")} unknown; upgrade @undercurrent/cli)`)}`;
  }
  const missing = sqliteMigrations.map((migration) => migration.id).filter((id) => !schema.applied.includes(id));
  return `${current} ${style.yellow(`(lacks ${missing.join(", ")}; run \`undercurrent store init\`)`)}`;
}

/** `512 B`, `4.0 KiB`, `212.5 MiB`. */
function formatBytes(bytes: number): string {
  const units = ["KiB", "MiB", "GiB", "TiB"];
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
