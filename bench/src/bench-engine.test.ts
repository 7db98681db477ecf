import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type EngineResults, main } from "./bench-engine.js";
import { percentile } from "./engine/ingest.js";

function captureIo() {
  const lines: string[] = [];
  return { lines, io: { log: (line: string) => lines.push(line) } };
}

describe("bench-engine main", () => {
  it("ingests a small generated stream on hnswlib and on the exact index, prints the tables and writes the results", async () => {
    const out = path.join(await mkdtemp(path.join(tmpdir(), "bench-engine-")), "engine.json");
    const { lines, io } = captureIo();
    expect(await main(["--items", "3000", "--baseline-items", "1000", "--queries", "5", "--out", out], io)).toBe(0);
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
    // The planted bursts stand far above their quiet history: the engine finds most of them.
    expect(run.bursts.planted).toBe(24);
    expect(run.bursts.detected).toBeGreaterThanOrEqual(20);
    expect(run.queries.trend.calls).toBe(5);
  }, 120_000);

  it("rejects bad arguments with exit code 2", async () => {
    const { lines, io } = captureIo();
    expect(await main(["--items", "many"], io)).toBe(2);
    expect(await main(["--engine-options", '{"store":1}'], io)).toBe(2);
    expect(lines[0]).toMatch(/^--items must be a positive integer/);
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
