import { ConfigError, Mutex, normalizeVector, parseOptions, type VectorIndex, type VectorMatch } from "@undercurrent/core";
import hnswlib, { type HierarchicalNSW as NativeIndex } from "hnswlib-node";
import { readSavedIndex, type Sidecar, sidecarFormat, sidecarFormatVersion, writeSavedIndex } from "./hnsw-persistence.js";
import { hnswError, mapHnswlibError } from "./hnsw-vector-index-errors.js";
import {
  type HnswVectorIndexOptions,
  hnswVectorIndexOptionsSchema,
  type LoadHnswVectorIndexOptions,
  loadHnswVectorIndexOptionsSchema,
  maxUint32,
} from "./hnsw-vector-index-options.js";

// hnswlib-node is CommonJS: a named value import crashes under Node's ESM loader.
const { HierarchicalNSW } = hnswlib;

/** How full an {@link HnswVectorIndex} is. */
export interface HnswVectorIndexStats {
  /** Live vectors, the same as `size()`. */
  size: number;
  /** Slots allocated in hnswlib; doubles when every slot is used. */
  capacity: number;
  /** Slots in use: live vectors plus deleted slots. */
  slots: number;
  /** Slots of removed vectors, reused by the next new ids before the index grows. */
  deletedSlots: number;
}

/** A `VectorIndex` on hnswlib, with persistence. */
export interface HnswVectorIndex extends VectorIndex {
  /**
   * Writes the index to `file` (default: the `file` option, or the file it was loaded from) and a JSON sidecar to
   * `<file>.json`, atomically: temp files, then renames. Waits for `add` and `remove` calls made before it, and makes
   * later ones wait until it is done; searches run meanwhile. Fails with a `ConfigError` naming `file` when there is no
   * path, and `HNSW_SAVE_FAILED` when writing fails (the previous save is then left as it was).
   */
  save(file?: string): Promise<void>;
  /** Capacity and slot counts, to watch growth and deleted-slot reuse. */
  stats(): HnswVectorIndexStats;
}

interface IndexState {
  native: NativeIndex;
  dimensions: number;
  m: number;
  efConstruction: number;
  efSearch: number;
  randomSeed: number;
  file: string | undefined;
  labelsById: Map<string, number>;
  idsByLabel: Map<number, string>;
  nextLabel: number;
}

type Vector = Float32Array | readonly number[];

function configIssue(context: string, path: string, message: string): ConfigError {
  return new ConfigError({ context, issues: [{ path, message }] });
}

/** Checks a vector the way core's exact index does, then returns it unit length as the plain array hnswlib-node wants. */
function toUnitVector(vector: Vector, dimensions: number, path: string, context: string): number[] {
  if (!(Array.isArray(vector) || vector instanceof Float32Array)) {
    throw configIssue(context, path, "expected an array of numbers or a Float32Array");
  }
  if (vector.length !== dimensions) throw configIssue(context, path, `expected ${dimensions} dimensions, got ${vector.length}`);
  for (const value of vector) {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw configIssue(context, path, "expected finite numbers, got NaN or Infinity");
    }
  }
  return Array.from(normalizeVector(vector));
}

// In the inner product space hnswlib's distance is 1 − dot; for unit vectors dot is the cosine.
const toScore = (distance: number) => Math.min(1, Math.max(-1, 1 - distance));

