import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** A small deterministic generator (mulberry32), so the synthetic data is the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A made-up word of two to four syllables (no real word, so background titles do not share topics). */
export function pseudoWord(random: () => number): string {
  const consonants = "bdfgklmnprstvz";
  const vowels = "aeiou";
  const syllables = 2 + Math.floor(random() * 3);
  let word = "";
  for (let index = 0; index < syllables; index++) {
    word += consonants[Math.floor(random() * consonants.length)]! + vowels[Math.floor(random() * vowels.length)]!;
  }
  return word;
}

/**
 * A random string of five to nine letters. Unlike {@link pseudoWord}, two of them rarely share character trigrams,
 * so the local embedder (which hashes trigrams too) sees unrelated titles as unrelated.
 */
export function randomWord(random: () => number): string {
  const length = 5 + Math.floor(random() * 5);
  let word = "";
  for (let index = 0; index < length; index++) word += String.fromCharCode(97 + Math.floor(random() * 26));
  return word;
}

const csvCell = (value: string | number) => {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
const csv = (rows: readonly (readonly (string | number)[])[]) => `${rows.map((row) => row.map(csvCell).join(",")).join("\n")}\n`;
const iso = (day: number, hour: number) => `2022-09-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00Z`;

/**
 * Writes a synthetic data folder in the layout of `shared/data` (HN snapshots, HN RSS, GitHub trending) and a label
 * file, for September 2022: ten unrelated HN stories a day, a "comet lander" burst on 09-18 (eight stories) and
 * 09-19 (ten), one of them linking the `space-lab/comet-lander` repository that trends 09-18 .. 09-20.
 */
export async function writeTrendFixture(): Promise<{ dataDirectory: string; labelsFile: string }> {
  const random = seededRandom(7);
  const root = await mkdtemp(path.join(tmpdir(), "bench-trends-"));
  const dataDirectory = path.join(root, "data");
  const stories: (string | number)[][] = [];
  const snapshots: (string | number)[][] = [];
  let nextId = 5_000;
  const addStory = (title: string, url: string, day: number, hour: number) => {
    const id = nextId++;
    const seen = iso(day, hour);
    stories.push([id, title, url, `user${pseudoWord(random)}`, seen, seen, 1, 10, 1]);
    snapshots.push([seen, 1 + (id % 30), id, 10, 1]);
  };
  for (let day = 1; day <= 30; day++) {
    for (let index = 0; index < 10; index++) {
      const words = Array.from({ length: 4 }, () => pseudoWord(random));
      addStory(words.join(" "), `https://example.com/${words[0]}/${words[1]}`, day, 1 + 2 * index);
    }
  }
  const cometTitles = [
    "Comet lander touches down on comet 67P",
    "The comet lander sent its first images",
    "Comet lander battery lasts longer than planned",
    "How the comet lander anchored itself",
    "Comet lander drills into the comet surface",
    "Comet lander team answers questions",
    "Comet lander finds organic molecules",
    "Why the comet lander bounced twice",
    "Comet lander wakes up after months",
    "Comet lander data released to the public",
  ];
  for (const [index, title] of cometTitles.slice(0, 8).entries()) addStory(title, `https://space.example/comet/${index}`, 18, 2 + index);
  addStory("Show HN: Comet lander flight software", "https://github.com/space-lab/comet-lander", 18, 10);
  for (const [index, title] of cometTitles.entries())
    addStory(`${title} (day two)`, `https://space.example/comet/b${index}`, 19, 1 + index);

  const snapshotsFolder = path.join(dataDirectory, "hn-frontpage-snapshots-2022");
  await mkdir(snapshotsFolder, { recursive: true });
  await writeFile(
    path.join(snapshotsFolder, "stories.csv"),
    csv([["hn_id", "title", "url", "author", "first_seen_utc", "last_seen_utc", "n_snapshots", "max_upvotes", "max_comments"], ...stories]),
  );
  await writeFile(
    path.join(snapshotsFolder, "snapshots.csv"),
    csv([["snapshot_utc", "rank", "hn_id", "upvotes", "comments"], ...snapshots]),
  );

  const rssFolder = path.join(dataDirectory, "hn-frontpage-rss-2022");
  await mkdir(rssFolder, { recursive: true });
  await writeFile(
    path.join(rssFolder, "hn_frontpage_2022.csv"),
    csv([
      ["archive_day", "hn_id", "title", "link", "date_published", "points_at_capture", "comments_at_capture"],
      ["2022-09-05", 9001, "A feed-only story about tide tables", "https://example.org/tides", "2022-09-05 08:00:00+00:00", 12, 3],
      ["2022-10-05", 9002, "A story after the span", "https://example.org/after", "2022-10-05 08:00:00+00:00", 12, 3],
    ]),
  );

  const gitHubFolder = path.join(dataDirectory, "github-trending-daily-2022-2023");
  await mkdir(gitHubFolder, { recursive: true });
  const trending: (string | number)[][] = [];
  const repositories: (string | number)[][] = [
    ["space-lab", "comet-lander", "https://github.com/space-lab/comet-lander", "2022-09-18", "Flight software of a comet lander"],
  ];
  for (let day = 1; day <= 30; day++) {
    const owner = pseudoWord(random);
    const name = pseudoWord(random);
    trending.push([`2022-09-${String(day).padStart(2, "0")}`, "go", 1, owner, name, 100 + day, 10]);
    repositories.push([
      owner,
      name,
      `https://github.com/${owner}/${name}`,
      `2022-09-${String(day).padStart(2, "0")}`,
      `${pseudoWord(random)} ${pseudoWord(random)}`,
    ]);
  }
  for (const day of [18, 19, 20]) trending.push([`2022-09-${day}`, "rust", 2, "space-lab", "comet-lander", 500 + 100 * day, 100]);
  await writeFile(
    path.join(gitHubFolder, "trending_2022.csv"),
    csv([["date", "language", "rank", "owner", "name", "stargazers", "stars_today"], ...trending]),
  );
  await writeFile(
    path.join(gitHubFolder, "repos.csv"),
    csv([["owner", "name", "url", "first_trending_date", "description_first_seen"], ...repositories]),
  );

  const labelsFile = path.join(root, "labels.json");
  await writeFile(
    labelsFile,
    JSON.stringify({
      about: "synthetic labels for the bench-trends test",
      span: { from: "2022-09-01", to: "2022-09-30" },
      positives: [{ id: "comet-lander", pattern: "comet" }],
      negatives: [
        { id: "tides", pattern: "\\btides?\\b" },
        { id: "python", pattern: "\\bpython\\b" },
      ],
    }),
  );
  return { dataDirectory, labelsFile };
}
