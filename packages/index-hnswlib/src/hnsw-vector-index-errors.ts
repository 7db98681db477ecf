import { UndercurrentError } from "@undercurrent/core";

/**
 * The `code`s of the `UndercurrentError`s the hnswlib index throws, besides `ConfigError` (`CONFIG_INVALID`) from
 * core for bad options, vectors and `k`. Values are the codes themselves.
 */
export const hnswVectorIndexErrorCodes = {
  /** `loadHnswVectorIndex` found no index file or no sidecar (`<file>.json`) at the path. */
  HNSW_INDEX_NOT_FOUND: "HNSW_INDEX_NOT_FOUND",
  /**
   * A saved index cannot be used: the sidecar is not JSON or not of this format or version, the index file does not
   * match the sidecar (checksum, size, dimensions, graph parameters), the file is truncated, or the dimensions asked
   * for differ from the saved ones.
   */
  HNSW_INDEX_INVALID: "HNSW_INDEX_INVALID",
  /** `save` could not write, check or rename its files (no space, no permission, a parent that is a file). */
  HNSW_SAVE_FAILED: "HNSW_SAVE_FAILED",
  /** Adding would need more than 4,294,967,295 slots or labels, the most hnswlib-node can address. */
  HNSW_CAPACITY_EXCEEDED: "HNSW_CAPACITY_EXCEEDED",
  /** hnswlib itself failed (out of memory while growing, an internal error); its error is the `cause`. */
  HNSW_NATIVE_ERROR: "HNSW_NATIVE_ERROR",
} as const;

/** One of {@link hnswVectorIndexErrorCodes}. */
export type HnswVectorIndexErrorCode = keyof typeof hnswVectorIndexErrorCodes;

/** An `UndercurrentError` with one of this package's codes. */
export function hnswError(code: HnswVectorIndexErrorCode, message: string, cause?: unknown): UndercurrentError {
  return new UndercurrentError({ code, message, ...(cause !== undefined && { cause }) });
}

/** hnswlib-node throws plain `Error`s ("Hnswlib Error: …"); they become `HNSW_NATIVE_ERROR` with the original as cause. */
export function mapHnswlibError(error: unknown, operation: string): UndercurrentError {
  if (UndercurrentError.isInstance(error)) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return hnswError("HNSW_NATIVE_ERROR", `hnswlib ${operation} failed: ${detail}`, error);
}
