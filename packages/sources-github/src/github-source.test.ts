import {
  ApiCallError,
  createHttpClient,
  createManualClock,
  createMemoryStore,
  createPipeline,
  itemSchema,
  type Logger,
  ResponseValidationError,
  UndercurrentError,
} from "@undercurrent/core";
import { createTestServer, type MockResponse, type RouteHandler } from "@undercurrent/core/testing";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import badCredentials from "./__fixtures__/bad-credentials.json" with { type: "json" };
import rateLimitExceeded from "./__fixtures__/rate-limit-exceeded.json" with { type: "json" };
import searchRepositories from "./__fixtures__/search-repositories.json" with { type: "json" };
import searchPage1 from "./__fixtures__/search-repositories-page-1.json" with { type: "json" };
import searchPage2 from "./__fixtures__/search-repositories-page-2.json" with { type: "json" };
import searchPage3 from "./__fixtures__/search-repositories-page-3.json" with { type: "json" };
import secondaryRateLimit from "./__fixtures__/secondary-rate-limit.json" with { type: "json" };
import validationFailed from "./__fixtures__/validation-failed.json" with { type: "json" };
import { createGitHubSource } from "./github-source.js";
import type { GitHubSourceOptions } from "./github-source-options.js";
import { api, createContext, createRecordingClock, createRequest, testNow } from "./test-support.js";

const searchUrl = `${api}/search/repositories`;
const server = createTestServer();

