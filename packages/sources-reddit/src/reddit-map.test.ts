import { itemSchema, observationSchema } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import hotListing from "./__fixtures__/hot-listing.json" with { type: "json" };
import { type RedditPost, redditPostSchema } from "./reddit-api.js";
import { permalinkUrl, postUrl, toItem, toObservation } from "./reddit-map.js";

const posts = hotListing.data.children.map((child) => redditPostSchema.parse(child.data));
const byName = (name: string): RedditPost => posts.find((post) => post.name === name)!;

describe("toItem", () => {
  it("maps a link post: fullname as external id, the external link as url, the author, metadata", () => {
    const item = toItem(byName("t3_1cb2x9k"));
    expect(item).toEqual({
      id: "reddit:t3_1cb2x9k",
      source: "reddit",
      externalId: "t3_1cb2x9k",
      kind: "post",
      title: "Why we rewrote our queue in Rust",
      text: "",
      url: "https://blog.example.com/queue-rust",
      author: { id: "queue_person", url: "https://www.reddit.com/user/queue_person" },
      tags: [],
      publishedAt: new Date("2024-04-22T13:05:11.000Z"),
      metadata: {
        subreddit: "programming",
        isSelf: false,
        over18: false,
        permalink: "https://www.reddit.com/r/programming/comments/1cb2x9k/why_we_rewrote_our_queue_in_rust/",
        stickied: false,
        domain: "blog.example.com",
        upvoteRatio: 0.96,
      },
    });
    expect(() => itemSchema.parse({ ...item, fetchedAt: new Date() })).not.toThrow();
  });

  it("maps a self post: selftext as text (raw_json, so no &amp;), the permalink as url, flair as tag", () => {
    const item = toItem(byName("t3_1cb4t0e"));
    expect(item.text).toContain("`compat=BACKWARD` & a CI check");
    expect(item.url).toBe("https://www.reddit.com/r/programming/comments/1cb4t0e/how_do_you_version_event_schemas_across_40/");
    expect(item.tags).toEqual(["Discussion"]);
    expect(item.metadata).toMatchObject({ isSelf: true, permalink: item.url });
    expect(item.metadata).not.toHaveProperty("domain");
  });

  it("flags NSFW and stickied posts in metadata", () => {
    expect(toItem(byName("t3_1cb5q8w")).metadata).toMatchObject({ over18: true });
    expect(toItem(byName("t3_1cau7ff")).metadata).toMatchObject({ stickied: true });
  });

  it("leaves out the author of a deleted account", () => {
    expect(toItem(byName("t3_1cb1z3r"))).not.toHaveProperty("author");
  });

  it("tolerates missing optional fields and falls back to the permalink for a url that is not a web URL", () => {
    const minimal = redditPostSchema.parse({
      id: "1cc0a3d",
      name: "t3_1cc0a3d",
      subreddit: "programming",
      title: "Minimal post",
      created_utc: 1713790200.5,
      permalink: "/r/programming/comments/1cc0a3d/minimal_post/",
      url: "/r/programming/comments/1cc0a3d/minimal_post/",
    });
    const item = toItem(minimal);
    expect(item.url).toBe(permalinkUrl(minimal));
    expect(item.publishedAt).toEqual(new Date(1713790200500));
    expect(item.metadata).toEqual({ subreddit: "programming", isSelf: false, over18: false, permalink: item.url, stickied: false });
    expect(item.tags).toEqual([]);
    expect(postUrl({ ...minimal, url: "javascript:alert(1)" })).toBe(item.url);
  });
});

describe("toObservation", () => {
  it("observes score and comments at the given time", () => {
    const observedAt = new Date("2024-04-22T14:00:00Z");
    const observation = toObservation(byName("t3_1cb2x9k"), observedAt);
    expect(observation).toEqual({ itemId: "reddit:t3_1cb2x9k", source: "reddit", observedAt, metrics: { score: 1423, comments: 212 } });
    expect(() => observationSchema.parse(observation)).not.toThrow();
  });

  it("keeps a negative score, drops a malformed comment count, and observes nothing without numbers", () => {
    const post = byName("t3_1cb2x9k");
    expect(toObservation({ ...post, score: -4, num_comments: 2.5 }, new Date())?.metrics).toEqual({ score: -4 });
    expect(toObservation({ ...post, score: null, num_comments: undefined }, new Date())).toBeUndefined();
  });
});
