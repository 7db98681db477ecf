import { ConfigError } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { normalizeRenderRequest } from "./idempotency-key.js";
import { speakingSeconds, videoFormatFor } from "./platform-formats.js";

describe("videoFormatFor", () => {
  it("renders TikTok, Reels and Shorts 9:16, YouTube 16:9 and LinkedIn 1:1 or 4:5, with captions", () => {
    expect(
      ["tiktok", "instagram-reels", "youtube-shorts", "youtube", "linkedin"].map(
        (platform) => videoFormatFor(platform as "tiktok").aspectRatio,
      ),
    ).toEqual(["9:16", "9:16", "9:16", "16:9", "1:1"]);
    expect(videoFormatFor("linkedin", { linkedinAspectRatio: "4:5" })).toMatchObject({
      aspectRatio: "4:5",
      allowedAspectRatios: ["1:1", "4:5"],
    });
    expect(videoFormatFor("instagram-reels")).toMatchObject({ captions: true, maxDurationSeconds: 180 });
    expect(videoFormatFor("youtube", { captions: false }).captions).toBe(false);
  });

  it("rejects an unknown platform or a ratio the platform does not take, naming the field", () => {
    expect(() => videoFormatFor("myspace" as "tiktok")).toThrow(ConfigError);
    expect(() => videoFormatFor("myspace" as "tiktok")).toThrow(/platform: expected one of tiktok/);
    expect(() => videoFormatFor("linkedin", { linkedinAspectRatio: "9:16" as "1:1" })).toThrow(
      /linkedinAspectRatio: LinkedIn takes 1:1 or 4:5/,
    );
  });

  it("estimates speaking time at 150 words a minute", () => {
    expect(speakingSeconds(Array.from({ length: 150 }, () => "word").join(" "))).toBe(60);
    expect(speakingSeconds("  ")).toBe(0);
  });
});

describe("normalizeRenderRequest", () => {
  it("fills defaults and normalises the script's whitespace, so equal videos hash equally", () => {
    const normalized = normalizeRenderRequest({
      avatarId: "a",
      voiceId: "v",
      script: "  Hello\r\n\r\n\r\n  world \t ",
      aspectRatio: "9:16",
    });
    expect(normalized).toEqual({
      avatarId: "a",
      voiceId: "v",
      script: "Hello\n\nworld",
      aspectRatio: "9:16",
      resolution: "1080p",
      captions: false,
    });
  });
});
