import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  createVideoWebhookReceiver,
  runVideoBatch,
  type VideoBatchItem,
  type VideoWebhookReceiver,
  type VideoWebhookResult,
} from "@undercurrent/content";
import { createEventBus, type VideoProvider } from "@undercurrent/core";
import { createSqliteStore } from "@undercurrent/store-sqlite";
import { createHeyGenMockServer, createHeyGenVideoProvider, type HeyGenMockServer, signHeyGenWebhook } from "@undercurrent/video-heygen";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { serveWebhookReceiver, type WebhookServer } from "./webhook-server.js";

let directory: string;
let mock: HeyGenMockServer | undefined;
let server: WebhookServer | undefined;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), "video-webhooks-"));
});
afterEach(async () => {
  await server?.close();
  await mock?.close();
  server = undefined;
  mock = undefined;
  rmSync(directory, { recursive: true, force: true });
});

/** Status calls the mock answered: `GET /v3/videos/{id}` and the bulk `GET /v3/videos/statuses`. */
function statusRequests(heygen: HeyGenMockServer): number {
  return heygen.requests.filter((request) => request.method === "GET" && /^\/v3\/videos\/[^/?]+/.test(request.path)).length;
}

async function renderItems(provider: VideoProvider, count: number, callbackUrl?: string): Promise<VideoBatchItem[]> {
  const avatar = (await provider.listAvatars()).find((candidate) => candidate.defaultVoiceId);
  if (!avatar?.defaultVoiceId) throw new Error("the mock catalogue has no avatar with a default voice");
  return Array.from({ length: count }, (_, index) => ({
    draftId: `hooked-${index}`,
    request: {
      avatarId: avatar.id,
      voiceId: avatar.defaultVoiceId,
      script: `Webhook video ${index + 1}: the render tells us it is done, so nobody has to keep asking.`,
      aspectRatio: "9:16" as const,
      captions: true,
      ...(callbackUrl && { callbackUrl }),
    },
  }));
}

