import {
  type Clock,
  type Cursor,
  createHttpClient,
  createManualClock,
  createMemoryStore,
  createPipeline,
  type HttpClientOptions,
  type PullRequest,
  type PullResult,
  type Source,
  type SourceContext,
  silentLogger,
  UndercurrentError,
} from "@undercurrent/core";
import { createTestServer, describeSource, type MockResponse, type RecordedCall, type Routes } from "@undercurrent/core/testing";
import { describe, expect, it } from "vitest";
import { fakeAlgolia, type StoryHit, storyHit } from "./__fixtures__/fake-algolia.js";
import firebaseItems from "./__fixtures__/firebase-items.json" with { type: "json" };
import searchByDate from "./__fixtures__/search-by-date.json" with { type: "json" };
import searchDrift from "./__fixtures__/search-drift.json" with { type: "json" };
import searchWatched from "./__fixtures__/search-watched.json" with { type: "json" };
import topStories from "./__fixtures__/top-stories.json" with { type: "json" };
import { type HackerNewsCursor, hackerNewsCursorSchema } from "./hacker-news-cursor.js";
import { createHackerNewsSource } from "./hacker-news-source.js";
import type { HackerNewsSourceOptions } from "./hacker-news-source-options.js";

const algolia = "https://hn.algolia.com/api/v1";
const firebase = "https://hacker-news.firebaseio.com/v0";
const searchByDateRoute = `GET ${algolia}/search_by_date`;
const searchRoute = `GET ${algolia}/search`;
const topStoriesRoute = `GET ${firebase}/topstories.json`;
const itemRoute = `GET ${firebase}/item/*`;

/** 2024-04-22T14:00:00Z, an hour after the fixtures' newest story. */
const start = Date.UTC(2024, 3, 22, 14);
const startSeconds = start / 1000;
/** Windows end two minutes before "now" (Algolia's indexing delay). */
const settle = 120;
const day = 24 * 3_600;

/** Answers `item/{id}.json` from the fixture; the ids in `failing` answer 500. */
function firebaseItemRoute(failing: readonly number[] = []) {
  return (call: RecordedCall): MockResponse => {
    const id = /\/item\/(\d+)\.json$/.exec(new URL(call.url).pathname)?.[1] ?? "";
    if (failing.includes(Number(id))) return { status: 500, headers: { "content-type": "text/plain" }, text: "Internal Server Error" };
    return { json: (firebaseItems as Record<string, unknown>)[id] ?? null };
  };
}

const healthyRoutes: Routes = {
  [searchByDateRoute]: { json: searchByDate },
  [searchRoute]: { json: searchWatched },
  [topStoriesRoute]: { json: topStories },
  [itemRoute]: firebaseItemRoute(),
};

const server = createTestServer({ ...healthyRoutes, [itemRoute]: firebaseItemRoute([40116666]) });

function create(options: HackerNewsSourceOptions = {}): Source {
  return createHackerNewsSource({ baseURL: algolia, firebaseBaseURL: firebase, ...options });
}

/** A clock whose sleeps return at once and are recorded. */
function recordingClock(now = start) {
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => now,
    async sleep(milliseconds, signal) {
      signal?.throwIfAborted();
      sleeps.push(milliseconds);
      now += milliseconds;
    },
  };
  return { clock, sleeps };
}

function contextWith(clock: Clock, http: HttpClientOptions = {}, signal = new AbortController().signal): SourceContext {
  return { http: createHttpClient({ retries: 0, clock, ...http }), signal, clock, logger: silentLogger };
}

function requestAt(clock: Clock, cursor?: Cursor, limit = 500): PullRequest {
  return { cursor, since: new Date(clock.now() - day * 1000), until: new Date(clock.now()), limit };
}

function cursorOf(result: PullResult): HackerNewsCursor {
  return hackerNewsCursorSchema.parse(result.cursor);
}

/** The query of each call to the route's exact path, in order. */
function callsTo(route: string): URLSearchParams[] {
  const path = route.split(" ")[1]!;
  return server.calls.filter((call) => call.url.split("?")[0] === path).map((call) => new URL(call.url).searchParams);
}

