import { describe, expect, it } from "vitest";
import { videoRenderRequestSchema } from "../contracts/video-provider.js";
import { makeItem, makeTrend } from "../testing/fixtures.js";
import { intervalSchema, timestampSchema } from "./common.js";
import { itemId, itemSchema, observationSchema, timeSeriesSchema } from "./item.js";
import { trendSchema } from "./trend.js";

describe("schemas", () => {
  it("timestamps accept Dates and ISO strings with an offset, and nothing else", () => {
    expect(timestampSchema.parse("2026-01-01T10:00:00Z")).toEqual(new Date("2026-01-01T10:00:00Z"));
    expect(timestampSchema.parse("2026-01-01T12:00:00+02:00")).toEqual(new Date("2026-01-01T10:00:00Z"));
    const now = new Date();
    expect(timestampSchema.parse(now)).toBe(now);
    for (const bad of ["yesterday", "2026-01-01", null, 1_700_000_000, new Date("nope")]) {
      expect(timestampSchema.safeParse(bad).success, String(bad)).toBe(false);
    }
  });

  it("items fill defaults and survive a JSON round trip", () => {
    const item = makeItem();
    expect(itemSchema.parse(JSON.parse(JSON.stringify(item)))).toEqual(item);
    const minimal = itemSchema.parse({
      id: "hackernews:1",
      source: "hackernews",
      externalId: "1",
      kind: "story",
      title: "t",
      publishedAt: "2026-01-01T00:00:00Z",
      fetchedAt: "2026-01-01T00:00:00Z",
    });
    expect(minimal).toMatchObject({ text: "", tags: [], metadata: {} });
    expect(itemId("github", "rust-lang/rust")).toBe("github:rust-lang/rust");
  });

  it("series must be in time order", () => {
    const result = timeSeriesSchema.safeParse({
      id: "s",
      source: "x",
      metric: "m",
      key: "k",
      interval: "day",
      points: [
        { at: "2026-01-02T00:00:00Z", value: 1 },
        { at: "2026-01-01T00:00:00Z", value: 2 },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("points must be in time order");
  });

  it("trends keep the seed fields and bound confidence and sentiment", () => {
    const trend = trendSchema.parse(makeTrend());
    expect(Object.keys(trend)).toEqual(
      expect.arrayContaining([
        "name",
        "keywords",
        "sources",
        "confidence",
        "velocity",
        "firstDetectedAt",
        "peakPredictedAt",
        "relatedTrendIds",
        "sentiment",
        "status",
        "evidence",
      ]),
    );
    expect(trendSchema.safeParse(makeTrend({ sentiment: -2 })).success).toBe(false);
    expect(trendSchema.safeParse(makeTrend({ sources: [] })).success).toBe(false);
    expect(intervalSchema.safeParse({ level: 0.8, lower: 2, upper: 1 }).success).toBe(false);
  });

  it("video requests need a script with a voice, or audio, and a known aspect ratio", () => {
    expect(videoRenderRequestSchema.safeParse({ avatarId: "a", script: "hi", voiceId: "v", aspectRatio: "9:16" }).success).toBe(true);
    expect(videoRenderRequestSchema.safeParse({ avatarId: "a", audioUrl: "https://x.test/a.mp3", aspectRatio: "1:1" }).success).toBe(true);
    const noVoice = videoRenderRequestSchema.safeParse({ avatarId: "a", script: "hi", aspectRatio: "9:16" });
    expect(noVoice.error?.issues[0]?.path).toEqual(["voiceId"]);
    expect(videoRenderRequestSchema.safeParse({ avatarId: "a", script: "hi", voiceId: "v", aspectRatio: "3:2" }).success).toBe(false);
  });
});

describe("schema input types", () => {
  it("accept a Date or a string where a timestamp goes", () => {
    const observation: import("./item.js").ObservationInput = {
      itemId: "a:1",
      source: "a",
      observedAt: "2026-01-01T00:00:00Z",
      metrics: { mentions: 3 },
    };
    const parsed = observationSchema.parse(observation);
    expect(parsed.observedAt).toEqual(new Date("2026-01-01T00:00:00Z"));
    expect(parsed.metrics.mentions).toBe(3);
  });
});
