import {
  ApiCallError,
  type HttpResponse,
  type ObservationInput,
  type PullRequest,
  type PullResult,
  parseOptions,
  type Source,
  type SourceContext,
  type SourceItem,
  type TimeSeriesInput,
} from "@undercurrent/core";
import type { z } from "zod";
import { parseEntries, trendingLinkSchema, trendingStatusSchema, trendingTagSchema, trendListSchema } from "./mastodon-api.js";
import { type MastodonCursor, readCursor, remember, rememberedPerKind, toJson } from "./mastodon-cursor.js";
import { mapMastodonError } from "./mastodon-error.js";
import {
  type MappingContext,
  tagKey,
  toHistorySeries,
  toLinkItem,
  toLinkObservation,
  toStatusItem,
  toStatusObservation,
  toTagItem,
  toTagObservation,
} from "./mastodon-mapping.js";
import {
  instanceSchema,
  type MastodonSourceOptions,
  type MastodonSourceSettings,
  mastodonSourceOptionsSchema,
  type TrendKind,
} from "./mastodon-source-options.js";

const defaultInstance = "https://mastodon.social";

function readEnvironment(name: string): string | undefined {
  const value = typeof process === "undefined" ? undefined : process.env[name]?.trim();
  return value ? value : undefined;
}

function resolveInstance(settings: MastodonSourceSettings): string {
  if (settings.instance) return settings.instance;
  const fromEnvironment = readEnvironment("MASTODON_INSTANCE");
  if (!fromEnvironment) return defaultInstance;
  return parseOptions(instanceSchema, fromEnvironment, "createMastodonSource", "instance (from MASTODON_INSTANCE)");
}

/** What reading one page of a trend list produced. */
interface PageOutcome {
  items: SourceItem[];
  observations: ObservationInput[];
  series: TimeSeriesInput[];
  /** Keys of every entry seen on the page, emitted or not. */
  keys: string[];
  warnings: string[];
}

/** `remembered`: keys the cursor says were emitted before; `observed`: keys already read in this pull. */
type PageReader = (
  entries: readonly unknown[],
  offset: number,
  remembered: ReadonlySet<string>,
  observed: ReadonlySet<string>,
) => PageOutcome;

/**
 * Builds the reader of one trend list: every valid entry is observed again (and its history series refreshed);
 * it becomes an item only when the cursor does not remember it. An entry read twice in one pull (the list
 * shifted between pages) counts once.
 */
function pageReader<Schema extends z.ZodType>(spec: {
  label: string;
  schema: Schema;
  key: (entry: z.output<Schema>) => string;
  inScope?: (entry: z.output<Schema>) => boolean;
  toItem: (entry: z.output<Schema>) => SourceItem;
  toObservation: (entry: z.output<Schema>, rank: number) => ObservationInput;
  toSeries?: (entry: z.output<Schema>) => TimeSeriesInput[];
}): PageReader {
  return (entries, offset, remembered, observed) => {
    const parsed = parseEntries(spec.schema, entries, { label: spec.label, offset });
    const outcome: PageOutcome = { items: [], observations: [], series: [], keys: [], warnings: parsed.warnings };
    for (const { entry, rank } of parsed.valid) {
      const key = spec.key(entry);
      if (observed.has(key) || outcome.keys.includes(key) || (spec.inScope && !spec.inScope(entry))) continue;
      outcome.keys.push(key);
      if (!remembered.has(key)) outcome.items.push(spec.toItem(entry));
      outcome.observations.push(spec.toObservation(entry, rank));
      outcome.series.push(...(spec.toSeries?.(entry) ?? []));
    }
    return outcome;
  };
}

function pageReaders(mapping: MappingContext, since: Date): Record<TrendKind, PageReader> {
  return {
    tags: pageReader({
      label: "trending tags",
      schema: trendingTagSchema,
      key: (tag) => tagKey(tag.name),
      toItem: (tag) => toTagItem(tag, mapping),
      toObservation: (tag, rank) => toTagObservation(tag, rank, mapping),
      toSeries: (tag) => toHistorySeries({ kind: "tag", key: tagKey(tag.name), history: tag.history }, mapping),
    }),
    links: pageReader({
      label: "trending links",
      schema: trendingLinkSchema,
      key: (link) => link.url,
      toItem: (link) => toLinkItem(link, mapping),
      toObservation: (link, rank) => toLinkObservation(link, rank, mapping),
      toSeries: (link) => toHistorySeries({ kind: "link", key: link.url, history: link.history }, mapping),
    }),
    statuses: pageReader({
      label: "trending statuses",
      schema: trendingStatusSchema,
      key: (status) => status.id,
      // The look-back window: older statuses that still trend are left alone, as on a first pull.
      inScope: (status) => Date.parse(status.created_at) >= since.getTime(),
      toItem: (status) => toStatusItem(status, mapping),
      toObservation: (status, rank) => toStatusObservation(status, rank, mapping),
    }),
  };
}

