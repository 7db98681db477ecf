import { itemId, type ObservationInput, type SeriesInterval, type SourceItem, type TimeSeriesInput } from "@undercurrent/core";
import {
  type RankedKeyword,
  type TimelinePoint,
  type TrendingNewsItem,
  type TrendingRssItem,
  trendingNewsItemSchema,
} from "./google-trends-api.js";

/** The id of the Google Trends source, used in item ids, series ids and cursors. */
export const googleTrendsSourceId = "google-trends";

// Links are for people, so they point at Google Trends itself even when `baseURL` is a proxy.
const trendsOrigin = "https://trends.google.com";

const multipliers: Record<string, number> = { K: 1_000, M: 1_000_000, B: 1_000_000_000 };

/**
 * Reads Google's approximate traffic (`2000+`, `50,000+`, `500K+`, `1.5M+`) as a number of searches,
 * or `undefined` when it is missing or unreadable.
 */
export function parseApproximateTraffic(text: string | null | undefined): number | undefined {
  const match = /^\s*([\d.,]+)\s*([KMB])?\s*\+?\s*$/i.exec(text ?? "");
  if (!match) return undefined;
  const [, digits = "", suffix] = match;
  // Without a suffix the separators are thousands separators (`50,000+`, or `50.000+` in some locales).
  const number = suffix ? Number(digits.replace(/,/g, "")) * multipliers[suffix.toUpperCase()]! : Number(digits.replace(/[.,]/g, ""));
  return Number.isFinite(number) ? Math.round(number) : undefined;
}

/** Lowercased, single-spaced: how Google treats a search term. */
export function normalizeSearchTerm(term: string): string {
  return term.trim().toLowerCase().replace(/\s+/g, " ");
}

function exploreUrl(query: string, geo: string, date: string): string {
  return `${trendsOrigin}/trends/explore?${new URLSearchParams({ q: query, geo, date })}`;
}

/** A mapped entry: the item, its engagement now, and the key the cursor remembers it by. */
export interface MappedEntry {
  item: SourceItem;
  publishedAt: Date;
  observation: ObservationInput;
  seenKey: string;
}

function toNews(raw: unknown): { title: string; url?: string; source?: string; picture?: string } | undefined {
  const parsed = trendingNewsItemSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const news: TrendingNewsItem = parsed.data;
  const title = news["ht:news_item_title"];
  if (!title) return undefined;
  return {
    title,
    ...(news["ht:news_item_url"] && { url: news["ht:news_item_url"] }),
    ...(news["ht:news_item_source"] && { source: news["ht:news_item_source"] }),
    ...(news["ht:news_item_picture"] && { picture: news["ht:news_item_picture"] }),
  };
}

/**
 * Maps one trending-now `<item>` to a `search-term` item and an observation (`views` = approximate searches,
 * `rank` = position in the feed). Without a readable `pubDate` the item is dated `observedAt`.
 */
export function toTrendingEntry(raw: TrendingRssItem, context: { geo: string; rank: number; observedAt: Date }): MappedEntry {
  const title = raw.title;
  const externalId = `trending:${context.geo}:${normalizeSearchTerm(title)}`;
  const published = raw.pubDate ? Date.parse(raw.pubDate) : Number.NaN;
  const publishedAt = Number.isNaN(published) ? context.observedAt : new Date(published);
  const traffic = parseApproximateTraffic(raw["ht:approx_traffic"]);
  const news = (raw["ht:news_item"] ?? []).map(toNews).filter((entry) => entry !== undefined);
  const id = itemId(googleTrendsSourceId, externalId);
  return {
    publishedAt,
    item: {
      id,
      source: googleTrendsSourceId,
      externalId,
      kind: "search-term",
      title,
      text: news.map((entry) => (entry.source ? `${entry.title} (${entry.source})` : entry.title)).join("\n"),
      url: exploreUrl(title, context.geo, "now 1-d"),
      tags: [],
      publishedAt,
      metadata: {
        type: "trending-search",
        geo: context.geo,
        rank: context.rank,
        ...(traffic !== undefined && { approximateTraffic: traffic }),
        ...(raw["ht:approx_traffic"] && { formattedTraffic: raw["ht:approx_traffic"] }),
        ...(raw["ht:picture"] && { picture: raw["ht:picture"] }),
        ...(raw["ht:picture_source"] && { pictureSource: raw["ht:picture_source"] }),
        news,
      },
    },
    observation: {
      itemId: id,
      source: googleTrendsSourceId,
      observedAt: context.observedAt,
      metrics: { rank: context.rank, ...(traffic !== undefined && { views: traffic }) },
    },
    // The same search trending again later has a new pubDate and is new again.
    seenKey: `${externalId}|${Number.isNaN(published) ? "" : publishedAt.toISOString()}`,
  };
}

/** True for a rising entry Google shows as "Breakout" (grew more than 5000%); the label is localised, so no digits means breakout. */
export function isBreakout(entry: RankedKeyword): boolean {
  return entry.formattedValue !== null && entry.formattedValue !== undefined && !/\d/.test(entry.formattedValue);
}

function rankedValue(entry: RankedKeyword, rank: number) {
  return { value: entry.value, rank, ...(entry.formattedValue && { formattedValue: entry.formattedValue }) };
}

/**
 * Maps a keyword's TOP and RISING related queries to `search-term` items, one per query (a query in both lists
 * is one item with both in its metadata). Observations: `searchInterest` = the TOP value (0–100, relative to
 * the most searched related query), `score` = the RISING growth in percent (Google's number, also for breakouts).
 */
