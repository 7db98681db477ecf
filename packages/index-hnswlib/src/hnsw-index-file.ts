import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/**
 * The fixed header hnswlib's `saveIndex` writes (hnswalg.h, 64-bit little-endian `size_t`), followed by
 * `count × sizeDataPerElement` bytes of level-0 data and, per element, a `uint32` byte length and its upper-level links.
 */
export interface HnswFileHeader {
  offsetLevel0: number;
  maxElements: number;
  count: number;
  sizeDataPerElement: number;
  labelOffset: number;
  offsetData: number;
  maxLevel: number;
  entryPoint: number;
  maxM: number;
  maxM0: number;
  m: number;
  mult: number;
  efConstruction: number;
}

/** What {@link inspectIndexFile} found. */
export interface HnswFileInspection {
  bytes: number;
  sha256: string;
  /** Undefined when the file is shorter than the header. */
  header: HnswFileHeader | undefined;
  /** Why the file's structure is broken, if it is. */
  problem: string | undefined;
}

/** Size of {@link HnswFileHeader} on disk. */
export const headerBytes = 96;
const labelBytes = 8; // hnswlib's labeltype is size_t
const linkBytes = 4; // tableint and linklistsizeint are 32-bit

function readSize(buffer: Buffer, offset: number): number {
  const value = buffer.readBigUInt64LE(offset);
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.NaN : Number(value);
}

/** Reads the first {@link headerBytes} bytes of an index file. Sizes beyond 2^53 come back as NaN. */
export function parseHeader(buffer: Buffer): HnswFileHeader {
  return {
    offsetLevel0: readSize(buffer, 0),
    maxElements: readSize(buffer, 8),
    count: readSize(buffer, 16),
    sizeDataPerElement: readSize(buffer, 24),
    labelOffset: readSize(buffer, 32),
    offsetData: readSize(buffer, 40),
    maxLevel: buffer.readInt32LE(48),
    entryPoint: buffer.readUInt32LE(52),
    maxM: readSize(buffer, 56),
    maxM0: readSize(buffer, 64),
    m: readSize(buffer, 72),
    mult: buffer.readDoubleLE(80),
    efConstruction: readSize(buffer, 88),
  };
}

/**
 * Walks the file's layout the way hnswlib's `loadIndex` checks it (header, level-0 block, one link list per element,
 * nothing after), chunk by chunk, so a file of any size is checked in constant memory.
 */
export function createLayoutWalker() {
  const pending: Buffer[] = [];
  let pendingLength = 0;
  let header: HnswFileHeader | undefined;
  let skip = 0;
  let linkListsLeft = 0;
  let linkListUnit = 0;
  let problem: string | undefined;

  // Collects `length` bytes that may straddle chunks; returns them once complete.
  function take(chunk: Buffer, offset: number, length: number): { bytes: Buffer | undefined; used: number } {
    const used = Math.min(length - pendingLength, chunk.length - offset);
    pending.push(chunk.subarray(offset, offset + used));
    pendingLength += used;
    if (pendingLength < length) return { bytes: undefined, used };
    const bytes = Buffer.concat(pending, length);
    pending.length = 0;
    pendingLength = 0;
    return { bytes, used };
  }

  function start(parsed: HnswFileHeader): void {
    header = parsed;
    const level0 = parsed.count * parsed.sizeDataPerElement;
    if (!Number.isSafeInteger(level0) || !Number.isSafeInteger(parsed.maxM) || parsed.maxM === 0) {
      problem = "header sizes are out of range";
      return;
    }
    skip = level0;
    linkListsLeft = parsed.count;
    linkListUnit = parsed.maxM * linkBytes + linkBytes;
  }

  return {
    push(chunk: Buffer): void {
      let offset = 0;
      while (offset < chunk.length && problem === undefined) {
        if (header === undefined) {
          const { bytes, used } = take(chunk, offset, headerBytes);
          offset += used;
          if (bytes) start(parseHeader(bytes));
        } else if (skip > 0) {
          const used = Math.min(skip, chunk.length - offset);
          skip -= used;
          offset += used;
        } else if (linkListsLeft === 0) {
          problem = "bytes follow the last link list";
        } else {
          const { bytes, used } = take(chunk, offset, linkBytes);
          offset += used;
          if (bytes) {
            const size = bytes.readUInt32LE(0);
            if (size % linkListUnit !== 0) problem = `a link list of ${size} bytes is not a multiple of ${linkListUnit}`;
            skip = size;
            linkListsLeft--;
          }
        }
      }
    },
    finish(): { header: HnswFileHeader | undefined; problem: string | undefined } {
      if (problem === undefined) {
        if (header === undefined) problem = `shorter than the ${headerBytes}-byte header`;
        else if (skip > 0 || pendingLength > 0 || linkListsLeft > 0) problem = "truncated";
      }
      return { header, problem };
    },
  };
}

/** Reads an hnswlib index file once: its size, SHA-256 and header, and whether its layout is whole. */
export async function inspectIndexFile(path: string): Promise<HnswFileInspection> {
  const hash = createHash("sha256");
  const walker = createLayoutWalker();
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const buffer = chunk as Buffer;
    hash.update(buffer);
    walker.push(buffer);
    bytes += buffer.length;
  }
  return { bytes, sha256: hash.digest("hex"), ...walker.finish() };
}

/** What the header must say for an index built by this package with these settings. */
export interface ExpectedHeader {
  dimensions: number;
  m: number;
  efConstruction: number;
  slots: number;
}

/** Mismatches between a header and what the sidecar says, as readable sentences (empty when it fits). */
export function headerProblems(header: HnswFileHeader, expected: ExpectedHeader): string[] {
  const problems: string[] = [];
  const dimensions = (header.labelOffset - header.offsetData) / 4;
  if (header.offsetLevel0 !== 0) problems.push("not an hnswlib HierarchicalNSW index file");
  if (dimensions !== expected.dimensions) problems.push(`holds ${dimensions}-dimension vectors, expected ${expected.dimensions}`);
  if (header.sizeDataPerElement !== header.labelOffset + labelBytes) problems.push("element size does not match its layout");
  if (header.offsetData !== header.maxM0 * linkBytes + linkBytes) problems.push("level-0 link size does not match M");
  if (header.m !== expected.m || header.maxM !== expected.m || header.maxM0 !== expected.m * 2) {
    problems.push(`was built with M ${header.m}, expected ${expected.m}`);
  }
  // hnswlib stores max(efConstruction, M).
  const efConstruction = Math.max(expected.efConstruction, expected.m);
  if (header.efConstruction !== efConstruction) {
    problems.push(`was built with efConstruction ${header.efConstruction}, expected ${efConstruction}`);
  }
  if (header.count !== expected.slots) problems.push(`holds ${header.count} slots, expected ${expected.slots}`);
  if (header.count > header.maxElements) problems.push("holds more slots than its capacity");
  if (header.count > 0 && header.entryPoint >= header.count) problems.push("entry point is outside the index");
  return problems;
}
