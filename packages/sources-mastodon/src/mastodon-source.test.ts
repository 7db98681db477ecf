import {
  ApiCallError,
  type Clock,
  ConfigError,
  createHttpClient,
  createManualClock,
  createMemoryStore,
  createPipeline,
  type HttpClient,
  type Logger,
  type PullRequest,
  ResponseValidationError,
  type SourceContext,
  silentLogger,
  UndercurrentError,
} from "@undercurrent/core";
import { createTestServer, describeSource, type MockResponse, type RecordedCall, type Routes } from "@undercurrent/core/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import links from "./__fixtures__/trends-links.json" with { type: "json" };
import statuses from "./__fixtures__/trends-statuses.json" with { type: "json" };
import tags from "./__fixtures__/trends-tags.json" with { type: "json" };
import { createMastodonSource } from "./mastodon-source.js";

const base = "https://mastodon.social/api/v1/trends";
const start = Date.parse("2025-06-01T12:00:00Z");
const secret = "mastodon-token-5f1e9c2a7b3d";
const rateLimitHeaders = {
  "content-type": "application/json; charset=utf-8",
  "x-ratelimit-limit": "300",
  "x-ratelimit-remaining": "297",
  "x-ratelimit-reset": "2025-06-01T12:05:00.000000Z",
};

const ok = (json: unknown, headers: Record<string, string> = {}): MockResponse => ({ json, headers: { ...rateLimitHeaders, ...headers } });

const healthy: Routes = {
  [`GET ${base}/tags`]: ok(tags),
  [`GET ${base}/links`]: ok(links),
  [`GET ${base}/statuses`]: ok(statuses),
};

const server = createTestServer(healthy);

afterEach(() => {
  vi.unstubAllEnvs();
});

/** A clock whose sleeps return at once, advance time and are recorded. */
function recordingClock(now = start) {
  let current = now;
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => current,
    async sleep(milliseconds, signal) {
      signal?.throwIfAborted();
      sleeps.push(milliseconds);
      current += milliseconds;
    },
  };
  return { clock, sleeps };
}

function contextWith(options: { clock?: Clock; http?: HttpClient; signal?: AbortSignal } = {}): SourceContext {
  const clock = options.clock ?? createManualClock(start);
  return {
    http: options.http ?? createHttpClient({ retries: 0, clock }),
    signal: options.signal ?? new AbortController().signal,
    clock,
    logger: silentLogger,
  };
}

function pullRequest(overrides: Partial<PullRequest> = {}): PullRequest {
  return { cursor: undefined, since: new Date(start - 24 * 3_600_000), until: new Date(start), limit: 500, ...overrides };
}

/** `count` trending statuses built from the first fixture, newest first, with ids `page-status-1`… */
function manyStatuses(count: number) {
  return Array.from({ length: count }, (_, index) => ({
    ...statuses[0]!,
    id: `11460372048201${String(6000 + index)}`,
    created_at: new Date(start - (index + 1) * 60_000).toISOString(),
  }));
}

/** Serves `entries` a page at a time by `offset` and `limit`, with Mastodon's `Link: …; rel="next"` while the list continues. */
function paged(entries: readonly unknown[], options: { link?: boolean } = {}) {
  return (call: RecordedCall): MockResponse => {
    const url = new URL(call.url);
    const offset = Number(url.searchParams.get("offset") ?? 0);
    const limit = Number(url.searchParams.get("limit") ?? 20);
    const page = entries.slice(offset, offset + limit);
    const headers: Record<string, string> = {};
    if (options.link !== false && page.length === limit) {
      headers.link = `<${url.origin}${url.pathname}?limit=${limit}&offset=${offset + limit}>; rel="next"`;
    }
    return ok(page, headers);
  };
}

const offsetsOf = (calls: readonly RecordedCall[], kind: string) =>
  calls
    .filter((call) => new URL(call.url).pathname.endsWith(`/${kind}`))
    .map((call) => Number(new URL(call.url).searchParams.get("offset")));

