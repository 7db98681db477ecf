import { readFileSync } from "node:fs";
import {
  type Clock,
  createHttpClient,
  createManualClock,
  createMemoryStore,
  createPipeline,
  type HttpClientOptions,
  itemSchema,
  type PullRequest,
  type PullResult,
  type SourceContext,
  silentLogger,
  UndercurrentError,
} from "@undercurrent/core";
import { createTestServer, describeSource, type MockResponse } from "@undercurrent/core/testing";
import { describe, expect, it } from "vitest";
import { createRssSource } from "./rss-source.js";
import type { RssSourceOptions } from "./rss-source-options.js";

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), "utf8");

const urls = {
  hn: "https://hnrss.org/frontpage",
  blog: "https://engineering.example.com/feed/",
  reddit: "https://www.reddit.com/r/programming/.rss",
  youtube: "https://www.youtube.com/feeds/videos.xml?channel_id=UCq3Vd4T2kMBf5p1dE8rNw7A",
};
const youtubeRoute = "https://www.youtube.com/feeds/videos.xml";

const rss = (text: string, headers: Record<string, string> = {}): MockResponse => ({
  headers: { "content-type": "application/rss+xml; charset=utf-8", ...headers },
  text,
});
const atom = (text: string, headers: Record<string, string> = {}): MockResponse => ({
  headers: { "content-type": "application/atom+xml; charset=UTF-8", ...headers },
  text,
});
const blockPage: MockResponse = { headers: { "content-type": "text/html; charset=UTF-8" }, text: fixture("block-page.html") };
const unavailable = (headers: Record<string, string> = {}): MockResponse => ({
  status: 503,
  headers: { "content-type": "text/plain", ...headers },
  text: "Service Unavailable",
});

const server = createTestServer({
  [urls.hn]: rss(fixture("hnrss-frontpage.xml")),
  [urls.blog]: rss(fixture("engineering-blog.xml")),
  [urls.reddit]: atom(fixture("reddit-programming.xml")),
  [youtubeRoute]: atom(fixture("youtube-channel.xml")),
});

const start = Date.parse("2026-01-01T12:00:00Z");
const day = 24 * 3_600_000;

function contextWith(options: { clock?: Clock; http?: HttpClientOptions } = {}): SourceContext {
  const clock = options.clock ?? createManualClock(start);
  return {
    http: createHttpClient({ retries: 0, clock, ...options.http }),
    signal: new AbortController().signal,
    clock,
    logger: silentLogger,
  };
}

/** A clock whose sleeps return at once, moving time forward (the host limiter waits for that), and are recorded. */
function recordingClock(): { clock: Clock; sleeps: number[] } {
  const sleeps: number[] = [];
  let now = start;
  const clock: Clock = {
    now: () => now,
    sleep: async (milliseconds) => {
      sleeps.push(milliseconds);
      now += milliseconds;
    },
  };
  return { clock, sleeps };
}

const request = (cursor?: PullRequest["cursor"], limit = 50): PullRequest => ({
  cursor,
  since: new Date(start - day),
  until: new Date(start),
  limit,
});

const source = (feeds: (keyof typeof urls)[], options: Omit<RssSourceOptions, "feeds"> = {}) =>
  createRssSource({ ...options, feeds: feeds.map((feed) => ({ url: urls[feed] })) });

async function failure(promise: Promise<unknown>): Promise<UndercurrentError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!UndercurrentError.isInstance(error)) throw new Error(`expected an UndercurrentError, got ${String(error)}`);
  return error;
}

/** The fixture without its first entry, as the feed looked before that entry was published. */
const withoutFirstItem = (xml: string) => xml.replace(/<item>[\s\S]*?<\/item>\s*/, "");

// The conformance suite pulls with the real clock and a 24-hour look-back, so its feeds must be recent.
function withRecentDates(xml: string): string {
  let minutes = 0;
  return xml.replace(/<(pubDate|published|updated)>[^<]*<\/\1>/g, (_match, tag: string) => {
    minutes += 7;
    return `<${tag}>${new Date(Date.now() - minutes * 60_000).toISOString()}</${tag}>`;
  });
}

const secret = "feed-token-6f1c9e2b7a";

describeSource("rss", {
  create: () => source(["hn", "reddit", "youtube"], { headers: { authorization: `Bearer ${secret}` } }),
  http: {
    server,
    success: {
      [urls.hn]: () => rss(withRecentDates(fixture("hnrss-frontpage.xml"))),
      [urls.reddit]: () => atom(withRecentDates(fixture("reddit-programming.xml"))),
      [youtubeRoute]: () => atom(withRecentDates(fixture("youtube-channel.xml"))),
    },
  },
  secret,
});

