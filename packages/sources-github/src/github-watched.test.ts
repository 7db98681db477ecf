import type { Cursor, PullResult } from "@undercurrent/core";
import { createTestServer, type MockResponse, type RouteHandler } from "@undercurrent/core/testing";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import notFound from "./__fixtures__/not-found.json" with { type: "json" };
import paginationLimited from "./__fixtures__/pagination-limited.json" with { type: "json" };
import repository from "./__fixtures__/repository.json" with { type: "json" };
import searchRepositories from "./__fixtures__/search-repositories.json" with { type: "json" };
import stargazersPage1 from "./__fixtures__/stargazers-page-1.json" with { type: "json" };
import stargazersPage2 from "./__fixtures__/stargazers-page-2.json" with { type: "json" };
import bareUsers from "./__fixtures__/stargazers-without-star-media-type.json" with { type: "json" };
import type { GitHubCursor } from "./github-cursor.js";
import { createGitHubSource } from "./github-source.js";
import type { GitHubSourceOptions } from "./github-source-options.js";
import { api, createContext, createRecordingClock, createRequest, testNow } from "./test-support.js";

const repositoryUrl = `${api}/repos/octo-labs/fastcache`;
const stargazersUrl = `${repositoryUrl}/stargazers`;
const server = createTestServer();

