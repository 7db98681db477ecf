import {
  ConfigError,
  createPipeline,
  createTrendEngine,
  isAbortError,
  type SourceHealth,
  systemClock,
  type Trend,
  type TrendStatus,
} from "@undercurrent/core";
import { createSqliteStore } from "@undercurrent/store-sqlite";
import { type CommandContext, type CommandModule, defineCommand } from "../command-module.js";
import { primeEngine } from "../engine-session.js";
import { positiveNumber } from "../option-parsers.js";
import { formatDuration } from "../progress.js";
import { createConfiguredSources, type SourceFactory } from "../sources.js";
import { locateStore } from "../store-location.js";
import type { Style } from "../style.js";
import {
  type FirstSeen,
  firstSeenOf,
  formatFirstSeen,
  formatTime,
  formatVelocity,
  styleStatus,
  withoutQueryStrings,
} from "../trend-report.js";

const hour = 3_600_000;
const minute = 60_000;

/** One line of `watch --json` (JSON Lines: one event per line, as it happens). */
export type WatchEvent =
  | { event: "trend-detected"; at: Date; trend: Trend & { firstSeen: FirstSeen | null } }
  | { event: "trend-status-changed"; at: Date; previous: TrendStatus; trend: Trend & { firstSeen: FirstSeen | null } }
  | { event: "source-degraded"; at: Date; sourceId: string; health: SourceHealth }
  | { event: "source-recovered"; at: Date; sourceId: string; health: SourceHealth };

/** Options of {@link createWatchCommand}. */
export interface WatchCommandOptions {
  /** Builds the sources from the config; defaults to {@link createConfiguredSources}. */
  createSources?: SourceFactory;
}

interface WatchOptions {
  interval?: number;
  lookback?: number;
}

/** `undercurrent watch`: pull on an interval and print trend and source events as they happen, until stopped. */
export function createWatchCommand(options: WatchCommandOptions = {}): CommandModule {
  const createSources = options.createSources ?? createConfiguredSources;
  return defineCommand({
    name: "watch",
    description: "keep pulling on an interval and print trends as they are detected, until Ctrl-C",
    register(command, context) {
      command
        .option("--interval <minutes>", "minutes between two pulls of a source (default: pollIntervalMinutes, 15)", positiveNumber)
        .option("--lookback <hours>", "hours the first pull of a source reaches back (default: lookbackHours, 24)", positiveNumber)
        .addHelpText(
          "after",
          `
Prints one line per event on stdout: a trend detected, a trend changing status (emerging, rising, peaking,
declining), a source going down or degraded, a source recovering. With --json each event is one JSON
document on its own line (JSON Lines). Ctrl-C (SIGINT) or SIGTERM stops it cleanly: in-flight pulls end and
the store is closed; exit code 0.`,
        )
        .action((watchOptions: WatchOptions) => watch(context, watchOptions, createSources));
    },
  });
}

/** The built-in `watch` command. */
export const watchCommand = createWatchCommand();

