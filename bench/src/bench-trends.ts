import { mkdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createMemoryStore, trendEngineOptionsSchema, UndercurrentError, type VectorIndex } from "@undercurrent/core";
import { createHnswVectorIndex } from "@undercurrent/index-hnswlib";
import { datasetErrorCodes } from "./loaders/index.js";
import { loadTrendData, withoutStoryUrls } from "./trends/dataset.js";
import { labelErrorCodes, loadLabels } from "./trends/labels.js";
import { leadTimeChart } from "./trends/lead-chart.js";
import { goldLinks, type LinkingScore, linkWindowDays, scoreLinking } from "./trends/linking.js";
import { type EngineSettings, replayTrends } from "./trends/replay.js";
import {
  type CalibrationBin,
  calibration,
  type DetectionScore,
  dayLabel,
  detectionWindowDays,
  isScoredTime,
  matchFlags,
  type RocPoint,
  rocCurve,
  scoreDetection,
  scoringSpan,
  topicTimings,
  warmUpDays,
} from "./trends/score.js";

const benchDirectory = fileURLToPath(new URL("..", import.meta.url));
const repositoryDirectory = path.resolve(benchDirectory, "..");
/** `shared/data` next to the repository root. */
export const defaultDataDirectory = path.resolve(repositoryDirectory, "..", "shared", "data");
/** `shared/eval/trends-2022.json` next to the repository root. */
export const defaultLabelsFile = path.resolve(repositoryDirectory, "..", "shared", "eval", "trends-2022.json");
/** Where the figures are written unless `--out` says otherwise (the flags go next to it). */
export const defaultResultsFile = path.join(benchDirectory, "results", "trends.json");
/** Where the lead-time chart is written unless `--chart` says otherwise. */
export const defaultChartFile = path.join(repositoryDirectory, "docs", "images", "lead-times.svg");

const usage =
  "usage: pnpm bench:trends [--data DIR] [--labels FILE] [--engine-options JSON] [--index exact|hnsw] [--embedder-dimensions N] [--skip-text-run] [--out FILE] [--chart FILE]";

/** Where the script writes its lines (the console unless a test passes its own). */
export interface BenchIo {
  log(line: string): void;
}

/** The figures `bench/results/trends.json` holds. */
export interface TrendsResults {
  generatedAt: string;
  node: string;
  dataDirectory: string;
  labelsFile: string;
  span: { from: string; to: string; scoredFrom: string };
  settings: {
    engineOptions: Record<string, unknown>;
    index: "exact" | "hnsw";
    embedderDimensions: number;
    stepHours: number;
    warmUpDays: number;
    detectionWindowDays: number;
    linkWindowDays: number;
  };
  tpr: number;
  fpr: number;
  medianLeadHours: number | null;
  detected: number;
  positives: number;
  falsePositives: number;
  negatives: number;
  topics: DetectionScore["positives"];
  negativeTopics: DetectionScore["negatives"];
  roc: RocPoint[];
  calibration: CalibrationBin[];
  linking: { url: LinkingScore; text: LinkingScore | null };
  replay: {
    entries: number;
    items: number;
    datasets: { dataset: string; rows: number; entries: number }[];
    passes: number;
    flags: number;
    scoredFlags: number;
    events: Record<string, number>;
    engine: { items: number; topics: number; trends: number };
    trendsStored: number;
  };
  timings: { loadSeconds: number; replaySeconds: number; textReplaySeconds: number | null; scoreSeconds: number; totalSeconds: number };
}

async function exists(file: string, kind: "file" | "directory"): Promise<boolean> {
  try {
    const info = await stat(file);
    return kind === "file" ? info.isFile() : info.isDirectory();
  } catch {
    return false;
  }
}

const forbiddenEngineOptions = ["store", "embedder", "index", "analyzer"];

