import { describe, expect, it } from "vitest";
import { loadGitHubTrending, starsTodaySeriesId } from "./github-trending.js";
import { entriesOfType, expectIdsFollowSources, fixturesDirectory } from "./loader-test-kit.js";

const day = (date: string) => new Date(`${date}T00:00:00Z`);

describe("loadGitHubTrending", () => {
  it("makes a repository item at 00:00 UTC of its first trending day, with the description from repos.csv", async () => {
    const { entries, rows } = await loadGitHubTrending(fixturesDirectory);
    expect(rows).toBe(4 + 3 + 3);
    const rocket = entriesOfType(entries, "item").find((entry) => entry.item.externalId === "acme/rocket-lib");
    expect(rocket).toEqual({
      type: "item",
      at: day("2022-12-31"),
      item: {
        id: "github:acme/rocket-lib",
        source: "github",
        externalId: "acme/rocket-lib",
        kind: "repository",
        title: "acme/rocket-lib",
        text: "A synthetic library, with a comma",
        url: "https://github.com/acme/rocket-lib",
        author: { id: "acme", url: "https://github.com/acme" },
        tags: ["python"],
        publishedAt: day("2022-12-31"),
        fetchedAt: day("2022-12-31"),
        metadata: { language: "python" },
      },
    });
    expect(entriesOfType(entries, "item").map((entry) => [entry.item.id, entry.at.toISOString().slice(0, 10)])).toEqual([
      ["github:gopher-labs/tiny-queue", "2022-12-31"],
      ["github:acme/rocket-lib", "2022-12-31"],
      ["github:web-folk/quick-forms", "2023-01-01"],
    ]);
    expectIdsFollowSources(entries, "github");
  });

  it("observes stars and rank per day and puts stars_today into a one-point daily series", async () => {
    const { entries } = await loadGitHubTrending(fixturesDirectory);
    const rocketObservations = entriesOfType(entries, "observation").filter(
      (entry) => entry.observation.itemId === "github:acme/rocket-lib",
    );
    expect(rocketObservations.map((entry) => [entry.observation.observedAt.toISOString().slice(0, 10), entry.observation.metrics])).toEqual(
      [
        ["2022-12-31", { stars: 1500, rank: 1 }],
        ["2023-01-01", { stars: 1900, rank: 3 }],
      ],
    );
    const rocketSeries = entriesOfType(entries, "series").filter((entry) => entry.series.key === "github:acme/rocket-lib");
    expect(rocketSeries.map((entry) => entry.series)).toEqual([
      {
        id: starsTodaySeriesId("acme/rocket-lib"),
        source: "github",
        metric: "stars-today",
        key: "github:acme/rocket-lib",
        interval: "day",
        points: [{ at: day("2022-12-31"), value: 300 }],
        metadata: { repository: "acme/rocket-lib" },
      },
      {
        id: "github:stars-today:acme/rocket-lib",
        source: "github",
        metric: "stars-today",
        key: "github:acme/rocket-lib",
        interval: "day",
        points: [{ at: day("2023-01-01"), value: 400 }],
        metadata: { repository: "acme/rocket-lib" },
      },
    ]);
  });

  it("keeps the best-ranked row of a repository on two language pages and counts unreadable rows", async () => {
    const { skipped } = await loadGitHubTrending(fixturesDirectory);
    expect(skipped).toEqual([
      { reason: "repository on two language pages the same day (best rank kept)", count: 1 },
      { reason: "trending_2022.csv: owner or name is not a repository name", count: 1 },
      { reason: "trending_2023.csv: rank, stargazers or stars_today is not a number", count: 1 },
    ]);
  });
});
