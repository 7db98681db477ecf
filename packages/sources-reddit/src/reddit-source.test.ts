import {
  ApiCallError,
  ConfigError,
  createHttpClient,
  createMemoryStore,
  createPipeline,
  itemSchema,
  type Logger,
  ResponseValidationError,
  type Source,
  UndercurrentError,
} from "@undercurrent/core";
import { createTestServer, describeSource, type MockResponse, type RecordedCall } from "@undercurrent/core/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import hotListing from "./__fixtures__/hot-listing.json" with { type: "json" };
import driftListing from "./__fixtures__/hot-listing-drift.json" with { type: "json" };
import newPage1 from "./__fixtures__/new-listing-page-1.json" with { type: "json" };
import newPage2 from "./__fixtures__/new-listing-page-2.json" with { type: "json" };
import newPage3 from "./__fixtures__/new-listing-page-3.json" with { type: "json" };
import topListing from "./__fixtures__/top-listing.json" with { type: "json" };
import { createRedditSource } from "./reddit-source.js";
import type { RedditSourceOptions } from "./reddit-source-options.js";
import {
  accessToken,
  apiBase,
  createContext,
  createRecordingClock,
  credentials,
  errorText,
  fixtureNowSeconds,
  listingResponse,
  pullRequest,
  rateLimitHeaders,
  tokenSuccess,
  tokenUrl,
} from "./reddit-test-support.js";

const hotUrl = `${apiBase}/r/programming/hot`;
const topUrl = `${apiBase}/r/programming/top`;
const newUrl = `${apiBase}/r/rust/new`;

const server = createTestServer({
  [`POST ${tokenUrl}`]: tokenSuccess,
  [`GET ${hotUrl}`]: listingResponse(hotListing),
});

const create = (options: RedditSourceOptions = {}) =>
  createRedditSource({ ...credentials, subreddits: ["programming"], listings: ["hot"], ...options });

const callsTo = (url: string) => server.calls.filter((call) => call.url.split("?")[0] === url);
const query = (call: RecordedCall | undefined) => Object.fromEntries(new URL(call?.url ?? "http://missing").searchParams);

/** Answers the `new` listing of r/rust page by page, following `after` like Reddit. */
function newListingPages(pages: Record<string, unknown>): (call: RecordedCall) => MockResponse {
  return (call) =>
    listingResponse(pages[new URL(call.url).searchParams.get("after") ?? ""] ?? { kind: "Listing", data: { after: null, children: [] } });
}
const threePages = { "": newPage1, t3_1cbn02: newPage2, t3_1cbn04: newPage3 };

