import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  createHttpClient,
  createManualClock,
  createPipeline,
  type PipelineRunReport,
  type SourceHealth,
  type Store,
  type UndercurrentEvents,
} from "@undercurrent/core";
import { createTestServer, type MockResponse, type RecordedCall, type Routes } from "@undercurrent/core/testing";
import { redditEnvironmentVariables } from "@undercurrent/sources-reddit";
import { createSqliteStore } from "@undercurrent/store-sqlite";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type AllSourcesOptions, createAllSources } from "./all-sources.js";

// ---------------------------------------------------------------------------------------------------------------
// Time. Pass 1 runs at the moment the RSS fixtures were recorded; the other packages' fixtures are moved to it.
// ---------------------------------------------------------------------------------------------------------------

const start = Date.parse("2026-01-01T12:00:00Z");
const minute = 60_000;
/** Longer than GitHub's `refreshIntervalMs` (10 minutes), so every pass runs a new search. */
const passIntervalMs = 30 * minute;
const passStart = (pass: number) => start + (pass - 1) * passIntervalMs;

/** When each package's fixtures were recorded (its own tests' "now"). */
const recordedAt = {
  hackerNews: Date.parse("2024-04-22T14:00:00Z"),
  reddit: Date.parse("2024-04-22T14:00:00Z"),
  github: Date.parse("2025-06-02T12:00:00Z"),
  googleTrends: Date.parse("2025-06-01T18:00:00Z"),
  mastodon: Date.parse("2025-06-01T12:00:00Z"),
};

// ---------------------------------------------------------------------------------------------------------------
// Fixtures, read from the source packages (files, not modules: examples import packages by name only).
// ---------------------------------------------------------------------------------------------------------------

function fixture(packageName: string, file: string): string {
  return readFileSync(new URL(`../../../packages/${packageName}/src/__fixtures__/${file}`, import.meta.url), "utf8");
}

const epochSecondFields = new Set(["created_at_i", "created_utc"]);
const isoDateFields = new Set(["created_at", "updated_at", "pushed_at"]);

/** Parses a JSON fixture with its publication times moved from `recorded` to `start`, into the look-back window. */
function movedJson<T>(text: string, recorded: number): T {
  const shiftMs = start - recorded;
  return JSON.parse(text, (key, value: unknown) => {
    if (typeof value === "number" && epochSecondFields.has(key)) return value + shiftMs / 1000;
    if (typeof value === "string" && isoDateFields.has(key)) return new Date(Date.parse(value) + shiftMs).toISOString();
    return value;
  }) as T;
}

/** Moves every `<pubDate>` of an RSS fixture from `recorded` to `start`. */
function movedPubDates(xml: string, recorded: number): string {
  return xml.replace(
    /<pubDate>([^<]*)<\/pubDate>/g,
    (_match, date: string) => `<pubDate>${new Date(Date.parse(date) + start - recorded).toUTCString()}</pubDate>`,
  );
}

// Only the fields this test touches; the rest of each fixture passes through untouched.
interface AlgoliaHit {
  objectID: string;
  story_id: number;
  title: string;
  url: string | null;
  author: string;
  created_at: string;
  created_at_i: number;
  _tags: string[];
  [field: string]: unknown;
}
interface AlgoliaPage {
  hits: AlgoliaHit[];
  nbHits: number;
  [field: string]: unknown;
}
interface RedditPost {
  id: string;
  name: string;
  title: string;
  [field: string]: unknown;
}
interface RedditListing {
  kind: string;
  data: { children: { kind: string; data: RedditPost }[]; [field: string]: unknown };
}
interface GitHubRepository {
  id: number;
  name: string;
  full_name: string;
  owner: { login: string; [field: string]: unknown };
  [field: string]: unknown;
}
interface GitHubSearchPage {
  total_count: number;
  items: GitHubRepository[];
  [field: string]: unknown;
}
interface MastodonTag {
  name: string;
  url: string;
  history: unknown[];
  [field: string]: unknown;
}

