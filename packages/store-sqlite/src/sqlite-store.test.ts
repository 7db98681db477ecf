import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, ResponseValidationError, type Store, UndercurrentError } from "@undercurrent/core";
import { makeItem, makeTrend, makeVideoJob } from "@undercurrent/core/testing";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import { createSqliteStore } from "./sqlite-store.js";
import type { SqliteStoreOptions, sqliteStoreOptionsSchema } from "./sqlite-store-options.js";

let directory: string;
let path: string;
const opened: Store[] = [];
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "undercurrent-sqlite-store-"));
  path = join(directory, "store.db");
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
  rmSync(directory, { recursive: true, force: true });
});

function open(options: Partial<SqliteStoreOptions> = {}): Store {
  const store = createSqliteStore({ path, ...options });
  opened.push(store);
  return store;
}

/** Opens the store's file with plain better-sqlite3, runs `look`, closes. */
function inspect<T>(look: (db: Database.Database) => T): T {
  const db = new Database(path);
  try {
    return look(db);
  } finally {
    db.close();
  }
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail("expected a rejection"),
    (error: unknown) => error,
  );
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return expect.fail("expected a throw");
}

const columnsOf = (table: string) =>
  inspect((db) => (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((column) => column.name));

describe("createSqliteStore options", () => {
  it("rejects a missing or empty path with a ConfigError naming it", () => {
    for (const options of [{}, { path: "" }, { path: 42 }]) {
      const error = thrown(() => createSqliteStore(options as SqliteStoreOptions));
      expect(ConfigError.isInstance(error)).toBe(true);
      expect((error as ConfigError).message).toMatch(/^createSqliteStore: options\.path: /);
    }
  });

  it("names every bad field, including unknown ones", () => {
    const error = thrown(() => createSqliteStore({ path, busyTimeoutMs: -1, readonly: "yes", logger: {}, journal: "delete" } as never));
    expect(ConfigError.isInstance(error)).toBe(true);
    const paths = (error as ConfigError).issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(["options.busyTimeoutMs", "options.readonly", "options.logger"]));
    expect((error as ConfigError).message).toContain("journal");
    expect(existsSync(path)).toBe(false);
  });

  it("accepts exactly the documented options", () => {
    expectTypeOf<z.input<typeof sqliteStoreOptionsSchema>>().toEqualTypeOf<SqliteStoreOptions>();
  });

  it("creates missing parent directories", async () => {
    const nested = join(directory, "a", "b", "store.db");
    const store = open({ path: nested });
    await store.putItems([makeItem()]);
    expect(existsSync(nested)).toBe(true);
  });
});

describe("sqlite store file", () => {
  it("uses WAL journaling on a file database", async () => {
    const store = open();
    await store.putItems([makeItem()]);
    expect(inspect((db) => db.pragma("journal_mode", { simple: true }))).toBe("wal");
    expect(existsSync(`${path}-wal`)).toBe(true);
  });

  it("works on :memory:, leaving no file behind", async () => {
    const store = open({ path: ":memory:" });
    await store.putItems([makeItem()]);
    expect(await store.listItems()).toEqual([makeItem()]);
    expect(existsSync(join(process.cwd(), ":memory:"))).toBe(false);
  });

  it("keeps data across close and reopen", async () => {
    const first = open();
    await first.putItems([makeItem(), makeItem({ externalId: "2" })]);
    await first.putTrend(makeTrend());
    await first.close();
    const second = open();
    expect(await second.countItems()).toBe(2);
    expect(await second.getTrend("trend-1")).toEqual(makeTrend());
  });

  it("stores instants as ISO 8601 text and returns Dates", async () => {
    const store = open();
    await store.putItems([makeItem()]);
    const row = inspect((db) => db.prepare("SELECT published_at, fetched_at FROM items").get());
    expect(row).toEqual({ published_at: "2026-01-01T00:00:00.000Z", fetched_at: "2026-01-01T01:00:00.000Z" });
    expect((await store.getItem("test-source:1"))?.publishedAt).toBeInstanceOf(Date);
  });

  it("answers range queries from the indexes", async () => {
    open();
    const plan = (sql: string) =>
      inspect((db) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((step) => step.detail).join("; "));
    expect(plan("SELECT * FROM items WHERE source = 'a' AND published_at >= 'x' ORDER BY published_at, id")).toContain(
      "USING INDEX items_source_published_at",
    );
    expect(plan("SELECT * FROM items WHERE published_at >= 'x' ORDER BY published_at, id")).toContain("USING INDEX items_published_at");
    expect(plan("SELECT * FROM observations WHERE source = 'a' AND observed_at >= 'x' ORDER BY observed_at, item_id")).toContain(
      "USING INDEX observations_source_observed_at",
    );
    expect(plan("SELECT * FROM user_events WHERE user_id = 'u' AND at >= 'x' ORDER BY at, id")).toContain(
      "USING INDEX user_events_user_id_at",
    );
  });
});

