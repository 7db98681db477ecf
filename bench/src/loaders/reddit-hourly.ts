import path from "node:path";
import { itemId, type RecordingEntryInput } from "@undercurrent/core";
import { type CsvRecord, listDatasetFiles, readCsvRecords } from "./csv-files.js";
import { finishLoad, hourMs, type LoadOptions, type LoadResult, parseDay, parseInteger, parseUrl, SkipCounter } from "./load-result.js";

/** Folder of the dataset inside the data directory. */
export const redditHourlyFolder = "reddit-r-all-hourly-2023-12";

const source = "reddit";

interface RedditRow {
  at: Date;
  postId: string;
  record: CsvRecord;
  position: number;
  score: number;
  comments: number;
  created: Date;
}

/** `YYYY-MM-DDTHH` (UTC) as the start of that hour. */
function parseHour(text: string): Date | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2})$/.exec(text.trim());
  const hours = match ? Number(match[2]) : Number.NaN;
  return match && hours < 24 ? parseDay(match[1]!, hours * hourMs) : undefined;
}

function toRedditRow(record: CsvRecord): RedditRow | string {
  // Collections start on the hour (no post in a collection was created more than a few seconds after it).
  const at = parseHour(record.date!);
  // The live Reddit source names posts by their fullname, `t3_<base36 id>`; so do we.
  const postId = `t3_${record.id!.trim().replace(/^t3_/, "")}`;
  const position = parseInteger(record.position!);
  const score = parseInteger(record.score!);
  const comments = parseInteger(record.num_comments!);
  const createdSeconds = parseInteger(record.created!);
  if (!at) return "date is not YYYY-MM-DDTHH";
  if (!/^t3_[0-9a-z]+$/.test(postId)) return "id is not a base36 post id";
  if (position === undefined || score === undefined || comments === undefined) return "position, score or num_comments is not a number";
  if (createdSeconds === undefined) return "created is not unix seconds";
  return { at, postId, record, position, score, comments, created: new Date(createdSeconds * 1000) };
}

/**
 * The top 100 of r/all collected hourly, 2023-12-30 .. 2024-01-10. One `post` item per post
 * (`reddit:t3_<base36 id>`, the fullname the live source uses, tag = subreddit, `publishedAt` = `created`, `url` = the post's link) at its
 * first collection hour, and one observation per row at the collection hour: `score`, `comments`
 * (`num_comments`) and `rank` (`position`).
 */
export async function loadRedditHourly(dataDirectory: string, options: LoadOptions = {}): Promise<LoadResult> {
  const skipped = new SkipCounter();
  const columns = [
    "date",
    "id",
    "position",
    "score",
    "subreddit_display_name",
    "subreddit_id",
    "title",
    "is_self",
    "url",
    "num_comments",
    "created",
  ];
  let rows = 0;
  const parsed: RedditRow[] = [];
  for (const file of await listDatasetFiles(path.join(dataDirectory, redditHourlyFolder), /^core_data_\d{4}\.csv$/)) {
    const table = await readCsvRecords(file, columns, skipped);
    rows += table.rows;
    for (const record of table.records) {
      const row = toRedditRow(record);
      if (typeof row === "string") skipped.add(`${path.basename(file)}: ${row}`);
      else parsed.push(row);
    }
  }
  // The files are not in time order (2023 starts at its last hour), and an item belongs at its first hour.
  parsed.sort((a, b) => a.at.getTime() - b.at.getTime() || a.position - b.position);

  const entries: RecordingEntryInput[] = [];
  const observed = new Set<string>();
  const seen = new Set<string>();
  for (const row of parsed) {
    const id = itemId(source, row.postId);
    const key = `${row.at.getTime()} ${row.postId}`;
    if (observed.has(key)) {
      skipped.add("post twice in one hourly collection (first row kept)");
      continue;
    }
    observed.add(key);
    if (!seen.has(row.postId)) {
      seen.add(row.postId);
      const subreddit = row.record.subreddit_display_name!.trim();
      const url = parseUrl(row.record.url!);
      entries.push({
        type: "item",
        at: row.at,
        item: {
          id,
          source,
          externalId: row.postId,
          kind: "post",
          title: row.record.title!,
          ...(url && { url }),
          tags: subreddit ? [subreddit] : [],
          publishedAt: row.created,
          fetchedAt: row.at,
          metadata: { subreddit, subredditId: row.record.subreddit_id!.trim(), isSelf: row.record.is_self!.trim() === "1" },
        },
      });
    }
    entries.push({
      type: "observation",
      at: row.at,
      observation: { itemId: id, source, observedAt: row.at, metrics: { score: row.score, comments: row.comments, rank: row.position } },
    });
  }

  return finishLoad(entries, rows, skipped, options);
}
