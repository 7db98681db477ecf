import { z } from "zod";
import type { VectorIndex, VectorMatch } from "../contracts/vector-index.js";
import { ConfigError } from "../errors.js";
import { parseOptions } from "../validate.js";
import { assertVector, dot, normalize } from "./vector-math.js";

export const exactVectorIndexOptionsSchema = z.strictObject({
  /** Vector length. */
  dimensions: z.number().int().positive().max(65_536),
});

/** Options of {@link createExactVectorIndex}. */
export type ExactVectorIndexOptions = z.input<typeof exactVectorIndexOptionsSchema>;

/**
 * A `VectorIndex` that compares the query with every vector: exact results, O(n) per search.
 * The baseline the approximate indexes are measured against; fine up to tens of thousands of vectors.
 */
export function createExactVectorIndex(options: ExactVectorIndexOptions): VectorIndex {
  const { dimensions } = parseOptions(exactVectorIndexOptionsSchema, options, "createExactVectorIndex");
  const vectors = new Map<string, Float32Array>();

  return {
    specVersion: "v1",
    dimensions,
    size: () => vectors.size,
    has: (id) => vectors.has(id),
    async add(entries) {
      entries.forEach((entry, index) => {
        if (typeof entry.id !== "string" || entry.id.length === 0) {
          throw new ConfigError({ context: "add", issues: [{ path: `entries.${index}.id`, message: "expected a non-empty string" }] });
        }
        assertVector(entry.vector, dimensions, `entries.${index}.vector`);
      });
      for (const entry of entries) vectors.set(entry.id, normalize(entry.vector));
    },
    async remove(ids) {
      let removed = 0;
      for (const id of ids) if (vectors.delete(id)) removed++;
      return removed;
    },
    async search(vector, { k, minScore = -Infinity, filter }) {
      assertVector(vector, dimensions, "vector");
      if (!Number.isInteger(k) || k < 0)
        throw new ConfigError({ context: "search", issues: [{ path: "k", message: "expected a non-negative integer" }] });
      const query = normalize(vector);
      const matches: VectorMatch[] = [];
      for (const [id, candidate] of vectors) {
        if (filter && !filter(id)) continue;
        const score = dot(query, candidate);
        if (score >= minScore) matches.push({ id, score });
      }
      matches.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
      return matches.slice(0, k);
    },
  } satisfies VectorIndex;
}