async function watch(context: CommandContext, options: WatchOptions, createSources: SourceFactory): Promise<void> {
  const loaded = context.loadConfig({
    "--interval": options.interval === undefined ? undefined : { pollIntervalMinutes: options.interval },
    "--lookback": options.lookback === undefined ? undefined : { lookbackHours: options.lookback },
  });
  const { config } = loaded;
  const output = context.output();
  const { sources, skipped } = createSources(config, context.io.env);
  const location = locateStore(loaded, context.io.cwd, { allowMemory: true });
  const clock = context.io.clock ?? systemClock;
  const signal = context.io.signal ?? new AbortController().signal;
  const lookbackMs = Math.round(config.lookbackHours * hour);
  const pollIntervalMs = Math.max(1, Math.round(config.pollIntervalMinutes * minute));
  if (sources.length === 0) {
    throw new ConfigError({
      context: "sources",
      message: "every source is left out; enable one in sources.<id> (see `undercurrent scan --help`)",
    });
  }
  for (const source of skipped) output.info(`${source.id}: skipped (${source.reason})`);

  const store = createSqliteStore({ path: location.path });
  try {
    const engine = createTrendEngine({ store });
    const pipeline = createPipeline({
      sources: sources.map((source) => ({ source, pollIntervalMs })),
      store,
      processors: [engine],
      clock,
      lookbackMs,
    });
    const startedAt = clock.now();
    try {
      await primeEngine(engine, store, {
        since: new Date(startedAt - lookbackMs),
        at: new Date(startedAt),
        signal,
        health: () => pipeline.health(),
      });
    } catch (error) {
      if (signal.aborted && isAbortError(error)) return;
      throw error;
    }

    const printer = createEventPrinter(context);
    const counts = { detected: 0, changed: 0 };
    pipeline.events.on("trend-detected", ({ trend }) => {
      counts.detected++;
      printer.print({ event: "trend-detected", at: new Date(clock.now()), trend: { ...trend, firstSeen: firstSeenOf(trend) } });
    });
    pipeline.events.on("trend-status-changed", ({ trend, previous }) => {
      counts.changed++;
      printer.print({
        event: "trend-status-changed",
        at: new Date(clock.now()),
        previous,
        trend: { ...trend, firstSeen: firstSeenOf(trend) },
      });
    });
    // The pipeline reports a failing source again whenever its reason changes; a line per change of status is enough.
    const printedStatus = new Map<string, SourceHealth["status"]>();
    pipeline.events.on("source-degraded", ({ sourceId, health }) => {
      if (printedStatus.get(sourceId) === health.status) return;
      printedStatus.set(sourceId, health.status);
      printer.print({ event: "source-degraded", at: new Date(clock.now()), sourceId, health });
    });
    pipeline.events.on("source-recovered", ({ sourceId, health }) => {
      printedStatus.delete(sourceId);
      printer.print({ event: "source-recovered", at: new Date(clock.now()), sourceId, health });
    });

    const every = `${config.pollIntervalMinutes} min`;
    output.info(`Watching ${sources.map((source) => source.id).join(", ")} every ${every} into ${location.path} (Ctrl-C to stop)`);
    await pipeline.watch({ signal });
    const elapsed = formatDuration((clock.now() - startedAt) / 1000);
    const detected = `${counts.detected} ${counts.detected === 1 ? "trend" : "trends"} detected`;
    const changed = `${counts.changed} status ${counts.changed === 1 ? "change" : "changes"}`;
    output.info(`Stopped after ${elapsed}: ${detected}, ${changed}`);
  } finally {
    await store.close();
  }
}

/** Prints events: a line of text each, or a JSON document each with `--json`. */
function createEventPrinter(context: CommandContext): { print(event: WatchEvent): void } {
  const output = context.output();
  return {
    print(event) {
      if (output.json) context.io.stdout.write(`${JSON.stringify(event)}\n`);
      else context.io.stdout.write(`${formatEvent(event, output.styleFor("stdout"))}\n`);
    },
  };
}

/** `2026-01-09 10:00Z  detected   Stable Diffusion: github, hackernews; confidence 0.62; first seen on github 2026-01-09 02:00Z`. */
export function formatEvent(event: WatchEvent, style: Style): string {
  const at = style.dim(formatTime(event.at));
  if (event.event === "trend-detected") {
    const { trend } = event;
    return `${at}  ${style.bold("detected ")}  ${trend.name}: ${trend.sources.join(", ")}; confidence ${trend.confidence.toFixed(2)}; first seen on ${formatFirstSeen(trend.firstSeen)}`;
  }
  if (event.event === "trend-status-changed") {
    const { trend } = event;
    return `${at}  ${styleStatus(trend.status, trend.status.padEnd(9), style)}  ${trend.name} (was ${event.previous}); velocity ${formatVelocity(trend.velocity)}; confidence ${trend.confidence.toFixed(2)}`;
  }
  if (event.event === "source-degraded") {
    const { health } = event;
    const status = health.status === "down" ? style.red("down     ") : style.yellow("degraded ");
    return `${at}  ${status}  ${event.sourceId}: ${health.code ? `${health.code}: ` : ""}${withoutQueryStrings(health.reason ?? "no reason given")}`;
  }
  return `${at}  ${style.green("recovered")}  ${event.sourceId}`;
}
