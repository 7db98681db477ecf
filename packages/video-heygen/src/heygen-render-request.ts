import { z } from "zod";

/** Longest script `POST /v3/videos` accepts, in characters. */
export const heyGenMaxScriptCharacters = 5_000;
/** Longest own audio HeyGen lip-syncs, in seconds. */
export const heyGenMaxAudioSeconds = 600;
/** Aspect ratios `POST /v3/videos` accepts. */
export const heyGenAspectRatios = ["16:9", "9:16", "4:5", "5:4", "1:1", "auto"] as const;
/** Resolutions `POST /v3/videos` accepts. */
export const heyGenResolutions = ["720p", "1080p", "4k"] as const;
/** Render engines (check a look's `supported_api_engines`). */
export const heyGenEngines = ["avatar_iv", "avatar_v", "avatar_iii"] as const;

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, "expected a #RRGGBB colour");
const idempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_:.-]{1,255}$/, "expected 1–255 characters from A-Z a-z 0-9 _ : . - (HeyGen's Idempotency-Key rules)");

/** The schema `start` validates a render request with: the core request plus HeyGen's own settings. */
export const heyGenRenderRequestSchema = z
  .strictObject({
    avatarId: z.string().min(1, "expected an avatar look id"),
    script: z
      .string()
      .trim()
      .min(1, "expected a non-empty script")
      .max(heyGenMaxScriptCharacters, `expected at most ${heyGenMaxScriptCharacters} characters, HeyGen's script limit`)
      .optional(),
    audioUrl: z.url({ protocol: /^https?$/, error: "expected a public http(s) URL of a WAV or MP3 file" }).optional(),
    audioAssetId: z.string().min(1).optional(),
    voiceId: z.string().min(1).optional(),
    voiceSettings: z
      .strictObject({
        speed: z.number().min(0.5, "expected 0.5–1.5").max(1.5, "expected 0.5–1.5, HeyGen's range").optional(),
        pitch: z.number().min(-50).max(50).optional(),
        volume: z.number().min(0).max(1).optional(),
        locale: z.string().min(2).optional(),
      })
      .optional(),
    aspectRatio: z.enum(heyGenAspectRatios, { error: `expected one of ${heyGenAspectRatios.join(", ")}` }),
    resolution: z.enum(heyGenResolutions, { error: `expected one of ${heyGenResolutions.join(", ")}` }).default("1080p"),
    captions: z.union([z.boolean(), z.literal("burn-in")]).default(false),
    background: z
      .union([
        z.strictObject({ type: z.literal("color"), value: hexColor }),
        z.strictObject({ type: z.literal("image"), url: z.url({ protocol: /^https?$/ }) }),
        z.strictObject({ type: z.literal("image"), assetId: z.string().min(1) }),
      ])
      .optional(),
    title: z.string().max(200).optional(),
    callbackUrl: z.url({ protocol: /^https?$/ }).optional(),
    callbackId: z.string().min(1).max(255).optional(),
    fit: z.enum(["cover", "contain"]).optional(),
    removeBackground: z.boolean().optional(),
    engine: z.enum(heyGenEngines, { error: `expected one of ${heyGenEngines.join(", ")}` }).optional(),
    /** Seconds of speech, when known (for `audioUrl`, which the estimate cannot measure). */
    durationSeconds: z.number().positive().max(heyGenMaxAudioSeconds).optional(),
  })
  .refine((request) => [request.script, request.audioUrl, request.audioAssetId].filter((value) => value !== undefined).length === 1, {
    message: "give exactly one of script, audioUrl or audioAssetId",
    path: ["script"],
  });

/**
 * A render request: core's `VideoRenderRequestInput` (any value of it is accepted) plus HeyGen's own settings. `voiceId` may be left out with a
 * script, and the look's default voice is used.
 */
export type HeyGenRenderRequestInput = z.input<typeof heyGenRenderRequestSchema>;
/** A render request after validation and defaults. */
export type HeyGenRenderRequest = z.output<typeof heyGenRenderRequestSchema>;

/** Validates an `Idempotency-Key` (HeyGen rejects others with 400). */
export { idempotencyKeySchema };

/** The `POST /v3/videos` body of a `type: "avatar"` render (snake_case, exactly HeyGen's field names). */
export function toCreateVideoBody(request: HeyGenRenderRequest, voiceId: string | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = {
    type: "avatar",
    avatar_id: request.avatarId,
    resolution: request.resolution,
    aspect_ratio: request.aspectRatio,
  };
  if (request.script !== undefined) body.script = request.script;
  if (request.audioUrl !== undefined) body.audio_url = request.audioUrl;
  if (request.audioAssetId !== undefined) body.audio_asset_id = request.audioAssetId;
  if (voiceId !== undefined && request.script !== undefined) body.voice_id = voiceId;
  if (request.voiceSettings && Object.keys(request.voiceSettings).length > 0) body.voice_settings = { ...request.voiceSettings };
  if (request.title !== undefined) body.title = request.title;
  if (request.captions !== false)
    body.caption = request.captions === "burn-in" ? { file_format: "srt", style: "default" } : { file_format: "srt" };
  if (request.background) {
    body.background =
      request.background.type === "color"
        ? { type: "color", value: request.background.value }
        : "url" in request.background
          ? { type: "image", url: request.background.url }
          : { type: "image", asset_id: request.background.assetId };
  }
  if (request.fit !== undefined) body.fit = request.fit;
  if (request.removeBackground !== undefined) body.remove_background = request.removeBackground;
  if (request.engine !== undefined) body.engine = { type: request.engine };
  if (request.callbackUrl !== undefined) body.callback_url = request.callbackUrl;
  if (request.callbackId !== undefined) body.callback_id = request.callbackId;
  return body;
}

/** Seconds of speech in a script at `wordsPerMinute` (at least one second). */
export function scriptSeconds(script: string, wordsPerMinute: number): number {
  const words = script.split(/\s+/).filter(Boolean).length;
  return Math.max(1, Math.round((words / wordsPerMinute) * 60 * 10) / 10);
}