beforeEach(() => {
  vi.stubEnv("GITHUB_TOKEN", "");
  vi.stubEnv("GITHUB_API_URL", "");
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function source(options: GitHubSourceOptions = {}) {
  return createGitHubSource({ baseURL: api, ...options });
}

const json = (body: unknown, headers: Record<string, string> = {}): MockResponse => ({
  json: body,
  headers: { "content-type": "application/json; charset=utf-8", ...headers },
});

/** Serves `pages` by the `page` query parameter, chained with `Link` headers like GitHub's. */
function pagedSearch(pages: readonly unknown[]): RouteHandler {
  return (call) => {
    const page = Number(new URL(call.url).searchParams.get("page") ?? "1");
    const link: Record<string, string> =
      page < pages.length
        ? { link: `<${searchUrl}?q=x&page=${page + 1}>; rel="next", <${searchUrl}?q=x&page=${pages.length}>; rel="last"` }
        : {};
    return json(pages[page - 1] ?? { total_count: 0, incomplete_results: false, items: [] }, link);
  };
}

const searchParameters = (index: number) => new URL(server.calls[index]!.url).searchParams;

describe("search results", () => {
  it("maps repositories to items with a star and fork observation each", async () => {
    server.use({ [`GET ${searchUrl}`]: json(searchRepositories) });
    const clock = createRecordingClock();
    const result = await source().pull(createRequest(clock), createContext({ clock }));
    expect(result.items.map((item) => item.externalId)).toEqual([
      "octo-labs/fastcache",
      "mira-chen/agent-bench",
      "kenji-w/diffusion-from-scratch",
      "lingxi-dev/awesome-mcp-servers-cn",
    ]);
    expect(result.items[0]).toEqual({
      id: "github:octo-labs/fastcache",
      source: "github",
      externalId: "octo-labs/fastcache",
      kind: "repository",
      title: "octo-labs/fastcache",
      text: "Lock-free in-process cache for Rust services",
      url: "https://github.com/octo-labs/fastcache",
      author: { id: "octo-labs" },
      tags: ["cache", "rust", "performance"],
      publishedAt: "2025-05-03T09:12:44Z",
      metadata: {
        repositoryId: 987654321,
        stars: 2413,
        forks: 97,
        language: "Rust",
        createdAt: "2025-05-03T09:12:44Z",
        pushedAt: "2025-06-01T17:59:21Z",
      },
    });
    for (const item of result.items) expect(() => itemSchema.parse({ ...item, fetchedAt: new Date() })).not.toThrow();
    expect(result.observations).toContainEqual({
      itemId: "github:mira-chen/agent-bench",
      source: "github",
      observedAt: new Date(testNow),
      metrics: { stars: 1877, forks: 143 },
    });
    expect(result.observations).toHaveLength(4);
    expect(result.series).toBeUndefined();
    expect(result.hasMore).toBe(false);
    expect(result.degraded).toBeUndefined();
  });

  it("asks for the look-back window sorted by stars, with GitHub's headers and no token when none is set", async () => {
    server.use({ [`GET ${searchUrl}`]: json(searchRepositories) });
    const clock = createRecordingClock();
    await source().pull(createRequest(clock), createContext({ clock }));
    expect(Object.fromEntries(searchParameters(0))).toEqual({
      q: "created:>=2025-05-03T12:00:00Z stars:>=50",
      sort: "stars",
      order: "desc",
      per_page: "100",
      page: "1",
    });
    const headers = server.calls[0]!.headers;
    expect(headers.accept).toBe("application/vnd.github+json");
    expect(headers["x-github-api-version"]).toBe("2022-11-28");
    expect(headers["user-agent"]).toMatch(/^@undercurrent\/sources-github\/\S+ undercurrent-core\//);
    expect(headers.authorization).toBeUndefined();
  });

  it("builds q from the window, stars, language and topic of each search", async () => {
    server.use({ [`GET ${searchUrl}`]: json({ total_count: 0, incomplete_results: false, items: [] }) });
    const clock = createRecordingClock();
    await source({
      searches: [{ window: "pushed", minStars: 10, language: "Jupyter Notebook", topic: "llm" }, { language: "rust" }],
      perPage: 50,
    }).pull(createRequest(clock), createContext({ clock }));
    expect(searchParameters(0).get("q")).toBe('pushed:>=2025-05-03T12:00:00Z stars:>=10 language:"Jupyter Notebook" topic:llm');
    expect(searchParameters(0).get("per_page")).toBe("50");
    expect(searchParameters(1).get("q")).toBe("created:>=2025-05-03T12:00:00Z stars:>=50 language:rust");
  });

  it("keeps the programming language out of the item's language and tolerates null fields", async () => {
    server.use({ [`GET ${searchUrl}`]: json(searchRepositories) });
    const clock = createRecordingClock();
    const { items } = await source().pull(createRequest(clock), createContext({ clock }));
    const notebook = items.find((item) => item.externalId === "kenji-w/diffusion-from-scratch")!;
    expect(notebook).toMatchObject({ text: "", tags: ["jupyter-notebook"], metadata: { language: "Jupyter Notebook" } });
    expect(notebook.language).toBeUndefined();
    const list = items.find((item) => item.externalId === "lingxi-dev/awesome-mcp-servers-cn")!;
    expect(list).toMatchObject({ tags: ["mcp", "awesome-list"], metadata: { language: null } });
  });

  it("follows Link-chained pages to the terminal page in one pull", async () => {
    server.use({ [`GET ${searchUrl}`]: pagedSearch([searchPage1, searchPage2, searchPage3]) });
    const clock = createRecordingClock();
    const result = await source({ perPage: 2 }).pull(createRequest(clock), createContext({ clock }));
    expect(server.calls.map((_, index) => searchParameters(index).get("page"))).toEqual(["1", "2", "3"]);
    expect(result.items).toHaveLength(5);
    expect(result.hasMore).toBe(false);
  });

  it("stops at the limit mid-page and resumes there after a restart, without repeats or gaps", async () => {
    server.use({ [`GET ${searchUrl}`]: pagedSearch([searchPage1, searchPage2, searchPage3]) });
    const clock = createRecordingClock();
    const first = await source({ perPage: 2 }).pull(createRequest(clock, { limit: 3 }), createContext({ clock }));
    expect(first.items.map((item) => item.externalId)).toEqual(["octo-labs/fastcache", "mira-chen/agent-bench", "tern-sh/ripgrep-ui"]);
    expect(first.hasMore).toBe(true);
    // A restart: a new source object, the cursor as the store kept it.
    const stored = JSON.parse(JSON.stringify(first.cursor));
    clock.set(testNow + 60_000);
    const second = await source({ perPage: 2 }).pull(createRequest(clock, { cursor: stored, limit: 3 }), createContext({ clock }));
    expect(second.items.map((item) => item.externalId)).toEqual(["dbtools/pgvector-bench", "ferris-ml/tiny-llm-rs"]);
    expect(second.hasMore).toBe(false);
    // The pass keeps its window: the second pull asks for the same q, re-reading page 2.
    expect(searchParameters(2).get("q")).toBe(searchParameters(0).get("q"));
    expect(server.calls.slice(2).map((call) => new URL(call.url).searchParams.get("page"))).toEqual(["2", "3"]);
  });

  it("does not return a repository twice when stars move it to a later page during a pass", async () => {
    const shifted = { ...searchPage2, items: [searchPage1.items[1], ...searchPage2.items] };
    server.use({ [`GET ${searchUrl}`]: pagedSearch([searchPage1, shifted]) });
    const clock = createRecordingClock();
    const github = source({ perPage: 2 });
    const first = await github.pull(createRequest(clock, { limit: 2 }), createContext({ clock }));
    const second = await github.pull(createRequest(clock, { cursor: first.cursor }), createContext({ clock }));
    expect(first.items.map((item) => item.externalId)).toEqual(["octo-labs/fastcache", "mira-chen/agent-bench"]);
    expect(second.items.map((item) => item.externalId)).toEqual(["tern-sh/ripgrep-ui", "dbtools/pgvector-bench"]);
  });

  it("starts the next pass after refreshIntervalMs, re-observing repositories already stored", async () => {
    server.use({ [`GET ${searchUrl}`]: json(searchRepositories) });
    const clock = createRecordingClock();
    const github = source({ refreshIntervalMs: 600_000 });
    const first = await github.pull(createRequest(clock), createContext({ clock }));
    clock.set(testNow + 300_000);
    const early = await github.pull(createRequest(clock, { cursor: first.cursor }), createContext({ clock }));
    expect(early.items).toEqual([]);
    expect(server.calls).toHaveLength(1);
    clock.set(testNow + 600_000);
    const later = await github.pull(createRequest(clock, { cursor: early.cursor }), createContext({ clock }));
    expect(server.calls).toHaveLength(2);
    expect(searchParameters(1).get("q")).toBe("created:>=2025-05-03T12:10:00Z stars:>=50");
    expect(later.items).toHaveLength(4);
    expect(later.observations?.[0]).toMatchObject({ itemId: "github:octo-labs/fastcache", observedAt: new Date(testNow + 600_000) });
  });

  it("starts over with a warning from a cursor it cannot read", async () => {
    server.use({ [`GET ${searchUrl}`]: json(searchRepositories) });
    const clock = createRecordingClock();
    const result = await source().pull(createRequest(clock, { cursor: { after: "2025-05-01" } }), createContext({ clock }));
    expect(result.items).toHaveLength(4);
    expect(result.warnings).toEqual(["ignored a cursor this version cannot read; starting over"]);
    expect(searchParameters(0).get("page")).toBe("1");
  });

  it("sends the headers option with every request", async () => {
    server.use({ [`GET ${searchUrl}`]: json(searchRepositories) });
    const clock = createRecordingClock();
    await source({ headers: { "x-proxy-tenant": "trends-team" } }).pull(createRequest(clock), createContext({ clock }));
    expect(server.calls[0]!.headers["x-proxy-tenant"]).toBe("trends-team");
  });

  it("warns when GitHub timed out and returned partial results", async () => {
    server.use({ [`GET ${searchUrl}`]: json({ ...searchRepositories, incomplete_results: true }) });
    const clock = createRecordingClock();
    const result = await source().pull(createRequest(clock), createContext({ clock }));
    expect(result.items).toHaveLength(4);
    expect(result.warnings).toEqual([expect.stringMatching(/partial results/)]);
  });

  it("stops at GitHub's 1,000-result cap and says how to narrow the search", async () => {
    const template = searchRepositories.items[0]!;
    server.use({
      [`GET ${searchUrl}`]: (call) => {
        const page = Number(new URL(call.url).searchParams.get("page"));
        const items = Array.from({ length: 100 }, (_, index) => {
          const id = page * 1_000 + index;
          return {
            ...template,
            id,
            name: `repo-${id}`,
            full_name: `octo-labs/repo-${id}`,
            html_url: `https://github.com/octo-labs/repo-${id}`,
          };
        });
        return json(
          { total_count: 1287, incomplete_results: false, items },
          { link: `<${searchUrl}?page=${page + 1}>; rel="next", <${searchUrl}?page=13>; rel="last"` },
        );
      },
    });
    const clock = createRecordingClock();
    const result = await source().pull(createRequest(clock, { limit: 5_000 }), createContext({ clock }));
    expect(server.calls).toHaveLength(10);
    expect(result.items).toHaveLength(1_000);
    expect(result.hasMore).toBe(false);
    expect(result.warnings).toEqual([expect.stringMatching(/matched 1287 .*first 1000.*minStars, language or topic/)]);
  });

  it("ignores extra fields, skips an entry missing a required field with a warning, and keeps the rest", async () => {
    const [first, second, ...rest] = searchRepositories.items;
    const { full_name: _missing, ...withoutName } = second!;
    const drifted = {
      ...searchRepositories,
      search_metadata: { took_ms: 41 },
      items: [{ ...first, brand_new_field: { nested: true } }, withoutName, ...rest],
    };
    server.use({ [`GET ${searchUrl}`]: json(drifted) });
    const clock = createRecordingClock();
    const result = await source().pull(createRequest(clock), createContext({ clock }));
    expect(result.items.map((item) => item.externalId)).toEqual([
      "octo-labs/fastcache",
      "kenji-w/diffusion-from-scratch",
      "lingxi-dev/awesome-mcp-servers-cn",
    ]);
    expect(result.warnings).toEqual([expect.stringMatching(/skipped search result 1: full_name/)]);
  });

  it("rejects a page without items as a ResponseValidationError naming the field", async () => {
    server.use({ [`GET ${searchUrl}`]: json({ total_count: 3, incomplete_results: false }) });
    const clock = createRecordingClock();
    const error = await source()
      .pull(createRequest(clock), createContext({ clock }))
      .catch((caught: unknown) => caught);
    expect(ResponseValidationError.isInstance(error)).toBe(true);
    expect((error as ResponseValidationError).issues[0]?.path).toBe("items");
  });

  it("passes the tightest rate-limit budget through", async () => {
    const reset = String(Math.floor(testNow / 1000) + 40);
    server.use({
      [`GET ${searchUrl}`]: json(searchRepositories, {
        "x-ratelimit-limit": "30",
        "x-ratelimit-remaining": "27",
        "x-ratelimit-used": "3",
        "x-ratelimit-reset": reset,
        "x-ratelimit-resource": "search",
      }),
    });
    const clock = createRecordingClock();
    const result = await source().pull(createRequest(clock), createContext({ clock }));
    expect(result.rateLimit).toEqual({ limit: 30, remaining: 27, resetAt: new Date(Number(reset) * 1000) });
  });

  it("waits for the next pull when the budget is spent, and degrades when it is back only after the poll interval", async () => {
    const spent = (resetInSeconds: number) =>
      json(searchPage1, {
        "x-ratelimit-limit": "60",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": String(Math.floor(testNow / 1000) + resetInSeconds),
        "x-ratelimit-resource": "core",
        link: `<${searchUrl}?page=2>; rel="next"`,
      });
    server.use({ [`GET ${searchUrl}`]: spent(40) });
    const clock = createRecordingClock();
    const soon = await source({ perPage: 2 }).pull(createRequest(clock, { limit: 2 }), createContext({ clock }));
    expect(soon).toMatchObject({ hasMore: false });
    expect(soon.degraded).toBeUndefined();
    server.use({ [`GET ${searchUrl}`]: spent(40 * 60) });
    const later = await source({ perPage: 2 }).pull(createRequest(clock, { limit: 2 }), createContext({ clock }));
    expect(later.hasMore).toBe(false);
    expect(later.degraded).toEqual({ reason: "GitHub rate limit used up for 40 min", retryAfterMs: 40 * 60_000 });
  });
});

describe("failures", () => {
  it("waits for Retry-After on a 429 and then succeeds", async () => {
    server.use({
      [`GET ${searchUrl}`]: [
        { status: 429, headers: { "retry-after": "1", "content-type": "application/json" }, json: secondaryRateLimit },
        json(searchRepositories),
      ],
    });
    const clock = createRecordingClock();
    const result = await source().pull(createRequest(clock), createContext({ clock, retries: 2 }));
    expect(clock.sleeps).toEqual([1_000]);
    expect(result.items).toHaveLength(4);
  });

  it("recovers from a 502 with a retry", async () => {
    server.use({
      [`GET ${searchUrl}`]: [
        { status: 502, text: "<html><body>Bad Gateway</body></html>", headers: { "content-type": "text/html" } },
        json(searchRepositories),
      ],
    });
    const clock = createRecordingClock();
    const result = await source().pull(createRequest(clock), createContext({ clock, retries: 2 }));
    expect(server.calls).toHaveLength(2);
    expect(result.items).toHaveLength(4);
  });

  it("reports a persistent 503 as a retryable error", async () => {
    server.use({ [`GET ${searchUrl}`]: { status: 503, text: "Service Unavailable" } });
    const clock = createRecordingClock();
    const error = await source()
      .pull(createRequest(clock), createContext({ clock, retries: 2 }))
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "HTTP_503", isRetryable: true });
    expect(server.calls).toHaveLength(3);
  });

  it("reports a timeout as a retryable TIMEOUT", async () => {
    server.use({ [`GET ${searchUrl}`]: { delayMs: 1_000, json: searchRepositories } });
    const clock = createRecordingClock();
    const error = await source()
      .pull(createRequest(clock), createContext({ clock, timeoutMs: 50 }))
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "TIMEOUT", isRetryable: true });
  });

  it("reports truncated JSON and an HTML block page as RESPONSE_NOT_JSON", async () => {
    const clock = createRecordingClock();
    server.use({ [`GET ${searchUrl}`]: { text: '{"total_count": 1287, "items": [', headers: { "content-type": "application/json" } } });
    await expect(source().pull(createRequest(clock), createContext({ clock }))).rejects.toMatchObject({ code: "RESPONSE_NOT_JSON" });
    server.use({
      [`GET ${searchUrl}`]: {
        text: "<!DOCTYPE html><html><head><title>Access denied</title></head><body>Unicorn! Please try again.</body></html>",
        headers: { "content-type": "text/html; charset=utf-8" },
      },
    });
    await expect(source().pull(createRequest(clock), createContext({ clock }))).rejects.toMatchObject({ code: "RESPONSE_NOT_JSON" });
  });

  it("maps 401 Bad credentials to GITHUB_AUTH_FAILED, not retryable", async () => {
    server.use({ [`GET ${searchUrl}`]: { status: 401, json: badCredentials } });
    const clock = createRecordingClock();
    const error = await source({ token: "ghp_WrongToken000000000000000000000000000" })
      .pull(createRequest(clock), createContext({ clock, retries: 3 }))
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "GITHUB_AUTH_FAILED", isRetryable: false, statusCode: 401 });
    expect(server.calls).toHaveLength(1);
  });

  it("maps a spent primary limit (403, remaining 0) to GITHUB_RATE_LIMITED with the wait until reset", async () => {
    const reset = Math.floor(testNow / 1000) + 30 * 60;
    server.use({
      [`GET ${searchUrl}`]: {
        status: 403,
        json: rateLimitExceeded,
        headers: {
          "x-ratelimit-limit": "60",
          "x-ratelimit-remaining": "0",
          "x-ratelimit-reset": String(reset),
          "x-ratelimit-resource": "core",
        },
      },
    });
    const clock = createRecordingClock();
    const error = await source()
      .pull(createRequest(clock), createContext({ clock, retries: 3 }))
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "GITHUB_RATE_LIMITED", isRetryable: true, retryAfterMs: reset * 1000 - testNow });
    expect(ApiCallError.isInstance(error)).toBe(true);
  });

  it("waits for a near primary reset and then succeeds", async () => {
    const reset = String(Math.floor(testNow / 1000) + 2);
    server.use({
      [`GET ${searchUrl}`]: [
        { status: 403, json: rateLimitExceeded, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset } },
        json(searchRepositories),
      ],
    });
    const clock = createRecordingClock();
    const result = await source().pull(createRequest(clock), createContext({ clock, retries: 1 }));
    expect(clock.sleeps.reduce((sum, wait) => sum + wait, 0)).toBe(2_000);
    expect(result.items).toHaveLength(4);
  });

  it("maps a secondary limit without headers to a retryable GITHUB_SECONDARY_RATE_LIMIT waiting 60 s, without retrying at once", async () => {
    server.use({ [`GET ${searchUrl}`]: { status: 403, json: secondaryRateLimit } });
    const clock = createRecordingClock();
    const error = await source()
      .pull(createRequest(clock), createContext({ clock, retries: 3 }))
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "GITHUB_SECONDARY_RATE_LIMIT", isRetryable: true, retryAfterMs: 60_000 });
    expect(server.calls).toHaveLength(1);
  });

  it("uses the secondary limit's retry-after when GitHub sends one", async () => {
    server.use({ [`GET ${searchUrl}`]: { status: 403, json: secondaryRateLimit, headers: { "retry-after": "30" } } });
    const clock = createRecordingClock();
    const error = await source()
      .pull(createRequest(clock), createContext({ clock }))
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "GITHUB_SECONDARY_RATE_LIMIT", retryAfterMs: 30_000 });
  });

  it("makes the pipeline wait out a secondary limit before pulling again", async () => {
    server.use({ [`GET ${searchUrl}`]: [{ status: 403, json: secondaryRateLimit }, json(searchRepositories)] });
    const clock = createManualClock(testNow);
    const pipeline = createPipeline({
      sources: [{ source: source(), pollIntervalMs: 1_000 }],
      store: createMemoryStore(),
      clock,
      http: createHttpClient({ retries: 0, clock }),
    });
    const watching = pipeline.watch();
    await vi.waitFor(() => expect(pipeline.health()[0]?.nextPullAt).toEqual(new Date(testNow + 60_000)));
    expect(pipeline.health()[0]).toMatchObject({ status: "degraded", code: "GITHUB_SECONDARY_RATE_LIMIT" });
    await clock.advance(59_999);
    expect(server.calls).toHaveLength(1);
    await clock.advance(1);
    await vi.waitFor(() => expect(pipeline.health()[0]?.status).toBe("ok"));
    expect(server.calls).toHaveLength(2);
    await pipeline.stop();
    await watching;
  });

  it("maps 422 Validation Failed to GITHUB_VALIDATION_FAILED, not retryable", async () => {
    server.use({ [`GET ${searchUrl}`]: { status: 422, json: validationFailed } });
    const clock = createRecordingClock();
    await expect(source().pull(createRequest(clock), createContext({ clock }))).rejects.toMatchObject({
      code: "GITHUB_VALIDATION_FAILED",
      isRetryable: false,
    });
  });

  it("lets an abort through untouched", async () => {
    server.use({ [`GET ${searchUrl}`]: json(searchRepositories) });
    const controller = new AbortController();
    const reason = new DOMException("shutting down", "AbortError");
    controller.abort(reason);
    const clock = createRecordingClock();
    const error = await source()
      .pull(createRequest(clock), createContext({ clock, signal: controller.signal }))
      .catch((caught: unknown) => caught);
    expect(error).toBe(reason);
    expect(UndercurrentError.isInstance(error)).toBe(false);
  });
});

