import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPopularityEvaluations } from "./popularity-bench.js";
import { parseEasternTime } from "./popularity-hn-posts.js";

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/** A small deterministic generator (so the synthetic folder is the same on every run). */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function saturating(peak: number, tau: number, hours: number): number {
  return Math.round(peak * (1 - Math.exp(-(hours + 1) / tau)));
}

const csv = (rows: readonly (readonly (string | number)[])[]) =>
  `${rows.map((row) => row.map((cell) => (typeof cell === "string" && /[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(",")).join("\n")}\n`;

async function writeDataset(root: string, folder: string, files: Record<string, string>): Promise<void> {
  await mkdir(path.join(root, folder), { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(root, folder, name), text);
}

/** The four datasets, laid out like shared/data with the same headers, holding saturating curves. */
async function writeSyntheticData(root: string): Promise<void> {
  const random = generator(42);
  const hnStart = Date.UTC(2022, 6, 1);
  const stories: (string | number)[][] = [
    ["hn_id", "title", "url", "author", "first_seen_utc", "last_seen_utc", "n_snapshots", "max_upvotes", "max_comments"],
  ];
  const snapshots: (string | number)[][] = [["snapshot_utc", "rank", "hn_id", "upvotes", "comments"]];
  for (let story = 0; story < 150; story += 1) {
    const id = 31_900_000 + story;
    const first = hnStart + story * 2 * hourMs;
    const peak = 50 + Math.round(random() * 500);
    const tau = 0.5 + random() * 5;
    stories.push([
      id,
      `Story ${story}`,
      `https://example.com/${story}`,
      `author${story % 7}`,
      new Date(first).toISOString(),
      "",
      10,
      peak,
      0,
    ]);
    for (let hour = 0; hour < 10; hour += 1) {
      snapshots.push([new Date(first + hour * hourMs).toISOString(), 1 + (story % 30), id, saturating(peak, tau, hour), hour * 3]);
    }
  }
  await writeDataset(root, "hn-frontpage-snapshots-2022", { "stories.csv": csv(stories), "snapshots.csv": csv(snapshots) });

  const redditStart = Date.UTC(2023, 11, 30, 7);
  const reddit: (string | number)[][] = [
    [
      "date",
      "id",
      "position",
      "score",
      "subreddit_display_name",
      "subreddit_id",
      "title",
      "is_self",
      "url",
      "upvote_ratio",
      "num_comments",
      "created",
      "created_date",
    ],
  ];
  for (let post = 0; post < 150; post += 1) {
    const first = redditStart + post * 2 * hourMs;
    const peak = 1000 + Math.round(random() * 20_000);
    const tau = 1 + random() * 6;
    for (let hour = 0; hour < 10; hour += 1) {
      const at = new Date(first + hour * hourMs).toISOString().slice(0, 13);
      const created = (first - hourMs) / 1000;
      reddit.push([
        at,
        `p${post.toString(36)}`,
        1 + (post % 100),
        saturating(peak, tau, hour),
        "pics",
        "2qh0u",
        `Post ${post}`,
        0,
        "https://i.example.com/a.jpg",
        0.9,
        10,
        created,
        "",
      ]);
    }
  }
  await writeDataset(root, "reddit-r-all-hourly-2023-12", { "core_data_2024.csv": csv(reddit) });

  const youTubeStart = Date.UTC(2024, 6, 3);
  const videos: (string | number)[][] = [
    ["videoId", "title", "channelName", "channelId", "verified", "duration_s", "isShort", "first_archive_day"],
  ];
  const daily: (string | number)[][] = [["archive_day", "rank", "videoId", "views", "publishedText", "publishedDate"]];
  for (let video = 0; video < 220; video += 1) {
    const videoId = `vid${String(video).padStart(5, "0")}`;
    const first = youTubeStart + video * dayMs;
    const peak = 100_000 + Math.round(random() * 2_000_000);
    const tau = 0.5 + random() * 3;
    videos.push([videoId, `Video ${video}`, "Channel", "UCchannel", "False", 600, "False", new Date(first).toISOString().slice(0, 10)]);
    for (let day = 0; day < 6; day += 1) {
      daily.push([
        new Date(first + day * dayMs).toISOString().slice(0, 10),
        1 + (video % 50),
        videoId,
        saturating(peak, tau, day),
        "1 day ago",
        new Date(first - dayMs).toISOString(),
      ]);
    }
  }
  await writeDataset(root, "youtube-trending-daily", { "videos.csv": csv(videos), "daily_snapshots.csv": csv(daily) });

  const posts: (string | number)[][] = [["id", "title", "url", "num_points", "num_comments", "author", "created_at"]];
  for (let post = 0; post < 800; post += 1) {
    const at = new Date(Date.UTC(2016, 8, 7, 12) + post * 36 * 60_000);
    const show = post % 4 === 0;
    const points = show ? 8 + Math.round(random() * 40) : 1 + Math.round(random() * 10);
    const created = `${at.getUTCMonth() + 1}/${at.getUTCDate()}/${at.getUTCFullYear()} ${at.getUTCHours()}:${String(at.getUTCMinutes()).padStart(2, "0")}`;
    posts.push([
      12_400_000 + post,
      `${show ? "Show HN: " : ""}Post number ${post}`,
      `https://site${post % 5}.example/${post}`,
      points,
      0,
      `user${post % 30}`,
      created,
    ]);
  }
  await writeDataset(root, "hn-posts-sep2016", { "hacker_news.csv": `\uFEFF${csv(posts)}` });
}

let dataDirectory: string;

beforeAll(async () => {
  dataDirectory = await mkdtemp(path.join(tmpdir(), "popularity-bench-"));
  await writeSyntheticData(dataDirectory);
}, 60_000);

afterAll(async () => {
  await rm(dataDirectory, { recursive: true, force: true });
});

describe("runPopularityEvaluations", () => {
  it("evaluates every dataset in time order and logs a table", async () => {
    const lines: string[] = [];
    const { popularity, prepublish } = await runPopularityEvaluations(dataDirectory, (line) => lines.push(line));
    for (const key of ["hn2h", "hn6h", "reddit2h", "reddit6h", "youtube1d", "youtube3d"]) {
      const figures = popularity[key] as Record<string, number>;
      expect(figures, key).toBeDefined();
      expect(figures.trainItems, key).toBeGreaterThanOrEqual(10);
      expect(figures.testItems, key).toBeGreaterThan(0);
      for (const metric of ["medianApe", "baselineMedianApe", "msle", "baselineMsle", "spearman", "baselineSpearman"]) {
        expect(Number.isFinite(figures[metric]), `${key}.${metric}`).toBe(true);
      }
    }
    // The saturating curves' shape tells how much growth is left, which Szabo–Huberman's single ratio cannot.
    const hn = popularity.hn2h as Record<string, number>;
    expect(hn.medianApe).toBeLessThan(hn.baselineMedianApe!);
    expect(popularity.skipped).toBeUndefined();
    expect(prepublish.auc).toBeGreaterThan(0.7);
    expect(prepublish.prAuc).toBeGreaterThan(0);
    expect(prepublish.trainPosts).toBeGreaterThan(0);
    expect(prepublish.testPosts).toBeGreaterThan(0);
    expect(lines.some((line) => line.startsWith("HN front page, peak upvotes from 2 h"))).toBe(true);
    expect(lines.some((line) => line.includes("ROC-AUC"))).toBe(true);
  }, 60_000);

  it("reports a missing dataset and still runs the others", async () => {
    const partial = await mkdtemp(path.join(tmpdir(), "popularity-bench-partial-"));
    try {
      await writeSyntheticData(partial);
      await rm(path.join(partial, "reddit-r-all-hourly-2023-12"), { recursive: true });
      await rm(path.join(partial, "hn-posts-sep2016"), { recursive: true });
      const lines: string[] = [];
      const { popularity, prepublish } = await runPopularityEvaluations(partial, (line) => lines.push(line));
      expect(Object.keys(popularity.skipped as object).sort()).toEqual(["reddit2h", "reddit6h"]);
      expect((popularity.skipped as Record<string, string>).reddit2h).toMatch(/DATASET_NOT_FOUND/);
      expect(popularity.hn2h).toBeDefined();
      expect(prepublish.skipped).toMatch(/DATASET_NOT_FOUND/);
      expect(lines.some((line) => line.includes("skipped"))).toBe(true);
    } finally {
      await rm(partial, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("parseEasternTime", () => {
  it("reads the dump's US/Eastern daylight times as UTC", () => {
    expect(parseEasternTime("9/26/2016 3:26")?.toISOString()).toBe("2016-09-26T07:26:00.000Z");
    expect(parseEasternTime("13/1/2016 3:26")).toBeUndefined();
    expect(parseEasternTime("yesterday")).toBeUndefined();
  });
});