const hackerNewsPage = movedJson<AlgoliaPage>(fixture("sources-hackernews", "search-by-date.json"), recordedAt.hackerNews);
const redditHot = movedJson<RedditListing>(fixture("sources-reddit", "hot-listing.json"), recordedAt.reddit);
const redditTop = movedJson<RedditListing>(fixture("sources-reddit", "top-listing.json"), recordedAt.reddit);
const redditToken = movedJson<{ access_token: string }>(fixture("sources-reddit", "token.json"), recordedAt.reddit);
const gitHubSearch = movedJson<GitHubSearchPage>(fixture("sources-github", "search-repositories.json"), recordedAt.github);
const mastodonTags = movedJson<MastodonTag[]>(fixture("sources-mastodon", "trends-tags.json"), recordedAt.mastodon);
const mastodonLinks = movedJson<unknown[]>(fixture("sources-mastodon", "trends-links.json"), recordedAt.mastodon);
const mastodonStatuses = movedJson<unknown[]>(fixture("sources-mastodon", "trends-statuses.json"), recordedAt.mastodon);
const trendingFeed = movedPubDates(fixture("sources-google-trends", "trending-rss-us.xml"), recordedAt.googleTrends);
const hackerNewsFeed = fixture("sources-rss", "hnrss-frontpage.xml");
const blogFeed = fixture("sources-rss", "engineering-blog.xml");

// ---------------------------------------------------------------------------------------------------------------
// What each upstream publishes between passes: one new entry per pass after the first.
// ---------------------------------------------------------------------------------------------------------------

let pass = 1;
/** The passes whose new entries are published by now, newest first (upstreams list newest first). */
const laterPasses = () => Array.from({ length: pass - 1 }, (_, index) => pass - index);
/** An entry of pass `n` is published five minutes before that pass runs. */
const publishedAt = (n: number) => passStart(n) - 5 * minute;

const newStoryTitles: Record<number, string> = { 2: "Show HN: A trend radar in 300 lines of SQL", 3: "Postgres 19 beta is out" };
const newPostTitles: Record<number, string> = { 2: "What we learned running Wasm at the edge", 3: "Rust 1.93 released" };
const newRepositories: Record<number, string> = { 2: "tidewater/undertow", 3: "octo-labs/ripplecache" };
const newSearches: Record<number, string> = { 2: "snow day", 3: "ces 2026" };
const newFeedTitles: Record<number, string> = { 2: "Ask HN: What did you ship over the holidays?", 3: "Zig 0.16 release notes" };
const newTags: Record<number, string> = { 2: "NewYear2026", 3: "FediCamp" };

function newStory(n: number): AlgoliaHit {
  const template = hackerNewsPage.hits[0]!;
  const id = 46_500_000 + n;
  const createdAt = publishedAt(n) / 1000;
  return {
    ...template,
    objectID: String(id),
    story_id: id,
    title: newStoryTitles[n]!,
    url: `https://example.org/stories/${id}`,
    _tags: ["story", `author_${template.author}`, `story_${id}`],
    children: [],
    created_at: new Date(publishedAt(n)).toISOString(),
    created_at_i: createdAt,
  };
}

function newPost(n: number): { kind: string; data: RedditPost } {
  const template = redditHot.data.children[1]!;
  const id = `1q0zz${n}k`;
  const permalink = `/r/programming/comments/${id}/pass_${n}/`;
  return {
    ...template,
    data: {
      ...template.data,
      id,
      name: `t3_${id}`,
      title: newPostTitles[n]!,
      permalink,
      url: `https://www.reddit.com${permalink}`,
      created_utc: publishedAt(n) / 1000,
      score: 40 + n,
      num_comments: n,
    },
  };
}

function newRepository(n: number): GitHubRepository {
  const template = gitHubSearch.items[0]!;
  const [owner = "", name = ""] = newRepositories[n]!.split("/");
  return {
    ...template,
    id: 990_000_000 + n,
    node_id: `R_kgDOpass0${n}`,
    name,
    full_name: `${owner}/${name}`,
    html_url: `https://github.com/${owner}/${name}`,
    owner: { ...template.owner, login: owner },
    created_at: new Date(publishedAt(n)).toISOString(),
    stargazers_count: 120 + n,
  };
}

