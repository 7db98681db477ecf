import {
  ApiCallError,
  type ObservationInput,
  type PullRequest,
  type PullResult,
  type Source,
  type SourceContext,
  type SourceItem,
  type TimeSeriesInput,
  toValidationIssues,
} from "@undercurrent/core";
import type { z } from "zod";
import {
  decodeGoogleJson,
  decodeTrendingRss,
  exploreResponseSchema,
  multilineResponseSchema,
  type RankedKeyword,
  rankedKeywordSchema,
  relatedSearchesResponseSchema,
  type TimelinePoint,
  timelinePointSchema,
  trendingRssItemSchema,
  type Widget,
  widgetRequestSchema,
} from "./google-trends-api.js";
import { createGoogleTrendsGet, type GoogleTrendsGet, type GoogleTrendsSession } from "./google-trends-client.js";
import { type CoolDown, type GoogleTrendsCursor, readCursor, toCursor } from "./google-trends-cursor.js";
import { googleTrendsError, googleTrendsErrorCodes, isDegradation, mapGoogleTrendsError } from "./google-trends-error.js";
import {
  googleTrendsSourceId,
  interestSeriesId,
  type MappedEntry,
  normalizeSearchTerm,
  toInterestSeries,
  toRelatedEntries,
  toTrendingEntry,
} from "./google-trends-mapping.js";
import {
  type GoogleTrendsSettings,
  type GoogleTrendsSourceOptions,
  keywordsPerExplore,
  resolveGoogleTrendsSettings,
} from "./google-trends-source-options.js";

const trendingGroup = "trending";

interface SourceState extends GoogleTrendsSession {
  /** The last cool-down, kept in memory too so a pipeline that lost the cursor still leaves Google alone. */
  coolDown: CoolDown | undefined;
}

/** An entry and the cursor list (`trending` or `related:<geo>:<keyword>`) it is remembered in. */
interface Candidate extends MappedEntry {
  group: string;
}

/** What the stages of one pull gathered before finishing or being blocked. */
interface Progress {
  candidates: Candidate[];
  /** Groups whose current listing was fetched in this pull. */
  fetchedGroups: Set<string>;
  series: TimeSeriesInput[];
  interest: Record<string, string>;
  warnings: string[];
}

function relatedGroup(geo: string, keyword: string): string {
  return `related:${geo}:${normalizeSearchTerm(keyword)}`;
}

function describeIssues(error: z.ZodError): string {
  return toValidationIssues(error.issues)
    .map((issue) => `${issue.path || "(root)"}: ${issue.message}`)
    .join("; ");
}

function batches<T>(values: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < values.length; start += size) result.push(values.slice(start, start + size));
  return result;
}

function widgetQuery(settings: GoogleTrendsSettings, widget: Widget & { token: string }): Record<string, string> {
  return {
    hl: settings.language,
    tz: String(settings.timezoneOffsetMinutes),
    req: JSON.stringify(widget.request ?? {}),
    token: widget.token,
  };
}

function hasToken(widget: Widget): widget is Widget & { token: string } {
  return typeof widget.token === "string" && widget.token.length > 0;
}

function widgetKeyword(widget: Widget): string | undefined {
  const request = widgetRequestSchema.safeParse(widget.request ?? {});
  const value = request.data?.restriction?.complexKeywordsRestriction?.keyword?.[0]?.value;
  return value ? normalizeSearchTerm(value) : undefined;
}

/** With several keywords the widget ids get suffixes (`RELATED_QUERIES_0`); the widget's own request names its keyword. */
function relatedWidget(widgets: readonly Widget[], keyword: string, index: number, batchSize: number) {
  const related = widgets.filter((widget) => widget.id.startsWith("RELATED_QUERIES")).filter(hasToken);
  return (
    related.find((widget) => widgetKeyword(widget) === normalizeSearchTerm(keyword)) ??
    related.find((widget) => widget.id === `RELATED_QUERIES_${index}`) ??
    (batchSize === 1 ? related[0] : undefined)
  );
}

