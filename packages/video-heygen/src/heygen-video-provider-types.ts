import type { VideoAvatar, VideoProvider, VideoRenderStatus, VideoStartOptions, VideoVoice } from "@undercurrent/core";
import type { HeyGenLook, HeyGenVoice } from "./heygen-api.js";
import type { HeyGenRenderRequestInput } from "./heygen-render-request.js";
import type { HeyGenWebhookEvent } from "./heygen-webhook.js";

/** Options of catalogue calls. */
export interface HeyGenCatalogueOptions {
  signal?: AbortSignal;
  /** Fetch again even when the cached catalogue is still fresh. */
  refresh?: boolean;
}

/** What `estimateCost` returns: the contract's `{ amount, unit }` plus how it was reached. */
export interface HeyGenCostEstimate {
  amount: number;
  /** `usd` by default (see the `pricing` option). */
  unit: string;
  /** Output seconds priced: from `durationSeconds`, the script at the speaking rate, or the 600 s audio ceiling. */
  seconds: number;
  /** Price per second applied. */
  pricePerSecond: number;
  /** True when the audio length was unknown and the 600 s ceiling was priced. */
  upperBound: boolean;
}

/** The account's balance from `GET /v3/users/me`. */
export interface HeyGenBalance {
  /** `wallet` (API key, prepaid), `subscription` (OAuth, credits) or `usage_based`. */
  billingType: "wallet" | "subscription" | "usage_based" | "unknown";
  /** What is left to spend, in `unit`; undefined when HeyGen does not say. */
  remaining: number | undefined;
  /** `usd`, or `credits` (Enterprise wallets, subscriptions, usage-based plans). */
  unit: string;
  /** Subscription plan, when billed through one. */
  plan?: string;
  /** Usage-based spending cap and current spend, in USD. */
  spendingCapUsd?: number;
  spendingCurrentUsd?: number;
}

/** What `preflight` returns: the cost, the balance, and whether the one covers the other. */
export interface HeyGenPreflight {
  cost: HeyGenCostEstimate;
  balance: HeyGenBalance;
  /** False when the balance is known, in the same unit, and lower than the cost. */
  affordable: boolean;
}

/** A template from `GET /v3/templates`. */
export interface HeyGenTemplateSummary {
  id: string;
  name: string;
  aspectRatio?: string;
  thumbnailUrl?: string;
}

/** A template with its variables and scenes (`GET /v3/templates/{id}`). */
export interface HeyGenTemplate extends HeyGenTemplateSummary {
  sceneIds: string[];
  scenes: { sceneId: string; script?: string; variables: { name: string; type: string }[] }[];
  /** Variable defaults keyed by name, each `{ name, type, properties }` as `renderTemplate` accepts them. */
  variables: Record<string, unknown>;
}

/** A render from a template (`POST /v3/templates/{id}`). */
export interface HeyGenTemplateRenderInput {
  /**
   * Replacements keyed by variable name: a string is a text variable (`{ name, type: "text", properties: { content } }`),
   * an object is sent as is (`{ name, type, properties }`: image `{ url | asset_id }`, voice `{ voice_id }`…).
   */
  variables: Record<string, string | Record<string, unknown>>;
  title?: string;
  /** Burn captions in. */
  caption?: boolean;
  /** Output size; must match the template's aspect ratio (even, 128–4096). */
  dimension?: { width: number; height: number };
  fps?: 25 | 30 | 60;
  /** Scenes to render, in order (repeats allowed). */
  sceneIds?: string[];
  callbackUrl?: string;
  callbackId?: string;
  folderId?: string;
}

/** A registered webhook endpoint. `secret` is only returned on registration and rotation: store it then. */
export interface HeyGenWebhookEndpoint {
  endpointId: string;
  url: string;
  /** Subscribed event types; `null` means every event. */
  events: string[] | null;
  status: string;
  createdAt?: string;
  secret?: string;
}

