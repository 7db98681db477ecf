import { itemId, type ObservationInput, type SourceItem } from "@undercurrent/core";
import type { RedditPost } from "./reddit-api.js";

/** The source id, used in item ids and by the pipeline. */
export const redditSourceId = "reddit";

const webBase = "https://www.reddit.com";

/** The post's page on reddit.com (Reddit sends `permalink` relative). */
export function permalinkUrl(post: Pick<RedditPost, "permalink">): string {
  return new URL(post.permalink, webBase).toString();
}

function isWebUrl(value: string | null | undefined): value is string {
  if (!value || !URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === "https:" || protocol === "http:";
}

/** The external link of a link post; the permalink for self posts and links that are not absolute web URLs. */
export function postUrl(post: RedditPost): string {
  return !post.is_self && isWebUrl(post.url) ? post.url : permalinkUrl(post);
}

// Reddit keeps a post's author as "[deleted]" once the account is gone.
const isRealAuthor = (author: string | null | undefined): author is string => !!author && author !== "[deleted]";

/** Maps a Reddit post to a core item: kind `post`, the fullname as external id, flair as tag. */
export function toItem(post: RedditPost): SourceItem {
  const flair = post.link_flair_text?.trim();
  const isSelf = post.is_self ?? false;
  return {
    id: itemId(redditSourceId, post.name),
    source: redditSourceId,
    externalId: post.name,
    kind: "post",
    title: post.title.slice(0, 2_000),
    text: (post.selftext ?? "").slice(0, 100_000),
    url: postUrl(post),
    ...(isRealAuthor(post.author) && {
      author: { id: post.author, url: `${webBase}/user/${encodeURIComponent(post.author)}` },
    }),
    tags: flair ? [flair] : [],
    publishedAt: new Date(Math.round(post.created_utc * 1000)),
    metadata: {
      subreddit: post.subreddit,
      isSelf,
      over18: post.over_18 ?? false,
      permalink: permalinkUrl(post),
      stickied: post.stickied ?? false,
      ...(!isSelf && post.domain && { domain: post.domain }),
      ...(typeof post.upvote_ratio === "number" && { upvoteRatio: post.upvote_ratio }),
    },
  };
}

/** The post's engagement now: `score` (Reddit fuzzes it) and `comments` (`num_comments`). Undefined when it has neither. */
export function toObservation(post: RedditPost, observedAt: Date): ObservationInput | undefined {
  const metrics = {
    ...(typeof post.score === "number" && Number.isFinite(post.score) && { score: post.score }),
    ...(typeof post.num_comments === "number" &&
      Number.isInteger(post.num_comments) &&
      post.num_comments >= 0 && { comments: post.num_comments }),
  };
  if (Object.keys(metrics).length === 0) return undefined;
  return { itemId: itemId(redditSourceId, post.name), source: redditSourceId, observedAt, metrics };
}
