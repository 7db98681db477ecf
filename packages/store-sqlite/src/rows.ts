import {
  type CalendarEntry,
  type CompetitorSnapshot,
  type ContentDraft,
  calendarEntrySchema,
  competitorSnapshotSchema,
  contentDraftSchema,
  type Item,
  itemSchema,
  type Observation,
  observationSchema,
  type Prediction,
  predictionSchema,
  ResponseValidationError,
  type SeriesPoint,
  type TimeSeries,
  type Trend,
  type TrendEvidence,
  type TrendSnapshot,
  timeSeriesSchema,
  toValidationIssues,
  trendSchema,
  trendSnapshotSchema,
  type UserEvent,
  type UserProfile,
  userEventSchema,
  userProfileSchema,
  type VideoJob,
  videoJobSchema,
} from "@undercurrent/core";
import type { z } from "zod";
import { sqliteStoreErrorCodes } from "./sqlite-store-errors.js";

// Row shapes (snake_case, as stored) and the pure functions between them and the core shapes.
// Dates are ISO 8601 text, JSON values TEXT, absent optional fields NULL.

/** An instant as stored: `Date#toISOString` (UTC, fixed width, sorts as text). */
export const toIso = (date: Date): string => new Date(date).toISOString();
const fromIso = (text: string): Date => new Date(text);
const toJson = (value: unknown): string => JSON.stringify(value);
const fromJson = (text: string): unknown => JSON.parse(text) as unknown;
const nullable = <T>(value: T | undefined): T | null => value ?? null;
const optionalIso = (date: Date | undefined): string | null => (date === undefined ? null : toIso(date));
const optionalJson = (value: unknown): string | null => (value === undefined ? null : toJson(value));

/** Drops keys whose column was NULL, so optional fields come back absent rather than `undefined`. */
function present(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null && value !== undefined));
}

/**
 * Parses a shape read from the database with its core schema, so callers get `Date`s and defaults.
 * A row that does not parse (written by hand, or by a buggy version) is a `ResponseValidationError`
 * with code `STORE_ROW_INVALID`, naming the table.
 */
export function parseRow<Schema extends z.ZodType>(schema: Schema, fields: Record<string, unknown>, table: string): z.output<Schema> {
  const result = schema.safeParse(present(fields));
  if (result.success) return result.data;
  throw new ResponseValidationError({
    code: sqliteStoreErrorCodes.STORE_ROW_INVALID,
    url: `sqlite:${table}`,
    issues: toValidationIssues(result.error.issues, table),
  });
}

export interface ItemRow {
  id: string;
  source: string;
  external_id: string;
  kind: string;
  title: string;
  text: string;
  url: string | null;
  author: string | null;
  tags: string;
  language: string | null;
  published_at: string;
  fetched_at: string;
  metadata: string;
}

export function toItemRow(item: Item): ItemRow {
  return {
    id: item.id,
    source: item.source,
    external_id: item.externalId,
    kind: item.kind,
    title: item.title,
    text: item.text,
    url: nullable(item.url),
    author: optionalJson(item.author),
    tags: toJson(item.tags),
    language: nullable(item.language),
    published_at: toIso(item.publishedAt),
    fetched_at: toIso(item.fetchedAt),
    metadata: toJson(item.metadata),
  };
}

export function fromItemRow(row: ItemRow): Item {
  return parseRow(
    itemSchema,
    {
      id: row.id,
      source: row.source,
      externalId: row.external_id,
      kind: row.kind,
      title: row.title,
      text: row.text,
      url: row.url,
      author: row.author === null ? null : fromJson(row.author),
      tags: fromJson(row.tags),
      language: row.language,
      publishedAt: fromIso(row.published_at),
      fetchedAt: fromIso(row.fetched_at),
      metadata: fromJson(row.metadata),
    },
    "items",
  );
}

/** Whether two item rows hold the same item, ignoring when it was fetched. */
export function sameItemRow(a: ItemRow, b: ItemRow): boolean {
  const keys = Object.keys(a) as (keyof ItemRow)[];
  return keys.every((key) => key === "fetched_at" || a[key] === b[key]);
}

