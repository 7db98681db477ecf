import { readFileSync } from "node:fs";
import { itemSchema } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { type FeedEntry, feedEntrySchema, readFeedDocument } from "./rss-api.js";
import { type EntryContext, entryExternalId, toItem, toObservation } from "./rss-items.js";

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), "utf8");
const fetchedAt = new Date("2026-01-01T12:00:00Z");

function mapFixture(name: string, feedUrl: string, overrides: Partial<EntryContext> = {}) {
  const document = readFeedDocument(fixture(name), { url: feedUrl, contentType: "application/xml" });
  const context: EntryContext = { sourceId: "rss", feedUrl, feedName: undefined, kind: "article", document, fetchedAt, ...overrides };
  return document.entries.map((entry) => {
    const result = toItem(entry, context);
    if (!result.ok) throw new Error(result.reason);
    return result;
  });
}

const entry = (fields: Partial<FeedEntry>): FeedEntry => feedEntrySchema.parse(fields);
const context: EntryContext = {
  sourceId: "rss",
  feedUrl: "https://a.example/feed.xml",
  feedName: undefined,
  kind: "article",
  document: { title: "A", language: undefined },
  fetchedAt,
};

describe("toItem", () => {
  it("maps an hnrss entry to a schema-valid story with its points and comments", () => {
    const [first] = mapFixture("hnrss-frontpage.xml", "https://hnrss.org/frontpage", { kind: "story", feedName: "HN front page" });
    const item = itemSchema.parse(first?.item);
    expect(item).toMatchObject({
      source: "rss",
      kind: "story",
      title: "Show HN: Undercurrent – spot cross-platform trends before they peak",
      url: "https://github.com/undercurrent-sdk/undercurrent",
      author: { id: "tidewater" },
      tags: [],
      publishedAt: new Date("2026-01-01T11:05:41Z"),
      fetchedAt,
      metadata: { feedUrl: "https://hnrss.org/frontpage", feedTitle: "Hacker News: Front Page", feedName: "HN front page" },
    });
    expect(item.id).toBe(`rss:${item.externalId}`);
    expect(item.externalId).toMatch(/^[0-9a-f]{24}$/);
    expect(item.text).toBe(
      "Article URL: https://github.com/undercurrent-sdk/undercurrent\nComments URL: https://news.ycombinator.com/item?id=46412345\nPoints: 312\n# Comments: 148",
    );
    expect(first?.metrics).toEqual({ score: 312, comments: 148 });
    expect(first?.undated).toBe(false);
  });

  it("maps a WordPress entry: decoded title, summary text without HTML, tags without #, language", () => {
    const [first] = mapFixture("engineering-blog.xml", "https://engineering.example.com/feed/");
    expect(first?.item).toMatchObject({
      title: "Postgres 18 & async I/O: what changed for our write path",
      author: { id: "Maya Okafor" },
      tags: ["Databases", "Postgres", "performance"],
      language: "en-US",
      metadata: { feedTitle: "Tidewater Engineering – Notes from the platform team" },
    });
    expect(first?.item.text).toBe(
      "We upgraded our primary cluster to Postgres 18 and turned on io_method=worker. Here’s what got faster, what didn’t, and the one setting we rolled back …\nThe post Postgres 18 & async I/O appeared first on Tidewater Engineering.",
    );
    expect(first?.metrics).toEqual({ comments: 14 });
  });

  it("maps a Reddit entry to a post with its author link and a text free of markup", () => {
    const [, second] = mapFixture("reddit-programming.xml", "https://www.reddit.com/r/programming/.rss", { kind: "post" });
    expect(second?.item).toMatchObject({
      kind: "post",
      title: "We moved 40 services to Tokio, AMA",
      author: { id: "/u/borrowck_fan", url: "https://www.reddit.com/user/borrowck_fan" },
      tags: ["programming"],
      text: "Our team moved 40 services from async-std to Tokio. Ask me anything about the migration & the bugs it found.\nsubmitted by /u/borrowck_fan\n[link] [comments]",
    });
  });

  it("maps a YouTube entry to a video with its description, thumbnail, views and likes", () => {
    const [first] = mapFixture("youtube-channel.xml", "https://www.youtube.com/feeds/videos.xml?channel_id=UCq3Vd4T2kMBf5p1dE8rNw7A", {
      kind: "video",
    });
    expect(first?.item).toMatchObject({
      kind: "video",
      title: "Rust 2.0 in 100 Seconds",
      text: "Rust 2.0 ships a new borrow checker & async closures. Here is everything that changed.\n#rust #programming",
      author: { id: "Signal Path Tech", url: "https://www.youtube.com/channel/UCq3Vd4T2kMBf5p1dE8rNw7A" },
      publishedAt: new Date("2026-01-01T08:00:07Z"),
      metadata: { imageUrl: "https://i2.ytimg.com/vi/Xk3vQ9bT2aA/hqdefault.jpg", feedTitle: "Signal Path Tech" },
    });
    expect(first?.metrics).toEqual({ views: 1523344, likes: 80211 });
  });

  it("falls back to the updated date, then to the fetch time", () => {
    const updated = toItem(entry({ id: "tag:a.example,2026:1", title: "A", updated: new Date("2026-01-01T10:00:00Z") }), context);
    expect(updated).toMatchObject({ ok: true, undated: false, item: { publishedAt: new Date("2026-01-01T10:00:00Z") } });
    const undated = toItem(entry({ id: "tag:a.example,2026:2", title: "B" }), context);
    expect(undated).toMatchObject({ ok: true, undated: true, item: { publishedAt: fetchedAt } });
  });

  it("tolerates missing optional fields: no author, no text, no link", () => {
    const result = toItem(entry({ id: "42", title: "Only a title" }), context);
    expect(result.ok && itemSchema.parse(result.item)).toMatchObject({ title: "Only a title", text: "", tags: [] });
    expect(result.ok && result.item.author).toBeUndefined();
    expect(result.ok && result.item.url).toBeUndefined();
  });

  it("takes the title from the text, then the link, when the entry has none", () => {
    expect(toItem(entry({ url: "https://a.example/1", summary: "<p>Short note</p>" }), context)).toMatchObject({
      item: { title: "Short note" },
    });
    expect(toItem(entry({ url: "https://a.example/2" }), context)).toMatchObject({ item: { title: "https://a.example/2" } });
  });

  it("drops links and author URLs that are not http(s)", () => {
    const result = toItem(
      entry({ id: "7", title: "T", url: "javascript:alert(1)", authors: [{ name: "Ann", url: "mailto:ann@a.example" }] }),
      context,
    );
    expect(result).toMatchObject({ ok: true, item: { author: { id: "Ann" } } });
    expect(result.ok && result.item.url).toBeUndefined();
  });

  it("rejects an entry with no guid, link or title", () => {
    expect(toItem(entry({ summary: "   " }), context)).toEqual({ ok: false, reason: "the entry has no guid or id, no link and no title" });
  });
});