function pullError(promise: Promise<unknown>): Promise<UndercurrentError> {
  return promise.then(
    () => {
      throw new TypeError("expected the pull to fail");
    },
    (error: unknown) => {
      if (!UndercurrentError.isInstance(error)) throw error;
      return error;
    },
  );
}

/** `count` stories posted a minute apart, the newest `offset` seconds before the first window's end. */
function stories(count: number, { firstId = 40_200_000, newest = startSeconds - settle, spacing = 60 } = {}): StoryHit[] {
  return Array.from({ length: count }, (_, index) =>
    storyHit(firstId - index, newest - index * spacing, { points: 1 + (index % 7), num_comments: index % 3 }),
  );
}

const proxySecret = "proxy-credential-5f2b9c";

describeSource("hackernews", {
  create: () => create({ frontPage: true, headers: { "x-proxy-authorization": proxySecret } }),
  http: { server, success: healthyRoutes },
  secret: proxySecret,
});

describe("new stories", () => {
  it("pulls the stories of the look-back window with their points and comments", async () => {
    const clock = createManualClock(start);
    const result = await create().pull(requestAt(clock), contextWith(clock));

    expect(result.items.map((item) => item.externalId)).toEqual(["40123456", "40122987", "40122001", "40120877"]);
    expect(result.items[0]).toMatchObject({
      title: "Show HN: A tiny Rust cache",
      tags: ["story", "show_hn"],
      metadata: { isShowHN: true },
    });
    expect(result.items[1]).toMatchObject({ url: "https://news.ycombinator.com/item?id=40122987", metadata: { isAskHN: true } });
    expect(result.observations).toEqual([
      { itemId: "hackernews:40123456", source: "hackernews", observedAt: new Date(start), metrics: { score: 312, comments: 87 } },
      { itemId: "hackernews:40122987", source: "hackernews", observedAt: new Date(start), metrics: { score: 45, comments: 61 } },
      { itemId: "hackernews:40122001", source: "hackernews", observedAt: new Date(start), metrics: { score: 128, comments: 40 } },
      { itemId: "hackernews:40120877", source: "hackernews", observedAt: new Date(start), metrics: { score: 12, comments: 3 } },
    ]);
    expect(result.hasMore).toBe(false);
    expect(result.cursor).toEqual({
      createdAfter: startSeconds - settle,
      watch: [
        [40123456, 1713791111],
        [40122987, 1713789000],
        [40122001, 1713786400],
        [40120877, 1713780000],
      ],
      frontPage: [],
      walk: null,
    });
    const [query] = callsTo(searchByDateRoute);
    expect(Object.fromEntries(query!)).toEqual({
      tags: "story",
      numericFilters: `created_at_i>${startSeconds - day},created_at_i<=${startSeconds - settle}`,
      hitsPerPage: "100",
      page: "0",
    });
    expect(callsTo(searchRoute)).toHaveLength(0);
    expect(callsTo(topStoriesRoute)).toHaveLength(0);
  });

  it("sends the query, the tags as an OR group and the extra headers", async () => {
    const clock = createManualClock(start);
    await create({ query: "rust", tags: ["show_hn", "ask_hn"], headers: { "x-team": "radar" } }).pull(requestAt(clock), contextWith(clock));
    const [query] = callsTo(searchByDateRoute);
    expect(query?.get("tags")).toBe("(show_hn,ask_hn)");
    expect(query?.get("query")).toBe("rust");
    expect(server.calls[0]?.headers["x-team"]).toBe("radar");
  });

  it("respects the limit and says when more stories are waiting", async () => {
    const dataset = stories(250);
    server.use({ [searchByDateRoute]: fakeAlgolia(() => dataset) });
    const clock = createManualClock(start);
    const result = await create().pull(requestAt(clock, undefined, 30), contextWith(clock));
    expect(result.items).toHaveLength(30);
    expect(result.hasMore).toBe(true);
    expect(cursorOf(result).walk).toEqual({
      after: startSeconds - day,
      top: startSeconds - settle,
      before: dataset[29]!.created_at_i,
      seen: [Number(dataset[29]!.objectID)],
    });
    expect(callsTo(searchByDateRoute)[0]?.get("hitsPerPage")).toBe("30");
  });

  it("pages back through a window (3 pages, then the terminal one), handling a second shared by two pages", async () => {
    const dataset = stories(250);
    // The 100th and 101st stories share a second, so that second spans two pages.
    dataset[100] = { ...dataset[100]!, created_at_i: dataset[99]!.created_at_i };
    server.use({ [searchByDateRoute]: fakeAlgolia(() => dataset) });
    const clock = createManualClock(start);
    const result = await create().pull(requestAt(clock), contextWith(clock));

    const ids = result.items.map((item) => item.externalId);
    expect(new Set(ids).size).toBe(250);
    expect(ids).toEqual(dataset.map((hit) => hit.objectID));
    expect(result.hasMore).toBe(false);
    expect(callsTo(searchByDateRoute).map((query) => query.get("numericFilters"))).toEqual([
      `created_at_i>${startSeconds - day},created_at_i<=${startSeconds - settle}`,
      `created_at_i>${startSeconds - day},created_at_i<=${dataset[99]!.created_at_i}`,
      `created_at_i>${startSeconds - day},created_at_i<=${dataset[198]!.created_at_i}`,
    ]);
  });

  it("stores every story exactly once when more than a page arrived between runs and more arrive during a walk", async () => {
    const dataset = stories(10, { newest: startSeconds - settle - 60 });
    let postDuringWalk = false;
    const search = fakeAlgolia(() => dataset);
    server.use({
      [searchByDateRoute]: (call) => {
        if (postDuringWalk) {
          postDuringWalk = false;
          dataset.push(storyHit(40_400_000, Math.floor(clock.now() / 1000) - 5, { title: "Posted while the source was paging" }));
        }
        return search(call);
      },
      [searchRoute]: fakeAlgolia(() => dataset),
    });
    const clock = createManualClock(start);
    const source = create();
    const pulled: string[] = [];
    const recording: Source = {
      ...source,
      pull: async (request, context) => {
        const result = await source.pull(request, context);
        pulled.push(...result.items.map((item) => item.externalId));
        return result;
      },
    };
    const store = createMemoryStore();
    const pipeline = createPipeline({ sources: [recording], store, clock, http: createHttpClient({ retries: 0, clock }), pullLimit: 100 });

    expect((await pipeline.run()).sources[0]).toMatchObject({ newItems: 10, pages: 1 });
    await clock.advance(30 * 60_000);
    dataset.push(...stories(250, { firstId: 40_300_000, newest: Math.floor(clock.now() / 1000) - settle - 30, spacing: 6 }));
    postDuringWalk = true;
    expect((await pipeline.run()).sources[0]).toMatchObject({ newItems: 250, pages: 3 });
    await clock.advance(5 * 60_000);
    expect((await pipeline.run()).sources[0]).toMatchObject({ newItems: 1 });

    expect(pulled).toHaveLength(261);
    expect(new Set(pulled).size).toBe(261);
    expect(await store.countItems()).toBe(261);
    expect(await store.getItem("hackernews:40400000")).toMatchObject({ title: "Posted while the source was paging" });
  });

  it("resumes an unfinished window after a restart, without observing the watched stories mid-window", async () => {
    const dataset = stories(250);
    server.use({ [searchByDateRoute]: fakeAlgolia(() => dataset), [searchRoute]: fakeAlgolia(() => dataset) });
    const clock = createManualClock(start);
    const first = await create().pull(requestAt(clock, undefined, 100), contextWith(clock));
    expect(first.hasMore).toBe(true);

    await clock.advance(60_000);
    const restarted = create();
    const second = await restarted.pull(requestAt(clock, first.cursor, 500), contextWith(clock));
    const ids = [...first.items, ...second.items].map((item) => item.externalId);
    expect(ids).toEqual(dataset.map((hit) => hit.objectID));
    expect(second.hasMore).toBe(false);
    expect(callsTo(searchRoute)).toHaveLength(0);
    expect(cursorOf(second)).toMatchObject({ createdAfter: startSeconds - settle, walk: null });
  });
});

