import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, ResponseValidationError } from "../errors.js";
import { createPipeline } from "../pipeline.js";
import { createManualClock } from "../runtime/clock.js";
import { createMemoryStore } from "../stores/memory-store.js";
import { hoursAfterEpoch, makeItem } from "../testing/fixtures.js";
import { createMockSource } from "../testing/mocks.js";
import { parseJsonLines, type RecordingEntryInput, recordSource, toJsonLines } from "./recording.js";
import { createReplaySource, createReplaySources, recordedSourceIds, replayHistory } from "./replay-source.js";

const directories: string[] = [];
const temporaryFile = (name: string) => {
  const directory = mkdtempSync(path.join(tmpdir(), "undercurrent-replay-"));
  directories.push(directory);
  return path.join(directory, name);
};
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

const story = (source: string, externalId: string, hours: number): RecordingEntryInput => ({
  type: "item",
  at: hoursAfterEpoch(hours),
  item: makeItem({ source, externalId, title: `${source} ${externalId}`, publishedAt: hoursAfterEpoch(hours) }),
});

describe("recordSource and createReplaySource", () => {
  it("records what a source returned as JSON Lines and plays it back identically", async () => {
    const file = temporaryFile("nested/hn.jsonl");
    const live = createMockSource({
      id: "hackernews",
      items: [makeItem({ source: "hackernews", externalId: "1" }), makeItem({ source: "hackernews", externalId: "2" })],
    });
    const clock = createManualClock(hoursAfterEpoch(3));
    const liveStore = createMemoryStore();
    await createPipeline({ sources: [recordSource(live, file)], store: liveStore, clock }).run();
    const lines = readFileSync(file, "utf8").trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: "item", at: hoursAfterEpoch(3).toISOString(), item: { id: "hackernews:1" } });

    const replayStore = createMemoryStore();
    const replay = createReplaySource(file, { sourceId: "hackernews" });
    await createPipeline({ sources: [replay], store: replayStore, clock }).run();
    expect(await replayStore.listItems()).toEqual(await liveStore.listItems());
  });

  it("shows each entry only once its time has come, and resumes from the stored cursor", async () => {
    const entries = [story("github", "a", 1), story("github", "b", 5), story("github", "c", 9)];
    const clock = createManualClock(hoursAfterEpoch(0));
    const store = createMemoryStore();
    const pipeline = createPipeline({ sources: [createReplaySource(entries)], store, clock });
    const seen: string[] = [];
    pipeline.events.on("item-ingested", ({ item }) =>
      seen.push(`${item.externalId}@${(clock.now() - hoursAfterEpoch(0).getTime()) / 3_600_000}h`),
    );
    for (const hour of [0, 2, 6, 7, 10]) {
      await clock.setTime(hoursAfterEpoch(hour).getTime());
      await pipeline.run();
    }
    expect(seen).toEqual(["a@2h", "b@6h", "c@10h"]);
    expect(await store.getCursor("github")).toBe(3);
    expect((await store.getItem("github:b"))?.publishedAt).toEqual(hoursAfterEpoch(5));
  });

  it("plays observations and series too, and pages through large backlogs", async () => {
    const entries: RecordingEntryInput[] = [
      ...Array.from({ length: 5 }, (_, index) => story("hackernews", String(index), 1)),
      {
        type: "observation",
        at: hoursAfterEpoch(2),
        observation: { itemId: "hackernews:0", source: "hackernews", observedAt: hoursAfterEpoch(2), metrics: { score: 50 } },
      },
      {
        type: "series",
        at: hoursAfterEpoch(2),
        series: {
          id: "hackernews:mentions",
          source: "hackernews",
          metric: "mentions",
          key: "all",
          interval: "hour",
          points: [{ at: hoursAfterEpoch(1), value: 5 }],
        },
      },
    ];
    const store = createMemoryStore();
    const clock = createManualClock(hoursAfterEpoch(3));
    const report = await createPipeline({ sources: [createReplaySource(entries)], store, clock, pullLimit: 2 }).run();
    expect(report.sources[0]).toMatchObject({ newItems: 5, pages: 3 });
    expect(await store.listObservations({ itemId: "hackernews:0" })).toHaveLength(1);
    expect(await store.getTimeSeries("hackernews:mentions")).toBeDefined();
  });

  it("replays history across several sources under a virtual clock", async () => {
    const file = temporaryFile("two.jsonl");
    writeFileSync(file, toJsonLines([story("hackernews", "1", 4), story("github", "x", 1), story("hackernews", "2", 30)]));
    expect(await recordedSourceIds(file)).toEqual(["github", "hackernews"]);
    const store = createMemoryStore();
    const firstSeen: Record<string, string> = {};
    const sources = await createReplaySources(file);
    const result = await replayHistory({
      sources,
      store,
      from: hoursAfterEpoch(0),
      to: hoursAfterEpoch(48),
      stepMs: 6 * 3_600_000,
      onStep: async (at) => {
        for (const item of await store.listItems()) firstSeen[item.id] ??= at.toISOString();
      },
    });
    expect(result).toEqual({ passes: 9, items: 3 });
    expect(firstSeen).toEqual({
      "github:x": hoursAfterEpoch(6).toISOString(),
      "hackernews:1": hoursAfterEpoch(6).toISOString(),
      "hackernews:2": hoursAfterEpoch(30).toISOString(),
    });
  });

  it("names the bad line of a broken recording", () => {
    const text = `${toJsonLines([story("github", "a", 1)])}\n{"type":"item","at":"2026-01-01T00:00:00Z","item":{"id":"x"}}\nnot json\n`;
    const error = (() => {
      try {
        parseJsonLines(text, "broken.jsonl");
      } catch (caught) {
        return caught;
      }
    })();
    expect(ResponseValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/broken\.jsonl:3: item\.source/);
    expect(() => parseJsonLines("not json", "x.jsonl")).toThrow(/x\.jsonl:1: not JSON/);
  });

  it("asks which source to replay when it cannot tell", () => {
    const both = [story("github", "a", 1), story("hackernews", "b", 2)];
    expect(() => createReplaySource(both)).toThrow(ConfigError);
    expect(() => createReplaySource(both)).toThrow(/options\.sourceId: the recording holds several sources \(github, hackernews\)/);
    expect(createReplaySource(both, { sourceId: "hackernews" }).id).toBe("hackernews");
    expect(() => createReplaySource("some-file.jsonl")).toThrow(/options\.sourceId: required when replaying a file/);
    expect(() => createReplaySource([{ type: "item", at: "yesterday", item: {} } as never])).toThrow(/createReplaySource: entries\.0\.at/);
    expect(() => recordSource(createMockSource(), "")).toThrow(/recordSource: options\.file/);
  });
});

describe("replayHistory with a signal", () => {
  it("stops between passes when the signal aborts", async () => {
    const controller = new AbortController();
    const sources = await createReplaySources([story("github", "a", 1), story("github", "b", 30)]);
    let passes = 0;
    const replay = replayHistory({
      sources,
      store: createMemoryStore(),
      from: hoursAfterEpoch(0),
      to: hoursAfterEpoch(48),
      stepMs: 3_600_000,
      signal: controller.signal,
      onStep: () => {
        passes++;
        if (passes === 3) controller.abort(new Error("stop"));
      },
    });
    await expect(replay).rejects.toThrow("stop");
    expect(passes).toBe(3);
  });
});
