import { type ApiCallError, parseInput, systemClock, ValidationError, type VideoRenderStatus } from "@undercurrent/core";
import type { z } from "zod";
import {
  createVideoResponseSchema,
  dataSchema,
  deleteVideoResponseSchema,
  type HeyGenVoice,
  heyGenLookSchema,
  heyGenStatusEntrySchema,
  heyGenUserSchema,
  heyGenVideoSchema,
  heyGenVoiceSchema,
} from "./heygen-api.js";
import { estimateRenderCost, toBalance } from "./heygen-billing.js";
import { CatalogueCache } from "./heygen-catalogue-cache.js";
import { checkIdempotencyKey, createHeyGenClient, notFoundAs } from "./heygen-client.js";
import { HeyGenApiError } from "./heygen-error.js";
import { toRenderStatus, toVideoAvatar, toVideoVoice } from "./heygen-mapping.js";
import { type HeyGenRenderRequest, heyGenRenderRequestSchema, toCreateVideoBody } from "./heygen-render-request.js";
import { createTemplateOperations } from "./heygen-templates.js";
import { type HeyGenVideoProviderOptions, parseHeyGenOptions, resolveHeyGenWebhookSecrets } from "./heygen-video-provider-options.js";
import type { HeyGenVideoProvider } from "./heygen-video-provider-types.js";
import { createMemoryWebhookEventLedger, verifyHeyGenWebhook } from "./heygen-webhook.js";
import { createWebhookEndpointOperations } from "./heygen-webhook-endpoints.js";

const bulkStatusLimit = 100;

/**
 * Creates the `VideoProvider` on HeyGen's v3 API: avatar looks and voices (paginated, cached), renders with an
 * `Idempotency-Key` on every create, status and bulk status, delete, templates, balance and cost estimates,
 * webhook endpoints and verification. Options are validated at once (a `ConfigError` names the field); the API
 * key is read from `apiKey` or `HEYGEN_API_KEY` only when a request is made, and never appears in errors or logs.
 */
