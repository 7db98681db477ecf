import { z } from "zod";
import type { Cursor, PullResult, Source } from "./contracts/source.js";
import type { Store } from "./contracts/store.js";
import { ConfigError, isAbortError, toUndercurrentError, toValidationIssues, type UndercurrentError } from "./errors.js";
import { createHttpClient, type HttpClient } from "./http/http-client.js";
import { type Clock, systemClock } from "./runtime/clock.js";
import { createEventBus, type EventBus, type UndercurrentEvents } from "./runtime/event-bus.js";
import { type Logger, silentLogger } from "./runtime/logger.js";
import type { SourceHealth } from "./schemas/health.js";
import { type Item, itemSchema, type Observation, observationSchema, type TimeSeries, timeSeriesSchema } from "./schemas/item.js";
import { parseOptions } from "./validate.js";

/** What a processor (the trend engine, an exporter) receives after each stored batch. */
export interface IngestedBatch {
  sourceId: string;
  /** Every valid item of the pull, new or updated. */
  items: Item[];
  /** Ids of the items seen for the first time. */
  newItemIds: string[];
  observations: Observation[];
  series: TimeSeries[];
  /** Pipeline time of the pull. */
  at: Date;
}

/** What a processor gets besides the batch. */
export interface ProcessorContext {
  store: Store;
  events: EventBus;
  signal: AbortSignal;
  /** Current health of every source of the pipeline (evidence from impaired sources counts for less). */
  health: () => SourceHealth[];
}