/** Everything an error carries, down its cause chain, as one string. */
function everythingIn(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    if (current instanceof Error) parts.push(current.message, JSON.stringify({ ...current }));
    else parts.push(String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join("\n");
}

const recentStatuses = () =>
  statuses.map((status, index) => ({ ...status, created_at: new Date(Date.now() - (index + 1) * 3_600_000).toISOString() }));

describeSource("mastodon", {
  create: () => createMastodonSource({ accessToken: secret }),
  http: {
    server,
    success: {
      [`GET ${base}/tags`]: ok(tags),
      [`GET ${base}/links`]: ok(links),
      // describeSource pulls with the real clock: keep the statuses inside its 24-hour look-back window.
      [`GET ${base}/statuses`]: () => ok(recentStatuses()),
    },
  },
  secret,
});

describe("createMastodonSource", () => {
  it("declares a stable id, a display name naming the instance and a poll interval", () => {
    const source = createMastodonSource({ instance: "fosstodon.org", id: "mastodon-fosstodon" });
    expect(source).toMatchObject({
      specVersion: "v1",
      id: "mastodon-fosstodon",
      displayName: "Mastodon (fosstodon.org)",
      pollIntervalMs: 600_000,
    });
    expect(createMastodonSource().id).toBe("mastodon");
  });

  it("reads trending tags, links and statuses into items, observations and daily series", async () => {
    const result = await createMastodonSource().pull(pullRequest(), contextWith());
    expect(result.items.map((item) => item.id)).toEqual([
      "mastodon:caturday",
      "mastodon:wwdc25",
      "mastodon:fedimusic",
      "mastodon:https://www.theverge.com/2025/6/1/apple-wwdc-2025-what-to-expect",
      "mastodon:https://blog.joinmastodon.org/2025/05/trunk-tidbits-may-2025/",
      "mastodon:114603720482016511",
      "mastodon:114603511230045002",
      "mastodon:114602987710334099",
    ]);
    expect(result.items[1]).toMatchObject({ kind: "tag", title: "#WWDC25", url: "https://mastodon.social/tags/WWDC25", tags: ["wwdc25"] });
    expect(result.items[3]).toMatchObject({
      kind: "link",
      title: "Apple WWDC 2025: what to expect from iOS 26 and macOS",
      author: { id: "Chris Welch", url: "https://www.theverge.com/authors/chris-welch" },
      metadata: { provider: "The Verge" },
    });
    expect(result.items[5]).toMatchObject({
      kind: "status",
      author: { id: "catlady", name: "Cat Lady 🐈" },
      text: "Saturday means #caturday & this one refuses to leave the laundry basket.\n\nPhoto by @anna",
      language: "en",
      tags: ["caturday"],
      publishedAt: new Date("2025-06-01T09:41:12.000Z"),
    });
    expect(result.observations).toContainEqual({
      itemId: "mastodon:114603720482016511",
      source: "mastodon",
      observedAt: new Date(start),
      metrics: { rank: 1, shares: 512, likes: 2290, comments: 41 },
    });
    expect(result.observations).toContainEqual(
      expect.objectContaining({ itemId: "mastodon:caturday", metrics: { rank: 1, mentions: 1876 } }),
    );
    const caturdayUses = result.series?.find((series) => series.id === "mastodon:tag:caturday:uses");
    expect(caturdayUses).toMatchObject({ metric: "uses", key: "caturday", interval: "day" });
    expect(caturdayUses?.points.map((point) => point.value)).toEqual([330, 352, 390, 377, 401, 455, 1876]);
    expect(result.series?.map((series) => series.id)).toContain(
      "mastodon:link:https://blog.joinmastodon.org/2025/05/trunk-tidbits-may-2025/:accounts",
    );
    expect(result.series).toHaveLength(10);
    expect(result.hasMore).toBe(false);
    expect(result.degraded).toBeUndefined();
    expect(result.warnings).toBeUndefined();
  });

  it("asks each endpoint for its maximum page from offset 0, without credentials unless given", async () => {
    await createMastodonSource().pull(pullRequest(), contextWith());
    expect(server.calls.map((call) => call.url)).toEqual([
      `${base}/tags?limit=20&offset=0`,
      `${base}/links?limit=20&offset=0`,
      `${base}/statuses?limit=40&offset=0`,
    ]);
    expect(server.calls[0]?.headers.authorization).toBeUndefined();
  });

  it("reads only the included lists, with the configured page sizes and extra headers", async () => {
    await createMastodonSource({
      include: ["statuses", "tags"],
      limit: { tags: 5, statuses: 10 },
      headers: { "accept-language": "de" },
    }).pull(pullRequest(), contextWith());
    expect(server.calls.map((call) => call.url)).toEqual([`${base}/statuses?limit=10&offset=0`, `${base}/tags?limit=5&offset=0`]);
    expect(server.calls[0]?.headers["accept-language"]).toBe("de");
  });

  it("sends requests to baseURL, keeping the instance for names and links", async () => {
    server.use({ "GET https://proxy.example/mastodon/api/v1/trends/tags": ok(tags) });
    const source = createMastodonSource({
      instance: "https://fosstodon.org/",
      baseURL: "https://proxy.example/mastodon/",
      include: ["tags"],
    });
    const result = await source.pull(pullRequest(), contextWith());
    expect(server.calls[0]?.url).toBe("https://proxy.example/mastodon/api/v1/trends/tags?limit=20&offset=0");
    expect(source.displayName).toBe("Mastodon (fosstodon.org)");
    expect(result.items[0]?.metadata).toEqual({ instance: "fosstodon.org" });
  });

  it("uses MASTODON_INSTANCE when no instance is given", async () => {
    vi.stubEnv("MASTODON_INSTANCE", "fosstodon.org");
    server.use({ "GET https://fosstodon.org/api/v1/trends/tags": ok([]) });
    const source = createMastodonSource({ include: ["tags"] });
    await source.pull(pullRequest(), contextWith());
    expect(source.displayName).toBe("Mastodon (fosstodon.org)");
    expect(server.calls[0]?.url).toBe("https://fosstodon.org/api/v1/trends/tags?limit=20&offset=0");
  });

  it("rejects an invalid MASTODON_INSTANCE with a ConfigError naming the variable", () => {
    vi.stubEnv("MASTODON_INSTANCE", "http://mastodon.social");
    const error = (() => {
      try {
        createMastodonSource();
      } catch (caught) {
        return caught;
      }
    })();
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/instance \(from MASTODON_INSTANCE\): the instance must be served over https/);
  });

  it("treats trends disabled on the instance ([]) as no items, not an error", async () => {
    server.use({ [`GET ${base}/tags`]: ok([]), [`GET ${base}/links`]: ok([]), [`GET ${base}/statuses`]: ok([]) });
    const result = await createMastodonSource().pull(pullRequest(), contextWith());
    expect(result).toMatchObject({ items: [], observations: [], series: [], hasMore: false });
    expect(result.degraded).toBeUndefined();
  });

  it("passes the rate-limit budget through, reading Mastodon's ISO 8601 reset", async () => {
    const result = await createMastodonSource().pull(pullRequest(), contextWith());
    expect(result.rateLimit).toEqual({ limit: 300, remaining: 297, resetAt: new Date("2025-06-01T12:05:00.000Z") });
  });
});

