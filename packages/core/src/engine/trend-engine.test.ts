import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.js";
import { createPipeline } from "../pipeline.js";
import type { RecordingEntryInput } from "../replay/recording.js";
import { createReplaySources, replayHistory } from "../replay/replay-source.js";
import { createManualClock } from "../runtime/clock.js";
import { createMemoryStore } from "../stores/memory-store.js";
import { burstRecording } from "../testing/burst-recording.js";
import { seededRandom } from "../testing/describe-vector-index.js";
import { makeItem } from "../testing/fixtures.js";
import { createMockSource } from "../testing/mocks.js";
import { createTrendEngine } from "./trend-engine.js";

const start = Date.UTC(2022, 7, 1);
const hours = (value: number) => new Date(start + value * 3_600_000);

const vocabulary = (
  "amber basalt cobalt dahlia ember fjord garnet harbor iris jasper kelp lagoon marble nectar onyx prairie quartz raven " +
  "saffron tundra umber velvet willow xenon yarrow zephyr anchor beacon canyon delta estuary falcon glacier heron island " +
  "juniper kestrel lantern meadow nebula orchard pebble quiver reef sparrow thistle upland valley walrus yucca zinnia " +
  "acorn bramble cedar driftwood elm fern grove hazel ivy jade larch moss nutmeg oak pine quince rowan sage teak"
).split(" ");

async function replayScenario() {
  const store = createMemoryStore();
  const engine = createTrendEngine({ store });
  const sources = await createReplaySources(burstRecording());
  const firstFlags = new Map<string, Date>();
  await replayHistory({
    sources,
    store,
    processors: [engine],
    from: hours(0),
    to: hours(12 * 24),
    stepMs: 3_600_000,
    onStep: async (at) => {
      for (const trend of await engine.trends()) if (!firstFlags.has(trend.id)) firstFlags.set(trend.id, at);
    },
  });
  return { store, engine, firstFlags };
}

describe("createTrendEngine", () => {
  it("flags the cross-source burst, names it, and keeps per-source evidence with lead-lag", async () => {
    const { engine, firstFlags } = await replayScenario();
    const trends = await engine.trends();
    const stable = trends.find((trend) => /stable diffusion/i.test(trend.name));
    expect(stable, trends.map((trend) => trend.name).join(", ")).toBeDefined();
    expect(stable!.sources).toEqual(["github", "hackernews"]);
    expect(stable!.keywords).toContain("stable diffusion");
    const github = stable!.evidence.find((evidence) => evidence.source === "github")!;
    const hackerNews = stable!.evidence.find((evidence) => evidence.source === "hackernews")!;
    expect(github.leadHours).toBe(0);
    expect(hackerNews.leadHours).toBe(-5);
    expect(github.itemIds).toEqual(["github:CompVis/stable-diffusion"]);
    expect(hackerNews.itemIds).toContain("hackernews:sd-link");
    expect(hackerNews.mentions).toBe(8);
    const flaggedAt = firstFlags.get(stable!.id)!;
    expect(flaggedAt.getTime()).toBeLessThan(hours(8 * 24 + 24).getTime());
    expect(stable!.confidence).toBeGreaterThan(0.3);
  });

  it("never flags the always-discussed subject or one-off noise", async () => {
    const { engine } = await replayScenario();
    const names = (await engine.trends()).map((trend) => trend.name.toLowerCase());
    expect(names.filter((name) => name.includes("rust") || name.includes("compiler") || name.includes("borrow"))).toEqual([]);
    expect(names).toHaveLength(1);
    expect(engine.stats().items).toBeGreaterThan(150);
  });

  it("moves the trend through its lifecycle and keeps snapshots and series", async () => {
    const { engine } = await replayScenario();
    const [trend] = await engine.trends();
    const detail = await engine.trend(trend!.id);
    expect(detail?.snapshots.length).toBeGreaterThan(10);
    expect(detail?.snapshots[0]?.status).toBe("emerging");
    expect(detail?.trend.status).toBe("declining");
    expect(detail?.series[0]?.points.some((point) => point.value > 0)).toBe(true);
    expect(detail?.items.map((item) => item.source)).toContain("github");
  });

  it("emits trend events through the pipeline", async () => {
    const store = createMemoryStore();
    const engine = createTrendEngine({ store, minAuthors: 1, minMentions: 2, minZ: 1 });
    const at = new Date(start);
    const source = createMockSource({
      id: "hackernews",
      items: ["Stable Diffusion released", "Stable Diffusion on a Mac", "Stable Diffusion web UI"].map((title, index) =>
        makeItem({ source: "hackernews", externalId: String(index), title, author: { id: `a${index}` }, publishedAt: at, fetchedAt: at }),
      ),
    });
    const pipeline = createPipeline({ sources: [source], store, processors: [engine], clock: createManualClock(hours(1)) });
    const events: string[] = [];
    pipeline.events.on("trend-detected", ({ trend }) => events.push(`detected ${trend.name}`));
    pipeline.events.on("trend-updated", ({ trend }) => events.push(`updated ${trend.name}`));
    await pipeline.run();
    expect(events[0]).toMatch(/^detected Stable Diffusion/);
  });

  it("skips items with nothing to read, and rejects bad options naming the field", async () => {
    expect(() => createTrendEngine({ store: createMemoryStore(), similarityThreshold: 2 })).toThrow(ConfigError);
    expect(() => createTrendEngine({ store: createMemoryStore(), similarityThreshold: 2 })).toThrow(/options\.similarityThreshold/);
    expect(() => createTrendEngine({} as never)).toThrow(/options\.store/);
    const store = createMemoryStore();
    const engine = createTrendEngine({ store });
    const source = createMockSource({ id: "hackernews", items: [makeItem({ source: "hackernews", externalId: "x", title: "!!! ???" })] });
    const pipeline = createPipeline({ sources: [source], store, processors: [engine] });
    const rejected: string[] = [];
    pipeline.events.on("item-rejected", ({ reason }) => rejected.push(reason));
    await pipeline.run();
    expect(rejected).toEqual(["trend engine: no text to read"]);
    expect(engine.stats().items).toBe(0);
  });
});

