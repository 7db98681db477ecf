import { type Stats, statSync } from "node:fs";
import { parseOptions, UndercurrentError } from "@undercurrent/core";
import Database from "better-sqlite3";
import { z } from "zod";
import { readAppliedMigrations, sqliteMigrations } from "./migrations.js";
import { toStoreError } from "./sqlite-store.js";
import { sqliteStoreErrorCodes } from "./sqlite-store-errors.js";

/** The schema `inspectSqliteStore` validates its options with. */
const inspectSqliteStoreOptionsSchema = z.strictObject({
  path: z
    .string()
    .trim()
    .min(1, "expected a file path")
    .refine((path) => path !== ":memory:", "expected a file path (an in-memory database has nothing to inspect)"),
});

/** Options of {@link inspectSqliteStore}. */
export interface InspectSqliteStoreOptions {
  /** The database file. It must exist: it is opened read-only and never created or migrated. */
  path: string;
}

/** Which schema migrations a database has, against the ones this version of the package knows. */
export interface SqliteSchemaVersion {
  /** Ids of the migrations recorded in the database's `schema_migrations`, oldest first. Empty for a database no store opened. */
  applied: string[];
  /** Id of the newest migration this version knows (the last of `sqliteMigrations`). */
  latest: string;
  /**
   * True when the database has exactly the migrations this version knows, so `createSqliteStore` opens it
   * without migrating. False when some are missing (open it once read-write to migrate) and when it has
   * migrations this version does not know (a newer version wrote it).
   */
  upToDate: boolean;
}

/** What {@link inspectSqliteStore} reports about a database file. */
export interface SqliteStoreInspection {
  /** The path inspected, as given. */
  path: string;
  /** Bytes on disk: the database file plus its `-wal` file (writes not yet checkpointed). */
  sizeBytes: number;
  /** SQLite's `journal_mode`: `wal` for a file the store created, `delete` for a plain SQLite file. */
  journalMode: string;
  /** The schema migrations applied. */
  schemaVersion: SqliteSchemaVersion;
  /**
   * Row count of every table in the database, by name, sorted by name: the store's tables (`items`,
   * `cross_source_trends`, `trend_predictions`, `user_behavior_profiles`, `competitive_intelligence`…)
   * and any other a tool added. SQLite's own tables and `schema_migrations` are left out.
   */
  tables: Record<string, number>;
}

/** What one read transaction sees, so the row counts and the migrations agree with each other. */
interface Snapshot {
  journalMode: string;
  applied: string[];
  tables: Record<string, number>;
}

/**
 * Reports on a SQLite store file without changing it: its size, journal mode, the schema migrations applied
 * (and whether they are the ones this version knows) and the row count of each table. The file is opened
 * read-only: it is never created or migrated, and a database a newer version wrote is reported, not refused.
 *
 * Opening a WAL database read-only lets SQLite create its `-wal` and `-shm` files when they are missing;
 * the next read-write open removes them again.
 *
 * Throws `ConfigError` for bad options, `UndercurrentError` `STORE_NOT_FOUND` when no file exists at the
 * path, `STORE_OPEN_FAILED` when the path is a directory or not a SQLite database.
 *
 * @example
 * ```ts
 * const inspection = inspectSqliteStore({ path: ".undercurrent/undercurrent.db" });
 * console.log(inspection.schemaVersion.upToDate, inspection.tables.cross_source_trends);
 * ```
 */
export function inspectSqliteStore(options: InspectSqliteStoreOptions): SqliteStoreInspection {
  const { path } = parseOptions(inspectSqliteStoreOptionsSchema, options, "inspectSqliteStore");
  const file = statFile(path);
  if (file === undefined) {
    throw new UndercurrentError({ code: sqliteStoreErrorCodes.STORE_NOT_FOUND, message: `no SQLite store database at ${path}` });
  }
  if (!file.isFile()) {
    throw new UndercurrentError({ code: sqliteStoreErrorCodes.STORE_OPEN_FAILED, message: `sqlite store: ${path} is not a file` });
  }
  const snapshot = readSnapshot(path);
  const latest = sqliteMigrations[sqliteMigrations.length - 1]?.id ?? "";
  const known = sqliteMigrations.map((migration) => migration.id);
  const upToDate = snapshot.applied.length === known.length && known.every((id) => snapshot.applied.includes(id));
  return {
    path,
    sizeBytes: (statFile(path)?.size ?? 0) + (statFile(`${path}-wal`)?.size ?? 0),
    journalMode: snapshot.journalMode,
    schemaVersion: { applied: snapshot.applied, latest, upToDate },
    tables: snapshot.tables,
  };
}

/** `fs.statSync`, with `undefined` when nothing is at `path` (also when a parent is a file). */
function statFile(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOTDIR") return undefined;
    throw new UndercurrentError({
      code: sqliteStoreErrorCodes.STORE_OPEN_FAILED,
      message: `sqlite store: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
}

function readSnapshot(path: string): Snapshot {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new UndercurrentError({
      code: sqliteStoreErrorCodes.STORE_OPEN_FAILED,
      message: `sqlite store: cannot open ${path}: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
  try {
    // SQLite reads the header only at the first statement, so "not a database" surfaces here, not at open.
    const journalMode = String(db.pragma("journal_mode", { simple: true }));
    return db.transaction(() => ({
      journalMode,
      applied: readAppliedMigrations(db).map((migration) => migration.id),
      tables: countRows(db),
    }))();
  } catch (error) {
    if (error instanceof Database.SqliteError && error.code === "SQLITE_NOTADB") {
      throw new UndercurrentError({
        code: sqliteStoreErrorCodes.STORE_OPEN_FAILED,
        message: `sqlite store: ${path} is not a SQLite database`,
        cause: error,
      });
    }
    throw toStoreError(error);
  } finally {
    db.close();
  }
}

function countRows(db: Database.Database): Record<string, number> {
  const names = db
    .prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> 'schema_migrations' ORDER BY name",
    )
    .pluck()
    .all() as string[];
  const tables: Record<string, number> = {};
  for (const name of names) {
    const quoted = `"${name.replaceAll('"', '""')}"`;
    tables[name] = db.prepare(`SELECT COUNT(*) FROM ${quoted}`).pluck().get() as number;
  }
  return tables;
}
