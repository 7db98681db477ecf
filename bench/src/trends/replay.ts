import { performance } from "node:perf_hooks";
import {
  createEventBus,
  createLocalEmbedder,
  createMemoryStore,
  createReplaySources,
  createTrendEngine,
  type RecordingEntry,
  replayHistory,
  type TrendEngineOptions,
  type VectorIndex,
} from "@undercurrent/core";
import { recordTrends } from "./recorder.js";
import type { FlagRecord, ScoringSpan } from "./score.js";

const hour = 3_600_000;

/** Engine options a run can set (everything but the store and the plugged-in capabilities). */
export type EngineSettings = Omit<TrendEngineOptions, "store" | "embedder" | "index" | "analyzer">;

/** What one replay of the evaluation produced. */
export interface TrendReplay {
  flags: FlagRecord[];
  members: Map<string, Set<string>>;
  events: Record<string, number>;
  passes: number;
  items: number;
  seconds: number;
  engine: { items: number; topics: number; trends: number };
  trendsStored: number;
}

/**
 * Replays `entries` through `replayHistory` from the span's first day to its end, one pipeline pass per hour, with
 * the trend engine as processor and a shared event bus whose trend events are recorded.
 */
export async function replayTrends(input: {
  entries: readonly RecordingEntry[];
  span: ScoringSpan;
  texts: ReadonlyMap<string, string>;
  engineOptions?: EngineSettings;
  /** Makes the vector index (the engine's exact index when absent). */
  createIndex?: (dimensions: number) => VectorIndex;
  stepMs?: number;
  /** Dimensions of the local embedder (256, as the engine uses by default). */
  embedderDimensions?: number;
  onProgress?: (at: Date, elapsedSeconds: number) => void;
}): Promise<TrendReplay> {
  const { span, texts, engineOptions = {}, stepMs = hour } = input;
  const store = createMemoryStore();
  const events = createEventBus();
  const embedder = createLocalEmbedder({ dimensions: input.embedderDimensions ?? 256 });
  const engine = createTrendEngine({
    ...engineOptions,
    store,
    embedder,
    ...(input.createIndex && { index: input.createIndex(embedder.dimensions) }),
  });
  const recorder = recordTrends(events, (itemId) => texts.get(itemId) ?? "");
  const started = performance.now();
  let lastReport = started;
  const sources = await createReplaySources(input.entries);
  const { passes, items } = await replayHistory({
    sources,
    store,
    events,
    processors: [engine],
    from: new Date(span.from),
    to: new Date(span.end),
    stepMs,
    onStep(at) {
      const now = performance.now();
      if (input.onProgress && now - lastReport > 30_000) {
        lastReport = now;
        input.onProgress(at, (now - started) / 1000);
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  recorder.stop();
  return {
    flags: recorder.flags,
    members: recorder.members,
    events: { ...recorder.counts },
    passes,
    items,
    seconds,
    engine: engine.stats(),
    trendsStored: (await engine.trends()).length,
  };
}