export interface ObservationRow {
  item_id: string;
  source: string;
  observed_at: string;
  metrics: string;
}

export function toObservationRow(observation: Observation): ObservationRow {
  return {
    item_id: observation.itemId,
    source: observation.source,
    observed_at: toIso(observation.observedAt),
    metrics: toJson(observation.metrics),
  };
}

export function fromObservationRow(row: ObservationRow): Observation {
  return parseRow(
    observationSchema,
    { itemId: row.item_id, source: row.source, observedAt: fromIso(row.observed_at), metrics: fromJson(row.metrics) },
    "observations",
  );
}

export interface TimeSeriesRow {
  id: string;
  source: string;
  metric: string;
  key: string;
  interval: string;
  metadata: string;
}

export interface SeriesPointRow {
  series_id: string;
  at: string;
  value: number;
}

export function toTimeSeriesRow(series: TimeSeries): TimeSeriesRow {
  return {
    id: series.id,
    source: series.source,
    metric: series.metric,
    key: series.key,
    interval: series.interval,
    metadata: toJson(series.metadata),
  };
}

export function toSeriesPointRow(seriesId: string, point: SeriesPoint): SeriesPointRow {
  return { series_id: seriesId, at: toIso(point.at), value: point.value };
}

export function fromTimeSeriesRow(row: TimeSeriesRow, points: readonly SeriesPointRow[]): TimeSeries {
  return parseRow(
    timeSeriesSchema,
    {
      id: row.id,
      source: row.source,
      metric: row.metric,
      key: row.key,
      interval: row.interval,
      points: points.map((point) => ({ at: fromIso(point.at), value: point.value })),
      metadata: fromJson(row.metadata),
    },
    "time_series",
  );
}

export interface TrendRow {
  id: string;
  trend_name: string;
  keywords: string;
  source_platforms: string;
  confidence_score: number;
  velocity_score: number;
  first_detected: string;
  peak_predicted: string | null;
  related_trends: string;
  sentiment_score: number;
  created_at: string;
  status: string;
  acceleration: number;
  updated_at: string;
  metadata: string;
}

export interface TrendEvidenceRow {
  trend_id: string;
  position: number;
  source: string;
  item_ids: string;
  first_seen_at: string;
  mentions: number;
  normalized_engagement: number;
  lead_hours: number;
  source_status: string;
}

export function toTrendRow(trend: Trend): TrendRow {
  return {
    id: trend.id,
    trend_name: trend.name,
    keywords: toJson(trend.keywords),
    source_platforms: toJson(trend.sources),
    confidence_score: trend.confidence,
    velocity_score: trend.velocity,
    first_detected: toIso(trend.firstDetectedAt),
    peak_predicted: optionalIso(trend.peakPredictedAt),
    related_trends: toJson(trend.relatedTrendIds),
    sentiment_score: trend.sentiment,
    created_at: toIso(trend.createdAt),
    status: trend.status,
    acceleration: trend.acceleration,
    updated_at: toIso(trend.updatedAt),
    metadata: toJson(trend.metadata),
  };
}

export function toTrendEvidenceRow(trendId: string, evidence: TrendEvidence, position: number): TrendEvidenceRow {
  return {
    trend_id: trendId,
    position,
    source: evidence.source,
    item_ids: toJson(evidence.itemIds),
    first_seen_at: toIso(evidence.firstSeenAt),
    mentions: evidence.mentions,
    normalized_engagement: evidence.normalizedEngagement,
    lead_hours: evidence.leadHours,
    source_status: evidence.sourceStatus,
  };
}

