import type { MockLook, MockVoice } from "./heygen-mock-catalogue.js";
import { errorReply, invalidParameter, type MockReply } from "./heygen-mock-replies.js";

const avatarFields = new Set([
  "type",
  "avatar_id",
  "script",
  "voice_id",
  "audio_url",
  "audio_asset_id",
  "voice_settings",
  "title",
  "resolution",
  "aspect_ratio",
  "fit",
  "background",
  "remove_background",
  "output_format",
  "caption",
  "engine",
  "motion_prompt",
  "expressiveness",
  "callback_url",
  "callback_id",
  "watermark",
  "folder_id",
]);
const aspectRatios = ["16:9", "9:16", "4:5", "5:4", "1:1", "auto"];
const resolutions = ["4k", "1080p", "720p"];
const engines = ["avatar_iv", "avatar_v", "avatar_iii"];

/** A validated `type: "avatar"` create body. */
export interface ValidCreate {
  look: MockLook;
  voiceId: string | null;
  script: string | null;
  seconds: number;
  resolution: string;
  captions: { burnIn: boolean } | null;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isHttpUrl = (value: unknown) => {
  if (typeof value !== "string") return false;
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
};

function inRange(value: unknown, min: number, max: number): boolean {
  return typeof value === "number" && Number.isFinite(value) && value >= min && value <= max;
}

function checkVoiceSettings(settings: unknown): MockReply | undefined {
  if (settings === undefined || settings === null) return undefined;
  if (!isObject(settings)) return invalidParameter("voice_settings", "voice_settings must be an object");
  if (settings.speed !== undefined && !inRange(settings.speed, 0.5, 1.5))
    return invalidParameter("voice_settings.speed", "speed must be between 0.5 and 1.5");
  if (settings.pitch !== undefined && !inRange(settings.pitch, -50, 50))
    return invalidParameter("voice_settings.pitch", "pitch must be between -50 and 50");
  if (settings.volume !== undefined && !inRange(settings.volume, 0, 1))
    return invalidParameter("voice_settings.volume", "volume must be between 0 and 1");
  if (settings.locale !== undefined && typeof settings.locale !== "string")
    return invalidParameter("voice_settings.locale", "locale must be a string");
  return undefined;
}

function checkBackground(background: unknown, outputFormat: unknown): MockReply | undefined {
  if (background === undefined || background === null) return undefined;
  if (outputFormat === "webm") return invalidParameter("background", "background is not allowed with output_format webm");
  if (!isObject(background)) return invalidParameter("background", "background must be an object");
  if (background.type === "color") {
    return typeof background.value === "string" && /^#[0-9a-fA-F]{6}$/.test(background.value)
      ? undefined
      : invalidParameter("background.value", "value must be a hex colour like #0F172A");
  }
  if (background.type === "image") {
    const hasUrl = background.url !== undefined && background.url !== null;
    const hasAsset = background.asset_id !== undefined && background.asset_id !== null;
    if (hasUrl === hasAsset) return invalidParameter("background", "give exactly one of url or asset_id for an image background");
    if (hasUrl && !isHttpUrl(background.url))
      return errorReply(400, "download_failed", "background.url could not be downloaded", "background.url");
    return undefined;
  }
  return invalidParameter("background.type", "type must be color or image (video backgrounds need a studio scene)");
}

/**
 * Validates a `POST /v3/videos` body the way HeyGen does (field names, enums, the 5,000-character script limit,
 * known avatar and voice, engine support), returning the error reply or the facts the mock needs.
 */
export function validateCreateVideo(
  body: unknown,
  catalogue: { looks: ReadonlyMap<string, MockLook>; voices: ReadonlyMap<string, MockVoice> },
  wordsPerMinute: number,
): MockReply | ValidCreate {
  if (!isObject(body)) return invalidParameter("body", "the request body must be a JSON object");
  if (body.type !== "avatar") {
    return invalidParameter(
      "type",
      body.type === undefined ? "type is required" : `type "${String(body.type)}" is not supported by this mock (use avatar)`,
    );
  }
  for (const field of Object.keys(body)) if (!avatarFields.has(field)) return invalidParameter(field, `unknown field ${field}`);
  if (typeof body.avatar_id !== "string" || !body.avatar_id) return invalidParameter("avatar_id", "avatar_id is required");
  const look = catalogue.looks.get(body.avatar_id);
  if (!look) return errorReply(404, "avatar_not_found", `Avatar ${body.avatar_id} not found`, "avatar_id");
  if (look.status && look.status !== "completed") return invalidParameter("avatar_id", `avatar ${look.id} is not ready (${look.status})`);
  const sources = ["script", "audio_url", "audio_asset_id"].filter((field) => body[field] !== undefined && body[field] !== null);
  if (sources.length !== 1) return invalidParameter("script", "provide exactly one of script, audio_url or audio_asset_id");
  let script: string | null = null;
  if (body.script !== undefined && body.script !== null) {
    if (typeof body.script !== "string" || !body.script.trim())
      return errorReply(400, "script_too_short", "script must not be empty", "script");
    if (body.script.length > 5_000) return invalidParameter("script", `script must be at most 5000 characters, got ${body.script.length}`);
    script = body.script;
  }
  if (body.audio_url !== undefined && body.audio_url !== null) {
    if (!isHttpUrl(body.audio_url) || !/\.(mp3|wav)(\?|$)/i.test(String(body.audio_url))) {
      return errorReply(400, "download_failed", "audio_url must be a public, direct link to a WAV or MP3 file", "audio_url");
    }
  }
  let voiceId: string | null = null;
  if (script !== null) {
    voiceId = typeof body.voice_id === "string" && body.voice_id ? body.voice_id : look.default_voice_id;
    if (!voiceId) return invalidParameter("voice_id", "voice_id is required when script is provided");
    if (!catalogue.voices.has(voiceId)) return errorReply(404, "voice_not_found", `Voice ${voiceId} not found`, "voice_id");
  }
  const voiceProblem = checkVoiceSettings(body.voice_settings);
  if (voiceProblem) return voiceProblem;
  const resolution = body.resolution ?? "1080p";
  if (typeof resolution !== "string" || !resolutions.includes(resolution))
    return invalidParameter("resolution", `resolution must be one of ${resolutions.join(", ")}`);
  if (body.aspect_ratio !== undefined && body.aspect_ratio !== null && !aspectRatios.includes(String(body.aspect_ratio))) {
    return invalidParameter("aspect_ratio", `aspect_ratio must be one of ${aspectRatios.join(", ")}`);
  }
  if (body.fit !== undefined && body.fit !== null && body.fit !== "cover" && body.fit !== "contain")
    return invalidParameter("fit", "fit must be cover or contain");
  if (body.output_format !== undefined && body.output_format !== "mp4" && body.output_format !== "webm") {
    return invalidParameter("output_format", "output_format must be mp4 or webm");
  }
  const backgroundProblem = checkBackground(body.background, body.output_format);
  if (backgroundProblem) return backgroundProblem;
  let captions: ValidCreate["captions"] = null;
  if (body.caption !== undefined && body.caption !== null) {
    if (!isObject(body.caption)) return invalidParameter("caption", 'caption must be an object like {"file_format":"srt"}');
    if (body.caption.file_format !== undefined && body.caption.file_format !== "srt")
      return invalidParameter("caption.file_format", "file_format must be srt");
    if (body.caption.style !== undefined && body.caption.style !== null && body.caption.style !== "default")
      return invalidParameter("caption.style", "style must be default");
    captions = { burnIn: body.caption.style === "default" };
  }
  if (body.engine !== undefined && body.engine !== null) {
    const type = isObject(body.engine) ? body.engine.type : undefined;
    if (typeof type !== "string" || !engines.includes(type))
      return invalidParameter("engine.type", `engine.type must be one of ${engines.join(", ")}`);
    if (!look.supported_api_engines.includes(type)) return invalidParameter("engine.type", `avatar ${look.id} does not support ${type}`);
  }
  if (body.callback_url !== undefined && body.callback_url !== null && !isHttpUrl(body.callback_url))
    return invalidParameter("callback_url", "callback_url must be an http(s) URL");
  if (
    body.resolution === "4k" &&
    look.avatar_type === "photo_avatar" &&
    (body.engine as { type?: string } | undefined)?.type === "avatar_iii"
  ) {
    return invalidParameter("resolution", "Avatar III photo avatars do not support 4k");
  }
  const words = script ? script.split(/\s+/).filter(Boolean).length : 0;
  const seconds = script ? Math.max(1, Math.round((words / wordsPerMinute) * 600) / 10) : 30;
  return { look, voiceId, script, seconds, resolution, captions };
}

/** Whether `value` is a valid `Idempotency-Key` (1–255 characters from `[A-Za-z0-9_:.-]`). */
export function isValidIdempotencyKey(value: string): boolean {
  return /^[A-Za-z0-9_:.-]{1,255}$/.test(value);
}
