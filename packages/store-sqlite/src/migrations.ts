import { type Logger, UndercurrentError } from "@undercurrent/core";
import type Database from "better-sqlite3";
import { sqliteStoreErrorCodes } from "./sqlite-store-errors.js";

/** One step of the database schema. Applied once, in order, and recorded in `schema_migrations`. */
export interface SqliteMigration {
  /** Sortable, never reused: `0001-initial`. */
  readonly id: string;
  /** What the step does, for people reading `schema_migrations`. */
  readonly description: string;
  /** The statements, run in the migration transaction. */
  readonly sql: string;
}

/** A migration recorded in a database's `schema_migrations` table. */
export interface AppliedMigration {
  id: string;
  /** ISO 8601 time it was applied. */
  appliedAt: string;
}

// Timestamps are ISO 8601 strings from `Date#toISOString` (UTC, fixed width), so they sort as text and
// range filters use the indexes. JSON columns hold arrays and objects as TEXT. Tables are STRICT.
const initial = `
CREATE TABLE items (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  external_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  text TEXT NOT NULL,
  url TEXT,
  author TEXT,
  tags TEXT NOT NULL,
  language TEXT,
  published_at TEXT NOT NULL,
  fetched_at TEXT NOT NULL,
  metadata TEXT NOT NULL
) STRICT;
CREATE INDEX items_source_published_at ON items (source, published_at, id);
CREATE INDEX items_published_at ON items (published_at, id);

CREATE TABLE observations (
  item_id TEXT NOT NULL,
  source TEXT NOT NULL,
  observed_at TEXT NOT NULL,
  metrics TEXT NOT NULL,
  PRIMARY KEY (item_id, observed_at)
) STRICT, WITHOUT ROWID;
CREATE INDEX observations_source_observed_at ON observations (source, observed_at);
CREATE INDEX observations_observed_at ON observations (observed_at, item_id);

CREATE TABLE time_series (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  metric TEXT NOT NULL,
  key TEXT NOT NULL,
  interval TEXT NOT NULL,
  metadata TEXT NOT NULL
) STRICT;
CREATE INDEX time_series_source_metric_key ON time_series (source, metric, key);

CREATE TABLE time_series_points (
  series_id TEXT NOT NULL REFERENCES time_series (id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (series_id, at)
) STRICT, WITHOUT ROWID;

CREATE TABLE source_cursors (
  source_id TEXT PRIMARY KEY,
  cursor TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE cross_source_trends (
  id TEXT PRIMARY KEY,
  trend_name TEXT NOT NULL,
  keywords TEXT NOT NULL,
  source_platforms TEXT NOT NULL,
  confidence_score REAL NOT NULL,
  velocity_score REAL NOT NULL,
  first_detected TEXT NOT NULL,
  peak_predicted TEXT,
  related_trends TEXT NOT NULL,
  sentiment_score REAL NOT NULL,
  created_at TEXT NOT NULL,
  status TEXT NOT NULL,
  acceleration REAL NOT NULL,
  updated_at TEXT NOT NULL,
  metadata TEXT NOT NULL
) STRICT;
CREATE INDEX cross_source_trends_updated_at ON cross_source_trends (updated_at);
CREATE INDEX cross_source_trends_confidence ON cross_source_trends (confidence_score DESC, id);

CREATE TABLE trend_evidence (
  trend_id TEXT NOT NULL REFERENCES cross_source_trends (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  source TEXT NOT NULL,
  item_ids TEXT NOT NULL,
  first_seen_at TEXT NOT NULL,
  mentions INTEGER NOT NULL,
  normalized_engagement REAL NOT NULL,
  lead_hours REAL NOT NULL,
  source_status TEXT NOT NULL,
  PRIMARY KEY (trend_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE trend_snapshots (
  trend_id TEXT NOT NULL,
  at TEXT NOT NULL,
  status TEXT NOT NULL,
  confidence REAL NOT NULL,
  velocity REAL NOT NULL,
  acceleration REAL NOT NULL,
  mentions INTEGER NOT NULL,
  engagement REAL NOT NULL,
  mentions_by_source TEXT NOT NULL,
  PRIMARY KEY (trend_id, at)
) STRICT, WITHOUT ROWID;

CREATE TABLE trend_predictions (
  id TEXT PRIMARY KEY,
  trend_id TEXT,
  prediction_type TEXT NOT NULL,
  predicted_value REAL NOT NULL,
  confidence_interval REAL NOT NULL,
  prediction_date TEXT NOT NULL,
  actual_value REAL,
  accuracy_score REAL,
  subject_id TEXT,
  intervals TEXT NOT NULL,
  target_at TEXT,
  model TEXT NOT NULL,
  metadata TEXT NOT NULL
) STRICT;
CREATE INDEX trend_predictions_trend_id ON trend_predictions (trend_id, prediction_date);
CREATE INDEX trend_predictions_subject_id ON trend_predictions (subject_id, prediction_date);
CREATE INDEX trend_predictions_prediction_date ON trend_predictions (prediction_date);

CREATE TABLE video_jobs (
  id TEXT PRIMARY KEY,
  provider TEXT NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL,
  provider_job_id TEXT,
  batch_id TEXT,
  draft_id TEXT,
  request TEXT NOT NULL,
  result TEXT,
  error TEXT,
  attempts INTEGER NOT NULL,
  estimated_cost REAL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX video_jobs_batch_id ON video_jobs (batch_id, created_at);
CREATE INDEX video_jobs_status ON video_jobs (status, created_at);

CREATE TABLE content_drafts (
  id TEXT PRIMARY KEY,
  trend_id TEXT,
  platform TEXT NOT NULL,
  format TEXT NOT NULL,
  title TEXT,
  text TEXT NOT NULL,
  parts TEXT NOT NULL,
  hashtags TEXT NOT NULL,
  source_urls TEXT NOT NULL,
  language TEXT NOT NULL,
  status TEXT NOT NULL,
  variant_of TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  metadata TEXT NOT NULL
) STRICT;
CREATE INDEX content_drafts_trend_id ON content_drafts (trend_id, created_at);
CREATE INDEX content_drafts_created_at ON content_drafts (created_at, id);

CREATE TABLE calendar_entries (
  id TEXT PRIMARY KEY,
  platform TEXT NOT NULL,
  scheduled_at TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  title TEXT NOT NULL,
  draft_id TEXT,
  trend_id TEXT,
  status TEXT NOT NULL,
  reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  metadata TEXT NOT NULL
) STRICT;
CREATE INDEX calendar_entries_scheduled_at ON calendar_entries (scheduled_at, id);

CREATE TABLE user_events (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  type TEXT NOT NULL,
  at TEXT NOT NULL,
  trend_id TEXT,
  item_id TEXT,
  draft_id TEXT,
  platform TEXT,
  value REAL,
  metadata TEXT NOT NULL
) STRICT;
CREATE INDEX user_events_user_id_at ON user_events (user_id, at, id);
CREATE INDEX user_events_at ON user_events (at, id);

CREATE TABLE user_behavior_profiles (
  user_id TEXT PRIMARY KEY,
  content_preferences TEXT NOT NULL,
  optimal_posting_times TEXT NOT NULL,
  engagement_patterns TEXT NOT NULL,
  writing_style_profile TEXT NOT NULL,
  topic_interests TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE competitive_intelligence (
  id TEXT PRIMARY KEY,
  competitor_name TEXT NOT NULL,
  platform TEXT NOT NULL,
  content_strategy TEXT NOT NULL,
  posting_frequency TEXT NOT NULL,
  engagement_metrics TEXT NOT NULL,
  trending_topics TEXT NOT NULL,
  analyzed_at TEXT NOT NULL
) STRICT;
CREATE INDEX competitive_intelligence_competitor_analyzed_at ON competitive_intelligence (competitor_name, analyzed_at);
CREATE INDEX competitive_intelligence_analyzed_at ON competitive_intelligence (analyzed_at);
`;

