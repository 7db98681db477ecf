import { describe, expect, it } from "vitest";
import { countBytes, countCharacters, countGraphemes, countMastodon, countXWeighted, findUrls } from "./text-length.js";

describe("platform length counting", () => {
  it("counts graphemes, so a family emoji or a flag is one character (Bluesky)", () => {
    expect(countGraphemes("hi 👨‍👩‍👧‍👦🇩🇪")).toBe(5);
    expect(countCharacters("hi 👨‍👩‍👧‍👦🇩🇪")).toBe(18);
    expect(countGraphemes("é")).toBe(1);
  });

  it("weighs X text: Latin 1, CJK 2, an emoji 2, every link 23", () => {
    expect(countXWeighted("hello")).toBe(5);
    expect(countXWeighted("你好")).toBe(4);
    expect(countXWeighted("ok 👍🏽")).toBe(5);
    expect(countXWeighted("read https://example.com/a/very/long/path/that/goes/on/and/on")).toBe(5 + 23);
    expect(countXWeighted("“quoted” — dash")).toBe(15);
  });

  it("counts Mastodon links as 23 and the rest as graphemes", () => {
    expect(countMastodon("see https://example.com/x 👨‍👩‍👧")).toBe(4 + 23 + 2);
  });

  it("counts UTF-8 bytes for YouTube descriptions", () => {
    expect(countBytes("aé你👍")).toBe(1 + 2 + 3 + 4);
  });

  it("finds links without trailing punctuation", () => {
    expect(findUrls("Read https://example.com/a. Or (https://example.org/b), ok")).toEqual([
      "https://example.com/a",
      "https://example.org/b",
    ]);
  });
});
