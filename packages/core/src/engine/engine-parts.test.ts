import { describe, expect, it } from "vitest";
import type { Embedder } from "../contracts/embedder.js";
import { createPipeline } from "../pipeline.js";
import { createManualClock } from "../runtime/clock.js";
import { createMemoryStore } from "../stores/memory-store.js";
import { makeItem } from "../testing/fixtures.js";
import { createMockSource } from "../testing/mocks.js";
import { normalize } from "../vectors/vector-math.js";
import { PhraseCounts } from "./phrase-counts.js";
import { itemText, linkKey, type TextAnalyzer } from "./text-analysis.js";
import { Topic, type TopicMember } from "./topic.js";
import { createTrendEngine } from "./trend-engine.js";
import { burstZ, trendConfidence, trendStatus } from "./trend-scoring.js";

const hour = 3_600_000;

describe("trend scoring", () => {
  it("measures a burst in standard deviations above the expectation, never below zero", () => {
    expect(burstZ(3, 3)).toBeCloseTo(0, 6);
    expect(burstZ(1, 5)).toBe(0);
    expect(burstZ(12, 1)).toBeGreaterThan(3);
    expect(burstZ(40, 1)).toBeGreaterThan(burstZ(12, 1));
  });

  it("grows confidence with significance, diversity and independent authors, and lowers it for impaired sources", () => {
    const base = { z: 5, minZ: 3, sources: 1, authors: 4, impairedShare: 0 };
    expect(trendConfidence({ ...base, z: 1 })).toBe(0);
    expect(trendConfidence({ ...base, sources: 3 })).toBeGreaterThan(trendConfidence(base));
    expect(trendConfidence({ ...base, authors: 1 })).toBeLessThan(trendConfidence(base));
    expect(trendConfidence({ ...base, impairedShare: 1 })).toBeLessThan(trendConfidence(base));
    expect(trendConfidence({ ...base, z: 50, sources: 6, authors: 50 })).toBeLessThanOrEqual(1);
  });

  it("reads the lifecycle from the counts", () => {
    expect(trendStatus({ mentions: 10, peakMentions: 10, velocity: -1, hoursSinceFlagged: 2 })).toBe("emerging");
    expect(trendStatus({ mentions: 20, peakMentions: 20, velocity: 1, hoursSinceFlagged: 30 })).toBe("rising");
    expect(trendStatus({ mentions: 20, peakMentions: 22, velocity: 0, hoursSinceFlagged: 30 })).toBe("peaking");
    expect(trendStatus({ mentions: 5, peakMentions: 22, velocity: -1, hoursSinceFlagged: 30 })).toBe("declining");
  });
});

describe("text helpers", () => {
  it("reads a repository's owner/name as words and links stories to the repository they point at", () => {
    expect(itemText(makeItem({ kind: "repository", title: "oven-sh/bun", text: "Fast JavaScript runtime" }))).toBe(
      "oven sh bun. Fast JavaScript runtime",
    );
    expect(itemText(makeItem({ text: "x".repeat(5_000) })).length).toBeLessThanOrEqual(2_000);
    expect(linkKey("https://github.com/Oven-sh/Bun/tree/main?x=1")).toBe("github.com/oven-sh/bun");
    expect(linkKey("https://www.example.com/post/1#top")).toBe("example.com/post/1");
    expect(linkKey("https://news.ycombinator.com/item?id=1")).toBeUndefined();
    expect(linkKey("https://example.com/")).toBeUndefined();
    expect(linkKey("not a url")).toBeUndefined();
  });
});