describe("pagination", () => {
  it("follows Link rel=next through three pages to the terminal page", async () => {
    server.use({ [`GET ${base}/statuses`]: paged(manyStatuses(5)) });
    const result = await createMastodonSource({ include: ["statuses"], limit: { statuses: 2 } }).pull(pullRequest(), contextWith());
    expect(offsetsOf(server.calls, "statuses")).toEqual([0, 2, 4]);
    expect(result.items).toHaveLength(5);
    expect(result.observations?.map((observation) => observation.metrics.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(result).toMatchObject({ hasMore: false, cursor: { pending: {} } });
  });

  it("without a Link header, reads on while pages are full", async () => {
    server.use({ [`GET ${base}/tags`]: paged([...tags, { ...tags[0]!, name: "Fediverse" }], { link: false }) });
    const result = await createMastodonSource({ include: ["tags"], limit: { tags: 2 } }).pull(pullRequest(), contextWith());
    expect(offsetsOf(server.calls, "tags")).toEqual([0, 2, 4]);
    expect(result.items.map((item) => item.externalId)).toEqual(["caturday", "wwdc25", "fedimusic", "fediverse"]);
  });

  it("stops after maxPages pages of a list", async () => {
    server.use({ [`GET ${base}/statuses`]: paged(manyStatuses(12)) });
    const result = await createMastodonSource({ include: ["statuses"], limit: { statuses: 2 }, maxPages: 2 }).pull(
      pullRequest(),
      contextWith(),
    );
    expect(offsetsOf(server.calls, "statuses")).toEqual([0, 2]);
    expect(result.items).toHaveLength(4);
    expect(result.hasMore).toBe(false);
  });

  it("respects request.limit, says hasMore, and resumes at the next offset without repeating or skipping", async () => {
    server.use({ [`GET ${base}/statuses`]: paged(manyStatuses(5)) });
    const source = createMastodonSource({ include: ["statuses"], limit: { statuses: 2 } });
    const first = await source.pull(pullRequest({ limit: 3 }), contextWith());
    expect(first.items).toHaveLength(3);
    expect(first).toMatchObject({ hasMore: true, cursor: { pending: { statuses: 3 } } });
    const second = await source.pull(pullRequest({ cursor: first.cursor, limit: 3 }), contextWith());
    // offset 3 returns a full page of 2, so Mastodon links to offset 5, which is empty
    expect(offsetsOf(server.calls, "statuses")).toEqual([0, 2, 3, 5]);
    expect(second.items.map((item) => item.externalId)).toEqual(
      manyStatuses(5)
        .slice(3)
        .map((status) => status.id),
    );
    expect(second.observations?.map((observation) => observation.metrics.rank)).toEqual([4, 5]);
    expect(second).toMatchObject({ hasMore: false, cursor: { pending: {} } });
  });

  it("a continuing pull reads only the lists still paging; the next pull starts a fresh snapshot of all", async () => {
    const pathsCalled = () => server.calls.map((call) => new URL(call.url).pathname.replace("/api/v1/trends/", ""));
    server.use({ [`GET ${base}/statuses`]: paged(manyStatuses(3)) });
    const source = createMastodonSource({ include: ["tags", "statuses"], limit: { statuses: 2 } });
    const first = await source.pull(pullRequest({ limit: 5 }), contextWith());
    expect(first.cursor).toMatchObject({ pending: { statuses: 2 } });
    server.reset();
    server.use({ [`GET ${base}/statuses`]: paged(manyStatuses(3)) });
    const second = await source.pull(pullRequest({ cursor: first.cursor }), contextWith());
    expect(pathsCalled()).toEqual(["statuses"]);
    expect(second.items).toHaveLength(1);
    server.reset();
    server.use({ [`GET ${base}/statuses`]: paged(manyStatuses(3)) });
    const third = await source.pull(pullRequest({ cursor: second.cursor }), contextWith());
    expect(pathsCalled()).toEqual(["tags", "statuses", "statuses"]);
    expect(third.items).toEqual([]);
    expect(third.observations).toHaveLength(6);
  });
});

describe("cursor", () => {
  it("emits each entry once, observes it on every pull, and emits only what is new", async () => {
    const source = createMastodonSource();
    const first = await source.pull(pullRequest(), contextWith());
    expect(first.items).toHaveLength(8);
    expect(JSON.parse(JSON.stringify(first.cursor))).toEqual(first.cursor);
    const later = createManualClock(start + 600_000);
    const second = await source.pull(pullRequest({ cursor: first.cursor }), contextWith({ clock: later }));
    expect(second.items).toEqual([]);
    expect(second.observations).toHaveLength(8);
    expect(second.observations?.map((observation) => observation.observedAt)).toEqual(Array(8).fill(new Date(start + 600_000)));
    expect(second.series).toHaveLength(10);
    const fresh = { ...statuses[0]!, id: "114603999000000001", created_at: "2025-06-01T11:58:00.000Z" };
    server.use({ [`GET ${base}/statuses`]: ok([fresh, ...statuses]) });
    const third = await source.pull(pullRequest({ cursor: second.cursor }), contextWith());
    expect(third.items.map((item) => item.id)).toEqual(["mastodon:114603999000000001"]);
  });

  it("survives a restart: a new source and pipeline over the same store store nothing twice and keep observing", async () => {
    const store = createMemoryStore();
    const clock = createManualClock(start);
    const run = () =>
      createPipeline({ sources: [createMastodonSource()], store, clock, http: createHttpClient({ retries: 0, clock }) }).run();
    const first = await run();
    expect(first.sources[0]).toMatchObject({ status: "ok", newItems: 8 });
    await clock.advance(600_000);
    const second = await run();
    expect(second.sources[0]).toMatchObject({ status: "ok", newItems: 0 });
    expect(await store.countItems()).toBe(8);
    const observations = await store.listObservations({ itemId: "mastodon:114603720482016511" });
    expect(observations.map((observation) => observation.observedAt.valueOf())).toEqual([start, start + 600_000]);
    expect((await store.getTimeSeries("mastodon:tag:caturday:uses"))?.points).toHaveLength(7);
  });

  it("does not re-emit an entry that reappears in the same snapshot on a later page", async () => {
    const [first, second] = manyStatuses(2);
    server.use({ [`GET ${base}/statuses`]: [ok([first, second], { link: `<${base}/statuses?offset=2>; rel="next"` }), ok([second])] });
    const result = await createMastodonSource({ include: ["statuses"], limit: { statuses: 2 } }).pull(pullRequest(), contextWith());
    expect(result.items).toHaveLength(2);
    expect(result.observations).toHaveLength(2);
  });

  it("leaves out statuses older than the look-back window", async () => {
    const result = await createMastodonSource({ include: ["statuses"] }).pull(
      pullRequest({ since: new Date("2025-06-01T08:00:00Z") }),
      contextWith(),
    );
    expect(result.items.map((item) => item.externalId)).toEqual(["114603720482016511", "114603511230045002"]);
    expect(result.observations).toHaveLength(2);
  });

  it("starts afresh, with a warning, from a cursor it cannot read", async () => {
    const result = await createMastodonSource({ include: ["tags"] }).pull(pullRequest({ cursor: { offset: 5 } }), contextWith());
    expect(result.items).toHaveLength(3);
    expect(result.warnings).toEqual(["the stored cursor was not readable; starting a fresh snapshot"]);
  });
});

describe("failures", () => {
  it("waits as long as Retry-After says after a 429, then succeeds", async () => {
    server.use({
      [`GET ${base}/tags`]: [
        { status: 429, headers: { "retry-after": "1", "content-type": "application/json" }, json: { error: "Too many requests" } },
        ok(tags),
      ],
    });
    const { clock, sleeps } = recordingClock();
    const result = await createMastodonSource({ include: ["tags"] }).pull(
      pullRequest(),
      contextWith({ clock, http: createHttpClient({ retries: 2, clock }) }),
    );
    expect(sleeps).toEqual([1_000]);
    expect(result.items).toHaveLength(3);
  });

  it("waits for the ISO 8601 X-RateLimit-Reset when a 429 has no Retry-After", async () => {
    server.use({
      [`GET ${base}/tags`]: [
        {
          status: 429,
          headers: { ...rateLimitHeaders, "x-ratelimit-remaining": "0", "x-ratelimit-reset": "2025-06-01T12:00:30.000000Z" },
          json: { error: "Too many requests" },
        },
        ok(tags),
      ],
    });
    const { clock, sleeps } = recordingClock();
    await createMastodonSource({ include: ["tags"] }).pull(
      pullRequest(),
      contextWith({ clock, http: createHttpClient({ retries: 1, clock }) }),
    );
    expect(sleeps).toEqual([30_000]);
  });

  it("reports a 429 it may not wait for as a retryable MASTODON_RATE_LIMITED with retryAfterMs", async () => {
    server.use({
      [`GET ${base}/tags`]: {
        status: 429,
        headers: { "retry-after": "240", "content-type": "application/json" },
        json: { error: "Too many requests" },
      },
    });
    const error = await createMastodonSource({ include: ["tags"] })
      .pull(pullRequest(), contextWith())
      .catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "MASTODON_RATE_LIMITED", isRetryable: true, retryAfterMs: 240_000, statusCode: 429 });
  });

  it("stops before the budget runs out: the remaining lists wait for the reset, reported as a degradation", async () => {
    server.use({
      [`GET ${base}/tags`]: ok(tags, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "2025-06-01T12:05:00.000000Z" }),
    });
    const source = createMastodonSource({ include: ["tags", "statuses"] });
    const result = await source.pull(pullRequest(), contextWith());
    expect(server.calls).toHaveLength(1);
    expect(result.items).toHaveLength(3);
    expect(result.degraded).toEqual({
      reason: expect.stringMatching(/rate limit of mastodon\.social spent until 2025-06-01T12:05:00\.000Z/),
      retryAfterMs: 300_000,
    });
    expect(result).toMatchObject({ hasMore: false, cursor: { pending: { statuses: 0 } }, rateLimit: { remaining: 0 } });
    const after = await source.pull(pullRequest({ cursor: result.cursor }), contextWith({ clock: createManualClock(start + 300_000) }));
    expect(offsetsOf(server.calls, "statuses")).toEqual([0]);
    expect(after.items).toHaveLength(3);
    expect(after.degraded).toBeUndefined();
  });

  it("retries a 503 and recovers", async () => {
    server.use({ [`GET ${base}/links`]: [{ status: 503, text: "Service Unavailable" }, ok(links)] });
    const { clock, sleeps } = recordingClock();
    const result = await createMastodonSource({ include: ["links"] }).pull(
      pullRequest(),
      contextWith({ clock, http: createHttpClient({ retries: 2, clock }) }),
    );
    expect(sleeps).toHaveLength(1);
    expect(result.items).toHaveLength(2);
  });

  it("reports a persistent 503 as a retryable HTTP_503", async () => {
    server.use({ [`GET ${base}/tags`]: { status: 503, text: "Service Unavailable" } });
    const error = await createMastodonSource()
      .pull(pullRequest(), contextWith())
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "HTTP_503", isRetryable: true, statusCode: 503 });
  });

  it("reports a timeout as a retryable TIMEOUT", async () => {
    server.use({ [`GET ${base}/tags`]: { delayMs: 1_000, json: [] } });
    const error = await createMastodonSource({ include: ["tags"] })
      .pull(pullRequest(), contextWith({ http: createHttpClient({ retries: 0, timeoutMs: 50 }) }))
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "TIMEOUT", isRetryable: true });
  });

  it("reports truncated JSON as RESPONSE_NOT_JSON", async () => {
    server.use({ [`GET ${base}/tags`]: { headers: { "content-type": "application/json" }, text: '[{"name": "caturday", "history": [' } });
    const error = await createMastodonSource({ include: ["tags"] })
      .pull(pullRequest(), contextWith())
      .catch((caught: unknown) => caught);
    expect(ResponseValidationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "RESPONSE_NOT_JSON", isRetryable: false });
  });

  it("reports an HTML block page where JSON was expected as RESPONSE_NOT_JSON", async () => {
    server.use({
      [`GET ${base}/tags`]: {
        status: 200,
        headers: { "content-type": "text/html" },
        text: "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>",
      },
    });
    const error = await createMastodonSource({ include: ["tags"] })
      .pull(pullRequest(), contextWith())
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "RESPONSE_NOT_JSON" });
    expect((error as Error).message).toMatch(/expected JSON, got text\/html/);
  });

  it("reports a body that is not a list as RESPONSE_INVALID", async () => {
    server.use({ [`GET ${base}/tags`]: ok({ error: "Trends are disabled" }) });
    const error = await createMastodonSource({ include: ["tags"] })
      .pull(pullRequest(), contextWith())
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "RESPONSE_INVALID" });
  });

  it("says a locked instance needs a token: MASTODON_AUTH_REQUIRED, not retryable", async () => {
    server.use({ [`GET ${base}/tags`]: { status: 401, json: { error: "This API requires an authenticated user" } } });
    const error = await createMastodonSource()
      .pull(pullRequest(), contextWith())
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "MASTODON_AUTH_REQUIRED", isRetryable: false, statusCode: 401 });
    expect((error as Error).message).toMatch(/This API requires an authenticated user.*MASTODON_ACCESS_TOKEN/);
  });

  it("degrades, naming the list, when the instance lacks one trends endpoint", async () => {
    server.use({ [`GET ${base}/links`]: { status: 404, json: { error: "Record not found" } } });
    const result = await createMastodonSource().pull(pullRequest(), contextWith());
    expect(result.items).toHaveLength(6);
    expect(result.degraded?.reason).toMatch(/no trending links \(404\); leave "links" out of include/);
  });

  it("throws MASTODON_TRENDS_UNAVAILABLE when no trends endpoint exists", async () => {
    const notFound = { status: 404, headers: { "content-type": "text/html" }, text: "<html><body>Not Found</body></html>" };
    server.use({ [`GET ${base}/tags`]: notFound, [`GET ${base}/links`]: notFound, [`GET ${base}/statuses`]: notFound });
    const error = await createMastodonSource()
      .pull(pullRequest(), contextWith())
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "MASTODON_TRENDS_UNAVAILABLE", isRetryable: false });
  });

  it("lets an abort through untouched", async () => {
    const controller = new AbortController();
    server.use({ [`GET ${base}/tags`]: { delayMs: 200, json: tags } });
    const pulling = createMastodonSource().pull(pullRequest(), contextWith({ signal: controller.signal }));
    const reason = new DOMException("shutting down", "AbortError");
    setTimeout(() => controller.abort(reason), 20);
    await expect(pulling).rejects.toBe(reason);
  });
});

