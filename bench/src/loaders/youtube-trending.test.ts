import { describe, expect, it } from "vitest";
import { entriesOfType, expectIdsFollowSources, fixturesDirectory } from "./loader-test-kit.js";
import { loadYouTubeTrending } from "./youtube-trending.js";

const fetchTime = (date: string) => new Date(`${date}T20:00:00Z`);

describe("loadYouTubeTrending", () => {
  it("makes a video item at 20:00 UTC of its first trending day, with the channel as author", async () => {
    const { entries, rows } = await loadYouTubeTrending(fixturesDirectory);
    expect(rows).toBe(2 + 6);
    expect(entries[0]).toEqual({
      type: "item",
      at: fetchTime("2024-07-03"),
      item: {
        id: "youtube:vidAAAA0001",
        source: "youtube",
        externalId: "vidAAAA0001",
        kind: "video",
        title: "Synthetic mountain walk",
        text: "",
        url: "https://www.youtube.com/watch?v=vidAAAA0001",
        author: {
          id: "UCfixture000000000000001",
          name: "Fixture Channel",
          url: "https://www.youtube.com/channel/UCfixture000000000000001",
        },
        tags: [],
        publishedAt: new Date("2024-07-02T19:59:00.000Z"),
        fetchedAt: fetchTime("2024-07-03"),
        metadata: { durationSeconds: 600, isShort: false, verified: true },
      },
    });
    expect(entriesOfType(entries, "item").map((entry) => [entry.item.id, entry.at.toISOString()])).toEqual([
      ["youtube:vidAAAA0001", "2024-07-03T20:00:00.000Z"],
      ["youtube:vidBBBB0002", "2024-07-04T20:00:00.000Z"],
    ]);
    expectIdsFollowSources(entries, "youtube");
  });

  it("observes views and the best rank per day, leaving out blank views", async () => {
    const { entries } = await loadYouTubeTrending(fixturesDirectory);
    const walk = entriesOfType(entries, "observation").filter((entry) => entry.observation.itemId === "youtube:vidAAAA0001");
    expect(walk.map((entry) => entry.observation.metrics)).toEqual([{ views: 1000, rank: 1 }, { rank: 2 }]);
  });

  it("counts duplicates, unknown videos and unreadable views", async () => {
    const { skipped } = await loadYouTubeTrending(fixturesDirectory);
    expect(skipped).toEqual([
      { reason: "daily_snapshots.csv: videoId not in videos.csv", count: 1 },
      { reason: "daily_snapshots.csv: views is not a number", count: 1 },
      { reason: "video listed twice in one day's file (best rank kept)", count: 1 },
    ]);
  });
});
