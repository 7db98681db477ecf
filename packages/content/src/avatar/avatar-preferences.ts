import type { VideoAvatar, VideoVoice } from "@undercurrent/core";
import { z } from "zod";
import { toneSchema } from "../script/tone.js";

const genderSchema = z.enum(["female", "male", "unknown"]);

/** A provider's avatar looks and voices, as `VideoProvider.listAvatars()` / `listVoices()` return them. */
export const avatarCatalogueSchema = z.object({
  avatars: z
    .array(
      z.object({
        id: z.string().min(1),
        name: z.string(),
        gender: genderSchema.optional(),
        tags: z.array(z.string()).default([]),
        previewImageUrl: z.string().optional(),
        defaultVoiceId: z.string().optional(),
        premium: z.boolean().optional(),
      }),
    )
    .min(1, "expected at least one avatar"),
  voices: z
    .array(
      z.object({
        id: z.string().min(1),
        name: z.string(),
        language: z.string().min(2),
        gender: genderSchema.optional(),
        tags: z.array(z.string()).default([]),
        previewAudioUrl: z.string().optional(),
      }),
    )
    .min(1, "expected at least one voice"),
});
/** A provider's avatar looks and voices. */
export interface AvatarCatalogue {
  avatars: readonly VideoAvatar[];
  voices: readonly VideoVoice[];
}

/** Preferences of {@link selectAvatar}. */
export const avatarPreferencesSchema = z.strictObject({
  /** How the video should sound and look. */
  tone: toneSchema.optional(),
  /** Who it is for, in plain words (`developers`, `executives`, `gen z`). */
  audience: z.string().trim().min(1).max(200).optional(),
  /** BCP 47 language the voice must speak (`en` matches `en-US`; `en-GB` prefers `en-GB`). */
  language: z.string().trim().min(2).max(35).default("en"),
  /** Preferred gender of the avatar and voice. */
  gender: z.enum(["female", "male", "any"]).default("any"),
  /** What kind of video: `news`, `explainer`, `tutorial`, `promo`, `story`, `interview`… (matched against tags). */
  contentType: z.string().trim().min(1).max(100).optional(),
  /** Further tags wanted on the avatar or voice. */
  tags: z.array(z.string().trim().min(1)).default([]),
  /** Avatars not to choose (e.g. already used by another video of a campaign). */
  excludeAvatarIds: z.array(z.string()).default([]),
  /** Voices not to choose. */
  excludeVoiceIds: z.array(z.string()).default([]),
  /** Whether premium avatars may be chosen. */
  allowPremium: z.boolean().default(true),
  /** Choices returned, best first. */
  limit: z.number().int().min(1).max(100).default(5),
});
/** Preferences of {@link selectAvatar}. */
export type AvatarPreferences = z.input<typeof avatarPreferencesSchema>;

/** How well one part of a choice fits, 0–1. */
export interface AvatarScoreBreakdown {
  tone: number;
  audience: number;
  contentType: number;
  language: number;
  gender: number;
  /** Avatar and voice belong together (the avatar's default voice, the same gender). */
  pairing: number;
  tags: number;
}

/** An avatar look with the voice that fits it best, scored and explained. */
export interface AvatarChoice {
  avatar: VideoAvatar;
  voice: VideoVoice;
  /** 0–1, the weighted sum of the breakdown. */
  score: number;
  breakdown: AvatarScoreBreakdown;
  /** Why it scored as it did, in plain words. */
  reasons: string[];
}
