import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSqliteStore, sqliteMigrations } from "@undercurrent/store-sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFakeIo } from "../fake-io.js";
import { runCli } from "../run-cli.js";

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), "undercurrent-cli-store-"));
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

const migrationIds = sqliteMigrations.map((migration) => migration.id);
const latest = migrationIds[migrationIds.length - 1];
const defaultPath = () => join(cwd, ".undercurrent", "undercurrent.db");
const seedTables = ["cross_source_trends", "trend_predictions", "user_behavior_profiles", "competitive_intelligence"];

async function run(argv: string[], env: Record<string, string> = {}) {
  const io = createFakeIo({ cwd, env });
  const exitCode = await runCli(argv, io);
  return { exitCode, stdout: io.stdout.text(), stderr: io.stderr.text() };
}

describe("undercurrent store init", () => {
  it("creates the database at the default store.path, with its directory, and prints the path and schema version", async () => {
    const { exitCode, stdout, stderr } = await run(["store", "init"]);
    expect(exitCode).toBe(0);
    expect(stdout).toBe(`Created ${defaultPath()}\nSchema version: ${latest} (applied ${migrationIds.join(", ")})\n`);
    expect(stderr).toBe("");
    expect(readdirSync(join(cwd, ".undercurrent"))).toEqual(["undercurrent.db"]);
  });

  it("is idempotent: a second run applies nothing and says the schema is up to date", async () => {
    expect((await run(["store", "init"])).exitCode).toBe(0);
    const second = await run(["store", "init"]);
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toBe(`${defaultPath()} is up to date\nSchema version: ${latest}\n`);
    const json = await run(["store", "init", "--json"]);
    expect(JSON.parse(json.stdout)).toEqual({
      path: defaultPath(),
      created: false,
      migrationsApplied: [],
      schemaVersion: { applied: migrationIds, latest, upToDate: true },
    });
  });

  it("refuses a file that is not a database with exit code 1", async () => {
    writeFileSync(join(cwd, "notes.db"), "not a database, just notes\n".repeat(10));
    const { exitCode, stderr } = await run(["--store", "notes.db", "store", "init"]);
    expect(exitCode).toBe(1);
    expect(stderr).toBe(`error STORE_OPEN_FAILED: sqlite store: ${join(cwd, "notes.db")} is not a SQLite database\n`);
  });

  it("refuses an in-memory store.path as a config error", async () => {
    const { exitCode, stderr } = await run(["--store", ":memory:", "store", "init"]);
    expect(exitCode).toBe(2);
    expect(stderr).toBe(
      'error CONFIG_INVALID: --store: store.path: ":memory:" is an in-memory database; the store commands need a database file\n',
    );
    expect(existsSync(join(cwd, ":memory:"))).toBe(false);
  });
});

