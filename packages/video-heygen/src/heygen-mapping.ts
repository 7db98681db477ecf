import type { VideoAvatar, VideoRenderStatus, VideoVoice } from "@undercurrent/core";
import type { HeyGenLook, HeyGenVideo, HeyGenVoice } from "./heygen-api.js";

const languageTags: Record<string, string> = {
  english: "en",
  spanish: "es",
  french: "fr",
  german: "de",
  italian: "it",
  portuguese: "pt",
  dutch: "nl",
  polish: "pl",
  russian: "ru",
  ukrainian: "uk",
  turkish: "tr",
  arabic: "ar",
  hindi: "hi",
  japanese: "ja",
  korean: "ko",
  chinese: "zh",
  mandarin: "zh",
  cantonese: "yue",
  indonesian: "id",
  vietnamese: "vi",
  thai: "th",
  swedish: "sv",
  danish: "da",
  norwegian: "no",
  finnish: "fi",
  czech: "cs",
  greek: "el",
  hebrew: "he",
  romanian: "ro",
  hungarian: "hu",
  filipino: "fil",
  malay: "ms",
};

/**
 * HeyGen names a voice's language in English ("English", "Spanish"), sometimes with a region
 * ("English (UK)"); the contract wants BCP 47. Values already in BCP 47 pass through; unknown names are kept.
 */
export function toLanguageTag(language: string | null | undefined): string {
  const value = (language ?? "").trim();
  if (!value) return "und";
  if (/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(value)) return value;
  const match = /^([A-Za-z ]+?)\s*(?:\(([^)]+)\))?$/.exec(value);
  const base = languageTags[match?.[1]?.trim().toLowerCase() ?? ""];
  if (!base) return value;
  const region = match?.[2]?.trim().toUpperCase();
  const regionTag = region === "UK" ? "GB" : region === "US" || region === "GB" || region === "AU" || region === "IN" ? region : undefined;
  return regionTag ? `${base}-${regionTag}` : base;
}

function toGender(gender: string | null | undefined): "female" | "male" | "unknown" {
  const value = gender?.toLowerCase();
  return value === "female" || value === "male" ? value : "unknown";
}

/** A HeyGen avatar look as a contract `VideoAvatar`; the look type, orientation and engines become tags. */
export function toVideoAvatar(look: HeyGenLook): VideoAvatar {
  const tags = [...(look.tags ?? [])];
  if (look.avatar_type) tags.push(`type:${look.avatar_type}`);
  if (look.preferred_orientation) tags.push(`orientation:${look.preferred_orientation}`);
  for (const engine of look.supported_api_engines ?? []) tags.push(`engine:${engine}`);
  return {
    id: look.id,
    name: look.name,
    gender: toGender(look.gender),
    tags,
    ...(look.preview_image_url && { previewImageUrl: look.preview_image_url }),
    ...(look.default_voice_id && { defaultVoiceId: look.default_voice_id }),
    // HeyGen has no premium flag; digital twins and studio avatars cost more per second than photo avatars.
    premium: look.avatar_type === "studio_avatar" || look.avatar_type === "digital_twin",
  };
}

/** A HeyGen voice as a contract `VideoVoice`. */
export function toVideoVoice(voice: HeyGenVoice): VideoVoice {
  const tags: string[] = [];
  if (voice.type) tags.push(voice.type);
  if (voice.support_pause) tags.push("pauses");
  if (voice.support_locale) tags.push("locales");
  if (voice.language) tags.push(`language:${voice.language}`);
  return {
    id: voice.voice_id,
    name: voice.name,
    language: toLanguageTag(voice.language),
    gender: toGender(voice.gender),
    tags,
    ...(voice.preview_audio_url && { previewAudioUrl: voice.preview_audio_url }),
  };
}

const pendingProgress: Record<string, number> = { waiting: 0, queued: 0, pending: 0.05, processing: 0.5 };

/** HeyGen's statuses (`waiting`, `queued`, `pending`, `processing`, `completed`, `failed`) as the contract's three. */
export function toContractStatus(status: string): VideoRenderStatus["status"] {
  if (status === "completed") return "completed";
  if (status === "failed") return "failed";
  return "pending";
}

/** A HeyGen Video as a `VideoRenderStatus`. A failed render is not retryable (HeyGen does not charge for it). */
export function toRenderStatus(video: HeyGenVideo): VideoRenderStatus {
  const status = toContractStatus(video.status);
  if (status === "completed") {
    const videoUrl = video.video_url ?? video.captioned_video_url;
    if (videoUrl) {
      return {
        providerJobId: video.id,
        status,
        progress: 1,
        result: {
          videoUrl,
          ...(video.thumbnail_url && { thumbnailUrl: video.thumbnail_url }),
          ...(video.subtitle_url && { captionUrl: video.subtitle_url }),
          ...(typeof video.duration === "number" && { durationSeconds: video.duration }),
        },
      };
    }
    // "completed" without a URL: report it as still pending so the caller polls again for fresh URLs.
    return { providerJobId: video.id, status: "pending", progress: 0.99 };
  }
  if (status === "failed") {
    return {
      providerJobId: video.id,
      status,
      error: {
        code: video.failure_code ?? "rendering_failed",
        message: video.failure_message ?? "HeyGen reported the render as failed without a reason",
        isRetryable: false,
      },
    };
  }
  return { providerJobId: video.id, status, progress: pendingProgress[video.status] ?? 0 };
}
