import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { ConfigError, UndercurrentError } from "@undercurrent/core";
import { sqliteStoreErrorCodes } from "@undercurrent/store-sqlite";
import { describeOrigin } from "./config/describe-config.js";
import type { LoadedConfig } from "./config/load-config.js";

/** The database file the config names, resolved against the current directory, and where the setting came from. */
export interface StoreLocation {
  /** Absolute path, or `:memory:`. */
  path: string;
  /** `default`, `flag --store`, `env UNDERCURRENT_STORE_PATH`, `file undercurrent.config.json`. */
  origin: string;
}

/** Options of {@link locateStore}. */
export interface LocateStoreOptions {
  /** Accept `:memory:` (a store that lives as long as the command); otherwise it is a config error naming `why`. */
  allowMemory?: boolean;
  /** Ends the message refusing `:memory:`, e.g. `the store commands need a database file`. */
  why?: string;
}

/** Where `store.path` points. Refuses `:memory:` unless `allowMemory`. */
export function locateStore(loaded: LoadedConfig, cwd: string, options: LocateStoreOptions = {}): StoreLocation {
  const origin = loaded.origins["store.path"] ?? { source: "default" };
  const configured = loaded.config.store.path.trim();
  if (configured === ":memory:") {
    if (options.allowMemory) return { path: configured, origin: describeOrigin(origin) };
    throw new ConfigError({
      context: origin.name ?? "config",
      message: `store.path: ":memory:" is an in-memory database; ${options.why ?? "this command needs a database file"}`,
    });
  }
  return { path: resolve(cwd, configured), origin: describeOrigin(origin) };
}

/**
 * Fails with `STORE_NOT_FOUND` when the database file does not exist, saying where the path came from and what
 * creates it (`hint`, e.g. "create it with `undercurrent store init`").
 */
export function requireStoreFile(location: StoreLocation, hint: string): void {
  if (location.path === ":memory:" || existsSync(location.path)) return;
  throw new UndercurrentError({
    code: sqliteStoreErrorCodes.STORE_NOT_FOUND,
    message: `no database at ${location.path} (store.path, ${location.origin}); ${hint}`,
  });
}