describe("Topic", () => {
  const member = (itemId: string, at: number, source = "hackernews", author = itemId, vector = [1, 0]): TopicMember => ({
    itemId,
    source,
    author,
    at,
    vector: normalize(vector),
    phrases: ["rust"],
  });

  it("counts mentions, sources and authors per window and forgets old hours", () => {
    const topic = new Topic("t", 0, 2);
    topic.add(member("a", 1 * hour), 0, 10);
    topic.add(member("b", 2 * hour, "github"), 0, 10);
    topic.add(member("c", 30 * hour, "hackernews", "a"), 0, 10);
    expect(topic.window(0, 24 * hour)).toMatchObject({ mentions: 2, authors: 2 });
    expect(topic.window(24 * hour, 48 * hour).bySource.get("hackernews")).toBe(1);
    expect(topic.firstSeenBySource.get("github")).toBe(2 * hour);
    topic.prune(24 * hour);
    expect(topic.window(0, 48 * hour).mentions).toBe(1);
  });

  it("absorbs another topic and gives members back in a split", () => {
    const a = new Topic("a", 0, 2);
    const b = new Topic("b", 0, 2);
    a.add(member("1", hour), 0, 10);
    b.add(member("2", 2 * hour, "github", "2", [0, 1]), 0, 10);
    const before = a.centroid();
    a.absorb(b, 10);
    expect(a.size).toBe(2);
    expect(a.centroid()).not.toEqual(before);
    expect([...a.memberIdsBySource]).toEqual([
      ["hackernews", ["1"]],
      ["github", ["2"]],
    ]);
    expect(a.window(0, 3 * hour).mentions).toBe(2);
    a.removeMembers([a.recent.find((entry) => entry.itemId === "2")!]);
    expect(a.size).toBe(1);
    expect([...a.memberIdsBySource]).toEqual([["hackernews", ["1"]]]);
    expect(a.centroid()).toEqual(before);
    expect(a.window(0, 3 * hour).mentions).toBe(1);
  });

  it("names a phrase by its most used spelling, also across a merge", () => {
    const a = new Topic("a", 0, 2);
    a.addPhrases([{ key: "chatgpt", display: "chatgpt" }]);
    expect(a.phrases.get("chatgpt")).toEqual({ count: 1, display: "chatgpt" });
    a.addPhrases([{ key: "chatgpt", display: "ChatGPT" }]);
    a.addPhrases([{ key: "chatgpt", display: "ChatGPT" }]);
    expect(a.phrases.get("chatgpt")).toMatchObject({ count: 3, display: "ChatGPT" });
    const b = new Topic("b", 0, 2);
    b.addPhrases([1, 2, 3].map(() => ({ key: "chatgpt", display: "CHATGPT" })));
    b.addPhrases([{ key: "openai", display: "OpenAI" }]);
    a.absorb(b, 10);
    expect(a.phrases.get("chatgpt")).toMatchObject({ count: 6, display: "CHATGPT" });
    expect(a.phrases.get("openai")).toEqual({ count: 1, display: "OpenAI" });
  });

  it("gives back an idle topic's vectors and a merged-away topic's counts, keeping what scoring needs", () => {
    const idle = new Topic("idle", 0, 2);
    idle.add(member("1", hour), 0, 10);
    idle.compact();
    expect(idle.recent).toEqual([]);
    expect(idle.lastMemberAt).toBe(hour);
    expect(idle.window(0, 2 * hour).mentions).toBe(1);
    const gone = new Topic("gone", 0, 2);
    gone.add(member("2", hour), 0, 10);
    gone.mergedInto = "idle";
    gone.compact();
    expect(gone.hours.size).toBe(0);
    expect(gone.memberIdsBySource.size).toBe(0);
  });
});

/** An embedder with fixed vectors by the title's first word, so clustering can be steered exactly. */
function steeredEmbedder(vectors: Record<string, number[]>): Embedder {
  return {
    specVersion: "v1",
    id: "steered",
    dimensions: 3,
    async embed(texts) {
      return texts.map((text) => normalize(vectors[text.split(/\s/)[0]!] ?? [0, 0, 1]));
    },
  };
}

const plainAnalyzer: TextAnalyzer = {
  analyze: (text) => ({ phrases: [{ key: text.split(" ")[0]!.toLowerCase(), display: text.split(" ")[0]! }], sentiment: 0 }),
};

async function ingest(
  engine: ReturnType<typeof createTrendEngine>,
  store: ReturnType<typeof createMemoryStore>,
  titles: string[],
  source = "hackernews",
) {
  const at = new Date(Date.UTC(2026, 0, 1));
  const items = titles.map((title) => {
    const externalId = title.replace(/\s+/g, "-");
    return makeItem({ source, externalId, title, publishedAt: at, fetchedAt: at, url: `https://example.com/${externalId}` });
  });
  await createPipeline({
    sources: [createMockSource({ id: source, items })],
    store,
    processors: [engine],
    clock: createManualClock(at),
  }).run();
}