function endpointChanged(message: string) {
  return googleTrendsError(googleTrendsErrorCodes.GOOGLE_TRENDS_ENDPOINT_CHANGED, message);
}

async function pullTrending(
  get: GoogleTrendsGet,
  settings: GoogleTrendsSettings,
  request: PullRequest,
  observedAt: Date,
  progress: Progress,
) {
  const entries = decodeTrendingRss(await get("/trending/rss", { geo: settings.geo }));
  entries.forEach((raw, index) => {
    const parsed = trendingRssItemSchema.safeParse(raw);
    if (!parsed.success) {
      progress.warnings.push(`skipped trending entry ${index + 1}: ${describeIssues(parsed.error)}`);
      return;
    }
    const entry = toTrendingEntry(parsed.data, { geo: settings.geo, rank: index + 1, observedAt });
    if (entry.publishedAt.getTime() >= request.since.getTime()) progress.candidates.push({ ...entry, group: trendingGroup });
  });
  progress.fetchedGroups.add(trendingGroup);
}

async function pullInterest(
  get: GoogleTrendsGet,
  settings: GoogleTrendsSettings,
  batch: readonly string[],
  widgets: readonly Widget[],
  cursor: GoogleTrendsCursor,
  progress: Progress,
) {
  const widget = widgets.filter((candidate) => candidate.id.startsWith("TIMESERIES")).find(hasToken);
  if (!widget) throw endpointChanged(`the explore response for ${batch.join(", ")} has no TIMESERIES widget with a token`);
  const multiline = decodeGoogleJson(await get("/trends/api/widgetdata/multiline", widgetQuery(settings, widget)), multilineResponseSchema);
  const timeline: TimelinePoint[] = [];
  multiline.default.timelineData.forEach((raw, index) => {
    const parsed = timelinePointSchema.safeParse(raw);
    if (parsed.success) timeline.push(parsed.data);
    else progress.warnings.push(`skipped interest point ${index + 1} of ${batch.join(", ")}: ${describeIssues(parsed.error)}`);
  });
  const resolution = widgetRequestSchema.safeParse(widget.request ?? {}).data?.resolution;
  const mapped = toInterestSeries(timeline, {
    geo: settings.geo,
    keywords: batch,
    timeframe: settings.timeframe,
    resolution,
    after: cursor.interest,
  });
  for (const { series, lastCompleteAt } of mapped) {
    if (series.points.length > 0 || series.metadata?.partialPoint !== undefined) progress.series.push(series);
    if (lastCompleteAt) progress.interest[series.id] = lastCompleteAt.toISOString();
  }
}

function rankedKeywords(list: readonly unknown[], keyword: string, progress: Progress): RankedKeyword[] {
  const entries: RankedKeyword[] = [];
  list.forEach((raw, index) => {
    const parsed = rankedKeywordSchema.safeParse(raw);
    if (parsed.success) entries.push(parsed.data);
    else progress.warnings.push(`skipped related query ${index + 1} of "${keyword}": ${describeIssues(parsed.error)}`);
  });
  return entries;
}

async function pullRelated(
  get: GoogleTrendsGet,
  settings: GoogleTrendsSettings,
  batch: readonly string[],
  widgets: readonly Widget[],
  observedAt: Date,
  progress: Progress,
) {
  for (const [index, keyword] of batch.entries()) {
    const widget = relatedWidget(widgets, keyword, index, batch.length);
    if (!widget) throw endpointChanged(`the explore response has no RELATED_QUERIES widget for "${keyword}"`);
    const related = decodeGoogleJson(
      await get("/trends/api/widgetdata/relatedsearches", widgetQuery(settings, widget)),
      relatedSearchesResponseSchema,
    );
    const [top, rising] = related.default.rankedList.map((list) => rankedKeywords(list.rankedKeyword ?? [], keyword, progress));
    const entries = toRelatedEntries(
      { top: top ?? [], rising: rising ?? [] },
      { geo: settings.geo, keyword, timeframe: settings.timeframe, observedAt },
    );
    const group = relatedGroup(settings.geo, keyword);
    progress.candidates.push(...entries.map((entry) => ({ ...entry, group })));
    progress.fetchedGroups.add(group);
  }
}

