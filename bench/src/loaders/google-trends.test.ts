import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  interestSeriesId,
  loadGoogleTrendsChatGpt,
  loadGoogleTrendsEventSpikes,
  loadGoogleTrendsFiles,
  parseTrendsTime,
} from "./google-trends.js";
import { entriesOfType, expectIdsFollowSources, fixturesDirectory } from "./loader-test-kit.js";

const utc = (iso: string) => new Date(`${iso}Z`);
const spikes = (file: string) => path.join(fixturesDirectory, "google-trends-event-spikes", file);

function pointsBySeries(entries: Awaited<ReturnType<typeof loadGoogleTrendsFiles>>["entries"]) {
  const points = new Map<string, [string, string, number][]>();
  for (const { at, series } of entriesOfType(entries, "series")) {
    const list = points.get(series.id) ?? [];
    for (const point of series.points) list.push([at.toISOString(), point.at.toISOString(), point.value]);
    points.set(series.id, list);
  }
  return points;
}

describe("parseTrendsTime", () => {
  it("reads the time formats of the exports as UTC", () => {
    expect(parseTrendsTime("2023-01-01")).toEqual(utc("2023-01-01T00:00:00"));
    expect(parseTrendsTime("2023-01-01T05")).toEqual(utc("2023-01-01T05:00:00"));
    expect(parseTrendsTime("9/20/2015")).toEqual(utc("2015-09-20T00:00:00"));
    expect(parseTrendsTime("Apr 10 2018")).toEqual(utc("2018-04-10T00:00:00"));
    expect(parseTrendsTime("Apr 12 2018 8:00")).toEqual(utc("2018-04-12T08:00:00"));
    expect(parseTrendsTime("Search topic")).toBeUndefined();
    expect(parseTrendsTime("2/30/2015")).toBeUndefined();
  });
});

describe("loadGoogleTrendsFiles", () => {
  it("reads the long layout after its description rows: one single-point entry per value, visible when the day closes", async () => {
    const { entries, rows } = await loadGoogleTrendsFiles([spikes("20300101_synthetic_debate.csv")]);
    expect(rows).toBe(4);
    expect(entries[0]).toEqual({
      type: "series",
      at: utc("2030-01-02T00:00:00"),
      series: {
        id: "google-trends:interest:20300101_synthetic_debate:Candidate A",
        source: "google-trends",
        metric: "search-interest",
        key: "Candidate A",
        interval: "day",
        points: [{ at: utc("2030-01-01T00:00:00"), value: 10 }],
        metadata: { file: "20300101_synthetic_debate.csv" },
      },
    });
    const points = pointsBySeries(entries);
    // `<1` is 0; the blank cell and the repeated 1/2/2030 row are left out.
    expect(points.get(interestSeriesId("20300101_synthetic_debate", "Candidate B"))).toEqual([
      ["2030-01-02T00:00:00.000Z", "2030-01-01T00:00:00.000Z", 0],
      ["2030-01-04T00:00:00.000Z", "2030-01-03T00:00:00.000Z", 5],
    ]);
    expect(points.get(interestSeriesId("20300101_synthetic_debate", "Candidate A"))?.map(([, , value]) => value)).toEqual([10, 40, 100]);
    expectIdsFollowSources(entries, "google-trends");
  });

  it("reads the wide layout: a row per topic, extra label columns as metadata", async () => {
    const { entries, skipped } = await loadGoogleTrendsFiles([
      spikes("20300102_synthetic_topics.csv"),
      spikes("20300103_synthetic_contest.csv"),
    ]);
    const points = pointsBySeries(entries);
    expect(points.get("google-trends:interest:20300102_synthetic_topics:Kites")?.map(([, , value]) => value)).toEqual([20, 0, 35]);
    expect(points.get("google-trends:interest:20300102_synthetic_topics:Umbrellas")?.map(([, , value]) => value)).toEqual([5, 7]);
    const contest = entriesOfType(entries, "series").find((entry) => entry.series.key === "The Fixtures");
    expect(contest?.series.metadata).toEqual({ Country: "Atlantis", file: "20300103_synthetic_contest.csv" });
    expect(skipped).toEqual([{ reason: "20300102_synthetic_topics.csv: not a number cell (point left out)", count: 1 }]);
  });

  it("calls a 4-hourly file irregular, as the live source does, and makes each point visible when its bucket closes", async () => {
    const { entries } = await loadGoogleTrendsFiles([spikes("20300104_synthetic_hours.csv")]);
    const comet = entriesOfType(entries, "series").filter((entry) => entry.series.key === "Comet");
    expect(comet.map((entry) => [entry.at.toISOString(), entry.series.interval, entry.series.points[0]!.value])).toEqual([
      ["2030-01-01T04:00:00.000Z", "irregular", 1],
      ["2030-01-01T08:00:00.000Z", "irregular", 50],
      ["2030-01-01T12:00:00.000Z", "irregular", 100],
    ]);
  });
});

describe("dataset loaders", () => {
  it("loadGoogleTrendsEventSpikes reads every file of the folder and counts the cells it leaves out", async () => {
    const { entries, rows, skipped } = await loadGoogleTrendsEventSpikes(fixturesDirectory);
    expect(rows).toBe(4 + 2 + 1 + 3);
    expect(new Set(entriesOfType(entries, "series").map((entry) => entry.series.id)).size).toBe(2 + 2 + 1 + 2);
    expect(skipped).toEqual([
      { reason: "20300101_synthetic_debate.csv: blank cell (point left out)", count: 1 },
      { reason: "20300101_synthetic_debate.csv: repeated date row (first kept)", count: 1 },
      { reason: "20300102_synthetic_topics.csv: not a number cell (point left out)", count: 1 },
    ]);
  });

  it("loadGoogleTrendsChatGpt names the renamed `score` column ChatGPT", async () => {
    const { entries, skipped } = await loadGoogleTrendsChatGpt(fixturesDirectory);
    expect(entriesOfType(entries, "series").map((entry) => [entry.series.id, entry.series.points[0]!.value])).toEqual([
      ["google-trends:interest:multiTimeline:ChatGPT", 11],
      ["google-trends:interest:multiTimeline:ChatGPT", 15],
      ["google-trends:interest:multiTimeline:ChatGPT", 0],
    ]);
    expect(skipped).toEqual([{ reason: "multiTimeline.csv: blank cell (point left out)", count: 1 }]);
  });
});
