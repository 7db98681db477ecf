import {
  ConfigError,
  createHttpClient,
  createPipeline,
  createTrendEngine,
  type SourceHealth,
  systemClock,
  type UndercurrentError,
} from "@undercurrent/core";
import { createSqliteStore } from "@undercurrent/store-sqlite";
import { type CommandContext, type CommandModule, defineCommand } from "../command-module.js";
import { engineTrendReports, primeEngine } from "../engine-session.js";
import { positiveInteger, positiveNumber, unitInterval } from "../option-parsers.js";
import { createConfiguredSources, type SkippedSource, type SourceFactory } from "../sources.js";
import { locateStore } from "../store-location.js";
import type { Style } from "../style.js";
import { formatSourceLines, formatTrendTable, type TrendReport, withoutQueryStrings } from "../trend-report.js";
import { cliVersion } from "../version.js";

const hour = 3_600_000;

/** `scan` keeps a dead network from holding it up: one retry, ten seconds per request. */
export const scanHttpSettings = { timeoutMs: 10_000, retries: 1 } as const;

/** What the hint says when no source could be reached. */
export const offlineHint =
  "No source could be reached (is this machine offline?). To see Undercurrent find trends without the network, " +
  "try `undercurrent replay <file>` with a recording (JSON Lines; see the CLI README).";

/** One source's outcome in a scan: its health after the pull, and what it brought. */
export interface ScanSourceReport extends SourceHealth {
  /** Valid items pulled (new and updated). */
  items: number;
  /** Items seen for the first time. */
  newItems: number;
}

/** What `scan --json` prints. */
export interface ScanReport {
  startedAt: Date;
  durationMs: number;
  lookbackHours: number;
  /** The database file (or `:memory:`). */
  store: string;
  /** Every source pulled, with its health: `ok`, `degraded` or `down` with the reason. */
  sources: ScanSourceReport[];
  /** Sources left out (disabled, or missing credentials or feeds). */
  skipped: SkippedSource[];
  /** Items already stored in the look-back window that the engine started from. */
  resumedItems: number;
  /** The top trends updated in the look-back window, most confident first. */
  trends: TrendReport[];
  /** Set when no source could be reached: what to try instead. */
  hint?: string;
}

/** Options of {@link createScanCommand}. */
export interface ScanCommandOptions {
  /** Builds the sources from the config; defaults to {@link createConfiguredSources}. */
  createSources?: SourceFactory;
}

interface ScanOptions {
  lookback?: number;
  limit: number;
  minConfidence: number;
}

/** `undercurrent scan`: one pass over the sources, then the top cross-source trends. */
export function createScanCommand(options: ScanCommandOptions = {}): CommandModule {
  const createSources = options.createSources ?? createConfiguredSources;
  return defineCommand({
    name: "scan",
    description: "pull the last hours from every source once and print the top cross-source trends",
    register(command, context) {
      command
        .option("--lookback <hours>", "hours to pull (default: lookbackHours, 24)", positiveNumber)
        .option("--limit <n>", "trends to print", positiveInteger, 10)
        .option("--min-confidence <x>", "only trends at least this confident (0 to 1)", unitInterval, 0)
        .addHelpText(
          "after",
          `
Pulls Hacker News, GitHub, Google Trends and Mastodon (plus Reddit with REDDIT_* credentials, RSS with feeds)
into the database at store.path, runs the trend engine and prints the top trends. Each source's status
(ok, degraded, down and why) goes to stderr, or into the JSON ({ sources, skipped, trends, … }).

Exit codes: 0 done, also when sources are down or none could be reached (the report says why; offline, try
\`undercurrent replay <file>\`), 1 failed, 2 bad option or config.`,
        )
        .action((scanOptions: ScanOptions) => scan(context, scanOptions, createSources));
    },
  });
}

/** The built-in `scan` command. */
export const scanCommand = createScanCommand();

