import { describe, expect, it } from "vitest";
import type { RedditPost } from "./reddit-api.js";
import { startNewWalk, walkNewPage, walkRankedPage } from "./reddit-listing-walk.js";

const post = (name: string, created: number): RedditPost => ({
  id: name.slice(3),
  name,
  subreddit: "rust",
  title: name,
  created_utc: created,
  permalink: `/r/rust/comments/${name.slice(3)}/x/`,
});

describe("walking new", () => {
  it("starts at the look-back window on the first walk and stops at the first older post", () => {
    const state = startNewWalk({}, 100);
    expect(state).toMatchObject({ floorCreated: 100, floorIds: [] });
    const step = walkNewPage(state, { posts: [post("t3_c", 300), post("t3_b", 200), post("t3_a", 99)], after: "t3_a", count: 3 });
    expect(step.posts.map((entry) => entry.name)).toEqual(["t3_c", "t3_b"]);
    expect(step).toMatchObject({ done: true, state: { newestCreated: 300, newestIds: ["t3_c"] } });
  });

  it("continues a walk after the last fullname and keeps its floor until the walk is over", () => {
    const state = startNewWalk({}, 100);
    const first = walkNewPage(state, { posts: [post("t3_c", 300)], after: "t3_c", count: 1 });
    expect(first).toMatchObject({ done: false, state: { after: "t3_c", floorCreated: 100, newestCreated: 300 } });
    expect(startNewWalk(first.state, 250)).toBe(first.state);
    const second = walkNewPage(first.state, { posts: [post("t3_b", 200)], after: null, count: 1 });
    expect(second).toMatchObject({ done: true, state: { newestCreated: 300, newestIds: ["t3_c"] } });
    expect(second.state).not.toHaveProperty("after");
  });

  it("resumes from the newest post seen, taking a post of the same second it has not seen", () => {
    const state = startNewWalk({ newestCreated: 300, newestIds: ["t3_c"] }, 100);
    expect(state).toMatchObject({ floorCreated: 300, floorIds: ["t3_c"] });
    const step = walkNewPage(state, {
      posts: [post("t3_e", 400), post("t3_d", 300), post("t3_c", 300), post("t3_b", 200)],
      after: "t3_b",
      count: 4,
    });
    expect(step.posts.map((entry) => entry.name)).toEqual(["t3_e", "t3_d"]);
    expect(step).toMatchObject({ done: true, state: { newestCreated: 400, newestIds: ["t3_e"] } });
  });

  it("collects every fullname of the newest second", () => {
    const step = walkNewPage(startNewWalk({}, 0), { posts: [post("t3_b", 300), post("t3_a", 300)], after: null, count: 2 });
    expect(step.state).toEqual({ newestCreated: 300, newestIds: ["t3_b", "t3_a"] });
  });

  it("uses the look-back window when the newest post seen is older than it", () => {
    expect(startNewWalk({ newestCreated: 50, newestIds: ["t3_a"] }, 100)).toMatchObject({ floorCreated: 100, floorIds: [] });
  });

  it("ends on an empty page even when Reddit sends an after", () => {
    expect(walkNewPage(startNewWalk({}, 0), { posts: [], after: "t3_x", count: 0 }).done).toBe(true);
  });
});

describe("walking a ranked listing", () => {
  it("takes every post and ends after postsPerListing posts or on the last page", () => {
    const first = walkRankedPage({}, { posts: [post("t3_a", 1), post("t3_b", 2)], after: "t3_b", count: 2 }, 3);
    expect(first).toMatchObject({ done: false, state: { after: "t3_b", walked: 2 } });
    expect(first.posts).toHaveLength(2);
    const second = walkRankedPage(first.state, { posts: [post("t3_c", 3)], after: "t3_c", count: 1 }, 3);
    expect(second).toMatchObject({ done: true, state: {} });
    expect(walkRankedPage({}, { posts: [post("t3_a", 1)], after: null, count: 1 }, 25).done).toBe(true);
  });
});
