import { describe, expect, it } from "vitest";
import type { Source, SourceContext } from "../contracts/source.js";
import { UndercurrentError } from "../errors.js";
import { createHttpClient } from "../http/http-client.js";
import { createPipeline } from "../pipeline.js";
import { type Clock, systemClock } from "../runtime/clock.js";
import { silentLogger } from "../runtime/logger.js";
import { itemSchema, observationSchema, timeSeriesSchema } from "../schemas/item.js";
import { createMemoryStore } from "../stores/memory-store.js";
import type { MockResponse, Routes, TestServer } from "./test-server.js";

/** How {@link describeSource} drives a source. */
export interface DescribeSourceOptions {
  /** Returns a fresh source, configured to call the URLs in `http.success`. */
  create: () => Source;
  /**
   * For sources that call HTTP APIs: the test server (created at the top of the test file) and the routes
   * of a healthy upstream. The suite derives the failures from them: each route answers 429 with
   * `Retry-After`, 503, an HTML block page, or times out.
   */
  http?: {
    server: TestServer;
    success: Routes;
  };
  /** A credential the source is configured with; it must never appear in an error. */
  secret?: string;
  /** The time pulls are made at (default: now), so fixtures with fixed dates fall inside the look-back window. */
  now?: () => Date;
}

const failures: Record<string, MockResponse> = {
  "429 with Retry-After": {
    status: 429,
    headers: { "retry-after": "120", "content-type": "application/json" },
    json: { error: "Too Many Requests" },
  },
  "503": { status: 503, headers: { "content-type": "text/plain" }, text: "Service Unavailable" },
  "an HTML block page": {
    status: 200,
    headers: { "content-type": "text/html" },
    text: "<!doctype html><html><body><h1>Blocked</h1><p>Please verify you are a human</p></body></html>",
  },
  "malformed JSON": { status: 200, headers: { "content-type": "application/json" }, text: '{"hits": [ {"title": ' },
};

/** A clock that reads `now` but sleeps for real (the suite's timeouts are real). */
function clockAt(now: () => Date): Clock {
  return { now: () => now().getTime(), sleep: systemClock.sleep };
}

function withEvery(routes: Routes, response: MockResponse): Routes {
  return Object.fromEntries(Object.keys(routes).map((route) => [route, response]));
}

/**
 * The conformance suite every `Source` runs: schema-valid output owned by the source, cursor resume
 * (nothing pulled twice), abort, and — for HTTP sources — 429 / 5xx / block page / malformed / timeout
 * handled as `UndercurrentError`s or an explicit degradation, health reporting through the pipeline,
 * recovery, and the credential never in an error.
 */
