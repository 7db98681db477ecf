import {
  type Clock,
  createHttpClient,
  createManualClock,
  createMemoryStore,
  createPipeline,
  type HttpClientOptions,
  type PullResult,
  ResponseValidationError,
  type SourceContext,
  silentLogger,
  UndercurrentError,
} from "@undercurrent/core";
import { createTestServer } from "@undercurrent/core/testing";
import { describe, expect, it } from "vitest";
import {
  exploreBody,
  fixture,
  healthyRoutes,
  requestOf,
  rssHeaders,
  syntheticExplore,
  syntheticMultiline,
  syntheticRelated,
  trendingRss,
  trendsUrls,
  widgetBody,
} from "./__fixtures__/google-trends-routes.js";
import { createGoogleTrendsSource } from "./google-trends-source.js";
import type { GoogleTrendsSourceOptions } from "./google-trends-source-options.js";

const server = createTestServer(healthyRoutes());

const start = Date.parse("2025-06-01T18:00:00Z");
const twoKeywords: GoogleTrendsSourceOptions = { keywords: ["bitcoin", "ethereum"] };

function setup(options: { clock?: Clock; http?: HttpClientOptions; signal?: AbortSignal } = {}) {
  const clock = options.clock ?? createManualClock(start);
  const context: SourceContext = {
    http: createHttpClient({ retries: 0, clock, ...options.http }),
    signal: options.signal ?? new AbortController().signal,
    clock,
    logger: silentLogger,
  };
  const request = (cursor: PullResult["cursor"] = undefined, limit = 100) => ({
    cursor,
    since: new Date(clock.now() - 24 * 3_600_000),
    until: new Date(clock.now()),
    limit,
  });
  return { clock, context, request };
}

/** A clock whose sleeps resolve at once and are recorded. */
function recordingClock(now = start) {
  const slept: number[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: async (milliseconds) => {
      slept.push(milliseconds);
    },
  };
  return { clock, slept };
}

const callsTo = (url: string) => server.calls.filter((call) => call.url.startsWith(url));
const titles = (result: PullResult) => result.items.map((item) => item.title);

