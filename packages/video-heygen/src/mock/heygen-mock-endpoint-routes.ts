import { randomBytes } from "node:crypto";
import { mockEventTypes } from "./heygen-mock-catalogue.js";
import { dataReply, errorReply, invalidParameter, type MockReply, pageReply } from "./heygen-mock-replies.js";
import type { MockRequest } from "./heygen-mock-routes.js";
import { type MockEndpoint, newWebhookSecret, type WebhookDispatcher } from "./heygen-mock-webhooks.js";

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The mock's webhook endpoint routes: register, list, update, delete, rotate the secret, delivery history. */
export class MockEndpointRoutes {
  constructor(
    readonly endpoints: Map<string, MockEndpoint>,
    private readonly dispatcher: WebhookDispatcher,
    private readonly now: () => number,
    private readonly settings: { maxPageSize?: number | undefined },
  ) {}

  #checkEvents(events: unknown): MockReply | string[] | null {
    if (events === undefined || events === null) return null;
    if (!Array.isArray(events) || events.length === 0) return invalidParameter("events", "events must be a non-empty array or null");
    const known = new Set(mockEventTypes.map((type) => type.event_type));
    for (const event of events)
      if (typeof event !== "string" || !known.has(event)) return invalidParameter("events", `unknown event type ${String(event)}`);
    return events as string[];
  }

  #checkUrl(url: unknown): boolean {
    try {
      return typeof url === "string" && /^https?:$/.test(new URL(url).protocol);
    } catch {
      return false;
    }
  }

  createEndpoint(request: MockRequest): MockReply {
    const body = isObject(request.body) ? request.body : {};
    if (!this.#checkUrl(body.url)) return invalidParameter("url", "url must be an http(s) URL");
    const events = this.#checkEvents(body.events);
    if (events !== null && !Array.isArray(events)) return events;
    if ([...this.endpoints.values()].some((endpoint) => endpoint.url === body.url)) {
      return errorReply(409, "conflict", `A webhook endpoint for ${String(body.url)} already exists`, "url");
    }
    const endpoint: MockEndpoint = {
      endpoint_id: `ep_${randomBytes(6).toString("hex")}`,
      url: body.url as string,
      events,
      status: "enabled",
      created_at: new Date(this.now()).toISOString(),
      secret: newWebhookSecret(),
    };
    this.endpoints.set(endpoint.endpoint_id, endpoint);
    return dataReply({ ...endpoint });
  }

  listEndpoints(request: MockRequest): MockReply {
    const endpoints = [...this.endpoints.values()].map((endpoint) => ({ ...endpoint, secret: null }));
    return pageReply(endpoints, request.url.searchParams, { min: 1, max: 100, fallback: 10 }, this.settings.maxPageSize);
  }

  updateEndpoint(id: string, request: MockRequest): MockReply {
    const endpoint = this.endpoints.get(id);
    if (!endpoint) return errorReply(404, "webhook_not_found", `Webhook endpoint ${id} not found`);
    const body = isObject(request.body) ? request.body : {};
    if (body.url !== undefined && !this.#checkUrl(body.url)) return invalidParameter("url", "url must be an http(s) URL");
    if ("events" in body) {
      const events = this.#checkEvents(body.events);
      if (events !== null && !Array.isArray(events)) return events;
      endpoint.events = events;
    }
    if (typeof body.url === "string") endpoint.url = body.url;
    return dataReply({ ...endpoint, secret: null });
  }

  deleteEndpoint(id: string): MockReply {
    if (!this.endpoints.delete(id)) return errorReply(404, "webhook_not_found", `Webhook endpoint ${id} not found`);
    return dataReply({ endpoint_id: id, deleted: true });
  }

  rotateSecret(id: string): MockReply {
    const endpoint = this.endpoints.get(id);
    if (!endpoint) return errorReply(404, "webhook_not_found", `Webhook endpoint ${id} not found`);
    endpoint.secret = newWebhookSecret();
    return dataReply({ endpoint_id: id, secret: endpoint.secret });
  }

  listEvents(request: MockRequest): MockReply {
    return pageReply(
      [...this.dispatcher.events].reverse(),
      request.url.searchParams,
      { min: 1, max: 100, fallback: 10 },
      this.settings.maxPageSize,
    );
  }
}
