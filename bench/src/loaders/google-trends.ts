import path from "node:path";
import { type JsonValue, type RecordingEntryInput, type SeriesInterval, UndercurrentError } from "@undercurrent/core";
import { datasetErrorCodes, listDatasetFiles, readCsvRows } from "./csv-files.js";
import { dayMs, finishLoad, hourMs, type LoadOptions, type LoadResult, parseDay, parseDecimal, SkipCounter } from "./load-result.js";

/** Folder of the event-spike files inside the data directory. */
export const googleTrendsEventSpikesFolder = "google-trends-event-spikes";
/** Folder of the ChatGPT 2023 export inside the data directory. */
export const googleTrendsChatGptFolder = "google-trends-chatgpt-2023";

const source = "google-trends";
const months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** The id of one topic's interest series: `google-trends:interest:<file-stem>:<topic>`. */
export function interestSeriesId(fileStem: string, topic: string): string {
  return `${source}:interest:${fileStem}:${topic}`;
}

/**
 * A time as Google Trends exports write it, in UTC (the files name no zone): `2023-01-01`, `2023-01-01T05`,
 * `9/20/2015`, `Apr 10 2018` or `Apr 12 2018 8:00`.
 */
export function parseTrendsTime(text: string): Date | undefined {
  const trimmed = text.trim();
  const iso = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2})(?::00)?)?$/.exec(trimmed);
  if (iso) return iso[2] === undefined ? parseDay(iso[1]!) : Number(iso[2]) < 24 ? parseDay(iso[1]!, Number(iso[2]) * hourMs) : undefined;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(trimmed);
  if (us) return parseDay(`${us[3]}-${us[1]!.padStart(2, "0")}-${us[2]!.padStart(2, "0")}`);
  const named = /^([A-Za-z]{3})[a-z]* (\d{1,2}),? (\d{4})(?: (\d{1,2}):(\d{2}))?$/.exec(trimmed);
  const month = named ? months.indexOf(named[1]!.toLowerCase()) : -1;
  if (!named || month < 0) return undefined;
  const day = parseDay(`${named[3]}-${String(month + 1).padStart(2, "0")}-${named[2]!.padStart(2, "0")}`);
  const [hours, minutes] = [Number(named[4] ?? 0), Number(named[5] ?? 0)];
  return day && hours < 24 && minutes < 60 ? new Date(day.getTime() + hours * hourMs + minutes * 60_000) : undefined;
}

/** `<1` (interest above zero but under one) is 0, as the live `widgetdata/multiline` API's `value` reports it. */
function parseInterest(cell: string): number | "blank" | "not a number" {
  const trimmed = cell.trim();
  if (trimmed === "") return "blank";
  if (trimmed === "<1") return 0;
  return parseDecimal(trimmed) ?? "not a number";
}

// The same rule as the live source: a gap that is not exactly one known interval is "irregular" (4-hourly).
function intervalOf(bucketMs: number): SeriesInterval {
  if (bucketMs === 60_000) return "minute";
  if (bucketMs === hourMs) return "hour";
  if (bucketMs === dayMs) return "day";
  if (bucketMs === 7 * dayMs) return "week";
  return bucketMs >= 28 * dayMs && bucketMs <= 31 * dayMs ? "month" : "irregular";
}

/** Header cells like `ChatGPT: (Worldwide)` name the topic before the region. */
function topicOf(header: string, topicNames: Readonly<Record<string, string>>): string {
  const name = header.trim().replace(/:\s*\([^)]*\)$/, "");
  return topicNames[name] ?? name;
}

interface SeriesDraft {
  topic: string;
  metadata: Record<string, JsonValue>;
  points: { at: Date; value: number }[];
}

/**
 * Reads one Google Trends CSV into per-topic points. Leading description rows (one non-empty cell) are
 * skipped. Two layouts: long (a time column, then one column per topic) and wide (label columns such as
 * `Country,Performer` or `Search topic`, then one column per date; the last label names the topic and the
 * others go to the series metadata).
 */
