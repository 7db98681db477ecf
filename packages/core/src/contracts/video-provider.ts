import { z } from "zod";

/** An avatar look a provider can render. */
export interface VideoAvatar {
  id: string;
  name: string;
  gender?: "female" | "male" | "unknown";
  /** Free-form style tags from the provider, e.g. `professional`, `casual`. */
  tags: string[];
  previewImageUrl?: string;
  /** The voice the provider pairs with it by default. */
  defaultVoiceId?: string;
  /** Whether the avatar is premium (more expensive) on the provider's plan. */
  premium?: boolean;
}

/** A voice a provider can speak with. */
export interface VideoVoice {
  id: string;
  name: string;
  /** BCP 47 language, e.g. `en-US`. */
  language: string;
  gender?: "female" | "male" | "unknown";
  tags: string[];
  previewAudioUrl?: string;
}

/** Aspect ratios every platform needs: 9:16 (TikTok, Reels, Shorts), 16:9 (YouTube), 1:1 and 4:5 (LinkedIn, Instagram). */
export const aspectRatioSchema = z.enum(["9:16", "16:9", "1:1", "4:5"]);
export type AspectRatio = z.infer<typeof aspectRatioSchema>;

/** What to render. Validated by {@link videoRenderRequestSchema}. */
export const videoRenderRequestSchema = z
  .strictObject({
    avatarId: z.string().min(1),
    /** Text the avatar speaks; or give `audioUrl`. */
    script: z.string().min(1).max(20_000).optional(),
    /** Pre-recorded speech instead of a script. */
    audioUrl: z.url().optional(),
    voiceId: z.string().min(1).optional(),
    voiceSettings: z
      .strictObject({ speed: z.number().min(0.5).max(2).optional(), pitch: z.number().min(-50).max(50).optional() })
      .optional(),
    aspectRatio: aspectRatioSchema,
    resolution: z.enum(["720p", "1080p", "4k"]).default("1080p"),
    captions: z.boolean().default(false),
    background: z
      .union([
        z.strictObject({ type: z.literal("color"), value: z.string().regex(/^#[0-9a-fA-F]{6}$/) }),
        z.strictObject({ type: z.literal("image"), url: z.url() }),
      ])
      .optional(),
    title: z.string().max(200).optional(),
    /** Where the provider should POST completion events. */
    callbackUrl: z.url().optional(),
  })
  .refine((request) => request.script !== undefined || request.audioUrl !== undefined, {
    message: "give either script or audioUrl",
    path: ["script"],
  })
  .refine((request) => request.audioUrl !== undefined || request.voiceId !== undefined, {
    message: "a script needs a voiceId",
    path: ["voiceId"],
  });
export type VideoRenderRequest = z.output<typeof videoRenderRequestSchema>;
export type VideoRenderRequestInput = z.input<typeof videoRenderRequestSchema>;

/** Where a render stands at the provider. */
export interface VideoRenderStatus {
  /** The provider's id for the render. */
  providerJobId: string;
  status: "pending" | "completed" | "failed";
  /** 0–1 when the provider reports progress. */
  progress?: number;
  result?: { videoUrl: string; thumbnailUrl?: string; captionUrl?: string; durationSeconds?: number };
  error?: { code: string; message: string; isRetryable: boolean };
}

/** A verified webhook delivery. */
export interface VideoWebhookEvent {
  /** The provider's event id, for de-duplication. */
  eventId: string;
  /** e.g. `avatar_video.success`. */
  type: string;
  render: VideoRenderStatus;
}

/** Options of calls that start paid work. */
export interface VideoStartOptions {
  /** Sent as `Idempotency-Key`; the same key never pays twice. */
  idempotencyKey: string;
  signal?: AbortSignal;
}

/**
 * Renders avatar videos. Long jobs are `start` + `status`; core runs polling, retries and the job ledger.
 */
export interface VideoProvider {
  /** Contract version this object implements. */
  readonly specVersion: "v1";
  /** Provider id, e.g. `heygen`. */
  readonly id: string;
  /** Renders the provider runs at once on the current plan, when known. */
  readonly maxConcurrentRenders?: number;
  /** Avatar looks available to the account. */
  listAvatars(options?: { signal?: AbortSignal }): Promise<VideoAvatar[]>;
  /** Voices available to the account. */
  listVoices(options?: { signal?: AbortSignal }): Promise<VideoVoice[]>;
  /** What `request` would cost, before spending anything. */
  estimateCost(request: VideoRenderRequestInput, options?: { signal?: AbortSignal }): Promise<{ amount: number; unit: string }>;
  /** Starts a render. Rejects invalid requests (unknown avatar, bad ratio) before paying. */
  start(request: VideoRenderRequestInput, options: VideoStartOptions): Promise<VideoRenderStatus>;
  /** Current state of a render. */
  status(providerJobId: string, options?: { signal?: AbortSignal }): Promise<VideoRenderStatus>;
  /** Cancels or deletes a render. */
  cancel(providerJobId: string, options?: { signal?: AbortSignal }): Promise<void>;
  /**
   * Verifies a webhook delivery (signature, timestamp window) and returns the event, or throws an
   * `UndercurrentError` with code `WEBHOOK_SIGNATURE_INVALID` / `WEBHOOK_STALE`.
   */
  verifyWebhook?(delivery: { rawBody: string | Uint8Array; headers: Headers | Record<string, string> }): Promise<VideoWebhookEvent>;
}
