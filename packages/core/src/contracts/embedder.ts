/** Options of one embedding call. */
export interface EmbedOptions {
  signal?: AbortSignal;
}

/**
 * Turns texts into unit-length vectors, so cosine similarity is a dot product.
 * The local embedder in core needs no network; `@undercurrent/openai` and `@undercurrent/langchain` wrap hosted models.
 */
export interface Embedder {
  /** Contract version this object implements. */
  readonly specVersion: "v1";
  /** Model id, e.g. `local-hash-v1` or `text-embedding-3-small`. Vectors from different ids are not comparable. */
  readonly id: string;
  /** Length of every vector returned. */
  readonly dimensions: number;
  /** Texts per call the implementation handles at once; callers may pass more, it batches. */
  readonly maxBatchSize?: number;
  /**
   * Embeds `texts`, returning one unit vector per text in the same order. An empty text yields a zero-free
   * vector all the same (implementations decide how), never an error.
   */
  embed(texts: readonly string[], options?: EmbedOptions): Promise<Float32Array[]>;
}