describe("schema drift", () => {
  it("ignores extra fields and tolerates missing optional ones", async () => {
    const bareTag = { name: "NoHistory", extra: { nested: true } };
    const bareStatus = {
      id: "114603000000000042",
      created_at: "2025-06-01T10:00:00Z",
      content: "<p>hello</p>",
      account: { acct: "someone@example.social" },
      quote: { state: "accepted" },
    };
    const bareLink = { url: "https://example.org/article" };
    server.use({
      [`GET ${base}/tags`]: ok([{ ...tags[0]!, trend_score: 9.1 }, bareTag]),
      [`GET ${base}/links`]: ok([bareLink]),
      [`GET ${base}/statuses`]: ok([bareStatus]),
    });
    const result = await createMastodonSource().pull(pullRequest(), contextWith());
    expect(result.items).toHaveLength(4);
    expect(result.items[1]).toMatchObject({ externalId: "nohistory", url: "https://mastodon.social/tags/NoHistory" });
    expect(result.items[2]).toMatchObject({ kind: "link", title: "https://example.org/article", text: "" });
    expect(result.items[3]).toMatchObject({ kind: "status", author: { id: "someone@example.social" }, title: "hello", tags: [] });
    expect(result.items[3]?.url).toBeUndefined();
    expect(result.observations).toContainEqual(expect.objectContaining({ itemId: "mastodon:nohistory", metrics: { rank: 2 } }));
    expect(result.observations).toContainEqual(expect.objectContaining({ itemId: "mastodon:114603000000000042", metrics: { rank: 1 } }));
    expect(result.warnings).toBeUndefined();
  });

  it("skips an entry missing a required field with a warning, keeping the rest and the ranks", async () => {
    const { account: _account, ...withoutAccount } = statuses[0]!;
    const { name: _name, ...withoutName } = tags[0]!;
    server.use({
      [`GET ${base}/statuses`]: ok([withoutAccount, ...statuses.slice(1)]),
      [`GET ${base}/tags`]: ok([withoutName, ...tags.slice(1)]),
    });
    const result = await createMastodonSource({ include: ["tags", "statuses"] }).pull(pullRequest(), contextWith());
    expect(result.items.map((item) => item.externalId)).toEqual(["wwdc25", "fedimusic", "114603511230045002", "114602987710334099"]);
    expect(result.warnings).toEqual([
      expect.stringMatching(/^trending tags entry 1 skipped: name: /),
      expect.stringMatching(/^trending statuses entry 1 skipped: account: /),
    ]);
    expect(result.observations?.find((observation) => observation.itemId === "mastodon:wwdc25")?.metrics.rank).toBe(2);
  });

  it("drops history days that are not numbers", async () => {
    const drifted = {
      ...tags[0]!,
      history: [
        { day: "1748736000", uses: "n/a", accounts: "12" },
        { day: "soon", uses: "3", accounts: "3" },
      ],
    };
    server.use({ [`GET ${base}/tags`]: ok([drifted]) });
    const result = await createMastodonSource({ include: ["tags"] }).pull(pullRequest(), contextWith());
    expect(result.series?.map((series) => series.metric)).toEqual(["accounts"]);
    expect(result.observations?.[0]?.metrics).toEqual({ rank: 1 });
  });
});

