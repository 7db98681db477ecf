import { describe, expect, it } from "vitest";
import repositoryFixture from "./__fixtures__/repository.json" with { type: "json" };
import searchRepositories from "./__fixtures__/search-repositories.json" with { type: "json" };
import { gitHubRepositorySchema, parseLinkHeader } from "./github-api.js";
import { starPoints, toItem, toObservation, toStarSeries, utcDay } from "./github-mapping.js";
import { uncountedStargazers } from "./github-watched.js";

const day = (date: string) => Date.parse(`${date}T00:00:00Z`);
const repository = gitHubRepositorySchema.parse(repositoryFixture);

describe("toItem", () => {
  it("maps a repository, with the owner's profile when GitHub sends it", () => {
    expect(toItem(repository)).toEqual({
      id: "github:octo-labs/fastcache",
      source: "github",
      externalId: "octo-labs/fastcache",
      kind: "repository",
      title: "octo-labs/fastcache",
      text: "Lock-free in-process cache for Rust services",
      url: "https://github.com/octo-labs/fastcache",
      author: { id: "octo-labs", url: "https://github.com/octo-labs" },
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
  });

  it("adds the language as a tag spelled like a topic, once", () => {
    const notebook = gitHubRepositorySchema.parse({ ...searchRepositories.items[2], topics: ["diffusion", "jupyter-notebook"] });
    expect(toItem(notebook).tags).toEqual(["diffusion", "jupyter-notebook"]);
  });

  it("tolerates absent description, language, topics, pushed_at and owner profile", () => {
    const { description: _description, language: _language, topics: _topics, pushed_at: _pushed, ...bare } = searchRepositories.items[0]!;
    const item = toItem(gitHubRepositorySchema.parse(bare));
    expect(item).toMatchObject({ text: "", tags: [], author: { id: "octo-labs" }, metadata: { language: null, pushedAt: null } });
    expect(item.language).toBeUndefined();
  });
});

describe("toObservation", () => {
  it("records stars and forks at the given time", () => {
    const at = new Date("2025-06-02T12:00:00Z");
    expect(toObservation(repository, at)).toEqual({
      itemId: "github:octo-labs/fastcache",
      source: "github",
      observedAt: at,
      metrics: { stars: 2413, forks: 97 },
    });
  });
});

describe("starPoints", () => {
  it("fills days without stars with the previous total", () => {
    const counts = new Map([
      [day("2025-05-04"), 3],
      [day("2025-05-07"), 5],
    ]);
    expect(starPoints({ counts, previousCount: 0 }).map((point) => [point.at.toISOString().slice(0, 10), point.value])).toEqual([
      ["2025-05-04", 3],
      ["2025-05-05", 3],
      ["2025-05-06", 3],
      ["2025-05-07", 5],
    ]);
  });

  it("continues after the previous pull's last day and runs through today once caught up", () => {
    const counts = new Map([[day("2025-05-09"), 8]]);
    const points = starPoints({ counts, previousDay: day("2025-05-07"), previousCount: 6, throughDay: day("2025-05-11") });
    expect(points.map((point) => point.value)).toEqual([6, 8, 8, 8]);
    expect(points[0]!.at).toEqual(new Date("2025-05-08T00:00:00Z"));
  });

  it("replaces the previous pull's last day when more stars arrive on it", () => {
    const counts = new Map([[day("2025-05-07"), 9]]);
    expect(starPoints({ counts, previousDay: day("2025-05-07"), previousCount: 6 })).toEqual([
      { at: new Date("2025-05-07T00:00:00Z"), value: 9 },
    ]);
  });

  it("gives a repository without stars a zero for today, and nothing when nothing is known", () => {
    expect(starPoints({ counts: new Map(), previousCount: 0, throughDay: day("2025-06-02") })).toEqual([
      { at: new Date("2025-06-02T00:00:00Z"), value: 0 },
    ]);
    expect(starPoints({ counts: new Map(), previousCount: 0 })).toEqual([]);
    expect(starPoints({ counts: new Map(), previousDay: day("2025-06-02"), previousCount: 4, throughDay: day("2025-06-02") })).toEqual([]);
  });

  it("wraps the points in a daily stars series keyed by the item id", () => {
    expect(toStarSeries("octo-labs/fastcache", [])).toEqual({
      id: "github:stars:octo-labs/fastcache",
      source: "github",
      metric: "stars",
      key: "github:octo-labs/fastcache",
      interval: "day",
      points: [],
      metadata: { repository: "octo-labs/fastcache" },
    });
  });

  it("rounds a time down to midnight UTC", () => {
    expect(utcDay(Date.parse("2025-05-04T23:59:59Z"))).toBe(day("2025-05-04"));
  });
});

describe("uncountedStargazers", () => {
  const progress = { page: 1, counted: 2, lastStarredAt: "2025-05-04T18:03:10Z", lastLogins: ["bob-k"], behind: true, capped: false };

  it("keeps newer stars and other logins in the last counted second, oldest first", () => {
    const stargazers = [
      { starred_at: "2025-05-05T08:00:00Z", user: { login: "dmitri" } },
      { starred_at: "2025-05-04T11:22:33Z", user: { login: "alice" } },
      { starred_at: "2025-05-04T18:03:10Z", user: { login: "bob-k" } },
      { starred_at: "2025-05-04T18:03:10Z", user: { login: "chen-li" } },
    ];
    expect(uncountedStargazers(progress, stargazers).map((stargazer) => stargazer.user?.login)).toEqual(["chen-li", "dmitri"]);
  });
});

describe("parseLinkHeader", () => {
  it("reads GitHub's relations", () => {
    const header =
      '<https://api.github.com/search/repositories?q=stars%3A%3E50&page=2>; rel="next", <https://api.github.com/search/repositories?q=stars%3A%3E50&page=10>; rel="last"';
    expect(parseLinkHeader(header)).toEqual({
      next: "https://api.github.com/search/repositories?q=stars%3A%3E50&page=2",
      last: "https://api.github.com/search/repositories?q=stars%3A%3E50&page=10",
    });
    expect(parseLinkHeader(null)).toEqual({});
    expect(parseLinkHeader('<https://api.github.com/x?page=1>; rel="prev first"')).toEqual({
      prev: "https://api.github.com/x?page=1",
      first: "https://api.github.com/x?page=1",
    });
  });
});
