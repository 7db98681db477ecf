/**
 * `@undercurrent/core`: the contracts every Undercurrent plugin implements, the zod schemas of the shared
 * shapes, the pipeline, the typed event bus, the HTTP helper, errors, an in-memory store, an exact vector
 * index and a local embedder.
 *
 * @packageDocumentation
 */
export * from "./contracts/embedder.js";
export * from "./contracts/forecaster.js";
export * from "./contracts/notifier.js";
export * from "./contracts/source.js";
export * from "./contracts/store.js";
export * from "./contracts/text-generator.js";
export * from "./contracts/vector-index.js";
export * from "./contracts/video-provider.js";
export { createWinkTextAnalyzer, itemText, linkKey, type TextAnalysis, type TextAnalyzer } from "./engine/text-analysis.js";
export {
  createTrendEngine,
  type TrendDetail,
  type TrendEngine,
  type TrendEngineOptions,
  trendEngineOptionsSchema,
} from "./engine/trend-engine.js";
export { burstZ, type ConfidenceInputs, type StatusInputs, trendConfidence, trendStatus } from "./engine/trend-scoring.js";
export * from "./errors.js";
export * from "./http/index.js";
export * from "./pipeline.js";
export * from "./replay/recording.js";
export * from "./replay/replay-source.js";
export { type Clock, createManualClock, type ManualClock, systemClock } from "./runtime/clock.js";
export * from "./runtime/event-bus.js";
export { type Logger, silentLogger } from "./runtime/logger.js";
export { Mutex } from "./runtime/mutex.js";
export * from "./schemas/index.js";
export { createMemoryStore } from "./stores/memory-store.js";
export { parseInput, parseOptions } from "./validate.js";
export { createExactVectorIndex, type ExactVectorIndexOptions, exactVectorIndexOptionsSchema } from "./vectors/exact-vector-index.js";
export { createLocalEmbedder, type LocalEmbedderOptions, localEmbedderOptionsSchema, tokenize } from "./vectors/local-embedder.js";
export { normalize as normalizeVector } from "./vectors/vector-math.js";
