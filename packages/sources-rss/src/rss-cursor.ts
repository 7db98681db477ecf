import type { Cursor } from "@undercurrent/core";
import { z } from "zod";

/** What the source remembers about one feed between pulls. A type, not an interface, so it stays assignable to JSON. */
export type FeedCursor = {
  /** The `ETag` of the last complete fetch, sent back as `If-None-Match`. */
  etag: string | null;
  /** The `Last-Modified` of the last complete fetch, sent back as `If-Modified-Since`. */
  lastModified: string | null;
  /** External ids of the entries already returned (or skipped as too old), most recent first. */
  seen: string[];
};

/** The source's cursor: one {@link FeedCursor} per feed URL. */
export type RssCursor = Record<string, FeedCursor>;

/** Fewest entry ids kept per feed; every id still in the feed document is kept on top of these. */
export const seenIdsPerFeed = 500;

const feedCursorSchema = z.looseObject({
  etag: z.string().nullish().catch(null),
  lastModified: z.string().nullish().catch(null),
  seen: z.array(z.string()).catch([]),
});
const rssCursorSchema = z.record(z.string(), feedCursorSchema);

/**
 * Reads the cursor the pipeline stored. Anything unreadable (a cursor from another source, hand-edited JSON) is a
 * warning and a fresh start: item ids are stable, so a fresh start repeats no item in the store.
 */
export function readCursor(cursor: Cursor | undefined): { feeds: RssCursor; warnings: string[] } {
  if (cursor === undefined || cursor === null) return { feeds: {}, warnings: [] };
  const parsed = rssCursorSchema.safeParse(cursor);
  if (!parsed.success) return { feeds: {}, warnings: ["the stored cursor is not an RSS cursor; starting afresh"] };
  const feeds: RssCursor = {};
  for (const [url, feed] of Object.entries(parsed.data)) {
    feeds[url] = { etag: feed.etag ?? null, lastModified: feed.lastModified ?? null, seen: feed.seen };
  }
  return { feeds, warnings: [] };
}

/**
 * The ids to remember after a fetch: those of the current document that were returned, seen before or skipped, in
 * document order, then earlier ones no longer in the document, newest first, up to `limit` in all. Ids still in the
 * document are never dropped, so an entry cannot come back as new while its feed still lists it.
 */
export function rememberSeen(
  documentIds: readonly string[],
  remembered: ReadonlySet<string>,
  previous: readonly string[],
  limit = seenIdsPerFeed,
) {
  const inDocument = new Set(documentIds);
  const current = [...new Set(documentIds.filter((id) => remembered.has(id)))];
  const older = previous.filter((id) => !inDocument.has(id));
  return [...current, ...older].slice(0, Math.max(limit, current.length));
}
