import { randomUUID } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { toValidationIssues, UndercurrentError } from "@undercurrent/core";
import { z } from "zod";
import { type HnswFileHeader, headerProblems, inspectIndexFile } from "./hnsw-index-file.js";
import { hnswError } from "./hnsw-vector-index-errors.js";
import { maxUint32 } from "./hnsw-vector-index-options.js";

/** The sidecar's `format`: tells our sidecars from any other JSON. */
export const sidecarFormat = "undercurrent-hnswlib";
/** The sidecar's `formatVersion`; raise it when the sidecar or the way the index file is used changes. */
export const sidecarFormatVersion = 1;

const count = z.number().int().nonnegative().max(maxUint32);
const label = z
  .number()
  .int()
  .nonnegative()
  .max(maxUint32 - 1);

/** The JSON written next to the index file as `<file>.json`. */
export const sidecarSchema = z.strictObject({
  format: z.literal(sidecarFormat),
  formatVersion: z.literal(sidecarFormatVersion),
  /** Vectors are stored unit length, so hnswlib's inner product space ranks by cosine. */
  space: z.literal("ip"),
  dimensions: z.number().int().positive().max(65_536),
  options: z.strictObject({
    m: z.number().int().min(2).max(10_000),
    efConstruction: z.number().int().positive().max(maxUint32),
    efSearch: z.number().int().positive().max(maxUint32),
    randomSeed: z.number().int().nonnegative().max(maxUint32),
  }),
  /** The index file this sidecar belongs to. */
  index: z.strictObject({ bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  /** Slots hnswlib holds: live ids plus deleted slots waiting for reuse. */
  slots: count,
  /** The label the next new id gets; labels are never reused while hnswlib may still hold them. */
  nextLabel: z.number().int().nonnegative().max(maxUint32),
  /** `[id, label]` of every live vector. */
  ids: z.array(z.tuple([z.string().min(1), label])),
  /** Labels of slots marked deleted in the index file. */
  deletedLabels: z.array(label),
});

/** The sidecar's JSON. */
export type Sidecar = z.output<typeof sidecarSchema>;

/** Where the sidecar of `file` lives. */
export const sidecarPath = (file: string) => `${file}.json`;

const invalid = (file: string, detail: string, cause?: unknown) =>
  hnswError("HNSW_INDEX_INVALID", `Cannot load the hnswlib index ${file}: ${detail}`, cause);

const isMissing = (error: unknown) => typeof error === "object" && error !== null && (error as { code?: unknown }).code === "ENOENT";

function checkSidecarConsistency(file: string, sidecar: Sidecar): void {
  const labels = new Set<number>();
  const ids = new Set<string>();
  for (const [id, value] of sidecar.ids) {
    if (ids.has(id)) throw invalid(file, `the sidecar lists id ${JSON.stringify(id)} twice`);
    ids.add(id);
    labels.add(value);
  }
  for (const value of sidecar.deletedLabels) labels.add(value);
  if (labels.size !== sidecar.ids.length + sidecar.deletedLabels.length) throw invalid(file, "the sidecar gives one label twice");
  if (labels.size !== sidecar.slots) throw invalid(file, `the sidecar lists ${labels.size} labels for ${sidecar.slots} slots`);
  for (const value of labels) {
    if (value >= sidecar.nextLabel) throw invalid(file, `label ${value} is not below nextLabel ${sidecar.nextLabel}`);
  }
}

/**
 * Reads and checks `<file>.json`, then checks that `file` is the index file it describes (size, SHA-256, header,
 * layout). Missing files are `HNSW_INDEX_NOT_FOUND`; anything else wrong is `HNSW_INDEX_INVALID`.
 */
export async function readSavedIndex(
  file: string,
  expectedDimensions: number | undefined,
): Promise<{ sidecar: Sidecar; header: HnswFileHeader }> {
  let text: string;
  try {
    text = await readFile(sidecarPath(file), "utf8");
  } catch (error) {
    if (isMissing(error)) throw hnswError("HNSW_INDEX_NOT_FOUND", `No hnswlib index sidecar at ${sidecarPath(file)}`, error);
    throw invalid(file, `the sidecar cannot be read (${(error as Error).message})`, error);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalid(file, "the sidecar is not JSON", error);
  }
  const format = (json as { format?: unknown; formatVersion?: unknown } | null) ?? {};
  if (format.format !== sidecarFormat) throw invalid(file, `the sidecar's format is not ${JSON.stringify(sidecarFormat)}`);
  if (format.formatVersion !== sidecarFormatVersion) {
    throw invalid(
      file,
      `the sidecar's formatVersion is ${JSON.stringify(format.formatVersion)}; this version reads ${sidecarFormatVersion}`,
    );
  }
  const parsed = sidecarSchema.safeParse(json);
  if (!parsed.success) {
    const issues = toValidationIssues(parsed.error.issues, "sidecar");
    throw invalid(file, issues.map((issue) => `${issue.path}: ${issue.message}`).join("; "), parsed.error);
  }
  const sidecar = parsed.data;
  if (expectedDimensions !== undefined && expectedDimensions !== sidecar.dimensions) {
    throw invalid(file, `it holds ${sidecar.dimensions}-dimension vectors, expected ${expectedDimensions}`);
  }
  checkSidecarConsistency(file, sidecar);

  let inspection: Awaited<ReturnType<typeof inspectIndexFile>>;
  try {
    inspection = await inspectIndexFile(file);
  } catch (error) {
    if (isMissing(error)) throw hnswError("HNSW_INDEX_NOT_FOUND", `No hnswlib index file at ${file}`, error);
    throw invalid(file, `the index file cannot be read (${(error as Error).message})`, error);
  }
  if (inspection.bytes !== sidecar.index.bytes || inspection.sha256 !== sidecar.index.sha256) {
    throw invalid(file, "the index file is not the one its sidecar was saved with (size or SHA-256 differs)");
  }
  if (inspection.problem !== undefined || inspection.header === undefined) throw invalid(file, `the index file is ${inspection.problem}`);
  const problems = headerProblems(inspection.header, {
    dimensions: sidecar.dimensions,
    m: sidecar.options.m,
    efConstruction: sidecar.options.efConstruction,
    slots: sidecar.slots,
  });
  if (problems.length > 0) throw invalid(file, `the index file ${problems.join("; ")}`);
  return { sidecar, header: inspection.header };
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, "r+");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDirectory(path: string): Promise<void> {
  // Makes the renames durable on POSIX; Windows cannot open a directory, and renames there are durable already.
  const handle = await open(path, "r").catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync().catch(() => undefined);
  } finally {
    await handle.close();
  }
}

/** What `writeSavedIndex` needs: a writer for the index file and the sidecar minus the checksum it computes. */
export interface SaveJob {
  file: string;
  writeIndex: (path: string) => Promise<void>;
  sidecar: Omit<Sidecar, "index">;
}

/**
 * Writes the index and the sidecar to temp files in the target directory, checks the index file's layout, syncs both
 * to disk, then renames them over `file` and `<file>.json`. A crash leaves at most stray `*.tmp` files, never a half
 * written index or sidecar. A crash between the two renames leaves a new index with the old sidecar, which loading
 * refuses (`HNSW_INDEX_INVALID`, the checksum differs) rather than reading the wrong ids.
 */
export async function writeSavedIndex({ file, writeIndex, sidecar }: SaveJob): Promise<void> {
  const directory = dirname(file);
  const suffix = `${process.pid}-${randomUUID().slice(0, 8)}.tmp`;
  const indexTemp = join(directory, `.${basename(file)}.${suffix}`);
  const sidecarTemp = join(directory, `.${basename(sidecarPath(file))}.${suffix}`);
  const failed = (detail: string, cause?: unknown) =>
    hnswError("HNSW_SAVE_FAILED", `Cannot save the hnswlib index to ${file}: ${detail}`, cause);
  try {
    await mkdir(directory, { recursive: true });
    for (const target of [file, sidecarPath(file)]) {
      if ((await stat(target).catch(() => undefined))?.isDirectory()) throw failed(`${target} is a directory`);
    }
    await writeIndex(indexTemp);
    // hnswlib's saveIndex ignores stream errors (a full disk yields a short file), so check what landed on disk.
    const inspection = await inspectIndexFile(indexTemp);
    const problems = inspection.header
      ? headerProblems(inspection.header, {
          dimensions: sidecar.dimensions,
          m: sidecar.options.m,
          efConstruction: sidecar.options.efConstruction,
          slots: sidecar.slots,
        })
      : [];
    if (inspection.problem !== undefined) problems.unshift(inspection.problem);
    if (problems.length > 0) throw failed(`the index file written is not whole: ${problems.join("; ")}`);
    const complete: Sidecar = { ...sidecar, index: { bytes: inspection.bytes, sha256: inspection.sha256 } };
    const handle = await open(sidecarTemp, "w");
    try {
      await handle.writeFile(`${JSON.stringify(complete)}\n`, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await syncFile(indexTemp);
    await rename(indexTemp, file);
    await rename(sidecarTemp, sidecarPath(file));
    await syncDirectory(directory);
  } catch (error) {
    await Promise.all([rm(indexTemp, { force: true }), rm(sidecarTemp, { force: true })]).catch(() => undefined);
    if (UndercurrentError.isInstance(error)) throw error;
    throw failed(error instanceof Error ? error.message : String(error), error);
  }
}
