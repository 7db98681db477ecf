import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import {
  type CalendarQuery,
  type CompetitorQuery,
  type ContentDraftQuery,
  calendarEntrySchema,
  competitorSnapshotSchema,
  contentDraftSchema,
  type ItemQuery,
  idSchema,
  itemSchema,
  type Logger,
  Mutex,
  type ObservationQuery,
  observationSchema,
  type PredictionQuery,
  parseInput,
  parseOptions,
  predictionSchema,
  type Store,
  silentLogger,
  type TimeSeriesQuery,
  type TrendQuery,
  type TrendSnapshotQuery,
  timeSeriesSchema,
  trendSchema,
  trendSnapshotSchema,
  UndercurrentError,
  type UserEventQuery,
  userEventSchema,
  userProfileSchema,
  ValidationError,
  type VideoJobQuery,
  videoJobSchema,
} from "@undercurrent/core";
import Database from "better-sqlite3";
import { z } from "zod";
import { migrate } from "./migrations.js";
import {
  type CalendarEntryRow,
  type CompetitorSnapshotRow,
  type ContentDraftRow,
  fromCalendarEntryRow,
  fromCompetitorSnapshotRow,
  fromContentDraftRow,
  fromItemRow,
  fromObservationRow,
  fromPredictionRow,
  fromTimeSeriesRow,
  fromTrendRow,
  fromTrendSnapshotRow,
  fromUserEventRow,
  fromUserProfileRow,
  fromVideoJobRow,
  type ItemRow,
  type ObservationRow,
  type PredictionRow,
  type SeriesPointRow,
  sameItemRow,
  type TimeSeriesRow,
  type TrendEvidenceRow,
  type TrendRow,
  type TrendSnapshotRow,
  toCalendarEntryRow,
  toCompetitorSnapshotRow,
  toContentDraftRow,
  toIso,
  toItemRow,
  toObservationRow,
  toPredictionRow,
  toSeriesPointRow,
  toTimeSeriesRow,
  toTrendEvidenceRow,
  toTrendRow,
  toTrendSnapshotRow,
  toUserEventRow,
  toUserProfileRow,
  toVideoJobRow,
  type UserEventRow,
  type UserProfileRow,
  type VideoJobRow,
} from "./rows.js";
import { sqliteStoreErrorCodes } from "./sqlite-store-errors.js";
import { type SqliteStoreOptions, type SqliteStoreSettings, sqliteStoreOptionsSchema } from "./sqlite-store-options.js";

const cursorSchema = z.json();

type OperationName = Exclude<keyof Store, "specVersion" | "id" | "transaction" | "close">;
/** The store's operations as synchronous functions: better-sqlite3 is synchronous. */
type Operations = { [Name in OperationName]: (...args: Parameters<Store[Name]>) => Awaited<ReturnType<Store[Name]>> };

/** Runs `task` wherever the caller decides (under the lock, inside the open transaction) and resolves with its result. */
type Runner = <T>(task: () => T) => Promise<T>;

/** SQL to insert a row of `columns` into `table`, from named parameters. */
function insertSql(table: string, columns: readonly string[]): string {
  return `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((column) => `@${column}`).join(", ")})`;
}

/** SQL to insert `columns` into `table`, replacing the non-key columns of the row with the same `key`. */
function upsertSql(table: string, columns: readonly string[], key: readonly string[]): string {
  const updates = columns.filter((column) => !key.includes(column)).map((column) => `${column} = excluded.${column}`);
  return `${insertSql(table, columns)} ON CONFLICT (${key.join(", ")}) DO UPDATE SET ${updates.join(", ")}`;
}

/** A `WHERE … ORDER BY … LIMIT` tail built from the filters that are set; values go in `parameters`. */
class Query {
  private readonly conditions: string[] = [];
  readonly parameters: Record<string, string | number> = {};

  where(condition: string, parameters: Record<string, string | number>): this {
    this.conditions.push(condition);
    Object.assign(this.parameters, parameters);
    return this;
  }

  /** Adds `condition` only when `value` is given (the memory store's `!query.x ||` rule). */
  whereSet(value: string | number | undefined, condition: string, name: string): this {
    return value === undefined || value === "" ? this : this.where(condition, { [name]: value });
  }