function newTrendingSearch(n: number): string {
  const search = newSearches[n]!;
  return `<item>
      <title>${search}</title>
      <ht:approx_traffic>20,000+</ht:approx_traffic>
      <description></description>
      <link>https://trends.google.com/trending/rss?geo=US</link>
      <pubDate>${new Date(publishedAt(n)).toUTCString()}</pubDate>
      <ht:news_item>
        <ht:news_item_title>${search}: what to know</ht:news_item_title>
        <ht:news_item_url>https://news.example.com/${encodeURIComponent(search)}</ht:news_item_url>
        <ht:news_item_source>Example News</ht:news_item_source>
      </ht:news_item>
    </item>
    `;
}

function newFeedItem(n: number): string {
  const id = 46_600_000 + n;
  return `<item>
      <title><![CDATA[${newFeedTitles[n]}]]></title>
      <description><![CDATA[<p>Points: ${10 * n}</p><p># Comments: ${n}</p>]]></description>
      <pubDate>${new Date(publishedAt(n)).toUTCString()}</pubDate>
      <link>https://news.ycombinator.com/item?id=${id}</link>
      <guid isPermaLink="false">https://news.ycombinator.com/item?id=${id}</guid>
    </item>
    `;
}

function newTag(n: number): MastodonTag {
  const name = newTags[n]!;
  return { ...mastodonTags[0]!, name, url: `https://mastodon.social/tags/${name}` };
}

// ---------------------------------------------------------------------------------------------------------------
// The six upstreams, healthy.
// ---------------------------------------------------------------------------------------------------------------

const upstream = {
  algolia: "https://hn.algolia.com/api/v1",
  redditToken: "https://www.reddit.com/api/v1/access_token",
  reddit: "https://oauth.reddit.com/r/programming",
  github: "https://api.github.com/search/repositories",
  trends: "https://trends.google.com",
  mastodon: "https://mastodon.social/api/v1/trends",
  hackerNewsFeed: "https://hnrss.org/frontpage",
  blogFeed: "https://engineering.example.com/feed/",
};

const json = (body: unknown, headers: Record<string, string> = {}): MockResponse => ({
  json: body,
  headers: { "content-type": "application/json; charset=utf-8", ...headers },
});
const redditBudget = { "x-ratelimit-remaining": "588.0", "x-ratelimit-used": "12", "x-ratelimit-reset": "341" };
const mastodonBudget = { "x-ratelimit-limit": "300", "x-ratelimit-remaining": "297" };
const rss = (text: string): MockResponse => ({ headers: { "content-type": "application/rss+xml; charset=UTF-8" }, text });
const googleJson = (prefix: string, text: string): MockResponse => ({
  headers: { "content-type": "application/json; charset=utf-8" },
  text: `${prefix}\n${text}`,
});

/** Algolia's `search` for the watched stories: `tags=story,(story_1,story_2,…)` answers those stories. */
function watchedStories(call: RecordedCall): MockResponse {
  const wanted = new Set([...(new URL(call.url).searchParams.get("tags") ?? "").matchAll(/story_(\d+)/g)].map((match) => match[1]));
  const hits = [...laterPasses().map(newStory), ...hackerNewsPage.hits].filter((hit) => wanted.has(hit.objectID));
  return json({ ...hackerNewsPage, hits, nbHits: hits.length });
}

/** Google's related queries for the keyword named in `req`. */
function relatedQueries(call: RecordedCall): MockResponse {
  const request = JSON.parse(new URL(call.url).searchParams.get("req") ?? "{}") as {
    restriction?: { complexKeywordsRestriction?: { keyword?: { value: string }[] } };
  };
  const keyword = request.restriction?.complexKeywordsRestriction?.keyword?.[0]?.value ?? "";
  return googleJson(")]}',", fixture("sources-google-trends", `relatedsearches-${keyword}.json`));
}

