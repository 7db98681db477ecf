import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createManualClock, UndercurrentError } from "@undercurrent/core";
import { afterEach, describe, expect, it } from "vitest";
import { createHeyGenVideoProvider } from "./heygen-video-provider.js";
import type { HeyGenVideoProviderOptions } from "./heygen-video-provider-options.js";
import { type HeyGenWebhookEvent, signHeyGenWebhook, webhookResponseStatus } from "./heygen-webhook.js";
import { createHeyGenWebhookHandler } from "./heygen-webhook-handler.js";
import { createHeyGenMockServer, type HeyGenMockServer } from "./mock/heygen-mock-server.js";

const secret = "whsec_k7x9m2testsecret";
const start = Date.parse("2026-11-25T12:08:00Z");
const body = JSON.stringify({
  event_id: "evt_01JD8Q2M4X",
  event_type: "avatar_video.success",
  created_at: "2026-11-25T12:08:00Z",
  event_data: {
    video_id: "b41d7c9e2f5a4e0c9a3b6d8e1f2a3c4d",
    url: "https://files.heygen.ai/video/b41d7c9e.mp4?Expires=1",
    gif_download_url: "https://files.heygen.ai/gif/b41d7c9e.gif",
    video_share_page_url: "https://app.heygen.com/share/b41d7c9e",
    folder_id: null,
    callback_id: "job_7f3a2c",
  },
});

function signed(rawBody: string, options: { at?: number; key?: string; eventId?: string } = {}) {
  const timestamp = String(Math.floor((options.at ?? start) / 1000));
  return {
    rawBody,
    headers: {
      "Heygen-Signature": signHeyGenWebhook(options.key ?? secret, rawBody, timestamp),
      "Heygen-Timestamp": timestamp,
      ...(options.eventId !== undefined && { "Heygen-Event-Id": options.eventId }),
    } as Record<string, string>,
  };
}

function provider(options: HeyGenVideoProviderOptions = {}) {
  return createHeyGenVideoProvider({ apiKey: "unused-key", webhookSecret: secret, clock: createManualClock(start), ...options });
}

async function rejection(promise: Promise<unknown>): Promise<UndercurrentError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!UndercurrentError.isInstance(error)) throw new TypeError("expected an UndercurrentError");
  return error;
}