function buildIndex(state: IndexState): HnswVectorIndex {
  const { native, dimensions, labelsById, idsByLabel } = state;
  // Serialises writes, so the native index never changes while `save` streams it to disk on a worker thread.
  const writes = new Mutex();

  function ensureRoom(newIds: number): void {
    const slots = native.getCurrentCount();
    const vacant = slots - labelsById.size;
    const needed = slots + Math.max(0, newIds - vacant);
    // Labels run from 0 to maxUint32 - 1 and are never reused (see addOne), so they can run out before slots do.
    if (state.nextLabel + newIds > maxUint32 || needed > maxUint32) {
      throw hnswError("HNSW_CAPACITY_EXCEEDED", `Cannot add ${newIds} ids: hnswlib-node addresses at most ${maxUint32} slots and labels`);
    }
    let capacity = native.getMaxElements();
    if (needed <= capacity) return;
    capacity = Math.max(capacity, 1);
    while (capacity < needed) capacity = Math.min(capacity * 2, maxUint32);
    try {
      native.resizeIndex(capacity);
    } catch (error) {
      throw mapHnswlibError(error, `resizeIndex(${capacity})`);
    }
  }

  function addOne(id: string, vector: number[]): void {
    const existing = labelsById.get(id);
    try {
      // An existing id is updated in place (same label and slot; hnswlib re-links it). Passing `replaceDeleted` here
      // would be wrong: hnswlib would move the label into a vacant deleted slot and keep the old vector searchable.
      if (existing !== undefined) native.addPoint(vector, existing, false);
      // A new id takes a deleted slot if there is one (any one: hnswlib picks), under a label never used before.
      // Reusing a removed id's label is unsafe: while its deleted slot still carries it, hnswlib would drop the live
      // mapping when that slot is later handed to another label.
      else native.addPoint(vector, state.nextLabel, true);
    } catch (error) {
      throw mapHnswlibError(error, "addPoint");
    }
    if (existing === undefined) {
      labelsById.set(id, state.nextLabel);
      idsByLabel.set(state.nextLabel, id);
      state.nextLabel++;
    }
  }

  function sidecarOf(): Omit<Sidecar, "index"> {
    const deletedLabels = native.getIdsList().filter((label) => !idsByLabel.has(label));
    return {
      format: sidecarFormat,
      formatVersion: sidecarFormatVersion,
      space: "ip",
      dimensions,
      options: { m: state.m, efConstruction: state.efConstruction, efSearch: state.efSearch, randomSeed: state.randomSeed },
      slots: native.getCurrentCount(),
      nextLabel: state.nextLabel,
      ids: [...labelsById],
      deletedLabels,
    };
  }

  return {
    specVersion: "v1",
    dimensions,
    size: () => labelsById.size,
    has: (id) => labelsById.has(id),

    async add(entries) {
      // Checked and copied now, so a caller changing its array while the add waits for a save changes nothing.
      const prepared = entries.map((entry, index) => {
        if (typeof entry.id !== "string" || entry.id.length === 0) {
          throw configIssue("add", `entries.${index}.id`, "expected a non-empty string");
        }
        return { id: entry.id, vector: toUnitVector(entry.vector, dimensions, `entries.${index}.vector`, "add") };
      });
      await writes.run(() => {
        const newIds = new Set(prepared.filter((entry) => !labelsById.has(entry.id)).map((entry) => entry.id));
        ensureRoom(newIds.size);
        for (const entry of prepared) addOne(entry.id, entry.vector);
      });
    },

    async remove(ids) {
      return writes.run(() => {
        let removed = 0;
        for (const id of ids) {
          const label = labelsById.get(id);
          if (label === undefined) continue;
          try {
            native.markDelete(label);
          } catch (error) {
            throw mapHnswlibError(error, "markDelete");
          }
          labelsById.delete(id);
          idsByLabel.delete(label);
          removed++;
        }
        return removed;
      });
    },

    async search(vector, { k, minScore = -Infinity, filter }) {
      const query = toUnitVector(vector, dimensions, "vector", "search");
      if (!Number.isInteger(k) || k < 0) throw configIssue("search", "k", "expected a non-negative integer");
      const wanted = Math.min(k, labelsById.size);
      if (wanted === 0) return [];

      native.setEf(Math.max(state.efSearch, wanted));
      // A filter that throws inside the native search aborts the whole process (hnswlib-node calls it from C++ with
      // exceptions disabled), so errors are caught here, the rest of the search skips everything, and the error is
      // rethrown afterwards.
      let filterError: { error: unknown } | undefined;
      const allowed = filter
        ? (label: number): boolean => {
            const id = idsByLabel.get(label);
            if (filterError || id === undefined) return false;
            try {
              return Boolean(filter(id));
            } catch (error) {
              filterError = { error };
              return false;
            }
          }
        : undefined;
      let result: { distances: number[]; neighbors: number[] };
      try {
        result = allowed ? native.searchKnn(query, wanted, allowed) : native.searchKnn(query, wanted);
      } catch (error) {
        throw mapHnswlibError(error, "searchKnn");
      }
      if (filterError) throw filterError.error;

      const matches: VectorMatch[] = [];
      result.neighbors.forEach((label, position) => {
        const id = idsByLabel.get(label);
        const score = toScore(result.distances[position]!);
        if (id !== undefined && score >= minScore) matches.push({ id, score });
      });
      // hnswlib returns nearest first already; ties are broken by id, as the exact index does.
      return matches.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    },

    async save(file) {
      const target = file ?? state.file;
      if (typeof target !== "string" || target.trim().length === 0) {
        throw configIssue("save", "file", "expected a path: pass one to save() or set the file option");
      }
      await writes.run(() =>
        writeSavedIndex({ file: target, writeIndex: (path) => native.writeIndex(path).then(() => undefined), sidecar: sidecarOf() }),
      );
    },

    stats() {
      const slots = native.getCurrentCount();
      return { size: labelsById.size, capacity: native.getMaxElements(), slots, deletedSlots: slots - labelsById.size };
    },
  } satisfies HnswVectorIndex;
}

