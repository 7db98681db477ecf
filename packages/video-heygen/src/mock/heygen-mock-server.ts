import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseOptions } from "@undercurrent/core";
import { mockEventTypes, mockLooks, mockTemplates, mockVoices } from "./heygen-mock-catalogue.js";
import {
  type HeyGenMockFaults,
  type HeyGenMockServerOptions,
  heyGenMockFaultsSchema,
  parseHeyGenMockOptions,
  seededRandom,
} from "./heygen-mock-options.js";
import { dataReply, errorReply, invalidParameter, type MockReply } from "./heygen-mock-replies.js";
import { emptyCounters, type HeyGenMockCounters, HeyGenMockState, type MockRequest } from "./heygen-mock-routes.js";
import { isValidIdempotencyKey } from "./heygen-mock-validation.js";
import { type MockWebhookDelivery, type MockWebhookEvent, WebhookDispatcher } from "./heygen-mock-webhooks.js";

/** One request the mock received (the API key is never recorded). */
export interface HeyGenMockRequestRecord {
  method: string;
  /** Path and query. */
  path: string;
  /** Whether the API key was accepted. */
  authorized: boolean;
  idempotencyKey?: string;
  /** The parsed JSON body, if any. */
  body?: unknown;
  /** Status answered; undefined when the connection was dropped (an injected timeout). */
  status?: number;
}

/** A running HeyGen v3 mock on loopback. */
export interface HeyGenMockServer {
  /** Base URL to pass as `baseURL`, e.g. `http://127.0.0.1:53123`. */
  readonly url: string;
  /** The API key the mock accepts. */
  readonly apiKey: string;
  /** The secret per-video `callback_url` deliveries are signed with (registered endpoints get their own). */
  readonly callbackSecret: string;
  /** Live counters (paid renders, duplicate paid renders, requests, faults…). */
  readonly counters: Readonly<HeyGenMockCounters>;
  /** Every request received, oldest first. */
  readonly requests: readonly HeyGenMockRequestRecord[];
  /** Every webhook delivery attempt. */
  readonly webhookDeliveries: readonly MockWebhookDelivery[];
  /** Every webhook event raised. */
  readonly webhookEvents: readonly MockWebhookEvent[];
  /** Wallet balance in USD. */
  readonly balanceUsd: number;
  /** The mock's current time (its clock plus every `advance`), epoch ms. */
  now(): number;
  /** Moves the mock's time forward, settles renders that finished and waits for their webhooks. */
  advance(milliseconds: number): Promise<void>;
  /** Waits until every webhook delivery started so far has finished. */
  flushWebhooks(): Promise<void>;
  /** Replaces the injected faults (validated; unspecified rates become 0). */
  setFaults(faults: HeyGenMockFaults): void;
  /** Sets the wallet balance in USD. */
  setBalance(usd: number): void;
  /** The Video object of a render as `GET /v3/videos/{id}` would return it now, or undefined. */
  video(videoId: string): Record<string, unknown> | undefined;
  /** Stops listening, drops open connections and stops webhook retries. */
  close(): Promise<void>;
}

interface Route {
  method: string;
  pattern: RegExp;
  /** Creates a paid render (faults with `routes: "creates"` hit these; lost responses apply). */
  create?: boolean;
  /** Honours `Idempotency-Key`. */
  idempotent?: boolean;
  handle(state: HeyGenMockState, request: MockRequest, parameters: string[]): MockReply;
}

