import {
  ApiCallError,
  type Metrics,
  type PullRequest,
  type PullResult,
  type Source,
  type SourceContext,
  type SourceItem,
  toValidationIssues,
  UndercurrentError,
} from "@undercurrent/core";
import {
  type AlgoliaHit,
  type AlgoliaSearchResponse,
  algoliaHitSchema,
  algoliaSearchResponseSchema,
  storiesQuery,
  windowQuery,
} from "./hacker-news-api.js";
import { type HackerNewsCursor, narrowWalk, nextWatchList, readCursor, type Walk, type WatchEntry } from "./hacker-news-cursor.js";
import { isPointsFilterRejected, mapHackerNewsError } from "./hacker-news-error.js";
import { readFrontPage } from "./hacker-news-front-page.js";
import { firebaseMetrics, firebaseToItem, hackerNewsSourceId, hitMetrics, toItem, toObservation } from "./hacker-news-mapping.js";
import { type HackerNewsSourceOptions, type HackerNewsSourceSettings, resolveHackerNewsSettings } from "./hacker-news-source-options.js";

// Algolia indexes a new story within seconds; windows end this long before "now" so none is indexed after its window closed.
const settleSeconds = 120;
// Bounds one pull's requests when a window is large or (in rising mode) mostly holds stories already pulled.
const maximumSearchesPerPull = 10;
// Keeps the `story_<id>` OR-list of a refresh request to a safe URL length.
const maximumIdsPerRefresh = 100;

/** What one pull gathers before it becomes a {@link PullResult}. */
interface Harvest {
  items: SourceItem[];
  /** Metrics per HN id, merged when a story is seen more than once in a pull. */
  metrics: Map<number, Metrics>;
  /** Ids pulled before or during this pull: observed, never pulled again. */
  known: Set<number>;
  added: WatchEntry[];
  warnings: string[];
  degraded?: { reason: string; retryAfterMs?: number };
}

function observe(harvest: Harvest, hnId: number, metrics: Metrics): void {
  harvest.metrics.set(hnId, { ...harvest.metrics.get(hnId), ...metrics });
}

