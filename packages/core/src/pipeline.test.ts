import { describe, expect, it } from "vitest";
import type { PullResult, Source } from "./contracts/source.js";
import type { Store } from "./contracts/store.js";
import { ApiCallError, ConfigError, UndercurrentError } from "./errors.js";
import { createPipeline, type IngestedBatch } from "./pipeline.js";
import { createManualClock } from "./runtime/clock.js";
import type { UndercurrentEvent } from "./runtime/event-bus.js";
import { createMemoryStore } from "./stores/memory-store.js";
import { makeItem } from "./testing/fixtures.js";
import { createMockSource } from "./testing/mocks.js";

const itemsFor = (source: string, count: number, offset = 0) =>
  Array.from({ length: count }, (_, index) =>
    makeItem({ source, externalId: String(index + offset), title: `${source} story ${index + offset}` }),
  );

function failing(id: string, error: () => Error, options: { failures?: number; items?: number } = {}): Source {
  let pulls = 0;
  const healthy = createMockSource({ id, items: itemsFor(id, options.items ?? 2) });
  return {
    specVersion: "v1",
    id,
    async pull(request, context) {
      pulls++;
      if (pulls <= (options.failures ?? Number.POSITIVE_INFINITY)) throw error();
      return healthy.pull(request, context);
    },
  };
}

const sourceReturning = (id: string, result: PullResult): Source => ({ specVersion: "v1", id, pull: async () => result });

const serverError = () =>
  new ApiCallError({ message: "GET https://api.example.com returned 503", url: "https://api.example.com", statusCode: 503 });