describe("page boundaries", () => {
  it("does not pull a story twice when a window continues on the next pull within the same second, even with nothing watched", async () => {
    const dataset = stories(60);
    dataset[30] = { ...dataset[30]!, created_at_i: dataset[29]!.created_at_i };
    server.use({ [searchByDateRoute]: fakeAlgolia(() => dataset) });
    const clock = createManualClock(start);
    const source = create({ maxWatched: 0 });
    const first = await source.pull(requestAt(clock, undefined, 30), contextWith(clock));
    const second = await source.pull(requestAt(clock, first.cursor, 100), contextWith(clock));
    expect([...first.items, ...second.items].map((item) => item.externalId)).toEqual(dataset.map((hit) => hit.objectID));
  });
});

describe("observations of watched stories", () => {
  it("observes stories pulled before on every new window, so their velocity can be measured", async () => {
    const clock = createManualClock(start);
    const source = create();
    const first = await source.pull(requestAt(clock), contextWith(clock));
    await clock.advance(5 * 60_000);
    server.use({ [searchByDateRoute]: { json: { ...searchByDate, hits: [], nbHits: 0, nbPages: 0 } } });
    const second = await source.pull(requestAt(clock, first.cursor), contextWith(clock));

    expect(second.items).toEqual([]);
    expect(second.observations).toEqual([
      {
        itemId: "hackernews:40123456",
        source: "hackernews",
        observedAt: new Date(start + 5 * 60_000),
        metrics: { score: 355, comments: 102 },
      },
      {
        itemId: "hackernews:40122001",
        source: "hackernews",
        observedAt: new Date(start + 5 * 60_000),
        metrics: { score: 131, comments: 44 },
      },
    ]);
    const [refresh] = callsTo(searchRoute);
    expect(refresh?.get("tags")).toBe("story,(story_40123456,story_40122987,story_40122001,story_40120877)");
    expect(refresh?.get("hitsPerPage")).toBe("4");
    // The two stories Algolia no longer returns (deleted or flagged) are no longer watched.
    expect(cursorOf(second).watch).toEqual([
      [40123456, 1713791111],
      [40122001, 1713786400],
    ]);
    expect(callsTo(searchByDateRoute).at(-1)?.get("numericFilters")).toBe(
      `created_at_i>${startSeconds - settle},created_at_i<=${startSeconds + 300 - settle}`,
    );
  });

  it("watches the newest `maxWatched` stories for `watchHours` only", async () => {
    const dataset = stories(8, { spacing: 15 * 60 });
    server.use({ [searchByDateRoute]: fakeAlgolia(() => dataset), [searchRoute]: fakeAlgolia(() => dataset) });
    const clock = createManualClock(start);
    const source = create({ watchHours: 1, maxWatched: 3 });
    const first = await source.pull(requestAt(clock), contextWith(clock));
    expect(first.items).toHaveLength(8);
    expect(cursorOf(first).watch.map(([hnId]) => hnId)).toEqual([40_200_000, 40_199_999, 40_199_998]);

    await clock.advance(50 * 60_000);
    const second = await source.pull(requestAt(clock, first.cursor), contextWith(clock));
    expect(callsTo(searchRoute)[0]?.get("tags")).toBe("story,(story_40200000,story_40199999,story_40199998)");
    expect(second.observations?.map((observation) => observation.itemId)).toEqual([
      "hackernews:40200000",
      "hackernews:40199999",
      "hackernews:40199998",
    ]);
    // Observed one last time, then dropped: posted more than an hour before the window's end.
    expect(cursorOf(second).watch.map(([hnId]) => hnId)).toEqual([40_200_000]);
  });

  it("observes at most `limit` watched stories per pull", async () => {
    const dataset = stories(5);
    server.use({ [searchByDateRoute]: fakeAlgolia(() => dataset), [searchRoute]: fakeAlgolia(() => dataset) });
    const clock = createManualClock(start);
    const source = create();
    const first = await source.pull(requestAt(clock), contextWith(clock));
    await clock.advance(5 * 60_000);
    await source.pull(requestAt(clock, first.cursor, 2), contextWith(clock));
    expect(callsTo(searchRoute)[0]?.get("tags")).toBe("story,(story_40200000,story_40199999)");
  });
});

