import { resolve } from "node:path";
import {
  ConfigError,
  type Cursor,
  createEventBus,
  createMemoryStore,
  createReplaySources,
  createTrendEngine,
  type PipelineProcessor,
  type RecordingEntry,
  readRecording,
  replayHistory,
  type Source,
  type Store,
  type TrendStatus,
  UndercurrentError,
  type UndercurrentEvents,
} from "@undercurrent/core";
import { createSqliteStore } from "@undercurrent/store-sqlite";
import { type CommandContext, defineCommand } from "../command-module.js";
import { isoDate, positiveNumber } from "../option-parsers.js";
import { locateStore } from "../store-location.js";
import type { Style } from "../style.js";
import { type FirstSeen, firstSeenOf, formatHours, formatLead, formatTable, formatTime, styleStatus, truncate } from "../trend-report.js";

const hour = 3_600_000;

/** A trend the replay flagged. */
export interface ReplayedTrend {
  /** The virtual time of the pass that first flagged it. */
  firstFlaggedAt: Date;
  id: string;
  /** Its name at the end of the replay. */
  name: string;
  sources: string[];
  status: TrendStatus;
  confidence: number;
  /** The source that saw it first, and its lead over the next one. */
  firstSeen: FirstSeen | null;
}

/** What `replay --json` prints. */
export interface ReplayReport {
  /** The recording, as an absolute path. */
  file: string;
  /** Entries in the recording. */
  entries: number;
  /** Entries whose time came before the end of the replay. */
  played: number;
  /** Source ids found in the recording. */
  sources: string[];
  from: Date;
  to: Date;
  stepHours: number;
  passes: number;
  /** New items stored. */
  items: number;
  /** `memory`, or the database file with `--persist`. */
  store: string;
  /** Every trend flagged, in the order it was first flagged. */
  trends: ReplayedTrend[];
}

interface ReplayOptions {
  step: number;
  from?: Date;
  to?: Date;
  persist?: boolean;
}

/** `undercurrent replay <file>`: history under a virtual clock, and when each trend was first flagged. */
export const replayCommand = defineCommand({
  name: "replay",
  description: "replay a recording under a virtual clock and print when each trend was first flagged",
  register(command, context) {
    command
      .argument("<file>", "a recording: JSON Lines of { type, at, item | observation | series } (see the README)")
      .option("--step <hours>", "virtual hours between two pipeline passes", positiveNumber, 1)
      .option("--from <iso>", "start of the replay (default: the first entry's time)", isoDate)
      .option("--to <iso>", "end of the replay (default: the last entry's time)", isoDate)
      .option("--persist", "replay into the database at store.path (default: a store in memory, gone afterwards)")
      .addHelpText(
        "after",
        `
Every source in the recording is played back as it was: at each pass (every --step hours of virtual time)
the pipeline sees the entries whose time has come, and the trend engine runs as it would have live. Prints
each trend flagged, when (virtual time), its sources, and which source saw it first and by how much it led.
With --persist the trends stay in the database for \`undercurrent trends\` (stored source cursors are left alone).`,
      )
      .action((file: string, replayOptions: ReplayOptions) => replay(context, file, replayOptions));
  },
});