describe("createPipeline", () => {
  it("stores items, observations, series and the cursor, and emits item-ingested once per new item", async () => {
    const store = createMemoryStore();
    const source = sourceReturning("news", {
      items: [makeItem({ source: "news", externalId: "1" })],
      observations: [{ itemId: "news:1", source: "news", observedAt: new Date("2026-01-01T01:00:00Z"), metrics: { score: 5 } }],
      series: [
        {
          id: "news:mentions:rust",
          source: "news",
          metric: "mentions",
          key: "rust",
          interval: "hour",
          points: [{ at: "2026-01-01T00:00:00Z", value: 3 }],
        },
      ],
      cursor: { after: "1" },
    });
    const pipeline = createPipeline({ sources: [source], store });
    const ingested: string[] = [];
    pipeline.events.on("item-ingested", ({ item }) => ingested.push(item.id));
    const first = await pipeline.run();
    const second = await pipeline.run();
    expect(first.sources[0]).toMatchObject({ sourceId: "news", status: "ok", items: 1, newItems: 1, pages: 1 });
    expect(second.sources[0]).toMatchObject({ items: 1, newItems: 0 });
    expect(ingested).toEqual(["news:1"]);
    expect(await store.getCursor("news")).toEqual({ after: "1" });
    expect(await store.listObservations({ itemId: "news:1" })).toHaveLength(1);
    expect((await store.getTimeSeries("news:mentions:rust"))?.points).toHaveLength(1);
  });

  it("passes the stored cursor, the look-back window and the limit to the source", async () => {
    const clock = createManualClock(Date.parse("2026-03-01T12:00:00Z"));
    const store = createMemoryStore();
    await store.setCursor("mock", { offset: 1 });
    const source = createMockSource({ items: itemsFor("mock", 3) });
    await createPipeline({ sources: [{ source, lookbackMs: 3_600_000 }], store, clock, pullLimit: 7 }).run();
    expect(source.requests[0]).toEqual({
      cursor: { offset: 1 },
      since: new Date("2026-03-01T11:00:00Z"),
      until: new Date("2026-03-01T12:00:00Z"),
      limit: 7,
    });
    expect(await store.countItems()).toBe(2);
  });

  it("follows hasMore up to maxPagesPerPull", async () => {
    const source = createMockSource({ items: itemsFor("mock", 10), pageSize: 2 });
    const store = createMemoryStore();
    const report = await createPipeline({ sources: [source], store, maxPagesPerPull: 3 }).run();
    expect(report.sources[0]).toMatchObject({ pages: 3, newItems: 6 });
  });

  it("keeps paging while a source says it has more, even through an empty page", async () => {
    let pulls = 0;
    const source: Source = {
      specVersion: "v1",
      id: "snapshots",
      async pull() {
        pulls++;
        if (pulls === 1) return { items: [], hasMore: true, cursor: 1 };
        return { items: [makeItem({ source: "snapshots", externalId: "late" })], hasMore: false, cursor: 2 };
      },
    };
    const report = await createPipeline({ sources: [source], store: createMemoryStore() }).run();
    expect(report.sources[0]).toMatchObject({ pages: 2, newItems: 1 });
  });

  it("keeps going when a source fails: it degrades, then goes down, while the others ingest", async () => {
    const store = createMemoryStore();
    const events: UndercurrentEvent[] = [];
    const pipeline = createPipeline({
      sources: [failing("broken", serverError), createMockSource({ id: "healthy", items: itemsFor("healthy", 3) })],
      store,
      failuresUntilDown: 2,
    });
    const stream = pipeline.events.stream(["source-degraded", "source-failed"]);
    const collecting = (async () => {
      for await (const event of stream) events.push(event);
    })();
    const first = await pipeline.run();
    expect(first.sources.map((report) => [report.sourceId, report.status])).toEqual([
      ["broken", "degraded"],
      ["healthy", "ok"],
    ]);
    expect(first.sources[0]?.error?.code).toBe("HTTP_503");
    expect(await store.countItems({ source: "healthy" })).toBe(3);
    await pipeline.run();
    const broken = pipeline.health().find((health) => health.sourceId === "broken");
    expect(broken).toMatchObject({ status: "down", consecutiveFailures: 2, code: "HTTP_503" });
    expect(broken?.reason).toContain("503");
    await stream.return?.();
    await collecting;
    expect(events.map((event) => event.type)).toEqual(["source-failed", "source-degraded", "source-failed", "source-degraded"]);
  });

  it("announces a degradation once per status and code, not for every new reason", async () => {
    let pulls = 0;
    const flaky: Source = {
      specVersion: "v1",
      id: "flaky",
      async pull() {
        pulls++;
        throw new ApiCallError({
          message: `GET https://x.test/?t=${pulls} failed`,
          url: "https://x.test",
          code: "NETWORK_ERROR",
          isRetryable: true,
        });
      },
    };
    const pipeline = createPipeline({ sources: [flaky], store: createMemoryStore(), failuresUntilDown: 10 });
    const degraded: string[] = [];
    pipeline.events.on("source-degraded", ({ health }) => degraded.push(`${health.status} ${health.code}`));
    for (let pass = 0; pass < 3; pass++) await pipeline.run();
    expect(degraded).toEqual(["degraded NETWORK_ERROR"]);
    expect(pipeline.health()[0]?.reason).toContain("t=3");
  });

  it("marks a source down at once on a non-retryable error, and recovers with an event", async () => {
    const store = createMemoryStore();
    const pipeline = createPipeline({
      sources: [failing("needs-key", () => new ConfigError({ message: "Reddit requires OAuth credentials" }), { failures: 1 })],
      store,
    });
    const recovered: string[] = [];
    pipeline.events.on("source-recovered", ({ sourceId, health }) => recovered.push(`${sourceId}:${health.status}`));
    await pipeline.run();
    expect(pipeline.health()[0]).toMatchObject({ status: "down", reason: "Reddit requires OAuth credentials", code: "CONFIG_INVALID" });
    await pipeline.run();
    expect(pipeline.health()[0]).toMatchObject({ status: "ok", consecutiveFailures: 0 });
    expect(pipeline.health()[0]?.reason).toBeUndefined();
    expect(recovered).toEqual(["needs-key:ok"]);
  });

  it("reports a source's own degradation and its rate-limit budget", async () => {
    const source = sourceReturning("trends", {
      items: [],
      degraded: { reason: "429 from the explore endpoint: cooling down", retryAfterMs: 600_000 },
      rateLimit: { remaining: 0 },
    });
    const pipeline = createPipeline({ sources: [source], store: createMemoryStore() });
    const report = await pipeline.run();
    expect(report.sources[0]?.status).toBe("degraded");
    expect(pipeline.health()[0]).toMatchObject({
      status: "degraded",
      reason: "429 from the explore endpoint: cooling down",
      rateLimit: { remaining: 0 },
    });
  });

  it("rejects invalid items with the reason and stores the valid ones", async () => {
    const store = createMemoryStore();
    const source = sourceReturning("news", {
      items: [
        makeItem({ source: "news", externalId: "good" }),
        { ...makeItem({ source: "news", externalId: "bad" }), url: "javascript-is-not-a-url" },
        makeItem({ source: "elsewhere", externalId: "stolen" }),
        makeItem({ source: "news", externalId: "good", title: "duplicate in the same batch" }),
      ],
    });
    const pipeline = createPipeline({ sources: [source], store });
    const rejected: string[] = [];
    pipeline.events.on("item-rejected", ({ reason, externalId }) => rejected.push(`${externalId}: ${reason}`));
    const report = await pipeline.run();
    expect(report.sources[0]).toMatchObject({ items: 1, newItems: 1, rejected: 2, status: "ok" });
    expect(rejected).toHaveLength(2);
    expect(rejected[0]).toMatch(/^bad: url:/);
    expect(rejected[1]).toMatch(/^stolen: source: expected "news"/);
    expect((await store.getItem("news:good"))?.title).toBe("duplicate in the same batch");
  });

  it("stores a pull atomically: when the store fails, neither items nor cursor are written", async () => {
    const memory = createMemoryStore();
    const store: Store = {
      ...memory,
      transaction: (work) =>
        memory.transaction((inner) =>
          work({
            ...inner,
            setCursor: async () => {
              throw new UndercurrentError({ code: "DISK_FULL", message: "disk full", isRetryable: true });
            },
          }),
        ),
    };
    const pipeline = createPipeline({ sources: [createMockSource({ items: itemsFor("mock", 2) })], store });
    const report = await pipeline.run();
    expect(report.sources[0]).toMatchObject({ status: "degraded" });
    expect(report.sources[0]?.error?.code).toBe("DISK_FULL");
    expect(await memory.countItems()).toBe(0);
    expect(await memory.getCursor("mock")).toBeUndefined();
  });

  it("runs processors on every stored batch", async () => {
    const batches: IngestedBatch[] = [];
    const pipeline = createPipeline({
      sources: [createMockSource({ items: itemsFor("mock", 3), pageSize: 2 })],
      store: createMemoryStore(),
      processors: [{ id: "collector", process: async (batch) => void batches.push(batch) }],
    });
    await pipeline.run();
    expect(batches.map((batch) => batch.newItemIds.length)).toEqual([2, 1]);
    expect(batches[0]?.sourceId).toBe("mock");
  });

  it("watches each source on its own interval, backs off from failures, and stops cleanly", async () => {
    const clock = createManualClock(0);
    const fast = createMockSource({ id: "fast", items: itemsFor("fast", 1), pollIntervalMs: 1_000 });
    let brokenPulls = 0;
    const broken: Source = {
      specVersion: "v1",
      id: "broken",
      pollIntervalMs: 1_000,
      async pull() {
        brokenPulls++;
        throw serverError();
      },
    };
    const pipeline = createPipeline({
      sources: [fast, { source: createMockSource({ id: "slow" }), pollIntervalMs: 5_000 }, broken],
      store: createMemoryStore(),
      clock,
      maxBackoffMs: 4_000,
    });
    const stopped: string[] = [];
    pipeline.events.on("pipeline-stopped", ({ reason }) => stopped.push(reason));
    const watching = pipeline.watch();
    await clock.advance(0);
    for (let second = 1; second <= 10; second++) await clock.advance(1_000);
    // fast: t=0..10 every second; broken: t=0, then waits 1s, 2s, 4s, 4s (capped): t=0,1,3,7
    expect(fast.requests).toHaveLength(11);
    expect(brokenPulls).toBe(4);
    expect(pipeline.health().find((health) => health.sourceId === "broken")?.nextPullAt).toEqual(new Date(11_000));
    await pipeline.stop();
    await watching;
    expect(stopped).toEqual(["stopped"]);
    expect(clock.pending).toBe(0);
  });

  it("honours a Retry-After longer than the backoff", async () => {
    const clock = createManualClock(0);
    let pulls = 0;
    const limited: Source = {
      specVersion: "v1",
      id: "limited",
      pollIntervalMs: 1_000,
      async pull() {
        pulls++;
        throw new ApiCallError({ message: "429", url: "https://x.test", statusCode: 429, retryAfterMs: 30_000 });
      },
    };
    const pipeline = createPipeline({ sources: [limited], store: createMemoryStore(), clock });
    const watching = pipeline.watch();
    await clock.advance(0);
    await clock.advance(29_000);
    expect(pulls).toBe(1);
    await clock.advance(1_000);
    expect(pulls).toBe(2);
    await pipeline.stop();
    await watching;
  });

  it("aborts in-flight pulls on stop without marking the source failed", async () => {
    const clock = createManualClock(0);
    const hanging: Source = {
      specVersion: "v1",
      id: "hanging",
      pull: (_request, { signal }) => new Promise((_resolve, reject) => signal.addEventListener("abort", () => reject(signal.reason))),
    };
    const pipeline = createPipeline({ sources: [hanging], store: createMemoryStore(), clock });
    const failures: string[] = [];
    pipeline.events.on("source-failed", ({ sourceId }) => failures.push(sourceId));
    const watching = pipeline.watch();
    await clock.advance(0);
    await pipeline.stop();
    await watching;
    expect(failures).toEqual([]);
    expect(pipeline.health()[0]?.status).toBe("ok");
  });

  it("stops watching when the given signal aborts", async () => {
    const clock = createManualClock(0);
    const controller = new AbortController();
    const pipeline = createPipeline({ sources: [createMockSource()], store: createMemoryStore(), clock });
    const watching = pipeline.watch({ signal: controller.signal });
    await clock.advance(0);
    controller.abort();
    await expect(watching).resolves.toBeUndefined();
  });

  it("treats a source returning nonsense as a failure of that source", async () => {
    const bad = { specVersion: "v1", id: "bad", pull: async () => null } as unknown as Source;
    const report = await createPipeline({ sources: [bad], store: createMemoryStore() }).run();
    expect(report.sources[0]?.error?.code).toBe("SOURCE_CONTRACT_VIOLATION");
    expect(report.sources[0]?.status).toBe("down");
  });

  it("rejects bad options with a ConfigError naming the field", () => {
    const store = createMemoryStore();
    const attempt = (options: unknown) => () => createPipeline(options as never);
    expect(attempt({ sources: [], store })).toThrow(/createPipeline: options\.sources: expected at least one source/);
    expect(attempt({ sources: [createMockSource(), createMockSource()], store })).toThrow(
      /options\.sources\.1: duplicate source id "mock"/,
    );
    expect(attempt({ sources: [createMockSource()] })).toThrow(/options\.store/);
    expect(attempt({ sources: [createMockSource()], store, pollIntervalMs: "5m" })).toThrow(/options\.pollIntervalMs/);
    expect(attempt({ sources: [{ id: "x" }], store })).toThrow(/options\.sources\.0/);
    expect(attempt({ sources: [createMockSource()], store, pollInterval: 5 })).toThrow(ConfigError);
  });
});

describe("pipeline method options", () => {
  it("names a bad signal given to run or watch", async () => {
    const pipeline = createPipeline({ sources: [createMockSource()], store: createMemoryStore() });
    await expect(pipeline.run({ signal: "stop" as never })).rejects.toThrow(/run: options\.signal: expected an AbortSignal/);
    expect(() => pipeline.watch({ signal: {} as never })).toThrow(/watch: options\.signal/);
  });
});