export function describeSource(name: string, options: DescribeSourceOptions): void {
  const useSuccess = () => options.http?.server.use(options.http.success);
  const clock = clockAt(options.now ?? (() => new Date()));
  const context = (signal = new AbortController().signal): SourceContext => ({
    http: createHttpClient({ retries: 0, timeoutMs: 500, clock }),
    signal,
    clock,
    logger: silentLogger,
  });
  const request = (limit = 50) => {
    const now = clock.now();
    return { cursor: undefined, since: new Date(now - 24 * 3_600_000), until: new Date(now), limit };
  };

  describe(`Source conformance: ${name}`, () => {
    it("declares the v1 contract with a stable id", () => {
      const source = options.create();
      expect(source.specVersion).toBe("v1");
      expect(source.id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      expect(options.create().id).toBe(source.id);
    });

    it("returns schema-valid items, observations and series that belong to it", async () => {
      useSuccess();
      const source = options.create();
      const result = await source.pull(request(), context());
      expect(result.items.length).toBeGreaterThan(0);
      const items = result.items.map((item) => itemSchema.parse({ ...item, fetchedAt: item.fetchedAt ?? new Date() }));
      for (const item of items) {
        expect(item.source).toBe(source.id);
        expect(item.id).toBe(`${source.id}:${item.externalId}`);
      }
      expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
      for (const observation of result.observations ?? []) expect(observationSchema.parse(observation).source).toBe(source.id);
      for (const series of result.series ?? []) timeSeriesSchema.parse(series);
      if (result.cursor !== undefined) expect(JSON.parse(JSON.stringify(result.cursor))).toEqual(result.cursor);
    });

    it("resumes from its stored cursor: a second pass over unchanged data stores nothing new", async () => {
      useSuccess();
      const store = createMemoryStore();
      const source = options.create();
      const pipeline = createPipeline({ sources: [source], store, clock, http: createHttpClient({ retries: 0, clock }) });
      const first = await pipeline.run();
      expect(first.sources[0]?.error).toBeUndefined();
      expect(first.sources[0]?.newItems).toBeGreaterThan(0);
      const stored = await store.countItems();
      useSuccess();
      const second = await pipeline.run();
      expect(second.sources[0]?.error).toBeUndefined();
      expect(second.sources[0]?.newItems).toBe(0);
      expect(await store.countItems()).toBe(stored);
    });

    it("stops when its signal aborts, with the abort reason rather than an Undercurrent error", async () => {
      useSuccess();
      const controller = new AbortController();
      const reason = new DOMException("stopped by test", "AbortError");
      controller.abort(reason);
      const error = await options
        .create()
        .pull(request(), context(controller.signal))
        .then(
          () => undefined,
          (caught: unknown) => caught,
        );
      expect(error).toBeDefined();
      expect(UndercurrentError.isInstance(error)).toBe(false);
    });

    if (options.http) {
      const http = options.http;
      for (const [label, response] of Object.entries(failures)) {
        it(`reports ${label} as an Undercurrent error or a degradation, never a crash`, async () => {
          http.server.use(withEvery(http.success, response));
          const outcome = await options
            .create()
            .pull(request(), context())
            .then(
              (result) => ({ result }),
              (error: unknown) => ({ error }),
            );
          if ("error" in outcome) {
            expect(UndercurrentError.isInstance(outcome.error), String(outcome.error)).toBe(true);
            if (label.startsWith("429") || label === "503") expect((outcome.error as UndercurrentError).isRetryable).toBe(true);
            if (options.secret)
              expect(JSON.stringify({ ...(outcome.error as object), message: (outcome.error as Error).message })).not.toContain(
                options.secret,
              );
          } else {
            expect(outcome.result.degraded?.reason).toMatch(/\S/);
          }
        });
      }

      it("reports a timeout as a retryable Undercurrent error", async () => {
        http.server.use(withEvery(http.success, { delayMs: 2_000, json: {} }));
        const error = await options
          .create()
          .pull(request(), context())
          .catch((caught: unknown) => caught);
        expect(UndercurrentError.isInstance(error) && error.isRetryable).toBe(true);
      });

      it("is reported degraded by the pipeline while failing, and recovers", async () => {
        const store = createMemoryStore();
        const pipeline = createPipeline({ sources: [options.create()], store, clock, http: createHttpClient({ retries: 0, clock }) });
        const events: string[] = [];
        pipeline.events.on("source-degraded", ({ health }) => events.push(`degraded:${health.status}`));
        pipeline.events.on("source-recovered", () => events.push("recovered"));
        http.server.use(withEvery(http.success, failures["503"]!));
        const failed = await pipeline.run();
        expect(failed.sources[0]?.status).not.toBe("ok");
        const [health] = pipeline.health();
        expect(health?.reason).toMatch(/\S/);
        if (options.secret) expect(JSON.stringify(health)).not.toContain(options.secret);
        http.server.reset();
        useSuccess();
        const recovered = await pipeline.run();
        expect(recovered.sources[0]?.status).toBe("ok");
        expect(pipeline.health()[0]?.lastSuccessAt).toBeInstanceOf(Date);
        expect(events[0]).toMatch(/^degraded:/);
        expect(events.at(-1)).toBe("recovered");
      });
    }
  });
}
