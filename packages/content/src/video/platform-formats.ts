import { type AspectRatio, ConfigError } from "@undercurrent/core";
import { z } from "zod";

/** Platforms the video pipeline renders for. */
export const videoPlatformSchema = z.enum(["tiktok", "instagram-reels", "youtube-shorts", "youtube", "linkedin"]);
/** A platform the video pipeline renders for. */
export type VideoPlatform = z.infer<typeof videoPlatformSchema>;

/** How a video is rendered for one platform. */
export interface VideoPlatformFormat {
  platform: VideoPlatform;
  aspectRatio: AspectRatio;
  /** Ratios the platform accepts; `aspectRatio` is the one picked. */
  allowedAspectRatios: readonly AspectRatio[];
  /** Longest video the platform takes, in seconds. */
  maxDurationSeconds: number;
  /** Whether captions are burnt in by default (most short-form viewers watch muted). */
  captions: boolean;
}

const formats: Record<VideoPlatform, Omit<VideoPlatformFormat, "platform" | "aspectRatio">> = {
  tiktok: { allowedAspectRatios: ["9:16"], maxDurationSeconds: 600, captions: true },
  "instagram-reels": { allowedAspectRatios: ["9:16"], maxDurationSeconds: 180, captions: true },
  "youtube-shorts": { allowedAspectRatios: ["9:16"], maxDurationSeconds: 180, captions: true },
  youtube: { allowedAspectRatios: ["16:9"], maxDurationSeconds: 12 * 3600, captions: true },
  linkedin: { allowedAspectRatios: ["1:1", "4:5"], maxDurationSeconds: 900, captions: true },
};

/** Options of {@link videoFormatFor}. */
export interface VideoFormatOptions {
  /** LinkedIn takes 1:1 (default) or 4:5. */
  linkedinAspectRatio?: "1:1" | "4:5";
  /** Overrides the captions default (on for every platform). */
  captions?: boolean;
}

/**
 * The render format of a platform: TikTok, Reels and Shorts 9:16; YouTube 16:9; LinkedIn 1:1 or 4:5; captions on.
 * An unknown platform or a ratio the platform does not take is a `ConfigError` naming the field.
 */
export function videoFormatFor(platform: VideoPlatform, options: VideoFormatOptions = {}): VideoPlatformFormat {
  const parsed = videoPlatformSchema.safeParse(platform);
  if (!parsed.success) {
    throw new ConfigError({
      context: "videoFormatFor",
      issues: [{ path: "platform", message: `expected one of ${videoPlatformSchema.options.join(", ")}, received "${String(platform)}"` }],
    });
  }
  const format = formats[parsed.data];
  const linkedin = options.linkedinAspectRatio ?? "1:1";
  if (!["1:1", "4:5"].includes(linkedin)) {
    throw new ConfigError({
      context: "videoFormatFor",
      issues: [{ path: "linkedinAspectRatio", message: `LinkedIn takes 1:1 or 4:5, received "${String(linkedin)}"` }],
    });
  }
  const aspectRatio = parsed.data === "linkedin" ? linkedin : (format.allowedAspectRatios[0] as AspectRatio);
  return { platform: parsed.data, aspectRatio, ...format, captions: options.captions ?? format.captions };
}

/** Seconds a script takes to speak at about 150 words a minute. */
export function speakingSeconds(script: string, wordsPerMinute = 150): number {
  const words = script.split(/\s+/).filter(Boolean).length;
  return (words / wordsPerMinute) * 60;
}
