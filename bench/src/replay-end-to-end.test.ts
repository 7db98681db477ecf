import { createMemoryStore, createReplaySources, replayHistory } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { loadGoogleTrendsChatGpt } from "./loaders/google-trends.js";
import { loadHnFrontpageRss } from "./loaders/hn-frontpage-rss.js";
import { loadHnFrontpageSnapshots } from "./loaders/hn-frontpage-snapshots.js";
import { dayMs, hourMs } from "./loaders/load-result.js";
import { fixturesDirectory } from "./loaders/loader-test-kit.js";

describe("replaying the synthetic datasets", () => {
  it("merges the HN snapshots and the RSS feed under one id and shows each story when it became visible", async () => {
    const snapshots = await loadHnFrontpageSnapshots(fixturesDirectory);
    const rss = await loadHnFrontpageRss(fixturesDirectory);
    const sources = await createReplaySources([...snapshots.entries, ...rss.entries]);
    expect(sources.map((source) => source.id)).toEqual(["hackernews"]);

    const store = createMemoryStore();
    const firstSeen = new Map<string, string>();
    const observationsAt = new Map<string, number>();
    const { passes } = await replayHistory({
      sources,
      store,
      from: new Date("2022-09-01T09:00:00Z"),
      to: new Date("2022-09-02T09:00:00Z"),
      stepMs: hourMs,
      async onStep(at) {
        for (const item of await store.listItems()) if (!firstSeen.has(item.id)) firstSeen.set(item.id, at.toISOString());
        observationsAt.set(at.toISOString(), (await store.listObservations({ itemId: "hackernews:1001" })).length);
      },
    });

    expect(passes).toBe(25);
    expect(Object.fromEntries(firstSeen)).toEqual({
      "hackernews:1001": "2022-09-01T10:00:00.000Z", // RSS, published 09:40
      "hackernews:1002": "2022-09-01T12:00:00.000Z", // first snapshot 11:05
      "hackernews:1004": "2022-09-01T15:00:00.000Z", // RSS, published 15:00 sharp
      "hackernews:1005": "2022-09-02T09:00:00.000Z", // RSS, published 08:30 the next day
    });
    // The store keeps the first fetch time: the RSS capture, 25 minutes before the first snapshot.
    expect((await store.getItem("hackernews:1001"))?.fetchedAt).toEqual(new Date("2022-09-01T09:40:00Z"));
    // As if live: at 11:00 the 11:05 snapshot is not there yet.
    expect(observationsAt.get("2022-09-01T11:00:00.000Z")).toBe(2);

    const counts: Record<string, number> = {};
    for (const observation of await store.listObservations()) counts[observation.itemId] = (counts[observation.itemId] ?? 0) + 1;
    expect(counts).toEqual({ "hackernews:1001": 1 + 3, "hackernews:1002": 2, "hackernews:1004": 1 });
    expect(await store.countItems()).toBe(4);
  });

  it("grows a Google Trends series one day at a time", async () => {
    const { entries } = await loadGoogleTrendsChatGpt(fixturesDirectory);
    const store = createMemoryStore();
    const sizes: number[] = [];
    await replayHistory({
      sources: await createReplaySources(entries),
      store,
      from: new Date("2023-01-01T00:00:00Z"),
      to: new Date("2023-01-05T00:00:00Z"),
      stepMs: dayMs,
      async onStep() {
        sizes.push((await store.getTimeSeries("google-trends:interest:multiTimeline:ChatGPT"))?.points.length ?? 0);
      },
    });
    expect(sizes).toEqual([0, 1, 2, 3, 3]);
    const series = await store.getTimeSeries("google-trends:interest:multiTimeline:ChatGPT");
    expect(series?.points.map((point) => point.value)).toEqual([11, 15, 0]);
  });
});