describe("undercurrent store info", () => {
  it("after init, shows every table with zero rows and an up-to-date schema", async () => {
    await run(["store", "init"]);
    const { exitCode, stdout, stderr } = await run(["store", "info"]);
    expect(exitCode).toBe(0);
    expect(stderr).toBe("");
    const lines = stdout.split("\n");
    expect(lines[0]).toBe(`Store: ${defaultPath()} (store.path, default)`);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}Size +\d+\.\d KiB$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}Journal mode +wal$/));
    expect(lines).toContainEqual(`  Schema        ${latest} (up to date)`);
    for (const table of [...seedTables, "items"]) expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^ {2}${table} +0$`)));
  });

  it("prints the inspection as one JSON document with --json", async () => {
    await run(["store", "init"]);
    const { exitCode, stdout, stderr } = await run(["store", "info", "--json"]);
    expect(exitCode).toBe(0);
    expect(stderr).toBe("");
    const inspection = JSON.parse(stdout);
    expect(inspection.tables.cross_source_trends).toBe(0);
    expect(Object.keys(inspection.tables)).toEqual(expect.arrayContaining(seedTables));
    expect(inspection).toMatchObject({
      path: defaultPath(),
      journalMode: "wal",
      schemaVersion: { applied: migrationIds, latest, upToDate: true },
    });
    expect(inspection.sizeBytes).toBeGreaterThan(0);
  });

  it("counts the rows a store wrote", async () => {
    const path = join(cwd, "filled.db");
    const store = createSqliteStore({ path });
    await store.putCompetitorSnapshots(
      ["competitor-1", "competitor-2"].map((id) => ({
        id,
        competitorName: "Acme",
        platform: "linkedin",
        contentStrategy: {},
        postingFrequency: {},
        engagementMetrics: {},
        trendingTopics: [],
        analyzedAt: new Date("2026-01-01T00:00:00Z"),
      })),
    );
    await store.close();
    const { stdout } = await run(["--store", "filled.db", "store", "info", "--json"]);
    expect(JSON.parse(stdout).tables).toMatchObject({ competitive_intelligence: 2, cross_source_trends: 0 });
  });

  it("uses the file --store names, over UNDERCURRENT_STORE_PATH and the config file", async () => {
    writeFileSync(join(cwd, "undercurrent.config.json"), JSON.stringify({ store: { path: "from-file.db" } }));
    const env = { UNDERCURRENT_STORE_PATH: "from-env.db" };
    expect((await run(["--store", "from-flag.db", "store", "init"], env)).exitCode).toBe(0);
    expect(existsSync(join(cwd, "from-flag.db"))).toBe(true);
    expect(existsSync(join(cwd, "from-env.db"))).toBe(false);
    expect(existsSync(join(cwd, "from-file.db"))).toBe(false);
    const info = await run(["store", "info", "--json", "--store", "from-flag.db"], env);
    expect(JSON.parse(info.stdout).path).toBe(join(cwd, "from-flag.db"));
  });

  it("uses UNDERCURRENT_STORE_PATH over the config file, relative to the current directory", async () => {
    writeFileSync(join(cwd, "undercurrent.config.json"), JSON.stringify({ store: { path: "from-file.db" } }));
    const env = { UNDERCURRENT_STORE_PATH: "data/from-env.db" };
    expect((await run(["store", "init"], env)).exitCode).toBe(0);
    expect(existsSync(join(cwd, "data", "from-env.db"))).toBe(true);
    expect(existsSync(join(cwd, "from-file.db"))).toBe(false);
    const info = await run(["store", "info"], env);
    expect(info.stdout.split("\n")[0]).toBe(`Store: ${join(cwd, "data", "from-env.db")} (store.path, env UNDERCURRENT_STORE_PATH)`);
  });

  it("fails on a missing database with exit code 1 and suggests store init, creating nothing", async () => {
    const { exitCode, stdout, stderr } = await run(["--store", "missing.db", "store", "info"]);
    expect(exitCode).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      `error STORE_NOT_FOUND: no database at ${join(cwd, "missing.db")} (store.path, flag --store); create it with \`undercurrent store init\`\n`,
    );
    expect(existsSync(join(cwd, "missing.db"))).toBe(false);

    const json = await run(["store", "info", "--json"]);
    expect(json.exitCode).toBe(1);
    expect(JSON.parse(json.stdout).error).toEqual({
      code: "STORE_NOT_FOUND",
      message: `no database at ${defaultPath()} (store.path, default); create it with \`undercurrent store init\``,
    });
    expect(existsSync(join(cwd, ".undercurrent"))).toBe(false);
  });

  it("says a database lacking migrations needs store init, and init brings it up to date", async () => {
    const path = join(cwd, "old.db");
    writeFileSync(path, "");
    const before = await run(["--store", "old.db", "store", "info"]);
    expect(before.exitCode).toBe(0);
    expect(before.stdout).toContain(`  Schema        none (lacks ${latest}; run \`undercurrent store init\`)`);
    expect(before.stdout).toContain("Tables (rows)\n  none\n");

    const init = await run(["--store", "old.db", "store", "init", "--json"]);
    expect(JSON.parse(init.stdout)).toMatchObject({ created: false, migrationsApplied: migrationIds });
    const after = await run(["--store", "old.db", "store", "info", "--json"]);
    expect(JSON.parse(after.stdout).schemaVersion.upToDate).toBe(true);
  });
});
