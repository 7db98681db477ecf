import type { Cursor } from "@undercurrent/core";
import { z } from "zod";
import { type TrendKind, trendKinds } from "./mastodon-source-options.js";

/**
 * How many emitted entries of each kind the cursor remembers, most recently seen first. Trend lists hold a few
 * dozen entries at a time, so these cover days of churn while keeping the cursor small (links are URLs).
 */
export const rememberedPerKind: Record<TrendKind, number> = { tags: 300, links: 200, statuses: 500 };

const offsetSchema = z.number().int().nonnegative();
const keysSchema = z.array(z.string()).catch([]);

/** The cursor, as stored by the pipeline. */
export const mastodonCursorSchema = z.object({
  version: z.literal(1),
  /** Kinds still paging through the current snapshot, with the offset of their next page. */
  pending: z.object({ tags: offsetSchema.optional(), links: offsetSchema.optional(), statuses: offsetSchema.optional() }),
  /** Keys of the entries already emitted as items: tag keys, link URLs, status ids. */
  seen: z.object({ tags: keysSchema, links: keysSchema, statuses: keysSchema }),
});

/** The source's resume position: paging progress through a snapshot, and what was already emitted. */
export type MastodonCursor = z.infer<typeof mastodonCursorSchema>;

/** The cursor of a source that has never pulled. */
export function emptyCursor(): MastodonCursor {
  return { version: 1, pending: {}, seen: { tags: [], links: [], statuses: [] } };
}

/** Reads a stored cursor; one it cannot read (another version, hand-edited) starts afresh with a warning. */
export function readCursor(cursor: Cursor | undefined): { cursor: MastodonCursor; warning?: string } {
  if (cursor === undefined || cursor === null) return { cursor: emptyCursor() };
  const parsed = mastodonCursorSchema.safeParse(cursor);
  if (parsed.success) return { cursor: parsed.data };
  return { cursor: emptyCursor(), warning: "the stored cursor was not readable; starting a fresh snapshot" };
}

/** Puts `keys` in front of `remembered` (most recent first), without duplicates, keeping at most `limit`. */
export function remember(remembered: readonly string[], keys: readonly string[], limit: number): string[] {
  return [...new Set([...keys, ...remembered])].slice(0, limit);
}

/** The cursor as plain JSON (optional offsets left out). */
export function toJson(cursor: MastodonCursor): Cursor {
  const pending: Record<string, number> = {};
  for (const kind of trendKinds) {
    const offset = cursor.pending[kind];
    if (offset !== undefined) pending[kind] = offset;
  }
  return { version: cursor.version, pending, seen: { ...cursor.seen } };
}