/**
 * An approximate `VectorIndex` on hnswlib-node (HNSW graphs): cosine similarity, sub-linear search, deletions with
 * slot reuse, capacity that doubles when full, and `save()` to a file. Starts empty; `file` only sets where `save()`
 * writes. To reopen a saved index use {@link loadHnswVectorIndex}. A bad option throws a `ConfigError` naming it.
 */
export function createHnswVectorIndex(options: HnswVectorIndexOptions): HnswVectorIndex {
  const settings = parseOptions(hnswVectorIndexOptionsSchema, options, "createHnswVectorIndex");
  const native = new HierarchicalNSW("ip", settings.dimensions);
  try {
    native.initIndex(settings.initialCapacity, settings.m, settings.efConstruction, settings.randomSeed, true);
  } catch (error) {
    throw mapHnswlibError(error, "initIndex");
  }
  return buildIndex({
    native,
    dimensions: settings.dimensions,
    m: settings.m,
    efConstruction: settings.efConstruction,
    efSearch: settings.efSearch,
    randomSeed: settings.randomSeed,
    file: settings.file,
    labelsById: new Map(),
    idsByLabel: new Map(),
    nextLabel: 0,
  });
}

/**
 * Opens an index written by `save()`: reads `<file>.json`, checks that `file` is the index file it describes (size,
 * SHA-256, header), then loads it into hnswlib. Searches return what they returned before saving; removed ids stay
 * removed and their slots are reused. Fails with `HNSW_INDEX_NOT_FOUND` when either file is missing and
 * `HNSW_INDEX_INVALID` when they do not fit together, are corrupt, or hold other dimensions than `dimensions`.
 */
export async function loadHnswVectorIndex(options: LoadHnswVectorIndexOptions): Promise<HnswVectorIndex> {
  const settings = parseOptions(loadHnswVectorIndexOptionsSchema, options, "loadHnswVectorIndex");
  const { sidecar, header } = await readSavedIndex(settings.file, settings.dimensions);
  const native = new HierarchicalNSW("ip", sidecar.dimensions);
  try {
    await native.readIndex(settings.file, true);
    // hnswlib loads an index with no elements at capacity 0; give it back the capacity it was saved with.
    if (native.getMaxElements() < header.maxElements) native.resizeIndex(header.maxElements);
  } catch (error) {
    throw hnswError("HNSW_INDEX_INVALID", `Cannot load the hnswlib index ${settings.file}: ${(error as Error).message}`, error);
  }
  const labelsById = new Map<string, number>(sidecar.ids);
  const idsByLabel = new Map<number, string>(sidecar.ids.map(([id, label]) => [label, id]));
  // The checksum ties the file to the sidecar; this also catches a sidecar written by hand for another file.
  const nativeLabels = new Set(native.getIdsList());
  const expectedLabels = [...idsByLabel.keys(), ...sidecar.deletedLabels];
  if (nativeLabels.size !== expectedLabels.length || !expectedLabels.every((label) => nativeLabels.has(label))) {
    throw hnswError("HNSW_INDEX_INVALID", `Cannot load the hnswlib index ${settings.file}: its labels differ from the sidecar's`);
  }
  return buildIndex({
    native,
    dimensions: sidecar.dimensions,
    m: sidecar.options.m,
    efConstruction: sidecar.options.efConstruction,
    efSearch: settings.efSearch ?? sidecar.options.efSearch,
    randomSeed: sidecar.options.randomSeed,
    file: settings.file,
    labelsById,
    idsByLabel,
    nextLabel: sidecar.nextLabel,
  });
}
