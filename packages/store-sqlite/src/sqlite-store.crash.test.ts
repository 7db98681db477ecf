import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeItem } from "@undercurrent/core/testing";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toItemRow } from "./rows.js";
import { createSqliteStore } from "./sqlite-store.js";

// A writer killed with SIGKILL in the middle of a big transaction. The child opens the database the way the
// store does (WAL, synchronous=NORMAL, BEGIN IMMEDIATE) and writes rows made by the store's own row mapper;
// a tiny page cache makes SQLite spill the uncommitted pages into the WAL before the kill.
const childScript = `
import { readFileSync, writeSync } from "node:fs";
import { createRequire } from "node:module";

const plan = JSON.parse(readFileSync(process.argv[2], "utf8"));
const Database = createRequire(import.meta.url)(plan.betterSqlite3);
const db = new Database(plan.path, { timeout: 5000 });
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.pragma("foreign_keys = ON");
db.pragma("cache_size = 8");
db.exec("BEGIN IMMEDIATE");
db.prepare("UPDATE items SET title = ? WHERE id = ?").run("written by the killed transaction", plan.existingId);
db.prepare("INSERT INTO source_cursors (source_id, cursor, updated_at) VALUES ('crash', '\\"lost\\"', '2026-01-01T00:00:00.000Z')").run();
const insert = db.prepare(plan.insertSql);
for (let index = 0; index < 2_000_000; index++) {
  insert.run({ ...plan.row, id: "crash:" + index, source: "crash", external_id: String(index) });
  if (index === plan.signalAfter) writeSync(1, "midway\\n");
}
// Never commits: wait here for the kill.
setInterval(() => {}, 1000);
`;

const betterSqlite3 = createRequire(import.meta.url).resolve("better-sqlite3");

let directory: string;
let child: ChildProcess | undefined;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "undercurrent-sqlite-crash-"));
});
afterEach(() => {
  child?.kill("SIGKILL");
  child = undefined;
  rmSync(directory, { recursive: true, force: true });
});

/** Resolves once `writer` prints `line` on stdout; rejects if it exits first. */
function waitForLine(writer: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    let errors = "";
    writer.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.split("\n").includes(line)) resolve();
    });
    writer.stderr?.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    writer.on("exit", (code, signal) => reject(new Error(`writer exited early (${code ?? signal}): ${errors}`)));
  });
}

function exited(writer: ChildProcess): Promise<NodeJS.Signals | null> {
  return new Promise((resolve) => writer.once("exit", (_code, signal) => resolve(signal)));
}

describe("sqlite store crash safety", () => {
  it("shows nothing of a transaction whose process was SIGKILLed midway, and stays intact", async () => {
    const path = join(directory, "store.db");
    const existing = makeItem({ externalId: "kept" });
    const before = createSqliteStore({ path });
    await before.putItems([existing, makeItem({ externalId: "also-kept" })]);
    await before.setCursor("test-source", { page: 1 });
    await before.close();

    const row = toItemRow(makeItem({ source: "crash", externalId: "0", text: "x".repeat(400) }));
    const columns = Object.keys(row);
    const plan = {
      betterSqlite3,
      path,
      existingId: existing.id,
      insertSql: `INSERT INTO items (${columns.join(", ")}) VALUES (${columns.map((column) => `@${column}`).join(", ")})`,
      row,
      signalAfter: 20_000,
    };
    writeFileSync(join(directory, "plan.json"), JSON.stringify(plan));
    writeFileSync(join(directory, "writer.mjs"), childScript);

    const writer = spawn(process.execPath, [join(directory, "writer.mjs"), join(directory, "plan.json")], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = writer;
    const exit = exited(writer);
    await waitForLine(writer, "midway");
    // The transaction's pages reached the WAL file before the kill.
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(1_000_000);
    writer.kill("SIGKILL");
    expect(await exit).toBe("SIGKILL");

    const after = createSqliteStore({ path });
    try {
      expect(await after.countItems()).toBe(2);
      expect(await after.countItems({ source: "crash" })).toBe(0);
      expect(await after.getItem(existing.id)).toEqual(existing);
      expect(await after.getCursor("crash")).toBeUndefined();
      expect(await after.getCursor("test-source")).toEqual({ page: 1 });
      await after.putItems([makeItem({ externalId: "after-crash" })]);
      expect(await after.countItems()).toBe(3);
    } finally {
      await after.close();
    }
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(db.pragma("foreign_key_check")).toEqual([]);
    } finally {
      db.close();
    }
  }, 60_000);
});