const healthyRoutes: Routes = {
  [`GET ${upstream.algolia}/search_by_date`]: () => {
    const hits = [...laterPasses().map(newStory), ...hackerNewsPage.hits];
    return json({ ...hackerNewsPage, hits, nbHits: hits.length });
  },
  [`GET ${upstream.algolia}/search`]: watchedStories,
  [`POST ${upstream.redditToken}`]: json(redditToken),
  [`GET ${upstream.reddit}/hot`]: () =>
    json(
      { ...redditHot, data: { ...redditHot.data, children: [...laterPasses().map(newPost), ...redditHot.data.children] } },
      redditBudget,
    ),
  [`GET ${upstream.reddit}/top`]: json(redditTop, redditBudget),
  [upstream.github]: () => {
    const items = [...laterPasses().map(newRepository), ...gitHubSearch.items];
    return json({ ...gitHubSearch, total_count: items.length, items }, { "x-ratelimit-limit": "30", "x-ratelimit-remaining": "29" });
  },
  [`GET ${upstream.trends}/trending/rss`]: () =>
    rss(trendingFeed.replace("<item>", `${laterPasses().map(newTrendingSearch).join("")}<item>`)),
  [`GET ${upstream.trends}/trends/api/explore`]: {
    headers: { "content-type": "text/javascript; charset=UTF-8" },
    text: `)]}'\n${fixture("sources-google-trends", "explore-bitcoin-ethereum.json")}`,
  },
  [`GET ${upstream.trends}/trends/api/widgetdata/multiline`]: googleJson(
    ")]}',",
    fixture("sources-google-trends", "multiline-bitcoin-ethereum.json"),
  ),
  [`GET ${upstream.trends}/trends/api/widgetdata/relatedsearches`]: relatedQueries,
  [`GET ${upstream.hackerNewsFeed}`]: () => rss(hackerNewsFeed.replace("<item>", `${laterPasses().map(newFeedItem).join("")}<item>`)),
  [`GET ${upstream.blogFeed}`]: rss(blogFeed),
  [`GET ${upstream.mastodon}/tags`]: () => json([...laterPasses().map(newTag), ...mastodonTags], mastodonBudget),
  [`GET ${upstream.mastodon}/links`]: json(mastodonLinks, mastodonBudget),
  [`GET ${upstream.mastodon}/statuses`]: json(mastodonStatuses, mastodonBudget),
};

const server = createTestServer(healthyRoutes);

// Some proxies echo the request in their error pages: both failures repeat the Authorization header they got,
// so the test also shows the credentials are redacted from what ends up in health and events.
const injectedFailures: Routes = {
  [upstream.github]: (call) => ({
    status: 503,
    headers: { "content-type": "text/plain" },
    text: `upstream connect error or disconnect/reset before headers (request authorization: ${call.headers.authorization})`,
  }),
  ...Object.fromEntries(
    ["tags", "links", "statuses"].map((list) => [
      `GET ${upstream.mastodon}/${list}`,
      (call: RecordedCall): MockResponse => ({
        headers: { "content-type": "text/html; charset=utf-8" },
        text: `<html><body>Blocked by the firewall (${call.headers.authorization})<p>Ray ID: 8f3c2a1b</p></body></html>`,
      }),
    ]),
  ),
};

// ---------------------------------------------------------------------------------------------------------------

const credentials = {
  redditClientId: "p-jcoLKBynTLew",
  redditClientSecret: "gko_LXELoV07ZBNUXrvWZfzE3aI",
  gitHubToken: "ghp_4fQk2ZsT8yWc1NvB7xLm0RpD3hJ9aE6uGi5K",
  mastodonToken: "mstdn-token-9c41e7b2d8a6f035",
};
const secrets = [...Object.values(credentials), redditToken.access_token];

