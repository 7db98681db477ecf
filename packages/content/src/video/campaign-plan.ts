import {
  type AspectRatio,
  parseInput,
  type TextGenerator,
  UndercurrentError,
  ValidationError,
  type VideoRenderRequest,
} from "@undercurrent/core";
import type { AvatarCatalogue, AvatarChoice } from "../avatar/avatar-preferences.js";
import { selectAvatar } from "../avatar/select-avatar.js";
import type { ResearchBriefInput } from "../research/research-brief-schema.js";
import type { VideoScript } from "../script/video-script-schema.js";
import { writeScript } from "../script/write-script.js";
import { angleFor, contentTypesForGoal } from "./campaign-angles.js";
import { type CampaignBrief, type CampaignBriefInput, type CampaignContentType, campaignBriefSchema } from "./campaign-brief.js";
import { normalizeRenderRequest } from "./idempotency-key.js";
import { type VideoPlatform, videoFormatFor } from "./platform-formats.js";
import { videoErrorCodes } from "./video-errors.js";

/** The presenter given to one kind of video. */
export interface CampaignAvatarAssignment {
  contentType: CampaignContentType;
  avatarId: string;
  avatarName: string;
  voiceId: string;
  voiceName: string;
  /** 0–1 fit from `selectAvatar`. */
  score: number;
  /** Why this avatar and voice, in plain words. */
  reasons: string[];
}

/** One render of a planned video: an aspect ratio and the platforms it serves. */
export interface CampaignRender {
  aspectRatio: AspectRatio;
  platforms: VideoPlatform[];
  /** The provider request, normalised. */
  request: VideoRenderRequest;
}

/** One video of a campaign plan. */
export interface CampaignVideo {
  /** `<campaign id>-01`, `-02`, … */
  id: string;
  index: number;
  contentType: CampaignContentType;
  angle: string;
  /** The campaign's key messages, in the order this video says them. */
  keyMessages: string[];
  avatar: CampaignAvatarAssignment;
  script: VideoScript;
  /** Suggested publishing time per platform. */
  publishAt: { platform: VideoPlatform; at: Date }[];
  renders: CampaignRender[];
}

/** A campaign turned into videos: angles, presenters, scripts, dates and renders. */
export interface CampaignPlan {
  /** Slug of the campaign name; the default batch id is `campaign:<id>`. */
  id: string;
  brief: CampaignBrief;
  videos: CampaignVideo[];
  /** One presenter per kind of video (distinct while the catalogue has enough avatars). */
  avatars: CampaignAvatarAssignment[];
  /** Whether every video says every key message (checked on the scripts' text). */
  keyMessagesInEveryVideo: boolean;
  /** Renders to make in total. */
  renderCount: number;
  warnings: string[];
}

/** Options of {@link planVideoCampaign}. */
export interface PlanVideoCampaignOptions {
  /** The provider's looks and voices (`provider.listAvatars()`, `provider.listVoices()`). */
  catalogue: AvatarCatalogue;
  /** Writes the scripts with this model instead of the offline extractive writer. */
  textGenerator?: TextGenerator;
  signal?: AbortSignal;
}

const defaultPublishHours: Record<VideoPlatform, number> = {
  linkedin: 9,
  youtube: 15,
  tiktok: 18,
  "instagram-reels": 18,
  "youtube-shorts": 18,
};
const day = 86_400_000;
const context = "planVideoCampaign";

/**
 * Plans a multi-avatar campaign: `videoCount` videos, each with an angle from a rotation of content types (chosen
 * from the goal unless given), a presenter chosen per content type with `selectAvatar` (a different one for each
 * kind while the catalogue allows), a script that says every key message, suggested publishing times spread from
 * `startDate` to `endDate`, and one render per aspect ratio its platforms need (TikTok, Reels and Shorts share a
 * 9:16 render). Feed it to {@link runVideoCampaign}. A bad brief is a `ValidationError` naming the field; a script
 * longer than a platform allows is `VIDEO_SCRIPT_TOO_LONG`.
 */