describe("clustering", () => {
  it("merges two topics when an item links them and their centres have converged", async () => {
    const store = createMemoryStore();
    const engine = createTrendEngine({
      store,
      embedder: steeredEmbedder({ alpha: [1, 0, 0], beta: [0.8, 0.6, 0], bridge: [0.95, 0.3, 0] }),
      analyzer: plainAnalyzer,
      similarityThreshold: 0.85,
      mergeThreshold: 0.75,
    });
    await ingest(engine, store, ["alpha 1", "alpha 2", "beta 1", "beta 2"]);
    expect(engine.stats()).toMatchObject({ items: 4, topics: 2 });
    await ingest(engine, store, ["bridge 1"], "github");
    expect(engine.stats()).toMatchObject({ items: 5, topics: 1 });
  });

  it("splits off the part of a topic that drifted away", async () => {
    const store = createMemoryStore();
    const engine = createTrendEngine({
      store,
      embedder: steeredEmbedder({ alpha: [1, 0, 0], bridge: [0.71, 0.71, 0], gamma: [0, 1, 0] }),
      analyzer: plainAnalyzer,
      similarityThreshold: 0.6,
      splitThreshold: 0.85,
    });
    const titles = [
      ...Array.from({ length: 8 }, (_, index) => `alpha ${index}`),
      "bridge",
      ...Array.from({ length: 7 }, (_, index) => `gamma ${index}`),
    ];
    await ingest(engine, store, titles);
    expect(engine.stats()).toMatchObject({ items: 16, topics: 2 });
  });
});

describe("joining a topic", () => {
  const vectors = { alpha: [1, 0, 0], beta: [0.5, 0.866, 0] };

  it("needs a shared distinctive phrase when the neighbour is similar only by chance", async () => {
    const store = createMemoryStore();
    const engine = createTrendEngine({ store, embedder: steeredEmbedder(vectors), analyzer: plainAnalyzer, similarityThreshold: 0.3 });
    await ingest(engine, store, ["alpha 1", "beta 1"]);
    expect(engine.stats()).toMatchObject({ items: 2, topics: 2 });
  });

  it("joins on the vectors alone from strongSimilarity", async () => {
    const store = createMemoryStore();
    const engine = createTrendEngine({
      store,
      embedder: steeredEmbedder(vectors),
      analyzer: plainAnalyzer,
      similarityThreshold: 0.3,
      strongSimilarity: 0.45,
    });
    await ingest(engine, store, ["alpha 1", "beta 1"]);
    expect(engine.stats()).toMatchObject({ items: 2, topics: 1 });
    expect(engine.topicOf("hackernews:beta-1")).toEqual(engine.topicOf("hackernews:alpha-1"));
    expect(engine.topicOf("hackernews:unknown")).toBeUndefined();
  });
});

describe("PhraseCounts", () => {
  it("counts a phrase's mentions and distinct authors in a window and forgets what is older than the horizon", () => {
    const counts = new PhraseCounts();
    counts.add("zorblax", { itemId: "1", author: "a", at: hour });
    counts.add("zorblax", { itemId: "2", author: "a", at: 2 * hour });
    counts.add("zorblax", { itemId: "3", author: "b", at: 30 * hour });
    expect(counts.window("zorblax", 0, 24 * hour)).toEqual({ mentions: 2, authors: 1, itemIds: ["1", "2"] });
    expect(counts.window("zorblax", 0, 48 * hour).authors).toBe(2);
    counts.prune(24 * hour);
    expect(counts.window("zorblax", 0, 48 * hour).itemIds).toEqual(["3"]);
    counts.prune(48 * hour);
    expect(counts.window("zorblax", 0, 48 * hour).mentions).toBe(0);
    expect(counts.window("unknown", 0, 48 * hour).mentions).toBe(0);
  });
});
