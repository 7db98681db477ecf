/**
 * `@undercurrent/store-sqlite`: the Undercurrent `Store` on SQLite (better-sqlite3), with WAL journaling,
 * schema migrations and transactions that hold the write lock across async work.
 *
 * @packageDocumentation
 */
export {
  type InspectSqliteStoreOptions,
  inspectSqliteStore,
  type SqliteSchemaVersion,
  type SqliteStoreInspection,
} from "./inspect-sqlite-store.js";
export { type SqliteMigration, sqliteMigrations } from "./migrations.js";
export { createSqliteStore } from "./sqlite-store.js";
export { type SqliteStoreErrorCode, sqliteStoreErrorCodes } from "./sqlite-store-errors.js";
export type { SqliteStoreOptions } from "./sqlite-store-options.js";