export function fromTrendRow(row: TrendRow, evidence: readonly TrendEvidenceRow[]): Trend {
  return parseRow(
    trendSchema,
    {
      id: row.id,
      name: row.trend_name,
      keywords: fromJson(row.keywords),
      sources: fromJson(row.source_platforms),
      confidence: row.confidence_score,
      velocity: row.velocity_score,
      acceleration: row.acceleration,
      status: row.status,
      firstDetectedAt: fromIso(row.first_detected),
      peakPredictedAt: row.peak_predicted === null ? null : fromIso(row.peak_predicted),
      relatedTrendIds: fromJson(row.related_trends),
      sentiment: row.sentiment_score,
      evidence: evidence.map((entry) => ({
        source: entry.source,
        itemIds: fromJson(entry.item_ids),
        firstSeenAt: fromIso(entry.first_seen_at),
        mentions: entry.mentions,
        normalizedEngagement: entry.normalized_engagement,
        leadHours: entry.lead_hours,
        sourceStatus: entry.source_status,
      })),
      createdAt: fromIso(row.created_at),
      updatedAt: fromIso(row.updated_at),
      metadata: fromJson(row.metadata),
    },
    "cross_source_trends",
  );
}

export interface TrendSnapshotRow {
  trend_id: string;
  at: string;
  status: string;
  confidence: number;
  velocity: number;
  acceleration: number;
  mentions: number;
  engagement: number;
  mentions_by_source: string;
}

export function toTrendSnapshotRow(snapshot: TrendSnapshot): TrendSnapshotRow {
  return {
    trend_id: snapshot.trendId,
    at: toIso(snapshot.at),
    status: snapshot.status,
    confidence: snapshot.confidence,
    velocity: snapshot.velocity,
    acceleration: snapshot.acceleration,
    mentions: snapshot.mentions,
    engagement: snapshot.engagement,
    mentions_by_source: toJson(snapshot.mentionsBySource),
  };
}

export function fromTrendSnapshotRow(row: TrendSnapshotRow): TrendSnapshot {
  return parseRow(
    trendSnapshotSchema,
    {
      trendId: row.trend_id,
      at: fromIso(row.at),
      status: row.status,
      confidence: row.confidence,
      velocity: row.velocity,
      acceleration: row.acceleration,
      mentions: row.mentions,
      engagement: row.engagement,
      mentionsBySource: fromJson(row.mentions_by_source),
    },
    "trend_snapshots",
  );
}

export interface PredictionRow {
  id: string;
  trend_id: string | null;
  prediction_type: string;
  predicted_value: number;
  confidence_interval: number;
  prediction_date: string;
  actual_value: number | null;
  accuracy_score: number | null;
  subject_id: string | null;
  intervals: string;
  target_at: string | null;
  model: string;
  metadata: string;
}

export function toPredictionRow(prediction: Prediction): PredictionRow {
  return {
    id: prediction.id,
    trend_id: nullable(prediction.trendId),
    prediction_type: prediction.type,
    predicted_value: prediction.predictedValue,
    confidence_interval: prediction.confidence,
    prediction_date: toIso(prediction.predictedAt),
    actual_value: nullable(prediction.actualValue),
    accuracy_score: nullable(prediction.accuracy),
    subject_id: nullable(prediction.subjectId),
    intervals: toJson(prediction.intervals),
    target_at: optionalIso(prediction.targetAt),
    model: prediction.model,
    metadata: toJson(prediction.metadata),
  };
}

export function fromPredictionRow(row: PredictionRow): Prediction {
  return parseRow(
    predictionSchema,
    {
      id: row.id,
      trendId: row.trend_id,
      subjectId: row.subject_id,
      type: row.prediction_type,
      predictedValue: row.predicted_value,
      intervals: fromJson(row.intervals),
      confidence: row.confidence_interval,
      predictedAt: fromIso(row.prediction_date),
      targetAt: row.target_at === null ? null : fromIso(row.target_at),
      actualValue: row.actual_value,
      accuracy: row.accuracy_score,
      model: row.model,
      metadata: fromJson(row.metadata),
    },
    "trend_predictions",
  );
}

export interface VideoJobRow {
  id: string;
  provider: string;
  idempotency_key: string;
  status: string;
  provider_job_id: string | null;
  batch_id: string | null;
  draft_id: string | null;
  request: string;
  result: string | null;
  error: string | null;
  attempts: number;
  estimated_cost: number | null;
  created_at: string;
  updated_at: string;
}