const options: AllSourcesOptions = {
  reddit: {
    clientId: credentials.redditClientId,
    clientSecret: credentials.redditClientSecret,
    userAgent: "nodejs:com.example.undercurrent-all-sources:v0.1.0 (by /u/example_dev)",
    subreddits: ["programming"],
    listings: ["hot", "top"],
  },
  github: { token: credentials.gitHubToken },
  rss: { feeds: [upstream.hackerNewsFeed, upstream.blogFeed] },
  googleTrends: { geo: "US", keywords: ["bitcoin", "ethereum"] },
  mastodon: { instance: "mastodon.social", accessToken: credentials.mastodonToken },
};

const sourceIds = ["hackernews", "reddit", "github", "google-trends", "rss", "mastodon"] as const;
type SourceId = (typeof sourceIds)[number];
const failing: SourceId[] = ["github", "mastodon"];
const healthy = sourceIds.filter((id) => !failing.includes(id));

async function countsBySource(store: Store): Promise<Record<SourceId, number>> {
  const counts = await Promise.all(sourceIds.map(async (id) => [id, await store.countItems({ source: id })] as const));
  return Object.fromEntries(counts) as Record<SourceId, number>;
}

const statusById = (health: readonly SourceHealth[]) => Object.fromEntries(health.map(({ sourceId, status }) => [sourceId, status]));
const newItemsById = (report: PipelineRunReport) =>
  Object.fromEntries(report.sources.map(({ sourceId, newItems }) => [sourceId, newItems]));

/** JSON of anything, errors included (their message, stack and cause are not enumerable). */
function serialize(value: unknown): string {
  return JSON.stringify(value, (_key, field: unknown) =>
    field instanceof Error ? { ...field, name: field.name, message: field.message, stack: field.stack, cause: field.cause } : field,
  );
}

afterEach(() => {
  pass = 1;
  vi.unstubAllEnvs();
});

describe("createAllSources", () => {
  it("returns the six sources, Reddit included when it has credentials", () => {
    const { sources, skipped } = createAllSources(options);
    expect(sources.map((source) => source.id)).toEqual([...sourceIds]);
    expect(skipped).toEqual([]);
  });

  it("skips Reddit, naming the variables to set, when it has no OAuth credentials", () => {
    for (const name of Object.values(redditEnvironmentVariables)) vi.stubEnv(name, "");
    const { sources, skipped } = createAllSources({ rss: { feeds: [upstream.hackerNewsFeed] } });
    expect(sources.map((source) => source.id)).toEqual(["hackernews", "github", "google-trends", "rss", "mastodon"]);
    expect(skipped).toEqual([
      { id: "reddit", reason: expect.stringContaining("REDDIT_CLIENT_ID, REDDIT_CLIENT_SECRET, REDDIT_USER_AGENT") },
    ]);
  });
});

