import { describe, expect, it } from "vitest";
import { emptyCursor, readCursor, remember, toJson } from "./mastodon-cursor.js";

describe("mastodon cursor", () => {
  it("remembers the newest keys first, without duplicates, up to the limit", () => {
    expect(remember(["c", "b", "a"], ["d", "b"], 4)).toEqual(["d", "b", "c", "a"]);
    expect(remember(["c", "b", "a"], ["d", "e"], 3)).toEqual(["d", "e", "c"]);
  });

  it("reads back what it writes", () => {
    const cursor = { version: 1 as const, pending: { links: 20 }, seen: { tags: ["caturday"], links: [], statuses: ["1"] } };
    expect(readCursor(JSON.parse(JSON.stringify(toJson(cursor))))).toEqual({ cursor });
  });

  it("starts afresh from nothing, and with a warning from something unreadable", () => {
    expect(readCursor(undefined)).toEqual({ cursor: emptyCursor() });
    expect(readCursor({ version: 2, pending: {}, seen: {} }).warning).toMatch(/not readable/);
    expect(readCursor("2025-06-01").cursor).toEqual(emptyCursor());
  });

  it("tolerates a damaged list of seen keys by forgetting just that list", () => {
    const { cursor, warning } = readCursor({ version: 1, pending: {}, seen: { tags: "caturday", links: [], statuses: ["1"] } });
    expect(warning).toBeUndefined();
    expect(cursor.seen).toEqual({ tags: [], links: [], statuses: ["1"] });
  });

  it("writes plain JSON without undefined offsets", () => {
    expect(toJson({ version: 1, pending: { tags: undefined, statuses: 40 }, seen: { tags: [], links: [], statuses: [] } })).toEqual({
      version: 1,
      pending: { statuses: 40 },
      seen: { tags: [], links: [], statuses: [] },
    });
  });
});
