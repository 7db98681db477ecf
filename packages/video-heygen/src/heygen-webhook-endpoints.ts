import { parseInput } from "@undercurrent/core";
import { z } from "zod";
import { dataSchema, heyGenWebhookEndpointSchema, rotateSecretResponseSchema } from "./heygen-api.js";
import { checkIdempotencyKey, type HeyGenClient } from "./heygen-client.js";
import type { HeyGenVideoProvider, HeyGenWebhookEndpoint } from "./heygen-video-provider-types.js";

type WebhookEndpointOperations = Pick<
  HeyGenVideoProvider,
  | "registerWebhookEndpoint"
  | "listWebhookEndpoints"
  | "updateWebhookEndpoint"
  | "deleteWebhookEndpoint"
  | "rotateWebhookSecret"
  | "listWebhookEventTypes"
>;

function toEndpoint(raw: z.infer<typeof heyGenWebhookEndpointSchema>): HeyGenWebhookEndpoint {
  return {
    endpointId: raw.endpoint_id,
    url: raw.url,
    events: raw.events ?? null,
    status: raw.status ?? "enabled",
    ...(raw.created_at && { createdAt: raw.created_at }),
    ...(raw.secret && { secret: raw.secret }),
  };
}

/** The provider's webhook endpoint calls: register, list, update, delete, rotate the secret, list event types. */
export function createWebhookEndpointOperations(client: HeyGenClient): WebhookEndpointOperations {
  const { call, listAll } = client;
  return {
    async registerWebhookEndpoint(input, { idempotencyKey, signal } = {}) {
      const parsed = parseInput(
        z.strictObject({ url: z.url({ protocol: /^https?$/ }), events: z.array(z.string().min(1)).min(1).nullish() }),
        input,
        "registerWebhookEndpoint",
        "input",
      );
      const key = idempotencyKey === undefined ? undefined : checkIdempotencyKey(idempotencyKey, "registerWebhookEndpoint");
      const { data } = await call("/v3/webhooks/endpoints", {
        method: "POST",
        json: { url: parsed.url, ...(parsed.events !== undefined && { events: parsed.events }) },
        schema: dataSchema(heyGenWebhookEndpointSchema),
        ...(key && { idempotencyKey: key }),
        ...(signal && { signal }),
      });
      return toEndpoint(data);
    },

    async listWebhookEndpoints({ signal } = {}) {
      return (await listAll("/v3/webhooks/endpoints", heyGenWebhookEndpointSchema, { limit: 100 }, signal)).map(toEndpoint);
    },

    async updateWebhookEndpoint(endpointId, input, { signal } = {}) {
      const parsed = parseInput(
        z.strictObject({ url: z.url({ protocol: /^https?$/ }).optional(), events: z.array(z.string().min(1)).min(1).nullish() }),
        input,
        "updateWebhookEndpoint",
        "input",
      );
      const { data } = await call(`/v3/webhooks/endpoints/${encodeURIComponent(endpointId)}`, {
        method: "PATCH",
        json: parsed,
        schema: dataSchema(heyGenWebhookEndpointSchema),
        ...(signal && { signal }),
      });
      return toEndpoint(data);
    },

    async deleteWebhookEndpoint(endpointId, { signal } = {}) {
      await call(`/v3/webhooks/endpoints/${encodeURIComponent(endpointId)}`, { method: "DELETE", ...(signal && { signal }) });
    },

    async rotateWebhookSecret(endpointId, { idempotencyKey, signal } = {}) {
      const key = idempotencyKey === undefined ? undefined : checkIdempotencyKey(idempotencyKey, "rotateWebhookSecret");
      const { data } = await call(`/v3/webhooks/endpoints/${encodeURIComponent(endpointId)}/rotate-secret`, {
        method: "POST",
        json: {},
        schema: rotateSecretResponseSchema,
        ...(key && { idempotencyKey: key }),
        ...(signal && { signal }),
      });
      return { endpointId: data.endpoint_id, secret: data.secret };
    },

    async listWebhookEventTypes({ signal } = {}) {
      const { data } = await call("/v3/webhooks/event-types", {
        schema: dataSchema(z.array(z.object({ event_type: z.string(), description: z.string().nullish() }))),
        ...(signal && { signal }),
      });
      return data.map((type) => ({ eventType: type.event_type, ...(type.description && { description: type.description }) }));
    },
  };
}
