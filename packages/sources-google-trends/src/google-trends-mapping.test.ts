import { itemSchema, observationSchema, timeSeriesSchema } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import type { RankedKeyword, TimelinePoint } from "./google-trends-api.js";
import {
  intervalOf,
  isBreakout,
  parseApproximateTraffic,
  toInterestSeries,
  toRelatedEntries,
  toTrendingEntry,
} from "./google-trends-mapping.js";

const observedAt = new Date("2025-06-01T18:00:00Z");

describe("parseApproximateTraffic", () => {
  it.each<[string | undefined, number | undefined]>([
    ["2000+", 2_000],
    ["50,000+", 50_000],
    ["500K+", 500_000],
    ["1.5M+", 1_500_000],
    ["2M+", 2_000_000],
    ["50.000+", 50_000],
    [" 200+ ", 200],
    ["", undefined],
    ["lots", undefined],
    [undefined, undefined],
  ])("reads %j as %j", (text, expected) => {
    expect(parseApproximateTraffic(text)).toBe(expected);
  });
});

describe("toTrendingEntry", () => {
  it("maps an RSS item to a schema-valid search term and observation", () => {
    const entry = toTrendingEntry(
      {
        title: "Nba  Finals",
        "ht:approx_traffic": "500K+",
        pubDate: "Sun, 1 Jun 2025 10:40:00 -0700",
        "ht:news_item": [
          { "ht:news_item_title": "Game 1", "ht:news_item_url": "https://www.espn.com/1", "ht:news_item_source": "ESPN" },
          { "ht:news_item_url": "https://example.com/without-a-title" },
        ],
      },
      { geo: "US", rank: 4, observedAt },
    );
    expect(entry.item).toMatchObject({ externalId: "trending:US:nba finals", title: "Nba  Finals", text: "Game 1 (ESPN)" });
    expect(entry.item.metadata).toEqual({
      type: "trending-search",
      geo: "US",
      rank: 4,
      approximateTraffic: 500_000,
      formattedTraffic: "500K+",
      news: [{ title: "Game 1", url: "https://www.espn.com/1", source: "ESPN" }],
    });
    expect(entry.seenKey).toBe("trending:US:nba finals|2025-06-01T17:40:00.000Z");
    expect(itemSchema.parse({ ...entry.item, fetchedAt: observedAt }).publishedAt).toEqual(new Date("2025-06-01T17:40:00Z"));
    expect(observationSchema.parse(entry.observation).metrics).toEqual({ rank: 4, views: 500_000 });
  });

  it("dates an item without a readable pubDate when it is seen", () => {
    const entry = toTrendingEntry({ title: "eclipse", pubDate: "yesterday" }, { geo: "GB", rank: 1, observedAt });
    expect(entry.publishedAt).toEqual(observedAt);
    expect(entry.seenKey).toBe("trending:GB:eclipse|");
    expect(entry.observation.metrics).toEqual({ rank: 1 });
  });
});

describe("toRelatedEntries", () => {
  const top: RankedKeyword[] = [
    { query: "bitcoin price", value: 100, formattedValue: "100", link: "/trends/explore?q=bitcoin+price&date=today+12-m&geo=US" },
    { query: "Bitcoin ETF", value: 23, formattedValue: "23" },
  ];
  const rising: RankedKeyword[] = [
    { query: "bitcoin etf", value: 2450, formattedValue: "+2,450%" },
    { query: "bitcoin halving", value: 35700, formattedValue: "Breakout" },
  ];

  it("merges a query listed in TOP and RISING into one item", () => {
    const entries = toRelatedEntries({ top, rising }, { geo: "US", keyword: "Bitcoin", timeframe: "today 12-m", observedAt });
    expect(entries.map((entry) => entry.item.externalId)).toEqual([
      "related:US:bitcoin:bitcoin price",
      "related:US:bitcoin:bitcoin etf",
      "related:US:bitcoin:bitcoin halving",
    ]);
    expect(entries[0]!.item.url).toBe("https://trends.google.com/trends/explore?q=bitcoin+price&date=today+12-m&geo=US");
    expect(entries[1]!.item.url).toBe("https://trends.google.com/trends/explore?q=Bitcoin+ETF&geo=US&date=today+12-m");
    expect(entries[1]!.item.metadata).toMatchObject({
      breakout: false,
      top: { value: 23, rank: 2 },
      rising: { value: 2450, formattedValue: "+2,450%", rank: 1 },
    });
    expect(entries[1]!.observation.metrics).toEqual({ searchInterest: 23, score: 2450 });
    expect(entries[2]!.item.metadata).toMatchObject({ breakout: true });
    expect(entries[2]!.item.metadata).not.toHaveProperty("top");
    expect(entries[2]!.observation.metrics).toEqual({ score: 35700 });
    for (const entry of entries) itemSchema.parse({ ...entry.item, fetchedAt: observedAt });
  });

  it("recognises a localised breakout label", () => {
    expect(isBreakout({ query: "x", value: 9000, formattedValue: "Sprunghaft" })).toBe(true);
    expect(isBreakout({ query: "x", value: 90, formattedValue: "+90 %" })).toBe(false);
    expect(isBreakout({ query: "x", value: 90 })).toBe(false);
  });
});

