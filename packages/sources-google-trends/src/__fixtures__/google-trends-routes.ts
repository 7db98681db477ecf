import { readFileSync } from "node:fs";
import type { MockResponse, RecordedCall, Routes } from "@undercurrent/core/testing";

// Test support: the recorded payloads of api-reference.md §4 and msw routes of a healthy Google Trends.

/** Where the tests point the source (the real origin, intercepted by msw). */
export const trendsBaseUrl = "https://trends.google.com";

/** The endpoints the source calls. */
export const trendsUrls = {
  rss: `${trendsBaseUrl}/trending/rss`,
  explore: `${trendsBaseUrl}/trends/api/explore`,
  multiline: `${trendsBaseUrl}/trends/api/widgetdata/multiline`,
  related: `${trendsBaseUrl}/trends/api/widgetdata/relatedsearches`,
} as const;

/** A fixture file's text. */
export function fixture(name: string): string {
  return readFileSync(new URL(`./${name}`, import.meta.url), "utf8");
}

/** Explore bodies start with `)]}'` and a newline. */
export function exploreBody(json: string): string {
  return `)]}'\n${json}`;
}

/** Widgetdata bodies start with `)]}',` and a newline. */
export function widgetBody(json: string): string {
  return `)]}',\n${json}`;
}

const jsonHeaders = { "content-type": "application/json; charset=utf-8" };
const javascriptHeaders = { "content-type": "text/javascript; charset=UTF-8" };
/** Headers Google sends with the feed. */
export const rssHeaders = { "content-type": "application/rss+xml; charset=UTF-8" };

/** The trending feed; with `now`, its pubDates are moved to the hour before `now` (for look-back windows). */
export function trendingRss(name = "trending-rss-us.xml", now?: number): string {
  const text = fixture(name);
  if (now === undefined) return text;
  let minutes = 0;
  return text.replace(/<pubDate>[^<]*<\/pubDate>/g, () => `<pubDate>${new Date(now - (minutes += 10) * 60_000).toUTCString()}</pubDate>`);
}

/** The `req` parameter of a call, parsed. */
export function requestOf(call: RecordedCall): unknown {
  return JSON.parse(new URL(call.url).searchParams.get("req") ?? "null");
}

function relatedFor(call: RecordedCall): MockResponse {
  const request = requestOf(call) as { restriction: { complexKeywordsRestriction: { keyword: { value: string }[] } } };
  const keyword = request.restriction.complexKeywordsRestriction.keyword[0]!.value;
  return { headers: jsonHeaders, text: widgetBody(fixture(`relatedsearches-${keyword}.json`)) };
}

/** A healthy Google Trends for `keywords: ["bitcoin", "ethereum"]`, answering with the fixtures. */
export function healthyRoutes(options: { now?: number; multiline?: string } = {}): Routes {
  return {
    [trendsUrls.rss]: () => ({ headers: rssHeaders, text: trendingRss("trending-rss-us.xml", options.now) }),
    [trendsUrls.explore]: { headers: javascriptHeaders, text: exploreBody(fixture("explore-bitcoin-ethereum.json")) },
    [trendsUrls.multiline]: { headers: jsonHeaders, text: widgetBody(fixture(options.multiline ?? "multiline-bitcoin-ethereum.json")) },
    [trendsUrls.related]: relatedFor,
  };
}

/** Explore widgets for any keywords, built from the request (for batching tests). */
export function syntheticExplore(call: RecordedCall): MockResponse {
  const request = requestOf(call) as { comparisonItem: { keyword: string; geo: string; time: string }[] };
  const keywords = request.comparisonItem.map((item) => item.keyword);
  const widgets = [
    { id: "TIMESERIES", token: "APP6_timeseries", request: { keywords, resolution: "HOUR" } },
    ...keywords.map((keyword, index) => ({
      id: `RELATED_QUERIES_${index}`,
      token: `APP6_related_${index}`,
      request: { restriction: { complexKeywordsRestriction: { keyword: [{ type: "BROAD", value: keyword }] } }, keywordType: "QUERY" },
    })),
  ];
  return { headers: javascriptHeaders, text: exploreBody(JSON.stringify({ widgets })) };
}

/** Interest for any keywords: two complete hours, each keyword's value its position times ten. */
export function syntheticMultiline(call: RecordedCall): MockResponse {
  const { keywords } = requestOf(call) as { keywords: string[] };
  const values = keywords.map((_, index) => (index + 1) * 10);
  const timelineData = ["1748736000", "1748739600"].map((time) => ({ time, value: values, hasData: values.map(() => true) }));
  return { headers: jsonHeaders, text: widgetBody(JSON.stringify({ default: { timelineData, averages: [] } })) };
}

/** One top related query per keyword: `<keyword> news`. */
export function syntheticRelated(call: RecordedCall): MockResponse {
  const request = requestOf(call) as { restriction: { complexKeywordsRestriction: { keyword: { value: string }[] } } };
  const keyword = request.restriction.complexKeywordsRestriction.keyword[0]!.value;
  const rankedList = [{ rankedKeyword: [{ query: `${keyword} news`, value: 100, formattedValue: "100" }] }, { rankedKeyword: [] }];
  return { headers: jsonHeaders, text: widgetBody(JSON.stringify({ default: { rankedList } })) };
}
