import { z } from "zod";

/** hnswlib-node passes sizes, labels and seeds to C++ as unsigned 32-bit integers. */
export const maxUint32 = 4_294_967_295;

// Refined, not trimmed: a path is used exactly as given.
const filePath = z.string().refine((value) => value.trim().length > 0, "expected a file path");

/** The schema `createHnswVectorIndex` validates its options with. */
export const hnswVectorIndexOptionsSchema = z.strictObject({
  /** See {@link HnswVectorIndexOptions.dimensions}. */
  dimensions: z.number().int().positive().max(65_536),
  /** See {@link HnswVectorIndexOptions.initialCapacity}. */
  initialCapacity: z.number().int().positive().max(maxUint32).default(1_000),
  /** See {@link HnswVectorIndexOptions.m}. hnswlib caps M at 10,000 itself (with a warning); we refuse instead. */
  m: z.number().int().min(2).max(10_000).default(16),
  /** See {@link HnswVectorIndexOptions.efConstruction}. */
  efConstruction: z.number().int().positive().max(maxUint32).default(200),
  /** See {@link HnswVectorIndexOptions.efSearch}. */
  efSearch: z.number().int().positive().max(maxUint32).default(128),
  /** See {@link HnswVectorIndexOptions.randomSeed}. */
  randomSeed: z.number().int().nonnegative().max(maxUint32).default(100),
  /** See {@link HnswVectorIndexOptions.file}. */
  file: filePath.optional(),
});

/** Options of {@link createHnswVectorIndex}. */
export interface HnswVectorIndexOptions {
  /** Length of every vector (1–65,536). */
  dimensions: number;
  /** Slots allocated up front. When every slot is used (deleted slots are reused first) the capacity doubles. Defaults to 1,000. */
  initialCapacity?: number;
  /** hnswlib's `M`: links per node (2–10,000). More links, better recall, more memory. Defaults to 16. */
  m?: number;
  /** hnswlib's `efConstruction`: candidate list size while inserting. Higher builds slower and better. Defaults to 200. */
  efConstruction?: number;
  /** hnswlib's `ef` at search time, raised to `k` when `k` is larger. Higher is slower and more exact. Defaults to 128 (recall@10 0.983 on random 64-dimension data). */
  efSearch?: number;
  /** Seed of hnswlib's level generator, so builds are reproducible. Defaults to 100. */
  randomSeed?: number;
  /** Where `save()` writes when called without a path. Never read by `createHnswVectorIndex`; use `loadHnswVectorIndex`. */
  file?: string;
}

/** The schema `loadHnswVectorIndex` validates its options with. */
export const loadHnswVectorIndexOptionsSchema = z.strictObject({
  /** See {@link LoadHnswVectorIndexOptions.file}. */
  file: filePath,
  /** See {@link LoadHnswVectorIndexOptions.dimensions}. */
  dimensions: z.number().int().positive().max(65_536).optional(),
  /** See {@link LoadHnswVectorIndexOptions.efSearch}. */
  efSearch: z.number().int().positive().max(maxUint32).optional(),
});

/** Options of {@link loadHnswVectorIndex}. */
export interface LoadHnswVectorIndexOptions {
  /** The index file `save()` wrote; its sidecar `<file>.json` is read too. Later `save()` calls default to it. */
  file: string;
  /** The dimensions you expect. When set, a saved index of other dimensions fails with `HNSW_INDEX_INVALID`. */
  dimensions?: number;
  /** Overrides the saved `efSearch` (a search-time setting; the graph does not depend on it). */
  efSearch?: number;
}
