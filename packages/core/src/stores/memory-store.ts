import { z } from "zod";
import type { Cursor } from "../contracts/source.js";
import type {
  CalendarQuery,
  CompetitorQuery,
  ContentDraftQuery,
  ItemQuery,
  ObservationQuery,
  PredictionQuery,
  Store,
  TimeSeriesQuery,
  TrendQuery,
  TrendSnapshotQuery,
  UserEventQuery,
  VideoJobQuery,
} from "../contracts/store.js";
import { UndercurrentError, ValidationError } from "../errors.js";
import { Mutex } from "../runtime/mutex.js";
import { idSchema } from "../schemas/common.js";
import { calendarEntrySchema, contentDraftSchema, videoJobSchema } from "../schemas/content.js";
import { type Item, itemSchema, observationSchema, type SeriesPoint, timeSeriesSchema } from "../schemas/item.js";
import { predictionSchema } from "../schemas/prediction.js";
import { trendSchema, trendSnapshotSchema } from "../schemas/trend.js";
import { competitorSnapshotSchema, userEventSchema, userProfileSchema } from "../schemas/user.js";
import { parseInput } from "../validate.js";

const cursorSchema = z.json();

type Undo = () => void;

/** A map whose writes can be undone while a transaction journal is open. */
class Table<Value> {
  readonly rows = new Map<string, Value>();
  constructor(private readonly journal: { current: Undo[] | undefined }) {}

  get(key: string): Value | undefined {
    const value = this.rows.get(key);
    return value === undefined ? undefined : structuredClone(value);
  }

  has(key: string): boolean {
    return this.rows.has(key);
  }

  set(key: string, value: Value): void {
    this.remember(key);
    this.rows.set(key, structuredClone(value));
  }

  delete(key: string): boolean {
    if (!this.rows.has(key)) return false;
    this.remember(key);
    return this.rows.delete(key);
  }

  /** Copies of the rows that pass `keep`. */
  select(keep: (value: Value) => boolean): Value[] {
    const selected: Value[] = [];
    for (const value of this.rows.values()) if (keep(value)) selected.push(structuredClone(value));
    return selected;
  }

  private remember(key: string): void {
    const undo = this.journal.current;
    if (!undo) return;
    const had = this.rows.has(key);
    const previous = this.rows.get(key);
    undo.push(() => (had ? this.rows.set(key, previous as Value) : this.rows.delete(key)));
  }
}

const time = (date: Date) => date.getTime();
const inRange = (date: Date, since?: Date, until?: Date) => (!since || time(date) >= time(since)) && (!until || time(date) < time(until));
const limited = <T>(rows: T[], limit?: number) => (limit === undefined ? rows : rows.slice(0, limit));
const byTimeThenId =
  <T extends { id: string }>(timeOf: (row: T) => Date, direction = 1) =>
  (a: T, b: T) =>
    direction * (time(timeOf(a)) - time(timeOf(b))) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function mergePoints(existing: readonly SeriesPoint[], incoming: readonly SeriesPoint[]): SeriesPoint[] {
  const byTime = new Map<number, SeriesPoint>();
  for (const point of existing) byTime.set(time(point.at), point);
  for (const point of incoming) byTime.set(time(point.at), point);
  return [...byTime.values()].sort((a, b) => time(a.at) - time(b.at));
}

const sameItem = (a: Item, b: Item) => JSON.stringify({ ...a, fetchedAt: 0 }) === JSON.stringify({ ...b, fetchedAt: 0 });

/**
 * A `Store` held in memory: fast, dependency-free, lost on exit. Good for tests, scripts and replay.
 * Writes of several records are atomic, and `transaction` undoes every write of a failed unit of work.
 */