async function replay(context: CommandContext, file: string, options: ReplayOptions): Promise<void> {
  const loaded = context.loadConfig();
  const output = context.output();
  const signal = context.io.signal ?? new AbortController().signal;
  const path = resolve(context.io.cwd, file);
  const entries = await loadRecording(path);
  const times = entries.map((entry) => entry.at.getTime()).sort((a, b) => a - b);
  const first = times[0];
  const last = times[times.length - 1];
  if (first === undefined || last === undefined) {
    throw new UndercurrentError({ code: "RECORDING_EMPTY", message: `${path} holds no entries: nothing to replay` });
  }
  const from = options.from ?? new Date(first);
  const to = options.to ?? new Date(last);
  if (to < from) {
    throw new ConfigError({
      context: options.to ? "--to" : "--from",
      message: options.to
        ? `${to.toISOString()} is before the start of the replay, ${from.toISOString()}`
        : `${from.toISOString()} is after the recording's last entry, ${to.toISOString()}; give --to as well`,
    });
  }
  const stepMs = Math.max(1, Math.round(options.step * hour));

  let store: Store;
  let storeName = "memory";
  if (options.persist) {
    const location = locateStore(loaded, context.io.cwd, { why: "--persist needs a database file" });
    store = createSqliteStore({ path: location.path });
    storeName = location.path;
  } else {
    store = createMemoryStore();
  }
  try {
    const engine = createTrendEngine({ store });
    const events = createEventBus<UndercurrentEvents>();
    const flagged = new Map<string, Date>();
    // A trend a `--persist` store already held is updated, not detected again; it keeps its first flag time.
    const remember = ({ trend }: { trend: { id: string; firstDetectedAt: Date } }) => {
      if (!flagged.has(trend.id)) flagged.set(trend.id, trend.firstDetectedAt);
    };
    events.on("trend-detected", remember);
    events.on("trend-updated", remember);
    events.on("trend-status-changed", remember);
    const sources = (await createReplaySources(entries)).map(withOwnCursor);
    const progress = output.progress({ label: "replay", total: entries.length });
    let played = 0;
    // Every item played is new to this engine, even one a `--persist` store already holds from an earlier replay.
    const processor: PipelineProcessor = {
      id: engine.id,
      process: (batch, processorContext) => engine.process({ ...batch, newItemIds: batch.items.map((item) => item.id) }, processorContext),
    };
    const result = await replayHistory({
      sources,
      store,
      processors: [processor],
      events,
      from,
      to,
      stepMs,
      onStep(at) {
        signal.throwIfAborted();
        while (played < times.length && (times[played] ?? Number.POSITIVE_INFINITY) <= at.getTime()) played++;
        progress.update(played, formatTime(at));
      },
    });
    progress.done(`${played}/${entries.length} entries in ${result.passes} passes`);

    const trends: ReplayedTrend[] = [];
    for (const [id, firstFlaggedAt] of flagged) {
      const trend = await store.getTrend(id);
      if (!trend) continue;
      const { name, sources: trendSources, status, confidence } = trend;
      trends.push({ firstFlaggedAt, id, name, sources: trendSources, status, confidence, firstSeen: firstSeenOf(trend) });
    }
    trends.sort((a, b) => a.firstFlaggedAt.getTime() - b.firstFlaggedAt.getTime());
    const report: ReplayReport = {
      file: path,
      entries: entries.length,
      played,
      sources: sources.map((source) => source.id),
      from,
      to,
      stepHours: options.step,
      passes: result.passes,
      items: result.items,
      store: storeName,
      trends,
    };
    output.result(report, formatReplayReport);
  } finally {
    await store.close();
  }
}

async function loadRecording(path: string): Promise<RecordingEntry[]> {
  try {
    return await readRecording(path);
  } catch (error) {
    if (UndercurrentError.isInstance(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UndercurrentError({
      code: code === "ENOENT" ? "RECORDING_NOT_FOUND" : "RECORDING_UNREADABLE",
      message: code === "ENOENT" ? `no recording at ${path}` : `cannot read ${path}: ${(error as Error).message}`,
      cause: error,
    });
  }
}

/**
 * Keeps a replay source's position in memory instead of the store: a replay with `--persist` then neither
 * resumes from nor overwrites the cursors a live source (with the same id) keeps there.
 */
function withOwnCursor(source: Source): Source {
  let cursor: Cursor | undefined;
  return {
    ...source,
    async pull(request, context) {
      const result = await source.pull({ ...request, cursor }, context);
      cursor = result.cursor;
      const { cursor: _cursor, ...rest } = result;
      return rest;
    },
  };
}

function formatReplayReport(report: ReplayReport, style: Style): string {
  const heading =
    `Replayed ${report.played} of ${report.entries} entries (${report.sources.join(", ")}) from ${formatTime(report.from)} to ` +
    `${formatTime(report.to)}, a pass every ${formatHours(report.stepHours)}: ${report.passes} passes, ${report.items} new items`;
  if (report.trends.length === 0) return `${heading}\nNo trend was flagged.\n`;
  const rows = report.trends.map((trend) => [
    formatTime(trend.firstFlaggedAt),
    truncate(trend.name, 40),
    trend.sources.join(", "),
    formatLead(trend.firstSeen),
    trend.status,
    trend.confidence.toFixed(2),
    trend.id,
  ]);
  const table = formatTable(
    ["FIRST FLAGGED", "TREND", "SOURCES", "FIRST SOURCE (LEAD)", "STATUS", "CONFIDENCE", "ID"],
    rows,
    style,
    (row, column, padded) => {
      const trend = report.trends[row];
      return column === 4 && trend ? styleStatus(trend.status, padded, style) : padded;
    },
  );
  return `${heading}\n${table}\n`;
}