describe("credentials", () => {
  it("sends the token as a Bearer header", async () => {
    await createMastodonSource({ accessToken: secret, include: ["tags"] }).pull(pullRequest(), contextWith());
    expect(server.calls[0]?.headers.authorization).toBe(`Bearer ${secret}`);
  });

  it("reads MASTODON_ACCESS_TOKEN when a request is made, not at creation", async () => {
    const source = createMastodonSource({ include: ["tags"] });
    vi.stubEnv("MASTODON_ACCESS_TOKEN", secret);
    await source.pull(pullRequest(), contextWith());
    expect(server.calls[0]?.headers.authorization).toBe(`Bearer ${secret}`);
  });

  it("reports a rejected token as MASTODON_AUTH_FAILED", async () => {
    server.use({ [`GET ${base}/tags`]: { status: 401, json: { error: "The access token is invalid" } } });
    const error = await createMastodonSource({ accessToken: secret })
      .pull(pullRequest(), contextWith())
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "MASTODON_AUTH_FAILED", isRetryable: false });
  });

  it("never lets the token into errors, health, events or logs, even when the server echoes it", async () => {
    const echo = (call: RecordedCall): MockResponse => ({
      status: 500,
      json: { error: `upstream failed for ${call.headers.authorization}` },
    });
    server.use({ [`GET ${base}/tags`]: echo, [`GET ${base}/links`]: echo, [`GET ${base}/statuses`]: echo });
    const logged: string[] = [];
    const logger: Logger = {
      debug: (message, fields) => logged.push(message, JSON.stringify(fields)),
      info: (message, fields) => logged.push(message, JSON.stringify(fields)),
      warn: (message, fields) => logged.push(message, JSON.stringify(fields)),
      error: (message, fields) => logged.push(message, JSON.stringify(fields)),
    };
    const { clock } = recordingClock();
    const pipeline = createPipeline({
      sources: [createMastodonSource({ accessToken: secret })],
      store: createMemoryStore(),
      logger,
      http: createHttpClient({ retries: 1, clock, logger }),
    });
    const events: string[] = [];
    pipeline.events.on("source-failed", ({ error }) => events.push(everythingIn(error)));
    pipeline.events.on("source-degraded", ({ health }) => events.push(JSON.stringify(health)));
    const report = await pipeline.run();
    const error = report.sources[0]?.error;
    expect(UndercurrentError.isInstance(error)).toBe(true);
    expect(server.calls[0]?.headers.authorization).toBe(`Bearer ${secret}`);
    expect(everythingIn(error)).toContain("[redacted]");
    for (const text of [everythingIn(error), JSON.stringify(pipeline.health()), ...events, ...logged]) expect(text).not.toContain(secret);
    expect(events.length).toBeGreaterThan(0);
    expect(logged.length).toBeGreaterThan(0);
  });
});
