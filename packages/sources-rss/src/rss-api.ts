import { parseFeed } from "@rowanmanning/feed-parser";
import { ResponseValidationError } from "@undercurrent/core";
import { z } from "zod";
import { rssErrorCodes } from "./rss-error.js";

type ParsedFeed = ReturnType<typeof parseFeed>;
type ParsedEntry = ParsedFeed["items"][number];
type XmlElement = ParsedEntry["element"];

const count = z.number().int().nonnegative();

/** Engagement numbers some feeds carry: hnrss points and comments, `slash:comments`, `thr:total`, YouTube's `media:community`. */
export const feedEngagementSchema = z.object({ score: z.number().finite(), comments: count, views: count, likes: count }).partial();
/** Engagement numbers of one entry, as read. */
export type FeedEngagement = z.infer<typeof feedEngagementSchema>;

/**
 * One entry (`<item>` or `<entry>`) as read from a feed: only the fields the source uses, all optional, because
 * feeds in the wild leave out whatever they like.
 */
export const feedEntrySchema = z.looseObject({
  /** `<guid>` (RSS) or `<id>` (Atom). */
  id: z.string().nullish(),
  title: z.string().nullish(),
  /** `<description>` (RSS) or `<summary>` (Atom); often HTML. */
  summary: z.string().nullish(),
  /** `<content:encoded>` (RSS) or `<content>` (Atom); often HTML. */
  content: z.string().nullish(),
  /** `<media:group><media:description>` (YouTube). */
  mediaDescription: z.string().nullish(),
  url: z.string().nullish(),
  published: z.date().nullish(),
  updated: z.date().nullish(),
  authors: z.array(z.looseObject({ name: z.string().nullish(), email: z.string().nullish(), url: z.string().nullish() })).default([]),
  categories: z.array(z.looseObject({ term: z.string().nullish(), label: z.string().nullish() })).default([]),
  imageUrl: z.string().nullish(),
  engagement: feedEngagementSchema.default({}),
});
/** One entry, as read. */
export type FeedEntry = z.infer<typeof feedEntrySchema>;

/** A feed document after parsing. */
export interface FeedDocument {
  /** `rss`, `rdf` (RSS 1.0) or `atom`. */
  format: string;
  title: string | undefined;
  language: string | undefined;
  entries: FeedEntry[];
  /** Why entries were left out (an entry the parser could not read). */
  rejected: string[];
}

/** Where a document came from, for error messages. */
export interface FeedOrigin {
  /** The feed URL, secrets redacted. */
  url: string;
  contentType: string | null;
}

// Every well-formed feed ends with its root element closed; a body cut off in transfer does not.
const closedRootElement = /<\/(?:[a-z_][\w.-]*:)?(?:rss|feed|rdf)\s*>/i;

function notAFeed(origin: FeedOrigin, message: string, cause?: unknown): ResponseValidationError {
  return new ResponseValidationError({ code: rssErrorCodes.RSS_NOT_A_FEED, url: origin.url, issues: [{ path: "", message }], cause });
}

function describeBody(text: string, origin: FeedOrigin): string {
  const start = text.trim().slice(0, 120).replace(/\s+/g, " ");
  return `expected an RSS or Atom feed, got ${origin.contentType ?? "unknown content type"}: ${start || "(empty body)"}`;
}

const inNamespace = (element: XmlElement, prefix: string, uri: string) =>
  element.namespace === prefix || element.namespaceUri?.replace(/\/$/, "") === uri;

const childInNamespace = (element: XmlElement | null | undefined, name: string, prefix: string, uri: string) =>
  element?.findElementsWithName(name).find((child) => inNamespace(child, prefix, uri)) ?? null;

const mediaUri = "http://search.yahoo.com/mrss";

const toCount = (value: string | number | null | undefined): number | undefined => {
  const number = typeof value === "string" ? Number(value.trim()) : value;
  return typeof number === "number" && Number.isInteger(number) && number >= 0 ? number : undefined;
};

function readEngagement(element: XmlElement, rawSummary: string): FeedEngagement {
  const engagement: FeedEngagement = {};
  // hnrss.org writes points and comment counts into the description as `<p>Points: 312</p>`.
  const points = /<p>\s*Points:\s*(-?\d+)\s*<\/p>/i.exec(rawSummary)?.[1];
  const hackerNewsComments = /<p>\s*#\s*Comments:\s*(\d+)\s*<\/p>/i.exec(rawSummary)?.[1];
  if (points !== undefined) engagement.score = Number(points);
  const comments =
    toCount(hackerNewsComments) ??
    toCount(childInNamespace(element, "comments", "slash", "http://purl.org/rss/1.0/modules/slash")?.textContent) ??
    toCount(childInNamespace(element, "total", "thr", "http://purl.org/syndication/thread/1.0")?.textContent);
  if (comments !== undefined) engagement.comments = comments;
  const group = childInNamespace(element, "group", "media", mediaUri);
  const community = childInNamespace(group, "community", "media", mediaUri) ?? childInNamespace(element, "community", "media", mediaUri);
  const views = toCount(childInNamespace(community, "statistics", "media", mediaUri)?.getAttribute("views"));
  // YouTube reports likes as the star rating's count (the average is always 5 since dislikes were hidden).
  const likes = toCount(childInNamespace(community, "starrating", "media", mediaUri)?.getAttribute("count"));
  if (views !== undefined) engagement.views = views;
  if (likes !== undefined) engagement.likes = likes;
  return engagement;
}

function readEntry(entry: ParsedEntry): unknown {
  const element = entry.element;
  const rawSummary = (element.findElementWithName("description") ?? element.findElementWithName("summary"))?.textContent ?? "";
  const group = childInNamespace(element, "group", "media", mediaUri);
  return {
    id: entry.id,
    title: entry.title,
    summary: entry.description,
    content: entry.content,
    mediaDescription: childInNamespace(group, "description", "media", mediaUri)?.textContentNormalized || null,
    url: entry.url,
    published: entry.published,
    updated: entry.updated,
    authors: entry.authors,
    categories: entry.categories,
    imageUrl: entry.image?.url ?? null,
    engagement: readEngagement(element, rawSummary),
  };
}

/**
 * Parses an RSS 2.0, RSS 1.0 or Atom document with `@rowanmanning/feed-parser`. An HTML page, a JSON body, an
 * empty body or a document cut off before its closing root tag is a `ResponseValidationError` with code
 * `RSS_NOT_A_FEED`. An entry that cannot be read is left out and its reason listed in `rejected`.
 */
export function readFeedDocument(text: string, origin: FeedOrigin): FeedDocument {
  let feed: ParsedFeed;
  try {
    feed = parseFeed(text);
  } catch (error) {
    throw notAFeed(origin, describeBody(text, origin), error);
  }
  if (!closedRootElement.test(text)) {
    throw notAFeed(origin, `the ${feed.meta.type} document ends before its closing root tag (truncated or malformed)`);
  }
  const entries: FeedEntry[] = [];
  const rejected: string[] = [];
  feed.items.forEach((item, index) => {
    try {
      const parsed = feedEntrySchema.safeParse(readEntry(item));
      if (parsed.success) entries.push(parsed.data);
      else
        rejected.push(`entry ${index + 1}: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
    } catch (error) {
      rejected.push(`entry ${index + 1}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  return {
    format: feed.meta.type,
    title: feed.title ?? undefined,
    language: feed.language ?? undefined,
    entries,
    rejected,
  };
}
