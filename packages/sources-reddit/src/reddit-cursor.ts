import type { Cursor } from "@undercurrent/core";
import { z } from "zod";
import type { RedditListing } from "./reddit-source-options.js";

const fullnamesSchema = z.array(z.string()).max(1_000);

/** Where one listing of one subreddit stands. */
const listingStateSchema = z.strictObject({
  /** Fullname to continue the current walk after (Reddit's `after`); absent when a new walk starts from the top. */
  after: z.string().min(1).optional(),
  /** Ranked listings: posts walked so far in the current walk. */
  walked: z.number().int().nonnegative().optional(),
  /** `new`: `created_utc` of the newest post seen, and the fullnames created in that same second. */
  newestCreated: z.number().optional(),
  newestIds: fullnamesSchema.optional(),
  /** `new`: the current walk stops at posts created before this (or at it, when listed in `floorIds`). */
  floorCreated: z.number().optional(),
  floorIds: fullnamesSchema.optional(),
});
export type ListingState = z.infer<typeof listingStateSchema>;

/**
 * The source's cursor: a state per `subreddit/listing` key (subreddit lower-cased), and the keys still to
 * read in the current round, in order. A round ends when every listing has been walked.
 */
export const redditCursorSchema = z.strictObject({
  listings: z.record(z.string(), listingStateSchema),
  pending: z.array(z.string()),
});
export type RedditCursor = z.infer<typeof redditCursorSchema>;

/** The cursor key of a subreddit's listing, e.g. `programming/new`. */
export function listingKey(subreddit: string, listing: RedditListing): string {
  return `${subreddit.toLowerCase()}/${listing}`;
}

/**
 * Reads a stored cursor. One this version does not understand (written by another version, edited by
 * hand) is dropped with a warning rather than failing every pull from then on.
 */
export function readCursor(cursor: Cursor | undefined): { cursor: RedditCursor; warning?: string } {
  const empty: RedditCursor = { listings: {}, pending: [] };
  if (cursor === undefined || cursor === null) return { cursor: empty };
  const parsed = redditCursorSchema.safeParse(cursor);
  if (parsed.success) return { cursor: parsed.data };
  return { cursor: empty, warning: "the stored cursor was not understood; reading every listing from the top again" };
}

/** The cursor as JSON, without empty fields. */
export function writeCursor(cursor: RedditCursor): Cursor {
  const listings: Record<string, Cursor> = {};
  for (const [key, state] of Object.entries(cursor.listings)) {
    const entries = Object.entries(state).filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0));
    listings[key] = Object.fromEntries(entries) as Record<string, Cursor>;
  }
  return { listings, pending: [...cursor.pending] };
}