describe("intervalOf", () => {
  const at = (...isos: string[]) => isos.map((iso) => Date.parse(iso));
  it.each([
    [at("2025-06-01T00:00:00Z", "2025-06-01T00:01:00Z", "2025-06-01T00:02:00Z"), "minute"],
    [at("2025-06-01T00:00:00Z", "2025-06-01T01:00:00Z"), "hour"],
    [at("2025-06-01", "2025-06-02", "2025-06-03"), "day"],
    [at("2024-06-02", "2024-06-09", "2024-06-16"), "week"],
    [at("2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"), "month"],
    [at("2025-06-01T00:00:00Z", "2025-06-01T00:08:00Z", "2025-06-01T00:16:00Z"), "irregular"],
  ])("reads the spacing of %j as %s", (times, interval) => {
    expect(intervalOf(times)).toBe(interval);
  });

  it("falls back to the widget's resolution for a single point", () => {
    expect(intervalOf([Date.parse("2025-06-01")], "WEEK")).toBe("week");
    expect(intervalOf([], null)).toBe("irregular");
  });
});

describe("toInterestSeries", () => {
  const timeline: TimelinePoint[] = [
    { time: 1717286400, value: [41, 3], hasData: [true, true] },
    { time: 1717891200, value: [48, 0], hasData: [true, false] },
    { time: 1718496000, value: [52, 5], hasData: [true, true] },
    { time: 1719100800, value: [55, 6], hasData: [true, true], isPartial: true },
  ];

  it("makes one series per keyword, keeping the partial bucket out of the points", () => {
    const [rust, zig] = toInterestSeries(timeline, { geo: "US", keywords: ["rust", "zig"], timeframe: "today 1-m", after: {} });
    expect(timeSeriesSchema.parse(rust!.series)).toMatchObject({
      id: "google-trends:interest:US:rust",
      interval: "week",
      points: [
        { at: new Date("2024-06-02T00:00:00Z"), value: 41 },
        { at: new Date("2024-06-09T00:00:00Z"), value: 48 },
        { at: new Date("2024-06-16T00:00:00Z"), value: 52 },
      ],
      metadata: { partialPoint: { at: "2024-06-23T00:00:00.000Z", value: 55 }, comparedWith: ["rust", "zig"] },
    });
    expect(rust!.lastCompleteAt).toEqual(new Date("2024-06-16T00:00:00Z"));
    expect(zig!.series.points.map((point) => point.value)).toEqual([3, 5]);
  });

  it("keeps only the points after the cursor", () => {
    const [rust] = toInterestSeries(timeline, {
      geo: "US",
      keywords: ["rust"],
      timeframe: "today 1-m",
      after: { "google-trends:interest:US:rust": "2024-06-09T00:00:00.000Z" },
    });
    expect(rust!.series.points).toEqual([{ at: new Date("2024-06-16T00:00:00Z"), value: 52 }]);
  });

  it("has no partial point when Google marks none", () => {
    const [rust] = toInterestSeries(timeline.slice(0, 2), { geo: "US", keywords: ["rust"], timeframe: "today 1-m", after: {} });
    expect(rust!.series.metadata).not.toHaveProperty("partialPoint");
  });
});
