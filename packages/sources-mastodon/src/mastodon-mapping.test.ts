import { itemSchema, observationSchema, timeSeriesSchema } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import links from "./__fixtures__/trends-links.json" with { type: "json" };
import statuses from "./__fixtures__/trends-statuses.json" with { type: "json" };
import tags from "./__fixtures__/trends-tags.json" with { type: "json" };
import { trendingLinkSchema, trendingStatusSchema, trendingTagSchema } from "./mastodon-api.js";
import {
  type MappingContext,
  toDailyPoints,
  toHistorySeries,
  toLinkItem,
  toLinkObservation,
  toStatusItem,
  toStatusObservation,
  toTagItem,
  toTagObservation,
  usesToday,
} from "./mastodon-mapping.js";

const now = new Date("2025-06-01T12:00:00Z");
const context: MappingContext = { sourceId: "mastodon-social", instance: "https://mastodon.social", now };
const tag = trendingTagSchema.parse(tags[1]);
const link = trendingLinkSchema.parse(links[0]);
const status = trendingStatusSchema.parse(statuses[1]);

describe("toTagItem", () => {
  it("maps a tag to a valid item keyed by its lower-cased name", () => {
    const item = toTagItem(tag, context);
    expect(item).toEqual({
      id: "mastodon-social:wwdc25",
      source: "mastodon-social",
      externalId: "wwdc25",
      kind: "tag",
      title: "#WWDC25",
      text: "",
      url: "https://mastodon.social/tags/WWDC25",
      tags: ["wwdc25"],
      publishedAt: now,
      metadata: { instance: "mastodon.social" },
    });
    expect(itemSchema.safeParse({ ...item, fetchedAt: now }).success).toBe(true);
  });

  it("builds the tag URL on the instance when the tag has none or an invalid one", () => {
    expect(toTagItem({ name: "Mastodon Tips" }, context).url).toBe("https://mastodon.social/tags/Mastodon%20Tips");
    expect(toTagItem({ name: "caturday", url: "/tags/caturday" }, context).url).toBe("https://mastodon.social/tags/caturday");
  });
});

describe("toLinkItem", () => {
  it("maps a preview card with its title, description, author and provider", () => {
    const item = toLinkItem(link, context);
    expect(item).toEqual({
      id: "mastodon-social:https://www.theverge.com/2025/6/1/apple-wwdc-2025-what-to-expect",
      source: "mastodon-social",
      externalId: "https://www.theverge.com/2025/6/1/apple-wwdc-2025-what-to-expect",
      kind: "link",
      title: "Apple WWDC 2025: what to expect from iOS 26 and macOS",
      text: "Apple's developer conference kicks off next week with a redesign across all of its operating systems.",
      url: "https://www.theverge.com/2025/6/1/apple-wwdc-2025-what-to-expect",
      author: { id: "Chris Welch", url: "https://www.theverge.com/authors/chris-welch" },
      tags: [],
      publishedAt: now,
      metadata: {
        instance: "mastodon.social",
        provider: "The Verge",
        image: "https://files.mastodon.social/cache/preview_cards/images/131/044/212/original/4f1c2a7b9d0e3e55.jpg",
        cardType: "link",
      },
    });
    expect(itemSchema.safeParse({ ...item, fetchedAt: now }).success).toBe(true);
  });

  it("treats Mastodon's empty strings as missing values", () => {
    const item = toLinkItem(trendingLinkSchema.parse(links[1]), context);
    expect(item.author).toBeUndefined();
    expect(item.metadata).toEqual({
      instance: "mastodon.social",
      provider: "Mastodon Blog",
      providerUrl: "https://blog.joinmastodon.org",
      cardType: "link",
    });
  });

  it("falls back to the URL as title and clamps an oversized description", () => {
    const item = toLinkItem({ url: "https://example.org/a", title: "  ", description: "x".repeat(100_500) }, context);
    expect(item.title).toBe("https://example.org/a");
    expect(item.text).toHaveLength(100_000);
    expect(item.text?.endsWith("…")).toBe(true);
  });
});

