import path from "node:path";
import type { ContentExample } from "@undercurrent/predict";
import { readCsvRecords } from "../loaders/csv-files.js";
import { hourMs, parseInteger, SkipCounter } from "../loaders/load-result.js";

/** Folder of the dataset inside the data directory. */
export const hnPostsFolder = "hn-posts-sep2016";

/** September 2016 is inside US daylight time: Eastern = UTC − 4 h for the whole dump. */
const easternOffsetHours = 4;

/** `M/D/YYYY H:MM` (US/Eastern, daylight time) as a UTC instant; `undefined` when unreadable. */
export function parseEasternTime(text: string): Date | undefined {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const [month, day, year, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return undefined;
  return new Date(Date.UTC(year, month - 1, day, hour, minute) + easternOffsetHours * hourMs);
}

/**
 * Every HN submission of 2016-09-07 .. 09-26 as a content example: title, link, author and submission time
 * (the draft's planned time), with the final points as engagement. Comments are left out: they are not known
 * before publishing.
 */
export async function loadHnPostExamples(dataDirectory: string): Promise<{ examples: ContentExample[]; skipped: number }> {
  const skipped = new SkipCounter();
  const table = await readCsvRecords(
    path.join(dataDirectory, hnPostsFolder, "hacker_news.csv"),
    ["id", "title", "url", "num_points", "author", "created_at"],
    skipped,
  );
  const examples: ContentExample[] = [];
  let unreadable = 0;
  for (const record of table.records) {
    const plannedAt = parseEasternTime(record.created_at!);
    const points = parseInteger(record.num_points!);
    const title = record.title!.trim();
    if (!plannedAt || points === undefined || title === "") {
      unreadable += 1;
      continue;
    }
    const url = record.url!.trim();
    const author = record.author!.trim();
    examples.push({
      title,
      platform: "hackernews",
      plannedAt,
      engagement: Math.max(0, points),
      ...(url !== "" && { url }),
      ...(author !== "" && { author }),
    });
  }
  examples.sort((a, b) => a.plannedAt.getTime() - b.plannedAt.getTime());
  return { examples, skipped: unreadable + skipped.list().reduce((sum, entry) => sum + entry.count, 0) };
}
