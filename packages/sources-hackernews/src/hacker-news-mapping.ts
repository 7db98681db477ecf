import { itemId, type Metrics, type ObservationInput, type SourceItem } from "@undercurrent/core";
import type { AlgoliaHit, FirebaseItem } from "./hacker-news-api.js";
import { htmlToText } from "./html-to-text.js";

/** The source id every item, observation and cursor of this package carries. */
export const hackerNewsSourceId = "hackernews";

const maximumTitleLength = 2_000;
const maximumTextLength = 100_000;

/** The discussion page of an HN item. */
export function discussionUrl(hnId: number | string): string {
  return `https://news.ycombinator.com/item?id=${hnId}`;
}

function profileUrl(author: string): string {
  return `https://news.ycombinator.com/user?id=${encodeURIComponent(author)}`;
}

// Vendors occasionally send relative or mangled links; the discussion page is always a valid fallback.
function linkOrDiscussion(url: string | null | undefined, hnId: number): string {
  if (url) {
    try {
      const parsed = new URL(url);
      if (parsed.protocol === "http:" || parsed.protocol === "https:") return parsed.toString();
    } catch {
      // fall through to the discussion page
    }
  }
  return discussionUrl(hnId);
}

/** Algolia `_tags` without the per-author and per-story tags (`author_pg`, `story_123`). */
export function topicTags(tags: readonly string[] | null | undefined): string[] {
  const kept = (tags ?? []).filter((tag) => tag.length > 0 && !tag.startsWith("author_") && !tag.startsWith("story_"));
  return [...new Set(kept)];
}

/** A story from its Algolia hit. Ask HN and other text posts link to their discussion page. */
export function toItem(hit: AlgoliaHit): SourceItem {
  const hnId = Number(hit.objectID);
  const tags = topicTags(hit._tags);
  return {
    id: itemId(hackerNewsSourceId, hit.objectID),
    source: hackerNewsSourceId,
    externalId: hit.objectID,
    kind: "story",
    title: hit.title.slice(0, maximumTitleLength),
    text: hit.story_text ? htmlToText(hit.story_text).slice(0, maximumTextLength) : "",
    url: linkOrDiscussion(hit.url, hnId),
    ...(hit.author ? { author: { id: hit.author, url: profileUrl(hit.author) } } : {}),
    tags,
    publishedAt: new Date(hit.created_at_i * 1000),
    metadata: {
      hnId,
      points: hit.points ?? 0,
      numComments: hit.num_comments ?? 0,
      isAskHN: tags.includes("ask_hn"),
      isShowHN: tags.includes("show_hn"),
      discussionUrl: discussionUrl(hnId),
    },
  };
}

/** The points and comment count of an Algolia hit, leaving out what the hit lacks. */
export function hitMetrics(hit: AlgoliaHit): Metrics {
  return {
    ...(typeof hit.points === "number" && Number.isFinite(hit.points) && { score: hit.points }),
    ...(typeof hit.num_comments === "number" && { comments: hit.num_comments }),
  };
}

/** A Firebase item that is a live story or poll with a title and a time. */
export type FirebaseStory = FirebaseItem & { title: string; time: number };

/** Whether a Firebase item is a story worth keeping: not deleted, not dead, a story or poll with a title and a time. */
export function isLiveStory(item: FirebaseItem | null): item is FirebaseStory {
  if (!item || item.deleted || item.dead) return false;
  if (item.type !== "story" && item.type !== "poll") return false;
  return typeof item.title === "string" && item.title.length > 0 && typeof item.time === "number";
}

// Firebase items carry no tags; Algolia derives show_hn and ask_hn from the same title prefixes.
function firebaseTags(story: FirebaseStory): string[] {
  const tags = [story.type === "poll" ? "poll" : "story"];
  if (/^show hn\b/i.test(story.title)) tags.push("show_hn");
  if (/^ask hn\b/i.test(story.title)) tags.push("ask_hn");
  return tags;
}

/** A story from its Firebase item (front-page tracking), shaped like {@link toItem}'s. */
export function firebaseToItem(story: FirebaseStory): SourceItem {
  const tags = firebaseTags(story);
  return {
    id: itemId(hackerNewsSourceId, story.id),
    source: hackerNewsSourceId,
    externalId: String(story.id),
    kind: "story",
    title: story.title.slice(0, maximumTitleLength),
    text: story.text ? htmlToText(story.text).slice(0, maximumTextLength) : "",
    url: linkOrDiscussion(story.url, story.id),
    ...(story.by ? { author: { id: story.by, url: profileUrl(story.by) } } : {}),
    tags,
    publishedAt: new Date(story.time * 1000),
    metadata: {
      hnId: story.id,
      points: story.score ?? 0,
      numComments: story.descendants ?? 0,
      isAskHN: tags.includes("ask_hn"),
      isShowHN: tags.includes("show_hn"),
      discussionUrl: discussionUrl(story.id),
    },
  };
}

/** Score, comments and rank (1 = top) of a story on a Firebase list. */
export function firebaseMetrics(story: FirebaseStory, rank: number): Metrics {
  return {
    rank,
    ...(typeof story.score === "number" && Number.isFinite(story.score) && { score: story.score }),
    ...(typeof story.descendants === "number" && { comments: story.descendants }),
  };
}

/** An observation of the story `hnId` at `observedAt`. */
export function toObservation(hnId: number | string, metrics: Metrics, observedAt: Date): ObservationInput {
  return { itemId: itemId(hackerNewsSourceId, hnId), source: hackerNewsSourceId, observedAt, metrics };
}
