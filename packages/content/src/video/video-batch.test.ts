import {
  ApiCallError,
  ConfigError,
  createEventBus,
  createMemoryStore,
  UndercurrentError,
  ValidationError,
  type VideoJob,
} from "@undercurrent/core";
import { createMockVideoProvider } from "@undercurrent/core/testing";
import { describe, expect, it } from "vitest";
import { createInstantClock, sampleRequests, spyProvider } from "./__fixtures__/video-test-kit.js";
import { renderIdempotencyKey } from "./idempotency-key.js";
import { estimateVideoBatch, resumeVideoBatch, runVideoBatch } from "./video-batch.js";
import type { VideoBatchEvent } from "./video-batch-options.js";

const fast = {
  polling: { initialIntervalMs: 1_000, maxIntervalMs: 5_000, factor: 1.5, timeoutMs: 600_000 },
  retry: { maxAttempts: 4, initialDelayMs: 1_000, maxDelayMs: 10_000 },
};

describe("runVideoBatch", () => {
  it("renders every item within the provider's concurrency and stores the results with the jobs", async () => {
    const provider = spyProvider(createMockVideoProvider({ pollsUntilDone: 3 }));
    const store = createMemoryStore();
    const events: VideoBatchEvent[] = [];
    const bus = createEventBus();
    const updates: VideoJob[] = [];
    bus.on("video-job-updated", ({ job }) => updates.push(job));
    const report = await runVideoBatch({
      provider,
      store,
      batchId: "batch-1",
      items: sampleRequests(8).map((request, index) => ({ request, draftId: `draft-${index}` })),
      clock: createInstantClock(),
      onEvent: (event) => events.push(event),
      events: bus,
      ...fast,
    });

    expect(report).toMatchObject({ total: 8, completed: 8, failed: 0, queued: 0, rendering: 0, startsThisRun: 8, duplicateItems: 0 });
    expect(provider.maxInFlight).toBeLessThanOrEqual(3); // the mock's maxConcurrentRenders
    expect(provider.maxInFlight).toBeGreaterThan(1);
    const stored = await store.listVideoJobs({ batchId: "batch-1" });
    expect(stored).toHaveLength(8);
    for (const job of stored) {
      expect(job).toMatchObject({ status: "completed", provider: "mock-video", attempts: 1 });
      expect(job.result?.videoUrl).toMatch(/^https:\/\/videos\.example\.com\/render-\d+\.mp4$/);
      expect(job.estimatedCost).toBeGreaterThan(0);
    }
    expect(report.jobs.map((job) => job.draftId)).toEqual(Array.from({ length: 8 }, (_, index) => `draft-${index}`));
    expect(events[0]).toMatchObject({ type: "batch-estimated", progress: { total: 8, queued: 8 } });
    expect(events.filter((event) => event.type === "job-started")).toHaveLength(8);
    expect(events.filter((event) => event.type === "job-completed")).toHaveLength(8);
    expect(events.at(-1)?.progress).toMatchObject({ completed: 8, rendering: 0, queued: 0 });
    expect(updates.filter((job) => job.status === "completed")).toHaveLength(8);
  });

  it("renders identical requests once, and a second run of the same batch starts nothing", async () => {
    const mock = createMockVideoProvider();
    const provider = spyProvider({ ...mock, estimateCost: async () => ({ amount: 0.5, unit: "usd" }) });
    const store = createMemoryStore();
    const [first, second] = sampleRequests(2);
    const sameAsFirst = { ...first, script: `  ${first?.script?.replace(/ /g, "   ")}\r\n` } as typeof first;
    const items = [{ request: first! }, { request: second! }, { request: sameAsFirst! }];
    const options = { provider, store, batchId: "dedupe", items, clock: createInstantClock(), ...fast };
    const report = await runVideoBatch(options);
    expect(report).toMatchObject({ total: 2, completed: 2, duplicateItems: 1 });
    expect(report.itemJobIds[0]).toBe(report.itemJobIds[2]);
    expect(provider.starts).toHaveLength(2);

    const again = await runVideoBatch(options);
    expect(again).toMatchObject({
      total: 2,
      completed: 2,
      startsThisRun: 0,
      estimatedCost: { amount: 1, unit: "usd" },
    });
    expect(provider.starts).toHaveLength(2);
  });

  it("derives the idempotency key from the content: same content, same key; any change, a new key", () => {
    const [request] = sampleRequests(1);
    const key = renderIdempotencyKey("heygen", request!);
    expect(key).toMatch(/^heygen-[0-9a-f]{48}$/);
    expect(renderIdempotencyKey("heygen", { ...request!, script: `${request!.script}  ` })).toBe(key);
    expect(renderIdempotencyKey("heygen", { ...request!, callbackUrl: "https://hooks.example.com/a" })).toBe(key);
    expect(renderIdempotencyKey("heygen", { ...request!, aspectRatio: "16:9" })).not.toBe(key);
    expect(renderIdempotencyKey("heygen", { ...request!, script: "Something else entirely." })).not.toBe(key);
    expect(renderIdempotencyKey("heygen", request!, "second-take")).not.toBe(key);
    expect(renderIdempotencyKey("other", request!)).not.toBe(key);
  });

  it("checks the budget before anything is spent", async () => {
    const provider = spyProvider(createMockVideoProvider());
    const store = createMemoryStore();
    const items = sampleRequests(5).map((request) => ({ request }));
    const estimate = await estimateVideoBatch(provider, items);
    expect(estimate.amount).toBeGreaterThan(0);
    expect(estimate.perItem).toHaveLength(5);

    const error = await runVideoBatch({ provider, store, batchId: "costly", items, maxCost: estimate.amount / 2, ...fast }).catch(
      (caught) => caught,
    );
    expect(error).toBeInstanceOf(UndercurrentError);
    expect(error.code).toBe("VIDEO_BUDGET_EXCEEDED");
    expect(error.message).toContain(`estimated at ${estimate.amount} credits`);
    expect(provider.starts).toHaveLength(0);
    expect(await store.listVideoJobs()).toHaveLength(0);

    const report = await runVideoBatch({
      provider,
      store,
      batchId: "costly",
      items,
      maxCost: estimate.amount,
      clock: createInstantClock(),
      ...fast,
    });
    expect(report.completed).toBe(5);
    expect(report.estimatedCost).toEqual({ amount: estimate.amount, unit: "credits" });
  });

  it("retries retryable start errors, waiting at least retryAfterMs, with the same idempotency key", async () => {
    const clock = createInstantClock();
    const failures = [
      new ApiCallError({
        message: "rate limited",
        url: "https://api.example.com/v3/videos",
        method: "POST",
        statusCode: 429,
        retryAfterMs: 7_000,
      }),
      new ApiCallError({ message: "bad gateway", url: "https://api.example.com/v3/videos", method: "POST", statusCode: 502 }),
    ];
    const provider = spyProvider(createMockVideoProvider(), {
      beforeStart: () => {
        const failure = failures.shift();
        if (failure) throw failure;
      },
    });
    const report = await runVideoBatch({
      provider,
      store: createMemoryStore(),
      batchId: "retry",
      items: [{ request: sampleRequests(1)[0]! }],
      clock,
      random: () => 0,
      ...fast,
    });
    expect(report.completed).toBe(1);
    expect(report.jobs[0]?.attempts).toBe(3);
    expect(new Set(provider.starts.map((start) => start.key)).size).toBe(1);
    expect(provider.starts).toHaveLength(3);
    // 7 s from Retry-After, then the backoff of attempt 2 (2 s with jitter at its floor: 1 s).
    expect(clock.sleeps.slice(0, 2)).toEqual([7_000, 1_000]);
  });

  it("fails a job with the provider's reason on a non-retryable error, and gives up after maxAttempts on retryable ones", async () => {
    const [good, unknownAvatar, flaky] = sampleRequests(3);
    const provider = spyProvider(createMockVideoProvider(), {
      beforeStart: (_call, request) => {
        if (request.script === flaky!.script) {
          throw new ApiCallError({ message: "upstream down", url: "https://api.example.com/v3/videos", method: "POST", statusCode: 503 });
        }
      },
    });
    const report = await runVideoBatch({
      provider,
      store: createMemoryStore(),
      batchId: "failures",
      items: [{ request: good! }, { request: { ...unknownAvatar!, avatarId: "avatar-nobody" } }, { request: flaky! }],
      clock: createInstantClock(),
      ...fast,
    });
    expect(report).toMatchObject({ completed: 1, failed: 2 });
    expect(report.jobs[1]).toMatchObject({ status: "failed", attempts: 1, error: { code: "VIDEO_UNKNOWN_AVATAR", isRetryable: false } });
    expect(report.jobs[2]).toMatchObject({ status: "failed", attempts: 4, error: { code: "VIDEO_RETRIES_EXHAUSTED", isRetryable: true } });
    expect(report.jobs[2]?.error?.message).toContain("HTTP_503: upstream down");
  });

  it("tries a start that ran out of retries again in a later run, with the same key", async () => {
    let outage = true;
    const inner = createMockVideoProvider();
    const provider = spyProvider(inner, {
      beforeStart: () => {
        if (outage)
          throw new ApiCallError({ message: "maintenance", url: "https://api.example.com/v3/videos", method: "POST", statusCode: 503 });
      },
    });
    const store = createMemoryStore();
    const options = { provider, store, batchId: "outage", items: [{ request: sampleRequests(1)[0]! }], ...fast };
    const first = await runVideoBatch({ ...options, clock: createInstantClock() });
    expect(first.jobs[0]).toMatchObject({ status: "failed", attempts: 4, error: { code: "VIDEO_RETRIES_EXHAUSTED", isRetryable: true } });
    outage = false;
    const second = await runVideoBatch({ ...options, clock: createInstantClock() });
    expect(second.jobs[0]).toMatchObject({ status: "completed", attempts: 5 });
    expect(second.jobs[0]?.error).toBeUndefined();
    expect(new Set(provider.starts.map((start) => start.key)).size).toBe(1);
    expect(inner.paidRenders).toBe(1);
  });

  it("records a render the provider failed, with its reason", async () => {
    const provider = createMockVideoProvider({ failWhenScriptIncludes: "number 2:" });
    const report = await runVideoBatch({
      provider,
      store: createMemoryStore(),
      batchId: "render-failure",
      items: sampleRequests(3).map((request) => ({ request })),
      clock: createInstantClock(),
      ...fast,
    });
    expect(report).toMatchObject({ completed: 2, failed: 1 });
    expect(report.jobs[1]).toMatchObject({ status: "failed", providerJobId: expect.any(String), error: { code: "VIDEO_RENDER_FAILED" } });
  });

  it("opens a circuit breaker on insufficient credit: no more starts; a resume after a top-up finishes without paying twice", async () => {
    let credit = 3;
    const inner = createMockVideoProvider();
    const provider = spyProvider(inner, {
      beforeStart: () => {
        if (credit <= 0) {
          throw new ApiCallError({
            code: "HEYGEN_INSUFFICIENT_CREDIT",
            message: "Your account has 0 credits",
            url: "https://api.example.com/v3/videos",
            method: "POST",
            statusCode: 402,
          });
        }
        credit--;
      },
    });
    const store = createMemoryStore();
    const events: VideoBatchEvent[] = [];
    const options = {
      provider,
      store,
      batchId: "credit",
      items: sampleRequests(8).map((request) => ({ request })),
      clock: createInstantClock(),
      concurrency: 1,
      onEvent: (event: VideoBatchEvent) => events.push(event),
      ...fast,
    };
    const report = await runVideoBatch(options);
    expect(report).toMatchObject({ stoppedReason: "insufficient-credit", completed: 3, failed: 0, queued: 5 });
    expect(provider.starts).toHaveLength(4); // three paid, one refused; then the breaker stops the rest
    expect(events.filter((event) => event.type === "circuit-opened")).toHaveLength(1);
    expect(report.jobs[3]).toMatchObject({ status: "queued", error: { code: "HEYGEN_INSUFFICIENT_CREDIT" } });

    credit = 100;
    const resumed = await resumeVideoBatch({ provider, store, batchId: "credit", clock: createInstantClock(), ...fast });
    expect(resumed).toMatchObject({ completed: 8, queued: 0 });
    expect(resumed.jobs.map((job) => job.id)).toEqual(report.jobs.map((job) => job.id)); // the ledger keeps the item order
    expect(inner.paidRenders).toBe(8);
    expect(resumed.jobs.every((job) => job.error === undefined)).toBe(true);
  });

  it("resumes a killed batch: renders already started are polled, never started again", async () => {
    const inner = createMockVideoProvider({ pollsUntilDone: 4 });
    const controller = new AbortController();
    // The "crash" happens right after the provider accepted the 5th start, before its answer reached the ledger.
    const provider = spyProvider(inner, { afterStart: (call) => call === 5 && controller.abort(new Error("killed")) });
    const store = createMemoryStore();
    const items = sampleRequests(12).map((request) => ({ request }));
    const base = { provider, store, batchId: "crash", items, ...fast };
    await expect(runVideoBatch({ ...base, signal: controller.signal, clock: createInstantClock() })).rejects.toThrow("killed");

    const ledger = await store.listVideoJobs({ batchId: "crash" });
    expect(ledger).toHaveLength(12);
    const accepted = new Set(ledger.filter((job) => job.providerJobId).map((job) => job.idempotencyKey));
    expect(accepted.size).toBeGreaterThanOrEqual(2);
    // The 5th start reached the provider, but the ledger only knows it was attempted.
    const lost = ledger.find((job) => job.idempotencyKey === provider.starts[4]?.key);
    expect(lost).toMatchObject({ status: "queued", attempts: 1 });
    expect(lost?.providerJobId).toBeUndefined();
    expect(inner.paidRenders).toBe(5);
    expect(accepted.size).toBeLessThan(12);
    const startsBefore = provider.starts.length;

    const report = await runVideoBatch({ ...base, clock: createInstantClock() });
    expect(report).toMatchObject({ total: 12, completed: 12 });
    const restarted = provider.starts.slice(startsBefore).filter((start) => accepted.has(start.key));
    expect(restarted).toEqual([]);
    expect(inner.paidRenders).toBe(12); // the lost answer of the 5th start was replayed by its key, not paid again
    expect(new Set(provider.starts.map((start) => start.key)).size).toBe(12);
  });

  it("stops at the QA gate until the first renders are approved", async () => {
    const provider = spyProvider(createMockVideoProvider());
    const store = createMemoryStore();
    const reviewed: VideoJob[][] = [];
    const items = sampleRequests(6).map((request) => ({ request }));
    const base = { provider, store, batchId: "qa", items, ...fast };
    const rejected = await runVideoBatch({
      ...base,
      clock: createInstantClock(),
      qaGate: {
        count: 2,
        approve: (jobs) => {
          reviewed.push(jobs);
          return { approved: false, reason: "wrong background" };
        },
      },
    });
    expect(rejected).toMatchObject({ stoppedReason: "qa-rejected", completed: 2, queued: 4 });
    expect(reviewed[0]?.map((job) => job.status)).toEqual(["completed", "completed"]);
    expect(provider.starts).toHaveLength(2);

    const approved = await runVideoBatch({ ...base, clock: createInstantClock(), qaGate: { count: 2, approve: async () => true } });
    expect(approved).toMatchObject({ completed: 6, queued: 0 });
    expect(approved.stoppedReason).toBeUndefined();
    expect(provider.starts).toHaveLength(6);
  });

  it("leaves a render that outlives the polling timeout pending, and a resume picks it up", async () => {
    const provider = spyProvider(createMockVideoProvider({ pollsUntilDone: 50 }));
    const store = createMemoryStore();
    const items = [{ request: sampleRequests(1)[0]! }];
    const polling = { initialIntervalMs: 1_000, maxIntervalMs: 1_000, factor: 1, timeoutMs: 10_000 };
    const first = await runVideoBatch({ provider, store, batchId: "slow", items, polling, clock: createInstantClock() });
    expect(first).toMatchObject({ rendering: 1, completed: 0 });
    expect(first.jobs[0]?.error).toMatchObject({ code: "VIDEO_RENDER_TIMEOUT", isRetryable: true });
    const second = await resumeVideoBatch({
      provider,
      store,
      batchId: "slow",
      clock: createInstantClock(),
      polling: { ...polling, timeoutMs: 600_000 },
    });
    expect(second).toMatchObject({ completed: 1, rendering: 0 });
    expect(second.jobs[0]?.error).toBeUndefined();
    expect(provider.starts).toHaveLength(1);
  });

  it("clamps a concurrency above the provider's limit, with a warning", async () => {
    const provider = spyProvider(createMockVideoProvider());
    const report = await runVideoBatch({
      provider,
      store: createMemoryStore(),
      batchId: "clamp",
      items: sampleRequests(9).map((request) => ({ request })),
      concurrency: 20,
      clock: createInstantClock(),
      ...fast,
    });
    expect(report.warnings).toEqual(["concurrency 20 is above mock-video's limit of 3; using 3"]);
    expect(provider.maxInFlight).toBeLessThanOrEqual(3);
  });

  it("rejects bad input with errors that name the field, before anything is spent", async () => {
    const provider = spyProvider(createMockVideoProvider());
    const store = createMemoryStore();
    const [request] = sampleRequests(1);
    await expect(runVideoBatch({ provider, store, batchId: "bad", items: [] })).rejects.toThrow(ValidationError);
    await expect(runVideoBatch({ provider, store, batchId: "bad", items: [] })).rejects.toThrow("items: expected at least one render");
    const missingVoice = runVideoBatch({
      provider,
      store,
      batchId: "bad",
      items: [{ request: request! }, { request: { ...request!, voiceId: undefined } }],
    });
    await expect(missingVoice).rejects.toThrow(/items\.1\.request\.voiceId/);
    const badRatio = runVideoBatch({
      provider,
      store,
      batchId: "bad",
      items: [{ request: { ...request!, aspectRatio: "21:9" as "9:16" } }],
    });
    await expect(badRatio).rejects.toThrow(/items\.0\.request\.aspectRatio/);
    const badConcurrency = runVideoBatch({ provider, store, batchId: "bad", items: [{ request: request! }], concurrency: 0 });
    await expect(badConcurrency).rejects.toThrow(ConfigError);
    await expect(runVideoBatch({ provider, store, batchId: "bad", items: [{ request: request! }], concurrency: 0 })).rejects.toThrow(
      /options\.concurrency/,
    );
    await expect(runVideoBatch({ provider: {} as never, store, batchId: "bad", items: [{ request: request! }] })).rejects.toThrow(
      /options\.provider/,
    );
    await expect(resumeVideoBatch({ provider, store, batchId: "never-ran" })).rejects.toMatchObject({ code: "VIDEO_BATCH_NOT_FOUND" });
    expect(provider.starts).toHaveLength(0);
    expect(await store.listVideoJobs()).toHaveLength(0);
  });
});
