import {
  type AspectRatio,
  type ContentDraftInput,
  type Item,
  type ItemInput,
  type Trend,
  type TrendInput,
  UndercurrentError,
  ValidationError,
  type VideoJob,
} from "@undercurrent/core";
import type { AvatarChoice, AvatarPreferences } from "../avatar/avatar-preferences.js";
import { requireAvatarAndVoice, selectAvatar } from "../avatar/select-avatar.js";
import { createResearchBrief, type ResearchBriefOptions } from "../research/create-research-brief.js";
import type { ResearchBrief } from "../research/research-brief-schema.js";
import type { VideoScript } from "../script/video-script-schema.js";
import { writeScript } from "../script/write-script.js";
import type { WriteScriptOptions } from "../script/write-script-options.js";
import { normalizeRenderRequest } from "./idempotency-key.js";
import { type VideoPlatform, type VideoPlatformFormat, videoFormatFor, videoPlatformSchema } from "./platform-formats.js";
import { runVideoBatch } from "./video-batch.js";
import type { VideoBatchReport, VideoBatchSettings } from "./video-batch-options.js";
import { videoErrorCodes } from "./video-errors.js";

/** Options of {@link renderTrendVideo}. */
export interface RenderTrendVideoOptions extends Omit<VideoBatchSettings, "batchId"> {
  trend: TrendInput | Trend;
  /** The trend's evidence items (the brief's facts and links come from them). */
  evidenceItems: readonly (ItemInput | Item)[];
  /** Where the video goes: one render per aspect ratio they need. */
  platforms: readonly VideoPlatform[];
  /** Options of `createResearchBrief`. */
  brief?: ResearchBriefOptions;
  /** Options of `writeScript` (duration, tone, audience, a `textGenerator`…). */
  script?: WriteScriptOptions;
  /** Pick the presenter with `selectAvatar` (defaults: the script's tone and audience), or name one. */
  avatar?: AvatarPreferences | { avatarId: string; voiceId?: string };
  /** LinkedIn renders in 1:1 (default) or 4:5. */
  linkedinAspectRatio?: "1:1" | "4:5";
  /** Burnt-in captions (on by default: short-form video is mostly watched muted). */
  captions?: boolean;
  /** Defaults to `trend-video:<trend id>:<script id>`: the same script is never rendered twice. */
  batchId?: string;
}

/** Everything the pipeline made, with the rendered jobs. */
export interface TrendVideoResult {
  brief: ResearchBrief;
  script: VideoScript;
  avatar: { avatarId: string; voiceId: string; choice?: AvatarChoice };
  /** One render per aspect ratio, with the platforms it serves and its job in the ledger. */
  renders: { aspectRatio: AspectRatio; platforms: VideoPlatform[]; job: VideoJob }[];
  /** Ids of the drafts stored per platform (format `video-script`, the job id in `metadata.videoJobId`). */
  draftIds: string[];
  batch: VideoBatchReport;
}

const context = "renderTrendVideo";

/**
 * The research-to-video pipeline: trend and evidence → research brief → script (with QA) → avatar and voice →
 * one render per aspect ratio the platforms need (TikTok, Reels and Shorts 9:16, YouTube 16:9, LinkedIn 1:1 or
 * 4:5), captions on → the provider, through {@link runVideoBatch} (budget, retries, ledger, resume). The script is
 * stored as a draft per platform and the results are stored with the jobs. Calling it again with the same input
 * resumes the same batch and pays nothing twice.
 */
