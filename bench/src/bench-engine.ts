import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createExactVectorIndex, UndercurrentError, type VectorIndex } from "@undercurrent/core";
import { createHnswVectorIndex } from "@undercurrent/index-hnswlib";
import { effectiveEngineOptions, parseEngineOptions } from "./bench-trends.js";
import { type Checkpoint, type IngestRun, ingestSynthetic } from "./engine/ingest.js";

const benchDirectory = fileURLToPath(new URL("..", import.meta.url));
/** Where the figures are written unless `--out` says otherwise. */
export const defaultEngineResultsFile = path.join(benchDirectory, "results", "engine.json");

const usage =
  "usage: pnpm bench:engine [--items N] [--baseline-items N] [--rate ITEMS_PER_HOUR] [--seed N] [--engine-options JSON] [--time-limit-minutes M] [--queries N] [--out FILE]";

/** Where the script writes its lines (the console unless a test passes its own). */
export interface EngineBenchIo {
  log(line: string): void;
}

/** The figures `bench/results/engine.json` holds. */
export interface EngineResults {
  generatedAt: string;
  node: string;
  machine: { cpus: number; cpuModel: string; memoryBytes: number };
  settings: {
    seed: number;
    ratePerHour: number;
    itemsPlanned: number;
    baselineItems: number;
    timeLimitMinutes: number;
    queryCalls: number;
    engineOptions: Record<string, unknown>;
    hnsw: { m: number; efConstruction: number; efSearch: number };
    stream: string;
  };
  /** Items the hnswlib run ingested (less than planned when it hit the time limit). */
  items: number;
  /** hnswlib run, over all its items. */
  itemsPerSecond: number;
  /** Exact index at `settings.baselineItems`. */
  baselineItemsPerSecond: number;
  /** hnswlib at the same size and stream as the exact baseline. */
  hnswItemsPerSecondAtBaseline: number;
  /** `hnswItemsPerSecondAtBaseline / baselineItemsPerSecond`. */
  speedupAtBaseline: number;
  /** The larger p99 of `engine.trends()` and `engine.trend(id)` at the end of the hnswlib run. */
  queryP99Ms: number;
  /** Resident-set growth per item at the end of the hnswlib run (includes hnswlib's native memory). */
  bytesPerItem: number;
  bytesPerItemBasis: "rss";
  runs: { main: IngestRun; hnswAtBaseline: IngestRun; exactAtBaseline: IngestRun };
}

const hnswSettings = { m: 16, efConstruction: 100, efSearch: 64 };
const streamDescription =
  "3 sources (50/35/15 %); background titles of 6 random words from 5,000; 100 steady topics (30 % of items); from hour 48 one burst a day of 24 items in 6 h over 2-3 sources";

const badArgument = "BENCH_BAD_ARGUMENT";

function positiveInteger(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value.replace(/_/g, ""));
  if (!Number.isInteger(number) || number <= 0)
    throw new UndercurrentError({ code: badArgument, message: `--${name} must be a positive integer` });
  return number;
}

const integer = (value: number) => Math.round(value).toLocaleString("en-US");
const megabytes = (bytes: number) => (bytes / 1_048_576).toFixed(0);

