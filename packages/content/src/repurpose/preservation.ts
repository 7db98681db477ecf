import type { Embedder } from "@undercurrent/core";
import { containsTerm } from "./piece-analysis.js";
import type { MessagePreservation } from "./platform-variant.js";

/** Cosine similarity of two vectors (1 for identical directions; 0 when either is all zeros). */
export function cosineSimilarity(first: Float32Array, second: Float32Array): number {
  let dot = 0;
  let firstNorm = 0;
  let secondNorm = 0;
  for (let index = 0; index < Math.min(first.length, second.length); index++) {
    dot += first[index]! * second[index]!;
    firstNorm += first[index]! ** 2;
    secondNorm += second[index]! ** 2;
  }
  return firstNorm === 0 || secondNorm === 0 ? 0 : dot / Math.sqrt(firstNorm * secondNorm);
}

/**
 * Measures how well each text keeps the original's message: which key terms it keeps and the cosine similarity of
 * its embedding to the original's. One embedding call for the original and all texts.
 */
export async function measurePreservation(
  original: string,
  texts: readonly string[],
  keyTerms: readonly string[],
  embedder: Embedder,
  threshold: number,
  signal?: AbortSignal,
): Promise<MessagePreservation[]> {
  const vectors = await embedder.embed([original, ...texts], signal ? { signal } : {});
  const originalVector = vectors[0]!;
  return texts.map((text, index) => {
    const keyTermsKept = keyTerms.filter((term) => containsTerm(text, term));
    const keyTermsMissing = keyTerms.filter((term) => !keyTermsKept.includes(term));
    const similarity = Math.round(cosineSimilarity(originalVector, vectors[index + 1]!) * 1000) / 1000;
    return {
      keyTermsKept,
      keyTermsMissing,
      similarity,
      threshold,
      embedder: embedder.id,
      passed: keyTermsMissing.length === 0 && similarity >= threshold,
    };
  });
}