beforeEach(() => {
  vi.stubEnv("GITHUB_TOKEN", "");
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function source(options: GitHubSourceOptions = {}) {
  return createGitHubSource({ baseURL: api, searches: [], watchedRepositories: ["octo-labs/fastcache"], ...options });
}

const json = (body: unknown, headers: Record<string, string> = {}): MockResponse => ({
  json: body,
  headers: { "content-type": "application/json; charset=utf-8", ...headers },
});

/** Serves stargazer pages by `page`, chained with `Link` headers like GitHub's. */
function pagedStargazers(pages: readonly unknown[][]): RouteHandler {
  return (call) => {
    const page = Number(new URL(call.url).searchParams.get("page") ?? "1");
    const link: Record<string, string> =
      page < pages.length ? { link: `<${stargazersUrl}?per_page=100&page=${page + 1}>; rel="next"` } : {};
    return json(pages[page - 1] ?? [], link);
  };
}

const day = (date: string) => new Date(`${date}T00:00:00.000Z`);
const pointsOf = (result: PullResult) => result.series?.[0]?.points ?? [];
const watchedState = (result: PullResult) => (result.cursor as GitHubCursor).watched["octo-labs/fastcache"]!;

describe("watched repositories", () => {
  it("returns the repository with an observation and its daily cumulative star timeline", async () => {
    server.use({
      [`GET ${repositoryUrl}`]: json(repository),
      [`GET ${stargazersUrl}`]: pagedStargazers([stargazersPage1, stargazersPage2]),
    });
    const clock = createRecordingClock();
    const result = await source().pull(createRequest(clock), createContext({ clock }));
    expect(result.items).toEqual([
      expect.objectContaining({ id: "github:octo-labs/fastcache", author: { id: "octo-labs", url: "https://github.com/octo-labs" } }),
    ]);
    expect(result.observations).toEqual([
      { itemId: "github:octo-labs/fastcache", source: "github", observedAt: new Date(testNow), metrics: { stars: 2413, forks: 97 } },
    ]);
    expect(result.series).toHaveLength(1);
    expect(result.series![0]).toMatchObject({
      id: "github:stars:octo-labs/fastcache",
      source: "github",
      metric: "stars",
      key: "github:octo-labs/fastcache",
      interval: "day",
    });
    const points = pointsOf(result);
    expect(points.slice(0, 5)).toEqual([
      { at: day("2025-05-04"), value: 3 },
      { at: day("2025-05-05"), value: 3 },
      { at: day("2025-05-06"), value: 5 },
      { at: day("2025-05-07"), value: 6 },
      { at: day("2025-05-08"), value: 6 },
    ]);
    expect(points.at(-1)).toEqual({ at: day("2025-06-02"), value: 6 });
    expect(points).toHaveLength(30);
    const stargazerCalls = server.calls.filter((call) => call.url.startsWith(stargazersUrl));
    expect(stargazerCalls.map((call) => call.headers.accept)).toEqual([
      "application/vnd.github.star+json",
      "application/vnd.github.star+json",
    ]);
    expect(stargazerCalls.map((call) => new URL(call.url).searchParams.get("per_page"))).toEqual(["100", "100"]);
    expect(result.hasMore).toBe(false);
  });

  it("reads at most maxStargazerPages a pull and continues from the next page", async () => {
    server.use({
      [`GET ${repositoryUrl}`]: json(repository),
      [`GET ${stargazersUrl}`]: pagedStargazers([stargazersPage1, stargazersPage2]),
    });
    const clock = createRecordingClock();
    const first = await source({ maxStargazerPages: 1 }).pull(createRequest(clock), createContext({ clock }));
    expect(first.hasMore).toBe(true);
    expect(pointsOf(first).at(-1)).toEqual({ at: day("2025-05-06"), value: 4 });
    expect(watchedState(first).stars).toMatchObject({ page: 2, counted: 4, behind: true });
    clock.set(testNow + 1_000);
    const second = await source({ maxStargazerPages: 1 }).pull(createRequest(clock, { cursor: first.cursor }), createContext({ clock }));
    // Not due for a refresh: only the stargazer page.
    expect(second.items).toEqual([]);
    expect(server.calls.map((call) => new URL(call.url).pathname)).toEqual([
      "/repos/octo-labs/fastcache",
      "/repos/octo-labs/fastcache/stargazers",
      "/repos/octo-labs/fastcache/stargazers",
    ]);
    expect(pointsOf(second).slice(0, 2)).toEqual([
      { at: day("2025-05-06"), value: 5 },
      { at: day("2025-05-07"), value: 6 },
    ]);
    expect(pointsOf(second).at(-1)).toEqual({ at: day("2025-06-02"), value: 6 });
    expect(second.hasMore).toBe(false);
  });

  it("re-reads the last page on the next pass and counts only new stars, including a second star in the same second", async () => {
    const lastAt = stargazersPage2.at(-1)!.starred_at;
    const newer = [
      { starred_at: lastAt, user: { login: "gus-ops", id: 5510201, type: "User", site_admin: false } },
      { starred_at: "2025-06-02T09:30:00Z", user: { login: "hana", id: 6620112, type: "User", site_admin: false } },
    ];
    server.use({
      [`GET ${repositoryUrl}`]: json(repository),
      [`GET ${stargazersUrl}`]: pagedStargazers([stargazersPage1, stargazersPage2]),
    });
    const clock = createRecordingClock();
    const first = await source().pull(createRequest(clock), createContext({ clock }));
    server.use({ [`GET ${stargazersUrl}`]: pagedStargazers([stargazersPage1, [...stargazersPage2, ...newer]]) });
    clock.set(testNow + 10 * 60_000);
    const second = await source().pull(createRequest(clock, { cursor: first.cursor }), createContext({ clock }));
    const pages = server.calls
      .filter((call) => call.url.startsWith(stargazersUrl))
      .map((call) => new URL(call.url).searchParams.get("page"));
    expect(pages).toEqual(["1", "2", "2"]);
    expect(watchedState(second).stars).toMatchObject({ page: 2, counted: 8, lastLogins: ["hana"] });
    const points = pointsOf(second);
    expect(points[0]).toEqual({ at: day("2025-05-07"), value: 7 });
    expect(points.at(-2)).toEqual({ at: day("2025-06-01"), value: 7 });
    expect(points.at(-1)).toEqual({ at: day("2025-06-02"), value: 8 });
  });

  it("steps back a page when unstarring has emptied the page it stopped at", async () => {
    const cursor: Cursor = {
      version: 1,
      searches: {},
      watched: {
        "octo-labs/fastcache": {
          fullName: "octo-labs/fastcache",
          nextRefreshAt: new Date(testNow + 60_000).toISOString(),
          stars: { page: 2, counted: 4, lastStarredAt: "2025-05-06T08:15:00Z", lastLogins: ["dmitri"], behind: true, capped: false },
        },
      },
    };
    const afterUnstar = [...stargazersPage1.slice(1), { starred_at: "2025-06-01T12:00:00Z", user: { login: "ines", id: 7730045 } }];
    server.use({ [`GET ${stargazersUrl}`]: pagedStargazers([afterUnstar]) });
    const clock = createRecordingClock();
    const result = await source().pull(createRequest(clock, { cursor }), createContext({ clock }));
    expect(server.calls.map((call) => new URL(call.url).searchParams.get("page"))).toEqual(["2", "1"]);
    expect(watchedState(result).stars).toMatchObject({ page: 1, counted: 5, behind: false });
  });

  it("degrades and keeps its place when GitHub ignores the star media type", async () => {
    server.use({ [`GET ${repositoryUrl}`]: json(repository), [`GET ${stargazersUrl}`]: json(bareUsers) });
    const clock = createRecordingClock();
    const result = await source().pull(createRequest(clock), createContext({ clock }));
    expect(result.items).toHaveLength(1);
    expect(result.series).toBeUndefined();
    expect(result.degraded?.reason).toMatch(/octo-labs\/fastcache: .*without starred_at/);
    expect(watchedState(result).stars).toMatchObject({ page: 1, counted: 0, behind: false });
    expect(result.hasMore).toBe(false);
  });

  it("stops the timeline at GitHub's stargazer pagination limit (422) with a warning, and stops asking", async () => {
    const full = Array.from({ length: 100 }, (_, index) => ({
      starred_at: new Date(Date.parse("2025-05-04T00:00:00Z") + index * 60_000).toISOString().replace(".000", ""),
      user: { login: `user-${index}`, id: 100 + index },
    }));
    server.use({
      [`GET ${repositoryUrl}`]: json(repository),
      [`GET ${stargazersUrl}`]: (call) =>
        new URL(call.url).searchParams.get("page") === "1"
          ? json(full, { link: `<${stargazersUrl}?page=2>; rel="next"` })
          : { status: 422, json: paginationLimited },
    });
    const clock = createRecordingClock();
    const first = await source({ refreshIntervalMs: 0 }).pull(createRequest(clock), createContext({ clock }));
    expect(first.warnings).toEqual([expect.stringMatching(/first 100 stargazers/)]);
    expect(first.degraded).toBeUndefined();
    expect(pointsOf(first)).toEqual([{ at: day("2025-05-04"), value: 100 }]);
    expect(watchedState(first).stars).toMatchObject({ capped: true, behind: false, counted: 100 });
    expect(first.hasMore).toBe(false);
    await source({ refreshIntervalMs: 0 }).pull(createRequest(clock, { cursor: first.cursor }), createContext({ clock }));
    expect(server.calls.filter((call) => call.url.startsWith(stargazersUrl))).toHaveLength(2);
  });

  it("degrades on a watched repository that is gone and goes on with the others", async () => {
    server.use({
      [`GET ${api}/repos/octo-labs/old-cache`]: { status: 404, json: notFound },
      [`GET ${repositoryUrl}`]: json(repository),
      [`GET ${stargazersUrl}`]: json(stargazersPage1),
    });
    const clock = createRecordingClock();
    const result = await source({ watchedRepositories: ["octo-labs/old-cache", "octo-labs/fastcache"] }).pull(
      createRequest(clock),
      createContext({ clock }),
    );
    expect(result.items.map((item) => item.externalId)).toEqual(["octo-labs/fastcache"]);
    expect(result.degraded?.reason).toMatch(/octo-labs\/old-cache: GitHub answered 404/);
    expect(server.calls.some((call) => call.url.includes("old-cache/stargazers"))).toBe(false);
  });

  it("returns what it gathered when rate-limited mid-pull, and resumes only the rest", async () => {
    server.use({
      [`GET ${repositoryUrl}`]: json(repository),
      [`GET ${stargazersUrl}`]: json(stargazersPage1),
      [`GET ${api}/search/repositories`]: [
        { status: 429, headers: { "retry-after": "90", "content-type": "application/json" }, json: { message: "Too many requests" } },
        json(searchRepositories),
      ],
    });
    const clock = createRecordingClock();
    const github = source({ searches: [{}] });
    const first = await github.pull(createRequest(clock), createContext({ clock }));
    expect(first.items.map((item) => item.externalId)).toEqual(["octo-labs/fastcache"]);
    expect(first.series).toHaveLength(1);
    expect(first.degraded).toEqual({ reason: expect.stringMatching(/429/), retryAfterMs: 90_000 });
    expect(first.hasMore).toBe(false);
    clock.set(testNow + 90_000);
    const second = await github.pull(createRequest(clock, { cursor: first.cursor }), createContext({ clock }));
    expect(second.items).toHaveLength(4);
    expect(second.series).toBeUndefined();
    expect(server.calls.map((call) => new URL(call.url).pathname)).toEqual([
      "/repos/octo-labs/fastcache",
      "/repos/octo-labs/fastcache/stargazers",
      "/search/repositories",
      "/search/repositories",
    ]);
  });

  it("defers a due repository when the pull is already full", async () => {
    server.use({
      [`GET ${api}/repos/octo-labs/other`]: json({
        ...repository,
        id: 1,
        name: "other",
        full_name: "octo-labs/other",
        html_url: "https://github.com/octo-labs/other",
      }),
      [`GET ${api}/repos/octo-labs/other/stargazers`]: json([]),
      [`GET ${repositoryUrl}`]: json(repository),
      [`GET ${stargazersUrl}`]: json(stargazersPage1),
    });
    const clock = createRecordingClock();
    const github = source({ watchedRepositories: ["octo-labs/other", "octo-labs/fastcache"] });
    const first = await github.pull(createRequest(clock, { limit: 1 }), createContext({ clock }));
    expect(first.items.map((item) => item.externalId)).toEqual(["octo-labs/other"]);
    expect(first.hasMore).toBe(true);
    const second = await github.pull(createRequest(clock, { cursor: first.cursor, limit: 1 }), createContext({ clock }));
    expect(second.items.map((item) => item.externalId)).toEqual(["octo-labs/fastcache"]);
    expect(second.hasMore).toBe(false);
  });
});