/**
 * The schema of the SQLite store, oldest first. A store applies the ones a database lacks when it opens;
 * a released migration is never edited, a change is a new entry at the end.
 */
export const sqliteMigrations: readonly SqliteMigration[] = [
  {
    id: "0001-initial",
    description: "items, observations, series, cursors, trends, predictions, jobs, drafts, calendar, users, competitors",
    sql: initial,
  },
];

const createMigrationsTable = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  id TEXT PRIMARY KEY,
  applied_at TEXT NOT NULL
) STRICT;
`;

function hasMigrationsTable(db: Database.Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined;
}

/** The migrations recorded in `db`, oldest first. Empty for a database the store never opened. */
export function readAppliedMigrations(db: Database.Database): AppliedMigration[] {
  if (!hasMigrationsTable(db)) return [];
  const rows = db.prepare("SELECT id, applied_at FROM schema_migrations ORDER BY id").all() as { id: string; applied_at: string }[];
  return rows.map((row) => ({ id: row.id, appliedAt: row.applied_at }));
}

/** Ids in `applied` this code does not know: written by a newer version. */
function unknownMigrations(applied: readonly AppliedMigration[], known: readonly SqliteMigration[]): string[] {
  const knownIds = new Set(known.map((migration) => migration.id));
  return applied.map((migration) => migration.id).filter((id) => !knownIds.has(id));
}

function tooNewError(path: string, unknown: readonly string[]): UndercurrentError {
  return new UndercurrentError({
    code: sqliteStoreErrorCodes.STORE_SCHEMA_TOO_NEW,
    message: `${path} has schema migrations this version of @undercurrent/store-sqlite does not know (${unknown.join(", ")}); upgrade the package`,
  });
}

/**
 * Brings `db` up to date: in one immediate transaction, applies every migration of `migrations` it lacks and
 * records it. Returns the ids applied. A database with a migration the code does not know is rejected with
 * `STORE_SCHEMA_TOO_NEW`; a read-only one that lacks migrations with `STORE_SCHEMA_OUTDATED`.
 */
export function migrate(
  db: Database.Database,
  options: { path: string; readonly: boolean; logger: Logger; migrations?: readonly SqliteMigration[] },
): string[] {
  const migrations = options.migrations ?? sqliteMigrations;
  if (options.readonly) {
    const applied = readAppliedMigrations(db);
    const unknown = unknownMigrations(applied, migrations);
    if (unknown.length > 0) throw tooNewError(options.path, unknown);
    const appliedIds = new Set(applied.map((migration) => migration.id));
    const missing = migrations.filter((migration) => !appliedIds.has(migration.id)).map((migration) => migration.id);
    if (missing.length > 0) {
      throw new UndercurrentError({
        code: sqliteStoreErrorCodes.STORE_SCHEMA_OUTDATED,
        message: `${options.path} lacks schema migrations (${missing.join(", ")}); open it once without readonly to migrate`,
      });
    }
    return [];
  }
  const apply = db.transaction(() => {
    db.exec(createMigrationsTable);
    const applied = readAppliedMigrations(db);
    const unknown = unknownMigrations(applied, migrations);
    if (unknown.length > 0) throw tooNewError(options.path, unknown);
    const appliedIds = new Set(applied.map((migration) => migration.id));
    const record = db.prepare("INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)");
    const pending = migrations.filter((migration) => !appliedIds.has(migration.id));
    for (const migration of pending) {
      db.exec(migration.sql);
      record.run(migration.id, new Date().toISOString());
    }
    return pending.map((migration) => migration.id);
  });
  // IMMEDIATE: two processes opening a new file at once must not both apply the same migration.
  const applied = apply.immediate();
  if (applied.length > 0) options.logger.info("sqlite store migrated", { path: options.path, applied });
  return applied;
}