/** Something that runs on every stored batch, in order. The trend engine plugs in here. */
export interface PipelineProcessor {
  readonly id: string;
  process(batch: IngestedBatch, context: ProcessorContext): Promise<void>;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
const sourceSchema = z.custom<Source>(
  (value) =>
    isObject(value) &&
    value.specVersion === "v1" &&
    typeof value.id === "string" &&
    value.id.length > 0 &&
    typeof value.pull === "function",
  "expected a Source (specVersion 'v1', a non-empty id and a pull function)",
);
const sourceEntrySchema = z.union([
  sourceSchema,
  z.strictObject({
    source: sourceSchema,
    /** Overrides the pipeline's and the source's poll interval. */
    pollIntervalMs: z.number().int().positive().optional(),
    /** Overrides the pipeline's look-back window for this source. */
    lookbackMs: z.number().int().positive().optional(),
  }),
]);

export const pipelineOptionsSchema = z
  .strictObject({
    sources: z.array(sourceEntrySchema).min(1, "expected at least one source"),
    store: z.custom<Store>(
      (value) => isObject(value) && value.specVersion === "v1" && typeof value.transaction === "function",
      "expected a Store",
    ),
    events: z.custom<EventBus>((value) => isObject(value) && typeof value.emit === "function").optional(),
    http: z.custom<HttpClient>((value) => isObject(value) && typeof value.request === "function", "expected an HttpClient").optional(),
    processors: z
      .array(z.custom<PipelineProcessor>((value) => isObject(value) && typeof value.process === "function", "expected a processor"))
      .default([]),
    clock: z.custom<Clock>((value) => isObject(value) && typeof value.now === "function" && typeof value.sleep === "function").optional(),
    logger: z.custom<Logger>((value) => isObject(value) && typeof value.warn === "function").optional(),
    /** How far back the first pull of a source looks. */
    lookbackMs: z
      .number()
      .int()
      .positive()
      .default(24 * 60 * 60 * 1000),
    /** Poll interval for sources that name none. */
    pollIntervalMs: z
      .number()
      .int()
      .positive()
      .default(5 * 60 * 1000),
    /** Items asked for per pull. */
    pullLimit: z.number().int().positive().max(10_000).default(500),
    /** Pulls in a row while a source says it has more. */
    maxPagesPerPull: z.number().int().positive().max(1_000).default(10),
    /** Consecutive failures after which a source is `down` rather than `degraded`. */
    failuresUntilDown: z.number().int().positive().default(3),
    /** Longest wait between attempts at a failing source. */
    maxBackoffMs: z
      .number()
      .int()
      .positive()
      .default(60 * 60 * 1000),
  })
  .superRefine((options, context) => {
    const seen = new Set<string>();
    options.sources.forEach((entry, index) => {
      const id = "source" in entry ? entry.source.id : entry.id;
      if (seen.has(id)) context.addIssue({ code: "custom", path: ["sources", index], message: `duplicate source id "${id}"` });
      seen.add(id);
    });
  });

/** Options of {@link createPipeline}. */
export type PipelineOptions = z.input<typeof pipelineOptionsSchema>;

/** The outcome of one source in a {@link Pipeline.run}. */
export interface SourceRunReport {
  sourceId: string;
  status: SourceHealth["status"];
  /** Valid items pulled (new and updated). */
  items: number;
  newItems: number;
  rejected: number;
  pages: number;
  error?: UndercurrentError;
}

const runOptionsSchema = z.strictObject({
  signal: z.instanceof(AbortSignal, { message: "expected an AbortSignal" }).optional(),
});

/** What {@link Pipeline.run} did. */
export interface PipelineRunReport {
  startedAt: Date;
  durationMs: number;
  sources: SourceRunReport[];
}

/** Pulls sources into a store, emits events and tracks each source's health. */
export interface Pipeline {
  /** The event bus (given in the options, or created). */
  readonly events: EventBus;
  /** Pulls every source once (all its pages) and resolves when all are done. A failing source never rejects it. */
  run(options?: { signal?: AbortSignal }): Promise<PipelineRunReport>;
  /**
   * Pulls each source on its own schedule until `stop()` is called or `signal` aborts, backing off from
   * failing sources. Resolves after in-flight pulls have settled.
   */
  watch(options?: { signal?: AbortSignal }): Promise<void>;
  /** Stops `watch` and aborts in-flight pulls; resolves once they have settled. */
  stop(): Promise<void>;
  /** Current health of every source. */
  health(): SourceHealth[];
}

interface SourceState {
  source: Source;
  pollIntervalMs: number;
  lookbackMs: number;
  health: SourceHealth;
  /** Wait asked for by the last failure or degradation. */
  retryAfterMs?: number;
}

function validateAll<Schema extends z.ZodType>(schema: Schema, values: readonly unknown[]) {
  const valid: z.output<Schema>[] = [];
  const invalid: { value: unknown; reason: string }[] = [];
  for (const value of values) {
    const parsed = schema.safeParse(value);
    if (parsed.success) valid.push(parsed.data);
    else
      invalid.push({
        value,
        reason: toValidationIssues(parsed.error.issues)
          .map((issue) => `${issue.path || "(root)"}: ${issue.message}`)
          .join("; "),
      });
  }
  return { valid, invalid };
}

/**
 * Creates a pipeline that pulls each source on its own schedule, resumes from stored cursors, stores items,
 * observations and series with the new cursor in one transaction, runs processors (the trend engine),
 * emits events, and keeps going when a source fails: that source's health becomes `degraded` or `down`
 * with the reason, and the others continue.
 */
export function createPipeline(options: PipelineOptions): Pipeline {
  const settings = parseOptions(pipelineOptionsSchema, options, "createPipeline");
  const clock = settings.clock ?? systemClock;
  const logger = settings.logger ?? silentLogger;
  const events = settings.events ?? createEventBus<UndercurrentEvents>();
  const http = settings.http ?? createHttpClient({ clock, logger });
  const { store } = settings;

  const states: SourceState[] = settings.sources.map((entry) => {
    const source = "source" in entry ? entry.source : entry;
    return {
      source,
      pollIntervalMs: ("source" in entry ? entry.pollIntervalMs : undefined) ?? source.pollIntervalMs ?? settings.pollIntervalMs,
      lookbackMs: ("source" in entry ? entry.lookbackMs : undefined) ?? settings.lookbackMs,
      health: { sourceId: source.id, status: "ok", consecutiveFailures: 0 },
    };
  });

  let watchController: AbortController | undefined;
  let watching: Promise<void> | undefined;

  function setHealth(state: SourceState, next: SourceHealth): void {
    const previous = state.health;
    state.health = next;
    // Reasons carry URLs and times, so a new reason alone is not news; a new status or code is.
    if (next.status !== "ok" && (previous.status !== next.status || previous.code !== next.code)) {
      events.emit("source-degraded", { sourceId: next.sourceId, health: next });
    } else if (next.status === "ok" && previous.status !== "ok") {
      events.emit("source-recovered", { sourceId: next.sourceId, health: next });
    }
  }

  function recordSuccess(state: SourceState, result: PullResult | undefined): void {
    const degraded = result?.degraded;
    state.retryAfterMs = degraded?.retryAfterMs;
    const { reason: _reason, code: _code, nextPullAt: _nextPullAt, ...kept } = state.health;
    setHealth(state, {
      ...kept,
      status: degraded ? "degraded" : "ok",
      ...(degraded && { reason: degraded.reason, code: degraded.code ?? "SOURCE_DEGRADED" }),
      lastSuccessAt: new Date(clock.now()),
      consecutiveFailures: 0,
      ...(result?.rateLimit && { rateLimit: result.rateLimit }),
    });
  }

  function recordFailure(state: SourceState, error: UndercurrentError): void {
    const failures = state.health.consecutiveFailures + 1;
    const down = !error.isRetryable || failures >= settings.failuresUntilDown;
    state.retryAfterMs = error.retryAfterMs;
    events.emit("source-failed", { sourceId: state.source.id, error });
    logger.warn("pipeline: source failed", { sourceId: state.source.id, code: error.code, message: error.message });
    setHealth(state, {
      ...state.health,
      status: down ? "down" : "degraded",
      reason: error.message,
      code: error.code,
      lastFailureAt: new Date(clock.now()),
      consecutiveFailures: failures,
    });
  }

  async function pullOnce(state: SourceState, signal: AbortSignal): Promise<SourceRunReport> {
    const { source } = state;
    const report: SourceRunReport = { sourceId: source.id, status: "ok", items: 0, newItems: 0, rejected: 0, pages: 0 };
    let lastResult: PullResult | undefined;
    try {
      for (let page = 0; page < settings.maxPagesPerPull; page++) {
        signal.throwIfAborted();
        const started = clock.now();
        const cursor: Cursor | undefined = await store.getCursor(source.id);
        const result = await source.pull(
          {
            cursor,
            since: new Date(started - state.lookbackMs),
            until: new Date(started),
            limit: settings.pullLimit,
          },
          { http, signal, clock, logger },
        );
        signal.throwIfAborted();
        if (!isObject(result) || !Array.isArray(result.items)) {
          throw new ConfigError({
            code: "SOURCE_CONTRACT_VIOLATION",
            message: `source "${source.id}" returned ${result === null ? "null" : typeof result} instead of { items: [...] }`,
          });
        }
        lastResult = result;
        report.pages++;
        await storeResult(state, result, started, report, signal);
        if (!result.hasMore) break; // maxPagesPerPull bounds a source that always says it has more
      }
      recordSuccess(state, lastResult);
    } catch (error) {
      if (signal.aborted && (isAbortError(error) || error === signal.reason)) throw error;
      const failure = toUndercurrentError(error, "SOURCE_FAILED");
      report.error = failure;
      recordFailure(state, failure);
    }
    report.status = state.health.status;
    return report;
  }

  async function storeResult(
    state: SourceState,
    result: PullResult,
    startedAt: number,
    report: SourceRunReport,
    signal: AbortSignal,
  ): Promise<void> {
    const { source } = state;
    const at = new Date(startedAt);
    const withDefaults = result.items.map((item) => (isObject(item) && item.fetchedAt === undefined ? { ...item, fetchedAt: at } : item));
    if (result.warnings?.length) {
      events.emit("source-warned", { sourceId: source.id, warnings: result.warnings });
      for (const warning of result.warnings) logger.warn("pipeline: source warning", { sourceId: source.id, warning });
    }
    const items = validateAll(itemSchema, withDefaults);
    const observations = validateAll(observationSchema, result.observations ?? []);
    const series = validateAll(timeSeriesSchema, result.series ?? []);
    for (const { value, reason } of [...items.invalid, ...observations.invalid, ...series.invalid]) {
      const externalId = isObject(value) && typeof value.externalId === "string" ? value.externalId : undefined;
      events.emit("item-rejected", { sourceId: source.id, reason, ...(externalId && { externalId }) });
    }
    // An item claiming another source would corrupt that source's data: reject it.
    const own = items.valid.filter((item) => {
      if (item.source === source.id) return true;
      events.emit("item-rejected", {
        sourceId: source.id,
        externalId: item.externalId,
        reason: `source: expected "${source.id}", got "${item.source}"`,
      });
      return false;
    });
    const unique = [...new Map(own.map((item) => [item.id, item])).values()];
    report.rejected += result.items.length - own.length + observations.invalid.length + series.invalid.length;

    const written = await store.transaction(async (transaction) => {
      const put = await transaction.putItems(unique);
      if (observations.valid.length > 0) await transaction.putObservations(observations.valid);
      if (series.valid.length > 0) await transaction.putTimeSeries(series.valid);
      if (result.cursor !== undefined) await transaction.setCursor(source.id, result.cursor);
      return put;
    });
    report.items += unique.length;
    report.newItems += written.inserted;
    const inserted = new Set(written.insertedIds);
    for (const item of unique) if (inserted.has(item.id)) events.emit("item-ingested", { item });
    events.emit("source-pulled", {
      sourceId: source.id,
      items: unique.length,
      newItems: written.inserted,
      observations: observations.valid.length,
      durationMs: clock.now() - startedAt,
      hasMore: result.hasMore ?? false,
    });
    const batch: IngestedBatch = {
      sourceId: source.id,
      items: unique,
      newItemIds: written.insertedIds,
      observations: observations.valid,
      series: series.valid,
      at,
    };
    for (const processor of settings.processors) await processor.process(batch, { store, events, signal, health: () => pipeline.health() });
  }

  function nextDelay(state: SourceState): number {
    const { status, consecutiveFailures } = state.health;
    if (status === "ok") return state.pollIntervalMs;
    const backoff =
      consecutiveFailures === 0
        ? state.pollIntervalMs
        : Math.min(settings.maxBackoffMs, state.pollIntervalMs * 2 ** (consecutiveFailures - 1));
    return Math.min(settings.maxBackoffMs, Math.max(backoff, state.retryAfterMs ?? 0));
  }

  async function loop(state: SourceState, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await pullOnce(state, signal);
        const delay = nextDelay(state);
        state.health = { ...state.health, nextPullAt: new Date(clock.now() + delay) };
        await clock.sleep(delay, signal);
      } catch (error) {
        if (signal.aborted) return;
        throw error;
      }
    }
  }

  const pipeline: Pipeline = {
    events,
    async run(runOptions = {}) {
      const { signal = new AbortController().signal } = parseOptions(runOptionsSchema, runOptions, "run");
      const startedAt = new Date(clock.now());
      events.emit("pipeline-started", { at: startedAt, sources: states.map((state) => state.source.id) });
      const reports = await Promise.all(states.map((state) => pullOnce(state, signal)));
      events.emit("pipeline-stopped", { at: new Date(clock.now()), reason: signal.aborted ? "stopped" : "completed" });
      return { startedAt, durationMs: clock.now() - startedAt.getTime(), sources: reports };
    },
    watch(watchOptions = {}) {
      const outer = parseOptions(runOptionsSchema, watchOptions, "watch").signal;
      if (watching) return watching;
      const controller = new AbortController();
      watchController = controller;
      if (outer?.aborted) controller.abort(outer.reason);
      outer?.addEventListener("abort", () => controller.abort(outer.reason), { once: true });
      events.emit("pipeline-started", { at: new Date(clock.now()), sources: states.map((state) => state.source.id) });
      watching = Promise.all(states.map((state) => loop(state, controller.signal))).then(() => {
        events.emit("pipeline-stopped", { at: new Date(clock.now()), reason: "stopped" });
        watching = undefined;
        watchController = undefined;
      });
      return watching;
    },
    async stop() {
      watchController?.abort(new DOMException("The pipeline was stopped", "AbortError"));
      await watching;
    },
    health: () => states.map((state) => structuredClone(state.health)),
  };
  return pipeline;
}
