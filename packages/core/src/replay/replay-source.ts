import { z } from "zod";
import type { Cursor, PullResult, Source, SourceItem } from "../contracts/source.js";
import { ConfigError } from "../errors.js";
import { createPipeline, type PipelineOptions, type PipelineRunReport } from "../pipeline.js";
import { createManualClock } from "../runtime/clock.js";
import type { Observation, TimeSeries } from "../schemas/item.js";
import { parseInput, parseOptions } from "../validate.js";
import { type RecordingEntry, type RecordingEntryInput, readRecording, recordingEntrySchema, recordingEntrySource } from "./recording.js";

/** What to replay: a JSON Lines file, or entries in memory. */
export type ReplayInput = string | readonly RecordingEntryInput[];

/** A source that plays recorded entries back in time order. */
export interface ReplaySource extends Source {
  /** Loads (once) and returns the entries this source plays, in time order. */
  entries(): Promise<readonly RecordingEntry[]>;
}

export const replayOptionsSchema = z.strictObject({
  /** Which recorded source to play; needed when the recording holds several. */
  sourceId: z.string().min(1).optional(),
});

/** Options of {@link createReplaySource}. */
export type ReplaySourceOptions = z.input<typeof replayOptionsSchema>;

function sortByTime(entries: readonly RecordingEntry[]): RecordingEntry[] {
  // Stable: entries with the same time keep their recorded order.
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.at.getTime() - b.entry.at.getTime() || a.index - b.index)
    .map(({ entry }) => entry);
}

async function loadEntries(input: ReplayInput): Promise<RecordingEntry[]> {
  return sortByTime(
    typeof input === "string"
      ? await readRecording(input)
      : parseInput(z.array(recordingEntrySchema), input, "createReplaySource", "entries"),
  );
}

/** The source ids found in a recording. */
export async function recordedSourceIds(input: ReplayInput): Promise<string[]> {
  return [...new Set((await loadEntries(input)).map(recordingEntrySource))].sort();
}

/**
 * A `Source` that plays a recording back under the pipeline's clock: each pull returns the entries whose
 * time has come (`at` ≤ the pull's `until`) after the cursor, so a pipeline driven by a manual clock sees
 * history exactly as if it were live. The cursor is the number of entries played.
 *
 * Entries in memory are validated at once; a file is read at the first pull and then needs
 * `options.sourceId` (or use {@link createReplaySources}, which reads the file and makes one source per id).
 */
export function createReplaySource(input: ReplayInput, options: ReplaySourceOptions = {}): ReplaySource {
  const settings = parseOptions(replayOptionsSchema, options, "createReplaySource");
  const inMemory =
    typeof input === "string" ? undefined : sortByTime(parseInput(z.array(recordingEntrySchema), input, "createReplaySource", "entries"));
  const ids = inMemory ? [...new Set(inMemory.map(recordingEntrySource))].sort() : [];
  const id = settings.sourceId ?? ids[0];
  if (!id || (!settings.sourceId && ids.length > 1)) {
    const message =
      typeof input === "string"
        ? "required when replaying a file (or use createReplaySources)"
        : ids.length > 1
          ? `the recording holds several sources (${ids.join(", ")}): name one, or use createReplaySources`
          : "the recording is empty: name the source to replay";
    throw new ConfigError({ context: "createReplaySource", issues: [{ path: "options.sourceId", message }] });
  }
  let loading: Promise<RecordingEntry[]> | undefined;
  const load = () =>
    (loading ??= (inMemory ? Promise.resolve(inMemory) : loadEntries(input)).then((all) =>
      all.filter((entry) => recordingEntrySource(entry) === id),
    ));
  return replaySourceOf(id, load);
}

/** A replay source over entries already validated and in time order, all of source `id`. */
function replaySourceOf(id: string, load: () => Promise<readonly RecordingEntry[]>): ReplaySource {
  return {
    specVersion: "v1",
    id,
    displayName: `Replay of ${id}`,
    entries: load,
    async pull(request, context): Promise<PullResult> {
      context.signal.throwIfAborted();
      const entries = await load();
      const until = request.until.getTime();
      const items: SourceItem[] = [];
      const observations: Observation[] = [];
      const series: TimeSeries[] = [];
      let position = typeof request.cursor === "number" ? request.cursor : 0;
      for (; position < entries.length && items.length < request.limit; position++) {
        const entry = entries[position]!;
        if (entry.at.getTime() > until) break;
        if (entry.type === "item") items.push(entry.item);
        else if (entry.type === "observation") observations.push(entry.observation);
        else series.push(entry.series);
      }
      const due = position < entries.length && entries[position]!.at.getTime() <= until;
      return { items, observations, series, cursor: position satisfies Cursor, hasMore: due };
    },
  };
}

/** One {@link ReplaySource} per source id in the recording. */
export async function createReplaySources(input: ReplayInput): Promise<ReplaySource[]> {
  // Validate and sort once, then split: each source gets its own entries, already in time order.
  const bySource = new Map<string, RecordingEntry[]>();
  for (const entry of await loadEntries(input)) {
    const id = recordingEntrySource(entry);
    const entries = bySource.get(id) ?? [];
    entries.push(entry);
    bySource.set(id, entries);
  }
  return [...bySource.keys()].sort().map((id) => {
    const entries = bySource.get(id)!;
    return replaySourceOf(id, async () => entries);
  });
}

const replayHistoryOptionsSchema = z.strictObject({
  from: z.date(),
  to: z.date(),
  /** Virtual time between two pipeline passes. */
  stepMs: z.number().int().positive(),
});

/** Options of {@link replayHistory}. */
export type ReplayHistoryOptions = Omit<PipelineOptions, "clock"> & {
  /** First moment of the replay. */
  from: Date;
  /** Last moment of the replay. */
  to: Date;
  /** Virtual time between two pipeline passes, e.g. an hour. */
  stepMs: number;
  /** Called after each pass, with the virtual time and the pass's report. */
  onStep?: (at: Date, report: PipelineRunReport) => void | Promise<void>;
  /** Stops the replay between two passes (and aborts the pass under way). */
  signal?: AbortSignal;
};

/**
 * Runs a pipeline over history under a virtual clock: from `from` to `to`, one pass every `stepMs`, every
 * source (usually replay sources) seeing only what was visible at that moment, and a last pass at `to`.
 * Returns the passes made and the new items stored.
 */
export async function replayHistory(options: ReplayHistoryOptions): Promise<{ passes: number; items: number }> {
  const { from, to, stepMs, onStep, signal, ...pipelineOptions } = options;
  parseOptions(replayHistoryOptionsSchema, { from, to, stepMs }, "replayHistory");
  if (to < from)
    throw new ConfigError({ context: "replayHistory", issues: [{ path: "options.to", message: "must not be before options.from" }] });
  const clock = createManualClock(from);
  const pipeline = createPipeline({ maxPagesPerPull: 1_000, pullLimit: 10_000, ...pipelineOptions, clock });
  let passes = 0;
  let items = 0;
  // Every step, and always a last pass at `to`, so nothing after the last whole step is left out.
  const times: number[] = [];
  for (let time = from.getTime(); time < to.getTime(); time += stepMs) times.push(time);
  times.push(to.getTime());
  for (const time of times) {
    signal?.throwIfAborted();
    await clock.setTime(time);
    const report = await pipeline.run(signal ? { signal } : {});
    passes++;
    items += report.sources.reduce((sum, source) => sum + source.newItems, 0);
    await onStep?.(new Date(time), report);
  }
  return { passes, items };
}
