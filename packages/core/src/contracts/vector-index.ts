/** One vector to add. */
export interface VectorEntry {
  /** Caller's id, usually an item id. Adding an existing id replaces its vector. */
  id: string;
  vector: Float32Array | readonly number[];
}

/** Options of a search. */
export interface VectorSearchOptions {
  /** Neighbours wanted. */
  k: number;
  /** Only return matches with cosine similarity at least this. */
  minScore?: number;
  /** Only return ids for which this returns true. */
  filter?: (id: string) => boolean;
}

/** One search result. */
export interface VectorMatch {
  id: string;
  /** Cosine similarity in [-1, 1]. */
  score: number;
}

/**
 * Nearest-neighbour search by cosine similarity. Core ships an exact index; `@undercurrent/index-hnswlib`
 * is approximate and scales to millions.
 */
export interface VectorIndex {
  /** Contract version this object implements. */
  readonly specVersion: "v1";
  /** Length of every vector; others are rejected with a `ConfigError`. */
  readonly dimensions: number;
  /** Number of vectors held. */
  size(): number;
  /** Whether `id` is held. */
  has(id: string): boolean;
  /** Adds or replaces vectors. Vectors are normalised to unit length. */
  add(entries: readonly VectorEntry[]): Promise<void>;
  /** Removes ids; unknown ids are ignored. Returns how many were removed. */
  remove(ids: readonly string[]): Promise<number>;
  /** The `k` most similar vectors, best first. */
  search(vector: Float32Array | readonly number[], options: VectorSearchOptions): Promise<VectorMatch[]>;
}
