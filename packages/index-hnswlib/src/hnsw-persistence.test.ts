import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UndercurrentError } from "@undercurrent/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Sidecar, writeSavedIndex } from "./hnsw-persistence.js";
import { createHnswVectorIndex, loadHnswVectorIndex } from "./hnsw-vector-index.js";

let directory: string;
let file: string;
beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), "undercurrent-hnsw-save-"));
  file = join(directory, "items.hnsw");
  const index = createHnswVectorIndex({ dimensions: 4, file });
  await index.add([
    { id: "a", vector: [1, 0, 0, 0] },
    { id: "b", vector: [0, 1, 0, 0] },
  ]);
  await index.save();
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

const digest = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const snapshot = () => ({ index: digest(file), sidecar: digest(`${file}.json`) });

/** The sidecar of the save made in `beforeEach`, as the next save would write it (minus the checksum). */
function nextSidecar(): Omit<Sidecar, "index"> {
  const { index: _checksum, ...rest } = JSON.parse(readFileSync(`${file}.json`, "utf8")) as Sidecar;
  return rest;
}

async function expectPreviousSaveIntact(before: { index: string; sidecar: string }): Promise<void> {
  expect(snapshot()).toEqual(before);
  expect(readdirSync(directory).sort()).toEqual(["items.hnsw", "items.hnsw.json"]);
  const loaded = await loadHnswVectorIndex({ file });
  expect((await loaded.search([0, 1, 0, 0], { k: 1 }))[0]?.id).toBe("b");
}

describe("atomic save", () => {
  it("leaves the previous save untouched while the index file is being written", async () => {
    const before = snapshot();
    let crash: (error: Error) => void = () => undefined;
    let written: () => void = () => undefined;
    const halfWritten = new Promise<void>((resolve) => (written = resolve));
    const saving = writeSavedIndex({
      file,
      sidecar: nextSidecar(),
      writeIndex: async (path) => {
        await writeFile(path, Buffer.alloc(50, 7));
        written();
        await new Promise<void>((_resolve, reject) => (crash = reject));
      },
    });
    await halfWritten;
    // The moment a crash would freeze: the real files are the old ones; the half file is a hidden temp file.
    expect(snapshot()).toEqual(before);
    expect(readdirSync(directory).filter((name) => name.endsWith(".tmp"))).toHaveLength(1);

    crash(new RangeError("disk unplugged"));
    const error = await saving.catch((caught: unknown) => caught);
    expect(UndercurrentError.isInstance(error) && error.code).toBe("HNSW_SAVE_FAILED");
    expect((error as Error).message).toContain("disk unplugged");
    await expectPreviousSaveIntact(before);
  });

  it("refuses to publish a short index file, as hnswlib leaves on a full disk without reporting it", async () => {
    const before = snapshot();
    const error = await writeSavedIndex({
      file,
      sidecar: nextSidecar(),
      writeIndex: async (path) => writeFile(path, readFileSync(file).subarray(0, 200)),
    }).catch((caught: unknown) => caught);
    expect(UndercurrentError.isInstance(error) && error.code).toBe("HNSW_SAVE_FAILED");
    expect((error as Error).message).toContain("not whole: truncated");
    await expectPreviousSaveIntact(before);
  });

  it("replaces both files when the index file is whole", async () => {
    const sidecar = nextSidecar();
    await writeSavedIndex({ file, sidecar, writeIndex: async (path) => writeFile(path, readFileSync(file)) });
    expect(readdirSync(directory).sort()).toEqual(["items.hnsw", "items.hnsw.json"]);
    expect((await loadHnswVectorIndex({ file })).size()).toBe(2);
  });
});