export async function planVideoCampaign(briefInput: CampaignBriefInput, options: PlanVideoCampaignOptions): Promise<CampaignPlan> {
  const brief = parseInput(campaignBriefSchema, briefInput, context, "brief");
  if (!options || typeof options.catalogue !== "object" || options.catalogue === null) {
    throw new ValidationError({
      context,
      issues: [{ path: "options.catalogue", message: "expected { avatars, voices } from the provider" }],
    });
  }
  const formats = brief.platforms.map((platform) => videoFormatFor(platform, { linkedinAspectRatio: brief.linkedinAspectRatio }));
  const shortest = Math.min(...formats.map((format) => format.maxDurationSeconds));
  if (brief.durationSeconds > shortest) {
    throw new ValidationError({
      context,
      issues: [
        {
          path: "brief.durationSeconds",
          message: `${brief.durationSeconds} s is longer than the ${shortest} s one of the platforms takes`,
        },
      ],
    });
  }
  const id = slug(brief.name);
  const warnings: string[] = [];
  const rotation = brief.contentTypes ?? contentTypesForGoal(brief.goal);
  const kinds = Array.from({ length: brief.videoCount }, (_, index) => rotation[index % rotation.length] as CampaignContentType);
  const avatars = assignAvatars(brief, [...new Set(kinds)], options.catalogue, warnings);
  const occurrences = new Map<CampaignContentType, number>();
  const videos: CampaignVideo[] = [];
  for (const [index, contentType] of kinds.entries()) {
    options.signal?.throwIfAborted();
    const occurrence = occurrences.get(contentType) ?? 0;
    occurrences.set(contentType, occurrence + 1);
    const angle = angleFor(brief, contentType, occurrence);
    const keyMessages = rotate(brief.keyMessages, index);
    const avatar = avatars.find((assignment) => assignment.contentType === contentType) as CampaignAvatarAssignment;
    const script = await writeScript(videoBrief(brief, id, angle.lead), {
      durationSeconds: brief.durationSeconds,
      tone: brief.tone,
      audience: brief.audience,
      language: brief.language,
      hookStyle: angle.hookStyle,
      angle: angle.angle,
      keyMessages,
      bannedWords: brief.bannedWords,
      ...(brief.callToAction !== undefined && { callToAction: brief.callToAction }),
      ...(options.textGenerator !== undefined && { textGenerator: options.textGenerator }),
      ...(options.signal !== undefined && { signal: options.signal }),
    });
    const videoId = `${id}-${String(index + 1).padStart(2, "0")}`;
    videos.push({
      id: videoId,
      index,
      contentType,
      angle: angle.angle,
      keyMessages,
      avatar,
      script,
      publishAt: publishTimes(brief, index),
      renders: rendersFor(script, avatar, formats, videoId),
    });
  }
  const keyMessagesInEveryVideo = videos.every((video) => brief.keyMessages.every((message) => says(video.script.text, message)));
  if (!keyMessagesInEveryVideo) warnings.push("a script left out a key message; check the plan before rendering");
  return {
    id,
    brief,
    videos,
    avatars,
    keyMessagesInEveryVideo,
    renderCount: videos.reduce((sum, video) => sum + video.renders.length, 0),
    warnings,
  };
}

function assignAvatars(
  brief: CampaignBrief,
  kinds: readonly CampaignContentType[],
  catalogue: AvatarCatalogue,
  warnings: string[],
): CampaignAvatarAssignment[] {
  const used: string[] = [];
  return kinds.map((contentType) => {
    const preferences = {
      tone: angleFor(brief, contentType, 0).avatarTone,
      audience: brief.audience,
      language: brief.language,
      gender: brief.avatarGender,
      contentType,
      limit: 1,
    };
    let choice: AvatarChoice | undefined;
    try {
      choice = selectAvatar(catalogue, { ...preferences, excludeAvatarIds: used })[0];
    } catch (error) {
      if (used.length === 0) throw noAvatar(contentType, error);
    }
    if (!choice) {
      // Fewer avatars than kinds of video: share the best one instead of failing.
      try {
        choice = selectAvatar(catalogue, preferences)[0];
      } catch (error) {
        throw noAvatar(contentType, error);
      }
      if (!choice) throw noAvatar(contentType, undefined);
      warnings.push(`the catalogue has too few matching avatars: ${contentType} videos share ${choice.avatar.name}`);
    }
    used.push(choice.avatar.id);
    return {
      contentType,
      avatarId: choice.avatar.id,
      avatarName: choice.avatar.name,
      voiceId: choice.voice.id,
      voiceName: choice.voice.name,
      score: choice.score,
      reasons: choice.reasons,
    };
  });
}

