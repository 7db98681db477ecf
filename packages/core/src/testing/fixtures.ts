import type { CalendarEntry, ContentDraft, VideoJob } from "../schemas/content.js";
import type { Item, Observation, TimeSeries } from "../schemas/item.js";
import type { Prediction } from "../schemas/prediction.js";
import type { Trend, TrendSnapshot } from "../schemas/trend.js";
import type { CompetitorSnapshot, UserEvent, UserProfile } from "../schemas/user.js";

/** A fixed moment the fixtures are built around: 2026-01-01T00:00:00Z. */
export const fixtureEpoch = Date.UTC(2026, 0, 1);

/** `fixtureEpoch` plus `hours`, as a Date. */
export const hoursAfterEpoch = (hours: number) => new Date(fixtureEpoch + hours * 3_600_000);

/** A valid item; override any field. */
export function makeItem(overrides: Partial<Item> & { externalId?: string } = {}): Item {
  const source = overrides.source ?? "test-source";
  const externalId = overrides.externalId ?? "1";
  return {
    id: `${source}:${externalId}`,
    source,
    externalId,
    kind: "story",
    title: "Rust 2.0 released with a new borrow checker",
    text: "",
    url: `https://example.com/${externalId}`,
    author: { id: "alice" },
    tags: ["rust"],
    language: "en",
    publishedAt: hoursAfterEpoch(0),
    fetchedAt: hoursAfterEpoch(1),
    metadata: {},
    ...overrides,
  };
}

/** A valid observation of `itemId`. */
export function makeObservation(overrides: Partial<Observation> = {}): Observation {
  return {
    itemId: "test-source:1",
    source: "test-source",
    observedAt: hoursAfterEpoch(1),
    metrics: { score: 10, comments: 2 },
    ...overrides,
  };
}

/** A valid hourly series with `values`. */
export function makeTimeSeries(values: readonly number[], overrides: Partial<TimeSeries> = {}): TimeSeries {
  return {
    id: "test-source:interest:rust",
    source: "test-source",
    metric: "search-interest",
    key: "rust",
    interval: "hour",
    points: values.map((value, index) => ({ at: hoursAfterEpoch(index), value })),
    metadata: {},
    ...overrides,
  };
}

/** A valid trend with evidence from two sources. */
export function makeTrend(overrides: Partial<Trend> = {}): Trend {
  return {
    id: "trend-1",
    name: "Rust 2.0",
    keywords: ["rust", "borrow checker"],
    sources: ["hackernews", "github"],
    confidence: 0.8,
    velocity: 3.5,
    acceleration: 0.2,
    status: "rising",
    firstDetectedAt: hoursAfterEpoch(0),
    peakPredictedAt: hoursAfterEpoch(30),
    relatedTrendIds: [],
    sentiment: 0.4,
    evidence: [
      {
        source: "hackernews",
        itemIds: ["hackernews:1", "hackernews:2"],
        firstSeenAt: hoursAfterEpoch(0),
        mentions: 2,
        normalizedEngagement: 4.2,
        leadHours: 0,
        sourceStatus: "ok",
      },
      {
        source: "github",
        itemIds: ["github:rust-lang/rust"],
        firstSeenAt: hoursAfterEpoch(5),
        mentions: 1,
        normalizedEngagement: 2,
        leadHours: -5,
        sourceStatus: "degraded",
      },
    ],
    createdAt: hoursAfterEpoch(0),
    updatedAt: hoursAfterEpoch(6),
    metadata: {},
    ...overrides,
  };
}

/** A valid trend snapshot. */
export function makeTrendSnapshot(overrides: Partial<TrendSnapshot> = {}): TrendSnapshot {
  return {
    trendId: "trend-1",
    at: hoursAfterEpoch(1),
    status: "emerging",
    confidence: 0.5,
    velocity: 1,
    acceleration: 0,
    mentions: 3,
    engagement: 1.5,
    mentionsBySource: { hackernews: 3 },
    ...overrides,
  };
}

/** A valid peak-time prediction. */
export function makePrediction(overrides: Partial<Prediction> = {}): Prediction {
  return {
    id: "prediction-1",
    trendId: "trend-1",
    type: "peak-height",
    predictedValue: 120,
    intervals: [
      { level: 0.8, lower: 90, upper: 150 },
      { level: 0.95, lower: 70, upper: 190 },
    ],
    confidence: 0.7,
    predictedAt: hoursAfterEpoch(2),
    targetAt: hoursAfterEpoch(30),
    model: "test-model",
    metadata: {},
    ...overrides,
  };
}

/** A valid queued video job. */
export function makeVideoJob(overrides: Partial<VideoJob> = {}): VideoJob {
  return {
    id: "job-1",
    provider: "test-video",
    idempotencyKey: "key-00000001",
    status: "queued",
    request: { avatarId: "avatar-1", script: "Hello" },
    attempts: 0,
    createdAt: hoursAfterEpoch(0),
    updatedAt: hoursAfterEpoch(0),
    ...overrides,
  };
}

/** A valid draft. */
export function makeContentDraft(overrides: Partial<ContentDraft> = {}): ContentDraft {
  return {
    id: "draft-1",
    platform: "linkedin",
    format: "post",
    text: "Rust 2.0 is here.",
    parts: [],
    hashtags: ["rust"],
    sourceUrls: ["https://example.com/1"],
    language: "en",
    status: "draft",
    createdAt: hoursAfterEpoch(0),
    updatedAt: hoursAfterEpoch(0),
    metadata: {},
    ...overrides,
  };
}

/** A valid calendar entry. */
export function makeCalendarEntry(overrides: Partial<CalendarEntry> = {}): CalendarEntry {
  return {
    id: "entry-1",
    platform: "x",
    scheduledAt: hoursAfterEpoch(10),
    timeZone: "UTC",
    title: "Rust thread",
    status: "planned",
    createdAt: hoursAfterEpoch(0),
    updatedAt: hoursAfterEpoch(0),
    metadata: {},
    ...overrides,
  };
}

/** A valid user event. */
export function makeUserEvent(overrides: Partial<UserEvent> = {}): UserEvent {
  return { id: "event-1", userId: "user-1", type: "click", at: hoursAfterEpoch(1), trendId: "trend-1", metadata: {}, ...overrides };
}

/** A valid user profile. */
export function makeUserProfile(overrides: Partial<UserProfile> = {}): UserProfile {
  return {
    userId: "user-1",
    contentPreferences: { formats: { thread: 0.7, video: 0.3 } },
    optimalPostingTimes: [{ platform: "linkedin", weekday: 2, hour: 9, timeZone: "Europe/Berlin", score: 1.4 }],
    engagementPatterns: { medianLikes: 12 },
    writingStyle: { averageSentenceWords: 14 },
    topicInterests: [{ topic: "rust", weight: 0.9 }],
    updatedAt: hoursAfterEpoch(3),
    ...overrides,
  };
}

/** A valid competitor snapshot. */
export function makeCompetitorSnapshot(overrides: Partial<CompetitorSnapshot> = {}): CompetitorSnapshot {
  return {
    id: "competitor-1",
    competitorName: "Acme",
    platform: "linkedin",
    contentStrategy: { pillars: ["ai", "devtools"] },
    postingFrequency: { postsPerWeek: 5 },
    engagementMetrics: { averageLikes: 40 },
    trendingTopics: ["ai agents"],
    analyzedAt: hoursAfterEpoch(4),
    ...overrides,
  };
}
