import type { Logger } from "@undercurrent/core";
import { z } from "zod";

const isLogger = (value: unknown): value is Logger =>
  typeof value === "object" &&
  value !== null &&
  ["debug", "info", "warn", "error"].every((level) => typeof (value as Record<string, unknown>)[level] === "function");

/** The schema `createSqliteStore` validates its options with. */
export const sqliteStoreOptionsSchema = z.strictObject({
  path: z.string().trim().min(1, "expected a file path or :memory:"),
  readonly: z.boolean().default(false),
  busyTimeoutMs: z.number().int().nonnegative().default(5_000),
  logger: z.custom<Logger>(isLogger, "expected a Logger with debug, info, warn and error").optional(),
});

/** Options of {@link createSqliteStore}. */
export interface SqliteStoreOptions {
  /**
   * The database file, or `":memory:"` for a private in-memory database. Parent directories are created.
   * A file database uses WAL journaling.
   */
  path: string;
  /** Opens an existing, migrated database for reading only; every write fails with `STORE_READONLY`. Defaults to `false`. */
  readonly?: boolean;
  /** How long a write waits for another connection's lock before failing with `STORE_BUSY`. Defaults to 5000 ms. */
  busyTimeoutMs?: number;
  /** Receives migration and open messages. Defaults to a silent logger. */
  logger?: Logger;
}

/** Options after validation and defaults. */
export type SqliteStoreSettings = z.output<typeof sqliteStoreOptionsSchema>;
