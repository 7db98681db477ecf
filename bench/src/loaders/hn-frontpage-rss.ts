import path from "node:path";
import { itemId, type Metrics, type RecordingEntryInput } from "@undercurrent/core";
import { type CsvRecord, listDatasetFiles, readCsvRecords } from "./csv-files.js";
import { hackerNewsStoryEntry, hackerNewsSource as source } from "./hacker-news-items.js";
import { finishLoad, type LoadOptions, type LoadResult, parseInteger, parseTimestamp, SkipCounter } from "./load-result.js";

/** Folder of the dataset inside the data directory. */
export const hnFrontpageRssFolder = "hn-frontpage-rss-2022";

const hackerNewsItemLink = /^https?:\/\/news\.ycombinator\.com\/item\?id=(\d+)$/;

/**
 * The id of a feed row. The converter parsed `hn_id` from the entry's HTML description, which for self posts
 * ("Ask HN", "Who is hiring") can name another thread linked in the text; their `link` is the HN item
 * itself, so an HN item link wins over `hn_id` (and fills it when it is blank).
 */
export function hackerNewsIdOf(row: { hn_id: string; link: string }): string | undefined {
  const fromLink = hackerNewsItemLink.exec(row.link.trim())?.[1];
  const fromColumn = row.hn_id.trim();
  return fromLink ?? (/^\d+$/.test(fromColumn) ? fromColumn : undefined);
}

/**
 * The hnrss.org front-page feed archived daily, 2022-08-31 .. 2022-12-31 (`hn_frontpage_<year>.csv`, every year
 * present is read). Same ids as the snapshots
 * (`hackernews:<hn_id>`), so the two merge in one store. The capture time is not in the data: the item and
 * its one observation (`score` = points, `comments` at capture) are both placed at `date_published`, the
 * earliest moment the story existed. A story captured again on the same feed day keeps its first capture.
 */
export async function loadHnFrontpageRss(dataDirectory: string, options: LoadOptions = {}): Promise<LoadResult> {
  const skipped = new SkipCounter();
  const records: CsvRecord[] = [];
  let rows = 0;
  // One file per year (`hn_frontpage_2022.csv`); other years in the same layout are read alike.
  for (const file of await listDatasetFiles(path.join(dataDirectory, hnFrontpageRssFolder), /^hn_frontpage_\d{4}\.csv$/)) {
    const table = await readCsvRecords(
      file,
      ["archive_day", "hn_id", "title", "link", "date_published", "points_at_capture", "comments_at_capture"],
      skipped,
    );
    records.push(...table.records);
    rows += table.rows;
  }
  const entries: RecordingEntryInput[] = [];
  const published = new Map<string, number>();

  for (const row of records) {
    const externalId = hackerNewsIdOf({ hn_id: row.hn_id!, link: row.link! });
    const publishedAt = parseTimestamp(row.date_published!);
    if (!externalId) {
      skipped.add("no HN id (blank hn_id and the link is not an HN item)");
      continue;
    }
    if (!publishedAt) {
      skipped.add("date_published is not a timestamp");
      continue;
    }
    const earlier = published.get(externalId);
    if (earlier !== undefined) {
      skipped.add(
        earlier === publishedAt.getTime()
          ? "story captured again (first capture kept; no capture time to order them)"
          : "hn_id already used by a story published at another time (id parsed from the description)",
      );
      continue;
    }
    published.set(externalId, publishedAt.getTime());

    const id = itemId(source, externalId);
    entries.push(hackerNewsStoryEntry({ hnId: externalId, title: row.title!, link: row.link!, publishedAt, at: publishedAt }));

    const points = parseInteger(row.points_at_capture!);
    const comments = parseInteger(row.comments_at_capture!);
    const metrics: Metrics = { ...(points !== undefined && { score: points }), ...(comments !== undefined && { comments }) };
    if (Object.keys(metrics).length > 0) {
      entries.push({ type: "observation", at: publishedAt, observation: { itemId: id, source, observedAt: publishedAt, metrics } });
    }
  }

  return finishLoad(entries, rows, skipped, options);
}
