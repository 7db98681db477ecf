import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, UndercurrentError } from "@undercurrent/core";
import { makeCompetitorSnapshot, makeItem, makeObservation, makePrediction, makeTrend, makeUserProfile } from "@undercurrent/core/testing";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { inspectSqliteStore } from "./inspect-sqlite-store.js";
import { readAppliedMigrations, sqliteMigrations } from "./migrations.js";
import { createSqliteStore } from "./sqlite-store.js";

let directory: string;
let path: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "undercurrent-sqlite-inspect-"));
  path = join(directory, "store.db");
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

const knownIds = sqliteMigrations.map((migration) => migration.id);
const latestId = knownIds[knownIds.length - 1];

/** Opens `path` with plain better-sqlite3 (read-write, creating it), runs `work`, closes. */
function withDatabase<T>(work: (db: Database.Database) => T): T {
  const db = new Database(path);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return expect.fail("expected a throw");
}

const fileSize = (file: string) => (existsSync(file) ? statSync(file).size : 0);

describe("inspectSqliteStore", () => {
  it("counts the rows of every store table, reading writes still in the WAL", async () => {
    const store = createSqliteStore({ path });
    await store.putItems([makeItem({ externalId: "1" }), makeItem({ externalId: "2" }), makeItem({ externalId: "3" })]);
    await store.putObservations([makeObservation()]);
    await store.setCursor("test-source", { page: 2 });
    await store.putTrend(makeTrend());
    await store.putPredictions([makePrediction({ id: "prediction-1" }), makePrediction({ id: "prediction-2" })]);
    await store.putUserProfile(makeUserProfile());
    await store.putCompetitorSnapshots([makeCompetitorSnapshot({ id: "competitor-1" }), makeCompetitorSnapshot({ id: "competitor-2" })]);

    const inspection = inspectSqliteStore({ path });
    expect(inspection.tables).toEqual({
      calendar_entries: 0,
      competitive_intelligence: 2,
      content_drafts: 0,
      cross_source_trends: 1,
      items: 3,
      observations: 1,
      source_cursors: 1,
      time_series: 0,
      time_series_points: 0,
      trend_evidence: 2,
      trend_predictions: 2,
      trend_snapshots: 0,
      user_behavior_profiles: 1,
      user_events: 0,
      video_jobs: 0,
    });
    expect(Object.keys(inspection.tables)).toEqual(Object.keys(inspection.tables).sort());
    expect(inspection.path).toBe(path);
    expect(inspection.journalMode).toBe("wal");
    expect(inspection.schemaVersion).toEqual({ applied: knownIds, latest: latestId, upToDate: true });
    expect(fileSize(`${path}-wal`)).toBeGreaterThan(0);
    expect(inspection.sizeBytes).toBe(fileSize(path) + fileSize(`${path}-wal`));
    await store.close();
  });

  it("reports zero rows in a new store", async () => {
    await createSqliteStore({ path }).close();
    const { tables, schemaVersion } = inspectSqliteStore({ path });
    expect(Object.keys(tables)).toEqual(
      expect.arrayContaining(["cross_source_trends", "trend_predictions", "user_behavior_profiles", "competitive_intelligence"]),
    );
    expect(Object.values(tables).every((count) => count === 0)).toBe(true);
    expect(schemaVersion.upToDate).toBe(true);
  });

  it("fails with STORE_NOT_FOUND naming the path, and creates nothing", () => {
    const error = thrown(() => inspectSqliteStore({ path }));
    expect(UndercurrentError.isInstance(error) && error.code).toBe("STORE_NOT_FOUND");
    expect((error as Error).message).toBe(`no SQLite store database at ${path}`);
    expect(existsSync(path)).toBe(false);
    writeFileSync(path, "");
    const underAFile = thrown(() => inspectSqliteStore({ path: join(path, "nested.db") }));
    expect(UndercurrentError.isInstance(underAFile) && underAFile.code).toBe("STORE_NOT_FOUND");
  });

  it("reports a database with older migrations as not up to date, and leaves it unmigrated", () => {
    const older = knownIds.slice(0, -1);
    withDatabase((db) => {
      db.exec("CREATE TABLE schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT");
      const record = db.prepare("INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)");
      for (const id of older) record.run(id, new Date().toISOString());
    });
    const before = readFileSync(path);

    const inspection = inspectSqliteStore({ path });
    expect(inspection.schemaVersion).toEqual({ applied: older, latest: latestId, upToDate: false });
    expect(inspection.journalMode).toBe("delete");
    expect(inspection.tables).toEqual({});
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(withDatabase(readAppliedMigrations).map((migration) => migration.id)).toEqual(older);
  });

  it("reports a database a newer version migrated as not up to date, without refusing it", async () => {
    await createSqliteStore({ path }).close();
    withDatabase((db) =>
      db.prepare("INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)").run("9999-from-the-future", new Date().toISOString()),
    );
    expect(inspectSqliteStore({ path }).schemaVersion).toEqual({
      applied: [...knownIds, "9999-from-the-future"],
      latest: latestId,
      upToDate: false,
    });
  });

  it("counts the tables of a plain SQLite file no store opened", () => {
    withDatabase((db) => db.exec('CREATE TABLE "odd ""name""" (x TEXT); INSERT INTO "odd ""name""" VALUES (\'a\'), (\'b\')'));
    expect(inspectSqliteStore({ path })).toMatchObject({
      schemaVersion: { applied: [], latest: latestId, upToDate: false },
      tables: { 'odd "name"': 2 },
    });
  });

  it("fails with STORE_OPEN_FAILED for a file that is not a database", () => {
    writeFileSync(path, "name,score\nrust,10\n".repeat(20));
    const error = thrown(() => inspectSqliteStore({ path }));
    expect(UndercurrentError.isInstance(error) && error.code).toBe("STORE_OPEN_FAILED");
    expect((error as Error).message).toBe(`sqlite store: ${path} is not a SQLite database`);
  });

  it("fails with STORE_OPEN_FAILED for a directory", () => {
    mkdirSync(path);
    const error = thrown(() => inspectSqliteStore({ path }));
    expect(UndercurrentError.isInstance(error) && error.code).toBe("STORE_OPEN_FAILED");
    expect((error as Error).message).toBe(`sqlite store: ${path} is not a file`);
  });

  it("rejects bad options with a ConfigError naming the field", () => {
    for (const options of [{}, { path: "  " }, { path: ":memory:" }, { path, readonly: true }]) {
      const error = thrown(() => inspectSqliteStore(options as { path: string }));
      expect(ConfigError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/^inspectSqliteStore: options(\.path)?: /);
    }
  });
});
