import path from "node:path";
import { itemId, type RecordingEntryInput } from "@undercurrent/core";
import { type CsvRecord, fileExists, listDatasetFiles, readCsvRecords } from "./csv-files.js";
import { finishLoad, type LoadOptions, type LoadResult, parseDay, parseInteger, parseUrl, SkipCounter } from "./load-result.js";

/** Folder of the dataset inside the data directory. */
export const gitHubTrendingFolder = "github-trending-daily-2022-2023";

const source = "github";
const repositoryPart = /^[A-Za-z0-9_.-]+$/;

interface TrendingRow {
  day: Date;
  language: string;
  rank: number;
  fullName: string;
  stargazers: number;
  starsToday: number;
}

/** The id of the per-repository series of GitHub's "stars today" figure. */
export function starsTodaySeriesId(fullName: string): string {
  return `${source}:stars-today:${fullName}`;
}

function toTrendingRow(record: CsvRecord): TrendingRow | string {
  const owner = record.owner!.trim();
  const name = record.name!.trim();
  // The archive's cron scrapes github.com/trending at 00:00 UTC and names the folder after that date.
  const day = parseDay(record.date!);
  const rank = parseInteger(record.rank!);
  const stargazers = parseInteger(record.stargazers!);
  const starsToday = parseInteger(record.stars_today!);
  if (!repositoryPart.test(owner) || !repositoryPart.test(name)) return "owner or name is not a repository name";
  if (!day) return "date is not YYYY-MM-DD";
  if (rank === undefined || stargazers === undefined || starsToday === undefined) return "rank, stargazers or stars_today is not a number";
  return { day, language: record.language!.trim(), rank, fullName: `${owner}/${name}`, stargazers, starsToday };
}

/**
 * github.com/trending per language (python, typescript, javascript, rust, go), daily 2022–2023. One `repository`
 * item per repo (`github:<owner>/<name>`, title `owner/name`, text = `description_first_seen` from `repos.csv`
 * when present, tag = the trending page's language) at 00:00 UTC of the first day it trended, when the archive
 * scraped it; per repo and day an observation (`stars` = stargazers, `rank` on its language page) and a
 * one-point `stars-today` series (`github:stars-today:<owner>/<name>`, key = the item id, interval `day`) that
 * the store merges.
 * A repo on two language pages the same day keeps its best-ranked row.
 */
export async function loadGitHubTrending(dataDirectory: string, options: LoadOptions = {}): Promise<LoadResult> {
  const folder = path.join(dataDirectory, gitHubTrendingFolder);
  const skipped = new SkipCounter();
  const columns = ["date", "language", "rank", "owner", "name", "stargazers", "stars_today"];
  let rows = 0;
  const byDay = new Map<string, TrendingRow>();
  for (const file of await listDatasetFiles(folder, /^trending_\d{4}\.csv$/)) {
    const table = await readCsvRecords(file, columns, skipped);
    rows += table.rows;
    for (const record of table.records) {
      const row = toTrendingRow(record);
      if (typeof row === "string") {
        skipped.add(`${path.basename(file)}: ${row}`);
        continue;
      }
      const key = `${row.day.getTime()} ${row.fullName}`;
      const other = byDay.get(key);
      if (other) skipped.add("repository on two language pages the same day (best rank kept)");
      if (!other || row.rank < other.rank) byDay.set(key, row);
    }
  }

  const described = new Map<string, { url?: string; description: string }>();
  const reposFile = path.join(folder, "repos.csv");
  if (await fileExists(reposFile)) {
    const repos = await readCsvRecords(reposFile, ["owner", "name", "url", "description_first_seen"], skipped);
    rows += repos.rows;
    for (const repo of repos.records) {
      const url = parseUrl(repo.url!);
      described.set(`${repo.owner!.trim()}/${repo.name!.trim()}`, {
        ...(url && { url }),
        description: repo.description_first_seen!.trim(),
      });
    }
  }

  const entries: RecordingEntryInput[] = [];
  const seen = new Set<string>();
  const ordered = [...byDay.values()].sort(
    (a, b) => a.day.getTime() - b.day.getTime() || a.language.localeCompare(b.language) || a.rank - b.rank,
  );
  for (const row of ordered) {
    const id = itemId(source, row.fullName);
    if (!seen.has(row.fullName)) {
      seen.add(row.fullName);
      const repo = described.get(row.fullName);
      entries.push({
        type: "item",
        at: row.day,
        item: {
          id,
          source,
          externalId: row.fullName,
          kind: "repository",
          title: row.fullName,
          text: repo?.description ?? "",
          url: repo?.url ?? `https://github.com/${row.fullName}`,
          author: { id: row.fullName.split("/")[0]!, url: `https://github.com/${row.fullName.split("/")[0]!}` },
          tags: row.language ? [row.language] : [],
          // The repo's creation date is not in the data; its first trending day stands in.
          publishedAt: row.day,
          fetchedAt: row.day,
          metadata: { language: row.language },
        },
      });
    }
    entries.push({
      type: "observation",
      at: row.day,
      observation: { itemId: id, source, observedAt: row.day, metrics: { stars: row.stargazers, rank: row.rank } },
    });
    entries.push({
      type: "series",
      at: row.day,
      series: {
        id: starsTodaySeriesId(row.fullName),
        source,
        metric: "stars-today",
        // Keyed like the live source's `stars` series: by the repository's item id.
        key: id,
        interval: "day",
        points: [{ at: row.day, value: row.starsToday }],
        metadata: { repository: row.fullName },
      },
    });
  }

  return finishLoad(entries, rows, skipped, options);
}