describe("createGoogleTrendsSource: a healthy pull", () => {
  it("maps the trending feed, interest over time and related queries", async () => {
    const { context, request } = setup();
    const source = createGoogleTrendsSource(twoKeywords);
    const result = await source.pull(request(), context);

    expect(result.degraded).toBeUndefined();
    expect(result.hasMore).toBe(false);
    expect(titles(result)).toEqual([
      "nba finals",
      "french open",
      "solar eclipse",
      "bitcoin price",
      "btc",
      "bitcoin etf",
      "bitcoin halving 2025",
      "bitcoin price prediction",
      "ethereum price",
      "eth",
      "ethereum etf staking",
    ]);

    const finals = result.items[0]!;
    expect(finals).toMatchObject({
      id: "google-trends:trending:US:nba finals",
      source: "google-trends",
      externalId: "trending:US:nba finals",
      kind: "search-term",
      url: "https://trends.google.com/trends/explore?q=nba+finals&geo=US&date=now+1-d",
      publishedAt: new Date("2025-06-01T17:40:00Z"),
      metadata: {
        type: "trending-search",
        geo: "US",
        rank: 1,
        approximateTraffic: 500_000,
        formattedTraffic: "500000+",
        pictureSource: "ESPN",
      },
    });
    expect(finals.text).toBe("Finals Game 1: what to watch (ESPN)\nThunder and Pacers set for Game 1 in Oklahoma City (AP News)");
    expect(finals.metadata?.news).toHaveLength(2);

    const etf = result.items.find((item) => item.title === "bitcoin etf")!;
    expect(etf).toMatchObject({
      externalId: "related:US:bitcoin:bitcoin etf",
      url: "https://trends.google.com/trends/explore?q=bitcoin+etf&date=now+7-d&geo=US",
      metadata: {
        type: "related-query",
        keyword: "bitcoin",
        breakout: false,
        top: { value: 23, formattedValue: "23", rank: 3 },
        rising: { value: 2450, formattedValue: "+2,450%", rank: 2 },
      },
    });
    const halving = result.items.find((item) => item.title === "bitcoin halving 2025")!;
    expect(halving.metadata).toMatchObject({ breakout: true, rising: { value: 35700, formattedValue: "Breakout" } });

    const observedAt = new Date(start);
    expect(result.observations).toContainEqual({
      itemId: "google-trends:trending:US:french open",
      source: "google-trends",
      observedAt,
      metrics: { rank: 2, views: 50_000 },
    });
    expect(result.observations).toContainEqual({
      itemId: etf.id,
      source: "google-trends",
      observedAt,
      metrics: { searchInterest: 23, score: 2450 },
    });
    expect(result.observations).toHaveLength(result.items.length);

    const [bitcoin, ethereum] = result.series!;
    expect(bitcoin).toMatchObject({
      id: "google-trends:interest:US:bitcoin",
      source: "google-trends",
      metric: "search-interest",
      key: "bitcoin",
      interval: "hour",
      metadata: { comparedWith: ["bitcoin", "ethereum"], partialPoint: { at: "2025-06-01T04:00:00.000Z", value: 55 } },
    });
    expect(bitcoin!.points).toEqual([
      { at: new Date("2025-06-01T00:00:00Z"), value: 41 },
      { at: new Date("2025-06-01T01:00:00Z"), value: 47 },
      { at: new Date("2025-06-01T02:00:00Z"), value: 63 },
      { at: new Date("2025-06-01T03:00:00Z"), value: 100 },
    ]);
    // The 01:00 bucket has no data for ethereum: left out rather than read as zero interest.
    expect(ethereum!.points.map((point) => point.value)).toEqual([12, 18, 21]);

    expect(result.cursor).toEqual({
      trending: [
        "trending:US:nba finals|2025-06-01T17:40:00.000Z",
        "trending:US:french open|2025-06-01T16:10:00.000Z",
        "trending:US:solar eclipse|2025-06-01T15:00:00.000Z",
      ],
      related: {
        "related:US:bitcoin": ["bitcoin price", "btc", "bitcoin etf", "bitcoin halving 2025", "bitcoin price prediction"],
        "related:US:ethereum": ["ethereum price", "eth", "ethereum etf staking"],
      },
      interest: {
        "google-trends:interest:US:bitcoin": "2025-06-01T03:00:00.000Z",
        "google-trends:interest:US:ethereum": "2025-06-01T03:00:00.000Z",
      },
    });
  });

  it("sends the explore widget's token and request back to widgetdata, with the configured headers", async () => {
    const { context, request } = setup();
    await createGoogleTrendsSource({ ...twoKeywords, headers: { "user-agent": "Mozilla/5.0 (X11; Linux x86_64)" } }).pull(
      request(),
      context,
    );
    expect(server.calls.every((call) => call.headers["user-agent"] === "Mozilla/5.0 (X11; Linux x86_64)")).toBe(true);

    expect(new URL(callsTo(trendsUrls.rss)[0]!.url).searchParams.get("geo")).toBe("US");
    const [explore] = callsTo(trendsUrls.explore);
    expect(new URL(explore!.url).searchParams.get("hl")).toBe("en-US");
    expect(requestOf(explore!)).toEqual({
      comparisonItem: [
        { keyword: "bitcoin", geo: "US", time: "now 7-d" },
        { keyword: "ethereum", geo: "US", time: "now 7-d" },
      ],
      category: 0,
      property: "",
    });
    const exploreJson = JSON.parse(fixture("explore-bitcoin-ethereum.json")) as { widgets: { id: string; request: unknown }[] };
    const [multiline] = callsTo(trendsUrls.multiline);
    expect(new URL(multiline!.url).searchParams.get("token")).toBe("APP6_UEAAAAAZjxYyGq2cPZ6wq1Nn3Hh0dJ9");
    expect(requestOf(multiline!)).toEqual(exploreJson.widgets[0]!.request);
    const related = callsTo(trendsUrls.related).map((call) => new URL(call.url).searchParams.get("token"));
    expect(related).toEqual(["APP6_UEAAAAAZjxYyQueries0q1Nn3Hh0dJ9", "APP6_UEAAAAAZjxYyQueries1q1Nn3Hh0dJ9"]);
  });

  it("compares at most five keywords per explore request and batches the rest", async () => {
    server.use({
      [trendsUrls.explore]: syntheticExplore,
      [trendsUrls.multiline]: syntheticMultiline,
      [trendsUrls.related]: syntheticRelated,
    });
    const keywords = ["rust", "go", "zig", "nim", "odin", "mojo", "gleam"];
    const { context, request } = setup();
    const result = await createGoogleTrendsSource({ keywords, trendingSearches: false }).pull(request(), context);

    const explores = callsTo(trendsUrls.explore).map((call) =>
      (requestOf(call) as { comparisonItem: { keyword: string }[] }).comparisonItem.map((item) => item.keyword),
    );
    expect(explores).toEqual([
      ["rust", "go", "zig", "nim", "odin"],
      ["mojo", "gleam"],
    ]);
    expect(result.series!.map((series) => [series.key, series.points.map((point) => point.value)])).toEqual([
      ["rust", [10, 10]],
      ["go", [20, 20]],
      ["zig", [30, 30]],
      ["nim", [40, 40]],
      ["odin", [50, 50]],
      ["mojo", [10, 10]],
      ["gleam", [20, 20]],
    ]);
    expect(titles(result)).toEqual(keywords.map((keyword) => `${keyword} news`));
  });

  it("leaves out trending searches older than the look-back window", async () => {
    const { context } = setup();
    const source = createGoogleTrendsSource({ trendingSearches: true });
    const result = await source.pull(
      { cursor: undefined, since: new Date("2025-06-01T16:00:00Z"), until: new Date(start), limit: 100 },
      context,
    );
    expect(titles(result)).toEqual(["nba finals", "french open"]);
  });

  it("passes the announced rate-limit budget through", async () => {
    server.use({
      [trendsUrls.rss]: {
        headers: { ...rssHeaders, "x-ratelimit-limit": "100", "x-ratelimit-remaining": "97" },
        text: trendingRss(),
      },
    });
    const { context, request } = setup();
    const result = await createGoogleTrendsSource().pull(request(), context);
    expect(result.rateLimit).toMatchObject({ limit: 100, remaining: 97 });
  });
});

