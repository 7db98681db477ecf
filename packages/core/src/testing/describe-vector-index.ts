import { describe, expect, it } from "vitest";
import type { VectorIndex } from "../contracts/vector-index.js";
import { ConfigError } from "../errors.js";
import { dot, normalize } from "../vectors/vector-math.js";

/** How {@link describeVectorIndex} gets indexes. */
export interface DescribeVectorIndexOptions {
  /** Returns a fresh, empty index of `dimensions`. */
  create: (dimensions: number) => VectorIndex | Promise<VectorIndex>;
  /** Share of the exact top-10 an approximate index must return. 1 for exact indexes (the default). */
  minRecall?: number;
}

/** Deterministic pseudo-random numbers (mulberry32), so failures reproduce. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function randomVectors(count: number, dimensions: number, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => normalize(Array.from({ length: dimensions }, () => random() * 2 - 1)));
}

/**
 * The conformance suite every `VectorIndex` runs: recall against brute force, replace, remove, filters,
 * score floors, `k` beyond size, and errors naming the field for wrong dimensions or NaN.
 */
export function describeVectorIndex(name: string, options: DescribeVectorIndexOptions): void {
  const minRecall = options.minRecall ?? 1;
  const dimensions = 16;

  describe(`VectorIndex conformance: ${name}`, () => {
    it("declares the v1 contract and starts empty", async () => {
      const index = await options.create(dimensions);
      expect(index.specVersion).toBe("v1");
      expect(index.dimensions).toBe(dimensions);
      expect(index.size()).toBe(0);
      expect(await index.search(randomVectors(1, dimensions, 1)[0]!, { k: 3 })).toEqual([]);
    });

    it(`finds the exact top 10 of 1,000 vectors with recall ≥ ${minRecall}`, async () => {
      const index = await options.create(dimensions);
      const vectors = randomVectors(1_000, dimensions, 7);
      await index.add(vectors.map((vector, position) => ({ id: `v${position}`, vector })));
      expect(index.size()).toBe(1_000);
      let found = 0;
      const queries = randomVectors(20, dimensions, 99);
      for (const query of queries) {
        const exact = vectors
          .map((vector, position) => ({ id: `v${position}`, score: dot(query, vector) }))
          .sort((a, b) => b.score - a.score)
          .slice(0, 10);
        const results = await index.search(query, { k: 10 });
        expect(results).toHaveLength(10);
        for (let position = 1; position < results.length; position++) {
          expect(results[position - 1]!.score).toBeGreaterThanOrEqual(results[position]!.score - 1e-6);
        }
        const wanted = new Set(exact.map((match) => match.id));
        found += results.filter((match) => wanted.has(match.id)).length;
        const best = results[0]!;
        const exactBest = exact.find((match) => match.id === best.id);
        if (exactBest) expect(best.score).toBeCloseTo(exactBest.score, 4);
      }
      expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(minRecall);
    });

    it("returns a vector as its own best match with cosine ≈ 1, whatever its length", async () => {
      const index = await options.create(dimensions);
      const [vector] = randomVectors(1, dimensions, 3);
      await index.add([
        { id: "scaled", vector: Array.from(vector!, (value) => value * 5) },
        ...randomVectors(20, dimensions, 4).map((other, position) => ({ id: `o${position}`, vector: other })),
      ]);
      const [best] = await index.search(vector!, { k: 1 });
      expect(best?.id).toBe("scaled");
      expect(best?.score).toBeCloseTo(1, 4);
    });

    it("replaces a vector added again under the same id, and removes ids", async () => {
      const index = await options.create(dimensions);
      const [first, second, third] = randomVectors(3, dimensions, 11);
      await index.add([
        { id: "a", vector: first! },
        { id: "b", vector: second! },
      ]);
      await index.add([{ id: "a", vector: third! }]);
      expect(index.size()).toBe(2);
      expect((await index.search(third!, { k: 1 }))[0]?.id).toBe("a");
      expect(await index.remove(["a", "missing"])).toBe(1);
      expect(index.has("a")).toBe(false);
      expect(index.has("b")).toBe(true);
      expect((await index.search(third!, { k: 5 })).map((match) => match.id)).toEqual(["b"]);
    });

    it("honours k beyond size, filters and score floors", async () => {
      const index = await options.create(dimensions);
      const vectors = randomVectors(5, dimensions, 21);
      await index.add(vectors.map((vector, position) => ({ id: `v${position}`, vector })));
      expect(await index.search(vectors[0]!, { k: 50 })).toHaveLength(5);
      const filtered = await index.search(vectors[0]!, { k: 5, filter: (id) => id !== "v0" });
      expect(filtered.map((match) => match.id)).not.toContain("v0");
      const floored = await index.search(vectors[0]!, { k: 5, minScore: 0.999 });
      expect(floored.map((match) => match.id)).toEqual(["v0"]);
    });

    it("rejects wrong dimensions and NaN with a ConfigError naming the field", async () => {
      const index = await options.create(dimensions);
      const short = await index.add([{ id: "x", vector: [1, 2, 3] }]).catch((error: unknown) => error);
      expect(ConfigError.isInstance(short)).toBe(true);
      expect((short as Error).message).toMatch(/vector/);
      const nan = await index
        .add([{ id: "x", vector: Array.from({ length: dimensions }, () => Number.NaN) }])
        .catch((error: unknown) => error);
      expect(ConfigError.isInstance(nan)).toBe(true);
      const query = await index.search([1], { k: 1 }).catch((error: unknown) => error);
      expect(ConfigError.isInstance(query)).toBe(true);
      expect(index.size()).toBe(0);
    });
  });
}