describe("rising stories (minPoints, front_page)", () => {
  it("pulls a story once it reaches minPoints within watchHours, and only once", async () => {
    const dataset = [
      storyHit(40_500_002, startSeconds - 600, { points: 150, num_comments: 20, title: "Already popular" }),
      storyHit(40_500_001, startSeconds - 1_800, { points: 40, num_comments: 4, title: "Rising" }),
    ];
    server.use({ [searchByDateRoute]: fakeAlgolia(() => dataset), [searchRoute]: fakeAlgolia(() => dataset) });
    const clock = createManualClock(start);
    const source = create({ minPoints: 100, watchHours: 6 });

    const first = await source.pull(requestAt(clock), contextWith(clock));
    expect(first.items.map((item) => item.title)).toEqual(["Already popular"]);
    expect(callsTo(searchByDateRoute)[0]?.get("numericFilters")).toBe(
      `created_at_i>${startSeconds - day},created_at_i<=${startSeconds - settle},points>=100`,
    );

    dataset[1] = { ...dataset[1]!, points: 180, num_comments: 33 };
    await clock.advance(10 * 60_000);
    const second = await source.pull(requestAt(clock, first.cursor), contextWith(clock));
    expect(second.items.map((item) => item.title)).toEqual(["Rising"]);
    expect(second.observations?.map((observation) => [observation.itemId, observation.metrics])).toEqual([
      ["hackernews:40500002", { score: 150, comments: 20 }],
      ["hackernews:40500001", { score: 180, comments: 33 }],
    ]);
    // Rising windows reach back `watchHours`, not to the previous window's end.
    const windowTop = startSeconds + 600 - settle;
    expect(callsTo(searchByDateRoute).at(-1)?.get("numericFilters")).toBe(
      `created_at_i>${windowTop - 6 * 3_600},created_at_i<=${windowTop},points>=100`,
    );

    await clock.advance(10 * 60_000);
    const third = await source.pull(requestAt(clock, second.cursor), contextWith(clock));
    expect(third.items).toEqual([]);
    expect(third.observations).toHaveLength(2);
  });

  it("selects front_page stories by re-reading the watch window", async () => {
    const dataset = [storyHit(40_600_001, startSeconds - 7_200, { _tags: ["story", "author_x", "story_40600001", "front_page"] })];
    server.use({ [searchByDateRoute]: fakeAlgolia(() => dataset), [searchRoute]: fakeAlgolia(() => dataset) });
    const clock = createManualClock(start);
    const source = create({ tags: ["front_page"] });
    const first = await source.pull(requestAt(clock), contextWith(clock));
    expect(first.items.map((item) => item.externalId)).toEqual(["40600001"]);
    // A story older than the previous window reaches the front page later: still found.
    dataset.push(storyHit(40_600_000, startSeconds - 9_000, { _tags: ["story", "author_y", "story_40600000", "front_page"] }));
    await clock.advance(5 * 60_000);
    const second = await source.pull(requestAt(clock, first.cursor), contextWith(clock));
    expect(second.items.map((item) => item.externalId)).toEqual(["40600000"]);
    expect(callsTo(searchByDateRoute).at(-1)?.get("tags")).toBe("front_page");
  });

  it("filters points itself, with a warning, when Algolia refuses the points filter", async () => {
    const dataset = [storyHit(40_700_002, startSeconds - 600, { points: 150 }), storyHit(40_700_001, startSeconds - 900, { points: 3 })];
    const search = fakeAlgolia(() => dataset);
    server.use({
      [searchByDateRoute]: (call) =>
        new URL(call.url).searchParams.get("numericFilters")?.includes("points")
          ? { status: 400, json: { message: "Attribute points is not filterable", status: 400 } }
          : search(call),
      [searchRoute]: search,
    });
    const clock = createManualClock(start);
    const source = create({ minPoints: 100 });
    const first = await source.pull(requestAt(clock), contextWith(clock));
    expect(first.items.map((item) => item.externalId)).toEqual(["40700002"]);
    expect(first.warnings).toEqual(["Algolia refused the points filter; filtering minPoints 100 locally"]);
    await clock.advance(5 * 60_000);
    const second = await source.pull(requestAt(clock, first.cursor), contextWith(clock));
    expect(second.warnings).toBeUndefined();
    expect(callsTo(searchByDateRoute).map((query) => query.get("numericFilters")?.includes("points"))).toEqual([true, false, false]);
  });

  it("gives up stories older than the newest one the full watch list dropped", async () => {
    const dataset = [
      storyHit(40_800_003, startSeconds - 600, { points: 300 }),
      storyHit(40_800_002, startSeconds - 1_200, { points: 200 }),
      storyHit(40_800_001, startSeconds - 1_800, { points: 20 }),
    ];
    server.use({ [searchByDateRoute]: fakeAlgolia(() => dataset), [searchRoute]: fakeAlgolia(() => dataset) });
    const clock = createManualClock(start);
    const source = create({ minPoints: 100, maxWatched: 1 });
    const first = await source.pull(requestAt(clock), contextWith(clock));
    expect(first.items).toHaveLength(2);
    expect(cursorOf(first)).toMatchObject({ createdAfter: startSeconds - 1_200, watch: [[40_800_003, startSeconds - 600]] });
    dataset[2] = { ...dataset[2]!, points: 500 };
    await clock.advance(5 * 60_000);
    const second = await source.pull(requestAt(clock, first.cursor), contextWith(clock));
    // 40800002 was dropped from the watch list but is not pulled again; 40800001 is older, so it is given up.
    expect(second.items).toEqual([]);
  });
});

