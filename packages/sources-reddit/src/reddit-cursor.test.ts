import { describe, expect, it } from "vitest";
import { listingKey, readCursor, writeCursor } from "./reddit-cursor.js";

describe("the Reddit cursor", () => {
  it("keys listings by lower-cased subreddit and listing", () => {
    expect(listingKey("Rust", "new")).toBe("rust/new");
  });

  it("round-trips through JSON without empty fields", () => {
    const cursor = writeCursor({
      listings: {
        "rust/new": { newestCreated: 1713794280, newestIds: ["t3_1cbn01"], floorIds: [] },
        "rust/hot": { after: "t3_x", walked: 25 },
      },
      pending: ["rust/hot"],
    });
    expect(cursor).toEqual({
      listings: { "rust/new": { newestCreated: 1713794280, newestIds: ["t3_1cbn01"] }, "rust/hot": { after: "t3_x", walked: 25 } },
      pending: ["rust/hot"],
    });
    expect(readCursor(JSON.parse(JSON.stringify(cursor)))).toEqual({ cursor });
  });

  it("starts over, with a warning, from a cursor it does not understand", () => {
    expect(readCursor(undefined)).toEqual({ cursor: { listings: {}, pending: [] } });
    const read = readCursor({ after: "t3_x" });
    expect(read.cursor).toEqual({ listings: {}, pending: [] });
    expect(read.warning).toMatch(/not understood/);
  });
});