export async function renderTrendVideo(options: RenderTrendVideoOptions): Promise<TrendVideoResult> {
  const {
    trend,
    evidenceItems,
    platforms,
    brief: briefOptions,
    script: scriptOptions,
    avatar,
    linkedinAspectRatio,
    captions,
    batchId,
    ...batch
  } = options;
  const formats = parsePlatforms(platforms, linkedinAspectRatio, captions);
  const shortest = Math.min(...formats.map((format) => format.maxDurationSeconds));
  const target = scriptOptions?.durationSeconds;
  if (typeof target === "number" && target > shortest) {
    throw new ValidationError({
      context,
      issues: [{ path: "script.durationSeconds", message: `${target} s is longer than the ${shortest} s one of the platforms takes` }],
    });
  }
  const brief = createResearchBrief(trend, evidenceItems, briefOptions);
  const script = await writeScript(brief, { ...scriptOptions, ...(batch.signal && { signal: batch.signal }) });
  const groups = groupByRatio(formats);
  for (const group of groups) {
    const limit = Math.min(...group.formats.map((format) => format.maxDurationSeconds));
    if (script.estimatedSeconds > limit) {
      throw new UndercurrentError({
        code: videoErrorCodes.SCRIPT_TOO_LONG,
        message: `the script runs ${Math.round(script.estimatedSeconds)} s, longer than ${group.formats.map((format) => format.platform).join(", ")} take (${limit} s)`,
      });
    }
  }
  const presenter = await choosePresenter(batch.provider, avatar, script);
  const now = new Date((batch.clock ?? { now: Date.now }).now());
  const drafts: ContentDraftInput[] = formats.map((format) => ({
    id: `${script.id}:${format.platform}`,
    platform: format.platform,
    format: "video-script",
    ...(brief.trendId !== undefined && { trendId: brief.trendId }),
    title: script.title,
    text: script.text,
    parts: script.scenes.map((scene) => scene.text),
    sourceUrls: brief.links.map((link) => link.url),
    language: script.language,
    createdAt: now,
    updatedAt: now,
    metadata: { scriptId: script.id, aspectRatio: format.aspectRatio, avatarId: presenter.avatarId, voiceId: presenter.voiceId },
  }));
  const items = groups.map((group) => ({
    draftId: `${script.id}:${group.formats[0]?.platform}`,
    request: normalizeRenderRequest(
      {
        avatarId: presenter.avatarId,
        voiceId: presenter.voiceId,
        script: script.text,
        aspectRatio: group.aspectRatio,
        captions: group.formats.some((format) => format.captions),
        title: `${script.title} (${group.aspectRatio})`.slice(0, 200),
      },
      context,
    ),
  }));
  const report = await runVideoBatch({ ...batch, batchId: batchId ?? `trend-video:${brief.trendId ?? brief.topic}:${script.id}`, items });
  const jobs = new Map(report.jobs.map((job) => [job.id, job]));
  const renders = groups.map((group, index) => ({
    aspectRatio: group.aspectRatio,
    platforms: group.formats.map((format) => format.platform),
    job: jobs.get(report.itemJobIds[index] as string) as VideoJob,
  }));
  const jobOfPlatform = new Map(renders.flatMap((render) => render.platforms.map((platform) => [platform, render.job] as const)));
  await batch.store.putContentDrafts(
    drafts.map((draft) => ({
      ...draft,
      metadata: { ...draft.metadata, videoJobId: jobOfPlatform.get(draft.platform as VideoPlatform)?.id ?? null },
    })),
  );
  return { brief, script, avatar: presenter, renders, draftIds: drafts.map((draft) => draft.id), batch: report };
}

function parsePlatforms(
  platforms: readonly VideoPlatform[],
  linkedinAspectRatio?: "1:1" | "4:5",
  captions?: boolean,
): VideoPlatformFormat[] {
  if (!Array.isArray(platforms) || platforms.length === 0) {
    throw new ValidationError({
      context,
      issues: [{ path: "platforms", message: `expected at least one of ${videoPlatformSchema.options.join(", ")}` }],
    });
  }
  return [...new Set(platforms)].map((platform, index) => {
    if (!videoPlatformSchema.safeParse(platform).success) {
      throw new ValidationError({
        context,
        issues: [
          {
            path: `platforms.${index}`,
            message: `expected one of ${videoPlatformSchema.options.join(", ")}, received "${String(platform)}"`,
          },
        ],
      });
    }
    return videoFormatFor(platform, {
      ...(linkedinAspectRatio !== undefined && { linkedinAspectRatio }),
      ...(captions !== undefined && { captions }),
    });
  });
}

function groupByRatio(formats: readonly VideoPlatformFormat[]): { aspectRatio: AspectRatio; formats: VideoPlatformFormat[] }[] {
  const groups = new Map<AspectRatio, VideoPlatformFormat[]>();
  for (const format of formats) groups.set(format.aspectRatio, [...(groups.get(format.aspectRatio) ?? []), format]);
  return [...groups].map(([aspectRatio, group]) => ({ aspectRatio, formats: group }));
}

async function choosePresenter(
  provider: RenderTrendVideoOptions["provider"],
  avatar: RenderTrendVideoOptions["avatar"],
  script: VideoScript,
): Promise<TrendVideoResult["avatar"]> {
  const catalogue = { avatars: await provider.listAvatars(), voices: await provider.listVoices() };
  if (avatar && "avatarId" in avatar) {
    const { avatar: look, voice } = requireAvatarAndVoice(catalogue, avatar);
    const voiceId = voice?.id ?? look.defaultVoiceId;
    if (!voiceId) {
      throw new ValidationError({
        context,
        issues: [{ path: "avatar.voiceId", message: `avatar "${look.id}" has no default voice; name one` }],
      });
    }
    return { avatarId: look.id, voiceId };
  }
  const [choice] = selectAvatar(catalogue, {
    tone: script.tone,
    audience: script.audience,
    language: script.language,
    ...avatar,
    limit: 1,
  });
  if (!choice) throw new UndercurrentError({ code: videoErrorCodes.NO_AVATAR, message: "no avatar and voice fit the preferences" });
  return { avatarId: choice.avatar.id, voiceId: choice.voice.id, choice };
}