describe("the token", () => {
  const token = "ghp_SecretToken9876543210ZYXWVUTSRQPONmlk";

  it("is sent as a Bearer token, from the option or else GITHUB_TOKEN read at request time", async () => {
    server.use({ [`GET ${searchUrl}`]: json(searchRepositories) });
    const clock = createRecordingClock();
    const anonymous = source();
    vi.stubEnv("GITHUB_TOKEN", "ghp_FromEnvironment00000000000000000000000");
    await anonymous.pull(createRequest(clock), createContext({ clock }));
    await source({ token }).pull(createRequest(clock), createContext({ clock }));
    expect(server.calls.map((call) => call.headers.authorization)).toEqual([
      "Bearer ghp_FromEnvironment00000000000000000000000",
      `Bearer ${token}`,
    ]);
  });

  it("never appears in errors, health, events or logs, even when a proxy echoes it", async () => {
    const echo: RouteHandler = (call) => ({ status: 401, json: { message: `Bad credentials: ${call.headers.authorization}` } });
    server.use({ [`GET ${searchUrl}`]: echo });
    const logged: unknown[] = [];
    const logger: Logger = {
      debug: (...entry) => logged.push(entry),
      info: (...entry) => logged.push(entry),
      warn: (...entry) => logged.push(entry),
      error: (...entry) => logged.push(entry),
    };
    const clock = createManualClock(testNow);
    const pipeline = createPipeline({
      sources: [source({ token })],
      store: createMemoryStore(),
      clock,
      logger,
      http: createHttpClient({ retries: 0, clock, logger }),
    });
    const events: unknown[] = [];
    pipeline.events.on("source-failed", ({ error }) => events.push({ ...error, message: error.message }));
    pipeline.events.on("source-degraded", (payload) => events.push(payload));
    const report = await pipeline.run();
    const error = report.sources[0]?.error;
    expect(error?.code).toBe("GITHUB_AUTH_FAILED");
    expect(events).toHaveLength(2);
    const everything = JSON.stringify({ error: { ...error, message: error?.message }, health: pipeline.health(), events, logged });
    expect(everything).toContain("[redacted]");
    expect(everything).not.toContain(token);
  });
});
