import { describe, expect, it } from "vitest";
import type { VideoProvider, VideoRenderRequestInput, VideoRenderStatus } from "../contracts/video-provider.js";
import { UndercurrentError } from "../errors.js";

/** How {@link describeVideoProvider} drives a provider. */
export interface DescribeVideoProviderOptions {
  /** Returns a fresh provider (for hosted APIs, pointed at a mock server). */
  create: () => VideoProvider | Promise<VideoProvider>;
  /** A request the provider accepts (a known avatar and voice). */
  validRequest: VideoRenderRequestInput;
  /** Called between status polls; advance a mock's clock here. */
  betweenPolls?: () => Promise<void>;
  /** Status polls allowed before a render must be completed. */
  maxPolls?: number;
  /** Paid renders so far, when the provider or its mock can tell; checks that replays don't pay twice. */
  paidRenders?: (provider: VideoProvider) => number | Promise<number>;
}

/**
 * The conformance suite every `VideoProvider` runs: catalogue, cost estimate, start → pending →
 * completed, idempotent replays, unknown avatar and bad aspect ratio rejected before paying, cancel,
 * and (when supported) webhook verification refusing a forged delivery.
 */
export function describeVideoProvider(name: string, options: DescribeVideoProviderOptions): void {
  const maxPolls = options.maxPolls ?? 20;
  let keyCounter = 0;
  const freshKey = () => `conformance-${Date.now()}-${keyCounter++}`;

  async function pollUntilDone(provider: VideoProvider, providerJobId: string): Promise<VideoRenderStatus> {
    let status = await provider.status(providerJobId);
    for (let poll = 0; status.status === "pending" && poll < maxPolls; poll++) {
      await options.betweenPolls?.();
      status = await provider.status(providerJobId);
    }
    return status;
  }

  describe(`VideoProvider conformance: ${name}`, () => {
    it("declares the v1 contract and lists avatars and voices", async () => {
      const provider = await options.create();
      expect(provider.specVersion).toBe("v1");
      expect(provider.id).toMatch(/\S/);
      const avatars = await provider.listAvatars();
      const voices = await provider.listVoices();
      expect(avatars.length).toBeGreaterThan(0);
      expect(voices.length).toBeGreaterThan(0);
      for (const avatar of avatars) expect(avatar.id).toMatch(/\S/);
      for (const voice of voices) expect(voice.language).toMatch(/\S/);
    });

    it("estimates a cost before spending anything", async () => {
      const provider = await options.create();
      const before = await options.paidRenders?.(provider);
      const cost = await provider.estimateCost(options.validRequest);
      expect(cost.amount).toBeGreaterThanOrEqual(0);
      expect(cost.unit).toMatch(/\S/);
      if (before !== undefined) expect(await options.paidRenders?.(provider)).toBe(before);
    });

    it("starts a render as pending and reaches completed with a video URL", async () => {
      const provider = await options.create();
      const started = await provider.start(options.validRequest, { idempotencyKey: freshKey() });
      expect(started.status).toBe("pending");
      expect(started.providerJobId).toMatch(/\S/);
      const done = await pollUntilDone(provider, started.providerJobId);
      expect(done.status).toBe("completed");
      expect(done.result?.videoUrl).toMatch(/^https?:\/\//);
    });

    it("never pays twice for the same idempotency key", async () => {
      const provider = await options.create();
      const key = freshKey();
      const first = await provider.start(options.validRequest, { idempotencyKey: key });
      const paidAfterFirst = await options.paidRenders?.(provider);
      const replay = await provider.start(options.validRequest, { idempotencyKey: key });
      expect(replay.providerJobId).toBe(first.providerJobId);
      if (paidAfterFirst !== undefined) expect(await options.paidRenders?.(provider)).toBe(paidAfterFirst);
    });

    it("rejects an unknown avatar and an unsupported aspect ratio before paying", async () => {
      const provider = await options.create();
      const before = await options.paidRenders?.(provider);
      const unknown = await provider
        .start({ ...options.validRequest, avatarId: "no-such-avatar-0000" }, { idempotencyKey: freshKey() })
        .catch((error: unknown) => error);
      expect(UndercurrentError.isInstance(unknown)).toBe(true);
      expect((unknown as UndercurrentError).isRetryable).toBe(false);
      const ratio = await provider
        .start({ ...options.validRequest, aspectRatio: "3:2" as "16:9" }, { idempotencyKey: freshKey() })
        .catch((error: unknown) => error);
      expect(UndercurrentError.isInstance(ratio)).toBe(true);
      expect((ratio as Error).message).toContain("aspectRatio");
      if (before !== undefined) expect(await options.paidRenders?.(provider)).toBe(before);
    });

    it("cancels a pending render", async () => {
      const provider = await options.create();
      const started = await provider.start(options.validRequest, { idempotencyKey: freshKey() });
      await provider.cancel(started.providerJobId);
      const status = await provider.status(started.providerJobId).catch((error: unknown) => error);
      if (!UndercurrentError.isInstance(status)) expect((status as VideoRenderStatus).status).not.toBe("pending");
    });

    it("refuses a forged webhook delivery", async () => {
      const provider = await options.create();
      if (!provider.verifyWebhook) return;
      const forged = await provider
        .verifyWebhook({ rawBody: '{"event_type":"avatar_video.success"}', headers: { signature: "forged" } })
        .catch((error: unknown) => error);
      expect(UndercurrentError.isInstance(forged)).toBe(true);
    });
  });
}
