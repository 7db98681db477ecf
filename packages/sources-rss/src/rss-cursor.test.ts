import { describe, expect, it } from "vitest";
import { readCursor, rememberSeen } from "./rss-cursor.js";

describe("readCursor", () => {
  it("reads a stored cursor and fills in missing validators", () => {
    const stored = { "https://hnrss.org/frontpage": { etag: 'W/"a1"', seen: ["abc"] } };
    expect(readCursor(stored)).toEqual({
      feeds: { "https://hnrss.org/frontpage": { etag: 'W/"a1"', lastModified: null, seen: ["abc"] } },
      warnings: [],
    });
  });

  it("starts afresh with a warning when the cursor is not an RSS cursor", () => {
    expect(readCursor({ offset: 5 })).toEqual({ feeds: {}, warnings: ["the stored cursor is not an RSS cursor; starting afresh"] });
    expect(readCursor(42).feeds).toEqual({});
  });

  it("tolerates drifted fields inside a feed's entry", () => {
    const { feeds } = readCursor({ "https://a.example/feed": { etag: 5, lastModified: "Thu, 01 Jan 2026 10:00:00 GMT", seen: "x" } });
    expect(feeds["https://a.example/feed"]).toEqual({ etag: null, lastModified: "Thu, 01 Jan 2026 10:00:00 GMT", seen: [] });
  });
});

describe("rememberSeen", () => {
  it("keeps the document's remembered ids first, then older ones, up to the limit", () => {
    expect(rememberSeen(["c", "b", "x"], new Set(["b", "c"]), ["b", "a", "z"], 3)).toEqual(["c", "b", "a"]);
  });

  it("never drops an id still in the document, whatever the limit", () => {
    const ids = Array.from({ length: 8 }, (_, index) => `id-${index}`);
    expect(rememberSeen(ids, new Set(ids), ["old"], 3)).toEqual(ids);
  });
});
