import { type RecordingEntry, type RecordingEntryInput, recordingEntrySchema } from "@undercurrent/core";

/** Limits a load to the entries visible in `[from, to]` (both inclusive). */
export interface LoadOptions {
  from?: Date;
  to?: Date;
}

/** Rows left out for one reason. */
export interface SkippedRows {
  reason: string;
  count: number;
}

/**
 * What a loader returns: recording entries (validated with core's `recordingEntrySchema`, in time order, so
 * they are both `RecordingEntry` and `RecordingEntryInput`), the data rows read, and the rows left out.
 */
export interface LoadResult {
  entries: RecordingEntry[];
  rows: number;
  skipped: SkippedRows[];
}

/** Counts skipped rows by reason. */
export class SkipCounter {
  private readonly counts = new Map<string, number>();

  add(reason: string, count = 1): void {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + count);
  }

  /** Reasons, most frequent first. */
  list(): SkippedRows[] {
    return [...this.counts]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  }
}

const hour = 60 * 60 * 1000;
/** One hour in milliseconds. */
export const hourMs = hour;
/** One day in milliseconds. */
export const dayMs = 24 * hour;

/**
 * A timestamp with an explicit zone: ISO 8601 (`2022-07-01T00:09:12Z`), or the same with a space before the
 * time and `+0000`/`+00:00` offsets as the datasets write them. Anything else is `undefined`.
 */
export function parseTimestamp(text: string): Date | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const zone = match[3] === "Z" ? "Z" : `${match[3]!.slice(0, 3)}:${match[3]!.slice(-2)}`;
  const date = new Date(`${match[1]}T${match[2]}${zone}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `YYYY-MM-DD` as midnight UTC plus `offsetMs`; an impossible date (`2022-02-30`) is `undefined`. */
export function parseDay(text: string, offsetMs = 0): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const midnight = Date.UTC(year, month - 1, day);
  const date = new Date(midnight);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return new Date(midnight + offsetMs);
}

/** An integer written in decimal (`-3`, `42`); blanks and anything else are `undefined`. */
export function parseInteger(text: string): number | undefined {
  const trimmed = text.trim();
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : undefined;
}

/** A finite decimal number (`0.52`, `17`); blanks and anything else are `undefined`. */
export function parseDecimal(text: string): number | undefined {
  const trimmed = text.trim();
  return /^-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(trimmed) ? Number(trimmed) : undefined;
}

/** A URL the item schema accepts (absolute http/https), or `undefined`. */
export function parseUrl(text: string, base?: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  try {
    const url = new URL(trimmed, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function describeFailure(entry: RecordingEntryInput, issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const issue = issues[0];
  const where = issue ? issue.path.map(String).join(".") : "";
  return `invalid ${entry.type} entry (${where || "entry"}: ${issue?.message ?? "rejected"})`;
}

/**
 * Entries visible in the window. An item first seen before `from` whose observations continue inside the
 * window is moved to its first observation in the window, as a live source started at `from` would see it.
 */
function applyWindow(entries: readonly RecordingEntry[], options: LoadOptions): RecordingEntry[] {
  const from = options.from?.getTime() ?? Number.NEGATIVE_INFINITY;
  const to = options.to?.getTime() ?? Number.POSITIVE_INFINITY;
  const earlier = new Map<string, Extract<RecordingEntry, { type: "item" }>>();
  const kept: RecordingEntry[] = [];
  for (const entry of entries) {
    const at = entry.at.getTime();
    if (at < from && entry.type === "item") earlier.set(entry.item.id, entry);
    if (at < from || at > to) continue;
    if (entry.type === "observation") {
      const late = earlier.get(entry.observation.itemId);
      if (late) {
        earlier.delete(entry.observation.itemId);
        kept.push({ type: "item", at: entry.at, item: { ...late.item, fetchedAt: entry.at } });
      }
    }
    kept.push(entry);
  }
  return kept;
}

/**
 * Validates candidate entries with core's `recordingEntrySchema` (an invalid one is counted in `skipped` with
 * the failing field), sorts them by `at` (stable), and keeps those in the `options` window.
 */
export function finishLoad(
  candidates: readonly RecordingEntryInput[],
  rows: number,
  skipped: SkipCounter,
  options: LoadOptions = {},
): LoadResult {
  const valid: RecordingEntry[] = [];
  for (const candidate of candidates) {
    const parsed = recordingEntrySchema.safeParse(candidate);
    if (parsed.success) valid.push(parsed.data);
    else skipped.add(describeFailure(candidate, parsed.error.issues));
  }
  valid.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { entries: applyWindow(valid, options), rows, skipped: skipped.list() };
}