describe("completing renders from HeyGen webhooks", () => {
  it("finishes a batch from signed callback webhooks, with no status poll", async () => {
    mock = await createHeyGenMockServer({ renderTiming: { pendingMs: 100, processingMs: 300 } });
    const provider = createHeyGenVideoProvider({ apiKey: mock.apiKey, baseURL: mock.url, webhookSecret: mock.callbackSecret });
    const store = createSqliteStore({ path: path.join(directory, "ledger.db") });
    const events = createEventBus();
    const results: VideoWebhookResult[] = [];
    try {
      const receiver = createVideoWebhookReceiver({ provider, store, events, onResult: (result) => results.push(result) });
      server = await serveWebhookReceiver(receiver);

      const report = await runVideoBatch({
        provider,
        store,
        events,
        batchId: "webhooks",
        items: await renderItems(provider, 3, server.url),
        // The first poll would come after an hour: only the webhooks can finish this batch in time.
        polling: { initialIntervalMs: 3_600_000, maxIntervalMs: 3_600_000, timeoutMs: 7_200_000 },
      });
      await mock.flushWebhooks();

      expect(report).toMatchObject({ total: 3, completed: 3, failed: 0, rendering: 0, startsThisRun: 3 });
      expect(statusRequests(mock)).toBe(0);
      expect(mock.counters.paidRenders).toBe(3);
      expect(mock.counters.webhooksDelivered).toBe(3);
      expect(server.answered.get(200)).toBe(3);
      expect(results.map((result) => result.outcome)).toEqual(["applied", "applied", "applied"]);
      for (const job of await store.listVideoJobs({ batchId: "webhooks" })) {
        expect(job.status).toBe("completed");
        expect(job.result?.videoUrl).toMatch(/^https?:\/\//);
      }
    } finally {
      await store.close();
    }
  }, 30_000);

  it("a receiver on its own connection to the ledger finishes jobs the batch then reads instead of polling; replays, forgeries and stale deliveries change nothing", async () => {
    // Every event is delivered twice (HeyGen retries; receivers must dedupe).
    mock = await createHeyGenMockServer({ renderTiming: { pendingMs: 100, processingMs: 300 }, faults: { webhookDuplicateRate: 1 } });
    const ledgerPath = path.join(directory, "ledger.db");
    const setup = createHeyGenVideoProvider({ apiKey: mock.apiKey, baseURL: mock.url });
    // Two processes in production: the web app receives webhooks, a worker runs the batch; they share the SQLite file.
    const receiverStore = createSqliteStore({ path: ledgerPath });
    const batchStore = createSqliteStore({ path: ledgerPath });
    try {
      // The endpoint's secret exists only once it is registered at the server's URL: the receiver is made then.
      let receiver: VideoWebhookReceiver | undefined;
      server = await serveWebhookReceiver({ receive: (delivery) => (receiver as VideoWebhookReceiver).receive(delivery) });
      const endpoint = await setup.registerWebhookEndpoint({ url: server.url, events: ["avatar_video.success", "avatar_video.fail"] });
      const verifier = createHeyGenVideoProvider({ apiKey: mock.apiKey, baseURL: mock.url, webhookSecret: endpoint.secret });
      const logged: string[] = [];
      const log = (message: string, fields?: Record<string, unknown>) => logged.push(`${message} ${JSON.stringify(fields)}`);
      const logger = { debug: log, info: log, warn: log, error: log };
      receiver = createVideoWebhookReceiver({ provider: verifier, store: receiverStore, logger });

      const report = await runVideoBatch({
        provider: createHeyGenVideoProvider({ apiKey: mock.apiKey, baseURL: mock.url }),
        store: batchStore,
        batchId: "two-processes",
        items: await renderItems(setup, 2),
        // The renders take 0.4 s; the batch looks at the ledger after 2 s and finds them finished.
        polling: { initialIntervalMs: 2_000, maxIntervalMs: 2_000, timeoutMs: 60_000 },
      });
      await mock.flushWebhooks();

      expect(report).toMatchObject({ total: 2, completed: 2, failed: 0 });
      expect(statusRequests(mock)).toBe(0);
      expect(mock.counters.webhooksDelivered).toBe(4);
      expect(server.answered.get(200)).toBe(4);
      const jobs = await batchStore.listVideoJobs({ batchId: "two-processes" });
      expect(jobs.map((job) => job.status)).toEqual(["completed", "completed"]);

      // A forged signature and a stale (but correctly signed) delivery for a finished render: rejected, nothing written.
      const [job] = jobs;
      const body = JSON.stringify({
        event_id: "evt-forged",
        event_type: "avatar_video.fail",
        event_data: { video_id: job?.providerJobId, failure_message: "forged" },
      });
      const now = String(Math.floor(Date.now() / 1000));
      const forged = await fetch(server.url, {
        method: "POST",
        headers: { "heygen-signature": "0".repeat(64), "heygen-timestamp": now, "heygen-event-id": "evt-forged" },
        body,
      });
      expect(forged.status).toBe(401);
      const old = String(Math.floor(Date.now() / 1000) - 3_600);
      const stale = await fetch(server.url, {
        method: "POST",
        headers: {
          "heygen-signature": signHeyGenWebhook(String(endpoint.secret), body, old),
          "heygen-timestamp": old,
          "heygen-event-id": "evt-old",
        },
        body,
      });
      expect(stale.status).toBe(400);
      const answers = `${await forged.text()} ${await stale.text()}`;
      expect(answers).toContain("WEBHOOK_SIGNATURE_INVALID");
      expect(answers).toContain("WEBHOOK_STALE");
      expect(await batchStore.getVideoJob(job?.id as string)).toEqual(job);
      // Rejections are logged by code; neither the API key nor the webhook secret ever shows up.
      expect(logged).toHaveLength(2);
      for (const text of [...logged, answers]) {
        expect(text).not.toContain(mock.apiKey);
        expect(text).not.toContain(String(endpoint.secret));
      }
    } finally {
      await receiverStore.close();
      await batchStore.close();
    }
  }, 30_000);
});
