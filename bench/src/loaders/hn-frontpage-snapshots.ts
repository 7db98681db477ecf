import path from "node:path";
import { itemId, type RecordingEntryInput } from "@undercurrent/core";
import { readCsvRecords } from "./csv-files.js";
import { hackerNewsStoryEntry, hackerNewsSource as source } from "./hacker-news-items.js";
import { finishLoad, type LoadOptions, type LoadResult, parseInteger, parseTimestamp, SkipCounter } from "./load-result.js";

/** Folder of the dataset inside the data directory. */
export const hnFrontpageSnapshotsFolder = "hn-frontpage-snapshots-2022";

/**
 * Hourly HN front-page snapshots, 2022-07 .. 2022-11. One `story` item per `stories.csv` row
 * (`hackernews:<hn_id>`, shaped as in {@link hackerNewsStoryEntry}), visible at its first snapshot
 * (`first_seen_utc`, also its `publishedAt`: the data has no submission time), and one
 * observation per `snapshots.csv` row at `snapshot_utc` with `score` (upvotes), `rank` and `comments` (left
 * out when the scraper recorded none).
 */
export async function loadHnFrontpageSnapshots(dataDirectory: string, options: LoadOptions = {}): Promise<LoadResult> {
  const folder = path.join(dataDirectory, hnFrontpageSnapshotsFolder);
  const skipped = new SkipCounter();
  const stories = await readCsvRecords(path.join(folder, "stories.csv"), ["hn_id", "title", "url", "author", "first_seen_utc"], skipped);
  const snapshots = await readCsvRecords(
    path.join(folder, "snapshots.csv"),
    ["snapshot_utc", "rank", "hn_id", "upvotes", "comments"],
    skipped,
  );
  const entries: RecordingEntryInput[] = [];
  const known = new Set<string>();

  for (const story of stories.records) {
    const externalId = story.hn_id!.trim();
    const firstSeen = parseTimestamp(story.first_seen_utc!);
    if (!/^\d+$/.test(externalId)) {
      skipped.add("stories.csv: hn_id is not a number");
      continue;
    }
    if (!firstSeen) {
      skipped.add("stories.csv: first_seen_utc is not a timestamp");
      continue;
    }
    if (known.has(externalId)) {
      skipped.add("stories.csv: hn_id listed twice (first row kept)");
      continue;
    }
    known.add(externalId);
    // The data has no submission time: the first snapshot stands in for it.
    entries.push(
      hackerNewsStoryEntry({
        hnId: externalId,
        title: story.title!,
        link: story.url!,
        author: story.author!,
        publishedAt: firstSeen,
        at: firstSeen,
      }),
    );
  }

  for (const snapshot of snapshots.records) {
    const externalId = snapshot.hn_id!.trim();
    const observedAt = parseTimestamp(snapshot.snapshot_utc!);
    const score = parseInteger(snapshot.upvotes!);
    const rank = parseInteger(snapshot.rank!);
    const comments = snapshot.comments!.trim() === "" ? undefined : parseInteger(snapshot.comments!);
    if (!known.has(externalId)) {
      skipped.add("snapshots.csv: hn_id not in stories.csv");
      continue;
    }
    if (!observedAt || score === undefined || rank === undefined || (snapshot.comments!.trim() !== "" && comments === undefined)) {
      skipped.add("snapshots.csv: snapshot_utc, upvotes, rank or comments unreadable");
      continue;
    }
    entries.push({
      type: "observation",
      at: observedAt,
      observation: {
        itemId: itemId(source, externalId),
        source,
        observedAt,
        metrics: { score, rank, ...(comments !== undefined && { comments }) },
      },
    });
  }

  return finishLoad(entries, stories.rows + snapshots.rows, skipped, options);
}
