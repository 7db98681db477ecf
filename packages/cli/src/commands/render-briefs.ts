import { readFile } from "node:fs/promises";
import {
  type AvatarPreferences,
  type CampaignBriefInput,
  planVideoCampaign,
  selectAvatar,
  type VideoBatchItem,
  type VideoPlatform,
  videoFormatFor,
  videoPlatformSchema,
} from "@undercurrent/content";
import { parseInput, UndercurrentError, ValidationError, type VideoProvider } from "@undercurrent/core";
import { z } from "zod";

/** One video of a briefs file: what the avatar says and where the video goes. */
export const renderBriefSchema = z.strictObject({
  /** A name for the video, e.g. `launch-teaser`; renders get `<id>/<aspect ratio>` as draft id. */
  id: z.string().trim().min(1).max(100).optional(),
  /** What the avatar says. */
  script: z.string().trim().min(1),
  /** Where it goes; one render per aspect ratio they need. Default: TikTok (9:16). */
  platforms: z.array(videoPlatformSchema).min(1).default(["tiktok"]),
  /** The avatar look; chosen from `avatar` preferences when left out. */
  avatarId: z.string().trim().min(1).optional(),
  /** The voice; the look's default voice when left out. */
  voiceId: z.string().trim().min(1).optional(),
  /** Preferences for choosing the avatar (`tone`, `audience`, `gender`, `language`, `contentType`, `tags`). */
  avatar: z.record(z.string(), z.unknown()).optional(),
  title: z.string().trim().min(1).max(200).optional(),
  /** Burnt-in captions; on by default. */
  captions: z.boolean().optional(),
  resolution: z.enum(["720p", "1080p", "4k"]).optional(),
  linkedinAspectRatio: z.enum(["1:1", "4:5"]).optional(),
});
/** One video of a briefs file. */
export type RenderBrief = z.output<typeof renderBriefSchema>;

const rendersFileSchema = z.strictObject({
  batchId: z.string().trim().min(1).max(200).optional(),
  renders: z.array(renderBriefSchema).min(1, "expected at least one render brief"),
});
const campaignFileSchema = z.strictObject({
  batchId: z.string().trim().min(1).max(200).optional(),
  campaign: z.record(z.string(), z.unknown()),
});

/** A briefs file, read and validated (nothing planned yet). */
export type BriefsFile =
  | { kind: "renders"; path: string; batchId?: string; renders: RenderBrief[] }
  | { kind: "campaign"; path: string; batchId?: string; campaign: CampaignBriefInput };

/**
 * Reads a briefs file: a JSON array of render briefs, `{ "renders": [...] }`, or `{ "campaign": {...} }` (a campaign
 * brief for `planVideoCampaign`). A bad field is a `ValidationError` naming it (`renders.2.script`).
 */
export async function readBriefsFile(path: string): Promise<BriefsFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UndercurrentError({
      code: code === "ENOENT" ? "BRIEFS_NOT_FOUND" : "BRIEFS_UNREADABLE",
      message: code === "ENOENT" ? `no briefs file at ${path}` : `cannot read ${path}: ${(error as Error).message}`,
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ValidationError({ context: path, message: `not valid JSON: ${(error as Error).message}`, cause: error });
  }
  if (Array.isArray(json)) {
    const parsed = parseInput(rendersFileSchema, { renders: json }, path);
    return { kind: "renders", path, renders: parsed.renders };
  }
  if (typeof json === "object" && json !== null && "campaign" in json) {
    const parsed = parseInput(campaignFileSchema, json, path);
    return { kind: "campaign", path, ...(parsed.batchId && { batchId: parsed.batchId }), campaign: parsed.campaign as CampaignBriefInput };
  }
  if (typeof json === "object" && json !== null && "renders" in json) {
    const parsed = parseInput(rendersFileSchema, json, path);
    return { kind: "renders", path, ...(parsed.batchId && { batchId: parsed.batchId }), renders: parsed.renders };
  }
  throw new ValidationError({
    context: path,
    message: 'expected an array of render briefs, { "renders": [...] } or { "campaign": {...} }',
  });
}

/** The batch items of a briefs file: one per render, the avatars resolved against the provider's catalogue. */
export async function briefsToItems(
  file: BriefsFile,
  provider: VideoProvider,
  signal?: AbortSignal,
): Promise<{ items: VideoBatchItem[]; notes: string[] }> {
  const options = signal ? { signal } : {};
  const catalogue = { avatars: await provider.listAvatars(options), voices: await provider.listVoices(options) };
  if (file.kind === "campaign") {
    const plan = await planVideoCampaign(file.campaign, { catalogue, ...options });
    const items = plan.videos.flatMap((video) =>
      video.renders.map((render) => ({ draftId: `${video.id}/${render.aspectRatio}`, request: render.request })),
    );
    const notes = [
      `campaign ${plan.id}: ${plan.videos.length} videos, ${items.length} renders, ${plan.avatars.length} presenters`,
      ...plan.warnings,
    ];
    return { items, notes };
  }
  const items: VideoBatchItem[] = [];
  for (const [index, brief] of file.renders.entries()) {
    const presenter = choosePresenter(brief, index, catalogue);
    const groups = new Map<string, VideoPlatform[]>();
    for (const platform of brief.platforms) {
      const format = videoFormatFor(platform, brief.linkedinAspectRatio ? { linkedinAspectRatio: brief.linkedinAspectRatio } : {});
      groups.set(format.aspectRatio, [...(groups.get(format.aspectRatio) ?? []), platform]);
    }
    for (const aspectRatio of groups.keys()) {
      items.push({
        draftId: `${brief.id ?? `brief-${index + 1}`}/${aspectRatio}`,
        request: {
          avatarId: presenter.avatarId,
          voiceId: presenter.voiceId,
          script: brief.script,
          aspectRatio: aspectRatio as "9:16",
          captions: brief.captions ?? true,
          ...(brief.title !== undefined && { title: brief.title }),
          ...(brief.resolution !== undefined && { resolution: brief.resolution }),
        },
      });
    }
  }
  return { items, notes: [] };
}

function choosePresenter(
  brief: RenderBrief,
  index: number,
  catalogue: { avatars: Awaited<ReturnType<VideoProvider["listAvatars"]>>; voices: Awaited<ReturnType<VideoProvider["listVoices"]>> },
): { avatarId: string; voiceId: string } {
  if (brief.avatarId) {
    const look = catalogue.avatars.find((avatar) => avatar.id === brief.avatarId);
    if (!look) {
      throw new ValidationError({
        context: "render",
        issues: [{ path: `renders.${index}.avatarId`, message: `unknown avatar "${brief.avatarId}"` }],
      });
    }
    if (brief.voiceId && !catalogue.voices.some((voice) => voice.id === brief.voiceId)) {
      throw new ValidationError({
        context: "render",
        issues: [{ path: `renders.${index}.voiceId`, message: `unknown voice "${brief.voiceId}"` }],
      });
    }
    const voiceId = brief.voiceId ?? look.defaultVoiceId;
    if (!voiceId) {
      throw new ValidationError({
        context: "render",
        issues: [{ path: `renders.${index}.voiceId`, message: `avatar "${look.id}" has no default voice; name one` }],
      });
    }
    return { avatarId: look.id, voiceId };
  }
  const [choice] = selectAvatar(catalogue, { ...(brief.avatar as AvatarPreferences | undefined), limit: 1 });
  if (!choice) throw new UndercurrentError({ code: "VIDEO_NO_AVATAR", message: `renders.${index}: no avatar fits the preferences` });
  return { avatarId: choice.avatar.id, voiceId: brief.voiceId ?? choice.voice.id };
}