async function pullKeywords(
  get: GoogleTrendsGet,
  settings: GoogleTrendsSettings,
  batch: readonly string[],
  cursor: GoogleTrendsCursor,
  observedAt: Date,
  progress: Progress,
) {
  const explore = decodeGoogleJson(
    await get("/trends/api/explore", {
      hl: settings.language,
      tz: String(settings.timezoneOffsetMinutes),
      req: JSON.stringify({
        comparisonItem: batch.map((keyword) => ({ keyword, geo: settings.geo, time: settings.timeframe })),
        category: settings.category,
        property: settings.property,
      }),
    }),
    exploreResponseSchema,
  );
  if (settings.interestOverTime) await pullInterest(get, settings, batch, explore.widgets, cursor, progress);
  if (settings.relatedQueries) await pullRelated(get, settings, batch, explore.widgets, observedAt, progress);
}

/**
 * Picks what to return: unseen entries up to `limit` become items (the rest wait for the next pull, `hasMore`);
 * every entry stored now or before is observed again. The cursor remembers what is still listed.
 */
function assemble(settings: GoogleTrendsSettings, cursor: GoogleTrendsCursor, progress: Progress, limit: number) {
  const seenBefore = (candidate: Candidate) =>
    (candidate.group === trendingGroup ? cursor.trending : (cursor.related[candidate.group] ?? [])).includes(candidate.seenKey);
  const items: SourceItem[] = [];
  const observations: ObservationInput[] = [];
  const emitted = new Set<string>();
  const observed = new Set<string>();
  const seenNow = new Map<string, string[]>();
  let hasMore = false;
  for (const candidate of progress.candidates) {
    const id = candidate.observation.itemId;
    let stored = seenBefore(candidate) || emitted.has(id);
    if (!stored && items.length < limit) {
      items.push(candidate.item);
      emitted.add(id);
      stored = true;
    } else if (!stored) {
      hasMore = true;
    }
    if (!stored) continue;
    seenNow.set(candidate.group, [...(seenNow.get(candidate.group) ?? []), candidate.seenKey]);
    if (!observed.has(id)) observations.push(candidate.observation);
    observed.add(id);
  }
  const keptRelated = new Set(settings.keywords.map((keyword) => relatedGroup(settings.geo, keyword)));
  const keptSeries = new Set(settings.keywords.map((keyword) => interestSeriesId(settings.geo, keyword)));
  const next: GoogleTrendsCursor = {
    trending: progress.fetchedGroups.has(trendingGroup) ? (seenNow.get(trendingGroup) ?? []) : cursor.trending,
    related: Object.fromEntries(
      [...keptRelated].flatMap((group) => {
        const keys = progress.fetchedGroups.has(group) ? (seenNow.get(group) ?? []) : cursor.related[group];
        return keys ? [[group, keys]] : [];
      }),
    ),
    interest: Object.fromEntries(
      Object.entries({ ...cursor.interest, ...progress.interest }).filter(([seriesId]) => keptSeries.has(seriesId)),
    ),
  };
  return { items, observations, hasMore, next };
}

function later(first: CoolDown | undefined, second: CoolDown | undefined): CoolDown | undefined {
  if (!first || !second) return first ?? second;
  return Date.parse(first.until) >= Date.parse(second.until) ? first : second;
}

/** Why Google stopped answering, and how long it asked us to wait. */
interface Block {
  code: string;
  message: string;
  retryAfterMs: number | undefined;
}

/** The block an error stands for, or undefined when the error is a real failure. */
function toBlock(error: unknown): Block | undefined {
  if (!isDegradation(error)) return undefined;
  return { code: error.code, message: error.message, retryAfterMs: ApiCallError.isInstance(error) ? error.retryAfterMs : undefined };
}

