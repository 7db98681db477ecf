import { z } from "zod";
import { countBytes, countCharacters, countGraphemes, countMastodon, countXWeighted } from "./text-length.js";

/** Platforms {@link repurpose} writes for. `x-thread` is a thread of X posts; `youtube` is a title and a description. */
export const repurposePlatformSchema = z.enum([
  "x",
  "x-thread",
  "bluesky",
  "threads",
  "mastodon",
  "linkedin",
  "instagram",
  "tiktok",
  "youtube",
]);
/** A platform {@link repurpose} writes for. */
export type RepurposePlatform = z.infer<typeof repurposePlatformSchema>;

/** Every platform, in the order results are listed. */
export const repurposePlatforms: readonly RepurposePlatform[] = repurposePlatformSchema.options;

/** How a platform measures a text. */
export type LengthUnit = "weighted characters" | "graphemes" | "characters" | "bytes";

/** The limits and habits of one platform. */
export interface PlatformRules {
  platform: RepurposePlatform;
  /** Display name. */
  label: string;
  /** Most length of one post (of each part of a thread; of the description for YouTube). */
  limit: number;
  unit: LengthUnit;
  /** Measures a text the way the platform does. */
  measure(text: string): number;
  /** How long we aim to write (at most `limit`): captions stay short even where the limit is long. */
  targetLength: number;
  /** Hashtags we add by default. */
  defaultHashtags: number;
  /** Most hashtags the platform honours; more is a pre-flight error. */
  maxHashtags: number;
  /** Whether links in the text are clickable (else a pre-flight warning suggests the profile link). */
  linksClickable: boolean;
  /** Most links in one post, when the platform caps them. */
  maxLinks?: number;
  /** Characters shown before "more"; the hook should fit in them. */
  previewLength?: number;
  /** Most posts in a thread. */
  maxParts?: number;
  /** Most length of a title (YouTube). */
  titleLimit?: number;
}

/**
 * The platforms' limits as of November 2026. Where a platform's own counting is unclear (Threads, LinkedIn,
 * Instagram, TikTok, YouTube titles) the text is measured in UTF-16 code units, which never undercounts.
 */
export const platformRules: Readonly<Record<RepurposePlatform, PlatformRules>> = {
  x: {
    platform: "x",
    label: "X",
    limit: 280,
    unit: "weighted characters",
    measure: countXWeighted,
    targetLength: 280,
    defaultHashtags: 2,
    maxHashtags: 10,
    linksClickable: true,
  },
  "x-thread": {
    platform: "x-thread",
    label: "X thread",
    limit: 280,
    unit: "weighted characters",
    measure: countXWeighted,
    targetLength: 280,
    defaultHashtags: 2,
    maxHashtags: 10,
    linksClickable: true,
    maxParts: 25,
  },
  bluesky: {
    platform: "bluesky",
    label: "Bluesky",
    limit: 300,
    unit: "graphemes",
    measure: countGraphemes,
    targetLength: 300,
    defaultHashtags: 2,
    maxHashtags: 8,
    linksClickable: true,
  },
  threads: {
    platform: "threads",
    label: "Threads",
    limit: 500,
    unit: "characters",
    measure: countCharacters,
    targetLength: 500,
    defaultHashtags: 1,
    // Threads turns one tag per post into a topic.
    maxHashtags: 1,
    linksClickable: true,
    maxLinks: 5,
  },
  mastodon: {
    platform: "mastodon",
    label: "Mastodon",
    limit: 500,
    unit: "graphemes",
    measure: countMastodon,
    targetLength: 500,
    defaultHashtags: 3,
    maxHashtags: 10,
    linksClickable: true,
  },
  linkedin: {
    platform: "linkedin",
    label: "LinkedIn",
    limit: 3_000,
    unit: "characters",
    measure: countCharacters,
    targetLength: 3_000,
    defaultHashtags: 3,
    maxHashtags: 10,
    linksClickable: true,
    previewLength: 210,
  },
  instagram: {
    platform: "instagram",
    label: "Instagram",
    limit: 2_200,
    unit: "characters",
    measure: countCharacters,
    targetLength: 2_200,
    defaultHashtags: 8,
    maxHashtags: 30,
    linksClickable: false,
    previewLength: 125,
  },
  tiktok: {
    platform: "tiktok",
    label: "TikTok",
    limit: 4_000,
    unit: "characters",
    measure: countCharacters,
    targetLength: 300,
    defaultHashtags: 4,
    maxHashtags: 30,
    linksClickable: false,
    previewLength: 100,
  },
  youtube: {
    platform: "youtube",
    label: "YouTube",
    limit: 5_000,
    unit: "bytes",
    measure: countBytes,
    targetLength: 5_000,
    defaultHashtags: 3,
    // YouTube ignores every hashtag of a video that has more than 15.
    maxHashtags: 15,
    linksClickable: true,
    previewLength: 157,
    titleLimit: 100,
  },
};
