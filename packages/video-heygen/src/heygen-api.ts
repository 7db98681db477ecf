import { z } from "zod";

// Lenient schemas of HeyGen v3 responses: only the fields read, `.nullish()` where HeyGen drifts.

/** `{ data, has_more, next_token }`, the shape of every v3 list. */
export function pageSchema<Item extends z.ZodType>(item: Item) {
  return z.object({
    data: z.array(item),
    has_more: z.boolean().nullish(),
    next_token: z.string().nullish(),
  });
}

/** `{ data }`, the shape of every v3 success. */
export function dataSchema<Data extends z.ZodType>(data: Data) {
  return z.object({ data });
}

/** An avatar look from `GET /v3/avatars/looks` (`id` is the `avatar_id` of a render). */
export const heyGenLookSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  avatar_type: z.string().nullish(),
  group_id: z.string().nullish(),
  gender: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  default_voice_id: z.string().nullish(),
  preview_image_url: z.string().nullish(),
  preview_video_url: z.string().nullish(),
  preferred_orientation: z.string().nullish(),
  image_width: z.number().nullish(),
  image_height: z.number().nullish(),
  supported_api_engines: z.array(z.string()).nullish(),
  status: z.string().nullish(),
});
/** An avatar look as HeyGen returns it. */
export type HeyGenLook = z.infer<typeof heyGenLookSchema>;

/** A voice from `GET /v3/voices`. */
export const heyGenVoiceSchema = z.object({
  voice_id: z.string().min(1),
  name: z.string(),
  language: z.string().nullish(),
  gender: z.string().nullish(),
  type: z.string().nullish(),
  preview_audio_url: z.string().nullish(),
  support_pause: z.boolean().nullish(),
  support_locale: z.boolean().nullish(),
});
/** A voice as HeyGen returns it. */
export type HeyGenVoice = z.infer<typeof heyGenVoiceSchema>;

/** `POST /v3/videos` → `{ data: { video_id, status: "waiting", output_format } }`. */
export const createVideoResponseSchema = dataSchema(
  z.object({ video_id: z.string().min(1), status: z.string().nullish(), output_format: z.string().nullish() }),
);

/** The Video object of `GET /v3/videos/{id}` (and of a template render). */
export const heyGenVideoSchema = z.object({
  id: z.string().min(1),
  title: z.string().nullish(),
  status: z.string(),
  created_at: z.number().nullish(),
  completed_at: z.number().nullish(),
  duration: z.number().nullish(),
  video_url: z.string().nullish(),
  thumbnail_url: z.string().nullish(),
  gif_url: z.string().nullish(),
  captioned_video_url: z.string().nullish(),
  subtitle_url: z.string().nullish(),
  video_page_url: z.string().nullish(),
  failure_code: z.string().nullish(),
  failure_message: z.string().nullish(),
});
/** A Video as HeyGen returns it. */
export type HeyGenVideo = z.infer<typeof heyGenVideoSchema>;

/** One entry of `GET /v3/videos/statuses`. */
export const heyGenStatusEntrySchema = z.object({
  video_id: z.string().nullish(),
  status: z.string(),
  error: z.record(z.string(), z.unknown()).nullish(),
});

/** `DELETE /v3/videos/{id}`. */
export const deleteVideoResponseSchema = dataSchema(z.object({ id: z.string(), deleted: z.boolean().nullish() }));

/** `GET /v3/users/me`. */
export const heyGenUserSchema = z.object({
  username: z.string().nullish(),
  email: z.string().nullish(),
  billing_type: z.string().nullish(),
  wallet: z
    .object({
      currency: z.string().nullish(),
      remaining_balance: z.number().nullish(),
      auto_reload: z.object({ enabled: z.boolean().nullish() }).nullish(),
    })
    .nullish(),
  subscription: z
    .object({
      plan: z.string().nullish(),
      credits: z
        .object({
          premium_credits: z.object({ remaining: z.number().nullish(), resets_at: z.string().nullish() }).nullish(),
          add_on_credits: z.object({ remaining: z.number().nullish(), resets_at: z.string().nullish() }).nullish(),
        })
        .nullish(),
    })
    .nullish(),
  usage_based: z
    .object({
      included_credits: z.number().nullish(),
      remaining_credits: z.number().nullish(),
      spending_cap_usd: z.number().nullish(),
      spending_current_usd: z.number().nullish(),
    })
    .nullish(),
});

/** A template from `GET /v3/templates`. */
export const heyGenTemplateSummarySchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  thumbnail_url: z.string().nullish(),
  aspect_ratio: z.string().nullish(),
  created_at: z.number().nullish(),
  updated_at: z.number().nullish(),
});

/** `GET /v3/templates/{id}`. */
export const heyGenTemplateSchema = heyGenTemplateSummarySchema.extend({
  scene_ids: z.array(z.string()).nullish(),
  scenes: z
    .array(
      z.object({
        scene_id: z.string(),
        script: z.string().nullish(),
        variables: z.array(z.object({ name: z.string(), variable_type: z.string() })).nullish(),
      }),
    )
    .nullish(),
  variables: z.record(z.string(), z.unknown()).nullish(),
});

/** A webhook endpoint (`secret` only on create and rotate). */
export const heyGenWebhookEndpointSchema = z.object({
  endpoint_id: z.string().min(1),
  url: z.string(),
  events: z.array(z.string()).nullish(),
  status: z.string().nullish(),
  created_at: z.string().nullish(),
  secret: z.string().nullish(),
});

/** `POST /v3/webhooks/endpoints/{id}/rotate-secret`. */
export const rotateSecretResponseSchema = dataSchema(z.object({ endpoint_id: z.string(), secret: z.string().min(1) }));

/** A webhook delivery body. */
export const heyGenWebhookPayloadSchema = z.object({
  event_id: z.string().nullish(),
  event_type: z.string().min(1),
  created_at: z.string().nullish(),
  event_data: z
    .object({
      video_id: z.string().nullish(),
      url: z.string().nullish(),
      gif_download_url: z.string().nullish(),
      video_share_page_url: z.string().nullish(),
      callback_id: z.string().nullish(),
      msg: z.string().nullish(),
      message: z.string().nullish(),
      failure_code: z.string().nullish(),
      failure_message: z.string().nullish(),
    })
    .passthrough()
    .nullish(),
});
/** A webhook delivery body as HeyGen sends it. */
export type HeyGenWebhookPayload = z.infer<typeof heyGenWebhookPayloadSchema>;

/** The error envelope `{ error: { code, message, param?, doc_url? } }`. */
export const heyGenErrorEnvelopeSchema = z.object({
  error: z.object({
    code: z.string().nullish(),
    message: z.string().nullish(),
    param: z.string().nullish(),
    doc_url: z.string().nullish(),
  }),
});