const routes: Route[] = [
  { method: "POST", pattern: /^\/v3\/videos$/, create: true, idempotent: true, handle: (state, request) => state.createVideo(request) },
  { method: "GET", pattern: /^\/v3\/videos\/statuses$/, handle: (state, request) => state.videoStatuses(request) },
  { method: "GET", pattern: /^\/v3\/videos$/, handle: (state, request) => state.listVideos(request) },
  { method: "GET", pattern: /^\/v3\/videos\/([^/]+)$/, handle: (state, _, [id]) => state.getVideo(id!) },
  { method: "DELETE", pattern: /^\/v3\/videos\/([^/]+)$/, handle: (state, _, [id]) => state.deleteVideo(id!) },
  { method: "GET", pattern: /^\/v3\/avatars\/looks$/, handle: (state, request) => state.catalogue.listLooks(request) },
  { method: "GET", pattern: /^\/v3\/avatars\/looks\/([^/]+)$/, handle: (state, _, [id]) => state.catalogue.getLook(id!) },
  { method: "GET", pattern: /^\/v3\/avatars$/, handle: (state, request) => state.catalogue.listGroups(request) },
  { method: "GET", pattern: /^\/v3\/avatars\/([^/]+)$/, handle: (state, _, [id]) => state.catalogue.getGroup(id!) },
  { method: "GET", pattern: /^\/v3\/voices$/, handle: (state, request) => state.catalogue.listVoices(request) },
  { method: "GET", pattern: /^\/v3\/voices\/([^/]+)$/, handle: (state, _, [id]) => state.catalogue.getVoice(id!) },
  { method: "GET", pattern: /^\/v3\/templates$/, handle: (state, request) => state.catalogue.listTemplates(request) },
  { method: "GET", pattern: /^\/v3\/templates\/([^/]+)$/, handle: (state, _, [id]) => state.catalogue.getTemplate(id!) },
  {
    method: "POST",
    pattern: /^\/v3\/templates\/([^/]+)$/,
    create: true,
    idempotent: true,
    handle: (state, request, [id]) => state.renderTemplate(id!, request),
  },
  { method: "GET", pattern: /^\/v3\/users\/me$/, handle: (state) => state.me() },
  {
    method: "POST",
    pattern: /^\/v3\/webhooks\/endpoints$/,
    idempotent: true,
    handle: (state, request) => state.webhookEndpoints.createEndpoint(request),
  },
  { method: "GET", pattern: /^\/v3\/webhooks\/endpoints$/, handle: (state, request) => state.webhookEndpoints.listEndpoints(request) },
  {
    method: "PATCH",
    pattern: /^\/v3\/webhooks\/endpoints\/([^/]+)$/,
    handle: (state, request, [id]) => state.webhookEndpoints.updateEndpoint(id!, request),
  },
  {
    method: "DELETE",
    pattern: /^\/v3\/webhooks\/endpoints\/([^/]+)$/,
    handle: (state, _, [id]) => state.webhookEndpoints.deleteEndpoint(id!),
  },
  {
    method: "POST",
    pattern: /^\/v3\/webhooks\/endpoints\/([^/]+)\/rotate-secret$/,
    idempotent: true,
    handle: (state, _, [id]) => state.webhookEndpoints.rotateSecret(id!),
  },
  { method: "GET", pattern: /^\/v3\/webhooks\/event-types$/, handle: () => dataReply(mockEventTypes) },
  { method: "GET", pattern: /^\/v3\/webhooks\/events$/, handle: (state, request) => state.webhookEndpoints.listEvents(request) },
];