/** The `offset` of the next page, or undefined when the list ends here. */
function nextOffset(response: HttpResponse<unknown[]>, offset: number, pageSize: number): number | undefined {
  const count = response.data.length;
  const link = response.headers.get("link")?.trim();
  // Mastodon sends `Link: <…?offset=40>; rel="next"` only while the list continues; without the header, a full page means more.
  if (!link) return count > 0 && count >= pageSize ? offset + count : undefined;
  const next = link
    .split(",")
    .map((part) => /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim()))
    .find((match) => match?.[2]?.split(/\s+/).includes("next"));
  if (!next?.[1]) return undefined;
  let linked = Number.NaN;
  try {
    linked = Number(new URL(next[1], response.url).searchParams.get("offset") ?? Number.NaN);
  } catch {
    // an unparsable link: fall back to counting
  }
  if (Number.isInteger(linked) && linked > offset) return linked;
  return count > 0 ? offset + count : undefined;
}

/** What a pull has gathered so far, shared by the lists it reads. */
interface PullProgress {
  request: PullRequest;
  context: SourceContext;
  readers: Record<TrendKind, PageReader>;
  items: SourceItem[];
  observations: ObservationInput[];
  series: TimeSeriesInput[];
  warnings: string[];
  /** Entries read in this pull, valid or not, counted against `request.limit`. */
  fetched: number;
  /** Set once the rate-limit budget is spent: no further request in this pull. */
  cooldown?: PullResult["degraded"];
}

function unavailableDegradation(unavailable: readonly { kind: TrendKind; error: ApiCallError }[]): PullResult["degraded"] {
  if (unavailable.length === 0) return undefined;
  const names = unavailable.map(({ kind }) => kind);
  return {
    reason: `this instance serves no trending ${names.join(" or ")} (${unavailable[0]!.error.statusCode}); leave ${names
      .map((name) => `"${name}"`)
      .join(", ")} out of include`,
  };
}

/**
 * Creates a source for the public trends of a Mastodon instance: trending tags (with their daily `uses` and
 * `accounts` history as series), trending links and trending statuses.
 *
 * Trends are snapshots, not a timeline. Each pull reads every included list from the top (up to
 * `maxPages × limit` entries each), observes every entry again (rank, engagement, history) so velocity can be
 * measured, and emits as items only the entries its cursor does not remember having emitted.
 *
 * @example
 * const source = createMastodonSource({ instance: "fosstodon.org", include: ["tags", "links"] });
 */
