import { mkdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createMemoryStore, createReplaySources, type RecordingEntry, replayHistory, UndercurrentError } from "@undercurrent/core";
import { type DatasetDefinition, datasetErrorCodes, datasets, type SkippedRows } from "./loaders/index.js";

const benchDirectory = fileURLToPath(new URL("..", import.meta.url));
/** `shared/data` next to the repository root. */
export const defaultDataDirectory = path.resolve(benchDirectory, "..", "..", "shared", "data");
/** Where the figures are written unless `--out` says otherwise. */
export const defaultResultsFile = path.join(benchDirectory, "results", "replay.json");

/** Where the script writes its lines (the console unless a test passes its own). */
export interface ReplayIo {
  log(line: string): void;
}

/** The figures of one dataset's load and replay. */
export interface DatasetReport {
  dataset: string;
  rows: number;
  entries: number;
  items: number;
  observations: number;
  series: number;
  seriesPoints: number;
  span: { from: string; to: string };
  stepMs: number;
  passes: number;
  loadSeconds: number;
  replaySeconds: number;
  entriesPerSecond: number;
  /** Whether the store holds every distinct item, observation and series of the recording. */
  complete: boolean;
  skipped: SkippedRows[];
}

const usage = "usage: pnpm bench:replay [--data DIR] [--only NAME[,NAME…]] [--out FILE]";

function distinctCounts(entries: readonly RecordingEntry[]) {
  const items = new Set<string>();
  const observations = new Set<string>();
  const series = new Set<string>();
  for (const entry of entries) {
    if (entry.type === "item") items.add(entry.item.id);
    else if (entry.type === "observation") observations.add(`${entry.observation.itemId} ${entry.observation.observedAt.getTime()}`);
    else series.add(entry.series.id);
  }
  return { items: items.size, observations: observations.size, series: series.size };
}

/** Loads one dataset, then replays it into a fresh memory store from its first to its last entry. */
export async function replayDataset(definition: DatasetDefinition, dataDirectory: string, io: ReplayIo): Promise<DatasetReport> {
  const loadStarted = performance.now();
  const loaded = await definition.load(dataDirectory);
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const { entries } = loaded;
  const { stepMs } = definition;
  const first = entries[0]?.at.getTime() ?? 0;
  const last = entries.at(-1)?.at.getTime() ?? 0;
  // Passes on step boundaries (UTC hours or midnights), the last one at or after the last entry: replayHistory
  // makes no pass at `to` itself when `to - from` is not a multiple of the step.
  const from = Math.floor(first / stepMs) * stepMs;
  const to = from + Math.ceil((last - from) / stepMs) * stepMs;
  io.log(
    `${definition.name}: ${loaded.rows} rows → ${entries.length} entries in ${loadSeconds.toFixed(2)} s; replaying ${(to - from) / stepMs + 1} passes`,
  );

  const store = createMemoryStore();
  const replayStarted = performance.now();
  let passes = 0;
  if (entries.length > 0) {
    const sources = await createReplaySources(entries);
    ({ passes } = await replayHistory({ sources, store, from: new Date(from), to: new Date(to), stepMs }));
  }
  const replaySeconds = (performance.now() - replayStarted) / 1000;

  const storedSeries = await store.listTimeSeries();
  const report: DatasetReport = {
    dataset: definition.name,
    rows: loaded.rows,
    entries: entries.length,
    items: await store.countItems(),
    observations: (await store.listObservations()).length,
    series: storedSeries.length,
    seriesPoints: storedSeries.reduce((sum, series) => sum + series.points.length, 0),
    span: { from: new Date(first).toISOString(), to: new Date(last).toISOString() },
    stepMs,
    passes,
    loadSeconds,
    replaySeconds,
    entriesPerSecond: replaySeconds > 0 ? entries.length / replaySeconds : 0,
    complete: false,
    skipped: loaded.skipped,
  };
  const expected = distinctCounts(entries);
  report.complete = report.items === expected.items && report.observations === expected.observations && report.series === expected.series;
  if (!report.complete) {
    io.log(
      `warning: ${definition.name}: the store holds ${report.items}/${report.observations}/${report.series} items/observations/series, ` +
        `the recording ${expected.items}/${expected.observations}/${expected.series}`,
    );
  }
  return report;
}