describe("a trend engine restarted over the same store", () => {
  it("keeps the stored trend's first detection and does not announce it again", async () => {
    const store = createMemoryStore();
    const at = new Date(start);
    const items = ["Stable Diffusion released", "Stable Diffusion on a Mac", "Stable Diffusion web UI"].map((title, index) =>
      makeItem({ source: "hackernews", externalId: String(index), title, author: { id: `a${index}` }, publishedAt: at, fetchedAt: at }),
    );
    const options = { store, minAuthors: 1, minMentions: 2, minZ: 1 };
    const first = createTrendEngine(options);
    await createPipeline({
      sources: [createMockSource({ id: "hackernews", items })],
      store,
      processors: [first],
      clock: createManualClock(hours(1)),
    }).run();
    const [stored] = await first.trends();
    // A new process: the engine is warmed up by feeding it the stored items again, later.
    const second = createTrendEngine(options);
    const pipeline = createPipeline({ sources: [createMockSource({ id: "hackernews-again", items: [] })], store, processors: [second] });
    const detected: string[] = [];
    pipeline.events.on("trend-detected", ({ trend }) => detected.push(trend.id));
    await second.process(
      {
        sourceId: "hackernews",
        items: await store.listItems(),
        newItemIds: items.map((item) => item.id),
        observations: [],
        series: [],
        at: hours(3),
      },
      { store, events: pipeline.events, signal: new AbortController().signal, health: () => [] },
    );
    const [again] = await second.trends();
    expect(again?.id).toBe(stored?.id);
    expect(again?.firstDetectedAt).toEqual(stored?.firstDetectedAt);
    expect(again?.updatedAt).toEqual(hours(3));
    expect(detected).toEqual([]);
  });
});

/** Background chatter for `days` days, then `burst` items naming a new product inside otherwise unrelated titles. */
function phraseBurstScenario(options: { burst: number; authors: boolean }): RecordingEntryInput[] {
  const random = seededRandom(7);
  const pick = () => vocabulary[Math.floor(random() * vocabulary.length)]!;
  const entries: RecordingEntryInput[] = [];
  const push = (externalId: string, at: number, title: string, author: string | undefined) =>
    entries.push({
      type: "item",
      at: hours(at),
      item: makeItem({
        source: "hackernews",
        externalId,
        title,
        author: author === undefined ? undefined : { id: author },
        publishedAt: hours(at),
        fetchedAt: hours(at),
        url: `https://example.com/${externalId}`,
      }),
    });
  for (let day = 0; day < 10; day++) {
    for (let index = 0; index < 12; index++)
      push(`noise-${day}-${index}`, day * 24 + index * 2, `${pick()} ${pick()} ${pick()} ${pick()}`, `p-${day}-${index}`);
  }
  // Each title says something different around the new name, so no two are near neighbours by their words.
  const contexts = [
    "pricing tiers explained",
    "security audit findings",
    "runs on a Raspberry Pi",
    "benchmarks against rivals",
    "why teachers worry",
    "open letter from artists",
  ];
  for (let index = 0; index < options.burst; index++) {
    push(
      `zorblax-${index}`,
      8 * 24 + 2 + index * 2,
      `Zorblax ${contexts[index % contexts.length]}`,
      options.authors ? `writer-${index}` : undefined,
    );
  }
  return entries;
}

async function replayEntries(entries: RecordingEntryInput[]) {
  const store = createMemoryStore();
  const engine = createTrendEngine({ store });
  await replayHistory({
    sources: await createReplaySources(entries),
    store,
    processors: [engine],
    from: hours(0),
    to: hours(10 * 24),
    stepMs: 3_600_000,
  });
  return engine;
}

describe("the phrase burst test", () => {
  it("gathers the items naming a new product into one trend though their titles have little else in common", async () => {
    const engine = await replayEntries(phraseBurstScenario({ burst: 6, authors: true }));
    const trends = await engine.trends();
    const zorblax = trends.find((trend) => /zorblax/i.test(trend.name));
    expect(zorblax, trends.map((trend) => trend.name).join(", ")).toBeDefined();
    const topics = new Set(Array.from({ length: 6 }, (_, index) => engine.topicOf(`hackernews:zorblax-${index}`)?.topicId));
    expect(topics.size).toBe(1);
    expect(engine.topicOf("hackernews:zorblax-0")).toMatchObject({ size: 6, trendId: zorblax!.id });
    expect(trends).toHaveLength(1);
  });

  it("does not flag three mentions of a new name (below the burst threshold)", async () => {
    const engine = await replayEntries(phraseBurstScenario({ burst: 3, authors: true }));
    expect(await engine.trends()).toEqual([]);
  });

  it("counts items from a source that names no authors as independent voices", async () => {
    const engine = await replayEntries(phraseBurstScenario({ burst: 6, authors: false }));
    expect((await engine.trends()).map((trend) => trend.name)).toEqual(["Zorblax"]);
  });
});
