import { itemSchema } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import firebaseItems from "./__fixtures__/firebase-items.json" with { type: "json" };
import searchByDate from "./__fixtures__/search-by-date.json" with { type: "json" };
import { type AlgoliaHit, algoliaHitSchema, type FirebaseItem, firebaseItemResponseSchema } from "./hacker-news-api.js";
import {
  discussionUrl,
  firebaseMetrics,
  firebaseToItem,
  hitMetrics,
  isLiveStory,
  toItem,
  toObservation,
  topicTags,
} from "./hacker-news-mapping.js";
import { htmlToText } from "./html-to-text.js";

const hit = (index: number): AlgoliaHit => algoliaHitSchema.parse(searchByDate.hits[index]);
const firebaseItem = (id: keyof typeof firebaseItems): FirebaseItem | null => firebaseItemResponseSchema.parse(firebaseItems[id]);

describe("toItem", () => {
  it("maps a Show HN hit to a story with its link, author, tags and numbers", () => {
    const item = toItem(hit(0));
    expect(item).toEqual({
      id: "hackernews:40123456",
      source: "hackernews",
      externalId: "40123456",
      kind: "story",
      title: "Show HN: A tiny Rust cache",
      text: "",
      url: "https://github.com/example/tinycache",
      author: { id: "pseudolus", url: "https://news.ycombinator.com/user?id=pseudolus" },
      tags: ["story", "show_hn"],
      publishedAt: new Date("2024-04-22T13:05:11Z"),
      metadata: {
        hnId: 40123456,
        points: 312,
        numComments: 87,
        isAskHN: false,
        isShowHN: true,
        discussionUrl: "https://news.ycombinator.com/item?id=40123456",
      },
    });
    expect(itemSchema.safeParse({ ...item, fetchedAt: new Date() }).success).toBe(true);
  });

  it("links an Ask HN post without a url to its discussion and turns its HTML into text", () => {
    const item = toItem(hit(1));
    expect(item.url).toBe("https://news.ycombinator.com/item?id=40122987");
    expect(item.text).toBe(
      'I used to skim arXiv every morning, but the volume doubled this year.\n\nWhat works for you? Newsletters, "paper clubs", RSS & filters? I\'d love to hear it.',
    );
    expect(item.metadata).toMatchObject({ isAskHN: true, isShowHN: false, points: 45, numComments: 61 });
  });

  it("falls back to the discussion page for a relative url, and to zeros for missing numbers", () => {
    const item = toItem(
      algoliaHitSchema.parse({ objectID: "7", title: "Relative", created_at_i: 1_700_000_000, url: "/item?id=7", points: null }),
    );
    expect(item.url).toBe(discussionUrl(7));
    expect(item.author).toBeUndefined();
    expect(item.tags).toEqual([]);
    expect(item.metadata).toMatchObject({ points: 0, numComments: 0 });
  });

  it("keeps topic tags and drops the per-author and per-story ones", () => {
    expect(topicTags(["story", "author_pg", "story_1", "front_page", "story", ""])).toEqual(["story", "front_page"]);
    expect(topicTags(undefined)).toEqual([]);
  });
});

describe("metrics and observations", () => {
  it("reads points and comments from a hit, leaving out what is null", () => {
    expect(hitMetrics(hit(0))).toEqual({ score: 312, comments: 87 });
    expect(hitMetrics(algoliaHitSchema.parse({ objectID: "1", title: "x", created_at_i: 1, points: null }))).toEqual({});
  });

  it("builds an observation owned by the source", () => {
    const observedAt = new Date("2024-04-22T14:00:00Z");
    expect(toObservation(40123456, { score: 5 }, observedAt)).toEqual({
      itemId: "hackernews:40123456",
      source: "hackernews",
      observedAt,
      metrics: { score: 5 },
    });
  });
});

describe("Firebase items", () => {
  it("keeps live stories and polls, and skips null, deleted, dead items and jobs", () => {
    expect(isLiveStory(firebaseItem("40123456"))).toBe(true);
    expect(isLiveStory(firebaseItem("40119999"))).toBe(false);
    expect(isLiveStory(firebaseItem("40118000"))).toBe(false);
    expect(isLiveStory(firebaseItem("40114444"))).toBe(false);
    expect(isLiveStory(firebaseItem("40115555"))).toBe(false);
    expect(isLiveStory({ id: 3, type: "poll", title: "Poll: tabs or spaces?", time: 1 })).toBe(true);
    expect(isLiveStory({ id: 4, type: "story", time: 1 })).toBe(false);
  });

  it("maps a story like its Algolia hit, deriving Ask/Show HN from the title", () => {
    const story = firebaseItem("40123456");
    if (!isLiveStory(story)) throw new TypeError("fixture is not a live story");
    const { fetchedAt: _fetchedAt, ...fromAlgolia } = { ...toItem(hit(0)), fetchedAt: undefined };
    expect(firebaseToItem(story)).toEqual(fromAlgolia);
    expect(firebaseMetrics(story, 1)).toEqual({ rank: 1, score: 312, comments: 87 });
  });

  it("maps an Ask HN text post to its discussion page with plain text", () => {
    const story = firebaseItem("40117777");
    if (!isLiveStory(story)) throw new TypeError("fixture is not a live story");
    const item = firebaseToItem(story);
    expect(item.url).toBe("https://news.ycombinator.com/item?id=40117777");
    expect(item.text).toBe(
      "My team of six is being asked to adopt a second on-call rotation.\n\nHow do you say no to work without hurting your career?",
    );
    expect(item.tags).toEqual(["story", "ask_hn"]);
    expect(item.metadata).toMatchObject({ isAskHN: true, points: 402, numComments: 214 });
  });
});

describe("htmlToText", () => {
  it("turns paragraphs, breaks, links and entities into plain text", () => {
    expect(htmlToText('First<p>Second &amp; <a href="https://x.example">link</a><br>line &#62; &#x2F; &bogus;')).toBe(
      "First\n\nSecond & link\nline > / &bogus;",
    );
    expect(htmlToText("<pre><code>  const x = 1;\n</code></pre>")).toBe("const x = 1;");
    expect(htmlToText("&#0; &#x110000;")).toBe("&#0; &#x110000;");
  });
});
