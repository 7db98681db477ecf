import { performance } from "node:perf_hooks";
import v8 from "node:v8";
import vm from "node:vm";
import {
  createEventBus,
  createLocalEmbedder,
  createMemoryStore,
  createTrendEngine,
  createWinkTextAnalyzer,
  type Embedder,
  Mutex,
  type PipelineProcessor,
  replayHistory,
  type TextAnalyzer,
  type TrendEngine,
  UndercurrentError,
  type VectorIndex,
} from "@undercurrent/core";
import type { EngineSettings } from "../trends/replay.js";
import { type BurstFlag, type BurstRecall, scoreBursts } from "./bursts.js";
import { createSyntheticStream, type SyntheticStreamOptions } from "./generate.js";

const hour = 3_600_000;

/** Memory as `process.memoryUsage()` reports it, after a full garbage collection when one can be forced. */
export interface MemorySample {
  heapUsed: number;
  external: number;
  rss: number;
}

/** Ingest figures up to a number of items. */
export interface Checkpoint {
  items: number;
  seconds: number;
  itemsPerSecond: number;
  /** Items per second since the previous checkpoint (shows how ingest slows as the engine fills). */
  intervalItemsPerSecond: number;
  /** Growth of heapUsed + external (V8 and the buffers it tracks) since the start, per item. */
  heapExternalBytesPerItem: number;
  /** Growth of the resident set (includes hnswlib's native graph and vectors) since the start, per item. */
  rssBytesPerItem: number;
  memory: MemorySample;
}

/** p50/p99 of one query, in milliseconds. */
export interface QueryLatency {
  calls: number;
  p50Ms: number;
  p99Ms: number;
}

/** Seconds spent in each step of ingest (a step's time includes the awaits inside it). */
export interface IngestProfile {
  /** Whole passes: pulling, validating and storing items, and the engine. */
  passes: number;
  /** The engine's `process` (everything below and clustering, scoring, trend writes). */
  engine: number;
  embed: number;
  analyze: number;
  indexSearch: number;
  indexAdd: number;
  /** `passes - engine`: source pulls, item validation, the memory store. */
  pipeline: number;
  /** `engine - embed - analyze - indexSearch - indexAdd`: topic assignment, merges, splits, burst tests, trend writes. */
  engineRest: number;
}

/** What one ingest run measured. */
export interface IngestRun {
  index: string;
  itemsPlanned: number;
  items: number;
  /** Whether it stopped early at the time limit. */
  stoppedEarly: boolean;
  /** Virtual time of the last pass (ISO). */
  reachedAt: string;
  seconds: number;
  itemsPerSecond: number;
  checkpoints: Checkpoint[];
  profile: IngestProfile;
  queries: { trends: QueryLatency; trend: QueryLatency };
  engine: { items: number; topics: number; trends: number };
  bursts: BurstRecall;
}

const gc: (() => void) | undefined = (() => {
  try {
    v8.setFlagsFromString("--expose-gc");
    const collect: unknown = vm.runInNewContext("gc");
    return typeof collect === "function" ? (collect as () => void) : undefined;
  } catch {
    return undefined;
  }
})();

/** Memory after a full garbage collection (when the runtime lets us force one). */
export function sampleMemory(): MemorySample {
  gc?.();
  const { heapUsed, external, rss } = process.memoryUsage();
  return { heapUsed, external, rss };
}

/** The p-th percentile (0–100) of values, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function latency(calls: number, query: (call: number) => Promise<unknown>): Promise<QueryLatency> {
  const times: number[] = [];
  for (let call = 0; call < calls; call++) {
    const started = performance.now();
    await query(call);
    times.push(performance.now() - started);
  }
  return { calls, p50Ms: percentile(times, 50), p99Ms: percentile(times, 99) };
}

/** Measures p50/p99 of `engine.trends()` and of `engine.trend(id)` over the stored trends. */
export async function measureQueries(engine: TrendEngine, calls: number): Promise<{ trends: QueryLatency; trend: QueryLatency }> {
  const ids = (await engine.trends()).map((trend) => trend.id);
  const trends = await latency(calls, () => engine.trends());
  const trend = ids.length > 0 ? await latency(calls, (call) => engine.trend(ids[call % ids.length]!)) : { calls: 0, p50Ms: 0, p99Ms: 0 };
  return { trends, trend };
}

const stopCode = "BENCH_TIME_LIMIT";
/** Hours after a burst's end within which a flag still finds it. */
const burstGraceHours = 24;

function timed<Arguments extends unknown[], Result>(
  into: { seconds: number },
  call: (...args: Arguments) => Promise<Result>,
): (...args: Arguments) => Promise<Result> {
  return async (...args) => {
    const started = performance.now();
    try {
      return await call(...args);
    } finally {
      into.seconds += (performance.now() - started) / 1000;
    }
  };
}

/**
 * Ingests a synthetic stream through `replayHistory` (one pipeline pass per hour of the stream) with the trend engine
 * on the given index, measuring items per second and memory at checkpoints, the time spent per step, the query
 * latencies at the end and the planted-burst recall.
 */