/** The `VideoProvider` on HeyGen v3, with HeyGen's own calls besides the contract's. */
export interface HeyGenVideoProvider extends VideoProvider {
  readonly id: "heygen";
  readonly maxConcurrentRenders: number;
  /** Every avatar look ready to render (all pages of `GET /v3/avatars/looks`), cached for `catalogueTtlMs`. */
  listAvatars(options?: HeyGenCatalogueOptions): Promise<VideoAvatar[]>;
  /** Every voice, public and private (all pages of `GET /v3/voices`), cached for `catalogueTtlMs`. */
  listVoices(options?: HeyGenCatalogueOptions): Promise<VideoVoice[]>;
  /** The looks as HeyGen returns them (engines, orientation, group), cached. */
  listAvatarLooks(options?: HeyGenCatalogueOptions): Promise<HeyGenLook[]>;
  /** The voices as HeyGen returns them, cached. */
  listHeyGenVoices(options?: HeyGenCatalogueOptions): Promise<HeyGenVoice[]>;
  /** One look (`GET /v3/avatars/looks/{id}`), cached; unknown → `HEYGEN_AVATAR_NOT_FOUND`. */
  getAvatarLook(lookId: string, options?: HeyGenCatalogueOptions): Promise<HeyGenLook>;
  /** What `request` would cost at the configured prices, before spending anything. */
  estimateCost(request: HeyGenRenderRequestInput, options?: { signal?: AbortSignal }): Promise<HeyGenCostEstimate>;
  /** The account's balance (`GET /v3/users/me`). */
  getBalance(options?: { signal?: AbortSignal }): Promise<HeyGenBalance>;
  /** The cost of `request` and the balance, and whether it is affordable; spends nothing. */
  preflight(request: HeyGenRenderRequestInput, options?: { signal?: AbortSignal }): Promise<HeyGenPreflight>;
  /**
   * Creates a render (`POST /v3/videos`, `Idempotency-Key` from the options). Invalid requests (script over 5,000
   * characters, unknown avatar or voice, unsupported aspect ratio or engine) are rejected before anything is paid.
   */
  start(request: HeyGenRenderRequestInput, options: VideoStartOptions): Promise<VideoRenderStatus>;
  /** Statuses of many renders (`GET /v3/videos/statuses`, 100 ids a call), in the order given; completed ones with URLs. */
  statuses(providerJobIds: readonly string[], options?: { signal?: AbortSignal }): Promise<VideoRenderStatus[]>;
  /** Deletes a render (`DELETE /v3/videos/{id}`); an unknown id counts as deleted. */
  cancel(providerJobId: string, options?: { signal?: AbortSignal }): Promise<void>;
  /** Templates with variables (all pages of `GET /v3/templates`), cached. */
  listTemplates(options?: HeyGenCatalogueOptions): Promise<HeyGenTemplateSummary[]>;
  /** One template with its variables and scenes, cached; unknown → `HEYGEN_TEMPLATE_NOT_FOUND`. */
  getTemplate(templateId: string, options?: HeyGenCatalogueOptions): Promise<HeyGenTemplate>;
  /** Renders a template with variables (`POST /v3/templates/{id}`, idempotent); unknown variable names are rejected first. */
  renderTemplate(templateId: string, input: HeyGenTemplateRenderInput, options: VideoStartOptions): Promise<VideoRenderStatus>;
  /** Registers a webhook endpoint; keep the returned `secret` for `webhookSecret`. `events` omitted = every event. */
  registerWebhookEndpoint(
    input: { url: string; events?: string[] | null },
    options?: { idempotencyKey?: string; signal?: AbortSignal },
  ): Promise<HeyGenWebhookEndpoint>;
  /** Every registered endpoint (secrets are `null` here). */
  listWebhookEndpoints(options?: { signal?: AbortSignal }): Promise<HeyGenWebhookEndpoint[]>;
  /** Changes an endpoint's URL or events (the events list is replaced whole). */
  updateWebhookEndpoint(
    endpointId: string,
    input: { url?: string; events?: string[] | null },
    options?: { signal?: AbortSignal },
  ): Promise<HeyGenWebhookEndpoint>;
  /** Removes an endpoint. */
  deleteWebhookEndpoint(endpointId: string, options?: { signal?: AbortSignal }): Promise<void>;
  /** A new secret for an endpoint; the old one stops working at once. */
  rotateWebhookSecret(
    endpointId: string,
    options?: { idempotencyKey?: string; signal?: AbortSignal },
  ): Promise<{ endpointId: string; secret: string }>;
  /** Event types HeyGen can send. */
  listWebhookEventTypes(options?: { signal?: AbortSignal }): Promise<{ eventType: string; description?: string }[]>;
  /**
   * Verifies a delivery (HMAC-SHA256 of the raw body in constant time, timestamp window, dedupe by event id) and
   * returns the event. Throws `WEBHOOK_HEADERS_MISSING`, `WEBHOOK_SIGNATURE_INVALID`, `WEBHOOK_STALE`,
   * `WEBHOOK_PAYLOAD_INVALID` or `WEBHOOK_DUPLICATE`; `webhookResponseStatus(error)` gives the status to answer.
   */
  verifyWebhook(delivery: { rawBody: string | Uint8Array; headers: Headers | Record<string, string> }): Promise<HeyGenWebhookEvent>;
  /** Forgets a webhook event id, so its redelivery is processed (after handling it failed). */
  forgetWebhookEvent(eventId: string): Promise<void>;
  /** Forgets the cached catalogues (looks, voices, templates). */
  clearCache(): void;
}
