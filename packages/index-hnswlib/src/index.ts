/**
 * `@undercurrent/index-hnswlib`: the Undercurrent `VectorIndex` on hnswlib-node — approximate nearest neighbours by
 * cosine similarity, with deletions and slot reuse, capacity that grows, and atomic save and load.
 *
 * @packageDocumentation
 */
export {
  createHnswVectorIndex,
  type HnswVectorIndex,
  type HnswVectorIndexStats,
  loadHnswVectorIndex,
} from "./hnsw-vector-index.js";
export { type HnswVectorIndexErrorCode, hnswVectorIndexErrorCodes } from "./hnsw-vector-index-errors.js";
export {
  type HnswVectorIndexOptions,
  hnswVectorIndexOptionsSchema,
  type LoadHnswVectorIndexOptions,
  loadHnswVectorIndexOptionsSchema,
} from "./hnsw-vector-index-options.js";
