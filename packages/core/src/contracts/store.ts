import type { Platform } from "../schemas/common.js";
import type { CalendarEntry, CalendarEntryInput, ContentDraft, ContentDraftInput, VideoJob, VideoJobInput } from "../schemas/content.js";
import type { Item, ItemInput, Observation, ObservationInput, TimeSeries, TimeSeriesInput } from "../schemas/item.js";
import type { Prediction, PredictionInput, PredictionType } from "../schemas/prediction.js";
import type { Trend, TrendInput, TrendSnapshot, TrendSnapshotInput, TrendStatus } from "../schemas/trend.js";
import type {
  CompetitorSnapshot,
  CompetitorSnapshotInput,
  UserEvent,
  UserEventInput,
  UserProfile,
  UserProfileInput,
} from "../schemas/user.js";
import type { Cursor } from "./source.js";

/** Filters for {@link Store.listItems}. Results are ordered by `publishedAt`, oldest first, then id. */
export interface ItemQuery {
  source?: string;
  /** Published at or after. */
  since?: Date;
  /** Published before. */
  until?: Date;
  limit?: number;
}

/** Filters for {@link Store.listObservations}. Results are ordered by `observedAt`, oldest first. */
export interface ObservationQuery {
  itemId?: string;
  source?: string;
  since?: Date;
  until?: Date;
  limit?: number;
}

/** Filters for {@link Store.listTimeSeries}. */
export interface TimeSeriesQuery {
  source?: string;
  metric?: string;
  key?: string;
}

/** Filters for {@link Store.listTrends}. Results are ordered by confidence, highest first, then id. */
export interface TrendQuery {
  /** Updated at or after. */
  since?: Date;
  /** Any of these statuses. */
  status?: readonly TrendStatus[];
  minConfidence?: number;
  /** Seen on at least one of these sources. */
  sources?: readonly string[];
  limit?: number;
}

/** Filters for {@link Store.listTrendSnapshots}. Ordered by time, oldest first. */
export interface TrendSnapshotQuery {
  since?: Date;
  until?: Date;
  limit?: number;
}

/** Filters for {@link Store.listPredictions}. Ordered by `predictedAt`, newest first. */
export interface PredictionQuery {
  trendId?: string;
  subjectId?: string;
  type?: PredictionType;
  limit?: number;
}

/** Filters for {@link Store.listVideoJobs}. Ordered by `createdAt`, oldest first, then id. */
export interface VideoJobQuery {
  batchId?: string;
  status?: readonly VideoJob["status"][];
  idempotencyKey?: string;
  limit?: number;
}

/** Filters for {@link Store.listContentDrafts}. Ordered by `createdAt`, oldest first, then id. */
export interface ContentDraftQuery {
  trendId?: string;
  platform?: Platform;
  status?: ContentDraft["status"];
  limit?: number;
}

/** Filters for {@link Store.listCalendarEntries}. Ordered by `scheduledAt`, then id. */
export interface CalendarQuery {
  /** Scheduled at or after. */
  from?: Date;
  /** Scheduled before. */
  to?: Date;
  platform?: Platform;
  status?: CalendarEntry["status"];
  limit?: number;
}

/** Filters for {@link Store.listUserEvents}. Ordered by `at`, oldest first, then id. */
export interface UserEventQuery {
  userId?: string;
  type?: UserEvent["type"];
  since?: Date;
  until?: Date;
  limit?: number;
}

/** Filters for {@link Store.listCompetitorSnapshots}. Ordered by `analyzedAt`, newest first. */
export interface CompetitorQuery {
  competitorName?: string;
  platform?: Platform;
  since?: Date;
  limit?: number;
}

/** Counts returned by {@link Store.putItems}. */
export interface PutItemsResult {
  /** Ids not seen before. */
  inserted: number;
  /** Ids already stored whose fields changed. */
  updated: number;
  /** Ids of the newly inserted items, in input order. */
  insertedIds: string[];
}

/**
 * Persistence for everything Undercurrent learns: items, observations, series, cursors, trends and their
 * snapshots, predictions, video jobs, drafts, calendar entries, user events and profiles, competitors.
 *
 * Writes accept the schemas' input types (ISO strings for dates, defaulted fields left out) and validate them
 * with the core schema (a bad field is a `ValidationError` naming it); reads return the parsed types.
 * Writes of several records are atomic: all or none. Every implementation runs `describeStore` from
 * `@undercurrent/core/testing`.
 */
export interface Store {
  /** Contract version this object implements. */
  readonly specVersion: "v1";
  /** Implementation id, e.g. `memory`, `sqlite`. */
  readonly id: string;

