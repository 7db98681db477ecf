import { itemId, type RecordingEntryInput } from "@undercurrent/core";
import { parseUrl } from "./load-result.js";

/** The source id of both HN datasets, as `@undercurrent/sources-hackernews` uses it. */
export const hackerNewsSource = "hackernews";

const site = "https://news.ycombinator.com/";

/** The discussion page of an HN item. */
export function discussionUrl(hnId: string): string {
  return `${site}item?id=${hnId}`;
}

/**
 * A story item shaped like the live source's: the link (relative links such as `item?id=…` resolved against
 * the site, the discussion page when there is none), the author's profile, tags `story`/`show_hn`/`ask_hn`
 * from the title as the Firebase mapping derives them, and the HN id in metadata.
 */
export function hackerNewsStoryEntry(story: {
  hnId: string;
  title: string;
  link: string;
  author?: string;
  publishedAt: Date;
  at: Date;
}): Extract<RecordingEntryInput, { type: "item" }> {
  const isShowHN = /^show hn\b/i.test(story.title);
  const isAskHN = /^ask hn\b/i.test(story.title);
  const author = story.author?.trim();
  return {
    type: "item",
    at: story.at,
    item: {
      id: itemId(hackerNewsSource, story.hnId),
      source: hackerNewsSource,
      externalId: story.hnId,
      kind: "story",
      title: story.title,
      url: parseUrl(story.link, site) ?? discussionUrl(story.hnId),
      ...(author && { author: { id: author, url: `${site}user?id=${encodeURIComponent(author)}` } }),
      tags: ["story", ...(isShowHN ? ["show_hn"] : []), ...(isAskHN ? ["ask_hn"] : [])],
      publishedAt: story.publishedAt,
      fetchedAt: story.at,
      metadata: { hnId: Number(story.hnId), isAskHN, isShowHN, discussionUrl: discussionUrl(story.hnId) },
    },
  };
}
