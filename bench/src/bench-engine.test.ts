import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createExactVectorIndex } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { type EngineResults, main } from "./bench-engine.js";
import { ingestSynthetic, percentile } from "./engine/ingest.js";

function captureIo() {
  const lines: string[] = [];
  return { lines, io: { log: (line: string) => lines.push(line) } };
}

describe("bench-engine main", () => {
  it("ingests a small generated stream on hnswlib and on the exact index, prints the tables and writes the results", async () => {
    const out = path.join(await mkdtemp(path.join(tmpdir(), "bench-engine-")), "engine.json");
    const { lines, io } = captureIo();
    expect(await main(["--items", "3000", "--baseline-items", "1000", "--rate", "30", "--queries", "5", "--out", out], io)).toBe(0);
    const output = lines.join("\n");
    expect(output).toMatch(/^index\s+items\s+seconds\s+items\/s\s+items\/s since last\s+heap\+ext B\/item\s+rss B\/item/m);
    expect(output).toMatch(/^hnsw \(main\)\s+3,000\s/m);

    const results = JSON.parse(await readFile(out, "utf8")) as EngineResults;
    expect(results).toMatchObject({ items: 3_000, bytesPerItemBasis: "rss", settings: { itemsPlanned: 3_000, baselineItems: 1_000 } });
    for (const key of ["itemsPerSecond", "baselineItemsPerSecond", "queryP99Ms", "bytesPerItem"] as const) {
      expect(Number.isFinite(results[key]), key).toBe(true);
    }
    const { main: run, exactAtBaseline, hnswAtBaseline } = results.runs;
    expect(run.checkpoints.map((checkpoint) => checkpoint.items)).toEqual([3_000]);
    expect(exactAtBaseline).toMatchObject({ index: "exact", items: 1_000 });
    expect(hnswAtBaseline).toMatchObject({ index: "hnsw", items: 1_000 });
    // 100 hours at 30 items/h: bursts at hours 48 and 72, far above their quiet history, and found.
    expect(run.bursts.planted).toBe(2);
    expect(run.bursts.detected).toBe(2);
    expect(run.queries.trend.calls).toBe(5);
  }, 120_000);

  it("rejects bad arguments with exit code 2", async () => {
    const { lines, io } = captureIo();
    expect(await main(["--items", "many"], io)).toBe(2);
    expect(await main(["--engine-options", '{"store":1}'], io)).toBe(2);
    expect(lines[0]).toMatch(/^--items must be a positive integer/);
  });
});

describe("ingestSynthetic", () => {
  it("stops after the pass that crosses the time limit, records where it got and scores only the bursts it saw", async () => {
    const run = await ingestSynthetic({
      stream: { items: 3_000, ratePerHour: 30 },
      index: { name: "exact", create: (dimensions) => createExactVectorIndex({ dimensions }) },
      checkpoints: [1_000],
      timeLimitSeconds: 1e-6,
      queryCalls: 2,
    });
    expect(run).toMatchObject({ stoppedEarly: true, items: 30, reachedAt: "2030-01-01T01:00:00.000Z" });
    expect(run.checkpoints.map((checkpoint) => checkpoint.items)).toEqual([30]);
    expect(run.bursts.planted).toBe(0);
  });
});

describe("percentile", () => {
  it("takes the nearest rank", () => {
    const values = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([3], 99)).toBe(3);
  });
});