describe("seed tables", () => {
  beforeEach(async () => {
    await createSqliteStore({ path }).close();
  });

  it("cross_source_trends has the seed columns, then ours", () => {
    expect(columnsOf("cross_source_trends")).toEqual([
      "id",
      "trend_name",
      "keywords",
      "source_platforms",
      "confidence_score",
      "velocity_score",
      "first_detected",
      "peak_predicted",
      "related_trends",
      "sentiment_score",
      "created_at",
      "status",
      "acceleration",
      "updated_at",
      "metadata",
    ]);
    expect(columnsOf("trend_evidence")).toEqual([
      "trend_id",
      "position",
      "source",
      "item_ids",
      "first_seen_at",
      "mentions",
      "normalized_engagement",
      "lead_hours",
      "source_status",
    ]);
  });

  it("trend_predictions has the seed columns, then ours", () => {
    expect(columnsOf("trend_predictions")).toEqual([
      "id",
      "trend_id",
      "prediction_type",
      "predicted_value",
      "confidence_interval",
      "prediction_date",
      "actual_value",
      "accuracy_score",
      "subject_id",
      "intervals",
      "target_at",
      "model",
      "metadata",
    ]);
  });

  it("user_behavior_profiles and competitive_intelligence have exactly the seed columns", () => {
    expect(columnsOf("user_behavior_profiles")).toEqual([
      "user_id",
      "content_preferences",
      "optimal_posting_times",
      "engagement_patterns",
      "writing_style_profile",
      "topic_interests",
      "updated_at",
    ]);
    expect(columnsOf("competitive_intelligence")).toEqual([
      "id",
      "competitor_name",
      "platform",
      "content_strategy",
      "posting_frequency",
      "engagement_metrics",
      "trending_topics",
      "analyzed_at",
    ]);
  });

  it("deleting a trend deletes its evidence", async () => {
    const store = open();
    await store.putTrend(makeTrend());
    inspect((db) => {
      db.pragma("foreign_keys = ON");
      expect(db.prepare("SELECT COUNT(*) AS count FROM trend_evidence").get()).toEqual({ count: 2 });
      db.prepare("DELETE FROM cross_source_trends WHERE id = ?").run("trend-1");
      expect(db.prepare("SELECT COUNT(*) AS count FROM trend_evidence").get()).toEqual({ count: 0 });
    });
  });
});

describe("atomic writes", () => {
  /** Makes SQLite reject any item whose id contains `bad`, after the rows before it were written. */
  const rejectBadItems = () =>
    inspect((db) =>
      db.exec(`CREATE TRIGGER reject_bad_items BEFORE INSERT ON items WHEN NEW.id LIKE '%bad%' BEGIN SELECT RAISE(ABORT, 'bad item'); END`),
    );

  it("leaves nothing of a batch SQLite rejects midway", async () => {
    const store = open();
    rejectBadItems();
    const error = await failure(
      store.putItems([makeItem({ externalId: "1" }), makeItem({ externalId: "2" }), makeItem({ externalId: "bad" })]),
    );
    expect(UndercurrentError.isInstance(error) && error.code).toBe("STORE_SQLITE_ERROR");
    expect((error as Error).message).toContain("bad item");
    expect(await store.countItems()).toBe(0);
  });

  it("undoes a batch SQLite rejects inside a transaction, keeping the rest of the work", async () => {
    const store = open();
    rejectBadItems();
    await store.transaction(async (transaction) => {
      await transaction.putItems([makeItem({ externalId: "before" })]);
      await transaction.putItems([makeItem({ externalId: "lost" }), makeItem({ externalId: "bad" })]).catch(() => undefined);
      await transaction.putItems([makeItem({ externalId: "after" })]);
    });
    expect((await store.listItems()).map((item) => item.externalId).sort()).toEqual(["after", "before"]);
  });

  it("refuses further writes once SQLite itself rolled the transaction back, and commits nothing", async () => {
    const store = open();
    inspect((db) =>
      db.exec(
        `CREATE TRIGGER doom_transaction BEFORE INSERT ON items WHEN NEW.id LIKE '%doomed%' BEGIN SELECT RAISE(ROLLBACK, 'doomed'); END`,
      ),
    );
    const codes: unknown[] = [];
    const error = await failure(
      store.transaction(async (transaction) => {
        await transaction.putItems([makeItem({ externalId: "first" })]);
        await transaction.putItems([makeItem({ externalId: "doomed" })]).catch(() => undefined);
        await transaction.putItems([makeItem({ externalId: "second" })]).catch((caught: UndercurrentError) => codes.push(caught.code));
      }),
    );
    expect(codes).toEqual(["STORE_TRANSACTION_ABORTED"]);
    expect(UndercurrentError.isInstance(error) && error.code).toBe("STORE_TRANSACTION_ABORTED");
    expect(await store.countItems()).toBe(0);
  });

  it("rolls back a whole transaction on a duplicate idempotency key", async () => {
    const store = open();
    const error = await failure(
      store.transaction(async (transaction) => {
        await transaction.putItems([makeItem()]);
        await transaction.putVideoJob(makeVideoJob({ id: "job-1" }));
        await transaction.putVideoJob(makeVideoJob({ id: "job-2" }));
      }),
    );
    expect(UndercurrentError.isInstance(error) && error.code).toBe("DUPLICATE_IDEMPOTENCY_KEY");
    expect(await store.countItems()).toBe(0);
    expect(await store.listVideoJobs()).toEqual([]);
  });

  it("keeps the idempotency key unique in the table itself", async () => {
    const store = open();
    await store.putVideoJob(makeVideoJob());
    const error = thrown(() =>
      inspect((db) =>
        db
          .prepare(
            "INSERT INTO video_jobs SELECT 'job-2', provider, idempotency_key, status, provider_job_id, batch_id, draft_id, request, result, error, attempts, estimated_cost, created_at, updated_at FROM video_jobs",
          )
          .run(),
      ),
    );
    expect((error as { code?: string }).code).toBe("SQLITE_CONSTRAINT_UNIQUE");
  });
});

