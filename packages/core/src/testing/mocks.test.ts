import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createPipeline } from "../pipeline.js";
import { createMemoryStore } from "../stores/memory-store.js";
import { describeEmbedder } from "./describe-embedder.js";
import { describeForecaster } from "./describe-forecaster.js";
import { describeSource } from "./describe-source.js";
import { describeVideoProvider } from "./describe-video-provider.js";
import { makeItem } from "./fixtures.js";
import {
  createMockEmbedder,
  createMockForecaster,
  createMockNotifier,
  createMockSource,
  createMockTextGenerator,
  createMockVideoProvider,
  type MockVideoProvider,
} from "./mocks.js";

const items = Array.from({ length: 5 }, (_, index) => makeItem({ source: "mock", externalId: String(index) }));

describeSource("mock", { create: () => createMockSource({ items, pageSize: 2 }) });
describeEmbedder("mock", { create: () => createMockEmbedder() });
describeForecaster("mock", { create: () => createMockForecaster() });
describeVideoProvider("mock", {
  create: () => createMockVideoProvider(),
  validRequest: { avatarId: "avatar-anna", voiceId: "voice-en-f", script: "Three things happened in AI this week.", aspectRatio: "9:16" },
  paidRenders: (provider) => (provider as MockVideoProvider).paidRenders,
});

describe("mocks", () => {
  it("the mock source pages through its items and resumes from the stored cursor", async () => {
    const source = createMockSource({ items, pageSize: 2 });
    const store = createMemoryStore();
    const pipeline = createPipeline({ sources: [source], store });
    const report = await pipeline.run();
    expect(report.sources[0]).toMatchObject({ newItems: 5, pages: 3 });
    source.publish([makeItem({ source: "mock", externalId: "new" })]);
    const next = await pipeline.run();
    expect(next.sources[0]).toMatchObject({ newItems: 1 });
    expect(source.requests.at(-1)?.cursor).toEqual({ offset: 5 });
  });

  it("the mock text generator validates its answer against the schema", async () => {
    const generator = createMockTextGenerator(({ prompt }) => ({ title: prompt.toUpperCase() }));
    const result = await generator.generate({ prompt: "hello", schema: z.object({ title: z.string() }) });
    expect(result.object).toEqual({ title: "HELLO" });
    await expect(generator.generate({ prompt: "hello", schema: z.object({ count: z.number() }) })).rejects.toMatchObject({
      code: "RESPONSE_INVALID",
    });
  });

  it("the mock forecaster repeats the last value with widening intervals", async () => {
    const forecast = await createMockForecaster().forecast(
      [
        { at: new Date(0), value: 5 },
        { at: new Date(3_600_000), value: 10 },
      ],
      { horizon: 2 },
    );
    expect(forecast.points.map((point) => point.value)).toEqual([10, 10]);
    expect(forecast.points[1]!.at.getTime()).toBe(3 * 3_600_000);
    const widths = forecast.points.map((point) => point.intervals[0]!.upper - point.intervals[0]!.lower);
    expect(widths[1]).toBeGreaterThan(widths[0]!);
    await expect(createMockForecaster().forecast([], { horizon: 1 })).rejects.toThrow(/points/);
  });

  it("the mock notifier keeps alerts", async () => {
    const notifier = createMockNotifier();
    const alert = { id: "a", kind: "trend" as const, severity: "info" as const, title: "Rust", body: "", createdAt: new Date(), data: {} };
    expect(await notifier.notify(alert)).toEqual({ delivered: true });
    expect(notifier.alerts).toEqual([alert]);
  });

  it("the mock video provider fails renders it is told to fail", async () => {
    const provider = createMockVideoProvider({ failWhenScriptIncludes: "FAIL", pollsUntilDone: 1 });
    const started = await provider.start(
      { avatarId: "avatar-ben", voiceId: "voice-en-m", script: "please FAIL", aspectRatio: "16:9" },
      { idempotencyKey: "k-fail-0001" },
    );
    const status = await provider.status(started.providerJobId);
    expect(status).toMatchObject({ status: "failed", error: { code: "VIDEO_RENDER_FAILED" } });
  });
});