describe("front page (Firebase)", () => {
  it("observes ranks, pulls unseen front-page stories, and skips null, deleted, dead items and jobs", async () => {
    const clock = createManualClock(start);
    const result = await create({ frontPage: true }).pull(requestAt(clock), contextWith(clock));

    expect(result.items.map((item) => item.externalId)).toEqual(["40123456", "40117777", "40113333", "40122987", "40122001", "40120877"]);
    expect(result.items[1]).toMatchObject({
      title: "Ask HN: How do you push back on more on-call?",
      url: "https://news.ycombinator.com/item?id=40117777",
    });
    const metrics = Object.fromEntries((result.observations ?? []).map((observation) => [observation.itemId, observation.metrics]));
    expect(metrics["hackernews:40123456"]).toEqual({ rank: 1, score: 312, comments: 87 });
    expect(metrics["hackernews:40117777"]).toEqual({ rank: 4, score: 402, comments: 214 });
    expect(metrics["hackernews:40113333"]).toEqual({ rank: 8, score: 230, comments: 58 });
    expect(result.warnings).toEqual([
      expect.stringMatching(/^front page: item 40116666 skipped: Hacker News is unavailable: .* returned 500$/),
    ]);
    expect(result.degraded).toBeUndefined();
    expect(cursorOf(result).frontPage).toEqual([40123456, 40117777, 40113333]);
    expect(server.calls.filter((call) => call.url.startsWith(`${firebase}/item/`))).toHaveLength(8);
  });

  it("observes known front-page stories again without pulling them again", async () => {
    const clock = createManualClock(start);
    const source = create({ frontPage: true, frontPageSize: 4 });
    const first = await source.pull(requestAt(clock), contextWith(clock));
    await clock.advance(5 * 60_000);
    const second = await source.pull(requestAt(clock, first.cursor), contextWith(clock));
    expect(second.items).toEqual([]);
    expect(second.observations?.find((observation) => observation.itemId === "hackernews:40117777")?.metrics).toEqual({
      rank: 4,
      score: 402,
      comments: 214,
    });
    expect(callsTo(topStoriesRoute)).toHaveLength(2);
  });

  it("reads the best list and as many ranks as asked", async () => {
    server.use({ [`GET ${firebase}/beststories.json`]: { json: [40113333, 40123456] } });
    const clock = createManualClock(start);
    const result = await create({ frontPage: true, frontPageList: "best", frontPageSize: 1 }).pull(requestAt(clock), contextWith(clock));
    expect(result.items[0]?.externalId).toBe("40113333");
    expect(server.calls.filter((call) => call.url.startsWith(`${firebase}/item/`)).map((call) => call.url)).toEqual([
      `${firebase}/item/40113333.json`,
    ]);
  });

  it("reports a failing front page as a degradation and still pulls new stories", async () => {
    server.use({ [topStoriesRoute]: { status: 503, headers: { "content-type": "text/plain" }, text: "Service Unavailable" } });
    const clock = createManualClock(start);
    const result = await create({ frontPage: true }).pull(requestAt(clock), contextWith(clock));
    expect(result.items).toHaveLength(4);
    expect(result.degraded?.reason).toMatch(/^front page unavailable: Hacker News is unavailable: GET .*topstories\.json returned 503$/);
  });

  it("is degraded when every front-page item fails", async () => {
    server.use({ [itemRoute]: { status: 502, text: "Bad Gateway" } });
    const clock = createManualClock(start);
    const result = await create({ frontPage: true, frontPageSize: 3 }).pull(requestAt(clock), contextWith(clock));
    expect(result.degraded).toEqual({ reason: "front page unavailable: all 3 items failed" });
    expect(result.warnings).toHaveLength(3);
  });

  it("passes an abort through instead of reporting a degradation", async () => {
    const controller = new AbortController();
    const reason = new DOMException("shutting down", "AbortError");
    server.use({
      [topStoriesRoute]: () => {
        controller.abort(reason);
        return { json: topStories };
      },
    });
    const clock = createManualClock(start);
    await expect(create({ frontPage: true }).pull(requestAt(clock), contextWith(clock, {}, controller.signal))).rejects.toBe(reason);
  });
});

