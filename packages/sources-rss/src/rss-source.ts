import {
  ApiCallError,
  type ObservationInput,
  type PullResult,
  type RateLimitBudget,
  redactUrl,
  type Source,
  type SourceContext,
  type SourceItem,
  toUndercurrentError,
  UndercurrentError,
} from "@undercurrent/core";
import { type FeedDocument, readFeedDocument } from "./rss-api.js";
import { type FeedCursor, type RssCursor, readCursor, rememberSeen } from "./rss-cursor.js";
import { mapRssError, rssErrorCodes } from "./rss-error.js";
import { toItem, toObservation } from "./rss-items.js";
import { type RssFeedSettings, type RssSourceOptions, type RssSourceSettings, resolveRssSourceSettings } from "./rss-source-options.js";

const acceptFeeds =
  "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5";
const credentialLikeHeader = /auth|token|key|secret|cookie|session|password/i;

type FetchedFeed = { notModified: true } | { notModified: false; document: FeedDocument; etag: string | null; lastModified: string | null };

/** What one feed contributed to a pull. */
interface FeedOutcome {
  items: SourceItem[];
  observations: ObservationInput[];
  cursor: FeedCursor;
  /** New entries left for the next pull because the pull's limit was reached. */
  deferred: number;
  warnings: string[];
}

function requestHeaders(settings: RssSourceSettings, previous: FeedCursor | undefined): Record<string, string | undefined> {
  return {
    accept: acceptFeeds,
    ...settings.headers,
    "if-none-match": previous?.etag ?? undefined,
    "if-modified-since": previous?.lastModified ?? undefined,
  };
}

async function fetchFeed(
  feed: RssFeedSettings,
  previous: FeedCursor | undefined,
  settings: RssSourceSettings,
  context: SourceContext,
): Promise<FetchedFeed> {
  const secrets = Object.entries(settings.headers)
    .filter(([name]) => credentialLikeHeader.test(name))
    .map(([, value]) => value);
  const response = await context.http.request(feed.url, {
    responseType: "text",
    acceptStatuses: [304],
    signal: context.signal,
    // Resolved at request time, so a header read from a secret store is never held by the source.
    headers: () => requestHeaders(settings, previous),
    secrets,
  });
  if (response.status === 304) return { notModified: true };
  const text = typeof response.data === "string" ? response.data : "";
  const document = readFeedDocument(text, { url: response.url, contentType: response.headers.get("content-type") });
  return { notModified: false, document, etag: response.headers.get("etag"), lastModified: response.headers.get("last-modified") };
}

function feedLabel(feed: RssFeedSettings): string {
  const url = redactUrl(feed.url);
  return feed.name ? `"${feed.name}" (${url})` : url;
}

/** Turns one fetched document into items, observations and the feed's next cursor, within `budget` new items. */
function collectFeed(
  feed: RssFeedSettings,
  fetched: Extract<FetchedFeed, { notModified: false }>,
  previous: FeedCursor | undefined,
  pull: { sourceId: string; since: Date; fetchedAt: Date; budget: number; maxItemsPerFeed: number; emitted: Set<string> },
): FeedOutcome {
  const { document } = fetched;
  const warnings = document.rejected.map((reason) => `feed ${feedLabel(feed)}: ${reason}`);
  const entryContext = {
    sourceId: pull.sourceId,
    feedUrl: feed.url,
    feedName: feed.name,
    kind: feed.kind,
    document,
    fetchedAt: pull.fetchedAt,
  };
  const seenBefore = new Set(previous?.seen ?? []);
  const firstFetch = previous === undefined;
  const documentIds: string[] = [];
  const remembered = new Set<string>();
  const items: SourceItem[] = [];
  const observations: ObservationInput[] = [];
  let deferred = 0;
  let undated = 0;
  for (const entry of document.entries.slice(0, pull.maxItemsPerFeed)) {
    const mapped = toItem(entry, entryContext);
    if (!mapped.ok) {
      warnings.push(`feed ${feedLabel(feed)}: skipped an entry: ${mapped.reason}`);
      continue;
    }
    const { item, metrics } = mapped;
    documentIds.push(item.externalId);
    const isNew = !seenBefore.has(item.externalId) && !remembered.has(item.externalId);
    if (isNew && firstFetch && mapped.publishedAt.getTime() < pull.since.getTime()) {
      // Older than the look-back window on the first fetch: remembered so it never comes back as new.
      remembered.add(item.externalId);
      continue;
    }
    if (isNew && items.length >= pull.budget) {
      deferred++;
      continue;
    }
    remembered.add(item.externalId);
    if (isNew && !pull.emitted.has(item.id)) {
      items.push(item);
      pull.emitted.add(item.id);
      if (mapped.undated) undated++;
    }
    // Seen entries are observed again, so their engagement can be followed across pulls.
    const observation = toObservation(pull.sourceId, item, metrics, pull.fetchedAt);
    if (observation) observations.push(observation);
  }
  if (undated > 0) warnings.push(`feed ${feedLabel(feed)}: ${undated} entries have no date; used the fetch time`);
  const seen = rememberSeen(documentIds, remembered, previous?.seen ?? []);
  // With entries left over, keep the old validators so the next pull fetches the whole document again.
  const validators = deferred > 0 ? previous : fetched;
  return {
    items,
    observations,
    cursor: { etag: validators?.etag ?? null, lastModified: validators?.lastModified ?? null, seen },
    deferred,
    warnings,
  };
}