function formatSpan(report: DatasetReport): string {
  const days = (Date.parse(report.span.to) - Date.parse(report.span.from)) / 86_400_000;
  return `${report.span.from.slice(0, 10)}..${report.span.to.slice(0, 10)} (${days.toFixed(days < 10 ? 1 : 0)} d)`;
}

/** The results as a plain-text table, one row per dataset. */
export function formatTable(reports: readonly DatasetReport[]): string {
  const integer = (value: number) => value.toLocaleString("en-US");
  const header = ["dataset", "rows read", "entries", "items", "observations", "series", "span", "step", "load s", "replay s", "entries/s"];
  const lines = reports.map((report) => [
    report.dataset,
    integer(report.rows),
    integer(report.entries),
    integer(report.items),
    integer(report.observations),
    integer(report.series),
    formatSpan(report),
    report.stepMs % 86_400_000 === 0 ? `${report.stepMs / 86_400_000} d` : `${report.stepMs / 3_600_000} h`,
    report.loadSeconds.toFixed(2),
    report.replaySeconds.toFixed(2),
    integer(Math.round(report.entriesPerSecond)),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const leftAligned = new Set([0, 6]);
  const render = (cells: readonly string[]) =>
    cells.map((cell, column) => (leftAligned.has(column) ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ");
  return [render(header), widths.map((width) => "-".repeat(width)).join("  "), ...lines.map(render)].join("\n");
}

async function isDirectory(directory: string): Promise<boolean> {
  try {
    return (await stat(directory)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * `pnpm bench:replay`: for each dataset, load it, replay it through `replayHistory` into a fresh memory store
 * (an hour per pass for hourly data, a day for daily data), print a table and write it as JSON. Returns the
 * exit code: 0 when done or when the data folder is missing, 1 when a dataset failed, 2 on bad arguments.
 */
export async function main(argv: readonly string[], io: ReplayIo = { log: (line) => console.log(line) }): Promise<number> {
  let values: { data?: string; only?: string[]; out?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { data: { type: "string" }, only: { type: "string", multiple: true }, out: { type: "string" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.log(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const dataDirectory = path.resolve(values.data ?? defaultDataDirectory);
  const only = (values.only ?? [])
    .flatMap((value) => value.split(","))
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = only.filter((name) => !datasets.some((dataset) => dataset.name === name));
  if (unknown.length > 0) {
    io.log(`unknown dataset ${unknown.join(", ")}; known: ${datasets.map((dataset) => dataset.name).join(", ")}`);
    return 2;
  }
  if (!(await isDirectory(dataDirectory))) {
    io.log(`datasets not found at ${dataDirectory} — pass --data DIR`);
    return 0;
  }

  const reports: DatasetReport[] = [];
  const failed: string[] = [];
  for (const definition of datasets.filter((dataset) => only.length === 0 || only.includes(dataset.name))) {
    try {
      reports.push(await replayDataset(definition, dataDirectory, io));
    } catch (error) {
      if (UndercurrentError.isInstance(error) && error.code === datasetErrorCodes.notFound) {
        io.log(`${definition.name}: skipped — ${error.message}`);
        continue;
      }
      failed.push(definition.name);
      io.log(`${definition.name}: failed — ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  io.log("");
  io.log(formatTable(reports));
  for (const report of reports.filter((entry) => entry.skipped.length > 0)) {
    io.log(`\n${report.dataset}: rows skipped`);
    for (const { reason, count } of report.skipped) io.log(`  ${count.toLocaleString("en-US").padStart(7)}  ${reason}`);
  }
  const resultsFile = path.resolve(values.out ?? defaultResultsFile);
  await mkdir(path.dirname(resultsFile), { recursive: true });
  const results = { generatedAt: new Date().toISOString(), node: process.version, dataDirectory, datasets: reports, failed };
  await writeFile(resultsFile, `${JSON.stringify(results, null, 2)}\n`, "utf8");
  io.log(`\nwrote ${resultsFile}`);
  return failed.length > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
