import type { Platform } from "@undercurrent/core";
import { z } from "zod";

/** How a piece of content gathers attention on a platform after it is published. */
export const platformProfileSchema = z.object({
  /** Hours after publishing until the piece reaches its full audience (ranking, subscribers' feeds). */
  leadTimeHours: z.number().finite().min(0),
  /** Hours for its reach to halve after that. */
  halfLifeHours: z.number().finite().positive(),
});
/** How a piece of content gathers attention on a platform. */
export type PlatformProfile = z.infer<typeof platformProfileSchema>;

/**
 * Default profiles: rough, hand-set orders of magnitude (a post on X lives about an hour, a YouTube video
 * ramps up for days). Pass your own `profile`, measured on your account, to replace them.
 */
export const defaultPlatformProfiles: Readonly<Record<Platform, PlatformProfile>> = {
  x: { leadTimeHours: 0.5, halfLifeHours: 1 },
  bluesky: { leadTimeHours: 0.5, halfLifeHours: 2 },
  threads: { leadTimeHours: 1, halfLifeHours: 3 },
  mastodon: { leadTimeHours: 0.5, halfLifeHours: 2 },
  linkedin: { leadTimeHours: 4, halfLifeHours: 24 },
  instagram: { leadTimeHours: 2, halfLifeHours: 12 },
  tiktok: { leadTimeHours: 12, halfLifeHours: 24 },
  youtube: { leadTimeHours: 48, halfLifeHours: 96 },
  "youtube-shorts": { leadTimeHours: 12, halfLifeHours: 36 },
  "instagram-reels": { leadTimeHours: 6, halfLifeHours: 24 },
  facebook: { leadTimeHours: 2, halfLifeHours: 6 },
  reddit: { leadTimeHours: 2, halfLifeHours: 6 },
  hackernews: { leadTimeHours: 1, halfLifeHours: 4 },
  blog: { leadTimeHours: 24, halfLifeHours: 168 },
  newsletter: { leadTimeHours: 12, halfLifeHours: 24 },
};

/**
 * Share (0–1) of a piece's reach `hours` after publishing: a linear ramp to full reach at the lead time,
 * then exponential decay with the half-life. 0 before publishing.
 */
export function reachAt(profile: PlatformProfile, hours: number): number {
  if (hours < 0) return 0;
  if (hours < profile.leadTimeHours) return hours / profile.leadTimeHours;
  return 2 ** (-(hours - profile.leadTimeHours) / profile.halfLifeHours);
}