function lowestBudget(settings: RssSourceSettings, context: SourceContext): RateLimitBudget | undefined {
  const budgets = [...new Set(settings.feeds.map((feed) => new URL(feed.url).host))]
    .map((host) => context.http.rateLimit(host))
    .filter((budget): budget is RateLimitBudget => budget !== undefined);
  return budgets.sort((a, b) => (a.remaining ?? Number.POSITIVE_INFINITY) - (b.remaining ?? Number.POSITIVE_INFINITY))[0];
}

function allFeedsFailed(failures: { feed: RssFeedSettings; error: UndercurrentError }[]): UndercurrentError {
  if (failures.length === 1 && failures[0]) return failures[0].error;
  return new UndercurrentError({
    code: rssErrorCodes.RSS_ALL_FEEDS_FAILED,
    message: `all ${failures.length} feeds failed: ${failures.map(({ feed, error }) => `${feedLabel(feed)}: ${error.message}`).join("; ")}`,
    isRetryable: failures.some(({ error }) => error.isRetryable),
    cause: failures.map(({ error }) => error),
  });
}

function retryAfter(errors: readonly UndercurrentError[]): number | undefined {
  const waits = errors.flatMap((error) => (ApiCallError.isInstance(error) && error.retryAfterMs !== undefined ? [error.retryAfterMs] : []));
  return waits.length > 0 ? Math.max(...waits) : undefined;
}

/**
 * Creates a `Source` that watches RSS 2.0, RSS 1.0 and Atom feeds: Hacker News via hnrss.org, subreddit feeds,
 * YouTube channel feeds, blogs. Each pull fetches every feed with conditional requests (`If-None-Match`,
 * `If-Modified-Since`), returns the entries not seen before (by guid / id, else link, else title and date), and an
 * observation of every entry that carries engagement numbers. One failing feed degrades the source and the others
 * still deliver; when every feed fails the pull throws.
 *
 * @example
 * ```ts
 * const source = createRssSource({ id: "rss-hn", feeds: [{ url: "https://hnrss.org/frontpage", name: "HN front page" }] });
 * ```
 */
export function createRssSource(options: RssSourceOptions = {}): Source {
  const settings = resolveRssSourceSettings(options);
  return {
    specVersion: "v1",
    id: settings.id,
    displayName: settings.displayName,
    pollIntervalMs: settings.pollIntervalMs,
    async pull(request, context): Promise<PullResult> {
      context.signal.throwIfAborted();
      const fetchedAt = new Date(context.clock.now());
      const stored = readCursor(request.cursor);
      const settled = await Promise.allSettled(
        settings.feeds.map((feed) =>
          fetchFeed(feed, stored.feeds[feed.url], settings, context).catch((error: unknown) => {
            throw mapRssError(error);
          }),
        ),
      );
      context.signal.throwIfAborted();

      const pull = {
        sourceId: settings.id,
        since: request.since,
        fetchedAt,
        budget: request.limit,
        maxItemsPerFeed: settings.maxItemsPerFeed,
        emitted: new Set<string>(),
      };
      const cursor: RssCursor = {};
      const items: SourceItem[] = [];
      const observations = new Map<string, ObservationInput>();
      const warnings = [...stored.warnings];
      const failures: { feed: RssFeedSettings; error: UndercurrentError }[] = [];
      let deferred = 0;
      settings.feeds.forEach((feed, index) => {
        const previous = stored.feeds[feed.url];
        const result = settled[index];
        if (!result || result.status === "rejected" || result.value.notModified) {
          if (result?.status === "rejected") failures.push({ feed, error: toUndercurrentError(result.reason) });
          if (previous) cursor[feed.url] = previous;
          return;
        }
        const outcome = collectFeed(feed, result.value, previous, { ...pull, budget: pull.budget - items.length });
        items.push(...outcome.items);
        for (const observation of outcome.observations)
          if (!observations.has(observation.itemId)) observations.set(observation.itemId, observation);
        cursor[feed.url] = outcome.cursor;
        deferred += outcome.deferred;
        warnings.push(...outcome.warnings);
      });

      if (failures.length > 0 && failures.length === settings.feeds.length) throw allFeedsFailed(failures);
      for (const { feed, error } of failures) {
        context.logger.warn("rss: feed failed", { sourceId: settings.id, feed: redactUrl(feed.url), code: error.code });
      }
      const wait = retryAfter(failures.map(({ error }) => error));
      const rateLimit = lowestBudget(settings, context);
      return {
        items,
        observations: [...observations.values()],
        cursor,
        hasMore: deferred > 0,
        ...(failures.length > 0 && {
          degraded: {
            reason: `${failures.length} of ${settings.feeds.length} feeds failed: ${failures
              .map(({ feed, error }) => `${feedLabel(feed)}: ${error.code}: ${error.message}`)
              .join("; ")}`,
            ...(wait !== undefined && { retryAfterMs: wait }),
          },
        }),
        ...(rateLimit && { rateLimit }),
        ...(warnings.length > 0 && { warnings }),
      };
    },
  } satisfies Source;
}