describe("createGoogleTrendsSource: cursor and limits", () => {
  it("pages through the feed under a small limit, observing what it already returned", async () => {
    const { context, request } = setup();
    const source = createGoogleTrendsSource();
    const first = await source.pull(request(undefined, 1), context);
    const second = await source.pull(request(first.cursor, 1), context);
    const third = await source.pull(request(second.cursor, 1), context);
    const fourth = await source.pull(request(third.cursor, 1), context);

    expect([first, second, third, fourth].map(titles)).toEqual([["nba finals"], ["french open"], ["solar eclipse"], []]);
    expect([first, second, third, fourth].map((result) => result.hasMore)).toEqual([true, true, false, false]);
    expect(second.observations?.map((observation) => observation.itemId)).toEqual([
      "google-trends:trending:US:nba finals",
      "google-trends:trending:US:french open",
    ]);
    expect(fourth.observations).toHaveLength(3);
  });

  it("pulls every page in one pipeline run and nothing twice in the next", async () => {
    const clock = createManualClock(start);
    const store = createMemoryStore();
    const pipeline = createPipeline({
      sources: [createGoogleTrendsSource(twoKeywords)],
      store,
      clock,
      pullLimit: 4,
      http: createHttpClient({ retries: 0, clock }),
    });
    const first = await pipeline.run();
    expect(first.sources[0]).toMatchObject({ newItems: 11, pages: 3, status: "ok" });
    const second = await pipeline.run();
    expect(second.sources[0]).toMatchObject({ newItems: 0, pages: 1, status: "ok" });
    expect(await store.countItems()).toBe(11);
    const series = await store.getTimeSeries("google-trends:interest:US:bitcoin");
    expect(series?.points).toHaveLength(4);
  });

  it("resumes from its cursor: new points and new searches only, everything still listed observed again", async () => {
    const { clock, context, request } = setup();
    const manual = clock as ReturnType<typeof createManualClock>;
    const source = createGoogleTrendsSource(twoKeywords);
    const first = await source.pull(request(), context);

    await manual.advance(3_600_000);
    const later = fixture("trending-rss-us.xml").replace(
      "<item>",
      `<item>
      <title>heat wave</title>
      <ht:approx_traffic>20000+</ht:approx_traffic>
      <pubDate>Sun, 1 Jun 2025 11:30:00 -0700</pubDate>
    </item>
    <item>`,
    );
    server.use({
      [trendsUrls.rss]: { headers: rssHeaders, text: later },
      [trendsUrls.multiline]: { text: widgetBody(fixture("multiline-bitcoin-ethereum-later.json")) },
    });
    const second = await source.pull(request(first.cursor), context);

    expect(titles(second)).toEqual(["heat wave"]);
    expect(second.observations).toHaveLength(12);
    expect(
      second.observations!.every(
        (observation) => observation.observedAt instanceof Date && observation.observedAt.getTime() === start + 3_600_000,
      ),
    ).toBe(true);
    const [bitcoin, ethereum] = second.series!;
    // The bucket that was partial is complete now and comes once, with its final value.
    expect(bitcoin!.points).toEqual([{ at: new Date("2025-06-01T04:00:00Z"), value: 88 }]);
    expect(bitcoin!.metadata?.partialPoint).toEqual({ at: "2025-06-01T05:00:00.000Z", value: 30 });
    expect(ethereum!.points).toEqual([{ at: new Date("2025-06-01T04:00:00Z"), value: 19 }]);
    expect(second.cursor).toMatchObject({
      interest: { "google-trends:interest:US:bitcoin": "2025-06-01T04:00:00.000Z" },
      trending: expect.arrayContaining(["trending:US:heat wave|2025-06-01T18:30:00.000Z"]),
    });
  });

  it("starts over with a warning when the cursor cannot be read", async () => {
    const { context, request } = setup();
    const result = await createGoogleTrendsSource().pull(request({ trending: "not a list" }), context);
    expect(result.warnings).toEqual(["ignored an unreadable cursor and started over"]);
    expect(result.items).toHaveLength(3);
  });
});