/** Parses `--engine-options`: a JSON object of `createTrendEngine` options (thresholds; not the plugged-in parts). */
export function parseEngineOptions(json: string | undefined): EngineSettings | string {
  if (json === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return `--engine-options is not JSON (${(error as Error).message})`;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "--engine-options must be a JSON object";
  const forbidden = Object.keys(value).filter((key) => forbiddenEngineOptions.includes(key));
  if (forbidden.length > 0) return `--engine-options cannot set ${forbidden.join(", ")} (use --index for the vector index)`;
  const parsed = trendEngineOptionsSchema.safeParse({ ...value, store: createMemoryStore() });
  if (!parsed.success) {
    return `--engine-options: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`;
  }
  return value as EngineSettings;
}

/** The engine settings in effect: the given options over core's defaults. */
export function effectiveEngineOptions(options: EngineSettings): Record<string, unknown> {
  const {
    store: _store,
    embedder: _embedder,
    index: _index,
    analyzer: _analyzer,
    ...settings
  } = trendEngineOptionsSchema.parse({
    ...options,
    store: createMemoryStore(),
  });
  return settings;
}

const fixed = (value: number | null, digits = 3) => (value === null ? "–" : value.toFixed(digits));

function renderTable(header: readonly string[], rows: readonly (readonly string[])[], leftColumns: readonly number[] = [0]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((cells) => cells[column]!.length)));
  const render = (cells: readonly string[]) =>
    cells.map((cell, column) => (leftColumns.includes(column) ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ");
  return [render(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(render)].join("\n");
}

/** The printed report: per-positive table, totals, ROC, calibration, linking and timings. */
export function formatReport(results: TrendsResults): string {
  const topics = renderTable(
    ["positive", "mentions", "first mention", "reference day", "first flag", "detected at", "lead h"],
    results.topics.map((topic) => [
      topic.id,
      String(topic.mentions),
      topic.firstMentionDay ?? "–",
      topic.referenceDay ?? "–",
      topic.firstFlagTime?.slice(0, 16) ?? "–",
      topic.detectionTime?.slice(0, 16) ?? "–",
      topic.leadHours === null ? "–" : topic.leadHours.toFixed(0),
    ]),
    [0, 2, 3, 4, 5],
  );
  const falsePositives = results.negativeTopics.filter((negative) => negative.falsePositive);
  const totals = [
    `TPR ${results.detected}/${results.positives} = ${fixed(results.tpr)}   FPR ${results.falsePositives}/${results.negatives} = ${fixed(results.fpr)}   median lead ${fixed(results.medianLeadHours, 0)} h   scored flags ${results.replay.scoredFlags}`,
    `false positives: ${falsePositives.length > 0 ? falsePositives.map((negative) => `${negative.id} (${negative.flags} flags, first ${negative.firstFlagTime?.slice(0, 10)})`).join(", ") : "none"}`,
  ].join("\n");
  const roc = renderTable(
    ["confidence ≥", "flags", "TPR", "FPR", "median lead h"],
    results.roc.map((point) => [
      point.threshold.toFixed(2),
      String(point.flags),
      fixed(point.tpr),
      fixed(point.fpr),
      fixed(point.medianLeadHours, 0),
    ]),
  );
  const bins = renderTable(
    ["confidence", "flags", "mean conf", "match a positive", "match a negative"],
    results.calibration.map((bin) => [
      `${bin.from.toFixed(1)}–${bin.to.toFixed(1)}`,
      String(bin.flags),
      fixed(bin.meanConfidence),
      fixed(bin.positiveShare),
      fixed(bin.negativeShare),
    ]),
  );
  const linkRow = (name: string, score: LinkingScore | null) =>
    score
      ? [
          name,
          String(score.pairs),
          String(score.pairsInTrends),
          String(score.linked),
          fixed(score.precision),
          fixed(score.recall),
          fixed(score.pairPrecision),
          fixed(score.coverage),
        ]
      : [name, "–", "–", "–", "–", "–", "–", "–"];
  const linking = renderTable(
    ["HN story → repo", "pairs", "in trends", "linked", "precision", "recall", "pair precision", "coverage"],
    [linkRow("URLs visible", results.linking.url), linkRow("text only", results.linking.text)],
  );
  const { timings, replay } = results;
  const timing = [
    `replay: ${replay.entries.toLocaleString("en-US")} entries, ${replay.items.toLocaleString("en-US")} items, ${replay.passes} passes; engine ${replay.engine.topics} topics, ${replay.trendsStored} trends stored, ${replay.flags} flags (${replay.scoredFlags} scored)`,
    `seconds: load ${timings.loadSeconds.toFixed(1)}, replay ${timings.replaySeconds.toFixed(1)}, text-only replay ${fixed(timings.textReplaySeconds, 1)}, scoring ${timings.scoreSeconds.toFixed(1)}, total ${timings.totalSeconds.toFixed(1)}`,
  ].join("\n");
  return [
    `trend detection, ${results.span.from}..${results.span.to} (flags scored from ${results.span.scoredFrom}), index ${results.settings.index}, embedder ${results.settings.embedderDimensions} dimensions, engine options ${JSON.stringify(results.settings.engineOptions)}`,
    "",
    topics,
    "",
    totals,
    "",
    "ROC (only flags at or above the confidence count)",
    roc,
    "",
    "calibration (scored flags by confidence)",
    bins,
    "",
    `cross-source linking (HN stories whose URL is a repository that trended within ±${linkWindowDays} days)`,
    linking,
    "",
    timing,
  ].join("\n");
}

/**
 * `pnpm bench:trends`: replays HN front page (snapshots and RSS) and GitHub trending over the label file's span as
 * one stream through `replayHistory` with the trend engine (a pass per hour), records every flag, scores detection,
 * ROC, calibration and linking (then again with HN URLs hidden), prints the tables and writes `trends.json`,
 * `trends-flags.jsonl` and the lead-time chart. Returns the exit code: 0 when done or when the data or labels are
 * absent, 1 on failure, 2 on bad arguments.
 */
export async function main(argv: readonly string[], io: BenchIo = { log: (line) => console.log(line) }): Promise<number> {
  const started = performance.now();
  let values: {
    data?: string;
    labels?: string;
    "engine-options"?: string;
    index?: string;
    "embedder-dimensions"?: string;
    "skip-text-run"?: boolean;
    out?: string;
    chart?: string;
  };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        data: { type: "string" },
        labels: { type: "string" },
        "engine-options": { type: "string" },
        index: { type: "string" },
        "embedder-dimensions": { type: "string" },
        "skip-text-run": { type: "boolean" },
        out: { type: "string" },
        chart: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.log(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const engineOptions = parseEngineOptions(values["engine-options"]);
  if (typeof engineOptions === "string") {
    io.log(`${engineOptions}\n${usage}`);
    return 2;
  }
  const indexKind = values.index ?? "exact";
  if (indexKind !== "exact" && indexKind !== "hnsw") {
    io.log(`--index must be exact or hnsw\n${usage}`);
    return 2;
  }
  const embedderDimensions = Number(values["embedder-dimensions"] ?? 256);
  if (!Number.isInteger(embedderDimensions) || embedderDimensions < 32 || embedderDimensions > 4_096) {
    io.log(`--embedder-dimensions must be an integer from 32 to 4096\n${usage}`);
    return 2;
  }
  const dataDirectory = path.resolve(values.data ?? defaultDataDirectory);
  const labelsFile = path.resolve(values.labels ?? defaultLabelsFile);
  if (!(await exists(dataDirectory, "directory"))) {
    io.log(`datasets not found at ${dataDirectory} — pass --data DIR`);
    return 0;
  }
  if (!(await exists(labelsFile, "file"))) {
    io.log(`labels not found at ${labelsFile} — pass --labels FILE`);
    return 0;
  }

  try {
    const labels = await loadLabels(labelsFile);
    const span = scoringSpan(labels.span);
    const loadStarted = performance.now();
    const data = await loadTrendData(dataDirectory, span);
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    io.log(
      `loaded ${data.datasets.map((dataset) => `${dataset.dataset} (${dataset.entries.toLocaleString("en-US")} entries)`).join(", ")} in ${loadSeconds.toFixed(1)} s`,
    );
    const createIndex =
      indexKind === "hnsw"
        ? (dimensions: number): VectorIndex => createHnswVectorIndex({ dimensions, initialCapacity: Math.max(1_000, data.items.length) })
        : undefined;
    const progress = (label: string) => (at: Date, seconds: number) =>
      io.log(`  ${label}: at ${at.toISOString().slice(0, 13)}h after ${seconds.toFixed(0)} s`);

    io.log(`replaying ${data.items.length.toLocaleString("en-US")} items, ${labels.span.from}..${labels.span.to}, one pass per hour`);
    const replay = await replayTrends({
      entries: data.entries,
      span,
      texts: data.texts,
      engineOptions,
      embedderDimensions,
      ...(createIndex && { createIndex }),
      onProgress: progress("replay"),
    });
    let textReplay: Awaited<ReturnType<typeof replayTrends>> | undefined;
    if (!values["skip-text-run"]) {
      io.log("replaying again with the URLs of HN stories removed (text-only linking)");
      textReplay = await replayTrends({
        entries: withoutStoryUrls(data.entries),
        span,
        texts: data.texts,
        engineOptions,
        embedderDimensions,
        ...(createIndex && { createIndex }),
        onProgress: progress("text-only replay"),
      });
    }

    const scoreStarted = performance.now();
    const timings = topicTimings(labels.positives, data.items, span);
    const negativeIds = labels.negatives.map((negative) => negative.id);
    const matched = matchFlags(replay.flags, labels);
    const score = scoreDetection({ timings, negativeIds, flags: matched, span });
    const gold = goldLinks(data.stories, data.repositories);
    const isRepository = (itemId: string) => itemId.startsWith("github:");
    const scoredFlags = replay.flags.filter((flag) => isScoredTime(Date.parse(flag.time), span));
    const results: TrendsResults = {
      generatedAt: new Date().toISOString(),
      node: process.version,
      dataDirectory,
      labelsFile,
      span: { from: labels.span.from, to: labels.span.to, scoredFrom: dayLabel(span.scoredFrom) },
      settings: {
        engineOptions: effectiveEngineOptions(engineOptions),
        index: indexKind,
        embedderDimensions,
        stepHours: 1,
        warmUpDays,
        detectionWindowDays,
        linkWindowDays,
      },
      tpr: score.tpr,
      fpr: score.fpr,
      medianLeadHours: score.medianLeadHours,
      detected: score.detected,
      positives: score.positives.length,
      falsePositives: score.falsePositives,
      negatives: score.negatives.length,
      topics: score.positives,
      negativeTopics: score.negatives,
      roc: rocCurve({ timings, negativeIds, flags: matched, span }),
      calibration: calibration(matched, span),
      linking: {
        url: scoreLinking(gold, replay.members, isRepository),
        text: textReplay ? scoreLinking(gold, textReplay.members, isRepository) : null,
      },
      replay: {
        entries: data.entries.length,
        items: data.items.length,
        datasets: data.datasets.map(({ dataset, rows, entries }) => ({ dataset, rows, entries })),
        passes: replay.passes,
        flags: replay.flags.length,
        scoredFlags: scoredFlags.length,
        events: replay.events,
        engine: replay.engine,
        trendsStored: replay.trendsStored,
      },
      timings: {
        loadSeconds,
        replaySeconds: replay.seconds,
        textReplaySeconds: textReplay?.seconds ?? null,
        scoreSeconds: (performance.now() - scoreStarted) / 1000,
        totalSeconds: 0,
      },
    };
    results.timings.totalSeconds = (performance.now() - started) / 1000;

    io.log("");
    io.log(formatReport(results));
    const resultsFile = path.resolve(values.out ?? defaultResultsFile);
    const flagsFile = path.join(path.dirname(resultsFile), `${path.basename(resultsFile, ".json")}-flags.jsonl`);
    const chartFile = path.resolve(values.chart ?? defaultChartFile);
    await mkdir(path.dirname(resultsFile), { recursive: true });
    await writeFile(resultsFile, `${JSON.stringify(results, null, 2)}\n`, "utf8");
    await writeFile(flagsFile, scoredFlags.map((flag) => `${JSON.stringify(flag)}\n`).join(""), "utf8");
    await mkdir(path.dirname(chartFile), { recursive: true });
    const subtitle = `${labels.span.from}..${labels.span.to}, HN front page + GitHub trending, index ${indexKind}; TPR ${fixed(score.tpr, 2)}, FPR ${fixed(score.fpr, 2)}, median lead ${fixed(score.medianLeadHours, 0)} h`;
    await writeFile(chartFile, leadTimeChart(score.positives, subtitle), "utf8");
    io.log(`\nwrote ${resultsFile}, ${flagsFile} and ${chartFile}`);
    return 0;
  } catch (error) {
    if (UndercurrentError.isInstance(error) && (error.code === datasetErrorCodes.notFound || error.code === labelErrorCodes.notFound)) {
      io.log(`${error.message} — pass --data DIR / --labels FILE`);
      return 0;
    }
    io.log(`failed — ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
