import { describe, expect, it } from "vitest";
import { narrowWalk, nextWatchList, readCursor, type Walk } from "./hacker-news-cursor.js";

const since = new Date("2024-04-21T14:00:00Z");

describe("readCursor", () => {
  it("starts fresh at `since` without a stored cursor", () => {
    expect(readCursor(undefined, since)).toEqual({
      cursor: { createdAfter: 1713708000, watch: [], frontPage: [], walk: null },
      stored: false,
    });
  });

  it("reads a stored cursor, filling fields older versions lacked", () => {
    expect(readCursor({ createdAfter: 1713790000, watch: [[40123456, 1713791111]] }, since)).toEqual({
      cursor: { createdAfter: 1713790000, watch: [[40123456, 1713791111]], frontPage: [], walk: null },
      stored: true,
    });
  });

  it("starts fresh with a warning when the stored cursor is not understood", () => {
    const { cursor, stored, warning } = readCursor({ page: 3 }, since);
    expect(cursor.createdAfter).toBe(1713708000);
    expect(stored).toBe(false);
    expect(warning).toMatch(/not understood/);
  });
});

describe("nextWatchList", () => {
  const base = { refreshed: new Map<number, number>(), missing: new Set<number>(), added: [], oldestCreatedAt: 0, maxWatched: 10 };

  it("adds new stories, newest first, and drops the missing ones", () => {
    const result = nextWatchList(
      [
        [10, 100],
        [8, 80],
      ],
      { ...base, missing: new Set([8]), added: [[12, 120]] },
    );
    expect(result).toEqual({
      watch: [
        [12, 120],
        [10, 100],
      ],
    });
  });

  it("drops stories older than the watch window", () => {
    const result = nextWatchList(
      [
        [10, 100],
        [8, 80],
      ],
      { ...base, oldestCreatedAt: 90 },
    );
    expect(result.watch).toEqual([[10, 100]]);
    expect(result.evictedUpTo).toBeUndefined();
  });

  it("keeps the newest `maxWatched` and reports the newest creation time it pushed out", () => {
    const result = nextWatchList(
      [
        [10, 100],
        [8, 80],
        [7, 75],
      ],
      { ...base, added: [[12, 120]], maxWatched: 2 },
    );
    expect(result).toEqual({
      watch: [
        [12, 120],
        [10, 100],
      ],
      evictedUpTo: 80,
    });
  });

  it("watches nothing with maxWatched 0", () => {
    expect(nextWatchList([[10, 100]], { ...base, maxWatched: 0 })).toEqual({ watch: [], evictedUpTo: 100 });
  });
});

describe("narrowWalk", () => {
  const walk: Walk = { after: 0, top: 1000, before: 1000, seen: [] };

  it("moves `before` to the oldest second of the page and remembers the ids at it", () => {
    const hits = [
      { hnId: 30, createdAt: 900 },
      { hnId: 29, createdAt: 800 },
      { hnId: 28, createdAt: 800 },
    ];
    expect(narrowWalk(walk, hits)).toEqual({ ...walk, before: 800, seen: [29, 28] });
  });

  it("adds to the ids of a second the previous page already reached", () => {
    expect(narrowWalk({ ...walk, before: 800, seen: [29] }, [{ hnId: 27, createdAt: 800 }])).toEqual({
      ...walk,
      before: 800,
      seen: [29, 27],
    });
  });

  it("steps one second back when a page brings nothing new, so the walk always ends", () => {
    expect(narrowWalk({ ...walk, before: 800, seen: [29] }, [{ hnId: 29, createdAt: 800 }])).toEqual({ ...walk, before: 799, seen: [] });
    expect(narrowWalk(walk, [])).toEqual({ ...walk, before: 999, seen: [] });
    expect(narrowWalk(walk, [{ hnId: 40, createdAt: 5000 }])).toEqual({ ...walk, before: 999, seen: [] });
  });
});
