import { readFileSync } from "node:fs";
import type { Routes } from "@undercurrent/core/testing";

// The upstreams `scan` pulls by default, answering with payloads built from the source packages' own recorded
// fixtures (read as files: the CLI does not import another package's test files), with a burst about Stable
// Diffusion planted on GitHub, Hacker News and Mastodon.

/** The endpoints the four key-less sources call. */
export const upstreamUrls = {
  hackerNews: "https://hn.algolia.com/api/v1/search_by_date",
  /** Where the source re-reads the stories it watches (from the second pull on). */
  hackerNewsWatched: "https://hn.algolia.com/api/v1/search",
  gitHub: "https://api.github.com/search/repositories",
  googleTrends: "https://trends.google.com/trending/rss",
  mastodonTags: "https://mastodon.social/api/v1/trends/tags",
  mastodonLinks: "https://mastodon.social/api/v1/trends/links",
  mastodonStatuses: "https://mastodon.social/api/v1/trends/statuses",
} as const;

const hour = 3_600_000;

function fixtureText(packageName: string, file: string): string {
  return readFileSync(new URL(`../../../../${packageName}/src/__fixtures__/${file}`, import.meta.url), "utf8");
}

type JsonObject = Record<string, unknown>;

function fixtureJson<Shape>(packageName: string, file: string): Shape {
  return JSON.parse(fixtureText(packageName, file)) as Shape;
}

const iso = (at: number) => new Date(at).toISOString().replace(".000Z", "Z");

/** Hacker News: six stories about Stable Diffusion (one linking the repository) and two unrelated ones. */
function hackerNewsPage(now: number): JsonObject {
  const page = fixtureJson<{ hits: JsonObject[] } & JsonObject>("sources-hackernews", "search-by-date.json");
  const template = page.hits[0] ?? {};
  const stories: [string, string | null][] = [
    ["Stable Diffusion public release: open text-to-image model", null],
    ["Running Stable Diffusion on an M1 Mac", null],
    ["A new AI art model everyone is talking about", "https://github.com/CompVis/stable-diffusion"],
    ["Stable Diffusion image generation is now open source", null],
    ["Show HN: A web UI for Stable Diffusion image generation", null],
    ["How Stable Diffusion image generation works", null],
    ["The history of the spreadsheet", null],
    ["Notes on building a tiny kernel in Zig", null],
  ];
  const hits = stories.map(([title, url], index) => {
    const id = 40_300_000 + index;
    const createdAt = now - (7 - index) * hour;
    const author = `hn-author-${index}`;
    return {
      ...template,
      _tags: ["story", `author_${author}`, `story_${id}`],
      _highlightResult: { title: { value: title, matchLevel: "none", matchedWords: [] } },
      author,
      children: [],
      created_at: iso(createdAt),
      created_at_i: Math.floor(createdAt / 1000),
      num_comments: 10 + index,
      objectID: String(id),
      points: 40 + index * 7,
      story_id: id,
      title,
      updated_at: iso(createdAt + 60_000),
      url: url ?? `https://example.com/posts/${id}`,
    };
  });
  return { ...page, hits, nbHits: hits.length, nbPages: 1, page: 0 };
}

/** GitHub: the repository, created ten hours ago, and one unrelated repository of the fixture. */
function gitHubSearch(now: number): JsonObject {
  const search = fixtureJson<{ items: JsonObject[] } & JsonObject>("sources-github", "search-repositories.json");
  const [template = {}, other = {}] = search.items;
  const repository = {
    ...template,
    id: 527_000_001,
    node_id: "R_kgDOHtTest",
    name: "stable-diffusion",
    full_name: "CompVis/stable-diffusion",
    owner: { login: "CompVis", id: 99_001, type: "Organization" },
    html_url: "https://github.com/CompVis/stable-diffusion",
    description: "Stable Diffusion: a latent text-to-image diffusion model",
    created_at: iso(now - 10 * hour),
    updated_at: iso(now - hour),
    pushed_at: iso(now - hour),
    stargazers_count: 4_210,
    watchers_count: 4_210,
    language: "Python",
    topics: ["text-to-image", "diffusion"],
  };
  const unrelated = { ...other, created_at: iso(now - 20 * hour), updated_at: iso(now - 2 * hour), pushed_at: iso(now - 2 * hour) };
  return { ...search, total_count: 2, incomplete_results: false, items: [repository, unrelated] };
}

/** Google Trends: the recorded US feed, its searches moved into the last hours. */
function googleTrendsFeed(now: number): string {
  let minutes = 0;
  return fixtureText("sources-google-trends", "trending-rss-us.xml").replace(
    /<pubDate>[^<]*<\/pubDate>/g,
    () => `<pubDate>${new Date(now - (minutes += 25) * 60_000).toUTCString()}</pubDate>`,
  );
}

/** Mastodon: the recorded tags and links, and two statuses about Stable Diffusion from two accounts. */
function mastodonStatuses(now: number): JsonObject[] {
  const [template = {}] = fixtureJson<JsonObject[]>("sources-mastodon", "trends-statuses.json");
  const posts = [
    "Spent the evening with Stable Diffusion image generation on my laptop. Text-to-image is here.",
    "Stable Diffusion text-to-image results are wild: open source image generation for everyone.",
  ];
  return posts.map((text, index) => {
    const id = String(114_700_000_000_000_000n + BigInt(index));
    const username = `artist${index}`;
    return {
      ...template,
      id,
      created_at: new Date(now - (3 - index) * hour).toISOString(),
      uri: `https://mastodon.social/users/${username}/statuses/${id}`,
      url: `https://mastodon.social/@${username}/${id}`,
      content: `<p>${text}</p>`,
      tags: [],
      mentions: [],
      media_attachments: [],
      account: {
        id: String(200_000 + index),
        username,
        acct: username,
        display_name: `Artist ${index}`,
        locked: false,
        bot: false,
        url: `https://mastodon.social/@${username}`,
        avatar: "https://files.mastodon.social/accounts/avatars/000/000/001/original/avatar.png",
        followers_count: 500,
        following_count: 100,
        statuses_count: 900,
      },
    };
  });
}

/** A healthy internet as of `now`, with the planted burst. */
export function healthyUpstreams(now: number): Routes {
  return {
    [`GET ${upstreamUrls.hackerNews}`]: () => ({ json: hackerNewsPage(now) }),
    [`GET ${upstreamUrls.hackerNewsWatched}`]: () => ({ json: hackerNewsPage(now) }),
    [`GET ${upstreamUrls.gitHub}`]: () => ({ json: gitHubSearch(now) }),
    [`GET ${upstreamUrls.googleTrends}`]: () => ({
      headers: { "content-type": "application/rss+xml; charset=UTF-8" },
      text: googleTrendsFeed(now),
    }),
    [`GET ${upstreamUrls.mastodonTags}`]: { json: fixtureJson("sources-mastodon", "trends-tags.json") },
    [`GET ${upstreamUrls.mastodonLinks}`]: { json: fixtureJson("sources-mastodon", "trends-links.json") },
    [`GET ${upstreamUrls.mastodonStatuses}`]: () => ({ json: mastodonStatuses(now) }),
  };
}

/** No network at all: every upstream fails at the connection. */
export function unreachableUpstreams(): Routes {
  return Object.fromEntries(Object.values(upstreamUrls).map((url) => [`GET ${url}`, { networkError: true }]));
}
