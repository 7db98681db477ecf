import type { Clock, VideoProvider, VideoRenderRequestInput, VideoStartOptions } from "@undercurrent/core";

/** A clock whose sleeps return at once and move time forward; records every sleep. */
export function createInstantClock(start = 0): Clock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    async sleep(milliseconds, signal) {
      signal?.throwIfAborted();
      sleeps.push(milliseconds);
      now += milliseconds;
      await new Promise((resolve) => setImmediate(resolve));
      signal?.throwIfAborted();
    },
  };
}

/** A provider wrapper that records every start (with its key) and the most renders in flight at once. */
export interface SpyProvider extends VideoProvider {
  starts: { key: string; request: VideoRenderRequestInput }[];
  statusCalls: number;
  maxInFlight: number;
}

/**
 * Wraps `inner`: counts starts and polls, and tracks renders in flight (accepted, not yet seen terminal).
 * `beforeStart` may throw to inject a failure; `afterStart` runs once the inner start resolved.
 */
export function spyProvider(
  inner: VideoProvider,
  hooks: {
    beforeStart?: (call: number, request: VideoRenderRequestInput, options: VideoStartOptions) => void | Promise<void>;
    afterStart?: (call: number) => void;
  } = {},
): SpyProvider {
  const inFlight = new Set<string>();
  const spy: SpyProvider = {
    ...inner,
    specVersion: "v1",
    id: inner.id,
    ...(inner.maxConcurrentRenders !== undefined && { maxConcurrentRenders: inner.maxConcurrentRenders }),
    starts: [],
    statusCalls: 0,
    maxInFlight: 0,
    listAvatars: (options) => inner.listAvatars(options),
    listVoices: (options) => inner.listVoices(options),
    estimateCost: (request, options) => inner.estimateCost(request, options),
    cancel: (id, options) => inner.cancel(id, options),
    async start(request, options) {
      spy.starts.push({ key: options.idempotencyKey, request });
      const call = spy.starts.length;
      await hooks.beforeStart?.(call, request, options);
      const status = await inner.start(request, options);
      if (status.status === "pending") inFlight.add(status.providerJobId);
      spy.maxInFlight = Math.max(spy.maxInFlight, inFlight.size);
      hooks.afterStart?.(call);
      // Like an HTTP client: once the signal aborts, the answer is lost even if the provider accepted the render.
      options.signal?.throwIfAborted();
      return status;
    },
    async status(id, options) {
      spy.statusCalls++;
      const status = await inner.status(id, options);
      if (status.status !== "pending") inFlight.delete(id);
      return status;
    },
  };
  return spy;
}

/** `count` distinct valid render requests. */
export function sampleRequests(count: number, overrides: Partial<VideoRenderRequestInput> = {}): VideoRenderRequestInput[] {
  return Array.from({ length: count }, (_, index) => ({
    avatarId: "avatar-anna",
    voiceId: "voice-en-f",
    script: `Video number ${index + 1}: three things changed this week, and here is why they matter to you.`,
    aspectRatio: "9:16" as const,
    captions: true,
    ...overrides,
  }));
}