describe("failures", () => {
  it("waits as long as Retry-After says after a 429, then succeeds", async () => {
    server.use({
      [searchByDateRoute]: [
        {
          status: 429,
          headers: { "retry-after": "1", "content-type": "application/json" },
          json: { message: "Too many requests", status: 429 },
        },
        { json: searchByDate },
      ],
    });
    const { clock, sleeps } = recordingClock();
    const result = await create().pull(requestAt(clock), contextWith(clock, { retries: 2 }));
    expect(result.items).toHaveLength(4);
    expect(sleeps).toEqual([1_000]);
  });

  it("recovers from a 503, and reports a persistent one as retryable", async () => {
    const unavailable = { status: 503, headers: { "content-type": "text/plain" }, text: "Service Unavailable" };
    server.use({ [searchByDateRoute]: [unavailable, { json: searchByDate }] });
    const { clock } = recordingClock();
    expect((await create().pull(requestAt(clock), contextWith(clock, { retries: 1 }))).items).toHaveLength(4);

    server.use({ [searchByDateRoute]: unavailable });
    const error = await pullError(create().pull(requestAt(clock), contextWith(clock)));
    expect(error).toMatchObject({ code: "HACKERNEWS_UNAVAILABLE", isRetryable: true, statusCode: 503 });
  });

  it("reports a 429 it cannot wait out as HACKERNEWS_RATE_LIMITED with the wait", async () => {
    server.use({
      [searchByDateRoute]: { status: 429, headers: { "retry-after": "120" }, json: { message: "Too many requests", status: 429 } },
    });
    const { clock } = recordingClock();
    const error = await pullError(create().pull(requestAt(clock), contextWith(clock)));
    expect(error).toMatchObject({ code: "HACKERNEWS_RATE_LIMITED", isRetryable: true, retryAfterMs: 120_000 });
  });

  it("times out a hanging request as a retryable error", async () => {
    server.use({ [searchByDateRoute]: { delayMs: 1_000, json: searchByDate } });
    const clock = createManualClock(start);
    const error = await pullError(create().pull(requestAt(clock), contextWith(clock, { timeoutMs: 50 })));
    expect(error).toMatchObject({ code: "TIMEOUT", isRetryable: true });
  });

  it("reports truncated JSON and an HTML block page as responses that are not JSON", async () => {
    const clock = createManualClock(start);
    server.use({ [searchByDateRoute]: { headers: { "content-type": "application/json" }, text: '{"hits": [' } });
    expect(await pullError(create().pull(requestAt(clock), contextWith(clock)))).toMatchObject({ code: "RESPONSE_NOT_JSON" });
    server.use({
      [searchByDateRoute]: {
        headers: { "content-type": "text/html; charset=utf-8" },
        text: "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>",
      },
    });
    const error = await pullError(create().pull(requestAt(clock), contextWith(clock)));
    expect(error.code).toBe("RESPONSE_NOT_JSON");
    expect(error.message).toContain("text/html");
  });

  it("reports a rejected search with Algolia's reason, not retryable", async () => {
    server.use({
      [searchByDateRoute]: { status: 400, json: { message: "Invalid syntax for numeric condition: points>>1", status: 400 } },
    });
    const clock = createManualClock(start);
    const error = await pullError(create({ minPoints: 5 }).pull(requestAt(clock), contextWith(clock)));
    expect(error).toMatchObject({ code: "HACKERNEWS_BAD_REQUEST", isRetryable: false });
    expect(error.message).toContain("Invalid syntax for numeric condition: points>>1");
  });

  it("keeps the pages it got when a later page is rate limited, and continues from there", async () => {
    const dataset = stories(250);
    const search = fakeAlgolia(() => dataset);
    let calls = 0;
    server.use({
      [searchByDateRoute]: (call) =>
        ++calls === 2
          ? { status: 429, headers: { "retry-after": "30" }, json: { message: "Too many requests", status: 429 } }
          : search(call),
    });
    const clock = createManualClock(start);
    const source = create();
    const first = await source.pull(requestAt(clock), contextWith(clock));
    expect(first.items).toHaveLength(100);
    expect(first.degraded).toEqual({
      reason: expect.stringMatching(/^stopped early: Hacker News rate limit reached/),
      retryAfterMs: 30_000,
    });
    expect(first.hasMore).toBe(false);
    expect(cursorOf(first).walk?.before).toBe(dataset[99]!.created_at_i);

    const second = await source.pull(requestAt(clock, first.cursor), contextWith(clock));
    expect([...first.items, ...second.items].map((item) => item.externalId)).toEqual(dataset.map((hit) => hit.objectID));
  });
});