async function readTrendsFile(
  file: string,
  topicNames: Readonly<Record<string, string>>,
  skipped: SkipCounter,
): Promise<{ drafts: SeriesDraft[]; rows: number }> {
  const name = path.basename(file);
  const all = await readCsvRows(file);
  const headerIndex = all.findIndex((row) => row.filter((cell) => cell.trim() !== "").length >= 2);
  if (headerIndex < 0) throw new UndercurrentError({ code: datasetErrorCodes.invalid, message: `${file}: no header row` });
  const header = all[headerIndex]!;
  const data = all.slice(headerIndex + 1).filter((row) => row.some((cell) => cell.trim() !== ""));
  const drafts = new Map<string, SeriesDraft>();
  const draftFor = (topic: string, metadata: Record<string, JsonValue> = {}) => {
    let draft = drafts.get(topic);
    if (!draft) drafts.set(topic, (draft = { topic, metadata, points: [] }));
    return draft;
  };
  const addCell = (draft: SeriesDraft, at: Date, cell: string) => {
    const value = parseInterest(cell);
    if (typeof value === "number") draft.points.push({ at, value });
    else skipped.add(`${name}: ${value} cell (point left out)`);
  };

  const dateColumns = header.map((cell, index) => ({ index, at: parseTrendsTime(cell) })).filter((column) => column.at !== undefined);
  if (dateColumns.length > 0) {
    const labelColumns = header
      .map((cell, index) => ({ cell: cell.trim(), index }))
      .filter(({ index }) => !dateColumns.some((column) => column.index === index));
    const topicColumn = labelColumns.at(-1);
    const seenDates = new Set<number>();
    const uniqueDates = dateColumns.filter((column) => {
      const fresh = !seenDates.has(column.at!.getTime());
      seenDates.add(column.at!.getTime());
      if (!fresh) skipped.add(`${name}: repeated date column (first kept)`);
      return fresh;
    });
    for (const row of data) {
      const topic = topicColumn ? topicOf(row[topicColumn.index] ?? "", topicNames) : "";
      if (topic === "" || drafts.has(topic)) {
        skipped.add(`${name}: row without a topic, or a repeated topic`);
        continue;
      }
      const metadata = Object.fromEntries(labelColumns.slice(0, -1).map(({ cell, index }) => [cell, (row[index] ?? "").trim()]));
      const draft = draftFor(topic, metadata);
      for (const column of uniqueDates) addCell(draft, column.at!, row[column.index] ?? "");
    }
  } else {
    const topics = header
      .map((cell, index) => ({ index, topic: topicOf(cell, topicNames) }))
      .filter(({ index, topic }) => index > 0 && topic !== "");
    const seenTimes = new Set<number>();
    for (const row of data) {
      const at = parseTrendsTime(row[0] ?? "");
      if (!at) {
        skipped.add(`${name}: first cell is not a date`);
        continue;
      }
      if (seenTimes.has(at.getTime())) {
        skipped.add(`${name}: repeated date row (first kept)`);
        continue;
      }
      seenTimes.add(at.getTime());
      for (const { index, topic } of topics) addCell(draftFor(topic), at, row[index] ?? "");
    }
  }
  return { drafts: [...drafts.values()], rows: data.length };
}

/**
 * Turns Google Trends CSV files into `series` entries: per topic, one entry per point, each holding that one
 * point (metric `search-interest`, key = topic, id `google-trends:interest:<file-stem>:<topic>`). An entry is
 * visible when its bucket has closed (`at` = point time + bucket length, e.g. the next midnight for daily
 * data); the store merges points by time, so a replay sees each series grow as it would live.
 */
export async function loadGoogleTrendsFiles(
  files: readonly string[],
  options: LoadOptions & { topicNames?: Readonly<Record<string, string>> } = {},
): Promise<LoadResult> {
  const skipped = new SkipCounter();
  const entries: RecordingEntryInput[] = [];
  let rows = 0;
  for (const file of files) {
    const stem = path.basename(file, path.extname(file));
    const read = await readTrendsFile(file, options.topicNames ?? {}, skipped);
    rows += read.rows;
    const times = [...new Set(read.drafts.flatMap((draft) => draft.points.map((point) => point.at.getTime())))].sort((a, b) => a - b);
    const gaps = times.slice(1).map((time, index) => time - times[index]!);
    const bucketMs = gaps.length > 0 ? Math.min(...gaps) : dayMs;
    for (const draft of read.drafts) {
      for (const point of [...draft.points].sort((a, b) => a.at.getTime() - b.at.getTime())) {
        entries.push({
          type: "series",
          at: new Date(point.at.getTime() + bucketMs),
          series: {
            id: interestSeriesId(stem, draft.topic),
            source,
            metric: "search-interest",
            key: draft.topic,
            interval: intervalOf(bucketMs),
            points: [point],
            metadata: { ...draft.metadata, file: path.basename(file) },
          },
        });
      }
    }
  }
  return finishLoad(entries, rows, skipped, options);
}

/** The four GoogleTrends/data files of 2015 and 2018 spikes (debates, Eurovision, a royal birth, a heat wave). */
export async function loadGoogleTrendsEventSpikes(dataDirectory: string, options: LoadOptions = {}): Promise<LoadResult> {
  return loadGoogleTrendsFiles(await listDatasetFiles(path.join(dataDirectory, googleTrendsEventSpikesFolder), /\.csv$/), options);
}

/** Daily interest in ChatGPT, 2023-01 .. 2023-03. The export's author renamed its column `score`; it is "ChatGPT". */
export async function loadGoogleTrendsChatGpt(dataDirectory: string, options: LoadOptions = {}): Promise<LoadResult> {
  return loadGoogleTrendsFiles([path.join(dataDirectory, googleTrendsChatGptFolder, "multiTimeline.csv")], {
    ...options,
    topicNames: { score: "ChatGPT" },
  });
}