describe("verifyWebhook", () => {
  it("accepts a good signature and maps the event", async () => {
    const event = await provider().verifyWebhook(signed(body, { eventId: "evt_01JD8Q2M4X" }));
    expect(event).toMatchObject({
      eventId: "evt_01JD8Q2M4X",
      type: "avatar_video.success",
      known: true,
      callbackId: "job_7f3a2c",
      timestamp: start,
      render: {
        providerJobId: "b41d7c9e2f5a4e0c9a3b6d8e1f2a3c4d",
        status: "completed",
        result: { videoUrl: "https://files.heygen.ai/video/b41d7c9e.mp4?Expires=1" },
      },
    });
  });

  it("accepts a Uint8Array body and Headers, and a timestamp within the window", async () => {
    const delivery = signed(body, { at: start - 299_000 });
    const event = await provider().verifyWebhook({ rawBody: new TextEncoder().encode(body), headers: new Headers(delivery.headers) });
    expect(event.render.status).toBe("completed");
  });

  it.each([
    ["one flipped byte in the body", () => ({ ...signed(body), rawBody: body.replace("success", "suckess") })],
    ["the wrong secret", () => signed(body, { key: "whsec_someone_else" })],
    ["a forged signature", () => ({ rawBody: body, headers: { ...signed(body).headers, "Heygen-Signature": "f".repeat(64) } })],
    [
      "a truncated signature",
      () => ({
        rawBody: body,
        headers: { ...signed(body).headers, "Heygen-Signature": signed(body).headers["Heygen-Signature"]!.slice(0, 20) },
      }),
    ],
  ])("refuses %s with WEBHOOK_SIGNATURE_INVALID (answer 401)", async (_, delivery) => {
    const error = await rejection(provider().verifyWebhook(delivery()));
    expect(error.code).toBe("WEBHOOK_SIGNATURE_INVALID");
    expect(webhookResponseStatus(error)).toBe(401);
  });

  it("refuses a stale delivery (301 s old) with WEBHOOK_STALE (answer 400)", async () => {
    const error = await rejection(provider().verifyWebhook(signed(body, { at: start - 301_000 })));
    expect(error.code).toBe("WEBHOOK_STALE");
    expect(error.message).toContain("outside the 300 s window");
    expect(webhookResponseStatus(error)).toBe(400);
    const future = await rejection(provider().verifyWebhook(signed(body, { at: start + 600_000 })));
    expect(future.code).toBe("WEBHOOK_STALE");
  });

  it("refuses a delivery without headers with WEBHOOK_HEADERS_MISSING (answer 400)", async () => {
    const error = await rejection(provider().verifyWebhook({ rawBody: body, headers: { "Heygen-Signature": "abc" } }));
    expect(error.code).toBe("WEBHOOK_HEADERS_MISSING");
    expect(error.message).toContain("heygen-timestamp");
    expect(webhookResponseStatus(error)).toBe(400);
  });

  it("processes a replayed event once: the second is WEBHOOK_DUPLICATE (answer 200)", async () => {
    const heygen = provider();
    await heygen.verifyWebhook(signed(body, { eventId: "evt_same" }));
    const error = await rejection(heygen.verifyWebhook(signed(body, { eventId: "evt_same", at: start + 1_000 })));
    expect(error.code).toBe("WEBHOOK_DUPLICATE");
    expect(webhookResponseStatus(error)).toBe(200);
    // Without the header, the body's event_id dedupes.
    const other = provider();
    await other.verifyWebhook(signed(body));
    expect((await rejection(other.verifyWebhook(signed(body)))).code).toBe("WEBHOOK_DUPLICATE");
  });

  it("maps a failure, and passes an unknown event type through as not known", async () => {
    const fail = JSON.stringify({
      event_type: "avatar_video.fail",
      event_data: { video_id: "v1", msg: "Avatar rendering timed out", callback_id: "c1" },
    });
    expect((await provider().verifyWebhook(signed(fail))).render).toEqual({
      providerJobId: "v1",
      status: "failed",
      error: { code: "rendering_failed", message: "Avatar rendering timed out", isRetryable: false },
    });
    const unknown = JSON.stringify({ event_id: "evt_x", event_type: "live_avatar.session_started", event_data: {} });
    expect(await provider().verifyWebhook(signed(unknown))).toMatchObject({ known: false, type: "live_avatar.session_started" });
  });

  it("refuses a signed body that is not a HeyGen event", async () => {
    const error = await rejection(provider().verifyWebhook(signed("not json")));
    expect(error.code).toBe("WEBHOOK_PAYLOAD_INVALID");
  });

  it("honours custom header names, the timestamp.body scheme and several secrets while rotating", async () => {
    const heygen = provider({
      webhookSecret: ["whsec_new", secret],
      webhookHeaders: { signature: "X-Signature", timestamp: "X-Timestamp" },
      webhookSignedPayload: "timestamp.body",
    });
    const timestamp = String(start / 1000);
    const event = await heygen.verifyWebhook({
      rawBody: body,
      headers: { "x-signature": signHeyGenWebhook(secret, body, timestamp, "timestamp.body"), "x-timestamp": timestamp },
    });
    expect(event.type).toBe("avatar_video.success");
    const bodyOnly = await rejection(
      provider({
        webhookHeaders: { signature: "X-Signature", timestamp: "X-Timestamp" },
        webhookSignedPayload: "timestamp.body",
      }).verifyWebhook({
        rawBody: body,
        headers: { "x-signature": signHeyGenWebhook(secret, body, timestamp, "body"), "x-timestamp": timestamp },
      }),
    );
    expect(bodyOnly.code).toBe("WEBHOOK_SIGNATURE_INVALID");
  });

  it("needs a secret: a ConfigError naming the option and the variable", async () => {
    const previous = process.env.HEYGEN_WEBHOOK_SECRET;
    delete process.env.HEYGEN_WEBHOOK_SECRET;
    try {
      const error = await rejection(createHeyGenVideoProvider({ apiKey: "k" }).verifyWebhook(signed(body)));
      expect(error.code).toBe("CONFIG_INVALID");
      expect(error.message).toContain("options.webhookSecret: missing: pass webhookSecret or set HEYGEN_WEBHOOK_SECRET");
      process.env.HEYGEN_WEBHOOK_SECRET = secret;
      const event = await createHeyGenVideoProvider({ apiKey: "k", clock: createManualClock(start) }).verifyWebhook(signed(body));
      expect(event.type).toBe("avatar_video.success");
    } finally {
      if (previous === undefined) delete process.env.HEYGEN_WEBHOOK_SECRET;
      else process.env.HEYGEN_WEBHOOK_SECRET = previous;
    }
  });
});

describe("createHeyGenWebhookHandler", () => {
  it("answers 200 once per event, 200 for a duplicate, 401 and 400 for bad deliveries, 500 when handling fails", async () => {
    const heygen = provider();
    const handled: HeyGenWebhookEvent[] = [];
    let failNext = false;
    const handler = createHeyGenWebhookHandler({
      provider: heygen,
      onEvent: (event) => {
        if (failNext) {
          failNext = false;
          throw new Error("database down");
        }
        handled.push(event);
      },
    });
    const post = (delivery: ReturnType<typeof signed>) =>
      handler(new Request("https://hooks.example.com/heygen", { method: "POST", body: delivery.rawBody, headers: delivery.headers }));
    failNext = true;
    expect((await post(signed(body, { eventId: "evt_1" }))).status).toBe(500);
    expect((await post(signed(body, { eventId: "evt_1" }))).status).toBe(200); // redelivery processed after the failure
    const duplicate = await post(signed(body, { eventId: "evt_1" }));
    expect(await duplicate.json()).toEqual({ received: true, duplicate: true });
    expect((await post({ ...signed(body, { eventId: "evt_2" }), rawBody: `${body} ` })).status).toBe(401);
    expect((await post(signed(body, { eventId: "evt_3", at: start - 400_000 }))).status).toBe(400);
    expect(handled.map((event) => event.eventId)).toEqual(["evt_1"]);
    expect((await handler(new Request("https://hooks.example.com/heygen", { method: "OPTIONS" }))).status).toBe(200);
  });
});