describe("transactions and locking", () => {
  it("close waits for an open transaction, then refuses calls with STORE_CLOSED", async () => {
    const store = open();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const transaction = store.transaction(async (inner) => {
      await inner.putItems([makeItem()]);
      await gate;
    });
    const closing = store.close();
    release();
    await transaction;
    await closing;
    const error = await failure(store.countItems());
    expect(UndercurrentError.isInstance(error) && error.code).toBe("STORE_CLOSED");
    await store.close();
    expect(await open().countItems()).toBe(1);
  });

  it("refuses close from inside a transaction", async () => {
    const store = open();
    const error = await failure(store.transaction((inner) => inner.close()));
    expect(UndercurrentError.isInstance(error) && error.code).toBe("STORE_IN_TRANSACTION");
    expect(await store.countItems()).toBe(0);
  });

  it("queues a call made on the transaction's store after it ended", async () => {
    const store = open();
    let leaked: Store | undefined;
    await store.transaction(async (inner) => {
      leaked = inner;
    });
    await leaked?.putItems([makeItem()]);
    expect(await store.countItems()).toBe(1);
  });

  it("fails with a retryable STORE_BUSY when another connection holds the lock past busyTimeoutMs", async () => {
    const holder = open();
    const other = open({ busyTimeoutMs: 50 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const transaction = holder.transaction(async (inner) => {
      await inner.putItems([makeItem()]);
      entered();
      await gate;
    });
    await inside;
    const error = await failure(other.putItems([makeItem({ externalId: "2" })]));
    release();
    await transaction;
    expect(UndercurrentError.isInstance(error) && error.code).toBe("STORE_BUSY");
    expect((error as UndercurrentError).isRetryable).toBe(true);
    await other.putItems([makeItem({ externalId: "2" })]);
    expect(await holder.countItems()).toBe(2);
  });
});

describe("read-only and damaged data", () => {
  it("reads a read-only store and refuses writes with STORE_READONLY", async () => {
    const writer = open();
    await writer.putItems([makeItem()]);
    await writer.close();
    const reader = open({ readonly: true });
    expect(await reader.countItems()).toBe(1);
    const error = await failure(reader.putItems([makeItem({ externalId: "2" })]));
    expect(UndercurrentError.isInstance(error) && error.code).toBe("STORE_READONLY");
  });

  it("refuses to open a read-only store that does not exist with STORE_OPEN_FAILED", () => {
    const error = thrown(() => createSqliteStore({ path: join(directory, "missing.db"), readonly: true }));
    expect(UndercurrentError.isInstance(error) && error.code).toBe("STORE_OPEN_FAILED");
  });

  it("reports a row that no longer parses as STORE_ROW_INVALID naming the field", async () => {
    const store = open();
    await store.putItems([makeItem()]);
    inspect((db) => db.prepare("UPDATE items SET kind = 'hologram'").run());
    const error = await failure(store.getItem("test-source:1"));
    expect(ResponseValidationError.isInstance(error) && error.code).toBe("STORE_ROW_INVALID");
    expect((error as Error).message).toContain("items.kind");
  });
});
