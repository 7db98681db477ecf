import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixturesDirectory } from "./loaders/loader-test-kit.js";
import { type DatasetReport, main } from "./replay-datasets.js";

function captureIo() {
  const lines: string[] = [];
  return { lines, io: { log: (line: string) => lines.push(line) } };
}

describe("main", () => {
  it("says where it looked and exits 0 when the data folder is missing", async () => {
    const { lines, io } = captureIo();
    const missing = path.join(tmpdir(), "undercurrent-no-such-data-folder");
    expect(await main(["--data", missing], io)).toBe(0);
    expect(lines).toEqual([`datasets not found at ${missing} — pass --data DIR`]);
  });

  it("replays every synthetic dataset, prints the table and writes the JSON results", async () => {
    const { lines, io } = captureIo();
    const out = path.join(await mkdtemp(path.join(tmpdir(), "bench-replay-")), "results", "replay.json");
    expect(await main(["--data", fixturesDirectory, "--out", out], io)).toBe(0);

    const output = lines.join("\n");
    expect(output).toMatch(
      /^dataset\s+rows read\s+entries\s+items\s+observations\s+series\s+span\s+step\s+load s\s+replay s\s+entries\/s$/m,
    );
    expect(output).not.toMatch(/warning|failed/);
    const results = JSON.parse(await readFile(out, "utf8")) as { datasets: DatasetReport[] };
    const byName = Object.fromEntries(results.datasets.map((report) => [report.dataset, report]));
    expect(Object.keys(byName)).toHaveLength(7);
    expect(byName["hn-frontpage-snapshots-2022"]).toMatchObject({
      rows: 11,
      entries: 7,
      items: 2,
      observations: 5,
      series: 0,
      complete: true,
    });
    expect(byName["github-trending-daily-2022-2023"]).toMatchObject({
      items: 3,
      observations: 4,
      series: 3,
      seriesPoints: 4,
      complete: true,
    });
    expect(byName["reddit-r-all-hourly-2023-12"]).toMatchObject({ items: 3, observations: 5, stepMs: 3_600_000, passes: 3 });
    expect(byName["google-trends-chatgpt-2023"]).toMatchObject({ series: 1, seriesPoints: 3, passes: 3 });
  });

  it("runs only the datasets named with --only and reports the absent ones as skipped", async () => {
    const { lines, io } = captureIo();
    const empty = await mkdtemp(path.join(tmpdir(), "bench-empty-"));
    const out = path.join(empty, "replay.json");
    expect(await main(["--data", empty, "--only", "youtube-trending-daily,google-trends-chatgpt-2023", "--out", out], io)).toBe(0);
    expect(lines.filter((line) => line.includes("skipped"))).toEqual([
      `youtube-trending-daily: skipped — dataset file not found: ${path.join(empty, "youtube-trending-daily", "videos.csv")}`,
      `google-trends-chatgpt-2023: skipped — dataset file not found: ${path.join(empty, "google-trends-chatgpt-2023", "multiTimeline.csv")}`,
    ]);
  });

  it("rejects unknown datasets and options with exit code 2", async () => {
    const { lines, io } = captureIo();
    expect(await main(["--only", "myspace-2005"], io)).toBe(2);
    expect(lines[0]).toMatch(/^unknown dataset myspace-2005; known: hn-frontpage-snapshots-2022, /);
    expect(await main(["--speed", "fast"], io)).toBe(2);
  });
});
