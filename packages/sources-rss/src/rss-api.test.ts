import { readFileSync } from "node:fs";
import { ResponseValidationError } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { readFeedDocument } from "./rss-api.js";

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), "utf8");
const origin = { url: "https://hnrss.org/frontpage", contentType: "application/rss+xml; charset=utf-8" };

function notAFeed(text: string, contentType: string | null = "text/html; charset=UTF-8"): ResponseValidationError {
  try {
    readFeedDocument(text, { ...origin, contentType });
  } catch (error) {
    if (ResponseValidationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected readFeedDocument to throw");
}

describe("readFeedDocument", () => {
  it("reads an RSS 2.0 feed with CDATA, dc:creator, guid isPermaLink=false and hnrss engagement", () => {
    const document = readFeedDocument(fixture("hnrss-frontpage.xml"), origin);
    expect(document).toMatchObject({ format: "rss", title: "Hacker News: Front Page", rejected: [] });
    expect(document.entries).toHaveLength(3);
    expect(document.entries[0]).toMatchObject({
      id: "https://news.ycombinator.com/item?id=46412345",
      title: "Show HN: Undercurrent – spot cross-platform trends before they peak",
      url: "https://github.com/undercurrent-sdk/undercurrent",
      published: new Date("2026-01-01T11:05:41Z"),
      authors: [{ name: "tidewater" }],
      engagement: { score: 312, comments: 148 },
    });
  });

  it("reads WordPress RSS: entities, categories, content:encoded and slash:comments", () => {
    const document = readFeedDocument(fixture("engineering-blog.xml"), origin);
    expect(document.title).toBe("Tidewater Engineering – Notes from the platform team");
    expect(document.language).toBe("en-US");
    const [first, second] = document.entries;
    expect(first?.title).toBe("Postgres 18 & async I/O: what changed for our write path");
    expect(first?.categories.map((category) => category.term)).toEqual(["Databases", "Postgres", "#performance"]);
    expect(first?.content).toContain("<h2>Results</h2>");
    expect(first?.engagement).toEqual({ comments: 14 });
    expect(second?.id).toBe("https://engineering.example.com/2025/12/kafka-on-arm/");
  });

  it("reads Reddit's Atom feed: bare t3_ ids, /u/ authors and HTML content", () => {
    const document = readFeedDocument(fixture("reddit-programming.xml"), origin);
    expect(document.format).toBe("atom");
    expect(document.entries[0]).toMatchObject({
      id: "t3_1q0x9kc",
      title: "Why we rewrote our queue in Rust",
      url: "https://www.reddit.com/r/programming/comments/1q0x9kc/why_we_rewrote_our_queue_in_rust/",
      authors: [{ name: "/u/queue_person", url: "https://www.reddit.com/user/queue_person" }],
      categories: [{ term: "programming", label: "r/programming" }],
      engagement: {},
    });
    expect(document.entries[0]?.content).toContain("submitted by");
  });

  it("reads YouTube's Atom feed: media:description, views and likes from media:community", () => {
    const document = readFeedDocument(fixture("youtube-channel.xml"), origin);
    expect(document.entries[0]).toMatchObject({
      id: "yt:video:Xk3vQ9bT2aA",
      url: "https://www.youtube.com/watch?v=Xk3vQ9bT2aA",
      mediaDescription: expect.stringContaining("new borrow checker & async closures"),
      imageUrl: "https://i2.ytimg.com/vi/Xk3vQ9bT2aA/hqdefault.jpg",
      engagement: { views: 1523344, likes: 80211 },
    });
  });

  it("ignores elements and attributes it does not know", () => {
    const drifted = fixture("hnrss-frontpage.xml")
      .replace('<rss version="2.0"', '<rss version="2.0" xmlns:hn="https://hnrss.org/ns" data-build="7f3a"')
      .replaceAll("<comments>", '<hn:rank>1</hn:rank><hn:flags dead="false"/><comments>');
    const document = readFeedDocument(drifted, origin);
    expect(document.entries).toHaveLength(3);
    expect(document.entries[0]?.engagement).toEqual({ score: 312, comments: 148 });
  });

  it("rejects an HTML block page with RSS_NOT_A_FEED, naming the content type", () => {
    const error = notAFeed(fixture("block-page.html"));
    expect(error.code).toBe("RSS_NOT_A_FEED");
    expect(error.isRetryable).toBe(false);
    expect(error.message).toContain("expected an RSS or Atom feed, got text/html");
    expect(error.message).toContain("Just a moment");
  });

  it("rejects a document cut off mid-way", () => {
    const error = notAFeed(fixture("truncated-feed.xml"), "application/rss+xml");
    expect(error.code).toBe("RSS_NOT_A_FEED");
    expect(error.message).toMatch(/truncated/);
  });

  it("rejects JSON, an empty body and plain text", () => {
    expect(notAFeed('{"hits": [ {"title": ', "application/json").message).toContain('got application/json: {"hits"');
    expect(notAFeed("", null).message).toContain("unknown content type: (empty body)");
    expect(notAFeed("Service temporarily unavailable", "text/plain").code).toBe("RSS_NOT_A_FEED");
  });
});
