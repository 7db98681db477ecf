import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, normalizeVector, UndercurrentError } from "@undercurrent/core";
import { seededRandom } from "@undercurrent/core/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { inspectIndexFile } from "./hnsw-index-file.js";
import type { Sidecar } from "./hnsw-persistence.js";
import { createHnswVectorIndex, type HnswVectorIndex, loadHnswVectorIndex } from "./hnsw-vector-index.js";

const dimensions = 16;

function randomVectors(count: number, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => normalizeVector(Array.from({ length: dimensions }, () => random() * 2 - 1)));
}

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "undercurrent-hnsw-"));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

const vectors = randomVectors(600, 41);
const queries = randomVectors(20, 42);

/** 500 vectors, 50 removed, 20 replaced: a saved index with deleted slots. */
async function populated(options: { file?: string } = {}): Promise<HnswVectorIndex> {
  const index = createHnswVectorIndex({ dimensions, initialCapacity: 100, ...options });
  await index.add(vectors.slice(0, 500).map((vector, position) => ({ id: `v${position}`, vector })));
  await index.remove(Array.from({ length: 50 }, (_, position) => `v${position * 10}`));
  await index.add(Array.from({ length: 20 }, (_, position) => ({ id: `v${position * 10 + 1}`, vector: vectors[500 + position]! })));
  return index;
}

const searchAll = (index: HnswVectorIndex) => Promise.all(queries.map((query) => index.search(query, { k: 10 })));

async function failure(promise: Promise<unknown>): Promise<UndercurrentError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(UndercurrentError.isInstance(error)).toBe(true);
  return error as UndercurrentError;
}

describe("save and load", () => {
  it("restores an index that returns the same results, with removed ids still removed", async () => {
    const file = join(directory, "items.hnsw");
    const index = await populated();
    await index.save(file);
    const loaded = await loadHnswVectorIndex({ file });

    expect(loaded.dimensions).toBe(dimensions);
    expect(loaded.size()).toBe(450);
    expect(loaded.stats()).toEqual(index.stats());
    expect(loaded.stats()).toMatchObject({ size: 450, slots: 500, deletedSlots: 50 });
    expect(await searchAll(loaded)).toEqual(await searchAll(index));
    expect(loaded.has("v0")).toBe(false);
    expect(loaded.has("v10")).toBe(false);
    expect(loaded.has("v11")).toBe(true);
    expect((await loaded.search(vectors[10]!, { k: 450 })).map((match) => match.id)).not.toContain("v10");
    expect((await loaded.search(vectors[500]!, { k: 1 }))[0]?.id).toBe("v1");
  });

  it("takes new ids after loading, reusing deleted slots without disturbing saved ids", async () => {
    const file = join(directory, "items.hnsw");
    await (await populated()).save(file);
    const loaded = await loadHnswVectorIndex({ file });
    const fresh = randomVectors(60, 43);
    await loaded.add(fresh.map((vector, position) => ({ id: `new${position}`, vector })));
    expect(loaded.stats()).toMatchObject({ size: 510, slots: 510, deletedSlots: 0 });
    for (const [position, vector] of fresh.entries()) expect((await loaded.search(vector, { k: 1 }))[0]?.id).toBe(`new${position}`);
    for (const position of [2, 3, 455, 499]) expect((await loaded.search(vectors[position]!, { k: 1 }))[0]?.id).toBe(`v${position}`);
    await loaded.add([{ id: "v2", vector: fresh[0]! }]);
    expect(loaded.stats().slots).toBe(510);
    await loaded.remove(["v3"]);

    await loaded.save();
    const reloaded = await loadHnswVectorIndex({ file, efSearch: 64 });
    expect(await searchAll(reloaded)).toEqual(await searchAll(loaded));
    expect(reloaded.has("v3")).toBe(false);
    expect(reloaded.stats()).toEqual(loaded.stats());
  });

  it("round-trips an empty index", async () => {
    const file = join(directory, "empty.hnsw");
    await createHnswVectorIndex({ dimensions, file }).save();
    const loaded = await loadHnswVectorIndex({ file, dimensions });
    expect(loaded.stats()).toEqual({ size: 0, capacity: 1_000, slots: 0, deletedSlots: 0 });
    expect(await loaded.search(queries[0]!, { k: 3 })).toEqual([]);
    await loaded.add([{ id: "a", vector: vectors[0]! }]);
    expect((await loaded.search(vectors[0]!, { k: 1 }))[0]?.id).toBe("a");
  });

  it("writes the hnswlib file and a sidecar describing it, and leaves no temp files", async () => {
    const file = join(directory, "nested", "items.hnsw");
    const index = await populated({ file });
    await index.save();
    await index.save();
    expect(readdirSync(join(directory, "nested")).sort()).toEqual(["items.hnsw", "items.hnsw.json"]);
    const sidecar = JSON.parse(readFileSync(`${file}.json`, "utf8")) as Sidecar;
    const inspection = await inspectIndexFile(file);
    expect(sidecar).toMatchObject({
      format: "undercurrent-hnswlib",
      formatVersion: 1,
      space: "ip",
      dimensions,
      options: { m: 16, efConstruction: 200, efSearch: 128, randomSeed: 100 },
      index: { bytes: inspection.bytes, sha256: inspection.sha256 },
      slots: 500,
      nextLabel: 500,
    });
    expect(sidecar.ids).toHaveLength(450);
    expect(sidecar.ids).toContainEqual(["v1", 1]);
    expect(sidecar.deletedLabels.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, position) => position * 10));
  });

  it("saves what was added before save() was called, while later adds wait", async () => {
    const file = join(directory, "items.hnsw");
    const index = await populated();
    const saving = index.save(file);
    const adding = index.add([{ id: "late", vector: vectors[599]! }]);
    await Promise.all([saving, adding]);
    expect(index.has("late")).toBe(true);
    const loaded = await loadHnswVectorIndex({ file });
    expect(loaded.has("late")).toBe(false);
    expect(loaded.size()).toBe(450);
  });

  it("needs a path", async () => {
    const error = await createHnswVectorIndex({ dimensions })
      .save()
      .catch((caught: unknown) => caught);
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("save: file:");
  });

  it("fails with HNSW_SAVE_FAILED and writes nothing when the target cannot be written", async () => {
    const index = await populated();
    writeFileSync(join(directory, "a-file"), "");
    const underFile = await failure(index.save(join(directory, "a-file", "items.hnsw")));
    expect(underFile.code).toBe("HNSW_SAVE_FAILED");

    mkdirSync(join(directory, "taken.hnsw.json"));
    const sidecarIsDirectory = await failure(index.save(join(directory, "taken.hnsw")));
    expect(sidecarIsDirectory.code).toBe("HNSW_SAVE_FAILED");
    expect(sidecarIsDirectory.message).toContain("is a directory");
    expect(readdirSync(directory).sort()).toEqual(["a-file", "taken.hnsw.json"]);
  });
});

