import { createHmac } from "node:crypto";
import {
  ConfigError,
  createEventBus,
  createMemoryStore,
  type Logger,
  type Store,
  UndercurrentError,
  type VideoProvider,
  type VideoWebhookEvent,
} from "@undercurrent/core";
import { createMockVideoProvider, makeVideoJob } from "@undercurrent/core/testing";
import { describe, expect, it } from "vitest";
import type { VideoWebhookResult } from "./video-webhook.js";
import { createVideoWebhookReceiver } from "./video-webhook-receiver.js";

const secret = "whsec_test_secret_value";

/** Core's mock provider plus a verifier shaped like a real one: HMAC of the raw body, dedupe by event id. */
function verifyingProvider(): VideoProvider & { forgotten: string[] } {
  const seen = new Set<string>();
  const forgotten: string[] = [];
  return {
    ...createMockVideoProvider(),
    forgotten,
    async verifyWebhook({ rawBody, headers }): Promise<VideoWebhookEvent> {
      const get = (name: string) => (headers instanceof Headers ? headers.get(name) : headers[name]) ?? undefined;
      const signature = get("x-signature");
      if (!signature) throw new UndercurrentError({ code: "WEBHOOK_HEADERS_MISSING", message: "missing x-signature" });
      const body = typeof rawBody === "string" ? rawBody : Buffer.from(rawBody).toString("utf8");
      if (createHmac("sha256", secret).update(body).digest("hex") !== signature) {
        throw new UndercurrentError({ code: "WEBHOOK_SIGNATURE_INVALID", message: "the signature does not match the raw body" });
      }
      const payload = JSON.parse(body) as { id: string; video: string; url: string };
      if (seen.has(payload.id)) throw new UndercurrentError({ code: "WEBHOOK_DUPLICATE", message: `${payload.id} already received` });
      seen.add(payload.id);
      return {
        eventId: payload.id,
        type: "video.done",
        render: { providerJobId: payload.video, status: "completed", result: { videoUrl: payload.url } },
      };
    },
    // A provider-specific extra (HeyGen's provider has it): forget an event id so the retry of a failed write counts.
    async forgetWebhookEvent(eventId: string) {
      forgotten.push(eventId);
      seen.delete(eventId);
    },
  } as VideoProvider & { forgotten: string[] };
}

function delivery(body: object, sign = true): Request {
  const raw = JSON.stringify(body);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (sign) headers["x-signature"] = createHmac("sha256", secret).update(raw).digest("hex");
  return new Request("http://127.0.0.1/webhooks/video", { method: "POST", headers, body: raw });
}

async function ledger(): Promise<Store> {
  const store = createMemoryStore();
  await store.putVideoJob(
    makeVideoJob({ id: "job-1", provider: "mock-video", status: "pending", providerJobId: "render-1", batchId: "b" }),
  );
  return store;
}

describe("createVideoWebhookReceiver", () => {
  it("records a verified delivery, answers a replay 200 without writing, and reports each outcome", async () => {
    const store = await ledger();
    const bus = createEventBus();
    const updates: string[] = [];
    bus.on("video-job-updated", ({ job }) => updates.push(`${job.id}:${job.status}`));
    const results: VideoWebhookResult[] = [];
    const receiver = createVideoWebhookReceiver({
      provider: verifyingProvider(),
      store,
      events: bus,
      onResult: (result) => results.push(result),
    });

    const event = { id: "evt-1", video: "render-1", url: "https://cdn.example.com/render-1.mp4" };
    const first = await receiver.handle(delivery(event));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, outcome: "applied" });
    expect(await store.getVideoJob("job-1")).toMatchObject({ status: "completed", result: { videoUrl: event.url } });

    const replay = await receiver.handle(delivery(event));
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ received: true, duplicate: true });

    // The same render under a new event id (a provider that resends with a fresh id): already recorded.
    const resent = await receiver.receive({
      rawBody: JSON.stringify({ ...event, id: "evt-2" }),
      headers: { "x-signature": sign({ ...event, id: "evt-2" }) },
    });
    expect(resent).toMatchObject({ status: 200, body: { outcome: "already-recorded" } });

    const unknown = await receiver.handle(delivery({ id: "evt-3", video: "render-9", url: "https://cdn.example.com/9.mp4" }));
    expect(await unknown.json()).toEqual({ received: true, outcome: "ignored", reason: "unknown-job" });

    expect(results.map((result) => result.outcome)).toEqual(["applied", "already-recorded", "ignored"]);
    expect(updates).toEqual(["job-1:completed"]);
  });

  it("rejects a forged or unsigned delivery and a GET, writing nothing", async () => {
    const store = await ledger();
    const lines: string[] = [];
    const logger: Logger = {
      debug() {},
      info() {},
      warn: (message, fields) => lines.push(`${message} ${JSON.stringify(fields)}`),
      error() {},
    };
    const receiver = createVideoWebhookReceiver({ provider: verifyingProvider(), store, logger });
    const event = { id: "evt-1", video: "render-1", url: "https://cdn.example.com/render-1.mp4" };

    const forged = await receiver.receive({ rawBody: JSON.stringify(event), headers: { "x-signature": "0".repeat(64) } });
    expect(forged).toMatchObject({ status: 401, body: { received: false, error: { code: "WEBHOOK_SIGNATURE_INVALID" } } });
    const unsigned = await receiver.handle(delivery(event, false));
    expect(unsigned.status).toBe(400);
    const get = await receiver.handle(new Request("http://127.0.0.1/webhooks/video"));
    expect(get.status).toBe(405);

    expect((await store.getVideoJob("job-1"))?.status).toBe("pending");
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toContain(secret);
  });

  it("answers 500 when the ledger cannot be written, and lets the provider's retry through", async () => {
    const store = await ledger();
    let failWrites = true;
    const flaky: Store = {
      ...store,
      transaction: (work) =>
        store.transaction((inner) =>
          work({
            ...inner,
            putVideoJob: async (job) => {
              if (failWrites) throw new UndercurrentError({ code: "STORE_UNAVAILABLE", message: "disk full" });
              await inner.putVideoJob(job);
            },
          }),
        ),
    };
    const provider = verifyingProvider();
    const receiver = createVideoWebhookReceiver({ provider, store: flaky });
    const event = { id: "evt-1", video: "render-1", url: "https://cdn.example.com/render-1.mp4" };

    const failed = await receiver.handle(delivery(event));
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ received: false, error: { code: "LEDGER_WRITE_FAILED" } });
    expect(provider.forgotten).toEqual(["evt-1"]);
    expect((await store.getVideoJob("job-1"))?.status).toBe("pending");

    failWrites = false;
    const retried = await receiver.handle(delivery(event));
    expect(await retried.json()).toEqual({ received: true, outcome: "applied" });
    expect((await store.getVideoJob("job-1"))?.status).toBe("completed");
  });

  it("needs a provider that can verify webhooks", () => {
    const store = createMemoryStore();
    expect(() => createVideoWebhookReceiver({ provider: createMockVideoProvider(), store })).toThrow(ConfigError);
    expect(() => createVideoWebhookReceiver({ provider: createMockVideoProvider(), store })).toThrow("options.provider");
  });
});

function sign(body: object): string {
  return createHmac("sha256", secret).update(JSON.stringify(body)).digest("hex");
}
