import { describe, expect, it } from "vitest";
import { finishLoad, parseDay, parseTimestamp, parseUrl, SkipCounter } from "./load-result.js";

describe("value parsers", () => {
  it("reads the timestamp spellings of the datasets and refuses zone-less ones", () => {
    expect(parseTimestamp("2022-07-01T00:09:12Z")).toEqual(new Date("2022-07-01T00:09:12Z"));
    expect(parseTimestamp("2022-08-31 23:42:07+00:00")).toEqual(new Date("2022-08-31T23:42:07Z"));
    expect(parseTimestamp("2023-12-31T10:02:08+0000")).toEqual(new Date("2023-12-31T10:02:08Z"));
    expect(parseTimestamp("2024-07-03T19:59:03.038Z")).toEqual(new Date("2024-07-03T19:59:03.038Z"));
    expect(parseTimestamp("2022-07-01T00:09:12")).toBeUndefined();
    expect(parseTimestamp("yesterday")).toBeUndefined();
  });

  it("refuses impossible days and non-web URLs", () => {
    expect(parseDay("2023-02-29")).toBeUndefined();
    expect(parseDay("2024-02-29", 20 * 3_600_000)).toEqual(new Date("2024-02-29T20:00:00Z"));
    expect(parseUrl("item?id=7", "https://news.ycombinator.com/")).toBe("https://news.ycombinator.com/item?id=7");
    expect(parseUrl("javascript:alert(1)")).toBeUndefined();
    expect(parseUrl("")).toBeUndefined();
  });
});

describe("finishLoad", () => {
  it("counts entries the core schema rejects, naming the field, and sorts the rest by time", () => {
    const skipped = new SkipCounter();
    const observation = (at: string, score: number) => ({
      type: "observation" as const,
      at: new Date(at),
      observation: { itemId: "hackernews:1", source: "hackernews", observedAt: new Date(at), metrics: { score } },
    });
    const result = finishLoad(
      [observation("2022-01-02T00:00:00Z", 2), observation("2022-01-01T00:00:00Z", Number.NaN), observation("2022-01-01T00:00:00Z", 1)],
      3,
      skipped,
    );
    expect(result.entries.map((entry) => entry.at.toISOString())).toEqual(["2022-01-01T00:00:00.000Z", "2022-01-02T00:00:00.000Z"]);
    expect(result.skipped).toHaveLength(1);
    expect(result.skipped[0]!.reason).toMatch(/^invalid observation entry \(observation\.metrics\.score: /);
  });
});
