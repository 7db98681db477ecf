import { ConfigError } from "../errors.js";

/** Copies `vector` into a new unit-length Float32Array (a zero vector stays zero). */
export function normalize(vector: Float32Array | readonly number[]): Float32Array {
  const result = Float32Array.from(vector);
  let norm = 0;
  for (const value of result) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let index = 0; index < result.length; index++) result[index]! /= norm;
  return result;
}

/** Dot product of two vectors of the same length (cosine similarity for unit vectors). */
export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += a[index]! * b[index]!;
  return sum;
}

/** Throws a `ConfigError` unless `vector` has `dimensions` finite numbers. */
export function assertVector(vector: Float32Array | readonly number[], dimensions: number, field: string): void {
  if (vector.length !== dimensions) {
    throw new ConfigError({ issues: [{ path: field, message: `expected ${dimensions} dimensions, got ${vector.length}` }] });
  }
  for (const value of vector) {
    if (!Number.isFinite(value))
      throw new ConfigError({ issues: [{ path: field, message: "expected finite numbers, got NaN or Infinity" }] });
  }
}