describe("a pipeline over all six sources", () => {
  it("keeps ingesting from four sources while two fail, reports the two as degraded, and recovers them", async () => {
    const directory = mkdtempSync(path.join(tmpdir(), "undercurrent-all-sources-"));
    const store = createSqliteStore({ path: path.join(directory, "all-sources.db") });
    try {
      const clock = createManualClock(start);
      const pipeline = createPipeline({
        sources: createAllSources(options).sources,
        store,
        clock,
        http: createHttpClient({ retries: 0, clock }),
      });

      const payloads: { name: keyof UndercurrentEvents; payload: unknown }[] = [];
      const degraded: string[] = [];
      const recovered: string[] = [];
      const names: (keyof UndercurrentEvents)[] = [
        "item-ingested",
        "item-rejected",
        "source-pulled",
        "source-warned",
        "source-failed",
        "source-degraded",
        "source-recovered",
      ];
      for (const name of names) pipeline.events.on(name, (payload) => payloads.push({ name, payload }));
      pipeline.events.on("source-degraded", ({ sourceId }) => degraded.push(sourceId));
      pipeline.events.on("source-recovered", ({ sourceId }) => recovered.push(sourceId));
      const failed: string[] = []; // over all passes
      pipeline.events.on("source-failed", ({ sourceId }) => failed.push(sourceId));
      const healthAfterEachPass: SourceHealth[][] = [];
      const runPass = async (n: number) => {
        await clock.setTime(passStart(n));
        pass = n;
        degraded.length = 0;
        recovered.length = 0;
        const report = await pipeline.run();
        healthAfterEachPass.push(pipeline.health());
        return report;
      };

      // Pass 1: every upstream healthy.
      const first = await runPass(1);
      expect(statusById(pipeline.health())).toEqual(Object.fromEntries(sourceIds.map((id) => [id, "ok"])));
      expect(degraded).toEqual([]);
      const afterFirst = await countsBySource(store);
      for (const id of sourceIds) {
        expect(afterFirst[id], id).toBeGreaterThan(0);
        expect(newItemsById(first)[id], id).toBe(afterFirst[id]);
      }

      // Pass 2: GitHub answers 503 and Mastodon sits behind a firewall page; every upstream published something new.
      server.use(injectedFailures);
      const second = await runPass(2);
      const health = pipeline.health();
      expect(statusById(health)).toEqual({
        hackernews: "ok",
        reddit: "ok",
        github: "degraded",
        "google-trends": "ok",
        rss: "ok",
        mastodon: "degraded",
      });
      const byId = (id: SourceId) => health.find((entry) => entry.sourceId === id);
      expect(byId("github")).toMatchObject({ code: "HTTP_503", consecutiveFailures: 1, reason: expect.stringContaining("returned 503") });
      expect(byId("mastodon")).toMatchObject({
        code: "RESPONSE_NOT_JSON",
        consecutiveFailures: 1,
        reason: expect.stringContaining("expected JSON, got text/html"),
      });
      // The echoed credentials reached the error messages, redacted.
      expect(byId("github")?.reason).toContain("(request authorization: [redacted])");
      expect(byId("mastodon")?.reason).toContain("Blocked by the firewall ([redacted])");
      expect([...degraded].sort()).toEqual(failing);
      expect(recovered).toEqual([]);

      const afterSecond = await countsBySource(store);
      for (const id of healthy) {
        expect(afterSecond[id], id).toBeGreaterThan(afterFirst[id]);
        expect(newItemsById(second)[id], id).toBe(afterSecond[id] - afterFirst[id]);
      }
      for (const id of failing) expect(afterSecond[id], id).toBe(afterFirst[id]);
      const items = await store.listItems({ since: new Date(start) });
      expect(items.map((item) => item.title)).toEqual(
        expect.arrayContaining([newStoryTitles[2], newPostTitles[2], newFeedTitles[2], newSearches[2]]),
      );

      // Pass 3: the failures stop (the server forgets its overrides).
      server.reset();
      const third = await runPass(3);
      expect(statusById(pipeline.health())).toEqual(Object.fromEntries(sourceIds.map((id) => [id, "ok"])));
      for (const entry of pipeline.health()) {
        expect(entry.reason, entry.sourceId).toBeUndefined();
        expect(entry.consecutiveFailures, entry.sourceId).toBe(0);
      }
      expect([...recovered].sort()).toEqual(failing);
      expect(degraded).toEqual([]);
      const afterThird = await countsBySource(store);
      for (const id of failing) {
        // What they published during the outage (pass 2) and since (pass 3).
        expect(afterThird[id] - afterSecond[id], id).toBe(2);
        expect(newItemsById(third)[id], id).toBe(2);
      }
      const titles = (await store.listItems({ source: "github" })).map((item) => item.title);
      expect(titles).toEqual(expect.arrayContaining([newRepositories[2], newRepositories[3]]));
      expect((await store.listItems({ source: "mastodon" })).map((item) => item.title)).toEqual(
        expect.arrayContaining([`#${newTags[2]}`, `#${newTags[3]}`]),
      );

      // Every fixture entry mapped cleanly, and only the two failing sources ever failed.
      expect(payloads.filter(({ name }) => name === "item-rejected" || name === "source-warned")).toEqual([]);
      expect([...failed].sort()).toEqual(failing);

      // No credential in any health entry or event payload.
      const published = serialize({ health: healthAfterEachPass, payloads });
      expect(payloads.length).toBeGreaterThan(0);
      for (const secret of secrets) expect(published).not.toContain(secret);
    } finally {
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