describe("createRssSource", () => {
  it("declares itself and sends feed-friendly headers", async () => {
    const hn = createRssSource({
      id: "rss-hn",
      feeds: [{ url: urls.hn, name: "HN front page" }],
      headers: { "user-agent": "trend-radar/1.0" },
    });
    expect(hn).toMatchObject({ specVersion: "v1", id: "rss-hn", displayName: "HN front page", pollIntervalMs: 900_000 });
    await hn.pull(request(), contextWith());
    expect(server.calls[0]?.headers).toMatchObject({
      "user-agent": "trend-radar/1.0",
      accept: expect.stringContaining("application/rss+xml"),
    });
    expect(server.calls[0]?.headers["if-none-match"]).toBeUndefined();
  });

  it("pulls an RSS 2.0 feed into items, observations and a cursor", async () => {
    const result = await source(["hn"]).pull(request(), contextWith());
    expect(result.items.map((item) => item.title)).toEqual([
      "Show HN: Undercurrent – spot cross-platform trends before they peak",
      "Why we rewrote our queue in Rust & what it cost us",
      "Ask HN: What are you using for local LLM inference in 2026?",
    ]);
    for (const item of result.items)
      expect(itemSchema.parse(item)).toMatchObject({ source: "rss", kind: "story", fetchedAt: new Date(start) });
    expect(result.observations).toEqual([
      { itemId: result.items[0]?.id, source: "rss", observedAt: new Date(start), metrics: { score: 312, comments: 148 } },
      { itemId: result.items[1]?.id, source: "rss", observedAt: new Date(start), metrics: { score: 97, comments: 41 } },
      { itemId: result.items[2]?.id, source: "rss", observedAt: new Date(start), metrics: { score: 58, comments: 73 } },
    ]);
    expect(result.cursor).toEqual({ [urls.hn]: { etag: null, lastModified: null, seen: result.items.map((item) => item.externalId) } });
    expect(result.hasMore).toBe(false);
    expect(result.degraded).toBeUndefined();
    expect(result.warnings).toBeUndefined();
  });

  it("pulls Reddit and YouTube Atom feeds as posts and videos", async () => {
    const result = await source(["reddit", "youtube"]).pull(request(), contextWith());
    expect(result.items.map((item) => [item.kind, item.title])).toEqual([
      ["post", "Why we rewrote our queue in Rust"],
      ["post", "We moved 40 services to Tokio, AMA"],
      ["video", "Rust 2.0 in 100 Seconds"],
      ["video", "I tried every local LLM runtime so you don't have to"],
    ]);
    expect(result.observations?.map((observation) => observation.metrics)).toEqual([
      { views: 1523344, likes: 80211 },
      { views: 310877, likes: 12044 },
    ]);
    expect(Object.keys(result.cursor as object)).toEqual([urls.reddit, urls.youtube]);
  });

  it("sends the stored ETag and Last-Modified, and a 304 changes nothing", async () => {
    const validators = { etag: 'W/"5f2b-18c0a4"', "last-modified": "Thu, 01 Jan 2026 11:30:02 GMT" };
    server.use({ [urls.hn]: [rss(fixture("hnrss-frontpage.xml"), validators), { status: 304, headers: { etag: validators.etag } }] });
    const hn = source(["hn"]);
    const first = await hn.pull(request(), contextWith());
    expect(first.cursor).toMatchObject({ [urls.hn]: { etag: validators.etag, lastModified: validators["last-modified"] } });
    const second = await hn.pull(request(first.cursor), contextWith());
    expect(server.calls[1]?.headers).toMatchObject({ "if-none-match": validators.etag, "if-modified-since": validators["last-modified"] });
    expect(second).toMatchObject({ items: [], observations: [], hasMore: false });
    expect(second.cursor).toEqual(first.cursor);
  });

  it("resumes from its cursor: only new entries, while entries seen before are observed again", async () => {
    const hn = source(["hn"]);
    server.use({ [urls.hn]: rss(withoutFirstItem(fixture("hnrss-frontpage.xml"))) });
    const first = await hn.pull(request(), contextWith());
    expect(first.items).toHaveLength(2);
    server.use({ [urls.hn]: rss(fixture("hnrss-frontpage.xml").replace("<p>Points: 97</p>", "<p>Points: 140</p>")) });
    const second = await hn.pull(request(first.cursor), contextWith());
    expect(second.items.map((item) => item.title)).toEqual(["Show HN: Undercurrent – spot cross-platform trends before they peak"]);
    expect(second.observations).toHaveLength(3);
    expect(second.observations?.find((observation) => observation.itemId === first.items[0]?.id)?.metrics).toEqual({
      score: 140,
      comments: 41,
    });
    expect((second.cursor as Record<string, { seen: string[] }>)[urls.hn]?.seen).toHaveLength(3);
  });

  it("pages through new entries within the pull's limit, then stops", async () => {
    const validators = { etag: '"v2"' };
    server.use({ [urls.hn]: rss(fixture("hnrss-frontpage.xml"), validators) });
    const hn = source(["hn"]);
    const pages: PullResult[] = [];
    let cursor: PullRequest["cursor"];
    for (let page = 0; page < 3; page++) {
      const result = await hn.pull(request(cursor, 1), contextWith());
      pages.push(result);
      cursor = result.cursor;
    }
    expect(pages.map((page) => [page.items.length, page.hasMore])).toEqual([
      [1, true],
      [1, true],
      [1, false],
    ]);
    expect(new Set(pages.flatMap((page) => page.items.map((item) => item.id))).size).toBe(3);
    // Until the last page, the validators are held back so the next page refetches the whole document.
    expect(server.calls.map((call) => call.headers["if-none-match"])).toEqual([undefined, undefined, undefined]);
    expect(pages[2]?.cursor).toMatchObject({ [urls.hn]: { etag: '"v2"' } });
    const after = await hn.pull(request(cursor, 1), contextWith());
    expect(after).toMatchObject({ items: [], hasMore: false });
  });

  it("pages through a pipeline that asks for one item at a time and resumes after a restart", async () => {
    const store = createMemoryStore();
    const pipelineOptions = { store, pullLimit: 1, http: createHttpClient({ retries: 0 }), clock: createManualClock(start) };
    server.use({ [urls.hn]: rss(withoutFirstItem(fixture("hnrss-frontpage.xml"))) });
    const first = await createPipeline({ ...pipelineOptions, sources: [source(["hn"])] }).run();
    expect(first.sources[0]).toMatchObject({ status: "ok", newItems: 2, pages: 2 });
    server.use({ [urls.hn]: rss(fixture("hnrss-frontpage.xml")) });
    const restarted = await createPipeline({ ...pipelineOptions, sources: [source(["hn"])] }).run();
    expect(restarted.sources[0]).toMatchObject({ status: "ok", newItems: 1, items: 1 });
    expect(await store.countItems()).toBe(3);
  });

  it("skips entries older than the look-back window on the first pull, and remembers them", async () => {
    const blog = source(["blog"]);
    const first = await blog.pull(request(), contextWith());
    expect(first.items.map((item) => item.title)).toEqual([
      "Postgres 18 & async I/O: what changed for our write path",
      "Five things we learned running Kafka on ARM",
    ]);
    expect((first.cursor as Record<string, { seen: string[] }>)[urls.blog]?.seen).toHaveLength(3);
    const longerWindow = { ...request(first.cursor), since: new Date(start - 365 * day) };
    expect((await blog.pull(longerWindow, contextWith())).items).toEqual([]);
  });

  it("reads at most maxItemsPerFeed entries of a document", async () => {
    const result = await source(["hn"], { maxItemsPerFeed: 2 }).pull(request(), contextWith());
    expect(result.items).toHaveLength(2);
  });

  it("returns an entry found in two feeds once, observed once", async () => {
    const newest = fixture("hnrss-frontpage.xml").replace("<title>Hacker News: Front Page</title>", "<title>Hacker News: Newest</title>");
    server.use({ [urls.blog]: rss(newest) });
    const result = await source(["hn", "blog"]).pull(request(), contextWith());
    expect(result.items).toHaveLength(3);
    expect(result.observations).toHaveLength(3);
    expect(Object.values(result.cursor as Record<string, { seen: string[] }>).map((feed) => feed.seen.length)).toEqual([3, 3]);
  });

  it("uses the fetch time for an undated entry, with a warning", async () => {
    server.use({ [urls.hn]: rss(fixture("hnrss-frontpage.xml").replace(/<pubDate>[^<]*<\/pubDate>/, "")) });
    const result = await source(["hn"]).pull(request(), contextWith());
    expect(result.items[0]?.publishedAt).toEqual(new Date(start));
    expect(result.warnings).toEqual([`feed ${urls.hn}: 1 entries have no date; used the fetch time`]);
  });

  it("passes on the rate-limit budget the feed host announces", async () => {
    const budget = { "x-ratelimit-used": "4", "x-ratelimit-remaining": "96.0", "x-ratelimit-reset": "341" };
    server.use({ [urls.reddit]: atom(fixture("reddit-programming.xml"), budget) });
    const result = await source(["reddit"]).pull(request(), contextWith());
    expect(result.rateLimit).toEqual({ limit: 100, remaining: 96, resetAt: new Date(start + 341_000) });
  });

  it("starts afresh, with a warning, from a cursor that is not its own", async () => {
    const result = await source(["hn"]).pull(request({ offset: 12 }), contextWith());
    expect(result.items).toHaveLength(3);
    expect(result.warnings).toEqual(["the stored cursor is not an RSS cursor; starting afresh"]);
  });
});

