import { createHash } from "node:crypto";
import { type Author, type ItemKind, itemId, type Metrics, type ObservationInput, redactUrl, type SourceItem } from "@undercurrent/core";
import { htmlToLine, htmlToText } from "./html-text.js";
import type { FeedDocument, FeedEntry } from "./rss-api.js";

/** The feed an entry came from, and when it was fetched. */
export interface EntryContext {
  /** Source id, e.g. `rss` or `rss-hn`. */
  sourceId: string;
  /** The configured feed URL (absolute). */
  feedUrl: string;
  feedName: string | undefined;
  kind: ItemKind;
  document: Pick<FeedDocument, "title" | "language">;
  fetchedAt: Date;
}

/** An entry turned into an item, or why it could not be. */
export type ToItemResult =
  | {
      ok: true;
      item: SourceItem;
      /** The item's `publishedAt`, as a Date. */
      publishedAt: Date;
      metrics: Metrics;
      /** True when the entry had no date and the fetch time was used. */
      undated: boolean;
    }
  | { ok: false; reason: string };

const maxTitleLength = 2_000;
const maxTextLength = 100_000;
const titleFromTextLength = 140;

const hasScheme = /^[a-z][a-z0-9+.-]*:\S/i;

const nonEmpty = (value: string | null | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

function httpUrl(value: string | null | undefined): string | undefined {
  const candidate = nonEmpty(value);
  if (!candidate) return undefined;
  try {
    const url = new URL(candidate);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What identifies an entry, in the order the issue asks for: its guid / Atom id, else its link, else its title and
 * date. An id that is a URI (`https://…`, `tag:…`, `yt:video:…`) is global, so the same story in two feeds is one
 * item; a bare id (`t3_1cb2x9k`, `4182`) is only unique within its feed, so it is scoped by the feed URL.
 */
export function entryIdentity(entry: FeedEntry, feedUrl: string): string | undefined {
  const id = nonEmpty(entry.id);
  if (id) return hasScheme.test(id) ? `id ${id}` : `id ${feedUrl} ${id}`;
  const url = httpUrl(entry.url);
  if (url) return `url ${url}`;
  const title = nonEmpty(entry.title);
  if (title) return `title ${feedUrl} ${title} ${(entry.published ?? entry.updated)?.toISOString() ?? ""}`;
  return undefined;
}

/**
 * The item's external id: the first 24 hex digits of the SHA-256 of {@link entryIdentity}. Stable across pulls and
 * restarts, URL-safe, and short enough to keep hundreds per feed in the cursor.
 */
export function entryExternalId(entry: FeedEntry, feedUrl: string): string | undefined {
  const identity = entryIdentity(entry, feedUrl);
  return identity === undefined ? undefined : createHash("sha256").update(identity).digest("hex").slice(0, 24);
}

function toAuthor(entry: FeedEntry): Author | undefined {
  for (const author of entry.authors) {
    const name = nonEmpty(author.name);
    const id = name ?? nonEmpty(author.email);
    if (!id) continue;
    const url = httpUrl(author.url);
    return { id, ...(name && name !== id && { name }), ...(url && { url }) };
  }
  return undefined;
}

function toTags(entry: FeedEntry): string[] {
  const tags = entry.categories.map((category) =>
    htmlToLine(category.term ?? category.label ?? "")
      .replace(/^#/, "")
      .trim(),
  );
  return [...new Set(tags.filter(Boolean))];
}

const languageTag = /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i;

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1).trimEnd()}…`;
}

/**
 * Maps a feed entry to a core item: title and text stripped of HTML (the summary, else the content, else YouTube's
 * media description), the first author, categories as tags, `publishedAt` from the published date, else the updated
 * date, else the fetch time (`undated`), and `{ feedUrl, feedTitle }` (plus `feedName`, `imageUrl`) as metadata.
 * An entry with nothing to identify or show it is rejected with the reason.
 */
export function toItem(entry: FeedEntry, context: EntryContext): ToItemResult {
  const externalId = entryExternalId(entry, context.feedUrl);
  if (!externalId) return { ok: false, reason: "the entry has no guid or id, no link and no title" };
  const text = truncate(htmlToText(entry.summary || entry.content || entry.mediaDescription || ""), maxTextLength);
  const url = httpUrl(entry.url);
  const title = htmlToLine(entry.title ?? "") || truncate(text.replace(/\s+/g, " "), titleFromTextLength) || url;
  if (!title) return { ok: false, reason: "the entry has no title, text or link" };
  const date = entry.published ?? entry.updated ?? undefined;
  const author = toAuthor(entry);
  const imageUrl = httpUrl(entry.imageUrl);
  const language = context.document.language && languageTag.test(context.document.language) ? context.document.language : undefined;
  const item: SourceItem = {
    id: itemId(context.sourceId, externalId),
    source: context.sourceId,
    externalId,
    kind: context.kind,
    title: truncate(title, maxTitleLength),
    text,
    ...(url && { url }),
    ...(author && { author }),
    tags: toTags(entry),
    ...(language && { language }),
    publishedAt: date ?? context.fetchedAt,
    fetchedAt: context.fetchedAt,
    metadata: {
      feedUrl: redactUrl(context.feedUrl),
      feedTitle: context.document.title ?? null,
      ...(context.feedName && { feedName: context.feedName }),
      ...(imageUrl && { imageUrl }),
    },
  };
  return { ok: true, item, publishedAt: date ?? context.fetchedAt, metrics: { ...entry.engagement }, undated: date === undefined };
}

/** An observation of the item's engagement at `observedAt`, or undefined when the entry carries no numbers. */
export function toObservation(
  sourceId: string,
  item: Pick<SourceItem, "id">,
  metrics: Metrics,
  observedAt: Date,
): ObservationInput | undefined {
  if (Object.keys(metrics).length === 0) return undefined;
  return { itemId: item.id, source: sourceId, observedAt, metrics };
}
