import { describe, expect, it } from "vitest";
import { entriesOfType, expectIdsFollowSources, fixturesDirectory } from "./loader-test-kit.js";
import { loadRedditHourly } from "./reddit-hourly.js";

const hour = (iso: string) => new Date(`${iso}:00:00Z`);

describe("loadRedditHourly", () => {
  it("makes a post item at its first collection hour, whatever the file order", async () => {
    const { entries, rows } = await loadRedditHourly(fixturesDirectory);
    expect(rows).toBe(4 + 4);
    const post = entriesOfType(entries, "item").find((entry) => entry.item.externalId === "t3_1abc2de");
    expect(post).toEqual({
      type: "item",
      at: hour("2023-12-31T22"),
      item: {
        id: "reddit:t3_1abc2de",
        source: "reddit",
        externalId: "t3_1abc2de",
        kind: "post",
        title: "A post, seen for three hours",
        text: "",
        url: "https://i.example.com/a.jpg",
        tags: ["synthetic"],
        publishedAt: new Date(1_704_060_000_000),
        fetchedAt: hour("2023-12-31T22"),
        metadata: { subreddit: "synthetic", subredditId: "2abcd", isSelf: false },
      },
    });
    expect(entriesOfType(entries, "item").map((entry) => entry.item.id)).toEqual([
      "reddit:t3_1xyz9zz",
      "reddit:t3_1abc2de",
      "reddit:t3_1neg000",
    ]);
    expectIdsFollowSources(entries, "reddit");
  });

  it("observes score, comments and position every hour, under the t3_ fullname", async () => {
    const { entries } = await loadRedditHourly(fixturesDirectory);
    const trajectory = (id: string) =>
      entriesOfType(entries, "observation")
        .filter((entry) => entry.observation.itemId === id)
        .map((entry) => [entry.observation.observedAt.toISOString().slice(0, 13), entry.observation.metrics]);
    expect(trajectory("reddit:t3_1abc2de")).toEqual([
      ["2023-12-31T22", { score: 400, comments: 20, rank: 9 }],
      ["2023-12-31T23", { score: 900, comments: 40, rank: 5 }],
      ["2024-01-01T00", { score: 1500, comments: 70, rank: 3 }],
    ]);
    expect(trajectory("reddit:t3_1xyz9zz")).toEqual([
      ["2023-12-31T22", { score: 5000, comments: 800, rank: 1 }],
      ["2024-01-01T00", { score: 5100, comments: 810, rank: 2 }],
    ]);
  });

  it("counts unreadable rows and entries the core schema rejects", async () => {
    const { entries, skipped } = await loadRedditHourly(fixturesDirectory);
    expect(skipped).toHaveLength(3);
    expect(skipped).toContainEqual({ reason: "core_data_2023.csv: id is not a base36 post id", count: 1 });
    expect(skipped).toContainEqual({ reason: "core_data_2024.csv: created is not unix seconds", count: 1 });
    // A negative num_comments fails the observation schema: the item stays, its observation is counted out.
    expect(skipped.find((entry) => entry.reason.startsWith("invalid observation entry (observation.metrics.comments:"))?.count).toBe(1);
    expect(entriesOfType(entries, "observation").some((entry) => entry.observation.itemId === "reddit:t3_1neg000")).toBe(false);
  });
});
