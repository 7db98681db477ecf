import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadHnFrontpageSnapshots } from "./hn-frontpage-snapshots.js";
import { entriesOfType, expectIdsFollowSources, fixturesDirectory } from "./loader-test-kit.js";

const at = (iso: string) => new Date(iso);

describe("loadHnFrontpageSnapshots", () => {
  it("makes one story item at its first snapshot and one observation per snapshot row", async () => {
    const { entries, rows } = await loadHnFrontpageSnapshots(fixturesDirectory);
    expect(rows).toBe(4 + 7);
    expect(entries[0]).toEqual({
      type: "item",
      at: at("2022-09-01T10:05:00Z"),
      item: {
        id: "hackernews:1001",
        source: "hackernews",
        externalId: "1001",
        kind: "story",
        title: "Synthetic story about tidal clocks",
        text: "",
        url: "https://example.com/tidal-clocks",
        author: { id: "alice", url: "https://news.ycombinator.com/user?id=alice" },
        tags: ["story"],
        publishedAt: at("2022-09-01T10:05:00Z"),
        fetchedAt: at("2022-09-01T10:05:00Z"),
        metadata: { hnId: 1001, isAskHN: false, isShowHN: false, discussionUrl: "https://news.ycombinator.com/item?id=1001" },
      },
    });
    expect(entries[1]).toEqual({
      type: "observation",
      at: at("2022-09-01T10:05:00Z"),
      observation: {
        itemId: "hackernews:1001",
        source: "hackernews",
        observedAt: at("2022-09-01T10:05:00Z"),
        metrics: { score: 12, comments: 3, rank: 1 },
      },
    });
    expect(entriesOfType(entries, "item").map((entry) => [entry.item.id, entry.at.toISOString()])).toEqual([
      ["hackernews:1001", "2022-09-01T10:05:00.000Z"],
      ["hackernews:1002", "2022-09-01T11:05:00.000Z"],
    ]);
    expect(entriesOfType(entries, "observation")).toHaveLength(5);
    expectIdsFollowSources(entries, "hackernews");
  });

  it("resolves self-post links against the site, tags Ask HN, and leaves out comments the scraper did not record", async () => {
    const { entries } = await loadHnFrontpageSnapshots(fixturesDirectory);
    const askHn = entriesOfType(entries, "item").find((entry) => entry.item.externalId === "1002");
    expect(askHn?.item).toMatchObject({
      url: "https://news.ycombinator.com/item?id=1002",
      tags: ["story", "ask_hn"],
      metadata: { isAskHN: true },
    });
    const observations = entriesOfType(entries, "observation").filter((entry) => entry.observation.itemId === "hackernews:1002");
    expect(observations.map((entry) => entry.observation.metrics)).toEqual([
      { score: 8, rank: 2 },
      { score: 30, rank: 1 },
    ]);
  });

  it("counts the rows it cannot use by reason", async () => {
    const { skipped } = await loadHnFrontpageSnapshots(fixturesDirectory);
    expect(skipped).toEqual([
      { reason: "snapshots.csv: hn_id not in stories.csv", count: 1 },
      { reason: "snapshots.csv: snapshot_utc, upvotes, rank or comments unreadable", count: 1 },
      { reason: "stories.csv: hn_id is not a number", count: 1 },
      { reason: "stories.csv: wrong number of cells", count: 1 },
    ]);
  });

  it("moves a story first seen before `from` to its first snapshot inside the window", async () => {
    const { entries } = await loadHnFrontpageSnapshots(fixturesDirectory, {
      from: at("2022-09-01T11:00:00Z"),
      to: at("2022-09-01T11:30:00Z"),
    });
    const described = entries.map((entry) =>
      entry.type === "item" ? `${entry.at.toISOString()} item ${entry.item.id}` : `${entry.at.toISOString()} ${entry.type}`,
    );
    expect(described).toEqual([
      "2022-09-01T11:05:00.000Z item hackernews:1002",
      "2022-09-01T11:05:00.000Z item hackernews:1001",
      "2022-09-01T11:05:00.000Z observation",
      "2022-09-01T11:05:00.000Z observation",
    ]);
    const moved = entriesOfType(entries, "item")[1]!;
    expect(moved.item).toMatchObject({
      id: "hackernews:1001",
      fetchedAt: at("2022-09-01T11:05:00Z"),
      publishedAt: at("2022-09-01T10:05:00Z"),
    });
  });

  it("rejects with DATASET_NOT_FOUND when the folder is absent", async () => {
    const empty = await mkdtemp(path.join(tmpdir(), "bench-hn-"));
    await expect(loadHnFrontpageSnapshots(empty)).rejects.toMatchObject({ code: "DATASET_NOT_FOUND" });
  });
});