function noAvatar(contentType: string, cause: unknown): UndercurrentError {
  const detail = cause instanceof Error ? `: ${cause.message}` : "";
  return new UndercurrentError({
    code: videoErrorCodes.NO_AVATAR,
    message: `no avatar and voice fit the ${contentType} videos${detail}`,
    cause,
  });
}

/**
 * The brief one video's script is written from: the campaign's research when given, led by the video's opening
 * statement. The campaign brief itself is the source its own statements cite (`campaign:<id>`).
 */
function videoBrief(brief: CampaignBrief, id: string, lead: string): ResearchBriefInput {
  const source = `campaign:${id}`;
  const research = brief.research;
  return {
    ...(research ?? {}),
    topic: research?.topic ?? brief.name,
    language: brief.language,
    whatHappened: { text: lead, itemIds: [source] },
    itemIds: [...new Set([...(research?.itemIds ?? []), source])],
  };
}

function rendersFor(
  script: VideoScript,
  avatar: CampaignAvatarAssignment,
  formats: ReturnType<typeof videoFormatFor>[],
  videoId: string,
): CampaignRender[] {
  const byRatio = new Map<AspectRatio, ReturnType<typeof videoFormatFor>[]>();
  for (const format of formats) byRatio.set(format.aspectRatio, [...(byRatio.get(format.aspectRatio) ?? []), format]);
  return [...byRatio].map(([aspectRatio, group]) => {
    const limit = Math.min(...group.map((format) => format.maxDurationSeconds));
    if (script.estimatedSeconds > limit) {
      throw new UndercurrentError({
        code: videoErrorCodes.SCRIPT_TOO_LONG,
        message: `${videoId}: the script runs ${Math.round(script.estimatedSeconds)} s, longer than ${group.map((format) => format.platform).join(", ")} take (${limit} s)`,
      });
    }
    const request = normalizeRenderRequest(
      {
        avatarId: avatar.avatarId,
        voiceId: avatar.voiceId,
        script: script.text,
        aspectRatio,
        captions: group.some((format) => format.captions),
        title: `${script.title} (${aspectRatio})`.slice(0, 200),
      },
      context,
      `videos.${videoId}.request`,
    );
    return { aspectRatio, platforms: group.map((format) => format.platform), request };
  });
}

/** Videos spread evenly from the first day to the last; each platform at its posting hour (UTC). */
function publishTimes(brief: CampaignBrief, index: number): { platform: VideoPlatform; at: Date }[] {
  const first = Date.UTC(brief.startDate.getUTCFullYear(), brief.startDate.getUTCMonth(), brief.startDate.getUTCDate());
  const last = Date.UTC(brief.endDate.getUTCFullYear(), brief.endDate.getUTCMonth(), brief.endDate.getUTCDate());
  const days = Math.round((last - first) / day);
  const offset = brief.videoCount === 1 ? 0 : Math.round((index * days) / (brief.videoCount - 1));
  return brief.platforms.map((platform) => ({
    platform,
    at: new Date(first + offset * day + (brief.publishHours[platform] ?? defaultPublishHours[platform]) * 3_600_000),
  }));
}

function rotate<T>(values: readonly T[], by: number): T[] {
  const shift = by % values.length;
  return [...values.slice(shift), ...values.slice(0, shift)];
}

function says(text: string, message: string): boolean {
  const plain = (value: string) =>
    value
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim();
  return plain(text).includes(plain(message));
}

function slug(name: string): string {
  return (
    name
      .normalize("NFKD")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "campaign"
  );
}
