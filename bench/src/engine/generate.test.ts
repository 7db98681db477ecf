import { createManualClock, createMemoryStore, createPipeline, type Item, silentLogger } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { majorityTopic, scoreBursts } from "./bursts.js";
import { chanceSimilarity } from "./chance-similarity.js";
import { createSyntheticStream } from "./generate.js";

const hour = 3_600_000;

async function drain(items: number, seed = 3) {
  const stream = createSyntheticStream({ items, seed, hours: 48, bursts: 2, burstSize: 12, burstHours: 3, steadyTopics: 5 });
  const store = createMemoryStore();
  const clock = createManualClock(new Date(stream.start));
  const pipeline = createPipeline({
    sources: stream.sources,
    store,
    clock,
    logger: silentLogger,
    pullLimit: 10_000,
    maxPagesPerPull: 1_000,
  });
  const visible: number[] = [];
  for (let time = stream.start + hour; time <= stream.end; time += hour) {
    await clock.setTime(time);
    await pipeline.run();
    visible.push(await store.countItems());
  }
  return { stream, items: await store.listItems(), visible };
}

describe("createSyntheticStream", () => {
  it("hands out exactly the planned items, hour by hour, each once its hour is over", async () => {
    const { stream, items, visible } = await drain(2_000);
    expect(items).toHaveLength(2_000);
    expect(new Set(items.map((item) => item.id)).size).toBe(2_000);
    // 2,000 items spread evenly over 48 hours; after the pass at the end of hour h, exactly the items of hours 0..h.
    expect(visible).toEqual(Array.from({ length: 48 }, (_, index) => Math.floor(((index + 1) * 2_000) / 48)));
    expect(Math.max(...items.map((item) => item.publishedAt.getTime()))).toBeLessThan(stream.end);
  });

  it("plants each burst in its window over two or three sources, with a quiet history before", async () => {
    const { stream, items } = await drain(2_000);
    expect(stream.bursts).toHaveLength(2);
    for (const burst of stream.bursts) {
      const topicItems = items.filter((item) => stream.topicOf(item.id) === burst.topic);
      const during = topicItems.filter((item) => item.publishedAt.getTime() >= burst.start && item.publishedAt.getTime() < burst.end);
      expect(during).toHaveLength(burst.items);
      expect(new Set(during.map((item) => item.source))).toEqual(new Set(burst.sources));
      expect(burst.sources.length).toBeGreaterThanOrEqual(2);
      // About one mention a day before the burst, none after.
      const before = topicItems.filter((item) => item.publishedAt.getTime() < burst.start);
      expect(before.length).toBeGreaterThanOrEqual(1);
      expect(before.length).toBeLessThanOrEqual(2);
      expect(topicItems.filter((item) => item.publishedAt.getTime() >= burst.end)).toHaveLength(0);
      // Every item of the topic carries three of its four signature words.
      for (const item of during) expect(burst.words.filter((word) => wordsOf(item).includes(word))).toHaveLength(3);
    }
  });

  it("is deterministic for a seed, and different for another", async () => {
    const first = await drain(500, 9);
    const again = await drain(500, 9);
    const other = await drain(500, 10);
    const titles = (items: Item[]) => items.map((item) => item.title).sort();
    expect(titles(again.items)).toEqual(titles(first.items));
    expect(titles(other.items)).not.toEqual(titles(first.items));
  });
});

function wordsOf(item: Item): string[] {
  return `${item.title} ${item.text}`.toLowerCase().split(/[\s/-]+/);
}

describe("scoreBursts", () => {
  const topics = new Map([
    ["a:1", 7],
    ["a:2", 7],
    ["a:3", -1],
    ["a:4", 2],
  ]);
  const topicOf = (id: string) => topics.get(id) ?? -1;
  const burst = { topic: 7, words: [], start: 10 * hour, end: 13 * hour, sources: ["a", "b"], items: 12 };

  it("finds the topic holding at least half of a flag's evidence", () => {
    expect(majorityTopic(["a:1", "a:2", "a:3"], topicOf)).toBe(7);
    expect(majorityTopic(["a:1", "a:3", "a:4"], topicOf)).toBeUndefined();
    expect(majorityTopic(["a:3", "a:3"], topicOf)).toBeUndefined();
  });

  it("counts a burst as found by its first matching flag between its start and a day after its end", () => {
    const flags = [
      { time: 9 * hour, itemIds: ["a:1", "a:2"] }, // before the burst
      { time: 12 * hour, itemIds: ["a:1", "a:3"] },
      { time: 14 * hour, itemIds: ["a:1"] },
      { time: 15 * hour, itemIds: ["a:4"] }, // a steady topic: a false alarm
    ];
    expect(scoreBursts([burst], flags, topicOf)).toEqual({
      planted: 1,
      detected: 1,
      recall: 1,
      medianDelayHours: 2,
      falseAlarms: 1,
      bursts: [{ topic: 7, start: new Date(10 * hour).toISOString(), detectedAt: new Date(12 * hour).toISOString(), delayHours: 2 }],
    });
    expect(scoreBursts([burst], [{ time: 38 * hour, itemIds: ["a:1"] }], topicOf).detected).toBe(0);
  });
});

describe("chanceSimilarity", () => {
  it("finds unrelated titles closer to some neighbour as the pool grows, and less so with more dimensions", async () => {
    const small = await chanceSimilarity({ dimensions: 256, poolSize: 50, queries: 10 });
    const large = await chanceSimilarity({ dimensions: 256, poolSize: 2_000, queries: 10 });
    const wide = await chanceSimilarity({ dimensions: 2_048, poolSize: 2_000, queries: 10 });
    expect(large.medianMax).toBeGreaterThan(small.medianMax);
    expect(wide.medianMax).toBeLessThan(large.medianMax);
  });
});