async function scan(context: CommandContext, options: ScanOptions, createSources: SourceFactory): Promise<void> {
  const loaded = context.loadConfig({ "--lookback": options.lookback === undefined ? undefined : { lookbackHours: options.lookback } });
  const { config } = loaded;
  const output = context.output();
  const { sources, skipped } = createSources(config, context.io.env);
  if (sources.length === 0) {
    throw new ConfigError({
      context: "sources",
      message: "every source is left out; enable one in sources.<id> (see `undercurrent scan --help`)",
    });
  }
  const location = locateStore(loaded, context.io.cwd, { allowMemory: true });
  const clock = context.io.clock ?? systemClock;
  const signal = context.io.signal ?? new AbortController().signal;
  const lookbackMs = Math.round(config.lookbackHours * hour);
  const store = createSqliteStore({ path: location.path });
  try {
    const engine = createTrendEngine({ store });
    const pipeline = createPipeline({
      sources,
      store,
      processors: [engine],
      clock,
      http: createHttpClient({ ...scanHttpSettings, clock, userAgent: `@undercurrent/cli/${cliVersion()}` }),
      lookbackMs,
      // One pass: a source that fails it is down, not "degraded, will retry".
      failuresUntilDown: 1,
    });
    const startedAt = clock.now();
    const resumedItems = await primeEngine(engine, store, {
      since: new Date(startedAt - lookbackMs),
      at: new Date(startedAt),
      signal,
      health: () => pipeline.health(),
    });
    if (resumedItems > 0) output.debug(`scan: the engine starts from ${resumedItems} items stored in the look-back window`);

    const progress = output.progress({ label: "scan", total: sources.length });
    pipeline.events.on("source-pulled", (event) => {
      if (!event.hasMore) progress.increment(event.sourceId);
    });
    pipeline.events.on("source-failed", (event) => progress.increment(event.sourceId));
    const run = await pipeline.run({ signal });
    progress.done();

    const health = pipeline.health();
    const reports: ScanSourceReport[] = run.sources.map((source) => {
      const state = health.find((entry) => entry.sourceId === source.sourceId) ?? {
        sourceId: source.sourceId,
        status: source.status,
        consecutiveFailures: 0,
      };
      return { ...state, items: source.items, newItems: source.newItems };
    });
    const trends = await engineTrendReports(engine, {
      since: new Date(startedAt - lookbackMs),
      minConfidence: options.minConfidence,
      limit: options.limit,
    });
    const unreachable = reports.every((source) => source.status !== "ok" && source.items === 0);
    const report: ScanReport = {
      startedAt: new Date(startedAt),
      durationMs: clock.now() - startedAt,
      lookbackHours: config.lookbackHours,
      store: location.path,
      sources: reports,
      skipped,
      resumedItems,
      trends,
      ...(unreachable && { hint: offlineHint }),
    };
    if (!output.json) {
      const lines = formatSourceLines(
        [
          ...reports.map((source) => ({ sourceId: source.sourceId, status: source.status, detail: describeSource(source, run.sources) })),
          ...skipped.map((source) => ({ sourceId: source.id, status: "skipped" as const, detail: source.reason })),
        ],
        output.styleFor("stderr"),
      );
      output.info(`Sources (${location.path === ":memory:" ? "in memory" : location.path})\n${lines.join("\n")}`);
      if (unreachable) output.warn(offlineHint);
    }
    // Unreachable sources are a finding, not a failure of the command: the report and the hint say so, and
    // `--json` carries every source's status for scripts.
    output.result(report, formatScanReport);
  } finally {
    await store.close();
  }
}

function describeSource(source: ScanSourceReport, runs: readonly { sourceId: string; error?: UndercurrentError }[]): string {
  const counts = `${source.items} items (${source.newItems} new)`;
  if (source.status === "ok") return counts;
  const fullReason = source.reason ?? runs.find((run) => run.sourceId === source.sourceId)?.error?.message ?? "no reason given";
  const code = source.code ? `${source.code}: ` : "";
  const reason = withoutQueryStrings(fullReason);
  return source.status === "degraded" ? `${counts}; ${code}${reason}` : `${code}${reason}`;
}

function formatScanReport(report: ScanReport, style: Style): string {
  const window = `the last ${report.lookbackHours} h`;
  if (report.trends.length === 0) {
    const items = report.sources.reduce((sum, source) => sum + source.newItems, 0) + report.resumedItems;
    return `No trends in ${window} (${items} items looked at).\n`;
  }
  return `${style.bold(`Top trends in ${window}`)}\n${formatTrendTable(report.trends, style)}\n`;
}
