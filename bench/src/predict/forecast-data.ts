import path from "node:path";
import type { SeriesPoint } from "@undercurrent/core";
import { readCsvRecords } from "../loaders/csv-files.js";
import { loadGoogleTrendsChatGpt, loadGoogleTrendsEventSpikes } from "../loaders/google-trends.js";
import { dayMs, type LoadResult, parseDay, parseDecimal, SkipCounter } from "../loaders/load-result.js";

/** Folder of the bitcoin attention data inside the data directory. */
export const bitcoinAttentionFolder = "bitcoin-attention-2009-2016";

/** The three groups of evaluation 3. */
export type SpikeGroup = "event-spikes" | "chatgpt" | "bitcoin";

/** One series of evaluation 3, evenly spaced, oldest first. */
export interface SpikeSeries {
  id: string;
  group: SpikeGroup;
  points: SeriesPoint[];
  /** Spacing in milliseconds. */
  stepMs: number;
  /** Steps per season (7 for daily series, 6 for 4-hourly). */
  seasonality: number;
  /** First and last time, epoch milliseconds. */
  startsAt: number;
  endsAt: number;
}

/** Groups a Google Trends load (one entry per point) back into series. */
function seriesFromLoad(load: LoadResult, group: SpikeGroup): SpikeSeries[] {
  const byId = new Map<string, SeriesPoint[]>();
  for (const entry of load.entries) {
    if (entry.type !== "series") continue;
    const list = byId.get(entry.series.id) ?? [];
    list.push(...entry.series.points);
    byId.set(entry.series.id, list);
  }
  return [...byId].map(([id, points]) => finish(id, group, points));
}

/** A week of days for daily data, a day of steps for sub-daily data, else none. */
export function seasonalityOf(stepMs: number): number {
  if (Math.abs(stepMs - dayMs) < 1000) return 7;
  const perDay = dayMs / stepMs;
  return perDay >= 2 && Math.abs(perDay - Math.round(perDay)) < 1e-6 ? Math.round(perDay) : 1;
}

function finish(id: string, group: SpikeGroup, unsorted: SeriesPoint[]): SpikeSeries {
  const points = [...unsorted].sort((a, b) => a.at.getTime() - b.at.getTime());
  const stepMs = points.length > 1 ? points[1]!.at.getTime() - points[0]!.at.getTime() : dayMs;
  return {
    id,
    group,
    points,
    stepMs,
    seasonality: seasonalityOf(stepMs),
    startsAt: points[0]!.at.getTime(),
    endsAt: points.at(-1)!.at.getTime(),
  };
}

/** Daily `date,<column>` CSV as points (blank or non-numeric cells left out). */
async function readDailyColumn(file: string, column: string): Promise<SeriesPoint[]> {
  const { records } = await readCsvRecords(file, ["date", column], new SkipCounter());
  const points: SeriesPoint[] = [];
  for (const record of records) {
    const at = parseDay(record.date ?? "");
    const value = parseDecimal(record[column] ?? "");
    if (at && value !== undefined) points.push({ at, value });
  }
  return points;
}

/**
 * The series of evaluation 3: every Google Trends event-spike topic (Eurovision performers, 2015 Democratic
 * candidates, the royal baby and Brexit, the 2018 heat wave), ChatGPT 2023, and two bitcoin attention series
 * (English-Wikipedia "Bitcoin" views spliced by the dataset's author, and bitcointalk.org new posts per day).
 */
export async function loadSpikeSeries(dataDirectory: string): Promise<SpikeSeries[]> {
  const spikes = seriesFromLoad(await loadGoogleTrendsEventSpikes(dataDirectory), "event-spikes");
  const chatGpt = seriesFromLoad(await loadGoogleTrendsChatGpt(dataDirectory), "chatgpt");
  const folder = path.join(dataDirectory, bitcoinAttentionFolder);
  const wiki = await readDailyColumn(path.join(folder, "wiki_views_combined.csv"), "views");
  const talk = await readDailyColumn(path.join(folder, "bitcointalk.csv"), "new_posts");
  return [
    ...spikes,
    ...chatGpt,
    finish("bitcoin:wikipedia-views", "bitcoin", wiki),
    finish("bitcoin:bitcointalk-new-posts", "bitcoin", talk),
  ];
}

/** Index of the series' highest value (the first, if tied). */
export function peakIndexOf(values: readonly number[]): number {
  let best = 0;
  for (let index = 1; index < values.length; index += 1) if (values[index]! > values[best]!) best = index;
  return best;
}
