import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toJsonLines } from "@undercurrent/core";
import { createSqliteStore } from "@undercurrent/store-sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFakeIo } from "../fake-io.js";
import { runCli } from "../run-cli.js";
import { formatTime } from "../trend-report.js";
import { burstRecording, burstStart, recordingHour } from "./__fixtures__/burst-recording.js";

const hour = 3_600_000;
const trendId = "trend:github:CompVis/stable-diffusion";

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), "undercurrent-cli-replay-"));
  writeFileSync(join(cwd, "burst.jsonl"), toJsonLines(burstRecording()));
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

async function run(argv: string[]) {
  const io = createFakeIo({ cwd });
  const exitCode = await runCli(argv, io);
  return { exitCode, stdout: io.stdout.text(), stderr: io.stderr.text() };
}

describe("undercurrent replay", () => {
  it("replays a recording under a virtual clock and prints when the planted trend was first flagged", async () => {
    const json = await run(["replay", "burst.jsonl", "--json"]);
    expect(json.exitCode).toBe(0);
    expect(json.stderr).toBe("");
    const report = JSON.parse(json.stdout);
    const entries = burstRecording().length;
    expect(report).toMatchObject({
      file: join(cwd, "burst.jsonl"),
      entries,
      played: entries,
      sources: ["github", "hackernews"],
      from: recordingHour(0).toISOString(),
      stepHours: 1,
      items: entries,
      store: "memory",
    });
    // Defaults: from the first entry to the last, a pass an hour, and one more at the end.
    expect(report.passes).toBe((Date.parse(report.to) - Date.parse(report.from)) / hour + 1);
    expect(report.trends).toHaveLength(1);
    const [trend] = report.trends;
    expect(trend).toMatchObject({
      id: trendId,
      name: expect.stringMatching(/stable diffusion/i),
      sources: ["github", "hackernews"],
      firstSeen: { source: "github", at: burstStart.toISOString(), leadHours: 5, nextSource: "hackernews" },
    });
    // Flagged on a pass (a whole virtual hour) within the day of the burst, after Hacker News picked it up.
    const flaggedAt = Date.parse(trend.firstFlaggedAt);
    expect(flaggedAt % hour).toBe(0);
    expect(flaggedAt).toBeGreaterThan(burstStart.getTime() + 5 * hour);
    expect(flaggedAt).toBeLessThan(burstStart.getTime() + 24 * hour);

    const human = await run(["replay", "burst.jsonl"]);
    expect(human.exitCode).toBe(0);
    const lines = human.stdout.split("\n");
    expect(lines[0]).toBe(
      `Replayed ${entries} of ${entries} entries (github, hackernews) from ${formatTime(recordingHour(0))} to ${formatTime(new Date(report.to))}, ` +
        `a pass every 1.0 h: ${report.passes} passes, ${entries} new items`,
    );
    expect(lines[1]).toMatch(/^FIRST FLAGGED +TREND +SOURCES +FIRST SOURCE \(LEAD\) +STATUS +CONFIDENCE +ID$/);
    expect(lines[2]).toMatch(
      new RegExp(
        `^${formatTime(new Date(flaggedAt))} +Stable Diffusion +github, hackernews +github, 5\\.0 h before hackernews +\\w+ +0\\.\\d\\d +${trendId}$`,
      ),
    );
    // Progress (entries replayed / total) goes to stderr, ending with a summary.
    expect(human.stderr).toMatch(/^replay: \d+\/\d+ \(\d+%\)/m);
    expect(human.stderr).toContain(`replay: ${entries}/${entries} entries in ${report.passes} passes in `);
  });

  it("replays only the window --from and --to give, in steps of --step hours", async () => {
    const { exitCode, stdout } = await run([
      "replay",
      "burst.jsonl",
      "--json",
      "--from",
      "2022-08-02",
      "--to",
      "2022-08-05T00:00Z",
      "--step",
      "6",
    ]);
    expect(exitCode).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      from: "2022-08-02T00:00:00.000Z",
      to: "2022-08-05T00:00:00.000Z",
      stepHours: 6,
      passes: 13,
      trends: [],
    });
    const before = burstRecording().filter((entry) => new Date(entry.at).getTime() <= Date.UTC(2022, 7, 5)).length;
    expect(report.played).toBe(before);
    expect(report.items).toBe(before);
  });

  it("keeps the trends in the database with --persist, for `trends` and `trends show`", async () => {
    const first = await run(["--store", "history.db", "replay", "burst.jsonl", "--persist", "--json"]);
    expect(first.exitCode).toBe(0);
    expect(JSON.parse(first.stdout).store).toBe(join(cwd, "history.db"));
    // A second replay into the same database flags the trend again: replayed items are new to its engine, and
    // the replay does not resume from (or leave) source cursors in the database.
    const second = await run(["--store", "history.db", "replay", "burst.jsonl", "--persist", "--json"]);
    const again = JSON.parse(second.stdout);
    expect(again.items).toBe(0);
    expect(again.trends.map((trend: { id: string }) => trend.id)).toEqual([trendId]);
    const store = createSqliteStore({ path: join(cwd, "history.db"), readonly: true });
    try {
      expect(await store.getCursor("hackernews")).toBeUndefined();
      expect(await store.countItems()).toBe(burstRecording().length);
    } finally {
      await store.close();
    }

    const list = await run(["--store", "history.db", "trends"]);
    expect(list.exitCode).toBe(0);
    const [header, row] = list.stdout.split("\n");
    expect(header).toMatch(/^TREND +SOURCES +FIRST SEEN +VELOCITY +CONFIDENCE +STATUS +LAST 24 H +ID$/);
    expect(row).toMatch(
      /^Stable Diffusion +github, hackernews +github 2022-08-09 02:00Z +[+-]?\d+\.\d\d\/h +0\.\d\d +\w+ +[▁▂▃▄▅▆▇█]{24} +trend:github:CompVis\/stable-diffusion$/,
    );

    const show = await run(["--store", "history.db", "trends", "show", "github:CompVis/stable-diffusion"]);
    expect(show.exitCode).toBe(0);
    expect(show.stdout).toMatch(/^Stable Diffusion\n {2}Id +trend:github:CompVis\/stable-diffusion\n/);
    expect(show.stdout).toMatch(/^ {2}First source +github, 5\.0 h before hackernews$/m);
    expect(show.stdout).toMatch(/^github +2022-08-09 02:00Z +first +1 +/m);
    expect(show.stdout).toMatch(/^hackernews +2022-08-09 07:00Z +5\.0 h later +8 +/m);
    expect(show.stdout).toMatch(
      /^ {2}2022-08-09 02:00Z {2}github +CompVis\/stable-diffusion {2}https:\/\/github\.com\/CompVis\/stable-diffusion$/m,
    );
  });

  it("fails with the file and the line of a broken or missing recording", async () => {
    const missing = await run(["replay", "nope.jsonl"]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toBe(`error RECORDING_NOT_FOUND: no recording at ${join(cwd, "nope.jsonl")}\n`);

    writeFileSync(join(cwd, "broken.jsonl"), `${toJsonLines(burstRecording().slice(0, 2))}{"type":"item","at":"2022-08-01T00:00:00Z"}\n`);
    const broken = await run(["replay", "broken.jsonl", "--json"]);
    expect(broken.exitCode).toBe(1);
    const { error } = JSON.parse(broken.stdout);
    expect(error.code).toBe("RECORDING_INVALID");
    expect(error.message).toContain(`${join(cwd, "broken.jsonl")}:3: item`);

    writeFileSync(join(cwd, "empty.jsonl"), "\n");
    const empty = await run(["replay", "empty.jsonl"]);
    expect(empty.exitCode).toBe(1);
    expect(empty.stderr).toContain("error RECORDING_EMPTY:");
  });

  it("rejects bad options, naming the flag, with exit code 2", async () => {
    const badDate = await run(["replay", "burst.jsonl", "--from", "2022-13-01"]);
    expect(badDate.exitCode).toBe(2);
    expect(badDate.stderr).toContain("option '--from <iso>' argument '2022-13-01' is invalid.");

    const notADate = await run(["replay", "burst.jsonl", "--to", "yesterday"]);
    expect(notADate.exitCode).toBe(2);
    expect(notADate.stderr).toContain("option '--to <iso>' argument 'yesterday' is invalid. expected an ISO 8601 date");

    const badStep = await run(["replay", "burst.jsonl", "--step", "0"]);
    expect(badStep.exitCode).toBe(2);
    expect(badStep.stderr).toContain("option '--step <hours>' argument '0' is invalid.");

    const backwards = await run(["replay", "burst.jsonl", "--from", "2022-08-05", "--to", "2022-08-02"]);
    expect(backwards.exitCode).toBe(2);
    expect(backwards.stderr).toBe(
      "error CONFIG_INVALID: --to: 2022-08-02T00:00:00.000Z is before the start of the replay, 2022-08-05T00:00:00.000Z\n",
    );

    const memory = await run(["--store", ":memory:", "replay", "burst.jsonl", "--persist"]);
    expect(memory.exitCode).toBe(2);
    expect(memory.stderr).toContain("--persist needs a database file");
    expect(existsSync(join(cwd, ":memory:"))).toBe(false);
  });
});