describe("entryExternalId", () => {
  const feedA = "https://a.example/feed.xml";
  const feedB = "https://b.example/feed.xml";

  it("is the same for a URI id in two feeds, and differs for a bare id", () => {
    const global = entry({ id: "https://news.ycombinator.com/item?id=1" });
    expect(entryExternalId(global, feedA)).toBe(entryExternalId(global, feedB));
    const bare = entry({ id: "t3_1q0x9kc" });
    expect(entryExternalId(bare, feedA)).not.toBe(entryExternalId(bare, feedB));
  });

  it("falls back to the link, then to the title and date", () => {
    const byLink = entryExternalId(entry({ url: "https://a.example/post", title: "One" }), feedA);
    expect(entryExternalId(entry({ url: "https://a.example/post", title: "Renamed" }), feedA)).toBe(byLink);
    const published = new Date("2026-01-01T00:00:00Z");
    const byTitle = entryExternalId(entry({ title: "Hello", published }), feedA);
    expect(entryExternalId(entry({ title: "Hello", published }), feedA)).toBe(byTitle);
    expect(entryExternalId(entry({ title: "Hello", published: new Date("2026-01-02T00:00:00Z") }), feedA)).not.toBe(byTitle);
    expect(entryExternalId(entry({}), feedA)).toBeUndefined();
  });
});

describe("toObservation", () => {
  it("observes an item's metrics at the given time, and nothing without metrics", () => {
    const observedAt = new Date("2026-01-01T12:00:00Z");
    expect(toObservation("rss", { id: "rss:abc" }, { score: 3 }, observedAt)).toEqual({
      itemId: "rss:abc",
      source: "rss",
      observedAt,
      metrics: { score: 3 },
    });
    expect(toObservation("rss", { id: "rss:abc" }, {}, observedAt)).toBeUndefined();
  });
});
