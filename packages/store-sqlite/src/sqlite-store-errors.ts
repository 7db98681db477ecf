/**
 * The `code`s of the `UndercurrentError`s the SQLite store throws, besides `ValidationError` (`INPUT_INVALID`,
 * `DUPLICATE_IDEMPOTENCY_KEY`) and `ConfigError` (`CONFIG_INVALID`) from core. Values are the codes themselves.
 */
export const sqliteStoreErrorCodes = {
  /** A call after `close()`. */
  STORE_CLOSED: "STORE_CLOSED",
  /** `close()` called on the store a transaction's work received. */
  STORE_IN_TRANSACTION: "STORE_IN_TRANSACTION",
  /** `inspectSqliteStore` was given a path where no file exists. */
  STORE_NOT_FOUND: "STORE_NOT_FOUND",
  /** The database file could not be opened (missing directory permissions, a read-only file that does not exist, not a database). */
  STORE_OPEN_FAILED: "STORE_OPEN_FAILED",
  /** The database holds schema migrations this version does not know: it was written by a newer version. */
  STORE_SCHEMA_TOO_NEW: "STORE_SCHEMA_TOO_NEW",
  /** A database opened with `readonly` lacks migrations; open it once read-write to migrate. */
  STORE_SCHEMA_OUTDATED: "STORE_SCHEMA_OUTDATED",
  /** Another connection held the lock longer than `busyTimeoutMs`. Retryable. */
  STORE_BUSY: "STORE_BUSY",
  /** A write to a store opened with `readonly`. */
  STORE_READONLY: "STORE_READONLY",
  /** SQLite itself rolled a transaction back (disk full, I/O error); nothing of it was written. */
  STORE_TRANSACTION_ABORTED: "STORE_TRANSACTION_ABORTED",
  /** A stored row no longer parses with the core schema (a `ResponseValidationError`). */
  STORE_ROW_INVALID: "STORE_ROW_INVALID",
  /** Any other SQLite failure; the better-sqlite3 error is the `cause`. */
  STORE_SQLITE_ERROR: "STORE_SQLITE_ERROR",
} as const;

/** One of {@link sqliteStoreErrorCodes}. */
export type SqliteStoreErrorCode = keyof typeof sqliteStoreErrorCodes;