describe("toStatusItem", () => {
  it("maps a status: plain text, first line as title, author acct, lower-cased tags, language", () => {
    const item = toStatusItem(status, context);
    expect(item).toEqual({
      id: "mastodon-social:114603511230045002",
      source: "mastodon-social",
      externalId: "114603511230045002",
      kind: "status",
      title: "Predictions for #WWDC25:",
      text: "Predictions for #WWDC25:\n1. a new design language\n2. on-device models\n\nhttps://www.theverge.com/2025/6/1/apple-wwdc-2025-what-to-expect",
      url: "https://hachyderm.io/@devrel/114603511230045002",
      author: { id: "devrel@hachyderm.io", url: "https://hachyderm.io/@devrel" },
      tags: ["wwdc25"],
      language: "en",
      publishedAt: new Date("2025-06-01T08:48:03.512Z"),
      metadata: { instance: "mastodon.social" },
    });
    expect(itemSchema.safeParse({ ...item, fetchedAt: now }).success).toBe(true);
  });

  it("cuts a long first line at a word boundary for the title", () => {
    const words = "trend ".repeat(40).trim();
    const item = toStatusItem({ ...status, content: `<p>${words}</p>` }, context);
    expect(item.title.length).toBeLessThanOrEqual(120);
    expect(item.title).toMatch(/trend…$/);
  });

  it("names the author when the status has no text, and falls back to uri without url", () => {
    const item = toStatusItem({ ...status, content: "", url: null, language: "" }, context);
    expect(item.title).toBe("Status by @devrel@hachyderm.io");
    expect(item.url).toBe("https://hachyderm.io/users/devrel/statuses/114603511230045002");
    expect(item.language).toBeUndefined();
  });
});

describe("history", () => {
  it("reads string values and sorts the days ascending", () => {
    const points = toDailyPoints(tag.history);
    expect(points.map((point) => point.at.toISOString().slice(0, 10))).toEqual([
      "2025-05-26",
      "2025-05-27",
      "2025-05-28",
      "2025-05-29",
      "2025-05-30",
      "2025-05-31",
      "2025-06-01",
    ]);
    expect(points.map((point) => point.uses)).toEqual([1, 0, 0, 3, 14, 131, 642]);
    expect(usesToday(tag.history)).toBe(642);
    expect(usesToday(undefined)).toBeUndefined();
  });

  it("makes a uses and an accounts series per tag or link, valid for core", () => {
    const series = toHistorySeries({ kind: "link", key: link.url, history: link.history }, context);
    expect(series.map((entry) => [entry.id, entry.metric, entry.key, entry.interval])).toEqual([
      [`mastodon-social:link:${link.url}:uses`, "uses", link.url, "day"],
      [`mastodon-social:link:${link.url}:accounts`, "accounts", link.url, "day"],
    ]);
    expect(series[1]?.points.at(-1)).toEqual({ at: new Date("2025-06-01T00:00:00Z"), value: 211 });
    expect(series[0]?.metadata).toEqual({ kind: "link", itemId: `mastodon-social:${link.url}`, instance: "mastodon.social" });
    for (const entry of series) expect(timeSeriesSchema.safeParse(entry).success).toBe(true);
    expect(toHistorySeries({ kind: "tag", key: "empty", history: [] }, context)).toEqual([]);
  });

  it("drops negative and non-numeric values", () => {
    const points = toDailyPoints([
      { day: "1748736000", uses: "-4", accounts: "" },
      { day: 1748649600, uses: 7, accounts: "7" },
    ]);
    expect(points).toEqual([
      { at: new Date("2025-05-31T00:00:00Z"), uses: 7, accounts: 7 },
      { at: new Date("2025-06-01T00:00:00Z"), uses: undefined, accounts: undefined },
    ]);
  });
});

describe("observations", () => {
  it("observes tags by rank and today's uses, links by rank and today's shares", () => {
    expect(toTagObservation(tag, 2, context)).toEqual({
      itemId: "mastodon-social:wwdc25",
      source: "mastodon-social",
      observedAt: now,
      metrics: { rank: 2, mentions: 642 },
    });
    expect(toLinkObservation(link, 1, context).metrics).toEqual({ rank: 1, mentions: 248 });
  });

  it("observes statuses by rank, boosts, favourites and replies, leaving out counts that are missing or invalid", () => {
    const observation = toStatusObservation(status, 3, context);
    expect(observation.metrics).toEqual({ rank: 3, shares: 233, likes: 610, comments: 18 });
    expect(observationSchema.safeParse(observation).success).toBe(true);
    expect(toStatusObservation({ ...status, reblogs_count: null, favourites_count: -1, replies_count: 1.5 }, 1, context).metrics).toEqual({
      rank: 1,
    });
  });
});
