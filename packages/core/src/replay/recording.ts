import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";
import type { PullResult, Source } from "../contracts/source.js";
import { ResponseValidationError, toValidationIssues } from "../errors.js";
import { timestampSchema } from "../schemas/common.js";
import { itemSchema, observationSchema, timeSeriesSchema } from "../schemas/item.js";
import { parseOptions } from "../validate.js";

/**
 * One line of a recording: something a source produced, and `at`, the moment it became visible
 * (the pull time when recorded live; the publication or snapshot time when built from a dataset).
 */
export const recordingEntrySchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("item"), at: timestampSchema, item: itemSchema }),
  z.object({ type: z.literal("observation"), at: timestampSchema, observation: observationSchema }),
  z.object({ type: z.literal("series"), at: timestampSchema, series: timeSeriesSchema }),
]);
export type RecordingEntry = z.output<typeof recordingEntrySchema>;
/** A recording entry as accepted (ISO strings for times, defaulted fields left out). */
export type RecordingEntryInput = z.input<typeof recordingEntrySchema>;

/** The source id an entry belongs to. */
export function recordingEntrySource(entry: RecordingEntry): string {
  if (entry.type === "item") return entry.item.source;
  if (entry.type === "observation") return entry.observation.source;
  return entry.series.source;
}

/** Turns entries into JSON Lines text (one entry a line, dates as ISO strings). */
export function toJsonLines(entries: readonly RecordingEntryInput[]): string {
  return entries.map((entry) => `${JSON.stringify(entry)}\n`).join("");
}

/**
 * Parses JSON Lines text into entries. A bad line is a `ResponseValidationError` (code `RECORDING_INVALID`)
 * naming the line number and the field; blank lines are skipped.
 */
export function parseJsonLines(text: string, origin = "recording"): RecordingEntry[] {
  const entries: RecordingEntry[] = [];
  const lines = text.split("\n");
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new ResponseValidationError({
        code: "RECORDING_INVALID",
        url: `${origin}:${index + 1}`,
        issues: [{ path: "", message: `not JSON: ${(error as Error).message}` }],
        cause: error,
      });
    }
    const parsed = recordingEntrySchema.safeParse(value);
    if (!parsed.success) {
      throw new ResponseValidationError({
        code: "RECORDING_INVALID",
        url: `${origin}:${index + 1}`,
        issues: toValidationIssues(parsed.error.issues),
      });
    }
    entries.push(parsed.data);
  });
  return entries;
}

/** Reads a JSON Lines recording file. */
export async function readRecording(file: string): Promise<RecordingEntry[]> {
  return parseJsonLines(await readFile(file, "utf8"), file);
}

/** The entries of one pull result, stamped with the pull time. */
export function entriesOf(result: PullResult, at: Date): RecordingEntryInput[] {
  return [
    ...result.items.map((item) => ({ type: "item" as const, at, item: { ...item, fetchedAt: item.fetchedAt ?? at } })),
    ...(result.observations ?? []).map((observation) => ({ type: "observation" as const, at, observation })),
    ...(result.series ?? []).map((series) => ({ type: "series" as const, at, series })),
  ];
}

const recordSourceOptionsSchema = z.strictObject({
  source: z.custom<Source>(
    (value) => typeof value === "object" && value !== null && typeof (value as Source).pull === "function",
    "expected a Source",
  ),
  file: z.string().min(1, "expected a file path"),
});

/**
 * Wraps `source` so that everything it returns is also appended to `file` as JSON Lines (see
 * {@link recordingEntrySchema}), stamped with the pipeline clock's time. The wrapper behaves exactly like
 * the source; play the file back with `createReplaySource`.
 */
export function recordSource(source: Source, file: string): Source {
  parseOptions(recordSourceOptionsSchema, { source, file }, "recordSource");
  let ready: Promise<unknown> | undefined;
  return {
    ...source,
    async pull(request, context) {
      const result = await source.pull(request, context);
      ready ??= mkdir(dirname(file), { recursive: true });
      await ready;
      const lines = toJsonLines(entriesOf(result, new Date(context.clock.now())));
      if (lines) await appendFile(file, lines, "utf8");
      return result;
    },
  };
}