describe("webhooks end to end with the mock", () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  async function receiver(handle: (rawBody: Buffer, headers: Headers) => Promise<number>): Promise<string> {
    const server: Server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", async () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(request.headers)) if (typeof value === "string") headers.set(name, value);
        response.writeHead(await handle(Buffer.concat(chunks), headers)).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/heygen`;
  }

  async function mockServer(options: Parameters<typeof createHeyGenMockServer>[0] = {}): Promise<HeyGenMockServer> {
    const mock = await createHeyGenMockServer(options);
    closers.push(() => mock.close());
    return mock;
  }

  it("registers an endpoint, receives signed success and failure events and verifies them", async () => {
    const mock = await mockServer({ failWhenScriptIncludes: "glitch" });
    const events: HeyGenWebhookEvent[] = [];
    let heygen = createHeyGenVideoProvider({ apiKey: mock.apiKey, baseURL: mock.url });
    const url = await receiver(async (rawBody, headers) => {
      try {
        events.push(await heygen.verifyWebhook({ rawBody, headers }));
        return 200;
      } catch (error) {
        return webhookResponseStatus(error);
      }
    });
    const endpoint = await heygen.registerWebhookEndpoint(
      { url, events: ["avatar_video.success", "avatar_video.fail"] },
      { idempotencyKey: "register-1" },
    );
    expect(endpoint).toMatchObject({ url, status: "enabled", events: ["avatar_video.success", "avatar_video.fail"] });
    expect(endpoint.secret).toMatch(/^whsec_/);
    heygen = createHeyGenVideoProvider({ apiKey: mock.apiKey, baseURL: mock.url, webhookSecret: endpoint.secret! });
    const listed = await heygen.listWebhookEndpoints();
    expect(listed).toHaveLength(1);
    expect(listed[0]?.secret).toBeUndefined(); // secrets only on create and rotate

    const request = {
      avatarId: "8f3c1e2a9b7d4c6e8a1f0b2c3d4e5f60",
      script: "All good here.",
      aspectRatio: "16:9" as const,
      callbackId: "job-ok",
    };
    const ok = await heygen.start(request, { idempotencyKey: "hook-ok" });
    const bad = await heygen.start({ ...request, script: "a glitch", callbackId: "job-bad" }, { idempotencyKey: "hook-bad" });
    await mock.advance(10_000);
    expect(events.map((event) => [event.render.providerJobId, event.render.status, event.callbackId])).toEqual(
      expect.arrayContaining([
        [ok.providerJobId, "completed", "job-ok"],
        [bad.providerJobId, "failed", "job-bad"],
      ]),
    );
    expect(mock.webhookDeliveries.every((delivery) => delivery.status === 200)).toBe(true);
    expect(mock.counters.webhooksDelivered).toBe(2);
  });

  it("signs per-video callback_url deliveries with the callback secret, and dedupes duplicated deliveries", async () => {
    const mock = await mockServer({ faults: { webhookDuplicateRate: 1 } });
    const heygen = createHeyGenVideoProvider({ apiKey: mock.apiKey, baseURL: mock.url, webhookSecret: mock.callbackSecret });
    const statuses: number[] = [];
    const processed: string[] = [];
    const url = await receiver(async (rawBody, headers) => {
      try {
        processed.push((await heygen.verifyWebhook({ rawBody, headers })).eventId);
        statuses.push(200);
      } catch (error) {
        statuses.push(webhookResponseStatus(error));
      }
      return 200;
    });
    await heygen.start(
      { avatarId: "8f3c1e2a9b7d4c6e8a1f0b2c3d4e5f60", script: "Ping.", aspectRatio: "1:1", callbackUrl: url },
      { idempotencyKey: "callback-1" },
    );
    await mock.advance(10_000);
    expect(statuses).toEqual([200, 200]);
    expect(processed).toHaveLength(1);
  });

  it("rotates a secret (a new one each time), updates events and deletes endpoints", async () => {
    const mock = await mockServer();
    const heygen = createHeyGenVideoProvider({ apiKey: mock.apiKey, baseURL: mock.url });
    const endpoint = await heygen.registerWebhookEndpoint({ url: "https://hooks.example.com/heygen" });
    const rotated = await heygen.rotateWebhookSecret(endpoint.endpointId);
    expect(rotated.secret).not.toBe(endpoint.secret);
    const updated = await heygen.updateWebhookEndpoint(endpoint.endpointId, { events: ["avatar_video.success"] });
    expect(updated.events).toEqual(["avatar_video.success"]);
    expect((await heygen.listWebhookEventTypes()).map((type) => type.eventType)).toContain("avatar_video.fail");
    await heygen.deleteWebhookEndpoint(endpoint.endpointId);
    expect(await heygen.listWebhookEndpoints()).toEqual([]);
  });
});
