import { z } from "zod";

const storyIdSchema = z.number().int().positive();
const epochSecondsSchema = z.number().int().nonnegative();

/** A watched story: `[hnId, createdAt in epoch seconds]`. */
export type WatchEntry = [hnId: number, createdAt: number];

/**
 * A search of one creation window that has not reached its end yet. It walks from the newest story back
 * (`search_by_date` order) by narrowing `before`, so stories arriving meanwhile shift nothing and Algolia's
 * 1000-hit cap never applies.
 */
const walkSchema = z.object({
  /** Stories created after this second… */
  after: epochSecondsSchema,
  /** …and up to this second form the window. */
  top: epochSecondsSchema,
  /** The next request asks for stories created up to this second. */
  before: epochSecondsSchema,
  /** Stories created exactly at `before` that are already handled. */
  seen: z.array(storyIdSchema),
});
/** The unfinished search of a window, see `walkSchema`. */
export type Walk = z.infer<typeof walkSchema>;

/** What the source stores between pulls. */
export const hackerNewsCursorSchema = z.object({
  /** Stories created at or before this epoch second are never pulled (again). */
  createdAfter: epochSecondsSchema,
  /** Recently pulled stories, newest first, observed again on every pull. */
  watch: z.array(z.tuple([storyIdSchema, epochSecondsSchema])).default([]),
  /** Front-page stories already pulled, so they are observed but not pulled again. */
  frontPage: z.array(storyIdSchema).default([]),
  /** The unfinished search of the current window, or `null` between windows. */
  walk: walkSchema.nullable().default(null),
});
/** The cursor the Hacker News source returns and resumes from. Times are epoch seconds. */
export type HackerNewsCursor = z.output<typeof hackerNewsCursorSchema>;

/**
 * The stored cursor (`stored: true`), or a fresh one starting at `since` — with a warning when a stored one
 * is not understood.
 */
export function readCursor(value: unknown, since: Date): { cursor: HackerNewsCursor; stored: boolean; warning?: string } {
  const fresh: HackerNewsCursor = { createdAfter: Math.max(0, Math.floor(since.getTime() / 1000)), watch: [], frontPage: [], walk: null };
  if (value === undefined || value === null) return { cursor: fresh, stored: false };
  const parsed = hackerNewsCursorSchema.safeParse(value);
  if (parsed.success) return { cursor: parsed.data, stored: true };
  return { cursor: fresh, stored: false, warning: "the stored cursor was not understood; starting again from the look-back window" };
}

/** What one pull learned about the watched stories. */
export interface WatchChanges {
  /** Stories asked for and found, with their creation time. */
  refreshed: ReadonlyMap<number, number>;
  /** Stories asked for and not found (deleted, or removed from the index). */
  missing: ReadonlySet<number>;
  /** Stories pulled for the first time. */
  added: readonly WatchEntry[];
  /** Stories created before this epoch second are no longer watched. */
  oldestCreatedAt: number;
  maxWatched: number;
}

/**
 * The next watch list: missing and expired stories dropped, new ones added, the newest `maxWatched` kept
 * (HN ids grow with time). `evictedUpTo` is the newest creation time pushed out by the cap, if any.
 */
export function nextWatchList(watch: readonly WatchEntry[], changes: WatchChanges): { watch: WatchEntry[]; evictedUpTo?: number } {
  const byId = new Map<number, number>();
  for (const [id, createdAt] of watch) if (!changes.missing.has(id)) byId.set(id, changes.refreshed.get(id) ?? createdAt);
  for (const [id, createdAt] of changes.added) byId.set(id, createdAt);
  const current = [...byId.entries()]
    .filter(([, createdAt]) => createdAt >= changes.oldestCreatedAt)
    .sort(([a], [b]) => b - a) as WatchEntry[];
  const evicted = current.slice(changes.maxWatched);
  const kept = current.slice(0, changes.maxWatched);
  if (evicted.length === 0) return { watch: kept };
  return { watch: kept, evictedUpTo: Math.max(...evicted.map(([, createdAt]) => createdAt)) };
}

/**
 * The walk after a full page: the next request asks for stories up to the oldest creation second on the page,
 * remembering the ids already handled at that second. A page that all falls within one already-handled
 * second steps one second back, so the walk always ends.
 */
export function narrowWalk(walk: Walk, hits: readonly { hnId: number; createdAt: number }[]): Walk {
  const times = hits.map((hit) => hit.createdAt).filter((createdAt) => createdAt <= walk.before);
  if (times.length === 0) return { ...walk, before: walk.before - 1, seen: [] };
  const oldest = Math.min(...times);
  const atOldest = hits.filter((hit) => hit.createdAt === oldest).map((hit) => hit.hnId);
  if (oldest < walk.before) return { ...walk, before: oldest, seen: [...new Set(atOldest)] };
  const seen = [...new Set([...walk.seen, ...atOldest])];
  if (seen.length === walk.seen.length) return { ...walk, before: walk.before - 1, seen: [] };
  return { ...walk, seen };
}