describe("schema drift", () => {
  it("ignores extra fields, tolerates missing optional ones and skips hits missing required ones with a warning", async () => {
    server.use({ [searchByDateRoute]: { json: searchDrift } });
    const clock = createManualClock(start);
    const result = await create().pull(requestAt(clock), contextWith(clock));
    expect(result.items.map((item) => [item.externalId, item.url])).toEqual([
      ["40124800", "https://news.ycombinator.com/item?id=40124800"],
      ["40124500", "https://news.ycombinator.com/item?id=40124500"],
    ]);
    expect(result.items[0]?.metadata).toMatchObject({ points: 0, numComments: 0 });
    expect(result.observations?.map((observation) => observation.itemId)).toEqual(["hackernews:40124500"]);
    expect(result.warnings).toEqual([
      "skipped hit 40124100: title: expected string, received null",
      "skipped hit #2: objectID: expected string, received undefined",
    ]);
  });

  it("reports a page without hits as a ResponseValidationError naming the field", async () => {
    server.use({ [searchByDateRoute]: { json: { nbHits: 0, page: 0, message: "moved" } } });
    const clock = createManualClock(start);
    const error = await pullError(create().pull(requestAt(clock), contextWith(clock)));
    expect(error.code).toBe("RESPONSE_INVALID");
    expect(error.message).toMatch(/hits: expected array/);
  });

  it("starts again from the look-back window, with a warning, when the stored cursor is not understood", async () => {
    const clock = createManualClock(start);
    const result = await create().pull(requestAt(clock, { after: "yesterday" }), contextWith(clock));
    expect(result.items).toHaveLength(4);
    expect(result.warnings).toEqual(["the stored cursor was not understood; starting again from the look-back window"]);
  });
});

describe("health", () => {
  it("passes the rate-limit budget Algolia announces through", async () => {
    server.use({
      [searchByDateRoute]: {
        headers: { "x-ratelimit-limit": "10000", "x-ratelimit-remaining": "9876", "content-type": "application/json" },
        json: searchByDate,
      },
    });
    const clock = createManualClock(start);
    const result = await create().pull(requestAt(clock), contextWith(clock));
    expect(result.rateLimit).toEqual({ limit: 10_000, remaining: 9_876 });
  });

  it("shows the reason in the pipeline's health while degraded", async () => {
    server.use({ [topStoriesRoute]: { status: 503, text: "Service Unavailable" } });
    const clock = createManualClock(start);
    const pipeline = createPipeline({
      sources: [create({ frontPage: true })],
      store: createMemoryStore(),
      clock,
      http: createHttpClient({ retries: 0, clock }),
    });
    await pipeline.run();
    expect(pipeline.health()[0]).toMatchObject({
      status: "degraded",
      code: "SOURCE_DEGRADED",
      reason: expect.stringMatching(/^front page unavailable/),
    });
  });
});
