import { copyFile, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hackerNewsIdOf, loadHnFrontpageRss } from "./hn-frontpage-rss.js";
import { entriesOfType, expectIdsFollowSources, fixturesDirectory } from "./loader-test-kit.js";

const at = (iso: string) => new Date(iso);

describe("hackerNewsIdOf", () => {
  it("prefers the id of an HN item link over the hn_id parsed from the description", () => {
    expect(hackerNewsIdOf({ hn_id: "555", link: "https://news.ycombinator.com/item?id=1004" })).toBe("1004");
    expect(hackerNewsIdOf({ hn_id: "", link: "https://news.ycombinator.com/item?id=1005" })).toBe("1005");
    expect(hackerNewsIdOf({ hn_id: "1001", link: "https://example.com/tidal-clocks" })).toBe("1001");
    expect(hackerNewsIdOf({ hn_id: "", link: "https://example.org/no-id" })).toBeUndefined();
  });
});

describe("loadHnFrontpageRss", () => {
  it("places each story and its capture observation at date_published, with the snapshots' ids", async () => {
    const { entries, rows } = await loadHnFrontpageRss(fixturesDirectory);
    expect(rows).toBe(7);
    expect(entries.slice(0, 2)).toEqual([
      {
        type: "item",
        at: at("2022-09-01T09:40:00Z"),
        item: {
          id: "hackernews:1001",
          source: "hackernews",
          externalId: "1001",
          kind: "story",
          title: "Synthetic story about tidal clocks",
          text: "",
          url: "https://example.com/tidal-clocks",
          tags: ["story"],
          publishedAt: at("2022-09-01T09:40:00Z"),
          fetchedAt: at("2022-09-01T09:40:00Z"),
          metadata: { hnId: 1001, isAskHN: false, isShowHN: false, discussionUrl: "https://news.ycombinator.com/item?id=1001" },
        },
      },
      {
        type: "observation",
        at: at("2022-09-01T09:40:00Z"),
        observation: {
          itemId: "hackernews:1001",
          source: "hackernews",
          observedAt: at("2022-09-01T09:40:00Z"),
          metrics: { score: 15, comments: 4 },
        },
      },
    ]);
    expect(entriesOfType(entries, "item").map((entry) => entry.item.id)).toEqual(["hackernews:1001", "hackernews:1004", "hackernews:1005"]);
    // 1005 has neither points nor comments at capture: an item without an observation.
    expect(entriesOfType(entries, "observation").map((entry) => entry.observation.itemId)).toEqual(["hackernews:1001", "hackernews:1004"]);
    const showHn = entriesOfType(entries, "item").find((entry) => entry.item.externalId === "1005");
    expect(showHn?.item).toMatchObject({ tags: ["story", "show_hn"], url: "https://news.ycombinator.com/item?id=1005" });
    expectIdsFollowSources(entries, "hackernews");
  });

  it("counts repeated captures, reused ids, rows without an id and unreadable dates", async () => {
    const { skipped } = await loadHnFrontpageRss(fixturesDirectory);
    expect(skipped).toEqual([
      { reason: "date_published is not a timestamp", count: 1 },
      { reason: "hn_id already used by a story published at another time (id parsed from the description)", count: 1 },
      { reason: "no HN id (blank hn_id and the link is not an HN item)", count: 1 },
      { reason: "story captured again (first capture kept; no capture time to order them)", count: 1 },
    ]);
  });
});

describe("loadHnFrontpageRss with other years", () => {
  it("reads every hn_frontpage_<year>.csv of the folder, so a label file for another year finds its feed", async () => {
    const directory = await mkdtemp(path.join(tmpdir(), "bench-rss-years-"));
    const folder = path.join(directory, "hn-frontpage-rss-2022");
    await mkdir(folder);
    await copyFile(
      path.join(fixturesDirectory, "hn-frontpage-rss-2022", "hn_frontpage_2022.csv"),
      path.join(folder, "hn_frontpage_2022.csv"),
    );
    await writeFile(
      path.join(folder, "hn_frontpage_2023.csv"),
      "archive_day,hn_id,title,link,date_published,points_at_capture,comments_at_capture\n" +
        "2023-02-01,2001,A story of the next year,https://example.com/next,2023-02-01 10:00:00+00:00,20,2\n",
    );
    const { entries, rows } = await loadHnFrontpageRss(directory, { from: at("2023-01-01T00:00:00Z") });
    expect(rows).toBe(7 + 1);
    expect(entriesOfType(entries, "item").map((entry) => entry.item.id)).toEqual(["hackernews:2001"]);
  });
});
