import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toJsonLines } from "@undercurrent/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeIo } from "../fake-io.js";
import { runCli } from "../run-cli.js";
import { burstRecording, burstStart } from "./__fixtures__/burst-recording.js";

const trendId = "trend:github:CompVis/stable-diffusion";

let cwd: string;

// One store for the whole file, filled by `replay --persist`; every test only reads it.
beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), "undercurrent-cli-trends-"));
  writeFileSync(join(cwd, "burst.jsonl"), toJsonLines(burstRecording()));
  const exitCode = await runCli(["--store", "history.db", "replay", "burst.jsonl", "--persist", "--quiet"], createFakeIo({ cwd }));
  if (exitCode !== 0) throw new TypeError(`replay --persist exited with ${exitCode}`);
});

afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

async function run(argv: string[]) {
  const io = createFakeIo({ cwd });
  const exitCode = await runCli(["--store", "history.db", ...argv], io);
  return { exitCode, stdout: io.stdout.text(), stderr: io.stderr.text() };
}

async function listIds(argv: string[]): Promise<string[]> {
  const { exitCode, stdout } = await run(["trends", "--json", ...argv]);
  expect(exitCode).toBe(0);
  return JSON.parse(stdout).trends.map((trend: { id: string }) => trend.id);
}

describe("undercurrent trends", () => {
  it("lists the stored trends as JSON, with where each was seen first and its hourly mentions", async () => {
    const { exitCode, stdout, stderr } = await run(["trends", "--json"]);
    expect(exitCode).toBe(0);
    expect(stderr).toBe("");
    const report = JSON.parse(stdout);
    expect(report.store).toBe(join(cwd, "history.db"));
    expect(report.query).toEqual({ limit: 20 });
    expect(report.trends).toHaveLength(1);
    expect(report.trends[0]).toMatchObject({
      id: trendId,
      sources: ["github", "hackernews"],
      firstSeen: { source: "github", at: burstStart.toISOString(), leadHours: 5, nextSource: "hackernews" },
    });
    expect(report.trends[0].hourlyMentions).toHaveLength(24);
  });

  it("filters by status, confidence, source and update time", async () => {
    const { stdout } = await run(["trends", "--json"]);
    const [trend] = JSON.parse(stdout).trends;
    const otherStatuses = ["emerging", "rising", "peaking", "declining"].filter((status) => status !== trend.status);

    expect(await listIds(["--status", trend.status])).toEqual([trendId]);
    expect(await listIds(["--status", otherStatuses.join(",")])).toEqual([]);
    expect(await listIds(["--min-confidence", String(trend.confidence)])).toEqual([trendId]);
    expect(await listIds(["--min-confidence", "1"])).toEqual([]);
    expect(await listIds(["--source", "mastodon,github"])).toEqual([trendId]);
    expect(await listIds(["--source", "mastodon"])).toEqual([]);
    expect(await listIds(["--since", "2022-08-01"])).toEqual([trendId]);
    expect(await listIds(["--since", "2030-01-01T00:00Z"])).toEqual([]);

    const none = await run(["trends", "--status", otherStatuses[0] ?? "rising"]);
    expect(none.stdout).toBe("No stored trend matches.\n");
  });

  it("shows one trend with its snapshots and evidence items as JSON; the trend: prefix is optional", async () => {
    const { exitCode, stdout } = await run(["trends", "show", trendId, "--json"]);
    expect(exitCode).toBe(0);
    const detail = JSON.parse(stdout);
    expect(detail.trend.id).toBe(trendId);
    expect(detail.snapshots.length).toBeGreaterThan(1);
    expect(detail.snapshots[0].status).toBe("emerging");
    expect(detail.items.map((item: { id: string }) => item.id)).toContain("github:CompVis/stable-diffusion");
    expect(detail.items).toHaveLength(9);

    const short = await run(["trends", "show", "github:CompVis/stable-diffusion", "--json"]);
    expect(JSON.parse(short.stdout).trend.id).toBe(trendId);
  });

  it("fails with exit code 1 on an unknown trend or a missing database", async () => {
    const unknown = await run(["trends", "show", "trend:nope"]);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toBe('error TREND_NOT_FOUND: no trend "trend:nope" in the store; `undercurrent trends` lists them\n');

    const io = createFakeIo({ cwd });
    expect(await runCli(["--store", "missing.db", "trends"], io)).toBe(1);
    expect(io.stderr.text()).toBe(
      `error STORE_NOT_FOUND: no database at ${join(cwd, "missing.db")} (store.path, flag --store); ` +
        "fill it with `undercurrent scan`, or `undercurrent replay <file> --persist`\n",
    );
  });

  it("rejects an unknown status, a bad date and a confidence above 1, naming the flag, with exit code 2", async () => {
    const status = await run(["trends", "--status", "rising,hot"]);
    expect(status.exitCode).toBe(2);
    expect(status.stderr).toContain(
      `option '--status <statuses>' argument 'rising,hot' is invalid. unknown status "hot"; expected one or more of emerging, rising, peaking, declining`,
    );

    const since = await run(["trends", "--since", "2022-02-30"]);
    expect(since.exitCode).toBe(2);
    expect(since.stderr).toContain(
      "option '--since <iso>' argument '2022-02-30' is invalid. expected a real date; 2022-02-30 does not exist.",
    );

    const confidence = await run(["trends", "--json", "--min-confidence", "2"]);
    expect(confidence.exitCode).toBe(2);
    expect(JSON.parse(confidence.stdout).error).toEqual({
      code: "USAGE_ERROR",
      message: "option '--min-confidence <x>' argument '2' is invalid. expected a number from 0 to 1.",
    });
  });
});