describe("createRssSource when feeds misbehave", () => {
  it("waits as Retry-After asks after a 429, then succeeds", async () => {
    const { clock, sleeps } = recordingClock();
    server.use({
      [urls.hn]: [
        { status: 429, headers: { "retry-after": "1", "content-type": "text/html" }, text: "<h1>Too Many Requests</h1>" },
        rss(fixture("hnrss-frontpage.xml")),
      ],
    });
    const result = await source(["hn"]).pull(request(), contextWith({ clock, http: { retries: 2 } }));
    expect(result.items).toHaveLength(3);
    expect(sleeps).toEqual([1_000]);
    expect(server.calls).toHaveLength(2);
  });

  it("recovers from a 503 on retry, and reports a lasting one as a retryable error", async () => {
    const { clock, sleeps } = recordingClock();
    server.use({ [urls.hn]: [unavailable(), rss(fixture("hnrss-frontpage.xml"))] });
    expect((await source(["hn"]).pull(request(), contextWith({ clock, http: { retries: 1 } }))).items).toHaveLength(3);
    expect(sleeps).toHaveLength(1);
    server.use({ [urls.hn]: unavailable() });
    const error = await failure(source(["hn"]).pull(request(), contextWith()));
    expect(error).toMatchObject({ code: "HTTP_503", isRetryable: true });
  });

  it("reports a feed that does not answer in time as a retryable TIMEOUT", async () => {
    server.use({ [urls.hn]: { ...rss(fixture("hnrss-frontpage.xml")), delayMs: 500 } });
    const error = await failure(source(["hn"]).pull(request(), contextWith({ http: { timeoutMs: 50 } })));
    expect(error).toMatchObject({ code: "TIMEOUT", isRetryable: true });
  });

  it.each([
    ["an HTML block page", blockPage, /got text\/html/],
    ["a truncated feed", rss(fixture("truncated-feed.xml")), /truncated/],
    ["malformed JSON", { headers: { "content-type": "application/json" }, text: '{"hits": [ {"title": ' }, /got application\/json/],
  ])("rejects %s with RSS_NOT_A_FEED", async (_label, response, message) => {
    server.use({ [urls.hn]: response });
    const error = await failure(source(["hn"]).pull(request(), contextWith()));
    expect(error).toMatchObject({ name: "ResponseValidationError", code: "RSS_NOT_A_FEED", isRetryable: false });
    expect(error.message).toMatch(message);
  });

  it.each([
    [401, "RSS_ACCESS_DENIED"],
    [403, "RSS_ACCESS_DENIED"],
    [404, "RSS_FEED_NOT_FOUND"],
    [410, "RSS_FEED_NOT_FOUND"],
  ])("maps %i to %s, not retryable", async (status, code) => {
    server.use({ [urls.hn]: { status, headers: { "content-type": "text/html" }, text: "<h1>whoa there, pardner!</h1>" } });
    expect(await failure(source(["hn"]).pull(request(), contextWith()))).toMatchObject({ code, statusCode: status, isRetryable: false });
  });

  it("ignores unknown elements, tolerates missing optional ones, and skips an entry it cannot identify", async () => {
    const drifted = fixture("hnrss-frontpage.xml")
      .replaceAll("<comments>", '<hn:rank xmlns:hn="https://hnrss.org/ns">1</hn:rank><comments>')
      .replace("<dc:creator>tidewater</dc:creator>", "")
      .replace(/<item>/, "<item><description>No id, link or title</description></item><item>");
    const result = await source(["hn"]).pull(request(), contextWith());
    server.use({ [urls.hn]: rss(drifted) });
    const driftedResult = await source(["hn"]).pull(request(), contextWith());
    expect(driftedResult.items.map((item) => item.externalId)).toEqual(result.items.map((item) => item.externalId));
    expect(driftedResult.items[0]?.author).toBeUndefined();
    expect(driftedResult.warnings).toEqual([`feed ${urls.hn}: skipped an entry: the entry has no guid or id, no link and no title`]);
  });

  it("keeps the good feeds' items when one feed fails, and reports the failing one as degraded", async () => {
    server.use({ [urls.hn]: unavailable({ "retry-after": "120" }) });
    const hnCursor = { etag: '"old"', lastModified: null, seen: ["aaaaaaaaaaaaaaaaaaaaaaaa"] };
    const result = await createRssSource({ feeds: [{ url: urls.hn, name: "HN front page" }, { url: urls.reddit }] }).pull(
      request({ [urls.hn]: hnCursor }),
      contextWith(),
    );
    expect(result.items).toHaveLength(2);
    expect(result.degraded?.reason).toMatch(/^1 of 2 feeds failed: "HN front page" \(https:\/\/hnrss\.org\/frontpage\): HTTP_503: GET/);
    expect(result.degraded?.retryAfterMs).toBe(120_000);
    expect((result.cursor as Record<string, unknown>)[urls.hn]).toEqual(hnCursor);
    expect(server.calls.find((call) => call.url === urls.hn)?.headers["if-none-match"]).toBe('"old"');
  });

  it("throws RSS_ALL_FEEDS_FAILED naming every feed when all of them fail", async () => {
    server.use({ [urls.hn]: unavailable(), [urls.blog]: blockPage });
    const error = await failure(source(["hn", "blog"]).pull(request(), contextWith()));
    expect(error).toMatchObject({ code: "RSS_ALL_FEEDS_FAILED", isRetryable: true });
    expect(error.message).toContain(`all 2 feeds failed: ${urls.hn}: GET ${urls.hn} returned 503`);
    expect(error.message).toContain(`${urls.blog}: Unexpected response from ${urls.blog}`);
    expect(error.cause).toHaveLength(2);
  });

  it("is not retryable when no failing feed is", async () => {
    server.use({ [urls.hn]: blockPage, [urls.blog]: { status: 404, text: "Not Found" } });
    expect(await failure(source(["hn", "blog"]).pull(request(), contextWith()))).toMatchObject({
      code: "RSS_ALL_FEEDS_FAILED",
      isRetryable: false,
    });
  });

  it("stops with the abort reason when its signal aborts mid-request", async () => {
    server.use({ [urls.hn]: { ...rss(fixture("hnrss-frontpage.xml")), delayMs: 1_000 } });
    const controller = new AbortController();
    const reason = new DOMException("shutting down", "AbortError");
    const pulling = source(["hn", "reddit"]).pull(request(), { ...contextWith(), signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);
    await expect(pulling).rejects.toBe(reason);
  });

  it("keeps a credential out of errors, degradation reasons, health, events and item metadata", async () => {
    const token = "c2VjcmV0LWZlZWQtdG9rZW4";
    const privateFeed = `https://feeds.example.com/private.xml?token=${token}`;
    server.use({
      "https://feeds.example.com/private.xml": (call) =>
        call.headers.authorization === `Bearer ${secret}`
          ? rss(fixture("engineering-blog.xml"))
          : { status: 401, headers: { "content-type": "text/plain" }, text: `invalid token ${token}` },
    });
    const create = (authorization: string) =>
      createRssSource({
        feeds: [{ url: privateFeed }, { url: urls.hn }],
        headers: { authorization: `Bearer ${authorization}`, "x-feed-key": secret },
      });
    const ok = await create(secret).pull(request(), contextWith());
    expect(JSON.stringify(ok.items)).not.toContain(token);
    expect(ok.items[0]?.metadata).toMatchObject({ feedUrl: "https://feeds.example.com/private.xml?token=%5Bredacted%5D" });

    server.use({ [urls.hn]: unavailable() });
    const error = await failure(create("wrong-secret-value").pull(request(), contextWith()));
    const serialized = JSON.stringify({ ...error, message: error.message, cause: error.cause });
    for (const value of [token, secret, "wrong-secret-value"]) expect(serialized).not.toContain(value);

    server.use({ [urls.hn]: rss(fixture("hnrss-frontpage.xml")) });
    const store = createMemoryStore();
    const pipeline = createPipeline({ sources: [create("wrong-secret-value")], store, http: createHttpClient({ retries: 0 }) });
    const events: unknown[] = [];
    pipeline.events.on("source-degraded", (event) => events.push(event));
    pipeline.events.on("item-ingested", (event) => events.push(event));
    await pipeline.run();
    const visible = JSON.stringify({ health: pipeline.health(), events });
    expect(visible).toContain("RSS_ACCESS_DENIED");
    for (const value of [token, secret, "wrong-secret-value"]) expect(visible).not.toContain(value);
  });
});