export function toRelatedEntries(
  lists: { top: readonly RankedKeyword[]; rising: readonly RankedKeyword[] },
  context: { geo: string; keyword: string; timeframe: string; observedAt: Date },
): MappedEntry[] {
  const byQuery = new Map<string, { query: RankedKeyword; top?: number; rising?: number }>();
  const add = (entries: readonly RankedKeyword[], list: "top" | "rising") =>
    entries.forEach((entry, index) => {
      const key = normalizeSearchTerm(entry.query);
      const known = byQuery.get(key) ?? { query: entry };
      known[list] = index;
      byQuery.set(key, known);
    });
  add(lists.top, "top");
  add(lists.rising, "rising");
  const prefix = `related:${context.geo}:${normalizeSearchTerm(context.keyword)}`;
  return [...byQuery].map(([key, { query, top, rising }]) => {
    const topEntry = top === undefined ? undefined : lists.top[top];
    const risingEntry = rising === undefined ? undefined : lists.rising[rising];
    const externalId = `${prefix}:${key}`;
    const id = itemId(googleTrendsSourceId, externalId);
    const link = query.link?.startsWith("/") ? `${trendsOrigin}${query.link}` : exploreUrl(query.query, context.geo, context.timeframe);
    return {
      publishedAt: context.observedAt,
      item: {
        id,
        source: googleTrendsSourceId,
        externalId,
        kind: "search-term",
        title: query.query,
        text: "",
        url: link,
        tags: [],
        // Related queries carry no date; they are dated when seen.
        publishedAt: context.observedAt,
        metadata: {
          type: "related-query",
          keyword: context.keyword,
          geo: context.geo,
          timeframe: context.timeframe,
          breakout: risingEntry ? isBreakout(risingEntry) : false,
          ...(topEntry && { top: rankedValue(topEntry, top! + 1) }),
          ...(risingEntry && { rising: rankedValue(risingEntry, rising! + 1) }),
        },
      },
      observation: {
        itemId: id,
        source: googleTrendsSourceId,
        observedAt: context.observedAt,
        metrics: {
          ...(topEntry && { searchInterest: Math.max(0, topEntry.value) }),
          ...(risingEntry && { score: risingEntry.value }),
        },
      },
      seenKey: key,
    };
  });
}

const resolutionIntervals: Record<string, SeriesInterval> = {
  MINUTE: "minute",
  HOUR: "hour",
  DAY: "day",
  WEEK: "week",
  MONTH: "month",
};

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** The interval of points at `times` (epoch ms), from their median spacing; else from the widget's resolution. */
export function intervalOf(times: readonly number[], resolution?: string | null): SeriesInterval {
  const gaps = times
    .slice(1)
    .map((time, index) => time - times[index]!)
    .sort((a, b) => a - b);
  const gap = gaps[Math.floor(gaps.length / 2)];
  if (gap === undefined) return resolutionIntervals[resolution?.toUpperCase() ?? ""] ?? "irregular";
  if (gap === minute) return "minute";
  if (gap === hour) return "hour";
  if (gap === day) return "day";
  if (gap === 7 * day) return "week";
  if (gap >= 28 * day && gap <= 31 * day) return "month";
  return "irregular";
}

/** The id of a keyword's interest series: `google-trends:interest:<geo>:<keyword>`. */
export function interestSeriesId(geo: string, keyword: string): string {
  return `${googleTrendsSourceId}:interest:${geo}:${keyword}`;
}

/** A keyword's series with only the points after the cursor, and the time of its last complete point. */
export interface InterestSeries {
  series: TimeSeriesInput;
  lastCompleteAt: Date | undefined;
}

/**
 * Maps a multiline timeline (one value per compared keyword) to one `search-interest` series per keyword.
 * Buckets without data for a keyword are left out. The partial last bucket is left out of `points` (its value
 * still grows) and reported as `metadata.partialPoint`; only points after `after[seriesId]` (ISO) are kept.
 */
export function toInterestSeries(
  timeline: readonly TimelinePoint[],
  context: { geo: string; keywords: readonly string[]; timeframe: string; resolution?: string | null; after: Record<string, string> },
): InterestSeries[] {
  return context.keywords.map((keyword, index) => {
    const id = interestSeriesId(context.geo, keyword);
    const points = timeline
      .filter((point) => point.hasData?.[index] !== false && point.value[index] !== undefined)
      .map((point) => ({ at: new Date(point.time * 1000), value: point.value[index]!, partial: point.isPartial === true }))
      .sort((a, b) => a.at.getTime() - b.at.getTime());
    const complete = points.filter((point) => !point.partial);
    const partial = points.find((point) => point.partial);
    const after = context.after[id] === undefined ? Number.NEGATIVE_INFINITY : Date.parse(context.after[id]);
    const lastComplete = complete.at(-1);
    return {
      series: {
        id,
        source: googleTrendsSourceId,
        metric: "search-interest",
        key: keyword,
        interval: intervalOf(
          points.map((point) => point.at.getTime()),
          context.resolution,
        ),
        points: complete.filter((point) => point.at.getTime() > after).map(({ at, value }) => ({ at, value })),
        metadata: {
          geo: context.geo,
          timeframe: context.timeframe,
          comparedWith: [...context.keywords],
          scale: "0-100, relative to the highest point of the keywords compared together",
          ...(partial && { partialPoint: { at: partial.at.toISOString(), value: partial.value } }),
        },
      },
      lastCompleteAt: lastComplete?.at,
    };
  });
}