describe("loading a bad save", () => {
  let file: string;
  let sidecar: Sidecar;
  beforeEach(async () => {
    file = join(directory, "items.hnsw");
    await (await populated()).save(file);
    sidecar = JSON.parse(readFileSync(`${file}.json`, "utf8")) as Sidecar;
  });
  const writeSidecar = (value: unknown) => writeFileSync(`${file}.json`, JSON.stringify(value));

  it("reports missing files as HNSW_INDEX_NOT_FOUND", async () => {
    expect((await failure(loadHnswVectorIndex({ file: join(directory, "none.hnsw") }))).code).toBe("HNSW_INDEX_NOT_FOUND");
    rmSync(file);
    const noIndex = await failure(loadHnswVectorIndex({ file }));
    expect(noIndex.code).toBe("HNSW_INDEX_NOT_FOUND");
    expect(noIndex.message).toContain("No hnswlib index file");
  });

  it.each([
    ["is not JSON", () => writeFileSync(`${file}.json`, "{ not json"), /not JSON/],
    ["has another format", () => writeSidecar({ ...sidecar, format: "something-else" }), /format is not/],
    ["has a newer format version", () => writeSidecar({ ...sidecar, formatVersion: 2 }), /formatVersion is 2; this version reads 1/],
    ["lacks a field", () => writeSidecar({ ...sidecar, nextLabel: undefined }), /sidecar\.nextLabel/],
    ["has an unknown field", () => writeSidecar({ ...sidecar, extra: true }), /extra/],
    ["lists an id twice", () => writeSidecar({ ...sidecar, ids: [...sidecar.ids, [sidecar.ids[0]![0], 9_999]] }), /twice/],
    ["lists fewer labels than slots", () => writeSidecar({ ...sidecar, ids: sidecar.ids.slice(1) }), /lists 499 labels for 500 slots/],
    ["gives a label twice", () => writeSidecar({ ...sidecar, deletedLabels: [...sidecar.deletedLabels.slice(1), 1] }), /label twice/],
    ["claims other dimensions", () => writeSidecar({ ...sidecar, dimensions: 8 }), /holds 16-dimension vectors, expected 8/],
  ])("refuses a sidecar that %s with HNSW_INDEX_INVALID", async (_name, corrupt, message) => {
    corrupt();
    const error = await failure(loadHnswVectorIndex({ file }));
    expect(error.code).toBe("HNSW_INDEX_INVALID");
    expect(error.message).toMatch(message);
  });

  it("refuses an index file from another save", async () => {
    const other = join(directory, "other.hnsw");
    const index = await populated();
    await index.add([{ id: "one-more", vector: vectors[599]! }]);
    await index.save(other);
    copyFileSync(other, file);
    const error = await failure(loadHnswVectorIndex({ file }));
    expect(error.code).toBe("HNSW_INDEX_INVALID");
    expect(error.message).toMatch(/not the one its sidecar was saved with/);
  });

  it("refuses a truncated index file even when the sidecar's checksum is made to match", async () => {
    truncateSync(file, 5_000);
    const inspection = await inspectIndexFile(file);
    writeSidecar({ ...sidecar, index: { bytes: inspection.bytes, sha256: inspection.sha256 } });
    const error = await failure(loadHnswVectorIndex({ file }));
    expect(error.code).toBe("HNSW_INDEX_INVALID");
    expect(error.message).toMatch(/truncated/);
  });

  it("uses labels up to 2^32 - 2 and then refuses new ids with HNSW_CAPACITY_EXCEEDED", async () => {
    writeSidecar({ ...sidecar, nextLabel: 4_294_967_294 });
    const loaded = await loadHnswVectorIndex({ file });
    await loaded.add([{ id: "last", vector: vectors[599]! }]);
    expect((await loaded.search(vectors[599]!, { k: 1 }))[0]?.id).toBe("last");
    const error = await failure(loaded.add([{ id: "one-too-many", vector: vectors[598]! }]));
    expect(error.code).toBe("HNSW_CAPACITY_EXCEEDED");
    expect(loaded.has("one-too-many")).toBe(false);
    await loaded.add([{ id: "last", vector: vectors[598]! }]);
    expect((await loaded.search(vectors[598]!, { k: 1 }))[0]?.id).toBe("last");
  });

  it("refuses other dimensions than asked for", async () => {
    const error = await failure(loadHnswVectorIndex({ file, dimensions: 32 }));
    expect(error.code).toBe("HNSW_INDEX_INVALID");
    expect(error.message).toContain("it holds 16-dimension vectors, expected 32");
  });
});
