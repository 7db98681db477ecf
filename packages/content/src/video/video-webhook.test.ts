import {
  ConfigError,
  createEventBus,
  createManualClock,
  createMemoryStore,
  type Store,
  ValidationError,
  type VideoJob,
  type VideoWebhookEvent,
} from "@undercurrent/core";
import { makeVideoJob } from "@undercurrent/core/testing";
import { describe, expect, it } from "vitest";
import { applyVideoWebhook } from "./video-webhook.js";

const completed = (providerJobId: string, eventId = `evt-${providerJobId}`): VideoWebhookEvent => ({
  eventId,
  type: "avatar_video.success",
  render: {
    providerJobId,
    status: "completed",
    progress: 1,
    result: { videoUrl: `https://videos.example.com/${providerJobId}.mp4`, durationSeconds: 31 },
  },
});

const failed = (providerJobId: string): VideoWebhookEvent => ({
  eventId: `evt-fail-${providerJobId}`,
  type: "avatar_video.fail",
  render: {
    providerJobId,
    status: "failed",
    error: { code: "rendering_failed", message: "the avatar could not be rendered", isRetryable: false },
  },
});

async function ledgerWith(...jobs: VideoJob[]): Promise<Store> {
  const store = createMemoryStore();
  for (const job of jobs) await store.putVideoJob(job);
  return store;
}

const pendingJob = (id: string, providerJobId: string, overrides: Partial<VideoJob> = {}) =>
  makeVideoJob({ id, idempotencyKey: `key-${id}`, provider: "mock-video", status: "pending", providerJobId, batchId: "b1", ...overrides });

describe("applyVideoWebhook", () => {
  it("completes the job holding the render, with the video's URLs, and announces it once", async () => {
    const store = await ledgerWith(pendingJob("job-a", "render-1"), pendingJob("job-b", "render-2"));
    const bus = createEventBus();
    const updates: VideoJob[] = [];
    bus.on("video-job-updated", ({ job }) => updates.push(job));
    const clock = createManualClock(Date.parse("2026-11-25T20:00:00Z"));

    const result = await applyVideoWebhook(store, completed("render-2"), { providerId: "mock-video", events: bus, clock });

    expect(result).toMatchObject({ outcome: "applied", previousStatus: "pending", eventId: "evt-render-2", providerJobId: "render-2" });
    const stored = await store.getVideoJob("job-b");
    expect(stored).toMatchObject({
      status: "completed",
      result: { videoUrl: "https://videos.example.com/render-2.mp4", durationSeconds: 31 },
    });
    expect(stored?.error).toBeUndefined();
    expect(stored?.updatedAt.toISOString()).toBe("2026-11-25T20:00:00.000Z");
    expect((await store.getVideoJob("job-a"))?.status).toBe("pending");
    expect(updates.map((job) => [job.id, job.status])).toEqual([["job-b", "completed"]]);

    // The same delivery again (a retry, or a second copy): nothing changes and nothing is announced.
    const again = await applyVideoWebhook(store, completed("render-2"), { events: bus });
    expect(again).toMatchObject({ outcome: "already-recorded", job: { id: "job-b", status: "completed" } });
    expect(updates).toHaveLength(1);
    expect(await store.getVideoJob("job-b")).toEqual(stored);
  });

  it("records a failed render with the provider's reason", async () => {
    const store = await ledgerWith(pendingJob("job-a", "render-1"));
    const result = await applyVideoWebhook(store, failed("render-1"));
    expect(result.outcome).toBe("applied");
    expect(await store.getVideoJob("job-a")).toMatchObject({
      status: "failed",
      error: { code: "rendering_failed", message: "the avatar could not be rendered", isRetryable: false },
    });
  });

  it("never changes a finished job: a later failure or pending event is ignored with the reason", async () => {
    const store = await ledgerWith(pendingJob("job-a", "render-1"));
    await applyVideoWebhook(store, completed("render-1"));
    const before = await store.getVideoJob("job-a");

    const contradicting = await applyVideoWebhook(store, failed("render-1"));
    expect(contradicting).toMatchObject({ outcome: "ignored", reason: "job-finished", job: { status: "completed" } });
    expect(contradicting.message).toContain("a finished job is not changed to failed");
    const stale = await applyVideoWebhook(store, {
      eventId: "evt-late",
      type: "avatar_video.progress",
      render: { providerJobId: "render-1", status: "pending" },
    });
    expect(stale).toMatchObject({ outcome: "ignored", reason: "job-finished" });
    expect(await store.getVideoJob("job-a")).toEqual(before);
  });

  it("ignores a render no job holds, or one of another provider, and says so", async () => {
    const store = await ledgerWith(pendingJob("job-a", "render-1", { provider: "other-video" }));
    const unknown = await applyVideoWebhook(store, completed("render-404"));
    expect(unknown).toMatchObject({ outcome: "ignored", reason: "unknown-job", providerJobId: "render-404" });
    expect(unknown.message).toContain("no job in the ledger has render render-404");

    const otherProvider = await applyVideoWebhook(store, completed("render-1"), { providerId: "mock-video" });
    expect(otherProvider).toMatchObject({ outcome: "ignored", reason: "unknown-job" });
    expect((await store.getVideoJob("job-a"))?.status).toBe("pending");

    const otherBatch = await applyVideoWebhook(store, completed("render-1"), { batchId: "b2" });
    expect(otherBatch).toMatchObject({ outcome: "ignored", reason: "unknown-job" });

    const noRender = await applyVideoWebhook(store, {
      eventId: "evt-x",
      type: "something.else",
      render: { providerJobId: "", status: "pending" },
    });
    expect(noRender).toMatchObject({ outcome: "ignored", reason: "unknown-job" });
    expect(noRender.message).toContain("names no render");
  });

  it("moves a job the provider accepted from queued to pending", async () => {
    const store = await ledgerWith(pendingJob("job-a", "render-1", { status: "queued" }));
    const result = await applyVideoWebhook(store, {
      eventId: "evt-p",
      type: "avatar_video.processing",
      render: { providerJobId: "render-1", status: "pending" },
    });
    expect(result).toMatchObject({ outcome: "applied", previousStatus: "queued", job: { status: "pending" } });
  });

  it("rejects a bad event, store or option naming the field", async () => {
    const store = await ledgerWith();
    const badStatus = { eventId: "e", type: "t", render: { providerJobId: "r", status: "done" } } as unknown as VideoWebhookEvent;
    await expect(applyVideoWebhook(store, badStatus)).rejects.toThrow(ValidationError);
    await expect(applyVideoWebhook(store, badStatus)).rejects.toThrow("event.render.status");
    const noId = { type: "t", render: { providerJobId: "r", status: "pending" } } as unknown as VideoWebhookEvent;
    await expect(applyVideoWebhook(store, noId)).rejects.toThrow("event.eventId");
    await expect(applyVideoWebhook({} as Store, completed("r"))).rejects.toThrow(ConfigError);
    await expect(applyVideoWebhook({} as Store, completed("r"))).rejects.toThrow("store");
    await expect(applyVideoWebhook(store, completed("r"), { providerId: "" })).rejects.toThrow("options.providerId");
  });
});