function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((cells) => cells[column]!.length)));
  const render = (cells: readonly string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ");
  return [render(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(render)].join("\n");
}

/** The printed report: checkpoints, runs compared, profile, queries, planted bursts. */
export function formatEngineReport(results: EngineResults): string {
  const { main, hnswAtBaseline, exactAtBaseline } = results.runs;
  const checkpointRow = (run: IngestRun, checkpoint: Checkpoint) => [
    run.index,
    integer(checkpoint.items),
    checkpoint.seconds.toFixed(1),
    integer(checkpoint.itemsPerSecond),
    integer(checkpoint.intervalItemsPerSecond),
    integer(checkpoint.heapExternalBytesPerItem),
    integer(checkpoint.rssBytesPerItem),
    megabytes(checkpoint.memory.heapUsed),
    megabytes(checkpoint.memory.rss),
  ];
  const checkpoints = renderTable(
    ["index", "items", "seconds", "items/s", "items/s since last", "heap+ext B/item", "rss B/item", "heap MB", "rss MB"],
    [
      ...main.checkpoints.map((checkpoint) => checkpointRow(main, checkpoint)),
      ...hnswAtBaseline.checkpoints.slice(-1).map((checkpoint) => checkpointRow(hnswAtBaseline, checkpoint)),
      ...exactAtBaseline.checkpoints.slice(-1).map((checkpoint) => checkpointRow(exactAtBaseline, checkpoint)),
    ],
  );
  const runRow = (label: string, run: IngestRun) => [
    label,
    integer(run.items),
    integer(run.itemsPerSecond),
    run.queries.trends.p50Ms.toFixed(2),
    run.queries.trends.p99Ms.toFixed(2),
    run.queries.trend.p50Ms.toFixed(2),
    run.queries.trend.p99Ms.toFixed(2),
    `${run.bursts.detected}/${run.bursts.planted}`,
    run.bursts.medianDelayHours === null ? "–" : run.bursts.medianDelayHours.toFixed(0),
    String(run.bursts.falseAlarms),
    String(run.engine.topics),
  ];
  const runs = renderTable(
    [
      "run",
      "items",
      "items/s",
      "trends() p50 ms",
      "p99 ms",
      "trend(id) p50 ms",
      "p99 ms",
      "bursts found",
      "delay h",
      "other flags",
      "topics",
    ],
    [
      runRow(`hnsw (main)${main.stoppedEarly ? " – time limit" : ""}`, main),
      runRow("hnsw at baseline", hnswAtBaseline),
      runRow("exact at baseline", exactAtBaseline),
    ],
  );
  const profileRow = (run: IngestRun) => {
    const { profile } = run;
    const share = (seconds: number) => `${seconds.toFixed(1)} (${((100 * seconds) / profile.passes).toFixed(0)} %)`;
    return [
      run.index,
      profile.passes.toFixed(1),
      share(profile.pipeline),
      share(profile.embed),
      share(profile.analyze),
      share(profile.indexSearch),
      share(profile.indexAdd),
      share(profile.engineRest),
    ];
  };
  const profile = renderTable(
    ["run", "total s", "pipeline+store", "embed", "key phrases", "index search", "index add", "engine rest"],
    [profileRow(main), profileRow(hnswAtBaseline), profileRow(exactAtBaseline)],
  );
  return [
    `trend engine ingest, synthetic stream of ${results.settings.ratePerHour} items/h (${results.settings.stream}), seed ${results.settings.seed}`,
    "",
    checkpoints,
    "",
    runs,
    "",
    "seconds per step (share of the passes)",
    profile,
    "",
    `hnswlib ${integer(results.hnswItemsPerSecondAtBaseline)} items/s vs exact ${integer(results.baselineItemsPerSecond)} items/s at ${integer(results.settings.baselineItems)} items: ${results.speedupAtBaseline.toFixed(2)}×`,
    `main run: ${integer(results.items)} items at ${integer(results.itemsPerSecond)} items/s, ${integer(results.bytesPerItem)} B/item (rss growth), query p99 ${results.queryP99Ms.toFixed(2)} ms`,
  ].join("\n");
}

/**
 * `pnpm bench:engine`: ingests a generated stream with planted bursts through the pipeline and the trend engine on
 * `createHnswVectorIndex`, up to `--items` (checkpoints at 10k, 50k, 100k, 250k, 500k, 1M; it stops at `--time-limit-minutes` and reports
 * how far it got), then the same engine on the exact index and on hnswlib at `--baseline-items`; prints the tables and writes `engine.json`. Exit code 0, or 2 on bad
 * arguments.
 */
export async function main(argv: readonly string[], io: EngineBenchIo = { log: (line) => console.log(line) }): Promise<number> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        items: { type: "string" },
        "baseline-items": { type: "string" },
        seed: { type: "string" },
        rate: { type: "string" },
        "engine-options": { type: "string" },
        "time-limit-minutes": { type: "string" },
        queries: { type: "string" },
        out: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.log(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  let items: number;
  let baselineItems: number;
  let seed: number;
  let ratePerHour: number;
  let timeLimitMinutes: number;
  let queryCalls: number;
  try {
    items = positiveInteger(values.items, "items", 1_000_000);
    baselineItems = positiveInteger(values["baseline-items"], "baseline-items", 20_000);
    seed = positiveInteger(values.seed, "seed", 1);
    ratePerHour = positiveInteger(values.rate, "rate", 300);
    timeLimitMinutes = positiveInteger(values["time-limit-minutes"], "time-limit-minutes", 15);
    queryCalls = positiveInteger(values.queries, "queries", 200);
  } catch (error) {
    if (!(UndercurrentError.isInstance(error) && error.code === badArgument)) throw error;
    io.log(`${error.message}\n${usage}`);
    return 2;
  }
  const engineOptions = parseEngineOptions(values["engine-options"]);
  if (typeof engineOptions === "string") {
    io.log(`${engineOptions}\n${usage}`);
    return 2;
  }

  const hnsw = (capacity: number) => ({
    name: "hnsw",
    create: (dimensions: number): VectorIndex => createHnswVectorIndex({ dimensions, initialCapacity: capacity, ...hnswSettings }),
  });
  const exact = { name: "exact", create: (dimensions: number): VectorIndex => createExactVectorIndex({ dimensions }) };
  const log = (label: string) => (checkpoint: Checkpoint) =>
    io.log(
      `  ${label}: ${integer(checkpoint.items)} items in ${checkpoint.seconds.toFixed(1)} s (${integer(checkpoint.itemsPerSecond)} items/s), rss ${megabytes(checkpoint.memory.rss)} MB`,
    );

  io.log(`hnswlib, ${integer(items)} items (checkpoints 10k, 50k, 100k, 250k, 500k, 1M; time limit ${timeLimitMinutes} min)`);
  const main = await ingestSynthetic({
    stream: { items, seed, ratePerHour },
    index: hnsw(items),
    engineOptions,
    checkpoints: [10_000, 50_000, 100_000, 250_000, 500_000, 1_000_000],
    timeLimitSeconds: timeLimitMinutes * 60,
    queryCalls,
    onCheckpoint: log("hnsw"),
  });

  io.log(`exact index, ${integer(baselineItems)} items`);
  const exactAtBaseline = await ingestSynthetic({
    stream: { items: baselineItems, seed, ratePerHour },
    index: exact,
    engineOptions,
    queryCalls,
    onCheckpoint: log("exact"),
  });
  io.log(`hnswlib, ${integer(baselineItems)} items (same stream)`);
  const hnswAtBaseline = await ingestSynthetic({
    stream: { items: baselineItems, seed, ratePerHour },
    index: hnsw(baselineItems),
    engineOptions,
    queryCalls,
    onCheckpoint: log("hnsw"),
  });
  const final = main.checkpoints.at(-1)!;
  const results: EngineResults = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", memoryBytes: os.totalmem() },
    settings: {
      seed,
      ratePerHour,
      itemsPlanned: items,
      baselineItems,
      timeLimitMinutes,
      queryCalls,
      engineOptions: effectiveEngineOptions(engineOptions),
      hnsw: hnswSettings,
      stream: streamDescription,
    },
    items: main.items,
    itemsPerSecond: main.itemsPerSecond,
    baselineItemsPerSecond: exactAtBaseline.itemsPerSecond,
    hnswItemsPerSecondAtBaseline: hnswAtBaseline.itemsPerSecond,
    speedupAtBaseline: hnswAtBaseline.itemsPerSecond / exactAtBaseline.itemsPerSecond,
    queryP99Ms: Math.max(main.queries.trends.p99Ms, main.queries.trend.p99Ms),
    bytesPerItem: final.rssBytesPerItem,
    bytesPerItemBasis: "rss",
    runs: { main, hnswAtBaseline, exactAtBaseline },
  };
  io.log("");
  io.log(formatEngineReport(results));
  const resultsFile = path.resolve(values.out ?? defaultEngineResultsFile);
  await mkdir(path.dirname(resultsFile), { recursive: true });
  await writeFile(resultsFile, `${JSON.stringify(results, null, 2)}\n`, "utf8");
  io.log(`\nwrote ${resultsFile}`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