describe("createGoogleTrendsSource: blocks and cool-downs", () => {
  const nidCookie = "NID=511=Xy9Qk2secretcookievalue; expires=Mon, 01-Dec-2025 10:00:00 GMT; path=/; domain=.google.com; HttpOnly";

  it("retries a 429 once with the NID cookie it sets, then succeeds", async () => {
    server.use({
      [trendsUrls.rss]: [
        { status: 429, headers: { "content-type": "text/html", "set-cookie": nidCookie }, text: "<html>Too Many Requests</html>" },
        { headers: rssHeaders, text: trendingRss() },
      ],
    });
    const { context, request } = setup();
    const result = await createGoogleTrendsSource().pull(request(), context);
    expect(result.degraded).toBeUndefined();
    expect(result.items).toHaveLength(3);
    const calls = callsTo(trendsUrls.rss);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.headers.cookie).toBeUndefined();
    expect(calls[1]!.headers.cookie).toBe("NID=511=Xy9Qk2secretcookievalue");
    expect(JSON.stringify(result)).not.toContain("Xy9Qk2secretcookievalue");
  });

  it("keeps sending the cookie on later requests", async () => {
    server.use({
      [trendsUrls.rss]: [
        { status: 429, headers: { "set-cookie": nidCookie }, text: "" },
        { headers: rssHeaders, text: trendingRss() },
      ],
    });
    const { context, request } = setup();
    await createGoogleTrendsSource(twoKeywords).pull(request(), context);
    expect(callsTo(trendsUrls.explore)[0]!.headers.cookie).toBe("NID=511=Xy9Qk2secretcookievalue");
  });

  it("waits out a short Retry-After once, then succeeds", async () => {
    server.use({
      [trendsUrls.rss]: [
        { status: 429, headers: { "retry-after": "1" }, text: "" },
        { headers: rssHeaders, text: trendingRss() },
      ],
    });
    const { clock, slept } = recordingClock();
    const { context, request } = setup({ clock });
    const result = await createGoogleTrendsSource().pull(request(), context);
    expect(slept).toEqual([1_000]);
    expect(result.items).toHaveLength(3);
    expect(result.degraded).toBeUndefined();
  });

  it("degrades on a 429 without a cookie and leaves Google alone during the cool-down", async () => {
    server.use({ [trendsUrls.rss]: { status: 429, headers: { "content-type": "text/html" }, text: "<html>Too Many Requests</html>" } });
    const { clock, context, request } = setup();
    const manual = clock as ReturnType<typeof createManualClock>;
    const source = createGoogleTrendsSource({ coolDownMs: 60_000 });

    const blocked = await source.pull(request(), context);
    expect(callsTo(trendsUrls.rss)).toHaveLength(1);
    expect(blocked.items).toEqual([]);
    expect(blocked.degraded).toEqual({ reason: expect.stringMatching(/^GOOGLE_TRENDS_RATE_LIMITED: .*429/), retryAfterMs: 60_000 });
    expect(blocked.rateLimit).toEqual({ remaining: 0, resetAt: new Date(start + 60_000) });
    expect(blocked.cursor).toMatchObject({ coolDown: { until: new Date(start + 60_000).toISOString(), blocks: 1 } });

    await manual.advance(30_000);
    const cooling = await source.pull(request(blocked.cursor), context);
    expect(callsTo(trendsUrls.rss)).toHaveLength(1);
    expect(cooling.degraded).toEqual({
      reason: expect.stringMatching(/cooling down after GOOGLE_TRENDS_RATE_LIMITED/),
      retryAfterMs: 30_000,
    });

    // After the cool-down Google is asked again; a second block in a row doubles the wait.
    await manual.advance(30_000);
    const again = await source.pull(request(cooling.cursor), context);
    expect(callsTo(trendsUrls.rss)).toHaveLength(2);
    expect(again.degraded?.retryAfterMs).toBe(120_000);

    server.use({ [trendsUrls.rss]: { headers: rssHeaders, text: trendingRss() } });
    await manual.advance(120_000);
    const recovered = await source.pull(request(again.cursor), context);
    expect(recovered.degraded).toBeUndefined();
    expect(recovered.items).toHaveLength(3);
    expect(recovered.cursor).not.toHaveProperty("coolDown");
  });

  it("cools down for as long as a long Retry-After asks", async () => {
    server.use({ [trendsUrls.rss]: { status: 429, headers: { "retry-after": "3600" }, text: "" } });
    const { context, request } = setup();
    const result = await createGoogleTrendsSource().pull(request(), context);
    expect(callsTo(trendsUrls.rss)).toHaveLength(1);
    expect(result.degraded?.retryAfterMs).toBe(3_600_000);
  });

  it("honours a stored cool-down after a restart", async () => {
    server.use({ [trendsUrls.rss]: { status: 429, text: "" } });
    const { context, request } = setup();
    const blocked = await createGoogleTrendsSource().pull(request(), context);
    const restarted = await createGoogleTrendsSource().pull(request(blocked.cursor), context);
    expect(callsTo(trendsUrls.rss)).toHaveLength(1);
    expect(restarted.degraded?.retryAfterMs).toBe(15 * 60_000);
  });

  it("gives up after one retry when the cookie does not help", async () => {
    server.use({ [trendsUrls.rss]: { status: 429, headers: { "set-cookie": nidCookie }, text: "" } });
    const { context, request } = setup();
    const result = await createGoogleTrendsSource().pull(request(), context);
    expect(callsTo(trendsUrls.rss)).toHaveLength(2);
    expect(result.degraded?.reason).toMatch(/GOOGLE_TRENDS_RATE_LIMITED/);
    expect(JSON.stringify(result)).not.toContain("Xy9Qk2secretcookievalue");
  });

  it("keeps the cookie out of errors, health and events", async () => {
    server.use({
      [trendsUrls.rss]: [
        { status: 429, headers: { "set-cookie": nidCookie }, text: "" },
        { status: 503, text: "Service Unavailable for NID=511=Xy9Qk2secretcookievalue" },
      ],
    });
    const clock = createManualClock(start);
    const pipeline = createPipeline({
      sources: [createGoogleTrendsSource()],
      store: createMemoryStore(),
      clock,
      http: createHttpClient({ retries: 0, clock }),
    });
    const events: unknown[] = [];
    pipeline.events.on("source-failed", (event) => events.push({ ...event, message: event.error.message }));
    pipeline.events.on("source-degraded", (event) => events.push(event));
    const report = await pipeline.run();
    expect(report.sources[0]?.error?.code).toBe("HTTP_503");
    expect(events).toHaveLength(2);
    const everything = JSON.stringify({
      error: { ...report.sources[0]?.error, message: report.sources[0]?.error?.message },
      health: pipeline.health(),
      events,
    });
    expect(everything).toContain("[redacted]");
    expect(everything).not.toContain("Xy9Qk2secretcookievalue");
  });

  it("keeps what it pulled before a 302 to /sorry/ and degrades", async () => {
    server.use({
      [trendsUrls.explore]: {
        status: 302,
        headers: { location: "https://www.google.com/sorry/index?continue=https://trends.google.com/" },
      },
      "https://www.google.com/sorry/index": {
        status: 200,
        headers: { "content-type": "text/html; charset=UTF-8" },
        text: "<html><head><title>https://trends.google.com/</title></head><body>Our systems have detected unusual traffic from your computer network.</body></html>",
      },
    });
    const { context, request } = setup();
    const result = await createGoogleTrendsSource(twoKeywords).pull(request(), context);
    expect(titles(result)).toEqual(["nba finals", "french open", "solar eclipse"]);
    expect(result.degraded?.reason).toMatch(/^GOOGLE_TRENDS_BLOCKED: .*HTML page where JSON was expected/);
    expect(result.cursor).toMatchObject({ trending: expect.any(Array), interest: {}, coolDown: { code: "GOOGLE_TRENDS_BLOCKED" } });
    expect(callsTo(trendsUrls.multiline)).toHaveLength(0);
  });

  it("degrades when a 302 to /sorry/ ends in a 429", async () => {
    server.use({
      [trendsUrls.rss]: { status: 302, headers: { location: "https://www.google.com/sorry/index" } },
      "https://www.google.com/sorry/index": { status: 429, headers: { "content-type": "text/html" }, text: "<html>sorry</html>" },
    });
    const { context, request } = setup();
    const result = await createGoogleTrendsSource().pull(request(), context);
    expect(result.items).toEqual([]);
    expect(result.degraded?.reason).toMatch(/GOOGLE_TRENDS_RATE_LIMITED/);
  });

  it("degrades when an HTML page comes where JSON was expected", async () => {
    server.use({
      [trendsUrls.multiline]: { headers: { "content-type": "text/html" }, text: "<!doctype html><html><body>Error 400</body></html>" },
    });
    const { context, request } = setup();
    const result = await createGoogleTrendsSource(twoKeywords).pull(request(), context);
    expect(result.degraded?.reason).toMatch(/^GOOGLE_TRENDS_BLOCKED/);
    expect(result.series).toBeUndefined();
  });

  it("degrades as an endpoint change when explore has no related-queries widget", async () => {
    const explore = JSON.parse(fixture("explore-bitcoin-ethereum.json")) as { widgets: { id: string }[] };
    explore.widgets = explore.widgets.filter((widget) => !widget.id.startsWith("RELATED_QUERIES"));
    server.use({ [trendsUrls.explore]: { text: exploreBody(JSON.stringify(explore)) } });
    const { context, request } = setup();
    const result = await createGoogleTrendsSource(twoKeywords).pull(request(), context);
    expect(result.degraded?.reason).toMatch(/^GOOGLE_TRENDS_ENDPOINT_CHANGED: .*RELATED_QUERIES widget for "bitcoin"/);
    // Interest over time came before the missing widget and is kept, its cursor advanced.
    expect(result.series).toHaveLength(2);
    expect(result.cursor).toMatchObject({ interest: { "google-trends:interest:US:bitcoin": "2025-06-01T03:00:00.000Z" } });
  });

  it("degrades as an endpoint change on a 404", async () => {
    server.use({ [trendsUrls.rss]: { status: 404, headers: { "content-type": "text/html" }, text: "<html>Not Found</html>" } });
    const { context, request } = setup();
    const result = await createGoogleTrendsSource().pull(request(), context);
    expect(result.degraded?.reason).toMatch(/^GOOGLE_TRENDS_ENDPOINT_CHANGED/);
  });
});

