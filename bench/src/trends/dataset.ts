import { type Item, linkKey, type RecordingEntry } from "@undercurrent/core";
import { gitHubTrendingFolder, loadGitHubTrending } from "../loaders/github-trending.js";
import { hnFrontpageRssFolder, loadHnFrontpageRss } from "../loaders/hn-frontpage-rss.js";
import { hnFrontpageSnapshotsFolder, loadHnFrontpageSnapshots } from "../loaders/hn-frontpage-snapshots.js";
import type { LoadOptions, LoadResult, SkippedRows } from "../loaders/load-result.js";
import type { LinkRepository, LinkStory } from "./linking.js";
import { dayStart, type ReplayedItem, type ScoringSpan } from "./score.js";

/** The datasets the trend evaluation replays together, in one stream. */
export const trendDatasets: readonly { name: string; load: (dataDirectory: string, options?: LoadOptions) => Promise<LoadResult> }[] = [
  { name: hnFrontpageSnapshotsFolder, load: loadHnFrontpageSnapshots },
  { name: hnFrontpageRssFolder, load: loadHnFrontpageRss },
  { name: gitHubTrendingFolder, load: loadGitHubTrending },
];

/** The text the labels are matched against: the title, or for a repository `owner/name description`. */
export function labelText(item: Pick<Item, "kind" | "title" | "text">): string {
  return item.kind === "repository" && item.text ? `${item.title} ${item.text}` : item.title;
}

/** What one dataset contributed. */
export interface DatasetLoad {
  dataset: string;
  rows: number;
  entries: number;
  skipped: SkippedRows[];
}

/** The merged stream of the evaluation and what the scoring needs from it. */
export interface TrendData {
  /** Every entry inside the span, in time order (stable). */
  entries: RecordingEntry[];
  /** Each distinct item once, as first visible. */
  items: ReplayedItem[];
  /** The label text of each item id. */
  texts: Map<string, string>;
  /** HN stories with the repository their URL names (if any). */
  stories: LinkStory[];
  /** GitHub repositories with the days they trended. */
  repositories: LinkRepository[];
  datasets: DatasetLoad[];
}

/** Sorts entries by time, keeping the given order for equal times. */
export function sortEntries(entries: readonly RecordingEntry[]): RecordingEntry[] {
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.at.getTime() - b.entry.at.getTime() || a.index - b.index)
    .map(({ entry }) => entry);
}

/**
 * Gives an item the author a later entry of the same item names, when its first entry has none: the HN RSS feed
 * has no author column, while the snapshots' `stories.csv` names the author of the same story (same `hackernews:<id>`).
 * The feed usually sees a story first, so without this most stories of the overlap would reach the engine
 * authorless (and the engine's distinct-author test would ignore them). A live source knows the author at once.
 */
export function withKnownAuthors(entries: readonly RecordingEntry[]): RecordingEntry[] {
  const authors = new Map<string, NonNullable<Item["author"]>>();
  for (const entry of entries)
    if (entry.type === "item" && entry.item.author && !authors.has(entry.item.id)) authors.set(entry.item.id, entry.item.author);
  return entries.map((entry) => {
    if (entry.type !== "item" || entry.item.author) return entry;
    const author = authors.get(entry.item.id);
    return author ? { ...entry, item: { ...entry.item, author } } : entry;
  });
}

/** Indexes a merged stream: items as first visible, label texts, stories and repositories for linking. */
export function describeEntries(entries: readonly RecordingEntry[]): Omit<TrendData, "entries" | "datasets"> {
  const items: ReplayedItem[] = [];
  const texts = new Map<string, string>();
  const stories: LinkStory[] = [];
  const repositoryItems = new Map<string, Item>();
  const trendingDays = new Map<string, Set<number>>();
  for (const entry of entries) {
    if (entry.type === "item") {
      const { item } = entry;
      if (texts.has(item.id)) continue;
      const text = labelText(item);
      texts.set(item.id, text);
      items.push({ id: item.id, source: item.source, text, at: entry.at.getTime() });
      const key = linkKey(item.url);
      if (item.kind === "repository") repositoryItems.set(item.id, item);
      else stories.push({ id: item.id, at: entry.at.getTime(), repositoryKey: key?.startsWith("github.com/") ? key : undefined });
    } else if (entry.type === "observation" && entry.observation.source === "github") {
      const days = trendingDays.get(entry.observation.itemId) ?? new Set<number>();
      days.add(dayStart(entry.observation.observedAt.getTime()));
      trendingDays.set(entry.observation.itemId, days);
    }
  }
  const repositories: LinkRepository[] = [];
  for (const [id, item] of repositoryItems) {
    const key = linkKey(item.url);
    if (key) repositories.push({ id, key, trendingDays: [...(trendingDays.get(id) ?? [])].sort((a, b) => a - b) });
  }
  return { items, texts, stories, repositories };
}

/**
 * Loads HN front page snapshots, the HN RSS feed and GitHub trending, keeps what is visible inside the span, merges
 * them into one stream in time order, and gives feed stories the author the snapshots know ({@link withKnownAuthors}).
 */
export async function loadTrendData(dataDirectory: string, span: ScoringSpan): Promise<TrendData> {
  const window = { from: new Date(span.from), to: new Date(span.end - 1) };
  const datasets: DatasetLoad[] = [];
  const all: RecordingEntry[] = [];
  for (const dataset of trendDatasets) {
    const loaded = await dataset.load(dataDirectory, window);
    datasets.push({ dataset: dataset.name, rows: loaded.rows, entries: loaded.entries.length, skipped: loaded.skipped });
    all.push(...loaded.entries);
  }
  const entries = withKnownAuthors(sortEntries(all));
  return { entries, datasets, ...describeEntries(entries) };
}

/** The same stream with the `url` of every HN item removed, so only text can link a story to a repository. */
export function withoutStoryUrls(entries: readonly RecordingEntry[]): RecordingEntry[] {
  return entries.map((entry) => {
    if (entry.type !== "item" || entry.item.source !== "hackernews") return entry;
    const { url: _url, ...item } = entry.item;
    return { ...entry, item };
  });
}
