import path from "node:path";
import { itemId, type RecordingEntryInput } from "@undercurrent/core";
import { type CsvRecord, readCsvRecords } from "./csv-files.js";
import {
  finishLoad,
  hourMs,
  type LoadOptions,
  type LoadResult,
  parseDay,
  parseInteger,
  parseTimestamp,
  SkipCounter,
} from "./load-result.js";

/** Folder of the dataset inside the data directory. */
export const youTubeTrendingFolder = "youtube-trending-daily";

const source = "youtube";
/** The archive fetched the trending list daily at about 20:00 UTC. */
const fetchHourUtc = 20;

interface SnapshotRow {
  at: Date;
  rank: number;
  videoId: string;
  views: number | undefined;
  publishedDate: Date | undefined;
}

function toSnapshotRow(record: CsvRecord): SnapshotRow | string {
  const at = parseDay(record.archive_day!, fetchHourUtc * hourMs);
  const rank = parseInteger(record.rank!);
  const videoId = record.videoId!.trim();
  const views = record.views!.trim() === "" ? undefined : parseInteger(record.views!);
  if (!at) return "archive_day is not YYYY-MM-DD";
  if (rank === undefined) return "rank is not a number";
  if (!/^[A-Za-z0-9_-]{6,}$/.test(videoId)) return "videoId is not a video id";
  if (record.views!.trim() !== "" && views === undefined) return "views is not a number";
  return { at, rank, videoId, views, publishedDate: parseTimestamp(record.publishedDate!) };
}

/**
 * YouTube's main trending list, daily 2024-07 .. 2025-11. One `video` item per video (`youtube:<videoId>`,
 * title, channel as author, `publishedAt` = the scraper's approximate `publishedDate`, duration/short/verified
 * in metadata) at its first day on the list, and one observation per day with `views` (left out when blank)
 * and `rank`. Days are placed at 20:00 UTC, the archive's fetch time. A video listed twice in one day's file
 * keeps its best rank.
 */
export async function loadYouTubeTrending(dataDirectory: string, options: LoadOptions = {}): Promise<LoadResult> {
  const folder = path.join(dataDirectory, youTubeTrendingFolder);
  const skipped = new SkipCounter();
  const videos = await readCsvRecords(path.join(folder, "videos.csv"), ["videoId", "title", "channelName", "channelId"], skipped);
  const snapshots = await readCsvRecords(
    path.join(folder, "daily_snapshots.csv"),
    ["archive_day", "rank", "videoId", "views", "publishedDate"],
    skipped,
  );
  const byId = new Map(videos.records.map((video) => [video.videoId!.trim(), video]));

  const best = new Map<string, SnapshotRow>();
  for (const record of snapshots.records) {
    const row = toSnapshotRow(record);
    if (typeof row === "string") {
      skipped.add(`daily_snapshots.csv: ${row}`);
      continue;
    }
    if (!byId.has(row.videoId)) {
      skipped.add("daily_snapshots.csv: videoId not in videos.csv");
      continue;
    }
    const key = `${row.at.getTime()} ${row.videoId}`;
    const other = best.get(key);
    if (other) skipped.add("video listed twice in one day's file (best rank kept)");
    if (!other || row.rank < other.rank) best.set(key, row);
  }

  const entries: RecordingEntryInput[] = [];
  const seen = new Set<string>();
  const ordered = [...best.values()].sort((a, b) => a.at.getTime() - b.at.getTime() || a.rank - b.rank);
  for (const row of ordered) {
    const id = itemId(source, row.videoId);
    if (!seen.has(row.videoId)) {
      seen.add(row.videoId);
      const video = byId.get(row.videoId)!;
      const channelId = video.channelId!.trim();
      const duration = parseInteger(video.duration_s ?? "");
      entries.push({
        type: "item",
        at: row.at,
        item: {
          id,
          source,
          externalId: row.videoId,
          kind: "video",
          title: video.title!,
          url: `https://www.youtube.com/watch?v=${row.videoId}`,
          ...(channelId && { author: { id: channelId, name: video.channelName!, url: `https://www.youtube.com/channel/${channelId}` } }),
          publishedAt: row.publishedDate ?? row.at,
          fetchedAt: row.at,
          metadata: {
            ...(duration !== undefined && { durationSeconds: duration }),
            ...(video.isShort !== undefined && { isShort: video.isShort.trim() === "True" }),
            ...(video.verified !== undefined && { verified: video.verified.trim() === "True" }),
          },
        },
      });
    }
    entries.push({
      type: "observation",
      at: row.at,
      observation: {
        itemId: id,
        source,
        observedAt: row.at,
        metrics: { rank: row.rank, ...(row.views !== undefined && { views: row.views }) },
      },
    });
  }

  return finishLoad(entries, videos.rows + snapshots.rows, skipped, options);
}