function failure(source: Source, context = createContext().context, cursor?: unknown): Promise<unknown> {
  return source.pull(pullRequest(context.clock, cursor as undefined), context).then(
    () => {
      throw new Error("expected the pull to fail");
    },
    (error: unknown) => error,
  );
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("createRedditSource: pulling", () => {
  it("gets an app-only token with Basic auth, then reads the listing with the bearer token", async () => {
    const { context } = createContext();
    const result = await create().pull(pullRequest(context.clock), context);

    const [tokenCall, listingCall] = server.calls;
    expect(tokenCall).toMatchObject({ method: "POST", url: tokenUrl, body: "grant_type=client_credentials" });
    expect(tokenCall?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString("base64")}`,
    );
    expect(tokenCall?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(listingCall?.headers.authorization).toBe(`bearer ${accessToken}`);
    expect(query(listingCall)).toEqual({ limit: "25", raw_json: "1" });
    for (const call of server.calls) expect(call.headers["user-agent"]).toBe(credentials.userAgent);

    expect(result.items.map((item) => item.externalId)).toEqual(["t3_1cau7ff", "t3_1cb2x9k", "t3_1cb4t0e", "t3_1cb1z3r"]);
    for (const item of result.items) expect(() => itemSchema.parse({ ...item, fetchedAt: new Date() })).not.toThrow();
    expect(result.observations).toContainEqual({
      itemId: "reddit:t3_1cb2x9k",
      source: "reddit",
      observedAt: new Date(context.clock.now()),
      metrics: { score: 1423, comments: 212 },
    });
    expect(result.observations).toHaveLength(4);
    expect(result.rateLimit).toEqual({ limit: 600, remaining: 588, resetAt: new Date(context.clock.now() + 341_000) });
    expect(result.hasMore).toBe(false);
    expect(result.degraded).toBeUndefined();
  });

  it("sends the extra headers of the options, but never lets them replace the credentials or the User-Agent", async () => {
    const { context } = createContext();
    await create({ headers: { "x-trace": "abc", authorization: "Bearer mine", "user-agent": "curl/8" } }).pull(
      pullRequest(context.clock),
      context,
    );
    for (const call of server.calls) {
      expect(call.headers["x-trace"]).toBe("abc");
      expect(call.headers["user-agent"]).toBe(credentials.userAgent);
    }
    expect(callsTo(hotUrl)[0]?.headers.authorization).toBe(`bearer ${accessToken}`);
  });

  it("reuses the token until shortly before it expires, then gets a new one", async () => {
    server.use({
      [`POST ${tokenUrl}`]: { json: { access_token: "short-lived-token", token_type: "bearer", expires_in: 3600, scope: "*" } },
    });
    const { context, clock } = createContext();
    const source = create();
    await source.pull(pullRequest(clock), context);
    clock.advance(3_500_000);
    await source.pull(pullRequest(clock), context);
    expect(callsTo(tokenUrl)).toHaveLength(1);
    clock.advance(60_000); // within a minute of expiry
    await source.pull(pullRequest(clock), context);
    expect(callsTo(tokenUrl)).toHaveLength(2);
    expect(callsTo(hotUrl)).toHaveLength(3);
  });

  it("replaces a token Reddit refuses once, and retries the listing with the new one", async () => {
    let issued = 0;
    server.use({
      [`POST ${tokenUrl}`]: () => ({ json: { access_token: `token-number-${++issued}`, token_type: "bearer", expires_in: 86400 } }),
      [`GET ${hotUrl}`]: [{ status: 401, json: { message: "Unauthorized", error: 401 } }, listingResponse(hotListing)],
    });
    const { context } = createContext();
    const result = await create().pull(pullRequest(context.clock), context);
    expect(result.items).toHaveLength(4);
    expect(callsTo(hotUrl).map((call) => call.headers.authorization)).toEqual(["bearer token-number-1", "bearer token-number-2"]);
  });

  it("fails with REDDIT_AUTH_FAILED, not retryable, when the new token is refused too", async () => {
    server.use({ [`GET ${hotUrl}`]: { status: 401, json: { message: "Unauthorized", error: 401 } } });
    const error = await failure(create());
    expect(error).toMatchObject({ code: "REDDIT_AUTH_FAILED", isRetryable: false, statusCode: 401 });
    expect(callsTo(tokenUrl)).toHaveLength(2);
    expect(callsTo(hotUrl)).toHaveLength(2);
    expect(errorText(error)).not.toContain(accessToken);
  });

  it("fails with REDDIT_AUTH_FAILED when the token endpoint refuses the grant with a 200", async () => {
    server.use({ [`POST ${tokenUrl}`]: { json: { error: "unsupported_grant_type" } } });
    const error = await failure(create());
    expect(error).toMatchObject({ code: "REDDIT_AUTH_FAILED", isRetryable: false });
    expect((error as Error).message).toContain("unsupported_grant_type");
    expect(callsTo(hotUrl)).toHaveLength(0);
  });
});

describe("createRedditSource: credentials", () => {
  it("is created without credentials; a pull then throws REDDIT_CREDENTIALS_MISSING naming the environment variables", async () => {
    vi.stubEnv("REDDIT_CLIENT_ID", "");
    vi.stubEnv("REDDIT_CLIENT_SECRET", "");
    vi.stubEnv("REDDIT_USER_AGENT", "");
    const source = createRedditSource({ subreddits: ["programming"] });
    const error = await failure(source);
    expect(ConfigError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "REDDIT_CREDENTIALS_MISSING", isRetryable: false });
    for (const name of ["REDDIT_CLIENT_ID", "REDDIT_CLIENT_SECRET", "REDDIT_USER_AGENT", "OAuth"])
      expect((error as Error).message).toContain(name);
    expect(server.calls).toHaveLength(0);
  });

  it("reads the environment when a pull starts, not when the source is created", async () => {
    vi.stubEnv("REDDIT_CLIENT_ID", "");
    const source = createRedditSource({ subreddits: ["programming"], listings: ["hot"] });
    vi.stubEnv("REDDIT_CLIENT_ID", "env-client-id");
    vi.stubEnv("REDDIT_CLIENT_SECRET", "env-client-secret");
    vi.stubEnv("REDDIT_USER_AGENT", "linux:org.example.radar:0.3.0 (by /u/radar_bot)");
    const { context } = createContext();
    const result = await source.pull(pullRequest(context.clock), context);
    expect(result.items.length).toBeGreaterThan(0);
    expect(callsTo(tokenUrl)[0]?.headers.authorization).toBe(`Basic ${Buffer.from("env-client-id:env-client-secret").toString("base64")}`);
    for (const call of server.calls) expect(call.headers["user-agent"]).toBe("linux:org.example.radar:0.3.0 (by /u/radar_bot)");
  });

  it("keeps the client secret and the tokens out of errors, health, events and logs, even when Reddit echoes them", async () => {
    const basic = Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString("base64");
    server.use({
      [`POST ${tokenUrl}`]: {
        status: 401,
        json: { message: "Unauthorized", error: 401, client_secret: credentials.clientSecret, authorization: `Basic ${basic}` },
      },
    });
    const logged: unknown[] = [];
    const record = (message: string, fields?: Record<string, unknown>) => logged.push({ message, fields });
    const logger: Logger = { debug: record, info: record, warn: record, error: record };
    const store = createMemoryStore();
    const pipeline = createPipeline({ sources: [create()], store, logger, http: createHttpClient({ retries: 0, logger }) });
    const events: unknown[] = [];
    for (const name of ["source-failed", "source-degraded", "source-pulled", "item-rejected"] as const) {
      pipeline.events.on(name, (payload) => events.push(payload));
    }
    const report = await pipeline.run();
    const error = report.sources[0]?.error;
    expect(error).toMatchObject({ code: "REDDIT_AUTH_FAILED" });
    expect(pipeline.health()[0]).toMatchObject({ status: "down", code: "REDDIT_AUTH_FAILED" });
    const everything = [
      errorText(error),
      JSON.stringify(pipeline.health()),
      JSON.stringify(logged),
      ...events.map((event) => JSON.stringify(event, (_key, value: unknown) => (value instanceof Error ? errorText(value) : value))),
    ].join("\n");
    expect(everything).toContain("[redacted]");
    expect(everything).not.toContain(credentials.clientSecret);
    expect(everything).not.toContain(basic);
  });

  it("keeps the bearer token out of a listing error that echoes it", async () => {
    server.use({ [`GET ${hotUrl}`]: { status: 500, text: `upstream error for Authorization: bearer ${accessToken}` } });
    const error = await failure(create());
    expect(error).toMatchObject({ code: "HTTP_500", isRetryable: true });
    expect(errorText(error)).toContain("[redacted]");
    expect(errorText(error)).not.toContain(accessToken);
  });
});

describe("createRedditSource: listings and the cursor", () => {
  it("follows after through three pages of new until the terminal page, and remembers the newest post", async () => {
    server.use({ [`GET ${newUrl}`]: newListingPages(threePages) });
    const { context } = createContext();
    const result = await create({ subreddits: ["rust"], listings: ["new"] }).pull(pullRequest(context.clock), context);
    expect(result.items.map((item) => item.externalId)).toEqual(["t3_1cbn01", "t3_1cbn02", "t3_1cbn03", "t3_1cbn04", "t3_1cbn05"]);
    expect(callsTo(newUrl).map((call) => query(call).after)).toEqual([undefined, "t3_1cbn02", "t3_1cbn04"]);
    expect(query(callsTo(newUrl)[0])).toEqual({ limit: "100", raw_json: "1" });
    expect(result.hasMore).toBe(false);
    expect(result.cursor).toEqual({
      listings: { "rust/new": { newestCreated: fixtureNowSeconds - 120, newestIds: ["t3_1cbn01"] } },
      pending: [],
    });
  });

  it("resumes from the cursor: the next pull takes only newer posts, including one created in the same second, and stops there", async () => {
    server.use({ [`GET ${newUrl}`]: newListingPages(threePages) });
    const { context } = createContext();
    const source = create({ subreddits: ["rust"], listings: ["new"] });
    const first = await source.pull(pullRequest(context.clock), context);
    server.reset();
    const newer = structuredClone(newPage1);
    const sameSecond = structuredClone(newPage1.data.children[0]!);
    Object.assign(sameSecond.data, {
      id: "1cbn07",
      name: "t3_1cbn07",
      title: "Same second, different post",
      created_utc: fixtureNowSeconds - 120,
    });
    const latest = structuredClone(newPage1.data.children[0]!);
    Object.assign(latest.data, {
      id: "1cbn06",
      name: "t3_1cbn06",
      title: "Ferrocene 24.05 qualified",
      created_utc: fixtureNowSeconds + 30,
    });
    newer.data.children = [latest, sameSecond, ...newer.data.children];
    server.use({ [`GET ${newUrl}`]: newListingPages({ "": newer }) });
    const second = await source.pull(pullRequest(context.clock, first.cursor), context);
    expect(second.items.map((item) => item.externalId)).toEqual(["t3_1cbn06", "t3_1cbn07"]);
    expect(callsTo(newUrl)).toHaveLength(1);
    expect(second.cursor).toMatchObject({ listings: { "rust/new": { newestCreated: fixtureNowSeconds + 30, newestIds: ["t3_1cbn06"] } } });
  });

  it("looks back no further than request.since on the first pull", async () => {
    server.use({ [`GET ${newUrl}`]: newListingPages(threePages) });
    const { context } = createContext();
    const request = { ...pullRequest(context.clock), since: new Date((fixtureNowSeconds - 3_600) * 1000) };
    const result = await create({ subreddits: ["rust"], listings: ["new"] }).pull(request, context);
    expect(result.items.map((item) => item.externalId)).toEqual(["t3_1cbn01", "t3_1cbn02", "t3_1cbn03", "t3_1cbn04"]);
    expect(result.hasMore).toBe(false);
  });

  it("respects request.limit, says it has more, and continues after a restart without skipping or repeating", async () => {
    server.use({ [`GET ${newUrl}`]: newListingPages(threePages) });
    const { context } = createContext();
    const seen: string[] = [];
    let cursor: unknown;
    for (let pull = 0; pull < 3; pull++) {
      // A new source object each time: the cursor alone carries the position, as after a restart.
      const result = await create({ subreddits: ["rust"], listings: ["new"] }).pull(
        pullRequest(context.clock, cursor as undefined, 2),
        context,
      );
      expect(result.items.length).toBeLessThanOrEqual(2);
      seen.push(...result.items.map((item) => item.externalId));
      expect(result.hasMore).toBe(pull < 2);
      cursor = JSON.parse(JSON.stringify(result.cursor));
    }
    expect(seen).toEqual(["t3_1cbn01", "t3_1cbn02", "t3_1cbn03", "t3_1cbn04", "t3_1cbn05"]);
    expect(callsTo(newUrl).map((call) => [query(call).after, query(call).limit])).toEqual([
      [undefined, "2"],
      ["t3_1cbn02", "2"],
      ["t3_1cbn04", "2"],
    ]);
  });

  it("through the pipeline: pages while it has more, stores everything once, and a restarted pipeline stores nothing new", async () => {
    server.use({ [`GET ${newUrl}`]: newListingPages(threePages) });
    const store = createMemoryStore();
    const clock = createRecordingClock();
    const makePipeline = () =>
      createPipeline({
        sources: [create({ subreddits: ["rust"], listings: ["new"] })],
        store,
        clock,
        pullLimit: 2,
        http: createHttpClient({ retries: 0, clock }),
      });
    const first = await makePipeline().run();
    expect(first.sources[0]).toMatchObject({ newItems: 5, pages: 3, status: "ok" });
    const second = await makePipeline().run();
    expect(second.sources[0]).toMatchObject({ newItems: 0, status: "ok" });
    expect(await store.countItems()).toBe(5);
  });

  it("reads a ranked listing again on every poll, observing known posts again", async () => {
    const store = createMemoryStore();
    const clock = createRecordingClock();
    const pipeline = createPipeline({ sources: [create()], store, clock, http: createHttpClient({ retries: 0, clock }) });
    await pipeline.run();
    const moved = structuredClone(hotListing);
    Object.assign(moved.data.children[1]!.data, { score: 1688, num_comments: 260 });
    server.use({ [`GET ${hotUrl}`]: listingResponse(moved) });
    clock.advance(300_000);
    const second = await pipeline.run();
    expect(second.sources[0]).toMatchObject({ items: 4, newItems: 0 });
    const observations = await store.listObservations({ itemId: "reddit:t3_1cb2x9k" });
    expect(observations.map((observation) => observation.metrics)).toEqual([
      { score: 1423, comments: 212 },
      { score: 1688, comments: 260 },
    ]);
  });

  it("reads top over the configured period, postsPerListing posts deep", async () => {
    const secondPage = { kind: "Listing", data: { after: "t3_1cb9zzz", children: [structuredClone(hotListing.data.children[2]!)] } };
    server.use({ [`GET ${topUrl}`]: (call) => listingResponse(new URL(call.url).searchParams.get("after") ? secondPage : topListing) });
    const { context } = createContext();
    const result = await create({ listings: ["top"], topPeriod: "week", postsPerListing: 3 }).pull(pullRequest(context.clock), context);
    expect(callsTo(topUrl).map(query)).toEqual([
      { limit: "3", t: "week", raw_json: "1" },
      { limit: "1", t: "week", after: "t3_1cb3m2q", raw_json: "1" },
    ]);
    expect(result.items.map((item) => item.externalId)).toEqual(["t3_1cb2x9k", "t3_1cb3m2q", "t3_1cb4t0e"]);
    expect(result.cursor).toEqual({ listings: { "programming/top": {} }, pending: [] });
  });

  it("returns a post found in two listings once, with one observation", async () => {
    server.use({ [`GET ${topUrl}`]: listingResponse({ ...topListing, data: { ...topListing.data, after: null } }) });
    const { context } = createContext();
    const result = await create({ listings: ["hot", "top"] }).pull(pullRequest(context.clock), context);
    expect(result.items.filter((item) => item.externalId === "t3_1cb2x9k")).toHaveLength(1);
    expect(result.observations?.filter((observation) => observation.itemId === "reddit:t3_1cb2x9k")).toHaveLength(1);
    expect(result.items).toHaveLength(5);
  });

  it("skips NSFW posts unless includeNsfw is set, and flags them then", async () => {
    const { context } = createContext();
    const skipped = await create().pull(pullRequest(context.clock), context);
    expect(skipped.items.map((item) => item.externalId)).not.toContain("t3_1cb5q8w");
    expect(skipped.observations?.map((observation) => observation.itemId)).not.toContain("reddit:t3_1cb5q8w");
    const included = await create({ includeNsfw: true }).pull(pullRequest(context.clock), context);
    expect(included.items.find((item) => item.externalId === "t3_1cb5q8w")?.metadata).toMatchObject({ over18: true });
  });

  it("starts over, with a warning, from a cursor it does not understand", async () => {
    const { context } = createContext();
    const result = await create().pull(pullRequest(context.clock, { page: 3 }), context);
    expect(result.items).toHaveLength(4);
    expect(result.warnings).toEqual([expect.stringMatching(/cursor was not understood/)]);
  });
});

describe("createRedditSource: rate limits", () => {
  it("waits for Retry-After on a 429, then succeeds", async () => {
    server.use({
      [`GET ${hotUrl}`]: [
        {
          status: 429,
          headers: { "retry-after": "1", ...rateLimitHeaders(0, 600, 1) },
          json: { message: "Too Many Requests", error: 429 },
        },
        listingResponse(hotListing),
      ],
    });
    const { context, clock } = createContext({ retries: 2 });
    const result = await create().pull(pullRequest(clock), context);
    expect(result.items).toHaveLength(4);
    expect(clock.sleeps).toContain(1_000);
    expect(callsTo(hotUrl)).toHaveLength(2);
  });

  it("fails with REDDIT_RATE_LIMITED, retryable, when the 429 persists", async () => {
    server.use({ [`GET ${hotUrl}`]: { status: 429, headers: { "retry-after": "7" }, json: { message: "Too Many Requests", error: 429 } } });
    const error = await failure(create());
    expect(error).toMatchObject({ code: "REDDIT_RATE_LIMITED", isRetryable: true, retryAfterMs: 7_000 });
  });

  it("stops when the budget counts down to 0.0, reports itself degraded until the reset, then goes on", async () => {
    const empty = { kind: "Listing", data: { after: null, children: [] } };
    server.use({
      [`GET ${hotUrl}`]: listingResponse(hotListing, 2),
      [`GET ${apiBase}/r/rust/hot`]: listingResponse(empty, 1),
      [`GET ${apiBase}/r/golang/hot`]: listingResponse(empty, 0),
      [`GET ${apiBase}/r/typescript/hot`]: listingResponse(empty, 599),
    });
    const { context, clock } = createContext();
    const source = create({ subreddits: ["programming", "rust", "golang", "typescript"] });
    const first = await source.pull(pullRequest(clock), context);
    expect(first.items).toHaveLength(4);
    expect(first.rateLimit).toEqual({ limit: 600, remaining: 0, resetAt: new Date(clock.now() + 341_000) });
    expect(first.degraded).toEqual({ reason: expect.stringMatching(/rate limit is spent/), retryAfterMs: 341_000 });
    expect(first.cursor).toMatchObject({ pending: ["typescript/hot"] });
    expect(first.hasMore).toBe(false);
    expect(callsTo(`${apiBase}/r/typescript/hot`)).toHaveLength(0);

    const calls = server.calls.length;
    const waiting = await source.pull(pullRequest(clock, first.cursor), context);
    expect(server.calls).toHaveLength(calls);
    expect(waiting).toMatchObject({ items: [], degraded: { retryAfterMs: 341_000 }, cursor: first.cursor, hasMore: false });

    clock.advance(341_000);
    const resumed = await source.pull(pullRequest(clock, waiting.cursor), context);
    expect(resumed.degraded).toBeUndefined();
    expect(resumed.rateLimit).toMatchObject({ remaining: 599 });
    expect(callsTo(`${apiBase}/r/typescript/hot`)).toHaveLength(1);
    expect(resumed.cursor).toMatchObject({ pending: [] });
  });

  it("keeps what earlier listings brought when a later one answers 429, and reports itself degraded", async () => {
    server.use({
      [`GET ${apiBase}/r/rust/hot`]: { status: 429, headers: { "retry-after": "30" }, json: { message: "Too Many Requests", error: 429 } },
    });
    const { context } = createContext();
    const result = await create({ subreddits: ["programming", "rust"] }).pull(pullRequest(context.clock), context);
    expect(result.items).toHaveLength(4);
    expect(result.degraded).toEqual({ reason: expect.stringMatching(/429/), retryAfterMs: 30_000 });
    expect(result.cursor).toMatchObject({ pending: ["rust/hot"] });
    expect(result.hasMore).toBe(false);
  });
});

describe("createRedditSource: failures", () => {
  it("recovers from a 503 by retrying, and fails with a retryable HTTP_503 when it persists", async () => {
    server.use({ [`GET ${hotUrl}`]: [{ status: 503, text: "Service Unavailable" }, listingResponse(hotListing)] });
    const { context } = createContext({ retries: 1 });
    expect((await create().pull(pullRequest(context.clock), context)).items).toHaveLength(4);
    server.use({ [`GET ${hotUrl}`]: { status: 503, text: "Service Unavailable" } });
    expect(await failure(create())).toMatchObject({ code: "HTTP_503", isRetryable: true });
  });

  it("reports a timeout as a retryable TIMEOUT", async () => {
    server.use({ [`GET ${hotUrl}`]: { delayMs: 1_000, json: hotListing } });
    const error = await failure(create(), createContext({ timeoutMs: 100 }).context);
    expect(error).toMatchObject({ code: "TIMEOUT", isRetryable: true });
  });

  it("reports truncated JSON as RESPONSE_NOT_JSON", async () => {
    server.use({
      [`GET ${hotUrl}`]: {
        headers: { "content-type": "application/json" },
        text: '{"kind": "Listing", "data": {"after": null, "children": [',
      },
    });
    const error = await failure(create());
    expect(ResponseValidationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "RESPONSE_NOT_JSON" });
  });

  it("reports an HTML block page, with 200 or 403, as REDDIT_BLOCKED", async () => {
    const page = "<!doctype html><html><head><title>Blocked</title></head><body><h1>whoa there, pardner!</h1></body></html>";
    server.use({ [`GET ${hotUrl}`]: { headers: { "content-type": "text/html; charset=utf-8" }, text: page } });
    expect(await failure(create())).toMatchObject({ code: "REDDIT_BLOCKED", isRetryable: false });
    server.use({ [`GET ${hotUrl}`]: { status: 403, headers: { "content-type": "text/html" }, text: page } });
    expect(await failure(create())).toMatchObject({ code: "REDDIT_BLOCKED", isRetryable: false, statusCode: 403 });
  });

  it("skips a private subreddit, reading the others, and reports itself degraded", async () => {
    server.use({ [`GET ${apiBase}/r/secretclub/hot`]: { status: 403, json: { reason: "private", message: "Forbidden", error: 403 } } });
    const { context } = createContext();
    const result = await create({ subreddits: ["secretclub", "programming"] }).pull(pullRequest(context.clock), context);
    expect(result.items).toHaveLength(4);
    expect(result.degraded?.reason).toMatch(/r\/secretclub skipped \(REDDIT_SUBREDDIT_PRIVATE\)/);
    expect(result.warnings).toEqual([expect.stringMatching(/r\/secretclub is private/)]);
    expect(result.cursor).toMatchObject({ pending: [] });
  });

  it("skips a private subreddit met while continuing a round, so that the round can end", async () => {
    server.use({ [`GET ${apiBase}/r/secretclub/hot`]: { status: 403, json: { reason: "private", message: "Forbidden", error: 403 } } });
    const { context } = createContext();
    const cursor = { listings: {}, pending: ["secretclub/hot"] };
    const result = await create({ subreddits: ["programming", "secretclub"] }).pull(pullRequest(context.clock, cursor), context);
    expect(result).toMatchObject({
      items: [],
      hasMore: false,
      cursor: { pending: [] },
      degraded: { reason: expect.stringMatching(/secretclub/) },
    });
    expect(callsTo(hotUrl)).toHaveLength(0);
  });

  it("fails when every subreddit is unavailable", async () => {
    server.use({ [`GET ${apiBase}/r/gonesub/hot`]: { status: 404, json: { reason: "banned", message: "Not Found", error: 404 } } });
    const error = await failure(create({ subreddits: ["gonesub"] }));
    expect(UndercurrentError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "REDDIT_SUBREDDIT_NOT_FOUND", isRetryable: false });
  });

  it("ignores extra fields, tolerates missing optional ones, and skips a post without a title with a warning", async () => {
    server.use({ [`GET ${hotUrl}`]: listingResponse(driftListing) });
    const { context } = createContext();
    const result = await create().pull(pullRequest(context.clock), context);
    expect(result.items.map((item) => item.externalId)).toEqual(["t3_1cc0a1b", "t3_1cc0a3d"]);
    expect(result.items[1]).toMatchObject({
      url: "https://www.reddit.com/r/programming/comments/1cc0a3d/minimal_post/",
      text: "",
      tags: [],
    });
    expect(result.items[1]).not.toHaveProperty("author");
    expect(result.observations).toHaveLength(1);
    expect(result.warnings).toEqual([expect.stringMatching(/children\.1\.data\.title/)]);
  });

  it("reports a listing without children as a ResponseValidationError with the path", async () => {
    server.use({ [`GET ${hotUrl}`]: listingResponse({ kind: "Listing", data: { after: null } }) });
    const error = await failure(create());
    expect(error).toMatchObject({ code: "RESPONSE_INVALID" });
    expect((error as ResponseValidationError).issues[0]?.path).toBe("data.children");
  });

  it("passes an abort through untouched", async () => {
    const controller = new AbortController();
    server.use({ [`GET ${hotUrl}`]: { delayMs: 1_000, json: hotListing } });
    const { context } = createContext();
    const pending = create().pull(pullRequest(context.clock), { ...context, signal: controller.signal });
    setTimeout(() => controller.abort(new DOMException("shutting down", "AbortError")), 20);
    const error = await pending.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DOMException);
    expect(ApiCallError.isInstance(error)).toBe(false);
  });
});

describe("conformance", () => {
  // `new` answers with posts of the last minutes, so the suite's look-back window (the real clock) keeps them.
  const freshNewListing = (): MockResponse => {
    const now = Date.now() / 1000;
    const page = structuredClone(newPage1);
    page.data.after = null as unknown as string;
    page.data.children.forEach((child, index) => {
      child.data.created_utc = Math.floor(now) - 60 * (index + 1);
    });
    return listingResponse(page);
  };

  describeSource("reddit", {
    create: () => createRedditSource({ ...credentials, subreddits: ["programming", "rust"], listings: ["hot", "new"] }),
    http: {
      server,
      success: {
        [`POST ${tokenUrl}`]: tokenSuccess,
        [`GET ${hotUrl}`]: listingResponse(hotListing),
        [`GET ${apiBase}/r/rust/hot`]: listingResponse({ kind: "Listing", data: { after: null, children: [] } }),
        [`GET ${apiBase}/r/programming/new`]: listingResponse({ kind: "Listing", data: { after: null, children: [] } }),
        [`GET ${newUrl}`]: freshNewListing,
      },
    },
    secret: credentials.clientSecret,
  });
});