function parseHits(hits: readonly unknown[], warnings: string[]): AlgoliaHit[] {
  const parsed: AlgoliaHit[] = [];
  hits.forEach((raw, index) => {
    const result = algoliaHitSchema.safeParse(raw);
    if (result.success) {
      parsed.push(result.data);
      return;
    }
    const objectId = typeof raw === "object" && raw !== null ? (raw as { objectID?: unknown }).objectID : undefined;
    const problems = toValidationIssues(result.error.issues)
      .map((issue) => `${issue.path || "(root)"}: ${issue.message}`)
      .join("; ");
    warnings.push(`skipped hit ${typeof objectId === "string" ? objectId : `#${index}`}: ${problems}`);
  });
  return parsed;
}

function degradation(reason: string, error: UndercurrentError): { reason: string; retryAfterMs?: number } {
  const retryAfterMs = ApiCallError.isInstance(error) ? error.retryAfterMs : undefined;
  return { reason: `${reason}: ${error.message}`, ...(retryAfterMs !== undefined && { retryAfterMs }) };
}

/**
 * Creates the Hacker News source: new (or, with `minPoints` / `front_page`, rising) stories from the Algolia
 * HN Search API, front-page ranks from the official Firebase API, and repeated observations of recent
 * stories' points and comments so their velocity can be measured.
 */
export function createHackerNewsSource(options: HackerNewsSourceOptions = {}): Source {
  const settings: HackerNewsSourceSettings = resolveHackerNewsSettings(options);
  // Rising mode re-reads the last `watchHours` each pull: stories qualify later, as they gain points.
  const rising = settings.minPoints > 0 || settings.tags.includes("front_page");
  const watchSeconds = Math.round(settings.watchHours * 3_600);
  const algoliaHost = new URL(settings.baseURL).host;
  // Algolia may refuse `points` as a numeric filter; then this instance filters points itself.
  let pointsFilter = true;

  function search(path: "search" | "search_by_date", query: Record<string, string | number>, context: SourceContext) {
    return context.http.getJson(`${settings.baseURL}/${path}`, {
      schema: algoliaSearchResponseSchema,
      query,
      headers: settings.headers,
      signal: context.signal,
    });
  }

  async function refreshWatched(ids: readonly number[], context: SourceContext, harvest: Harvest) {
    const refreshed = new Map<number, number>();
    const missing = new Set<number>();
    for (let start = 0; start < ids.length; start += maximumIdsPerRefresh) {
      const chunk = ids.slice(start, start + maximumIdsPerRefresh);
      const page = await search("search", storiesQuery(chunk), context);
      const wanted = new Set(chunk);
      for (const hit of parseHits(page.hits, harvest.warnings)) {
        const hnId = Number(hit.objectID);
        if (!wanted.has(hnId)) continue;
        refreshed.set(hnId, hit.created_at_i);
        observe(harvest, hnId, hitMetrics(hit));
      }
      for (const hnId of chunk) if (!refreshed.has(hnId)) missing.add(hnId);
    }
    return { refreshed, missing };
  }

  /** Observes the tracked list's ranks and pulls its stories not pulled before. Returns the ids to remember. */
  async function trackFrontPage(cursor: HackerNewsCursor, limit: number, context: SourceContext, harvest: Harvest): Promise<number[]> {
    let page: Awaited<ReturnType<typeof readFrontPage>>;
    try {
      page = await readFrontPage(settings, context, Math.min(settings.frontPageSize, limit));
    } catch (error) {
      if (context.signal.aborted) throw error;
      const mapped = mapHackerNewsError(error);
      if (!UndercurrentError.isInstance(mapped)) throw mapped;
      harvest.degraded = degradation("front page unavailable", mapped);
      return cursor.frontPage;
    }
    harvest.warnings.push(...page.warnings);
    if (page.requested > 0 && page.failed === page.requested) {
      harvest.degraded = { reason: `front page unavailable: all ${page.requested} items failed` };
    }
    const remembered: number[] = [];
    for (const { rank, story } of page.stories) {
      observe(harvest, story.id, firebaseMetrics(story, rank));
      if (!harvest.known.has(story.id)) {
        if (harvest.items.length >= limit) continue; // pulled on a later pull, once there is room
        harvest.items.push(firebaseToItem(story));
        harvest.known.add(story.id);
        harvest.added.push([story.id, story.time]);
      }
      remembered.push(story.id);
    }
    return remembered;
  }

  async function searchWindow(walk: Walk, floor: number, hitsPerPage: number, context: SourceContext, harvest: Harvest) {
    const window = { after: Math.max(walk.after, floor), before: walk.before };
    try {
      return await search("search_by_date", windowQuery(settings, window, hitsPerPage, pointsFilter), context);
    } catch (error) {
      if (!(pointsFilter && settings.minPoints > 0 && isPointsFilterRejected(error))) throw error;
      pointsFilter = false;
      harvest.warnings.push(`Algolia refused the points filter; filtering minPoints ${settings.minPoints} locally`);
      return await search("search_by_date", windowQuery(settings, window, hitsPerPage, false), context);
    }
  }

  function take(hit: AlgoliaHit, walk: Walk, harvest: Harvest): void {
    const hnId = Number(hit.objectID);
    if (walk.seen.includes(hnId)) return;
    if (harvest.known.has(hnId)) {
      observe(harvest, hnId, hitMetrics(hit));
      return;
    }
    if ((hit.points ?? 0) < settings.minPoints) return;
    harvest.items.push(toItem(hit));
    harvest.known.add(hnId);
    harvest.added.push([hnId, hit.created_at_i]);
    observe(harvest, hnId, hitMetrics(hit));
  }

  /**
   * Walks the window from its newest story back until it ends, the limit is reached or the request budget is
   * spent. `progress.walk` follows each page, so a failure keeps what the earlier pages gave.
   */
  async function walkWindow(progress: { walk: Walk | null }, floor: number, limit: number, context: SourceContext, harvest: Harvest) {
    for (let searches = 0; searches < maximumSearchesPerPull && harvest.items.length < limit; searches++) {
      const walk = progress.walk;
      if (!walk || walk.before <= Math.max(walk.after, floor)) {
        progress.walk = null;
        return;
      }
      const hitsPerPage = Math.min(settings.hitsPerPage, limit - harvest.items.length);
      const page: AlgoliaSearchResponse = await searchWindow(walk, floor, hitsPerPage, context, harvest);
      const hits = parseHits(page.hits, harvest.warnings);
      for (const hit of hits) take(hit, walk, harvest);
      const lastPage = page.hits.length < hitsPerPage || (typeof page.nbPages === "number" && page.nbPages <= 1);
      progress.walk = lastPage
        ? null
        : narrowWalk(
            walk,
            hits.map((hit) => ({ hnId: Number(hit.objectID), createdAt: hit.created_at_i })),
          );
    }
  }

  async function pull(request: PullRequest, context: SourceContext): Promise<PullResult> {
    context.signal.throwIfAborted();
    const limit = Math.max(1, Math.floor(request.limit));
    const observedAt = new Date(context.clock.now());
    const top = Math.floor(request.until.getTime() / 1000) - settleSeconds;
    const { cursor, stored, warning } = readCursor(request.cursor, request.since);
    const harvest: Harvest = {
      items: [],
      metrics: new Map(),
      known: new Set([...cursor.watch.map(([hnId]) => hnId), ...cursor.frontPage]),
      added: [],
      warnings: warning ? [warning] : [],
    };
    let createdAfter = cursor.createdAfter;
    let frontPage = cursor.frontPage;
    let refreshed: ReadonlyMap<number, number> = new Map();
    let missing: ReadonlySet<number> = new Set();
    const progress: { walk: Walk | null } = { walk: cursor.walk };

    // A new window starts only after the previous one ended: the watched stories and the front page are
    // observed once per window, not on every page of a long one.
    if (progress.walk === null) {
      try {
        ({ refreshed, missing } = await refreshWatched(
          cursor.watch.slice(0, limit).map(([hnId]) => hnId),
          context,
          harvest,
        ));
      } catch (error) {
        throw mapHackerNewsError(error);
      }
      if (settings.frontPage) frontPage = await trackFrontPage(cursor, limit, context, harvest);
      // The first window reaches back to `since`; later rising windows to `watchHours` ago.
      const after = rising && stored ? Math.max(createdAfter, top - watchSeconds) : createdAfter;
      progress.walk = { after, top, before: top, seen: [] };
    }
    const windowTop = progress.walk.top;
    // In rising mode, stories older than the newest one the watch list had to drop are given up (see `maxWatched`).
    const floor = rising ? createdAfter : 0;

    let stoppedEarly = false;
    try {
      await walkWindow(progress, floor, limit, context, harvest);
    } catch (error) {
      if (context.signal.aborted) throw error;
      const mapped = mapHackerNewsError(error);
      const gathered = harvest.items.length > 0 || harvest.metrics.size > 0;
      if (!gathered || !UndercurrentError.isInstance(mapped) || !mapped.isRetryable) throw mapped;
      harvest.degraded = degradation("stopped early", mapped);
      stoppedEarly = true;
    }
    if (progress.walk === null && !rising) createdAfter = Math.max(createdAfter, windowTop);

    const next = nextWatchList(cursor.watch, {
      refreshed,
      missing,
      added: harvest.added,
      oldestCreatedAt: top - watchSeconds,
      maxWatched: settings.maxWatched,
    });
    if (rising && next.evictedUpTo !== undefined) createdAfter = Math.max(createdAfter, next.evictedUpTo);

    const nextCursor: HackerNewsCursor = { createdAfter, watch: next.watch, frontPage, walk: progress.walk };
    const observations = [...harvest.metrics]
      .filter(([, metrics]) => Object.keys(metrics).length > 0)
      .map(([hnId, metrics]) => toObservation(hnId, metrics, observedAt));
    const rateLimit = context.http.rateLimit(algoliaHost);
    context.logger.debug("hackernews: pulled", {
      items: harvest.items.length,
      observations: observations.length,
      watched: next.watch.length,
      hasMore: progress.walk !== null,
    });
    return {
      items: harvest.items,
      observations,
      cursor: nextCursor,
      hasMore: progress.walk !== null && !stoppedEarly,
      ...(harvest.degraded && { degraded: harvest.degraded }),
      ...(rateLimit && { rateLimit }),
      ...(harvest.warnings.length > 0 && { warnings: harvest.warnings }),
    };
  }

  return {
    specVersion: "v1",
    id: hackerNewsSourceId,
    displayName: "Hacker News",
    pollIntervalMs: settings.pollIntervalMs,
    pull,
  } satisfies Source;
}