export function toVideoJobRow(job: VideoJob): VideoJobRow {
  return {
    id: job.id,
    provider: job.provider,
    idempotency_key: job.idempotencyKey,
    status: job.status,
    provider_job_id: nullable(job.providerJobId),
    batch_id: nullable(job.batchId),
    draft_id: nullable(job.draftId),
    request: toJson(job.request),
    result: optionalJson(job.result),
    error: optionalJson(job.error),
    attempts: job.attempts,
    estimated_cost: nullable(job.estimatedCost),
    created_at: toIso(job.createdAt),
    updated_at: toIso(job.updatedAt),
  };
}

export function fromVideoJobRow(row: VideoJobRow): VideoJob {
  return parseRow(
    videoJobSchema,
    {
      id: row.id,
      provider: row.provider,
      idempotencyKey: row.idempotency_key,
      status: row.status,
      providerJobId: row.provider_job_id,
      batchId: row.batch_id,
      draftId: row.draft_id,
      request: fromJson(row.request),
      result: row.result === null ? null : fromJson(row.result),
      error: row.error === null ? null : fromJson(row.error),
      attempts: row.attempts,
      estimatedCost: row.estimated_cost,
      createdAt: fromIso(row.created_at),
      updatedAt: fromIso(row.updated_at),
    },
    "video_jobs",
  );
}

export interface ContentDraftRow {
  id: string;
  trend_id: string | null;
  platform: string;
  format: string;
  title: string | null;
  text: string;
  parts: string;
  hashtags: string;
  source_urls: string;
  language: string;
  status: string;
  variant_of: string | null;
  created_at: string;
  updated_at: string;
  metadata: string;
}

export function toContentDraftRow(draft: ContentDraft): ContentDraftRow {
  return {
    id: draft.id,
    trend_id: nullable(draft.trendId),
    platform: draft.platform,
    format: draft.format,
    title: nullable(draft.title),
    text: draft.text,
    parts: toJson(draft.parts),
    hashtags: toJson(draft.hashtags),
    source_urls: toJson(draft.sourceUrls),
    language: draft.language,
    status: draft.status,
    variant_of: nullable(draft.variantOf),
    created_at: toIso(draft.createdAt),
    updated_at: toIso(draft.updatedAt),
    metadata: toJson(draft.metadata),
  };
}

export function fromContentDraftRow(row: ContentDraftRow): ContentDraft {
  return parseRow(
    contentDraftSchema,
    {
      id: row.id,
      trendId: row.trend_id,
      platform: row.platform,
      format: row.format,
      title: row.title,
      text: row.text,
      parts: fromJson(row.parts),
      hashtags: fromJson(row.hashtags),
      sourceUrls: fromJson(row.source_urls),
      language: row.language,
      status: row.status,
      variantOf: row.variant_of,
      createdAt: fromIso(row.created_at),
      updatedAt: fromIso(row.updated_at),
      metadata: fromJson(row.metadata),
    },
    "content_drafts",
  );
}

export interface CalendarEntryRow {
  id: string;
  platform: string;
  scheduled_at: string;
  time_zone: string;
  title: string;
  draft_id: string | null;
  trend_id: string | null;
  status: string;
  reason: string | null;
  created_at: string;
  updated_at: string;
  metadata: string;
}

export function toCalendarEntryRow(entry: CalendarEntry): CalendarEntryRow {
  return {
    id: entry.id,
    platform: entry.platform,
    scheduled_at: toIso(entry.scheduledAt),
    time_zone: entry.timeZone,
    title: entry.title,
    draft_id: nullable(entry.draftId),
    trend_id: nullable(entry.trendId),
    status: entry.status,
    reason: nullable(entry.reason),
    created_at: toIso(entry.createdAt),
    updated_at: toIso(entry.updatedAt),
    metadata: toJson(entry.metadata),
  };
}