const maxBodyBytes = 1_000_000;

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    request.on("end", () => resolve(size > maxBodyBytes ? undefined : Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

interface IdempotencyEntry {
  state: "in_progress" | "done";
  reply?: MockReply;
  expiresAt: number;
}

/**
 * Starts a HeyGen v3 mock: a real HTTP server on loopback (port 0 by default) implementing the endpoints the
 * provider uses with HeyGen's field names and error envelopes — renders that go `waiting` → `pending` →
 * `processing` → `completed` | `failed` over the mock's time (real time, plus `advance`), the plan's concurrency
 * (429 + `Retry-After`), a wallet (402 `insufficient_credit`), idempotent replay (`request_in_progress` while the
 * first call runs), signed webhooks to `callback_url` and registered endpoints, injected faults, and counters.
 */
export async function createHeyGenMockServer(options: HeyGenMockServerOptions = {}): Promise<HeyGenMockServer> {
  const settings = parseHeyGenMockOptions(options);
  const baseClock = settings.clock ?? { now: () => Date.now() };
  let offset = 0;
  const now = () => baseClock.now() + offset;
  const counters = emptyCounters();
  const random = seededRandom(settings.seed);
  let faults = settings.faults;
  const dispatcher = new WebhookDispatcher(
    { attempts: settings.webhookAttempts, signedPayload: settings.webhookSignedPayload, now },
    counters,
  );
  const state = new HeyGenMockState(settings, counters, dispatcher, random, now, {
    looks: settings.looks ?? mockLooks,
    voices: settings.voices ?? mockVoices,
    templates: settings.templates ?? mockTemplates,
  });
  const idempotency = new Map<string, IdempotencyEntry>();
  const records: HeyGenMockRequestRecord[] = [];
  const hanging = new Set<ServerResponse>();

  const send = (response: ServerResponse, reply: MockReply, record: HeyGenMockRequestRecord) => {
    record.status = reply.status;
    const body = reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
    response.writeHead(reply.status, {
      "content-type": typeof reply.body === "string" ? "text/html; charset=utf-8" : "application/json",
      "x-request-id": `req_${randomBytes(8).toString("hex")}`,
      ...reply.headers,
    });
    response.end(body);
  };

  const hang = (response: ServerResponse) => {
    counters.injectedTimeouts++;
    hanging.add(response);
    const timer = setTimeout(() => {
      hanging.delete(response);
      response.socket?.destroy();
    }, faults.hangMs);
    timer.unref();
  };

  const serverError = (): MockReply => {
    counters.injectedServerErrors++;
    const pick = random();
    if (pick < 0.34) return { status: 502, body: "<html><body><h1>502 Bad Gateway</h1></body></html>" };
    if (pick < 0.67) return errorReply(503, "service_unavailable", "The service is temporarily unavailable");
    return errorReply(500, "internal_error", "An internal error occurred");
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    counters.requests++;
    const url = new URL(request.url ?? "/", "http://mock.local");
    const method = (request.method ?? "GET").toUpperCase();
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const idempotencyKey = header("idempotency-key");
    const record: HeyGenMockRequestRecord = {
      method,
      path: `${url.pathname}${url.search}`,
      authorized: false,
      ...(idempotencyKey && { idempotencyKey }),
    };
    records.push(record);
    const text = await readBody(request);
    if (method === "OPTIONS") return send(response, { status: 200 }, record);
    if (text === undefined) return send(response, errorReply(413, "payload_too_large", "The request body is too large"), record);
    state.settle();

    const apiKey = header("x-api-key") ?? /^Bearer\s+(.+)$/i.exec(header("authorization") ?? "")?.[1];
    if (apiKey !== settings.apiKey) {
      return send(
        response,
        errorReply(401, "unauthorized", apiKey ? "Invalid API key" : "Missing API key: send the X-Api-Key header"),
        record,
      );
    }
    record.authorized = true;

    let route: Route | undefined;
    let parameters: string[] = [];
    for (const candidate of routes) {
      const match = candidate.pattern.exec(url.pathname);
      if (match && candidate.method === method) {
        route = candidate;
        parameters = match.slice(1).map(decodeURIComponent);
        break;
      }
    }
    if (!route) return send(response, errorReply(404, "not_found", `No route ${method} ${url.pathname}`), record);

    let body: unknown;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        return send(response, invalidParameter("body", "the request body is not valid JSON"), record);
      }
    }
    record.body = body;
    if (route.create) counters.createRequests++;

    // Injected faults: drawn per request; on creates some 5xx and timeouts strike after the render was paid.
    let lateFault: "error" | "timeout" | undefined;
    if (faults.routes === "all" || route.create) {
      const draw = random();
      const after = route.create && random() < faults.lostResponseShare;
      if (draw < faults.rateLimitRate) {
        counters.injectedRateLimits++;
        return send(
          response,
          errorReply(429, "rate_limit_exceeded", "Too many requests", undefined, { "retry-after": String(faults.retryAfterSeconds) }),
          record,
        );
      }
      if (draw < faults.rateLimitRate + faults.serverErrorRate) {
        if (!after) return send(response, serverError(), record);
        lateFault = "error";
      } else if (draw < faults.rateLimitRate + faults.serverErrorRate + faults.timeoutRate) {
        if (!after) return hang(response);
        lateFault = "timeout";
      }
    }

    let entryKey: string | undefined;
    if (route.idempotent && idempotencyKey !== undefined) {
      if (!isValidIdempotencyKey(idempotencyKey)) {
        return send(
          response,
          invalidParameter("Idempotency-Key", "Idempotency-Key must be 1-255 characters from A-Z a-z 0-9 _ : . -"),
          record,
        );
      }
      entryKey = `${method} ${route.pattern.source} ${parameters.join("/")} ${idempotencyKey}`;
      const entry = idempotency.get(entryKey);
      if (entry && entry.expiresAt > now()) {
        if (entry.state === "in_progress") {
          counters.requestInProgress++;
          return send(
            response,
            errorReply(409, "request_in_progress", "A request with this Idempotency-Key is still being processed"),
            record,
          );
        }
        counters.idempotentReplays++;
        return send(response, { ...entry.reply!, headers: { ...entry.reply!.headers, "idempotent-replayed": "true" } }, record);
      }
      idempotency.set(entryKey, { state: "in_progress", expiresAt: now() + 86_400_000 });
    }

    let reply: MockReply;
    try {
      if (route.create && settings.createLatencyMs > 0) await new Promise((resolve) => setTimeout(resolve, settings.createLatencyMs));
      reply = route.handle(state, { method, url, body }, parameters);
    } catch (error) {
      reply = errorReply(500, "internal_error", error instanceof Error ? error.message : "internal error");
    }
    if (entryKey) {
      // Successes are replayed for 24 h; a failed call frees the key for a retry.
      if (reply.status < 300) idempotency.set(entryKey, { state: "done", reply, expiresAt: now() + 86_400_000 });
      else idempotency.delete(entryKey);
    }
    if (lateFault === "error") return send(response, serverError(), record);
    if (lateFault === "timeout") return hang(response);
    send(response, reply, record);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        response.writeHead(500, { "content-type": "application/json" });
        response.end(
          JSON.stringify({ error: { code: "internal_error", message: error instanceof Error ? error.message : "internal error" } }),
        );
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const ticker = setInterval(() => state.settle(), 25);
  ticker.unref();

  return {
    url: `http://${host}:${address.port}`,
    apiKey: settings.apiKey,
    callbackSecret: settings.callbackSecret,
    counters,
    requests: records,
    webhookDeliveries: dispatcher.deliveries,
    webhookEvents: dispatcher.events,
    get balanceUsd() {
      return state.balanceUsd;
    },
    now,
    async advance(milliseconds) {
      offset += Math.max(0, milliseconds);
      state.settle();
      await dispatcher.idle();
    },
    async flushWebhooks() {
      state.settle();
      await dispatcher.idle();
    },
    setFaults(next) {
      faults = parseOptions(heyGenMockFaultsSchema, next, "setFaults", "faults");
    },
    setBalance(usd) {
      state.balanceUsd = usd;
    },
    video(videoId) {
      const render = state.renders.get(videoId);
      const reply = render ? state.getVideo(videoId) : undefined;
      return reply?.status === 200 ? (reply.body as { data: Record<string, unknown> }).data : undefined;
    },
    async close() {
      clearInterval(ticker);
      dispatcher.close();
      for (const response of hanging) response.socket?.destroy();
      hanging.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