export function createMastodonSource(options: MastodonSourceOptions = {}): Source {
  const settings = parseOptions(
    mastodonSourceOptionsSchema,
    options satisfies z.input<typeof mastodonSourceOptionsSchema>,
    "createMastodonSource",
  );
  const instance = resolveInstance(settings);
  const baseURL = settings.baseURL ?? instance;
  const host = new URL(baseURL).host;
  const sourceId = settings.id;

  // Read when a request is made, so a token set after creation (or rotated) is used and none is kept around.
  const accessToken = () => settings.accessToken ?? readEnvironment("MASTODON_ACCESS_TOKEN");
  const requestHeaders = () => {
    const token = accessToken();
    return { ...settings.headers, ...(token && { authorization: `Bearer ${token}` }) };
  };

  const spentBudget = (context: SourceContext): PullResult["degraded"] => {
    const budget = context.http.rateLimit(host);
    const now = context.clock.now();
    if (budget?.remaining !== 0 || !budget.resetAt || budget.resetAt.getTime() <= now) return undefined;
    return {
      reason: `Mastodon rate limit of ${host} spent until ${budget.resetAt.toISOString()}; the remaining pages wait for the reset`,
      retryAfterMs: budget.resetAt.getTime() - now,
    };
  };

  const fetchPage = (kind: TrendKind, offset: number, pageSize: number, context: SourceContext) =>
    context.http.request(`${baseURL}/api/v1/trends/${kind}`, {
      query: { limit: pageSize, offset },
      schema: trendListSchema,
      headers: requestHeaders,
      signal: context.signal,
    });

  /**
   * Reads one list from `offset` until it ends, `maxPages` is reached, `request.limit` entries were read in this
   * pull, or the rate-limit budget is spent (then `pendingAt` is where the next pull resumes).
   */
  async function readList(
    kind: TrendKind,
    offset: number,
    remembered: ReadonlySet<string>,
    progress: PullProgress,
  ): Promise<{ keys: string[]; pendingAt?: number; unavailable?: ApiCallError }> {
    const { request, context } = progress;
    const keys = new Set<string>();
    const end = settings.maxPages * settings.limit[kind];
    let position = offset;
    while (position < end) {
      progress.cooldown ??= spentBudget(context);
      if (progress.cooldown || progress.fetched >= request.limit) return { keys: [...keys], pendingAt: position };
      const pageSize = Math.min(settings.limit[kind], request.limit - progress.fetched, end - position);
      let response: HttpResponse<unknown[]>;
      try {
        response = await fetchPage(kind, position, pageSize, context);
      } catch (error) {
        const mapped = mapMastodonError(error, { authenticated: accessToken() !== undefined });
        if (ApiCallError.isInstance(mapped) && mapped.code === "MASTODON_TRENDS_UNAVAILABLE")
          return { keys: [...keys], unavailable: mapped };
        throw mapped;
      }
      progress.fetched += response.data.length;
      const page = progress.readers[kind](response.data, position, remembered, keys);
      progress.items.push(...page.items);
      progress.observations.push(...page.observations);
      progress.series.push(...page.series);
      progress.warnings.push(...page.warnings);
      for (const key of page.keys) keys.add(key);
      const following = nextOffset(response, position, pageSize);
      if (following === undefined) break;
      position = following;
    }
    return { keys: [...keys] };
  }

  async function pull(request: PullRequest, context: SourceContext): Promise<PullResult> {
    context.signal.throwIfAborted();
    const { cursor: state, warning } = readCursor(request.cursor);
    const progress: PullProgress = {
      request,
      context,
      readers: pageReaders({ sourceId, instance, now: new Date(context.clock.now()) }, request.since),
      items: [],
      observations: [],
      series: [],
      warnings: warning ? [warning] : [],
      fetched: 0,
    };
    // Lists left unfinished by the previous pull are finished first; otherwise a new snapshot starts.
    const continuing = settings.include.filter((kind) => state.pending[kind] !== undefined);
    const kinds = continuing.length > 0 ? continuing : settings.include;
    const next: MastodonCursor = { version: 1, pending: {}, seen: { ...state.seen } };
    const unavailable: { kind: TrendKind; error: ApiCallError }[] = [];
    for (const kind of kinds) {
      const read = await readList(kind, state.pending[kind] ?? 0, new Set(state.seen[kind]), progress);
      if (read.pendingAt !== undefined) next.pending[kind] = read.pendingAt;
      if (read.unavailable) unavailable.push({ kind, error: read.unavailable });
      next.seen[kind] = remember(state.seen[kind], read.keys, rememberedPerKind[kind]);
    }
    if (unavailable.length === kinds.length && progress.fetched === 0) throw unavailable[0]!.error;

    const degraded = progress.cooldown ?? unavailableDegradation(unavailable);
    const rateLimit = context.http.rateLimit(host);
    return {
      items: progress.items,
      observations: progress.observations,
      series: progress.series,
      cursor: toJson(next),
      // A spent budget is a reason to wait, not to page on.
      hasMore: Object.keys(next.pending).length > 0 && !progress.cooldown,
      ...(degraded && { degraded }),
      ...(rateLimit && { rateLimit }),
      ...(progress.warnings.length > 0 && { warnings: progress.warnings }),
    };
  }

  return {
    specVersion: "v1",
    id: sourceId,
    displayName: `Mastodon (${new URL(instance).host})`,
    pollIntervalMs: settings.pollIntervalMs,
    pull,
  } satisfies Source;
}