/**
 * Creates the Google Trends source: the trending-now RSS feed of a region as `search-term` items, and for each
 * keyword its interest over time (a `search-interest` time series) and its top and rising related queries (items).
 * The endpoints are unofficial; a 429, a block page or a moved endpoint degrades the source and starts a
 * cool-down during which Google is not called, instead of failing the pipeline.
 *
 * @example
 * ```ts
 * const source = createGoogleTrendsSource({ geo: "DE", keywords: ["bitcoin", "ethereum"] });
 * ```
 */
export function createGoogleTrendsSource(options: GoogleTrendsSourceOptions = {}): Source {
  const settings = resolveGoogleTrendsSettings(options);
  const host = new URL(settings.baseURL).host;
  const state: SourceState = { cookie: undefined, coolDown: undefined };

  async function pull(request: PullRequest, context: SourceContext): Promise<PullResult> {
    context.signal.throwIfAborted();
    const { cursor, warning } = readCursor(request.cursor);
    const warnings = warning ? [warning] : [];
    const coolDown = later(state.coolDown, cursor.coolDown);
    const startedAt = context.clock.now();
    if (coolDown && startedAt < Date.parse(coolDown.until)) {
      return {
        items: [],
        cursor: toCursor({ ...cursor, coolDown }),
        degraded: {
          reason: `cooling down after ${coolDown.code}: Google Trends is not called before ${coolDown.until}`,
          retryAfterMs: Date.parse(coolDown.until) - startedAt,
        },
        rateLimit: { remaining: 0, resetAt: new Date(coolDown.until) },
        ...(warnings.length > 0 && { warnings }),
      };
    }

    const observedAt = new Date(startedAt);
    const get = createGoogleTrendsGet(settings, context, state);
    const progress: Progress = { candidates: [], fetchedGroups: new Set(), series: [], interest: {}, warnings };
    let blocked: Block | undefined;
    try {
      if (settings.trendingSearches) await pullTrending(get, settings, request, observedAt, progress);
      if (settings.interestOverTime || settings.relatedQueries) {
        for (const batch of batches(settings.keywords, keywordsPerExplore)) {
          await pullKeywords(get, settings, batch, cursor, observedAt, progress);
        }
      }
    } catch (error) {
      const mapped = mapGoogleTrendsError(error);
      blocked = toBlock(mapped);
      if (!blocked) throw mapped;
    }

    const { items, observations, hasMore, next } = assemble(settings, cursor, progress, request.limit);
    const result: PullResult = {
      items,
      ...(observations.length > 0 && { observations }),
      ...(progress.series.length > 0 && { series: progress.series }),
      ...(progress.warnings.length > 0 && { warnings: progress.warnings }),
    };
    if (!blocked) {
      state.coolDown = undefined;
      const rateLimit = context.http.rateLimit(host);
      return { ...result, cursor: toCursor(next), hasMore, ...(rateLimit && { rateLimit }) };
    }

    const now = context.clock.now();
    const blocks = (coolDown?.blocks ?? 0) + 1;
    // Google's own wait wins only when it is longer: a short Retry-After was already waited out once.
    const waitMs = Math.max(blocked.retryAfterMs ?? 0, Math.min(settings.maxCoolDownMs, settings.coolDownMs * 2 ** (blocks - 1)));
    const until = new Date(now + waitMs).toISOString();
    state.coolDown = { until, blocks, code: blocked.code };
    context.logger.warn("google-trends: degraded, cooling down", { code: blocked.code, until, blocks });
    return {
      ...result,
      cursor: toCursor({ ...next, coolDown: state.coolDown }),
      degraded: { reason: `${blocked.code}: ${blocked.message}; Google Trends is not called before ${until}`, retryAfterMs: waitMs },
      rateLimit: { remaining: 0, resetAt: new Date(until) },
    };
  }

  return {
    specVersion: "v1",
    id: googleTrendsSourceId,
    displayName: "Google Trends",
    pollIntervalMs: settings.pollIntervalMs,
    pull,
  } satisfies Source;
}
