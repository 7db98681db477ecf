import { ConfigError, createExactVectorIndex, normalizeVector, UndercurrentError, type VectorIndex } from "@undercurrent/core";
import { seededRandom } from "@undercurrent/core/testing";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import { createHnswVectorIndex, loadHnswVectorIndex } from "./hnsw-vector-index.js";
import {
  type HnswVectorIndexOptions,
  hnswVectorIndexOptionsSchema,
  type LoadHnswVectorIndexOptions,
  type loadHnswVectorIndexOptionsSchema,
} from "./hnsw-vector-index-options.js";

function randomVectors(count: number, dimensions: number, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => normalizeVector(Array.from({ length: dimensions }, () => random() * 2 - 1)));
}

async function fill(index: VectorIndex, vectors: readonly Float32Array[], prefix = "v"): Promise<void> {
  await index.add(vectors.map((vector, position) => ({ id: `${prefix}${position}`, vector })));
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new TypeError("expected the call to throw");
}

describe("options", () => {
  it("matches the documented option types", () => {
    expectTypeOf<z.input<typeof hnswVectorIndexOptionsSchema>>().toEqualTypeOf<HnswVectorIndexOptions>();
    expectTypeOf<z.input<typeof loadHnswVectorIndexOptionsSchema>>().toEqualTypeOf<LoadHnswVectorIndexOptions>();
  });

  it.each([
    [{}, "options.dimensions"],
    [{ dimensions: 0 }, "options.dimensions"],
    [{ dimensions: 1.5 }, "options.dimensions"],
    [{ dimensions: 70_000 }, "options.dimensions"],
    [{ dimensions: 8, initialCapacity: 0 }, "options.initialCapacity"],
    [{ dimensions: 8, m: 1 }, "options.m"],
    [{ dimensions: 8, m: 20_000 }, "options.m"],
    [{ dimensions: 8, efConstruction: 0 }, "options.efConstruction"],
    [{ dimensions: 8, efSearch: 2.5 }, "options.efSearch"],
    [{ dimensions: 8, randomSeed: -1 }, "options.randomSeed"],
    [{ dimensions: 8, file: " " }, "options.file"],
    [{ dimensions: 8, space: "l2" }, "options"],
  ])("rejects %j with a ConfigError naming %s", (options, field) => {
    const error = thrown(() => createHnswVectorIndex(options as HnswVectorIndexOptions));
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("createHnswVectorIndex");
    expect((error as Error).message).toContain(field);
  });

  it("rejects unknown keys by name", () => {
    const error = thrown(() => createHnswVectorIndex({ dimensions: 8, space: "l2" } as HnswVectorIndexOptions));
    expect((error as Error).message).toMatch(/space/);
  });

  it("applies the documented defaults", () => {
    expect(hnswVectorIndexOptionsSchema.parse({ dimensions: 8 })).toEqual({
      dimensions: 8,
      initialCapacity: 1_000,
      m: 16,
      efConstruction: 200,
      efSearch: 128,
      randomSeed: 100,
    });
    expect(createHnswVectorIndex({ dimensions: 8 }).stats()).toEqual({ size: 0, capacity: 1_000, slots: 0, deletedSlots: 0 });
  });

  it("validates load options", async () => {
    for (const [options, field] of [
      [{}, "options.file"],
      [{ file: "" }, "options.file"],
      [{ file: "x", dimensions: -1 }, "options.dimensions"],
      [{ file: "x", efSearch: 0 }, "options.efSearch"],
      [{ file: "x", m: 8 }, "options"],
    ] as const) {
      const error = await loadHnswVectorIndex(options as LoadHnswVectorIndexOptions).catch((caught: unknown) => caught);
      expect(ConfigError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain(`loadHnswVectorIndex: ${field}`);
    }
  });
});

describe("input checks", () => {
  it("names the entry whose id or vector is wrong, and adds nothing of the batch", async () => {
    const index = createHnswVectorIndex({ dimensions: 4 });
    const badId = await index.add([{ id: "", vector: [1, 0, 0, 0] }]).catch((error: unknown) => error);
    expect(ConfigError.isInstance(badId)).toBe(true);
    expect((badId as Error).message).toContain("entries.0.id");
    const infinite = await index
      .add([
        { id: "ok", vector: [1, 0, 0, 0] },
        { id: "bad", vector: [1, Number.POSITIVE_INFINITY, 0, 0] },
      ])
      .catch((error: unknown) => error);
    expect(ConfigError.isInstance(infinite)).toBe(true);
    expect((infinite as Error).message).toContain("entries.1.vector");
    expect(index.size()).toBe(0);
  });

  it("rejects a k that is not a non-negative integer, and returns nothing for k = 0", async () => {
    const index = createHnswVectorIndex({ dimensions: 4 });
    await index.add([{ id: "a", vector: [1, 0, 0, 0] }]);
    for (const k of [-1, 1.5, Number.NaN]) {
      const error = await index.search([1, 0, 0, 0], { k }).catch((caught: unknown) => caught);
      expect(ConfigError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain("k:");
    }
    expect(await index.search([1, 0, 0, 0], { k: 0 })).toEqual([]);
  });
});

describe("capacity", () => {
  it("doubles its capacity as vectors are added one at a time past the initial capacity", async () => {
    const index = createHnswVectorIndex({ dimensions: 16, initialCapacity: 10 });
    const vectors = randomVectors(1_000, 16, 5);
    for (const [position, vector] of vectors.entries()) await index.add([{ id: `v${position}`, vector }]);
    expect(index.stats()).toEqual({ size: 1_000, capacity: 1_280, slots: 1_000, deletedSlots: 0 });
    for (const position of [0, 9, 10, 11, 500, 999]) {
      const [best] = await index.search(vectors[position]!, { k: 1 });
      expect(best?.id).toBe(`v${position}`);
    }
  });

  it("grows to fit a batch larger than its capacity in one step", async () => {
    const index = createHnswVectorIndex({ dimensions: 16, initialCapacity: 10 });
    await fill(index, randomVectors(1_000, 16, 6));
    expect(index.stats()).toEqual({ size: 1_000, capacity: 1_280, slots: 1_000, deletedSlots: 0 });
    expect(await index.search(randomVectors(1, 16, 7)[0]!, { k: 2_000 })).toHaveLength(1_000);
  });
});

describe("replace and remove", () => {
  it("reuses deleted slots for new ids before growing", async () => {
    const index = createHnswVectorIndex({ dimensions: 8, initialCapacity: 10 });
    const vectors = randomVectors(14, 8, 12);
    await fill(index, vectors.slice(0, 10));
    expect(await index.remove(["v1", "v3", "v5", "v7", "v7", "missing"])).toBe(4);
    expect(index.stats()).toEqual({ size: 6, capacity: 10, slots: 10, deletedSlots: 4 });

    await index.add(vectors.slice(10).map((vector, position) => ({ id: `n${position}`, vector })));
    expect(index.stats()).toEqual({ size: 10, capacity: 10, slots: 10, deletedSlots: 0 });
    const all = await index.search(vectors[0]!, { k: 100 });
    expect(all.map((match) => match.id).sort()).toEqual(["n0", "n1", "n2", "n3", "v0", "v2", "v4", "v6", "v8", "v9"]);
    for (const [position, vector] of vectors.slice(10).entries()) {
      expect((await index.search(vector, { k: 1 }))[0]?.id).toBe(`n${position}`);
    }

    await index.add([{ id: "extra", vector: vectors[1]! }]);
    expect(index.stats()).toEqual({ size: 11, capacity: 20, slots: 11, deletedSlots: 0 });
  });

  it("replaces a vector in place, even while deleted slots wait for reuse", async () => {
    const index = createHnswVectorIndex({ dimensions: 8, initialCapacity: 10 });
    const vectors = randomVectors(12, 8, 13);
    await fill(index, vectors.slice(0, 10));
    await index.remove(["v9"]);
    // With a vacant slot, hnswlib's addPoint(…, replaceDeleted = true) would move "v0" and leave its old vector behind.
    await index.add([
      { id: "v0", vector: vectors[10]! },
      { id: "v1", vector: vectors[11]! },
    ]);
    expect(index.stats()).toEqual({ size: 9, capacity: 10, slots: 10, deletedSlots: 1 });
    const all = await index.search(vectors[0]!, { k: 50 });
    expect(all).toHaveLength(9);
    expect(new Set(all.map((match) => match.id)).size).toBe(9);
    expect((await index.search(vectors[10]!, { k: 1 }))[0]).toEqual({ id: "v0", score: expect.closeTo(1, 5) });
    expect((await index.search(vectors[0]!, { k: 1 }))[0]?.id).not.toBe("v0");
  });

  it("gives a removed id back when it is added again", async () => {
    const index = createHnswVectorIndex({ dimensions: 8 });
    const vectors = randomVectors(3, 8, 14);
    await fill(index, vectors);
    await index.remove(["v1"]);
    expect(index.has("v1")).toBe(false);
    await index.add([{ id: "v1", vector: vectors[1]! }]);
    expect(index.has("v1")).toBe(true);
    expect(index.stats()).toMatchObject({ size: 3, slots: 3, deletedSlots: 0 });
    expect((await index.search(vectors[1]!, { k: 1 }))[0]?.id).toBe("v1");
  });

  it("keeps the last vector when a batch repeats an id", async () => {
    const index = createHnswVectorIndex({ dimensions: 8 });
    const vectors = randomVectors(2, 8, 15);
    await index.add([
      { id: "same", vector: vectors[0]! },
      { id: "same", vector: vectors[1]! },
    ]);
    expect(index.stats()).toMatchObject({ size: 1, slots: 1 });
    expect((await index.search(vectors[1]!, { k: 1 }))[0]?.score).toBeCloseTo(1, 5);
  });
});

describe("search", () => {
  it("passes the filter live ids only, and honours it with minScore", async () => {
    const index = createHnswVectorIndex({ dimensions: 8 });
    const vectors = randomVectors(200, 8, 16);
    await fill(index, vectors);
    await index.remove(["v0", "v1"]);
    const seen = new Set<string>();
    const results = await index.search(vectors[2]!, {
      k: 10,
      minScore: 0.2,
      filter: (id) => {
        seen.add(id);
        return Number(id.slice(1)) % 2 === 0;
      },
    });
    expect(seen.has("v0") || seen.has("v1")).toBe(false);
    expect(results.length).toBeGreaterThan(0);
    expect(results[0]?.id).toBe("v2");
    for (const match of results) {
      expect(Number(match.id.slice(1)) % 2).toBe(0);
      expect(match.score).toBeGreaterThanOrEqual(0.2);
    }
  });

  it("rejects with the filter's own error when it throws, and keeps working", async () => {
    const index = createHnswVectorIndex({ dimensions: 8 });
    const vectors = randomVectors(50, 8, 17);
    await fill(index, vectors);
    const boom = new RangeError("filter failed");
    let calls = 0;
    const error = await index
      .search(vectors[0]!, {
        k: 5,
        filter: () => {
          calls++;
          throw boom;
        },
      })
      .catch((caught: unknown) => caught);
    expect(error).toBe(boom);
    expect(calls).toBe(1);
    expect(await index.search(vectors[0]!, { k: 5 })).toHaveLength(5);
  });

  it("finds every match of a selective filter", async () => {
    const index = createHnswVectorIndex({ dimensions: 16 });
    const vectors = randomVectors(2_000, 16, 18);
    await fill(index, vectors);
    const wanted = new Set(["v3", "v777", "v1500"]);
    const results = await index.search(vectors[0]!, { k: 10, filter: (id) => wanted.has(id) });
    expect(results.map((match) => match.id).sort()).toEqual([...wanted].sort());
  });

  it("scores a zero vector 0, as the exact index does", async () => {
    const index = createHnswVectorIndex({ dimensions: 4 });
    const exact = createExactVectorIndex({ dimensions: 4 });
    for (const target of [index, exact]) await target.add([{ id: "zero", vector: [0, 0, 0, 0] }]);
    expect(await index.search([1, 2, 3, 4], { k: 1 })).toEqual(await exact.search([1, 2, 3, 4], { k: 1 }));
  });
});

describe("agreement with core's exact index", () => {
  it("reports the exact index's cosine scores within 1e-4", async () => {
    const dimensions = 32;
    const vectors = randomVectors(2_000, dimensions, 21).map((vector, position) =>
      // unnormalised inputs: lengths from 0.5 to 5
      vector.map((value) => value * (0.5 + (position % 10) / 2)),
    );
    const index = createHnswVectorIndex({ dimensions });
    const exact = createExactVectorIndex({ dimensions });
    await fill(index, vectors);
    await fill(exact, vectors);
    let compared = 0;
    for (const query of randomVectors(50, dimensions, 22)) {
      const approximate = await index.search(query, { k: 10 });
      const exactScores = new Map((await exact.search(query, { k: 2_000 })).map((match) => [match.id, match.score]));
      for (const match of approximate) {
        expect(Math.abs(match.score - exactScores.get(match.id)!)).toBeLessThanOrEqual(1e-4);
        compared++;
      }
    }
    expect(compared).toBe(500);
  });

  // Uniform random vectors are the hard case for HNSW (real embeddings cluster). Measured on this data: 0.912 with
  // efSearch 64, 0.966 with efSearch 100, 0.983 with efSearch 128 (the default); seeded, so the figures are stable.
  async function recallAt10(options: { efSearch?: number }): Promise<number> {
    const dimensions = 64;
    const vectors = randomVectors(5_000, dimensions, 31);
    const index = createHnswVectorIndex({ dimensions, ...options });
    const exact = createExactVectorIndex({ dimensions });
    await fill(index, vectors);
    await fill(exact, vectors);
    let found = 0;
    const queries = randomVectors(100, dimensions, 32);
    for (const query of queries) {
      const wanted = new Set((await exact.search(query, { k: 10 })).map((match) => match.id));
      found += (await index.search(query, { k: 10 })).filter((match) => wanted.has(match.id)).length;
    }
    return found / (queries.length * 10);
  }

  it("has recall@10 of at least 0.95 on 5,000 random 64-dimension vectors with the default efSearch", async () => {
    expect(await recallAt10({})).toBeGreaterThanOrEqual(0.95);
  });

  it("trades recall for speed with a lower efSearch", async () => {
    expect(await recallAt10({ efSearch: 64 })).toBeGreaterThanOrEqual(0.9);
  });
});

describe("errors", () => {
  it("exposes error codes on UndercurrentError", async () => {
    const error = await loadHnswVectorIndex({ file: "/nonexistent/undercurrent/index.hnsw" }).catch((caught: unknown) => caught);
    expect(UndercurrentError.isInstance(error)).toBe(true);
    expect((error as UndercurrentError).code).toBe("HNSW_INDEX_NOT_FOUND");
  });
});
