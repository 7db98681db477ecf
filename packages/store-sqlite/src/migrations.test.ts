import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger, UndercurrentError } from "@undercurrent/core";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrate, readAppliedMigrations, type SqliteMigration, sqliteMigrations } from "./migrations.js";
import { createSqliteStore } from "./sqlite-store.js";

let directory: string;
let path: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "undercurrent-sqlite-migrations-"));
  path = join(directory, "store.db");
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

/** Opens `path` with plain better-sqlite3, runs `look`, closes. */
function inspect<T>(look: (db: Database.Database) => T): T {
  const db = new Database(path);
  try {
    return look(db);
  } finally {
    db.close();
  }
}

describe("sqlite store migrations", () => {
  it("records every migration with the time it was applied", async () => {
    const before = Date.now();
    await createSqliteStore({ path }).close();
    const applied = inspect(readAppliedMigrations);
    expect(applied.map((migration) => migration.id)).toEqual(sqliteMigrations.map((migration) => migration.id));
    for (const migration of applied) {
      expect(Date.parse(migration.appliedAt)).toBeGreaterThanOrEqual(before - 1);
      expect(new Date(migration.appliedAt).toISOString()).toBe(migration.appliedAt);
    }
  });

  it("applies nothing again when the store is reopened", async () => {
    await createSqliteStore({ path }).close();
    const first = inspect(readAppliedMigrations);
    const messages: string[] = [];
    const logger = { ...silentLogger, info: (message: string) => void messages.push(message) };
    await createSqliteStore({ path, logger }).close();
    expect(inspect(readAppliedMigrations)).toEqual(first);
    expect(messages).not.toContain("sqlite store migrated");
  });

  it("logs the migrations it applies to a new database", async () => {
    const logged: unknown[] = [];
    const logger = { ...silentLogger, info: (message: string, fields?: Record<string, unknown>) => void logged.push({ message, fields }) };
    await createSqliteStore({ path, logger }).close();
    expect(logged).toEqual([
      { message: "sqlite store migrated", fields: { path, applied: sqliteMigrations.map((migration) => migration.id) } },
    ]);
  });

  it("applies only the migrations a database lacks, in order", () => {
    const first: SqliteMigration = { id: "0001-a", description: "a", sql: "CREATE TABLE a (x TEXT) STRICT;" };
    const second: SqliteMigration = { id: "0002-b", description: "b", sql: "CREATE TABLE b (y TEXT) STRICT;" };
    const options = { path, readonly: false, logger: silentLogger };
    inspect((db) => {
      expect(migrate(db, { ...options, migrations: [first] })).toEqual(["0001-a"]);
      expect(migrate(db, { ...options, migrations: [first, second] })).toEqual(["0002-b"]);
      expect(migrate(db, { ...options, migrations: [first, second] })).toEqual([]);
      expect(readAppliedMigrations(db).map((migration) => migration.id)).toEqual(["0001-a", "0002-b"]);
    });
  });

  it("applies nothing of a migration that fails", () => {
    const good: SqliteMigration = { id: "0001-good", description: "good", sql: "CREATE TABLE good (x TEXT) STRICT;" };
    const bad: SqliteMigration = {
      id: "0002-bad",
      description: "bad",
      sql: "CREATE TABLE half (x TEXT) STRICT; CREATE TABLE good (x TEXT);",
    };
    inspect((db) => {
      expect(() => migrate(db, { path, readonly: false, logger: silentLogger, migrations: [good, bad] })).toThrow(/already exists/);
      expect(readAppliedMigrations(db)).toEqual([]);
      expect(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all()).toEqual([]);
    });
  });

  it("refuses a database migrated by a newer version with STORE_SCHEMA_TOO_NEW, and leaves it untouched", async () => {
    await createSqliteStore({ path }).close();
    inspect((db) =>
      db.prepare("INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)").run("9999-from-the-future", new Date().toISOString()),
    );
    const error = (() => {
      try {
        createSqliteStore({ path });
      } catch (caught) {
        return caught;
      }
    })();
    expect(UndercurrentError.isInstance(error) && error.code).toBe("STORE_SCHEMA_TOO_NEW");
    expect((error as Error).message).toContain("9999-from-the-future");
    expect(inspect(readAppliedMigrations)).toHaveLength(sqliteMigrations.length + 1);
  });

  it("opens a migrated database read-only, and refuses a read-only one that needs migrating", async () => {
    inspect((db) => db.exec("CREATE TABLE unrelated (x TEXT)"));
    expect(() => createSqliteStore({ path, readonly: true })).toThrow(expect.objectContaining({ code: "STORE_SCHEMA_OUTDATED" }));
    await createSqliteStore({ path }).close();
    const store = createSqliteStore({ path, readonly: true });
    expect(await store.countItems()).toBe(0);
    await store.close();
  });
});