describe("createGoogleTrendsSource: failures", () => {
  it("recovers from a 503 through the HTTP helper's retry", async () => {
    server.use({
      [trendsUrls.rss]: [
        { status: 503, text: "Service Unavailable" },
        { headers: rssHeaders, text: trendingRss() },
      ],
    });
    const { clock, slept } = recordingClock();
    const { context, request } = setup({ clock, http: { retries: 2 } });
    const result = await createGoogleTrendsSource().pull(request(), context);
    expect(result.items).toHaveLength(3);
    expect(slept).toHaveLength(1);
  });

  it("throws a retryable error on a persistent 503", async () => {
    server.use({ [trendsUrls.rss]: { status: 503, text: "Service Unavailable" } });
    const { context, request } = setup();
    const error = await createGoogleTrendsSource()
      .pull(request(), context)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "HTTP_503", isRetryable: true, statusCode: 503 });
  });

  it("throws a retryable timeout", async () => {
    server.use({ [trendsUrls.explore]: { delayMs: 1_000, text: "" } });
    const { context, request } = setup({ http: { timeoutMs: 50 } });
    const error = await createGoogleTrendsSource(twoKeywords)
      .pull(request(), context)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "TIMEOUT", isRetryable: true });
  });

  it("rejects a body that is not JSON after the prefix", async () => {
    server.use({
      [trendsUrls.multiline]: { headers: { "content-type": "application/json" }, text: ')]}\',\n{"default": {"timelineData": [' },
    });
    const { context, request } = setup();
    const error = await createGoogleTrendsSource(twoKeywords)
      .pull(request(), context)
      .catch((caught: unknown) => caught);
    expect(ResponseValidationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "RESPONSE_NOT_JSON", isRetryable: false });
  });

  it("rejects malformed XML", async () => {
    server.use({ [trendsUrls.rss]: { headers: rssHeaders, text: "<rss><channel><item><title>nba finals</channel></rss>" } });
    const { context, request } = setup();
    const error = await createGoogleTrendsSource()
      .pull(request(), context)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "GOOGLE_TRENDS_RSS_MALFORMED", message: expect.stringContaining("malformed XML") });
  });

  it("rejects a response missing a required field with its path", async () => {
    server.use({ [trendsUrls.multiline]: { text: widgetBody('{"default": {"averages": []}}') } });
    const { context, request } = setup();
    const error = await createGoogleTrendsSource(twoKeywords)
      .pull(request(), context)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "RESPONSE_INVALID", message: expect.stringContaining("default.timelineData") });
  });

  it("stops with the abort reason", async () => {
    const controller = new AbortController();
    const reason = new DOMException("stopped", "AbortError");
    controller.abort(reason);
    const { context, request } = setup({ signal: controller.signal });
    await expect(createGoogleTrendsSource().pull(request(), context)).rejects.toBe(reason);
  });

  it("passes an abort during a request through untouched", async () => {
    server.use({ [trendsUrls.rss]: { delayMs: 1_000, text: "" } });
    const controller = new AbortController();
    const { context, request } = setup({ signal: controller.signal });
    const pulling = createGoogleTrendsSource().pull(request(), context);
    const reason = new DOMException("stopped mid-request", "AbortError");
    setTimeout(() => controller.abort(reason), 20);
    const error = await pulling.catch((caught: unknown) => caught);
    expect(error).toBe(reason);
    expect(UndercurrentError.isInstance(error)).toBe(false);
  });
});

