import type { Cursor } from "@undercurrent/core";
import { z } from "zod";

const sweepSchema = z.object({
  /** The window qualifier's date, fixed for the whole pass so its pages stay one result set. */
  windowStart: z.string(),
  startedAt: z.string(),
  /** Next page to read. */
  page: z.number().int().positive(),
  /** Repository ids already returned in this pass: results shift between pages as stars change. */
  seen: z.array(z.number().int()),
});

const searchStateSchema = z.object({
  /** The pass in progress, or null between passes. */
  sweep: sweepSchema.nullable(),
  /** When the next pass may start. */
  nextSweepAt: z.string().nullable(),
});

const starProgressSchema = z.object({
  /** The stargazer page to read next: the last one read while it is not full. */
  page: z.number().int().positive(),
  /** Stars counted so far. */
  counted: z.number().int().nonnegative(),
  lastStarredAt: z.string().nullable(),
  /** Logins counted at `lastStarredAt`, so stars sharing that second are not counted twice. */
  lastLogins: z.array(z.string()),
  /** More pages are waiting. */
  behind: z.boolean(),
  /** GitHub's pagination limit was reached; the timeline cannot go further over REST. */
  capped: z.boolean(),
});

const watchedStateSchema = z.object({
  /** The name GitHub returned (canonical case). */
  fullName: z.string(),
  nextRefreshAt: z.string().nullable(),
  stars: starProgressSchema,
});

/** The GitHub source's cursor: per search, the pass in progress; per watched repository, the timeline's progress. */
export const gitHubCursorSchema = z.object({
  version: z.literal(1),
  searches: z.record(z.string(), searchStateSchema),
  watched: z.record(z.string(), watchedStateSchema),
});

/** The GitHub source's cursor. */
export type GitHubCursor = z.infer<typeof gitHubCursorSchema>;
/** One search's state in the cursor. */
export type SearchState = z.infer<typeof searchStateSchema>;
/** One watched repository's state in the cursor. */
export type WatchedState = z.infer<typeof watchedStateSchema>;
/** A star timeline's progress in the cursor. */
export type StarProgress = z.infer<typeof starProgressSchema>;

/** The key of a watched repository in the cursor (GitHub names are case-insensitive). */
export function watchedKey(name: string): string {
  return name.toLowerCase();
}

/**
 * The stored cursor, reconciled with the configured searches and repositories: state of removed ones is
 * dropped, added ones start fresh. An unreadable cursor (another version, hand-edited) starts over with a warning.
 */
export function readCursor(
  cursor: Cursor | undefined,
  searchKeys: readonly string[],
  watchedNames: readonly string[],
): { cursor: GitHubCursor; warnings: string[] } {
  const parsed = cursor === undefined ? undefined : gitHubCursorSchema.safeParse(cursor);
  const stored = parsed?.success ? parsed.data : undefined;
  const warnings = parsed && !parsed.success ? ["ignored a cursor this version cannot read; starting over"] : [];
  const searches: GitHubCursor["searches"] = {};
  for (const key of searchKeys) searches[key] = stored?.searches[key] ?? { sweep: null, nextSweepAt: null };
  const watched: GitHubCursor["watched"] = {};
  for (const name of watchedNames) {
    const key = watchedKey(name);
    watched[key] = stored?.watched[key] ?? {
      fullName: name,
      nextRefreshAt: null,
      stars: { page: 1, counted: 0, lastStarredAt: null, lastLogins: [], behind: true, capped: false },
    };
  }
  return { cursor: { version: 1, searches, watched }, warnings };
}