export function createHeyGenVideoProvider(options: HeyGenVideoProviderOptions = {}): HeyGenVideoProvider {
  const settings = parseHeyGenOptions(options);
  const clock = settings.clock ?? systemClock;
  const cache = new CatalogueCache(settings.catalogueTtlMs, clock);
  const ledger = settings.webhookEventLedger ?? createMemoryWebhookEventLedger();
  const client = createHeyGenClient(settings, clock);
  const { call, listAll } = client;
  const templates = createTemplateOperations(client, cache, settings);
  const webhookEndpoints = createWebhookEndpointOperations(client);

  const provider: HeyGenVideoProvider = {
    specVersion: "v1",
    id: "heygen",
    maxConcurrentRenders: settings.maxConcurrentRenders,

    async listAvatarLooks({ signal, refresh } = {}) {
      const looks = await cache.get("looks", () => listAll("/v3/avatars/looks", heyGenLookSchema, { limit: 50 }, signal), refresh);
      for (const look of looks) cache.set(`look:${look.id}`, look);
      return looks.map((look) => ({ ...look }));
    },

    async listHeyGenVoices({ signal, refresh } = {}) {
      const voices = await cache.get(
        "voices",
        async () => {
          const [publicVoices, privateVoices] = await Promise.all([
            listAll("/v3/voices", heyGenVoiceSchema, { type: "public", limit: 100 }, signal),
            listAll("/v3/voices", heyGenVoiceSchema, { type: "private", limit: 100 }, signal),
          ]);
          return [...publicVoices, ...privateVoices];
        },
        refresh,
      );
      for (const voice of voices) cache.set(`voice:${voice.voice_id}`, voice);
      return voices.map((voice) => ({ ...voice }));
    },

    async listAvatars(listOptions = {}) {
      // Private looks still training or waiting for consent cannot render yet.
      const looks = await provider.listAvatarLooks(listOptions);
      return looks.filter((look) => !look.status || look.status === "completed").map(toVideoAvatar);
    },

    async listVoices(listOptions = {}) {
      return (await provider.listHeyGenVoices(listOptions)).map(toVideoVoice);
    },

    async getAvatarLook(lookId, { signal, refresh } = {}) {
      return cache.get(
        `look:${lookId}`,
        () =>
          call(`/v3/avatars/looks/${encodeURIComponent(lookId)}`, { schema: dataSchema(heyGenLookSchema), ...(signal && { signal }) })
            .then((response) => response.data)
            .catch((error: unknown) => {
              throw notFoundAs(error, "HEYGEN_AVATAR_NOT_FOUND", `HeyGen has no avatar look "${lookId}"`);
            }),
        refresh,
      );
    },

    async estimateCost(input, { signal } = {}) {
      const request = parseInput(heyGenRenderRequestSchema, input, "estimateCost", "request");
      const look = await provider.getAvatarLook(request.avatarId, signal ? { signal } : {});
      return estimateRenderCost(request, look, settings.pricing);
    },

    async getBalance({ signal } = {}) {
      const { data: user } = await call("/v3/users/me", { schema: dataSchema(heyGenUserSchema), ...(signal && { signal }) });
      return toBalance(user);
    },

    async preflight(input, { signal } = {}) {
      const [cost, balance] = await Promise.all([
        provider.estimateCost(input, signal ? { signal } : {}),
        provider.getBalance(signal ? { signal } : {}),
      ]);
      const affordable = balance.remaining === undefined || balance.unit !== cost.unit || balance.remaining >= cost.amount;
      return { cost, balance, affordable };
    },

    async start(input, { idempotencyKey, signal }) {
      signal?.throwIfAborted();
      const request = parseInput(heyGenRenderRequestSchema, input, "start", "request");
      const key = checkIdempotencyKey(idempotencyKey, "start");
      const voiceId = await resolveVoice(request, signal);
      const created = await call("/v3/videos", {
        method: "POST",
        json: toCreateVideoBody(request, voiceId),
        schema: createVideoResponseSchema,
        idempotencyKey: key,
        paidCreate: true,
        ...(signal && { signal }),
      });
      return { providerJobId: created.data.video_id, status: "pending", progress: 0 };
    },

    async status(providerJobId, { signal } = {}) {
      const { data } = await call(`/v3/videos/${encodeURIComponent(providerJobId)}`, {
        schema: dataSchema(heyGenVideoSchema),
        ...(signal && { signal }),
      });
      return toRenderStatus(data);
    },

    async statuses(providerJobIds, { signal } = {}) {
      const byId = new Map<string, VideoRenderStatus>();
      const unique = [...new Set(providerJobIds)];
      const completed: string[] = [];
      for (let offset = 0; offset < unique.length; offset += bulkStatusLimit) {
        const chunk = unique.slice(offset, offset + bulkStatusLimit);
        const entries = await listAll("/v3/videos/statuses", heyGenStatusEntrySchema, { video_ids: chunk.join(",") }, signal);
        for (const entry of entries) {
          if (!entry.video_id) continue;
          byId.set(entry.video_id, bulkEntryStatus(entry));
          if (entry.status === "completed") completed.push(entry.video_id);
        }
      }
      // The bulk answer carries no URLs: fetch the completed ones once each.
      await Promise.all(completed.map(async (id) => byId.set(id, await provider.status(id, signal ? { signal } : {}))));
      return providerJobIds.map(
        (id) =>
          byId.get(id) ?? {
            providerJobId: id,
            status: "failed" as const,
            error: { code: "not_found", message: `HeyGen has no video "${id}"`, isRetryable: false },
          },
      );
    },

    async cancel(providerJobId, { signal } = {}) {
      try {
        await call(`/v3/videos/${encodeURIComponent(providerJobId)}`, {
          method: "DELETE",
          schema: deleteVideoResponseSchema,
          ...(signal && { signal }),
        });
      } catch (error) {
        if (HeyGenApiError.isInstance(error) && (error as ApiCallError).statusCode === 404) return;
        throw error;
      }
    },

    ...templates,

    ...webhookEndpoints,

    async verifyWebhook(delivery) {
      return verifyHeyGenWebhook(delivery, {
        secrets: resolveHeyGenWebhookSecrets(settings),
        headers: settings.webhookHeaders,
        toleranceSeconds: settings.webhookToleranceSeconds,
        signedPayload: settings.webhookSignedPayload,
        ledger,
        now: clock.now(),
      });
    },

    async forgetWebhookEvent(eventId) {
      await ledger.forget?.(eventId);
    },

    clearCache() {
      cache.clear();
    },
  };

  /** Checks the look (and the voice) before paying, and picks the look's default voice when none is given. */
  async function resolveVoice(request: HeyGenRenderRequest, signal: AbortSignal | undefined): Promise<string | undefined> {
    if (!settings.validateIds) return request.voiceId;
    const look = await provider.getAvatarLook(request.avatarId, signal ? { signal } : {});
    if (look.status && look.status !== "completed") {
      throw new ValidationError({
        context: "start",
        issues: [{ path: "request.avatarId", message: `avatar look "${look.id}" is not ready (status ${look.status})` }],
      });
    }
    const engines = look.supported_api_engines ?? [];
    if (request.engine && engines.length > 0 && !engines.includes(request.engine)) {
      throw new ValidationError({
        context: "start",
        issues: [{ path: "request.engine", message: `avatar look "${look.id}" supports ${engines.join(", ")}, not ${request.engine}` }],
      });
    }
    const voiceId = request.voiceId ?? look.default_voice_id ?? undefined;
    if (request.script !== undefined && voiceId === undefined) {
      throw new ValidationError({
        context: "start",
        issues: [{ path: "request.voiceId", message: `a script needs a voiceId: avatar look "${look.id}" has no default voice` }],
      });
    }
    if (request.voiceId !== undefined) await getVoice(request.voiceId, signal);
    return voiceId;
  }

  function getVoice(voiceId: string, signal: AbortSignal | undefined): Promise<HeyGenVoice> {
    return cache.get(`voice:${voiceId}`, () =>
      call(`/v3/voices/${encodeURIComponent(voiceId)}`, { schema: dataSchema(heyGenVoiceSchema), ...(signal && { signal }) })
        .then((response) => response.data)
        .catch((error: unknown) => {
          throw notFoundAs(error, "HEYGEN_VOICE_NOT_FOUND", `HeyGen has no voice "${voiceId}"`);
        }),
    );
  }

  return provider;
}

function bulkEntryStatus(entry: z.infer<typeof heyGenStatusEntrySchema>): VideoRenderStatus {
  const providerJobId = entry.video_id ?? "";
  if (entry.status === "not_found") {
    return {
      providerJobId,
      status: "failed",
      error: { code: "not_found", message: `HeyGen has no video "${providerJobId}"`, isRetryable: false },
    };
  }
  if (entry.status === "failed") {
    const code = typeof entry.error?.code === "string" ? entry.error.code : "rendering_failed";
    const message = typeof entry.error?.message === "string" ? entry.error.message : "HeyGen reported the render as failed";
    return { providerJobId, status: "failed", error: { code, message, isRetryable: false } };
  }
  return toRenderStatus({ id: providerJobId, status: entry.status });
}