describe("createGoogleTrendsSource: schema drift", () => {
  it("reads CDATA and entities, tolerates missing traffic and extra tags, skips an entry without a title", async () => {
    server.use({ [trendsUrls.rss]: { headers: rssHeaders, text: trendingRss("trending-rss-drift.xml") } });
    const { context, request } = setup();
    const result = await createGoogleTrendsSource().pull(request(), context);
    expect(titles(result)).toEqual(["Tom & Jerry", "Ben & Jerry's"]);
    expect(result.items[1]!.metadata).not.toHaveProperty("approximateTraffic");
    expect(result.items[1]!.text).toBe("");
    expect(result.observations?.map((observation) => observation.metrics)).toEqual([{ rank: 1, views: 500_000 }, { rank: 2 }]);
    expect(result.warnings).toEqual([expect.stringMatching(/^skipped trending entry 3: title: /)]);
  });

  it("reads an empty feed as no items", async () => {
    server.use({ [trendsUrls.rss]: { headers: rssHeaders, text: '<rss version="2.0"><channel></channel></rss>' } });
    const { context, request } = setup();
    const result = await createGoogleTrendsSource().pull(request(), context);
    expect(result.items).toEqual([]);
    expect(result.degraded).toBeUndefined();
  });

  it("skips drifted points and related entries with a warning", async () => {
    const multiline = JSON.parse(fixture("multiline-bitcoin-ethereum.json")) as { default: { timelineData: Record<string, unknown>[] } };
    delete multiline.default.timelineData[0]!.value;
    const related = JSON.parse(fixture("relatedsearches-ethereum.json")) as { default: { rankedList: { rankedKeyword: unknown[] }[] } };
    related.default.rankedList[0]!.rankedKeyword.push({
      topic: { mid: "/m/0108bn2x", title: "Ethereum", type: "Cryptocurrency" },
      value: 40,
      formattedValue: "40",
    });
    server.use({
      [trendsUrls.multiline]: { text: widgetBody(JSON.stringify(multiline)) },
      [trendsUrls.related]: (call) => {
        const keyword = (requestOf(call) as { restriction: { complexKeywordsRestriction: { keyword: { value: string }[] } } }).restriction
          .complexKeywordsRestriction.keyword[0]!.value;
        return { text: widgetBody(keyword === "ethereum" ? JSON.stringify(related) : fixture("relatedsearches-bitcoin.json")) };
      },
    });
    const { context, request } = setup();
    const result = await createGoogleTrendsSource({ ...twoKeywords, trendingSearches: false }).pull(request(), context);
    expect(result.series![0]!.points).toHaveLength(3);
    expect(result.items).toHaveLength(8);
    expect(result.warnings).toEqual([
      expect.stringMatching(/^skipped interest point 1 of bitcoin, ethereum: value: /),
      expect.stringMatching(/^skipped related query 3 of "ethereum": query: /),
    ]);
  });

  it("accepts a body without the prefix", async () => {
    server.use({ [trendsUrls.explore]: { text: fixture("explore-bitcoin-ethereum.json") } });
    const { context, request } = setup();
    const result = await createGoogleTrendsSource(twoKeywords).pull(request(), context);
    expect(result.series).toHaveLength(2);
  });
});