export function fromCalendarEntryRow(row: CalendarEntryRow): CalendarEntry {
  return parseRow(
    calendarEntrySchema,
    {
      id: row.id,
      platform: row.platform,
      scheduledAt: fromIso(row.scheduled_at),
      timeZone: row.time_zone,
      title: row.title,
      draftId: row.draft_id,
      trendId: row.trend_id,
      status: row.status,
      reason: row.reason,
      createdAt: fromIso(row.created_at),
      updatedAt: fromIso(row.updated_at),
      metadata: fromJson(row.metadata),
    },
    "calendar_entries",
  );
}

export interface UserEventRow {
  id: string;
  user_id: string;
  type: string;
  at: string;
  trend_id: string | null;
  item_id: string | null;
  draft_id: string | null;
  platform: string | null;
  value: number | null;
  metadata: string;
}

export function toUserEventRow(event: UserEvent): UserEventRow {
  return {
    id: event.id,
    user_id: event.userId,
    type: event.type,
    at: toIso(event.at),
    trend_id: nullable(event.trendId),
    item_id: nullable(event.itemId),
    draft_id: nullable(event.draftId),
    platform: nullable(event.platform),
    value: nullable(event.value),
    metadata: toJson(event.metadata),
  };
}

export function fromUserEventRow(row: UserEventRow): UserEvent {
  return parseRow(
    userEventSchema,
    {
      id: row.id,
      userId: row.user_id,
      type: row.type,
      at: fromIso(row.at),
      trendId: row.trend_id,
      itemId: row.item_id,
      draftId: row.draft_id,
      platform: row.platform,
      value: row.value,
      metadata: fromJson(row.metadata),
    },
    "user_events",
  );
}

export interface UserProfileRow {
  user_id: string;
  content_preferences: string;
  optimal_posting_times: string;
  engagement_patterns: string;
  writing_style_profile: string;
  topic_interests: string;
  updated_at: string;
}

export function toUserProfileRow(profile: UserProfile): UserProfileRow {
  return {
    user_id: profile.userId,
    content_preferences: toJson(profile.contentPreferences),
    optimal_posting_times: toJson(profile.optimalPostingTimes),
    engagement_patterns: toJson(profile.engagementPatterns),
    writing_style_profile: toJson(profile.writingStyle),
    topic_interests: toJson(profile.topicInterests),
    updated_at: toIso(profile.updatedAt),
  };
}

export function fromUserProfileRow(row: UserProfileRow): UserProfile {
  return parseRow(
    userProfileSchema,
    {
      userId: row.user_id,
      contentPreferences: fromJson(row.content_preferences),
      optimalPostingTimes: fromJson(row.optimal_posting_times),
      engagementPatterns: fromJson(row.engagement_patterns),
      writingStyle: fromJson(row.writing_style_profile),
      topicInterests: fromJson(row.topic_interests),
      updatedAt: fromIso(row.updated_at),
    },
    "user_behavior_profiles",
  );
}

export interface CompetitorSnapshotRow {
  id: string;
  competitor_name: string;
  platform: string;
  content_strategy: string;
  posting_frequency: string;
  engagement_metrics: string;
  trending_topics: string;
  analyzed_at: string;
}

export function toCompetitorSnapshotRow(snapshot: CompetitorSnapshot): CompetitorSnapshotRow {
  return {
    id: snapshot.id,
    competitor_name: snapshot.competitorName,
    platform: snapshot.platform,
    content_strategy: toJson(snapshot.contentStrategy),
    posting_frequency: toJson(snapshot.postingFrequency),
    engagement_metrics: toJson(snapshot.engagementMetrics),
    trending_topics: toJson(snapshot.trendingTopics),
    analyzed_at: toIso(snapshot.analyzedAt),
  };
}

export function fromCompetitorSnapshotRow(row: CompetitorSnapshotRow): CompetitorSnapshot {
  return parseRow(
    competitorSnapshotSchema,
    {
      id: row.id,
      competitorName: row.competitor_name,
      platform: row.platform,
      contentStrategy: fromJson(row.content_strategy),
      postingFrequency: fromJson(row.posting_frequency),
      engagementMetrics: fromJson(row.engagement_metrics),
      trendingTopics: fromJson(row.trending_topics),
      analyzedAt: fromIso(row.analyzed_at),
    },
    "competitive_intelligence",
  );
}
