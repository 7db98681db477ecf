import type { Cursor } from "@undercurrent/core";
import { z } from "zod";

const coolDownSchema = z.object({
  /** Until when Google is not called (ISO 8601). */
  until: z.iso.datetime({ offset: true }),
  /** Blocks in a row; each doubles the next cool-down. */
  blocks: z.number().int().positive(),
  /** The code of the block, e.g. `GOOGLE_TRENDS_RATE_LIMITED`. */
  code: z.string(),
});
/** A cool-down as the cursor keeps it. */
export type CoolDown = z.infer<typeof coolDownSchema>;

/**
 * Where the source resumes, stored by the pipeline with the items:
 * `trending` — keys (`<externalId>|<pubDate>`) of the feed entries already returned and still in the feed;
 * `related` — per keyword (`related:<geo>:<keyword>`), the related queries already returned and still listed;
 * `interest` — per series id, the time of the last complete point returned;
 * `coolDown` — set while Google is left alone after a block.
 */
export const googleTrendsCursorSchema = z.object({
  trending: z.array(z.string()).default([]),
  related: z.record(z.string(), z.array(z.string())).default({}),
  interest: z.record(z.string(), z.iso.datetime({ offset: true })).default({}),
  coolDown: coolDownSchema.optional(),
});
/** The source's cursor, parsed. */
export type GoogleTrendsCursor = z.infer<typeof googleTrendsCursorSchema>;

/** Reads a stored cursor; one this version cannot read starts over (stored items are not duplicated: ids are stable). */
export function readCursor(value: Cursor | undefined): { cursor: GoogleTrendsCursor; warning?: string } {
  if (value === undefined || value === null) return { cursor: googleTrendsCursorSchema.parse({}) };
  const parsed = googleTrendsCursorSchema.safeParse(value);
  if (parsed.success) return { cursor: parsed.data };
  return { cursor: googleTrendsCursorSchema.parse({}), warning: "ignored an unreadable cursor and started over" };
}

/** The cursor as plain JSON (no `undefined` members). */
export function toCursor(cursor: GoogleTrendsCursor): Cursor {
  return {
    trending: cursor.trending,
    related: cursor.related,
    interest: cursor.interest,
    ...(cursor.coolDown && { coolDown: { ...cursor.coolDown } }),
  };
}
