import { UndercurrentError, type VideoRenderStatus } from "@undercurrent/core";
import { expect, it } from "vitest";
import { createHeyGenVideoProvider } from "./heygen-video-provider.js";
import { createHeyGenMockServer } from "./mock/heygen-mock-server.js";

it("renders 60 videos through 10% injected faults with every create paid once", async () => {
  const mock = await createHeyGenMockServer({
    concurrency: 10,
    renderTiming: { pendingMs: 30, processingMs: 120 },
    renderFailureRate: 0.05,
    seed: 11,
    faults: { serverErrorRate: 0.034, timeoutRate: 0.033, rateLimitRate: 0.033, retryAfterSeconds: 0, hangMs: 400, lostResponseShare: 0.5 },
  });
  const provider = createHeyGenVideoProvider({ apiKey: mock.apiKey, baseURL: mock.url, timeoutMs: 250, retries: 3, minBackoffMs: 10 });
  try {
    const outcomes = await runAll(60, provider.maxConcurrentRenders, async (index) => {
      const request = {
        avatarId: "8f3c1e2a9b7d4c6e8a1f0b2c3d4e5f60",
        script: `Brief ${index}: what moved this week.`,
        aspectRatio: "9:16" as const,
      };
      // A key derived from the content: a retry of the same video never pays twice.
      const started = await persist(() => provider.start(request, { idempotencyKey: `brief-${index}-9x16` }));
      let status: VideoRenderStatus = started;
      for (let poll = 0; status.status === "pending" && poll < 200; poll++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        status = await persist(() => provider.status(started.providerJobId));
      }
      return status;
    });
    expect(outcomes.every((outcome) => outcome.status === "completed" || (outcome.status === "failed" && outcome.error?.code))).toBe(true);
    expect(mock.counters.paidRenders).toBe(60);
    expect(mock.counters.duplicatePaidRenders).toBe(0);
    expect(mock.counters.injectedServerErrors + mock.counters.injectedTimeouts + mock.counters.injectedRateLimits).toBeGreaterThan(0);
    expect(mock.counters.peakConcurrentRenders).toBeLessThanOrEqual(10);
  } finally {
    await mock.close();
  }
});

/** Retries what the provider reports as retryable (what core's job runner does), waiting `retryAfterMs` when given. */
async function persist<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!UndercurrentError.isInstance(error) || !error.isRetryable || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(error.retryAfterMs ?? 50, 200)));
    }
  }
}

async function runAll<T>(count: number, concurrency: number, work: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await work(index);
      }
    }),
  );
  return results;
}