export async function ingestSynthetic(input: {
  stream: SyntheticStreamOptions;
  index: { name: string; create: (dimensions: number) => VectorIndex };
  engineOptions?: EngineSettings;
  checkpoints?: readonly number[];
  /** Stop after the pass during which this many seconds have passed. */
  timeLimitSeconds?: number;
  queryCalls?: number;
  onCheckpoint?: (checkpoint: Checkpoint) => void;
}): Promise<IngestRun> {
  const stream = createSyntheticStream(input.stream);
  const store = createMemoryStore();
  const events = createEventBus();
  const embed = { seconds: 0 };
  const analyze = { seconds: 0 };
  const search = { seconds: 0 };
  const add = { seconds: 0 };
  const engineTime = { seconds: 0 };
  const local = createLocalEmbedder({ dimensions: 256 });
  const embedder: Embedder = { ...local, embed: timed(embed, local.embed) };
  const wink = await createWinkTextAnalyzer();
  const analyzer: TextAnalyzer = {
    analyze(text) {
      const started = performance.now();
      const result = wink.analyze(text);
      analyze.seconds += (performance.now() - started) / 1000;
      return result;
    },
  };
  const rawIndex = input.index.create(embedder.dimensions);
  const index: VectorIndex = { ...rawIndex, search: timed(search, rawIndex.search), add: timed(add, rawIndex.add) };
  const engine = createTrendEngine({ ...input.engineOptions, store, embedder, analyzer, index });
  // The pipeline pulls its sources concurrently and hands each source's batch to the processors as it arrives; one
  // batch at a time keeps the engine's steps from overlapping, so their timings add up.
  const serial = new Mutex();
  const process = timed(engineTime, engine.process);
  const processor: PipelineProcessor = { id: engine.id, process: (batch, context) => serial.run(() => process(batch, context)) };

  const flags: BurstFlag[] = [];
  const flag = (trend: { updatedAt: Date; evidence: { itemIds: string[] }[] }) =>
    flags.push({ time: trend.updatedAt.getTime(), itemIds: trend.evidence.flatMap((evidence) => evidence.itemIds) });
  events.on("trend-detected", ({ trend }) => flag(trend));
  events.on("trend-status-changed", ({ trend }) => {
    if (trend.status === "emerging" || trend.status === "rising") flag(trend);
  });

  const targets = [...new Set([...(input.checkpoints ?? []), input.stream.items])]
    .filter((n) => n <= input.stream.items)
    .sort((a, b) => a - b);
  const checkpoints: Checkpoint[] = [];
  const baseline = sampleMemory();
  let ingested = 0;
  let measuring = 0;
  let paused = 0;
  let stoppedEarly = false;
  let reachedAt = stream.start;
  const started = performance.now();
  const elapsed = () => (performance.now() - started - paused) / 1000;
  const record = () => {
    const seconds = elapsed();
    const pauseStarted = performance.now();
    const memory = sampleMemory();
    const previous = checkpoints.at(-1);
    const checkpoint: Checkpoint = {
      items: ingested,
      seconds,
      itemsPerSecond: ingested / seconds,
      intervalItemsPerSecond: (ingested - (previous?.items ?? 0)) / (seconds - (previous?.seconds ?? 0)),
      heapExternalBytesPerItem: (memory.heapUsed + memory.external - baseline.heapUsed - baseline.external) / ingested,
      rssBytesPerItem: (memory.rss - baseline.rss) / ingested,
      memory,
    };
    checkpoints.push(checkpoint);
    input.onCheckpoint?.(checkpoint);
    paused += performance.now() - pauseStarted;
  };
  try {
    await replayHistory({
      sources: stream.sources,
      store,
      events,
      processors: [processor],
      from: new Date(stream.start),
      to: new Date(stream.end),
      stepMs: hour,
      onStep(at, report) {
        reachedAt = at.getTime();
        ingested += report.sources.reduce((sum, source) => sum + source.newItems, 0);
        let recorded = false;
        while (measuring < targets.length && ingested >= targets[measuring]!) {
          measuring++;
          if (!recorded) record();
          recorded = true;
        }
        if (input.timeLimitSeconds !== undefined && elapsed() > input.timeLimitSeconds && ingested > 0 && ingested < input.stream.items) {
          throw new UndercurrentError({ code: stopCode, message: `time limit reached after ${ingested} items` });
        }
      },
    });
  } catch (error) {
    if (!(UndercurrentError.isInstance(error) && error.code === stopCode)) throw error;
    stoppedEarly = true;
    if (checkpoints.at(-1)?.items !== ingested) record();
  }
  const seconds = elapsed();
  const passes = (performance.now() - started - paused) / 1000;
  const queries = await measureQueries(engine, input.queryCalls ?? 200);
  const measuredSteps = embed.seconds + analyze.seconds + search.seconds + add.seconds;
  return {
    index: input.index.name,
    itemsPlanned: input.stream.items,
    items: ingested,
    stoppedEarly,
    reachedAt: new Date(reachedAt).toISOString(),
    seconds,
    itemsPerSecond: ingested / seconds,
    checkpoints,
    profile: {
      passes,
      engine: engineTime.seconds,
      embed: embed.seconds,
      analyze: analyze.seconds,
      indexSearch: search.seconds,
      indexAdd: add.seconds,
      pipeline: passes - engineTime.seconds,
      engineRest: engineTime.seconds - measuredSteps,
    },
    queries,
    engine: engine.stats(),
    // A run stopped at the time limit is scored on the bursts it saw whole, with a day to flag them.
    bursts: scoreBursts(
      stream.bursts.filter((burst) => !stoppedEarly || burst.end + burstGraceHours * hour <= reachedAt),
      flags,
      stream.topicOf,
      burstGraceHours,
    ),
  };
}
