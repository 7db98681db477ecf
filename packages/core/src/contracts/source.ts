import type { HttpClient } from "../http/http-client.js";
import type { Clock } from "../runtime/clock.js";
import type { Logger } from "../runtime/logger.js";
import type { JsonValue } from "../schemas/common.js";
import type { RateLimitBudget } from "../schemas/health.js";
import type { ItemInput, ObservationInput, TimeSeriesInput } from "../schemas/item.js";

/** A source's resume position: any JSON value the source understands (a timestamp, a page token…). */
export type Cursor = JsonValue;

/** What the pipeline asks a source for. */
export interface PullRequest {
  /** Where the previous pull stopped, as the source returned it; `undefined` on the first pull. */
  cursor: Cursor | undefined;
  /** Oldest publication time of interest (the pipeline's look-back window). */
  since: Date;
  /** The current time according to the pipeline's clock. */
  until: Date;
  /** Upper bound on the items wanted in this pull. */
  limit: number;
}

/** What a source gets to do its work. */
export interface SourceContext {
  /** The shared HTTP helper (retries, rate limits, validation, redaction). */
  http: HttpClient;
  /** Aborts when the pipeline shuts down; pass it to every request. */
  signal: AbortSignal;
  /** The pipeline's clock. */
  clock: Clock;
  logger: Logger;
}

/** An item as a source returns it: `fetchedAt` may be left out (the pipeline sets the pull time). */
export type SourceItem = Omit<ItemInput, "fetchedAt"> & { fetchedAt?: ItemInput["fetchedAt"] };

/** What one pull returned. */
export interface PullResult {
  /** New or updated items. Validated by the pipeline; invalid ones are rejected with the reason. */
  items: SourceItem[];
  /** Engagement metrics observed in this pull (a story's points now, a repo's stars now). */
  observations?: ObservationInput[];
  /** Time series the source provides directly (Google Trends interest, Mastodon tag history). */
  series?: TimeSeriesInput[];
  /** Where the next pull resumes. Stored together with the items in one transaction. */
  cursor?: Cursor;
  /** True when more items are available right now; the pipeline pulls again before sleeping. */
  hasMore?: boolean;
  /** Set when the source works but is impaired (cool-down after a 429, a moved endpoint). */
  degraded?: { reason: string; retryAfterMs?: number /** Prefixed code for health, e.g. `GOOGLE_TRENDS_RATE_LIMITED`. */; code?: string };
  /** The source's remaining rate-limit budget. */
  rateLimit?: RateLimitBudget;
  /** Non-fatal notes (skipped malformed entries, unsupported options). */
  warnings?: string[];
}

/**
 * A place trends are seen: Hacker News, Reddit, GitHub, Google Trends, a feed…
 * Implementations are plain objects returned by a factory such as `createHackerNewsSource(options)`.
 */
export interface Source {
  /** Contract version this object implements. */
  readonly specVersion: "v1";
  /** Stable id, used in item ids and cursors, e.g. `hackernews`. Unique within a pipeline. */
  readonly id: string;
  /** Name for people, e.g. "Hacker News". */
  readonly displayName?: string;
  /** How often the pipeline should pull it, in milliseconds, when the pipeline is not told otherwise. */
  readonly pollIntervalMs?: number;
  /**
   * Returns items newer than `request.cursor` and the cursor to resume from.
   * Throw an `UndercurrentError` (usually via the HTTP helper) on failure; the pipeline degrades this
   * source's health and keeps the others going. Never put a credential in an error.
   */
  pull(request: PullRequest, context: SourceContext): Promise<PullResult>;
}
