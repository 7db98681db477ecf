import { describe, expect, it } from "vitest";
import { goldLinks, scoreLinking } from "./linking.js";

const at = (date: string) => Date.parse(`${date}T00:00:00Z`);
const isRepository = (itemId: string) => itemId.startsWith("github:");

describe("goldLinks", () => {
  const repositories = [
    { id: "github:acme/rocket", key: "github.com/acme/rocket", trendingDays: [at("2022-09-10"), at("2022-09-11")] },
    { id: "github:acme/old", key: "github.com/acme/old", trendingDays: [at("2022-07-01")] },
  ];

  it("pairs a story with the repository its URL names when the repository trended within ±7 days", () => {
    const stories = [
      { id: "hackernews:1", at: at("2022-09-17") + 23 * 3_600_000, repositoryKey: "github.com/acme/rocket" }, // 7 days after 09-10
      { id: "hackernews:2", at: at("2022-09-03"), repositoryKey: "github.com/acme/rocket" }, // 7 days before
      { id: "hackernews:3", at: at("2022-09-19"), repositoryKey: "github.com/acme/rocket" }, // 8 days after the last day
      { id: "hackernews:4", at: at("2022-09-10"), repositoryKey: "github.com/acme/old" },
      { id: "hackernews:5", at: at("2022-09-10"), repositoryKey: "github.com/nobody/unknown" },
      { id: "hackernews:6", at: at("2022-09-10"), repositoryKey: undefined },
    ];
    expect(goldLinks(stories, repositories)).toEqual([
      { storyId: "hackernews:1", repositoryId: "github:acme/rocket" },
      { storyId: "hackernews:2", repositoryId: "github:acme/rocket" },
    ]);
  });
});

describe("scoreLinking", () => {
  const links = [
    { storyId: "hackernews:1", repositoryId: "github:a/one" }, // same trend: linked
    { storyId: "hackernews:2", repositoryId: "github:b/two" }, // story with another repository: wrong link
    { storyId: "hackernews:3", repositoryId: "github:c/three" }, // repository in a trend, story in none: missed
    { storyId: "hackernews:4", repositoryId: "github:d/four" }, // neither in a trend: not scored for recall
  ];
  const members = new Map([
    ["trend:x", new Set(["hackernews:1", "github:a/one", "github:e/extra", "hackernews:9"])],
    ["trend:y", new Set(["hackernews:2", "github:z/other"])],
    ["trend:z", new Set(["github:c/three"])],
  ]);

  it("scores precision over stories placed with repositories and recall over pairs that reached a trend", () => {
    expect(scoreLinking(links, members, isRepository)).toEqual({
      pairs: 4,
      pairsInTrends: 3,
      linked: 1,
      storiesWithRepositories: 2,
      coListedRepositories: 3,
      precision: 1 / 2,
      recall: 1 / 3,
      pairPrecision: 1 / 3,
      coverage: 3 / 4,
    });
  });

  it("links a pair listed together in any of the trends an item belonged to (a merge)", () => {
    const merged = new Map([
      ["trend:old", new Set(["hackernews:1"])],
      ["trend:new", new Set(["hackernews:1", "github:a/one"])],
    ]);
    expect(scoreLinking(links.slice(0, 1), merged, isRepository)).toMatchObject({ linked: 1, precision: 1, recall: 1 });
  });

  it("has no ratios without pairs", () => {
    expect(scoreLinking([], members, isRepository)).toMatchObject({ precision: null, recall: null, pairPrecision: null, coverage: null });
  });
});
