import type { RecordingEntry } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { fixturesDirectory } from "../loaders/loader-test-kit.js";
import { describeEntries, labelText, loadTrendData, withKnownAuthors, withoutStoryUrls } from "./dataset.js";
import { scoringSpan } from "./score.js";

const span = scoringSpan({ from: "2022-09-01", to: "2022-12-31" });

describe("loadTrendData", () => {
  it("merges HN snapshots, the HN feed and GitHub trending inside the span into one stream in time order", async () => {
    const data = await loadTrendData(fixturesDirectory, span);
    const times = data.entries.map((entry) => entry.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(span.from);
    expect(Math.max(...times)).toBeLessThan(span.end);
    expect(data.datasets.map((dataset) => dataset.dataset)).toEqual([
      "hn-frontpage-snapshots-2022",
      "hn-frontpage-rss-2022",
      "github-trending-daily-2022-2023",
    ]);
    // The 2023-01-01 repository is after the span.
    expect(data.items.map((item) => item.id)).not.toContain("github:web-folk/quick-forms");
    expect(data.texts.get("github:acme/rocket-lib")).toBe("acme/rocket-lib A synthetic library, with a comma");
    expect(data.texts.get("hackernews:1001")).toBe("Synthetic story about tidal clocks");
    expect(data.repositories).toContainEqual({
      id: "github:acme/rocket-lib",
      key: "github.com/acme/rocket-lib",
      trendingDays: [Date.parse("2022-12-31")],
    });
  });

  it("gives a feed story, seen first, the author its snapshot names", async () => {
    const data = await loadTrendData(fixturesDirectory, span);
    const first = data.entries.find((entry) => entry.type === "item" && entry.item.id === "hackernews:1001");
    expect(first?.type === "item" && first.item.author?.id).toBe("alice");
    expect(first?.at).toEqual(new Date("2022-09-01T09:40:00Z"));
  });
});

const story = (id: string, at: string, extra: Partial<{ url: string; author: { id: string } }> = {}): RecordingEntry => ({
  type: "item",
  at: new Date(at),
  item: {
    id: `hackernews:${id}`,
    source: "hackernews",
    externalId: id,
    kind: "story",
    title: `Story ${id}`,
    text: "",
    tags: [],
    publishedAt: new Date(at),
    fetchedAt: new Date(at),
    metadata: {},
    ...extra,
  },
});

describe("withKnownAuthors and withoutStoryUrls", () => {
  it("copies an author from a later entry of the same item and leaves others alone", () => {
    const entries = [
      story("1", "2022-09-01T00:00:00Z"),
      story("2", "2022-09-01T01:00:00Z"),
      story("1", "2022-09-01T02:00:00Z", { author: { id: "ann" } }),
    ];
    const result = withKnownAuthors(entries);
    expect(result.map((entry) => (entry.type === "item" ? entry.item.author?.id : undefined))).toEqual(["ann", undefined, "ann"]);
  });

  it("removes the URL of HN stories only", () => {
    const repository: RecordingEntry = {
      type: "item",
      at: new Date("2022-09-01T00:00:00Z"),
      item: {
        id: "github:a/b",
        source: "github",
        externalId: "a/b",
        kind: "repository",
        title: "a/b",
        text: "A tool",
        url: "https://github.com/a/b",
        tags: [],
        publishedAt: new Date("2022-09-01T00:00:00Z"),
        fetchedAt: new Date("2022-09-01T00:00:00Z"),
        metadata: {},
      },
    };
    const [hidden, kept] = withoutStoryUrls([story("1", "2022-09-01T00:00:00Z", { url: "https://github.com/a/b" }), repository]);
    expect(hidden?.type === "item" && "url" in hidden.item).toBe(false);
    expect(kept?.type === "item" && kept.item.url).toBe("https://github.com/a/b");
    // The stories keep the repository they named for scoring: it comes from the stream with URLs.
    expect(describeEntries([story("1", "2022-09-01T00:00:00Z", { url: "https://github.com/A/B/issues" })]).stories[0]?.repositoryKey).toBe(
      "github.com/a/b",
    );
  });

  it("reads a repository as owner/name and description, a story as its title", () => {
    expect(labelText({ kind: "repository", title: "a/b", text: "A tool" })).toBe("a/b A tool");
    expect(labelText({ kind: "story", title: "Hello", text: "ignored body" })).toBe("Hello");
  });
});
