import { describe, expect, it } from "vitest";
import { toLanguageTag, toRenderStatus } from "./heygen-mapping.js";
import { heyGenRenderRequestSchema, toCreateVideoBody } from "./heygen-render-request.js";

describe("toLanguageTag", () => {
  it.each([
    ["English", "en"],
    ["English (UK)", "en-GB"],
    ["english (US)", "en-US"],
    ["Spanish", "es"],
    ["pt-BR", "pt-BR"],
    ["Klingon", "Klingon"],
    [null, "und"],
  ])("maps %s to %s", (language, tag) => {
    expect(toLanguageTag(language)).toBe(tag);
  });
});

describe("toRenderStatus", () => {
  it("prefers the plain video URL and falls back to the captioned one", () => {
    expect(toRenderStatus({ id: "v", status: "completed", captioned_video_url: "https://files.heygen.ai/c.mp4" }).result?.videoUrl).toBe(
      "https://files.heygen.ai/c.mp4",
    );
  });

  it("gives a failure a code even when HeyGen gives none", () => {
    expect(toRenderStatus({ id: "v", status: "failed" }).error).toMatchObject({ code: "rendering_failed", isRetryable: false });
  });
});

describe("toCreateVideoBody", () => {
  it("maps image backgrounds by URL or asset, sidecar captions and audio assets", () => {
    const request = heyGenRenderRequestSchema.parse({
      avatarId: "a",
      audioAssetId: "asset_1",
      aspectRatio: "auto",
      captions: true,
      background: { type: "image", assetId: "asset_bg" },
      fit: "contain",
      removeBackground: true,
    });
    expect(toCreateVideoBody(request, "voice")).toEqual({
      type: "avatar",
      avatar_id: "a",
      audio_asset_id: "asset_1",
      resolution: "1080p",
      aspect_ratio: "auto",
      caption: { file_format: "srt" },
      background: { type: "image", asset_id: "asset_bg" },
      fit: "contain",
      remove_background: true,
    });
  });
});