  /** The full statement. The limit is a parameter, so each filter combination is prepared once whatever the limit. */
  sql(select: string, orderBy: string, limit: number | undefined): string {
    const where = this.conditions.length > 0 ? ` WHERE ${this.conditions.join(" AND ")}` : "";
    this.parameters.limit = rowLimit(limit);
    return `${select}${where} ORDER BY ${orderBy} LIMIT @limit`;
  }
}

/** SQLite's `LIMIT` for `rows.slice(0, limit)`: -1 (all) when absent or infinite, fractions truncated, never negative. */
function rowLimit(limit: number | undefined): number {
  if (limit === undefined || limit === Number.POSITIVE_INFINITY) return -1;
  const count = Math.trunc(limit);
  return Number.isFinite(count) && count > 0 ? count : 0;
}

const isSqliteError = (error: unknown): error is Error & { code: string } => error instanceof Database.SqliteError;

/** Turns a better-sqlite3 failure into an `UndercurrentError`; Undercurrent errors pass through. */
export function toStoreError(error: unknown): unknown {
  if (UndercurrentError.isInstance(error)) return error;
  if (isSqliteError(error)) {
    if (error.code.startsWith("SQLITE_BUSY") || error.code.startsWith("SQLITE_LOCKED")) {
      return new UndercurrentError({
        code: sqliteStoreErrorCodes.STORE_BUSY,
        message: `sqlite store: ${error.message}`,
        isRetryable: true,
        cause: error,
      });
    }
    if (error.code.startsWith("SQLITE_READONLY")) {
      return new UndercurrentError({ code: sqliteStoreErrorCodes.STORE_READONLY, message: `sqlite store: ${error.message}`, cause: error });
    }
    return new UndercurrentError({
      code: sqliteStoreErrorCodes.STORE_SQLITE_ERROR,
      message: `sqlite store: ${error.message} (${error.code})`,
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new UndercurrentError({ code: sqliteStoreErrorCodes.STORE_SQLITE_ERROR, message: `sqlite store: ${message}`, cause: error });
}

function mapErrors<T>(task: () => T): T {
  try {
    return task();
  } catch (error) {
    throw toStoreError(error);
  }
}

function openDatabase(settings: SqliteStoreSettings, logger: Logger): Database.Database {
  const inMemory = settings.path === ":memory:";
  if (!inMemory && !settings.readonly) mkdirSync(dirname(settings.path), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(settings.path, { readonly: settings.readonly, fileMustExist: settings.readonly, timeout: settings.busyTimeoutMs });
  } catch (error) {
    throw new UndercurrentError({
      code: sqliteStoreErrorCodes.STORE_OPEN_FAILED,
      message: `sqlite store: cannot open ${settings.path}: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
  try {
    if (!inMemory && !settings.readonly) db.pragma("journal_mode = WAL");
    if (!settings.readonly) db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    migrate(db, { path: settings.path, readonly: settings.readonly, logger });
    logger.debug("sqlite store opened", { path: settings.path, readonly: settings.readonly });
    return db;
  } catch (error) {
    db.close();
    throw toStoreError(error);
  }
}

/** The store's operations on `db`, each one statement or one atomic transaction. */
function createOperations(db: Database.Database): Operations {
  const statements = new Map<string, Database.Statement>();
  /** The prepared statement for `sql`, prepared once per store. */
  const statement = (sql: string): Database.Statement => {
    let prepared = statements.get(sql);
    if (!prepared) statements.set(sql, (prepared = db.prepare(sql)));
    return prepared;
  };
  const all = <Row>(sql: string, parameters: object = {}) => statement(sql).all(parameters) as Row[];
  const get = <Row>(sql: string, parameters: object = {}) => statement(sql).get(parameters) as Row | undefined;
  const run = (sql: string, parameters: object) => statement(sql).run(parameters);
  /**
   * Runs `write` in a transaction: `BEGIN IMMEDIATE` on its own, a SAVEPOINT inside an open transaction, so a
   * failed batch is undone even when a unit of work catches the error.
   */
  const atomically = <T>(write: () => T): T => db.transaction(write).immediate();

  // Column lists come from the row mappers (`Object.keys` of a row), so SQL and mapping cannot drift apart.
  const sqlByName = new Map<string, string>();
  const named = (name: string, build: () => string) => {
    let sql = sqlByName.get(name);
    if (sql === undefined) sqlByName.set(name, (sql = build()));
    return sql;
  };
  const insert = (table: string, row: object, suffix = "") =>
    run(
      named(`insert ${table}${suffix}`, () => insertSql(table, Object.keys(row)) + suffix),
      row,
    );
  const upsert = (table: string, key: readonly string[], row: object) =>
    run(
      named(`upsert ${table}`, () => upsertSql(table, Object.keys(row), key)),
      row,
    );
  const updateItem = (row: ItemRow) =>
    run(
      named("update items", () => {
        const columns = Object.keys(row).filter((column) => column !== "id" && column !== "fetched_at");
        return `UPDATE items SET ${columns.map((column) => `${column} = @${column}`).join(", ")} WHERE id = @id`;
      }),
      row,
    );

  const readSeries = (row: TimeSeriesRow) =>
    fromTimeSeriesRow(
      row,
      all<SeriesPointRow>("SELECT series_id, at, value FROM time_series_points WHERE series_id = @id ORDER BY at", { id: row.id }),
    );
  const readTrend = (row: TrendRow) =>
    fromTrendRow(row, all<TrendEvidenceRow>("SELECT * FROM trend_evidence WHERE trend_id = @id ORDER BY position", { id: row.id }));

  return {
    putItems(input) {
      const items = parseInput(itemSchema.array(), input, "putItems", "items");
      return atomically(() => {
        const insertedIds: string[] = [];
        let updated = 0;
        for (const item of items) {
          const row = toItemRow(item);
          const known = get<ItemRow>("SELECT * FROM items WHERE id = @id", { id: item.id });
          if (!known) {
            insert("items", row);
            insertedIds.push(item.id);
          } else if (!sameItemRow(known, row)) {
            updateItem(row);
            updated++;
          }
        }
        return { inserted: insertedIds.length, updated, insertedIds };
      });
    },
    getItem(id) {
      const row = get<ItemRow>("SELECT * FROM items WHERE id = @id", { id: parseInput(idSchema, id, "getItem", "id") });
      return row && fromItemRow(row);
    },
    listItems(query: ItemQuery = {}) {
      const filter = new Query()
        .whereSet(query.source, "source = @source", "source")
        .whereSet(query.since && toIso(query.since), "published_at >= @since", "since")
        .whereSet(query.until && toIso(query.until), "published_at < @until", "until");
      return all<ItemRow>(filter.sql("SELECT * FROM items", "published_at, id", query.limit), filter.parameters).map(fromItemRow);
    },
    countItems(query = {}) {
      const row = query.source
        ? get<{ count: number }>("SELECT COUNT(*) AS count FROM items WHERE source = @source", { source: query.source })
        : get<{ count: number }>("SELECT COUNT(*) AS count FROM items");
      return row?.count ?? 0;
    },

    putObservations(input) {
      const observations = parseInput(observationSchema.array(), input, "putObservations", "observations");
      return atomically(() => {
        for (const observation of observations) upsert("observations", ["item_id", "observed_at"], toObservationRow(observation));
        return observations.length;
      });
    },
    listObservations(query: ObservationQuery = {}) {
      const filter = new Query()
        .whereSet(query.itemId, "item_id = @itemId", "itemId")
        .whereSet(query.source, "source = @source", "source")
        .whereSet(query.since && toIso(query.since), "observed_at >= @since", "since")
        .whereSet(query.until && toIso(query.until), "observed_at < @until", "until");
      const sql = filter.sql("SELECT * FROM observations", "observed_at, item_id", query.limit);
      return all<ObservationRow>(sql, filter.parameters).map(fromObservationRow);
    },

    putTimeSeries(input) {
      const series = parseInput(timeSeriesSchema.array(), input, "putTimeSeries", "series");
      atomically(() => {
        for (const entry of series) {
          upsert("time_series", ["id"], toTimeSeriesRow(entry));
          for (const point of entry.points) upsert("time_series_points", ["series_id", "at"], toSeriesPointRow(entry.id, point));
        }
      });
    },
    getTimeSeries(id) {
      const row = get<TimeSeriesRow>("SELECT * FROM time_series WHERE id = @id", { id });
      return row && readSeries(row);
    },
    listTimeSeries(query: TimeSeriesQuery = {}) {
      const filter = new Query()
        .whereSet(query.source, "source = @source", "source")
        .whereSet(query.metric, "metric = @metric", "metric")
        .whereSet(query.key, "key = @key", "key");
      return all<TimeSeriesRow>(filter.sql("SELECT * FROM time_series", "id", undefined), filter.parameters).map(readSeries);
    },

    getCursor(sourceId) {
      const row = get<{ cursor: string }>("SELECT cursor FROM source_cursors WHERE source_id = @sourceId", { sourceId });
      return row && (JSON.parse(row.cursor) as z.output<typeof cursorSchema>);
    },
    setCursor(sourceId, cursor) {
      parseInput(idSchema, sourceId, "setCursor", "sourceId");
      const valid = parseInput(cursorSchema, cursor, "setCursor", "cursor");
      atomically(() =>
        upsert("source_cursors", ["source_id"], {
          source_id: sourceId,
          cursor: JSON.stringify(valid),
          updated_at: new Date().toISOString(),
        }),
      );
    },

    putTrend(input) {
      const trend = parseInput(trendSchema, input, "putTrend", "trend");
      atomically(() => {
        upsert("cross_source_trends", ["id"], toTrendRow(trend));
        run("DELETE FROM trend_evidence WHERE trend_id = @id", { id: trend.id });
        for (const [position, evidence] of trend.evidence.entries())
          insert("trend_evidence", toTrendEvidenceRow(trend.id, evidence, position));
      });
    },
    getTrend(id) {
      const row = get<TrendRow>("SELECT * FROM cross_source_trends WHERE id = @id", { id });
      return row && readTrend(row);
    },
    listTrends(query: TrendQuery = {}) {
      const filter = new Query()
        .whereSet(query.since && toIso(query.since), "updated_at >= @since", "since")
        .whereSet(query.status && JSON.stringify(query.status), "status IN (SELECT value FROM json_each(@statuses))", "statuses")
        .whereSet(query.minConfidence, "confidence_score >= @minConfidence", "minConfidence")
        .whereSet(
          query.sources && JSON.stringify(query.sources),
          "EXISTS (SELECT 1 FROM json_each(source_platforms) AS seen WHERE seen.value IN (SELECT value FROM json_each(@sources)))",
          "sources",
        );
      const sql = filter.sql("SELECT * FROM cross_source_trends", "confidence_score DESC, id", query.limit);
      return all<TrendRow>(sql, filter.parameters).map(readTrend);
    },
    putTrendSnapshots(input) {
      const snapshots = parseInput(trendSnapshotSchema.array(), input, "putTrendSnapshots", "snapshots");
      atomically(() => {
        for (const snapshot of snapshots) upsert("trend_snapshots", ["trend_id", "at"], toTrendSnapshotRow(snapshot));
      });
    },
    listTrendSnapshots(trendId, query: TrendSnapshotQuery = {}) {
      const filter = new Query()
        .where("trend_id = @trendId", { trendId })
        .whereSet(query.since && toIso(query.since), "at >= @since", "since")
        .whereSet(query.until && toIso(query.until), "at < @until", "until");
      return all<TrendSnapshotRow>(filter.sql("SELECT * FROM trend_snapshots", "at", query.limit), filter.parameters).map(
        fromTrendSnapshotRow,
      );
    },

    putPredictions(input) {
      const predictions = parseInput(predictionSchema.array(), input, "putPredictions", "predictions");
      atomically(() => {
        for (const prediction of predictions) upsert("trend_predictions", ["id"], toPredictionRow(prediction));
      });
    },
    listPredictions(query: PredictionQuery = {}) {
      const filter = new Query()
        .whereSet(query.trendId, "trend_id = @trendId", "trendId")
        .whereSet(query.subjectId, "subject_id = @subjectId", "subjectId")
        .whereSet(query.type, "prediction_type = @type", "type");
      const sql = filter.sql("SELECT * FROM trend_predictions", "prediction_date DESC, id", query.limit);
      return all<PredictionRow>(sql, filter.parameters).map(fromPredictionRow);
    },

    putVideoJob(input) {
      const job = parseInput(videoJobSchema, input, "putVideoJob", "job");
      atomically(() => {
        const other = get<{ id: string }>("SELECT id FROM video_jobs WHERE idempotency_key = @key AND id <> @id", {
          key: job.idempotencyKey,
          id: job.id,
        });
        if (other) {
          throw new ValidationError({
            context: "putVideoJob",
            code: "DUPLICATE_IDEMPOTENCY_KEY",
            issues: [{ path: "job.idempotencyKey", message: `already used by job ${other.id}` }],
          });
        }
        upsert("video_jobs", ["id"], toVideoJobRow(job));
      });
    },
    getVideoJob(id) {
      const row = get<VideoJobRow>("SELECT * FROM video_jobs WHERE id = @id", { id });
      return row && fromVideoJobRow(row);
    },
    listVideoJobs(query: VideoJobQuery = {}) {
      const filter = new Query()
        .whereSet(query.batchId, "batch_id = @batchId", "batchId")
        .whereSet(query.status && JSON.stringify(query.status), "status IN (SELECT value FROM json_each(@statuses))", "statuses")
        .whereSet(query.idempotencyKey, "idempotency_key = @idempotencyKey", "idempotencyKey");
      return all<VideoJobRow>(filter.sql("SELECT * FROM video_jobs", "created_at, id", query.limit), filter.parameters).map(
        fromVideoJobRow,
      );
    },

    putContentDrafts(input) {
      const drafts = parseInput(contentDraftSchema.array(), input, "putContentDrafts", "drafts");
      atomically(() => {
        for (const draft of drafts) upsert("content_drafts", ["id"], toContentDraftRow(draft));
      });
    },
    getContentDraft(id) {
      const row = get<ContentDraftRow>("SELECT * FROM content_drafts WHERE id = @id", { id });
      return row && fromContentDraftRow(row);
    },
    listContentDrafts(query: ContentDraftQuery = {}) {
      const filter = new Query()
        .whereSet(query.trendId, "trend_id = @trendId", "trendId")
        .whereSet(query.platform, "platform = @platform", "platform")
        .whereSet(query.status, "status = @status", "status");
      const sql = filter.sql("SELECT * FROM content_drafts", "created_at, id", query.limit);
      return all<ContentDraftRow>(sql, filter.parameters).map(fromContentDraftRow);
    },

    putCalendarEntries(input) {
      const entries = parseInput(calendarEntrySchema.array(), input, "putCalendarEntries", "entries");
      atomically(() => {
        for (const entry of entries) upsert("calendar_entries", ["id"], toCalendarEntryRow(entry));
      });
    },
    listCalendarEntries(query: CalendarQuery = {}) {
      const filter = new Query()
        .whereSet(query.from && toIso(query.from), "scheduled_at >= @from", "from")
        .whereSet(query.to && toIso(query.to), "scheduled_at < @to", "to")
        .whereSet(query.platform, "platform = @platform", "platform")
        .whereSet(query.status, "status = @status", "status");
      const sql = filter.sql("SELECT * FROM calendar_entries", "scheduled_at, id", query.limit);
      return all<CalendarEntryRow>(sql, filter.parameters).map(fromCalendarEntryRow);
    },
    deleteCalendarEntries(ids) {
      return atomically(() => ids.reduce((deleted, id) => deleted + run("DELETE FROM calendar_entries WHERE id = @id", { id }).changes, 0));
    },

    appendUserEvents(input) {
      const events = parseInput(userEventSchema.array(), input, "appendUserEvents", "events");
      return atomically(() =>
        events.reduce((added, event) => added + insert("user_events", toUserEventRow(event), " ON CONFLICT (id) DO NOTHING").changes, 0),
      );
    },
    listUserEvents(query: UserEventQuery = {}) {
      const filter = new Query()
        .whereSet(query.userId, "user_id = @userId", "userId")
        .whereSet(query.type, "type = @type", "type")
        .whereSet(query.since && toIso(query.since), "at >= @since", "since")
        .whereSet(query.until && toIso(query.until), "at < @until", "until");
      return all<UserEventRow>(filter.sql("SELECT * FROM user_events", "at, id", query.limit), filter.parameters).map(fromUserEventRow);
    },
    putUserProfile(input) {
      const profile = parseInput(userProfileSchema, input, "putUserProfile", "profile");
      atomically(() => upsert("user_behavior_profiles", ["user_id"], toUserProfileRow(profile)));
    },
    getUserProfile(userId) {
      const row = get<UserProfileRow>("SELECT * FROM user_behavior_profiles WHERE user_id = @userId", { userId });
      return row && fromUserProfileRow(row);
    },

    putCompetitorSnapshots(input) {
      const snapshots = parseInput(competitorSnapshotSchema.array(), input, "putCompetitorSnapshots", "snapshots");
      atomically(() => {
        for (const snapshot of snapshots) upsert("competitive_intelligence", ["id"], toCompetitorSnapshotRow(snapshot));
      });
    },
    listCompetitorSnapshots(query: CompetitorQuery = {}) {
      const filter = new Query()
        .whereSet(query.competitorName, "competitor_name = @competitorName", "competitorName")
        .whereSet(query.platform, "platform = @platform", "platform")
        .whereSet(query.since && toIso(query.since), "analyzed_at >= @since", "since");
      const sql = filter.sql("SELECT * FROM competitive_intelligence", "analyzed_at DESC, id", query.limit);
      return all<CompetitorSnapshotRow>(sql, filter.parameters).map(fromCompetitorSnapshotRow);
    },
  };
}

/** Wraps synchronous operations into the async `Store` methods, each run by `runner`. */
function asyncOperations(operations: Operations, runner: Runner): Pick<Store, OperationName> {
  return Object.fromEntries(
    Object.entries(operations).map(([name, operation]) => [
      name,
      (...args: unknown[]) => runner(() => mapErrors(() => (operation as (...values: unknown[]) => unknown)(...args))),
    ]),
  ) as Pick<Store, OperationName>;
}

/**
 * A `Store` in a SQLite database file (better-sqlite3): WAL journaling, `synchronous=NORMAL`, foreign keys on,
 * schema migrations applied at open. Timestamps are stored as ISO 8601 text, JSON values as TEXT.
 *
 * Calls run one at a time in call order. `transaction` holds the database's write lock (`BEGIN IMMEDIATE`)
 * while its async work runs; the store's other callers wait for it. Throws `ConfigError` for bad options,
 * `UndercurrentError` `STORE_SCHEMA_TOO_NEW` for a database written by a newer version.
 *
 * @example
 * ```ts
 * const store = createSqliteStore({ path: ".undercurrent/undercurrent.db" });
 * await store.putItems([item]);
 * await store.close();
 * ```
 */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  const settings = parseOptions(sqliteStoreOptionsSchema, options, "createSqliteStore");
  const logger = settings.logger ?? silentLogger;
  const db = openDatabase(settings, logger);
  const operations = createOperations(db);
  const mutex = new Mutex();
  let closed = false;

  const assertOpen = () => {
    if (closed)
      throw new UndercurrentError({ code: sqliteStoreErrorCodes.STORE_CLOSED, message: `the sqlite store ${settings.path} is closed` });
  };
  // Every outer call waits its turn, so nobody reads a transaction's uncommitted writes through this connection.
  const locked: Runner = (task) =>
    mutex.run(() => {
      assertOpen();
      return task();
    });
  const outer = asyncOperations(operations, locked);

  return {
    specVersion: "v1",
    id: "sqlite",
    ...outer,
    transaction(work) {
      return mutex.run(async () => {
        assertOpen();
        mapErrors(() => db.exec("BEGIN IMMEDIATE"));
        let open = true;
        const aborted = () =>
          new UndercurrentError({
            code: sqliteStoreErrorCodes.STORE_TRANSACTION_ABORTED,
            message: "sqlite store: SQLite rolled the transaction back after an error; nothing of it was written",
          });
        // Inside the transaction the work's calls run at once; a call made after it ended queues like any other.
        // Once SQLite has rolled the transaction back itself, a write would be committed on its own: refuse it.
        const direct: Runner = async (task) => {
          if (!open) return locked(task);
          if (!db.inTransaction) throw aborted();
          return task();
        };
        const inner: Store = {
          specVersion: "v1",
          id: "sqlite",
          ...asyncOperations(operations, direct),
          transaction: (nested) => nested(inner),
          close: async () => {
            throw new UndercurrentError({
              code: sqliteStoreErrorCodes.STORE_IN_TRANSACTION,
              message: "close the store outside the transaction",
            });
          },
        };
        try {
          const result = await work(inner);
          if (!db.inTransaction) throw aborted();
          mapErrors(() => db.exec("COMMIT"));
          return result;
        } catch (error) {
          if (db.inTransaction) {
            try {
              db.exec("ROLLBACK");
            } catch (rollbackError) {
              // Keep the work's own error: it is the one the caller can act on.
              logger.error("sqlite store: rollback failed", { path: settings.path, error: String(rollbackError) });
            }
          }
          throw error;
        } finally {
          open = false;
        }
      });
    },
    close() {
      return mutex.run(() => {
        if (closed) return;
        closed = true;
        db.close();
      });
    },
  } satisfies Store;
}
