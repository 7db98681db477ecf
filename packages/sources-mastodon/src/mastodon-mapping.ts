import { type ItemKind, itemId, type Metrics, type ObservationInput, type SourceItem, type TimeSeriesInput } from "@undercurrent/core";
import { z } from "zod";
import { htmlToText } from "./html-to-text.js";
import type { HistoryEntry, TrendingLink, TrendingStatus, TrendingTag } from "./mastodon-api.js";

/** What every mapping needs besides the vendor entry. */
export interface MappingContext {
  /** Source id, e.g. `mastodon`. */
  sourceId: string;
  /** Origin of the instance, e.g. `https://mastodon.social`. */
  instance: string;
  /** The pull's time: observation time, and the publication time of tags and links (they have none). */
  now: Date;
}

const maximumTitleLength = 2_000;
const maximumTextLength = 100_000;
const statusTitleLength = 120;

function clamp(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

function nonEmpty(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function validUrl(value: string | null | undefined): string | undefined {
  const candidate = nonEmpty(value);
  return candidate && z.url({ protocol: /^https?$/ }).safeParse(candidate).success ? candidate : undefined;
}

function toCount(value: number | null | undefined): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function toNumber(value: string | number | null | undefined): number | undefined {
  if (value === null || value === undefined || (typeof value === "string" && value.trim() === "")) return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

const hostOf = (instance: string) => new URL(instance).host;

/** The key a tag is stored under: its name, lower-cased (Mastodon matches tags case-insensitively). */
export function tagKey(name: string): string {
  return name.trim().toLowerCase();
}

/** A trending tag as an item: kind `tag`, external id = lower-cased name, title `#Name`. */
export function toTagItem(tag: TrendingTag, context: MappingContext): SourceItem {
  const key = tagKey(tag.name);
  return {
    id: itemId(context.sourceId, key),
    source: context.sourceId,
    externalId: key,
    kind: "tag",
    title: clamp(`#${tag.name.trim()}`, maximumTitleLength),
    text: "",
    url: validUrl(tag.url) ?? `${context.instance}/tags/${encodeURIComponent(tag.name.trim())}`,
    tags: [key],
    publishedAt: context.now,
    metadata: { instance: hostOf(context.instance) },
  };
}

/** A trending link as an item: kind `link`, external id = the URL, with the card's title, description and provider. */
export function toLinkItem(link: TrendingLink, context: MappingContext): SourceItem {
  const authorName = nonEmpty(link.author_name);
  const authorUrl = validUrl(link.author_url);
  const metadata: Record<string, string> = { instance: hostOf(context.instance) };
  const provider = nonEmpty(link.provider_name);
  const providerUrl = validUrl(link.provider_url);
  const image = validUrl(link.image);
  const type = nonEmpty(link.type);
  if (provider) metadata.provider = provider;
  if (providerUrl) metadata.providerUrl = providerUrl;
  if (image) metadata.image = image;
  if (type) metadata.cardType = type;
  return {
    id: itemId(context.sourceId, link.url),
    source: context.sourceId,
    externalId: link.url,
    kind: "link",
    title: clamp(nonEmpty(link.title) ?? link.url, maximumTitleLength),
    text: clamp(nonEmpty(link.description) ?? "", maximumTextLength),
    url: link.url,
    ...(authorName && { author: { id: authorName, ...(authorUrl && { url: authorUrl }) } }),
    tags: [],
    publishedAt: context.now,
    metadata,
  };
}

function statusTitle(text: string, acct: string): string {
  const firstLine = text.split("\n").find((line) => line.trim() !== "");
  if (!firstLine) return `Status by @${acct}`;
  if (firstLine.length <= statusTitleLength) return firstLine;
  const cut = firstLine.slice(0, statusTitleLength - 1);
  const lastSpace = cut.lastIndexOf(" ");
  return `${lastSpace > statusTitleLength / 2 ? cut.slice(0, lastSpace) : cut}…`;
}

/** A trending status as an item: kind `status`, text = content without HTML, title = its first line. */
export function toStatusItem(status: TrendingStatus, context: MappingContext): SourceItem {
  const text = clamp(htmlToText(status.content ?? ""), maximumTextLength);
  const { account } = status;
  const displayName = nonEmpty(account.display_name);
  const accountUrl = validUrl(account.url);
  const url = validUrl(status.url) ?? validUrl(status.uri);
  const language = nonEmpty(status.language);
  const tags = [...new Set((status.tags ?? []).map((tag) => tagKey(tag.name)).filter((name) => name !== ""))];
  return {
    id: itemId(context.sourceId, status.id),
    source: context.sourceId,
    externalId: status.id,
    kind: "status",
    title: statusTitle(text, account.acct),
    text,
    ...(url && { url }),
    author: { id: account.acct, ...(displayName && { name: displayName }), ...(accountUrl && { url: accountUrl }) },
    tags,
    ...(language && language.length >= 2 && language.length <= 35 && { language }),
    publishedAt: new Date(status.created_at),
    metadata: { instance: hostOf(context.instance) },
  };
}

interface DailyPoint {
  at: Date;
  uses: number | undefined;
  accounts: number | undefined;
}

/** History entries as points in time order (Mastodon sends them newest first); entries without a valid day are dropped. */
export function toDailyPoints(history: readonly HistoryEntry[] | null | undefined): DailyPoint[] {
  const points: DailyPoint[] = [];
  for (const entry of history ?? []) {
    const day = toNumber(entry.day);
    if (day === undefined || day < 0) continue;
    const uses = toNumber(entry.uses);
    const accounts = toNumber(entry.accounts);
    points.push({
      at: new Date(day * 1000),
      uses: uses !== undefined && uses >= 0 ? uses : undefined,
      accounts: accounts !== undefined && accounts >= 0 ? accounts : undefined,
    });
  }
  return points.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Uses on the newest day of the history (today, UTC), or undefined without history. */
export function usesToday(history: readonly HistoryEntry[] | null | undefined): number | undefined {
  return toDailyPoints(history)
    .filter((point) => point.uses !== undefined)
    .at(-1)?.uses;
}

/**
 * The daily `uses` and `accounts` series of a tag or link, from its history. `key` is the tag name or the
 * link URL; the series id is `<source>:<kind>:<key>:<metric>`. A metric without valid points is left out.
 */
export function toHistorySeries(
  input: { kind: Extract<ItemKind, "tag" | "link">; key: string; history: readonly HistoryEntry[] | null | undefined },
  context: MappingContext,
): TimeSeriesInput[] {
  const points = toDailyPoints(input.history);
  const series: TimeSeriesInput[] = [];
  for (const metric of ["uses", "accounts"] as const) {
    const values = points.flatMap((point) => (point[metric] === undefined ? [] : [{ at: point.at, value: point[metric] }]));
    if (values.length === 0) continue;
    series.push({
      id: `${context.sourceId}:${input.kind}:${input.key}:${metric}`,
      source: context.sourceId,
      metric,
      key: input.key,
      interval: "day",
      points: values,
      metadata: { kind: input.kind, itemId: itemId(context.sourceId, input.key), instance: hostOf(context.instance) },
    });
  }
  return series;
}

function observation(externalId: string, metrics: Metrics, context: MappingContext): ObservationInput {
  return { itemId: itemId(context.sourceId, externalId), source: context.sourceId, observedAt: context.now, metrics };
}

/** A tag's position in the trend list (`rank`) and its uses so far today (`mentions`). */
export function toTagObservation(tag: TrendingTag, rank: number, context: MappingContext): ObservationInput {
  const mentions = usesToday(tag.history);
  return observation(tagKey(tag.name), { rank, ...(mentions !== undefined && { mentions }) }, context);
}

/** A link's position in the trend list (`rank`) and the statuses sharing it so far today (`mentions`). */
export function toLinkObservation(link: TrendingLink, rank: number, context: MappingContext): ObservationInput {
  const uses = usesToday(link.history);
  const mentions = uses !== undefined && Number.isInteger(uses) ? uses : undefined;
  return observation(link.url, { rank, ...(mentions !== undefined && { mentions }) }, context);
}

/** A status's position (`rank`), boosts (`shares`), favourites (`likes`) and replies (`comments`). */
export function toStatusObservation(status: TrendingStatus, rank: number, context: MappingContext): ObservationInput {
  const shares = toCount(status.reblogs_count);
  const likes = toCount(status.favourites_count);
  const comments = toCount(status.replies_count);
  return observation(
    status.id,
    {
      rank,
      ...(shares !== undefined && { shares }),
      ...(likes !== undefined && { likes }),
      ...(comments !== undefined && { comments }),
    },
    context,
  );
}