export function createMemoryStore(): Store {
  const journal: { current: Undo[] | undefined } = { current: undefined };
  const table = <Value>() => new Table<Value>(journal);
  const tables = {
    items: table<Item>(),
    observations: table<z.output<typeof observationSchema>>(),
    series: table<z.output<typeof timeSeriesSchema>>(),
    cursors: table<Cursor>(),
    trends: table<z.output<typeof trendSchema>>(),
    snapshots: table<z.output<typeof trendSnapshotSchema>>(),
    predictions: table<z.output<typeof predictionSchema>>(),
    videoJobs: table<z.output<typeof videoJobSchema>>(),
    drafts: table<z.output<typeof contentDraftSchema>>(),
    calendar: table<z.output<typeof calendarEntrySchema>>(),
    userEvents: table<z.output<typeof userEventSchema>>(),
    profiles: table<z.output<typeof userProfileSchema>>(),
    competitors: table<z.output<typeof competitorSnapshotSchema>>(),
  };
  const mutex = new Mutex();
  let closed = false;

  /** Runs `write` atomically: on a throw, every table write it made is undone. Inside a transaction its undo steps join the transaction's. */
  function atomically<T>(write: () => T): T {
    const outer = journal.current;
    const undo: Undo[] = [];
    journal.current = undo;
    try {
      const result = write();
      outer?.push(...undo);
      return result;
    } catch (error) {
      rollback(undo);
      throw error;
    } finally {
      journal.current = outer;
    }
  }

  function rollback(undo: Undo[]): void {
    for (let index = undo.length - 1; index >= 0; index--) undo[index]!();
  }

  const operations: Omit<Store, "transaction" | "close" | "specVersion" | "id"> = {
    async putItems(input) {
      const items = parseInput(itemSchema.array(), input, "putItems", "items");
      return atomically(() => {
        const insertedIds: string[] = [];
        let updated = 0;
        for (const item of items) {
          const known = tables.items.rows.get(item.id);
          if (!known) {
            insertedIds.push(item.id);
            tables.items.set(item.id, item);
          } else if (!sameItem(known, item)) {
            updated++;
            tables.items.set(item.id, { ...item, fetchedAt: known.fetchedAt });
          }
        }
        return { inserted: insertedIds.length, updated, insertedIds };
      });
    },
    async getItem(id) {
      return tables.items.get(id);
    },
    async listItems(query: ItemQuery = {}) {
      const rows = tables.items.select(
        (item) => (!query.source || item.source === query.source) && inRange(item.publishedAt, query.since, query.until),
      );
      return limited(rows.sort(byTimeThenId((item) => item.publishedAt)), query.limit);
    },
    async countItems(query = {}) {
      if (!query.source) return tables.items.rows.size;
      let count = 0;
      for (const item of tables.items.rows.values()) if (item.source === query.source) count++;
      return count;
    },

    async putObservations(input) {
      const observations = parseInput(observationSchema.array(), input, "putObservations", "observations");
      return atomically(() => {
        for (const observation of observations) {
          tables.observations.set(`${observation.itemId}\u0000${time(observation.observedAt)}`, observation);
        }
        return observations.length;
      });
    },
    async listObservations(query: ObservationQuery = {}) {
      const rows = tables.observations.select(
        (observation) =>
          (!query.itemId || observation.itemId === query.itemId) &&
          (!query.source || observation.source === query.source) &&
          inRange(observation.observedAt, query.since, query.until),
      );
      rows.sort((a, b) => time(a.observedAt) - time(b.observedAt) || (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
      return limited(rows, query.limit);
    },

    async putTimeSeries(input) {
      const series = parseInput(timeSeriesSchema.array(), input, "putTimeSeries", "series");
      atomically(() => {
        for (const entry of series) {
          const known = tables.series.rows.get(entry.id);
          tables.series.set(entry.id, { ...entry, points: mergePoints(known?.points ?? [], entry.points) });
        }
      });
    },
    async getTimeSeries(id) {
      return tables.series.get(id);
    },
    async listTimeSeries(query: TimeSeriesQuery = {}) {
      return tables.series
        .select(
          (entry) =>
            (!query.source || entry.source === query.source) &&
            (!query.metric || entry.metric === query.metric) &&
            (!query.key || entry.key === query.key),
        )
        .sort((a, b) => (a.id < b.id ? -1 : 1));
    },

    async getCursor(sourceId) {
      return tables.cursors.get(sourceId);
    },
    async setCursor(sourceId, cursor) {
      const id = parseInput(idSchema, sourceId, "setCursor", "sourceId");
      const valid = parseInput(cursorSchema, cursor, "setCursor", "cursor");
      atomically(() => tables.cursors.set(id, valid));
    },

    async putTrend(input) {
      const trend = parseInput(trendSchema, input, "putTrend", "trend");
      atomically(() => tables.trends.set(trend.id, trend));
    },
    async getTrend(id) {
      return tables.trends.get(id);
    },
    async listTrends(query: TrendQuery = {}) {
      const rows = tables.trends.select(
        (trend) =>
          (!query.since || time(trend.updatedAt) >= time(query.since)) &&
          (!query.status || query.status.includes(trend.status)) &&
          (query.minConfidence === undefined || trend.confidence >= query.minConfidence) &&
          (!query.sources || trend.sources.some((source) => query.sources!.includes(source))),
      );
      rows.sort((a, b) => b.confidence - a.confidence || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return limited(rows, query.limit);
    },
    async putTrendSnapshots(input) {
      const snapshots = parseInput(trendSnapshotSchema.array(), input, "putTrendSnapshots", "snapshots");
      atomically(() => {
        for (const snapshot of snapshots) tables.snapshots.set(`${snapshot.trendId}\u0000${time(snapshot.at)}`, snapshot);
      });
    },
    async listTrendSnapshots(trendId, query: TrendSnapshotQuery = {}) {
      const rows = tables.snapshots.select((snapshot) => snapshot.trendId === trendId && inRange(snapshot.at, query.since, query.until));
      return limited(
        rows.sort((a, b) => time(a.at) - time(b.at)),
        query.limit,
      );
    },

    async putPredictions(input) {
      const predictions = parseInput(predictionSchema.array(), input, "putPredictions", "predictions");
      atomically(() => {
        for (const prediction of predictions) tables.predictions.set(prediction.id, prediction);
      });
    },
    async listPredictions(query: PredictionQuery = {}) {
      const rows = tables.predictions.select(
        (prediction) =>
          (!query.trendId || prediction.trendId === query.trendId) &&
          (!query.subjectId || prediction.subjectId === query.subjectId) &&
          (!query.type || prediction.type === query.type),
      );
      return limited(rows.sort(byTimeThenId((prediction) => prediction.predictedAt, -1)), query.limit);
    },

    async putVideoJob(input) {
      const job = parseInput(videoJobSchema, input, "putVideoJob", "job");
      atomically(() => {
        for (const other of tables.videoJobs.rows.values()) {
          if (other.idempotencyKey === job.idempotencyKey && other.id !== job.id) {
            throw new ValidationError({
              context: "putVideoJob",
              code: "DUPLICATE_IDEMPOTENCY_KEY",
              issues: [{ path: "job.idempotencyKey", message: `already used by job ${other.id}` }],
            });
          }
        }
        tables.videoJobs.set(job.id, job);
      });
    },
    async getVideoJob(id) {
      return tables.videoJobs.get(id);
    },
    async listVideoJobs(query: VideoJobQuery = {}) {
      const rows = tables.videoJobs.select(
        (job) =>
          (!query.batchId || job.batchId === query.batchId) &&
          (!query.status || query.status.includes(job.status)) &&
          (!query.idempotencyKey || job.idempotencyKey === query.idempotencyKey),
      );
      return limited(rows.sort(byTimeThenId((job) => job.createdAt)), query.limit);
    },

    async putContentDrafts(input) {
      const drafts = parseInput(contentDraftSchema.array(), input, "putContentDrafts", "drafts");
      atomically(() => {
        for (const draft of drafts) tables.drafts.set(draft.id, draft);
      });
    },
    async getContentDraft(id) {
      return tables.drafts.get(id);
    },
    async listContentDrafts(query: ContentDraftQuery = {}) {
      const rows = tables.drafts.select(
        (draft) =>
          (!query.trendId || draft.trendId === query.trendId) &&
          (!query.platform || draft.platform === query.platform) &&
          (!query.status || draft.status === query.status),
      );
      return limited(rows.sort(byTimeThenId((draft) => draft.createdAt)), query.limit);
    },

    async putCalendarEntries(input) {
      const entries = parseInput(calendarEntrySchema.array(), input, "putCalendarEntries", "entries");
      atomically(() => {
        for (const entry of entries) tables.calendar.set(entry.id, entry);
      });
    },
    async listCalendarEntries(query: CalendarQuery = {}) {
      const rows = tables.calendar.select(
        (entry) =>
          inRange(entry.scheduledAt, query.from, query.to) &&
          (!query.platform || entry.platform === query.platform) &&
          (!query.status || entry.status === query.status),
      );
      return limited(rows.sort(byTimeThenId((entry) => entry.scheduledAt)), query.limit);
    },
    async deleteCalendarEntries(ids) {
      return atomically(() => ids.filter((id) => tables.calendar.delete(id)).length);
    },

    async appendUserEvents(input) {
      const events = parseInput(userEventSchema.array(), input, "appendUserEvents", "events");
      return atomically(() => {
        let added = 0;
        for (const event of events) {
          if (tables.userEvents.has(event.id)) continue;
          tables.userEvents.set(event.id, event);
          added++;
        }
        return added;
      });
    },
    async listUserEvents(query: UserEventQuery = {}) {
      const rows = tables.userEvents.select(
        (event) =>
          (!query.userId || event.userId === query.userId) &&
          (!query.type || event.type === query.type) &&
          inRange(event.at, query.since, query.until),
      );
      return limited(rows.sort(byTimeThenId((event) => event.at)), query.limit);
    },
    async putUserProfile(input) {
      const profile = parseInput(userProfileSchema, input, "putUserProfile", "profile");
      atomically(() => tables.profiles.set(profile.userId, profile));
    },
    async getUserProfile(userId) {
      return tables.profiles.get(userId);
    },

    async putCompetitorSnapshots(input) {
      const snapshots = parseInput(competitorSnapshotSchema.array(), input, "putCompetitorSnapshots", "snapshots");
      atomically(() => {
        for (const snapshot of snapshots) tables.competitors.set(snapshot.id, snapshot);
      });
    },
    async listCompetitorSnapshots(query: CompetitorQuery = {}) {
      const rows = tables.competitors.select(
        (snapshot) =>
          (!query.competitorName || snapshot.competitorName === query.competitorName) &&
          (!query.platform || snapshot.platform === query.platform) &&
          (!query.since || time(snapshot.analyzedAt) >= time(query.since)),
      );
      return limited(rows.sort(byTimeThenId((snapshot) => snapshot.analyzedAt, -1)), query.limit);
    },
  };

  const assertOpen = () => {
    if (closed) throw new UndercurrentError({ code: "STORE_CLOSED", message: "the memory store is closed" });
  };

  // Outside a transaction every call waits its turn, so nobody sees a transaction's uncommitted writes.
  const exclusive = Object.fromEntries(
    Object.entries(operations).map(([name, operation]) => [
      name,
      (...args: unknown[]) =>
        mutex.run(() => {
          assertOpen();
          return (operation as (...values: unknown[]) => Promise<unknown>)(...args);
        }),
    ]),
  ) as typeof operations;

  return {
    specVersion: "v1",
    id: "memory",
    ...exclusive,
    transaction(work) {
      return mutex.run(async () => {
        assertOpen();
        const undo: Undo[] = [];
        journal.current = undo;
        const inner: Store = {
          specVersion: "v1",
          id: "memory",
          ...operations,
          transaction: (nested) => nested(inner),
          close: async () => {
            throw new UndercurrentError({ code: "STORE_IN_TRANSACTION", message: "close the store outside the transaction" });
          },
        };
        try {
          const result = await work(inner);
          return result;
        } catch (error) {
          rollback(undo);
          throw error;
        } finally {
          journal.current = undefined;
        }
      });
    },
    async close() {
      closed = true;
    },
  } satisfies Store;
}
