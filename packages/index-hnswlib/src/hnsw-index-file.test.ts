import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import hnswlib from "hnswlib-node";
import { afterAll, describe, expect, it } from "vitest";
import { createLayoutWalker, headerBytes, headerProblems, inspectIndexFile, parseHeader } from "./hnsw-index-file.js";

const { HierarchicalNSW } = hnswlib;
const directory = mkdtempSync(join(tmpdir(), "undercurrent-hnsw-file-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

async function writeNativeIndex(name: string, count: number): Promise<string> {
  const native = new HierarchicalNSW("ip", 6);
  native.initIndex(count + 5, 8, 40, 100, true);
  for (let label = 0; label < count; label++) {
    native.addPoint(
      Array.from({ length: 6 }, (_, position) => Math.sin(label * 7 + position)),
      label,
      true,
    );
  }
  const file = join(directory, name);
  await native.writeIndex(file);
  return file;
}

function walk(bytes: Buffer, chunkSize: number) {
  const walker = createLayoutWalker();
  for (let offset = 0; offset < bytes.length; offset += chunkSize) walker.push(bytes.subarray(offset, offset + chunkSize));
  return walker.finish();
}

describe("hnswlib index file", () => {
  it("reads the header hnswlib writes", async () => {
    const file = await writeNativeIndex("header.bin", 50);
    const header = parseHeader(readFileSync(file).subarray(0, headerBytes));
    expect(header).toMatchObject({ offsetLevel0: 0, maxElements: 55, count: 50, m: 8, maxM: 8, maxM0: 16, efConstruction: 40 });
    expect(header.labelOffset - header.offsetData).toBe(6 * 4);
    expect(headerProblems(header, { dimensions: 6, m: 8, efConstruction: 40, slots: 50 })).toEqual([]);
    expect(headerProblems(header, { dimensions: 7, m: 12, efConstruction: 40, slots: 49 })).toEqual([
      "holds 6-dimension vectors, expected 7",
      "was built with M 8, expected 12",
      "holds 50 slots, expected 49",
    ]);
  });

  it("walks the layout the same whatever the chunk size, and reports truncation and trailing bytes", async () => {
    const bytes = readFileSync(await writeNativeIndex("layout.bin", 300));
    for (const chunkSize of [1, 3, 4, 97, 4096, bytes.length]) {
      expect(walk(bytes, chunkSize).problem).toBeUndefined();
    }
    expect(walk(bytes.subarray(0, bytes.length - 1), 64).problem).toBe("truncated");
    expect(walk(bytes.subarray(0, 40), 64).problem).toBe(`shorter than the ${headerBytes}-byte header`);
    expect(walk(Buffer.concat([bytes, Buffer.from([0])]), 64).problem).toBe("bytes follow the last link list");
  });

  it("hashes the file while walking it", async () => {
    const file = await writeNativeIndex("hash.bin", 10);
    const inspection = await inspectIndexFile(file);
    expect(inspection.bytes).toBe(readFileSync(file).length);
    expect(inspection.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(inspection.problem).toBeUndefined();
  });
});