  /** Inserts new items and updates known ones (same `id`). `fetchedAt` of a known item is kept. */
  putItems(items: readonly ItemInput[]): Promise<PutItemsResult>;
  /** The item with this id, if stored. */
  getItem(id: string): Promise<Item | undefined>;
  /** Items matching `query`. */
  listItems(query?: ItemQuery): Promise<Item[]>;
  /** Number of items stored, optionally for one source. */
  countItems(query?: { source?: string }): Promise<number>;

  /** Appends observations. The same `(itemId, observedAt)` twice keeps the later write. Returns how many were written. */
  putObservations(observations: readonly ObservationInput[]): Promise<number>;
  /** Observations matching `query`. */
  listObservations(query?: ObservationQuery): Promise<Observation[]>;

  /** Stores series; points of a known series are merged by time (a point at the same time is replaced). */
  putTimeSeries(series: readonly TimeSeriesInput[]): Promise<void>;
  /** The series with this id, if stored. */
  getTimeSeries(id: string): Promise<TimeSeries | undefined>;
  /** Series matching `query`, ordered by id. */
  listTimeSeries(query?: TimeSeriesQuery): Promise<TimeSeries[]>;

  /** A source's resume cursor. */
  getCursor(sourceId: string): Promise<Cursor | undefined>;
  /** Replaces a source's resume cursor. */
  setCursor(sourceId: string, cursor: Cursor): Promise<void>;

  /** Inserts or replaces a trend with its evidence. */
  putTrend(trend: TrendInput): Promise<void>;
  /** The trend with this id, if stored. */
  getTrend(id: string): Promise<Trend | undefined>;
  /** Trends matching `query`. */
  listTrends(query?: TrendQuery): Promise<Trend[]>;
  /** Appends snapshots; the same `(trendId, at)` twice keeps the later write. */
  putTrendSnapshots(snapshots: readonly TrendSnapshotInput[]): Promise<void>;
  /** A trend's snapshots. */
  listTrendSnapshots(trendId: string, query?: TrendSnapshotQuery): Promise<TrendSnapshot[]>;

  /** Inserts or replaces predictions (by id). */
  putPredictions(predictions: readonly PredictionInput[]): Promise<void>;
  /** Predictions matching `query`. */
  listPredictions(query?: PredictionQuery): Promise<Prediction[]>;

  /** Inserts or replaces a job in the ledger (by id). Idempotency keys are unique across jobs. */
  putVideoJob(job: VideoJobInput): Promise<void>;
  /** The job with this id, if stored. */
  getVideoJob(id: string): Promise<VideoJob | undefined>;
  /** Jobs matching `query`. */
  listVideoJobs(query?: VideoJobQuery): Promise<VideoJob[]>;

  /** Inserts or replaces drafts (by id). */
  putContentDrafts(drafts: readonly ContentDraftInput[]): Promise<void>;
  /** The draft with this id, if stored. */
  getContentDraft(id: string): Promise<ContentDraft | undefined>;
  /** Drafts matching `query`. */
  listContentDrafts(query?: ContentDraftQuery): Promise<ContentDraft[]>;

  /** Inserts or replaces calendar entries (by id). */
  putCalendarEntries(entries: readonly CalendarEntryInput[]): Promise<void>;
  /** Entries matching `query`. */
  listCalendarEntries(query?: CalendarQuery): Promise<CalendarEntry[]>;
  /** Deletes entries by id; returns how many were deleted. */
  deleteCalendarEntries(ids: readonly string[]): Promise<number>;

  /** Appends user events; an id already stored is skipped. Returns how many were new. */
  appendUserEvents(events: readonly UserEventInput[]): Promise<number>;
  /** Events matching `query`. */
  listUserEvents(query?: UserEventQuery): Promise<UserEvent[]>;
  /** Inserts or replaces a user's profile. */
  putUserProfile(profile: UserProfileInput): Promise<void>;
  /** A user's profile, if stored. */
  getUserProfile(userId: string): Promise<UserProfile | undefined>;

  /** Inserts or replaces competitor snapshots (by id). */
  putCompetitorSnapshots(snapshots: readonly CompetitorSnapshotInput[]): Promise<void>;
  /** Snapshots matching `query`. */
  listCompetitorSnapshots(query?: CompetitorQuery): Promise<CompetitorSnapshot[]>;

  /**
   * Runs `work` atomically: every write made through the `store` it receives is kept if `work` resolves
   * and undone if it throws. Other callers' writes wait until the transaction ends. Do not call the outer
   * store inside `work` (it would wait for the transaction, which waits for it).
   */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;

  /** Releases resources (file handles). Calls after `close` throw. */
  close(): Promise<void>;
}
