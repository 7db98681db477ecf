import {
  createEventBus,
  createManualClock,
  createMemoryStore,
  type Store,
  UndercurrentError,
  type VideoWebhookEvent,
} from "@undercurrent/core";
import { createMockVideoProvider } from "@undercurrent/core/testing";
import { describe, expect, it } from "vitest";
import { createInstantClock, sampleRequests, spyProvider } from "./__fixtures__/video-test-kit.js";
import { resumeVideoBatch, runVideoBatch } from "./video-batch.js";
import type { VideoBatchEvent } from "./video-batch-options.js";
import { applyVideoWebhook } from "./video-webhook.js";

const polling = { initialIntervalMs: 1_000, maxIntervalMs: 5_000, factor: 1.5, timeoutMs: 600_000 };

const completedEvent = (providerJobId: string): VideoWebhookEvent => ({
  eventId: `evt-${providerJobId}`,
  type: "avatar_video.success",
  render: { providerJobId, status: "completed", result: { videoUrl: `https://cdn.example.com/${providerJobId}.mp4` } },
});

/** Delivers a "completed" webhook for every render the ledger holds as pending, as a provider would once it finished. */
async function deliverWebhooks(store: Store): Promise<number> {
  let applied = 0;
  for (const job of await store.listVideoJobs({ status: ["pending"] })) {
    if (!job.providerJobId) continue;
    const result = await applyVideoWebhook(store, completedEvent(job.providerJobId));
    if (result.outcome === "applied") applied++;
  }
  return applied;
}

describe("batches finished by webhooks", () => {
  it("takes jobs a webhook finished from the ledger and never polls the provider for them", async () => {
    // The mock would need 1000 polls to finish a render: only the webhooks can finish this batch.
    const provider = spyProvider(createMockVideoProvider({ pollsUntilDone: 1_000 }));
    const store = createMemoryStore();
    const instant = createInstantClock();
    let delivered = 0;
    // The renders finish while the batch waits between polls; their webhooks arrive during the wait.
    const clock = {
      now: instant.now,
      async sleep(milliseconds: number, signal?: AbortSignal) {
        const applied = await deliverWebhooks(store);
        delivered += applied;
        await instant.sleep(milliseconds, signal);
      },
    };
    const events: VideoBatchEvent[] = [];
    const report = await runVideoBatch({
      provider,
      store,
      batchId: "hooked",
      items: sampleRequests(5).map((request, index) => ({ request, draftId: `draft-${index}` })),
      clock,
      polling,
      onEvent: (event) => events.push(event),
    });

    expect(report).toMatchObject({ total: 5, completed: 5, failed: 0, rendering: 0, queued: 0, startsThisRun: 5 });
    expect(delivered).toBe(5);
    expect(provider.statusCalls).toBe(0);
    for (const job of await store.listVideoJobs({ batchId: "hooked" })) {
      expect(job.status).toBe("completed");
      expect(job.result?.videoUrl).toBe(`https://cdn.example.com/${job.providerJobId}.mp4`);
    }
    const completedEvents = events.filter((event) => event.type === "job-completed");
    expect(completedEvents.map((event) => event.job.draftId).sort()).toEqual(["draft-0", "draft-1", "draft-2", "draft-3", "draft-4"]);
    expect(events.at(-1)?.progress).toMatchObject({ completed: 5, rendering: 0 });
  });

  it("wakes a waiting batch as soon as a webhook on the shared event bus finishes its job", async () => {
    const provider = spyProvider(createMockVideoProvider({ pollsUntilDone: 1_000 }));
    const store = createMemoryStore();
    const bus = createEventBus();
    // Time never moves: a batch that waited for its next poll would wait forever; only the bus can wake it.
    const clock = createManualClock(Date.parse("2026-11-25T20:00:00Z"));
    const deliveries: Promise<unknown>[] = [];
    const report = await runVideoBatch({
      provider,
      store,
      batchId: "woken",
      items: sampleRequests(4).map((request) => ({ request })),
      clock,
      polling: { ...polling, initialIntervalMs: 3_600_000, maxIntervalMs: 3_600_000 },
      events: bus,
      onEvent: (event) => {
        if (event.type === "job-started" && event.job.providerJobId) {
          deliveries.push(applyVideoWebhook(store, completedEvent(event.job.providerJobId), { events: bus }));
        }
      },
    });
    await Promise.all(deliveries);

    expect(report).toMatchObject({ total: 4, completed: 4, rendering: 0 });
    expect(provider.statusCalls).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it("keeps the webhook's result when a poll of the same render fails at the same time", async () => {
    const mock = createMockVideoProvider({ pollsUntilDone: 1_000 });
    const store = createMemoryStore();
    const provider = spyProvider({
      ...mock,
      async status(providerJobId) {
        // The webhook lands while the status call is out, and the call then fails for good (a 404, say).
        await applyVideoWebhook(store, completedEvent(providerJobId));
        throw new UndercurrentError({ code: "VIDEO_NOT_FOUND", message: `no render "${providerJobId}"`, isRetryable: false });
      },
    });
    const events: VideoBatchEvent[] = [];
    const report = await runVideoBatch({
      provider,
      store,
      batchId: "race",
      items: [{ request: sampleRequests(1)[0]! }],
      clock: createInstantClock(),
      polling: { ...polling, initialIntervalMs: 1 },
      onEvent: (event) => events.push(event),
    });

    expect(report).toMatchObject({ completed: 1, failed: 0 });
    const [job] = await store.listVideoJobs({ batchId: "race" });
    expect(job).toMatchObject({ status: "completed", result: { videoUrl: expect.stringMatching(/^https:\/\/cdn\.example\.com\//) } });
    expect(job?.error).toBeUndefined();
    expect(events.filter((event) => event.type === "job-failed")).toHaveLength(0);
    expect(events.filter((event) => event.type === "job-completed")).toHaveLength(1);
  });

  it("a resumed batch finds renders that webhooks finished while it was down, and polls none of them", async () => {
    const provider = spyProvider(createMockVideoProvider({ pollsUntilDone: 1_000 }));
    const store = createMemoryStore();
    const items = sampleRequests(3).map((request) => ({ request }));
    const first = await runVideoBatch({
      provider,
      store,
      batchId: "down",
      items,
      clock: createInstantClock(),
      polling: { ...polling, timeoutMs: 2_000 },
    });
    expect(first).toMatchObject({ rendering: 3, completed: 0 });
    const pollsBefore = provider.statusCalls;

    expect(await deliverWebhooks(store)).toBe(3);
    const resumed = await resumeVideoBatch({ provider, store, batchId: "down", clock: createInstantClock(), polling });
    expect(resumed).toMatchObject({ completed: 3, rendering: 0, startsThisRun: 0 });
    expect(provider.statusCalls).toBe(pollsBefore);
  });
});
