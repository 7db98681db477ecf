import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Clock, systemClock } from "@undercurrent/core";
import { createTestServer } from "@undercurrent/core/testing";
import { createSqliteStore } from "@undercurrent/store-sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFakeIo } from "../fake-io.js";
import { runCli } from "../run-cli.js";
import { healthyUpstreams, unreachableUpstreams, upstreamUrls } from "./__fixtures__/upstreams.js";
import { offlineHint, scanHttpSettings } from "./scan.js";

const server = createTestServer();

/** 2025-06-01T18:00:00Z: the evening after the Mastodon and Google Trends fixtures were recorded. */
const now = Date.UTC(2025, 5, 1, 18);
/** Time stands still for the sources' windows; waits (retry backoff) are real. */
const fixedClock: Clock = { now: () => now, sleep: systemClock.sleep };

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), "undercurrent-cli-scan-"));
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

async function scan(argv: string[] = []) {
  const io = { ...createFakeIo({ cwd }), clock: fixedClock };
  const exitCode = await runCli(["--store", "scan.db", "scan", ...argv], io);
  return { exitCode, stdout: io.stdout.text(), stderr: io.stderr.text() };
}

describe("undercurrent scan", () => {
  it("pulls the key-less sources once, stores what they return and prints the cross-source trend as a table", async () => {
    server.use(healthyUpstreams(now));
    const { exitCode, stdout, stderr } = await scan();
    expect(exitCode).toBe(0);

    const lines = stdout.split("\n");
    expect(lines[0]).toBe("Top trends in the last 24 h");
    expect(lines[1]).toMatch(/^TREND +SOURCES +FIRST SEEN +VELOCITY +CONFIDENCE +STATUS +LAST 24 H +ID$/);
    const row = lines.find((line) => line.endsWith(" trend:github:CompVis/stable-diffusion"));
    expect(row, stdout).toBeDefined();
    // Named from its key phrases, seen on all three sources, first on GitHub ten hours before now; a sparkline of the last day.
    expect(row).toMatch(
      /^\S*(Stable )?Diffusion[\w ]* +github, hackernews, mastodon +github 2025-06-01 08:00Z +[+-]?\d+\.\d\d\/h +0\.\d\d +(emerging|rising) +[▁▂▃▄▅▆▇█]{24} +trend:/,
    );
    expect(row?.match(/[▁▂▃▄▅▆▇█]{24}/)?.[0]).toMatch(/[▂▃▄▅▆▇█]/);

    // Status lines on stderr: each source ok with what it brought; Reddit and RSS left out, saying why.
    expect(stderr).toMatch(/^ {2}hackernews +ok +8 items \(8 new\)$/m);
    expect(stderr).toMatch(/^ {2}github +ok +2 items \(2 new\)$/m);
    expect(stderr).toMatch(/^ {2}google-trends +ok +\d+ items \(\d+ new\)$/m);
    expect(stderr).toMatch(/^ {2}mastodon +ok +\d+ items \(\d+ new\)$/m);
    expect(stderr).toMatch(/^ {2}reddit +skipped +needs OAuth credentials: set REDDIT_CLIENT_ID, REDDIT_CLIENT_SECRET, REDDIT_USER_AGENT/m);
    expect(stderr).toMatch(/^ {2}rss +skipped +no feeds/m);
    expect(stderr).not.toContain("No source could be reached");

    const store = createSqliteStore({ path: join(cwd, "scan.db") });
    try {
      expect(await store.countItems({ source: "github" })).toBe(2);
      expect(await store.countItems({ source: "hackernews" })).toBe(8);
      expect((await store.listTrends()).map((trend) => trend.id)).toContain("trend:github:CompVis/stable-diffusion");
    } finally {
      await store.close();
    }
  });

  it("prints { sources, skipped, trends } as one JSON document with --json, and nothing on stderr", async () => {
    server.use(healthyUpstreams(now));
    const { exitCode, stdout, stderr } = await scan(["--json", "--limit", "1"]);
    expect(exitCode).toBe(0);
    expect(stderr).toBe("");
    const report = JSON.parse(stdout);
    expect(report.sources.map((source: { sourceId: string }) => source.sourceId)).toEqual([
      "hackernews",
      "github",
      "google-trends",
      "mastodon",
    ]);
    for (const source of report.sources) expect(source).toMatchObject({ status: "ok", consecutiveFailures: 0 });
    expect(report.skipped.map((source: { id: string }) => source.id)).toEqual(["reddit", "rss"]);
    expect(report).toMatchObject({ lookbackHours: 24, store: join(cwd, "scan.db"), resumedItems: 0 });
    expect(report.hint).toBeUndefined();
    expect(report.trends).toHaveLength(1);
    const [trend] = report.trends;
    expect(trend).toMatchObject({
      id: "trend:github:CompVis/stable-diffusion",
      name: expect.stringMatching(/diffusion/i),
      sources: ["github", "hackernews", "mastodon"],
      firstSeen: { source: "github", at: "2025-06-01T08:00:00.000Z" },
    });
    // The first source has lead 0; its lead is the time until the next source saw the trend.
    const [first, next] = trend.evidence;
    expect(first).toMatchObject({ source: "github", leadHours: 0 });
    expect(trend.firstSeen.nextSource).toBe(next.source);
    expect(trend.firstSeen.leadHours).toBe(-next.leadHours);
    expect(trend.firstSeen.leadHours).toBeGreaterThan(0);
    expect(trend.hourlyMentions).toHaveLength(24);
    expect(trend.hourlyMentions.reduce((sum: number, value: number) => sum + value, 0)).toBe(trend.metadata.mentions);
  });

  it("starts the engine from the stored items, so a second scan still sees the trend", async () => {
    server.use(healthyUpstreams(now));
    expect((await scan()).exitCode).toBe(0);
    const second = await scan(["--json"]);
    const report = JSON.parse(second.stdout);
    expect(report.resumedItems).toBeGreaterThanOrEqual(10);
    expect(report.sources.every((source: { newItems: number }) => source.newItems === 0)).toBe(true);
    expect(report.trends.map((trend: { id: string }) => trend.id)).toContain("trend:github:CompVis/stable-diffusion");
  });

  it("filters with --min-confidence and --lookback, and reads its sources' options from the config", async () => {
    server.use(healthyUpstreams(now));
    writeFileSync(join(cwd, "undercurrent.config.json"), JSON.stringify({ sources: { "google-trends": { enabled: false } } }));
    const { exitCode, stdout } = await scan(["--json", "--min-confidence", "1", "--lookback", "12"]);
    expect(exitCode).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.lookbackHours).toBe(12);
    expect(report.trends).toEqual([]);
    expect(report.skipped).toContainEqual({ id: "google-trends", reason: "disabled (sources.google-trends.enabled is false)" });
    expect(server.calls.some((call) => call.url.startsWith(upstreamUrls.googleTrends))).toBe(false);
    // The 12-hour window reached the search of GitHub.
    const search = server.calls.find((call) => call.url.startsWith(upstreamUrls.gitHub));
    expect(new URL(search?.url ?? "https://x").searchParams.get("q")).toContain("created:>=2025-06-01T06:00:00Z");
  });

  it("names the config key of a bad source option, with exit code 2", async () => {
    writeFileSync(join(cwd, "undercurrent.config.json"), JSON.stringify({ sources: { hackernews: { tags: ["nope"] } } }));
    const { exitCode, stderr } = await scan();
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/^error CONFIG_INVALID: sources\.hackernews: tags\.0: expected one of story, show_hn, ask_hn, front_page/);
  });

  it("reports every source down with its reason, points to replay and exits 3 when the network is unreachable", async () => {
    server.use(unreachableUpstreams());
    const { exitCode, stdout, stderr } = await scan();
    expect(exitCode).toBe(0);
    expect(stdout).toBe("No trends in the last 24 h (0 items looked at).\n");
    for (const [id, host] of [
      ["hackernews", "hn.algolia.com"],
      ["github", "api.github.com"],
      ["google-trends", "trends.google.com"],
      ["mastodon", "mastodon.social"],
    ] as const) {
      expect(stderr).toMatch(new RegExp(`^ {2}${id} +down +NETWORK_ERROR: GET https://${host.replace(/\./g, "\\.")}/\\S+ failed: `, "m"));
    }
    expect(stderr).toContain(`warning: ${offlineHint}`);
    expect(offlineHint).toContain("undercurrent replay <file>");
    // What keeps it quick: one retry per request, and no source tried again in the same scan.
    expect(scanHttpSettings).toEqual({ timeoutMs: 10_000, retries: 1 });
    for (const url of Object.values(upstreamUrls)) {
      expect(server.calls.filter((call) => call.url.startsWith(url)).length).toBeLessThanOrEqual(1 + scanHttpSettings.retries);
    }
  });

  it("puts the down sources and the hint in the JSON report when offline", async () => {
    server.use(unreachableUpstreams());
    const { exitCode, stdout, stderr } = await scan(["--json"]);
    expect(exitCode).toBe(0);
    expect(stderr).toBe("");
    const report = JSON.parse(stdout);
    expect(report.hint).toBe(offlineHint);
    expect(report.trends).toEqual([]);
    for (const source of report.sources) {
      expect(source).toMatchObject({ status: "down", code: "NETWORK_ERROR", consecutiveFailures: 1, items: 0 });
      expect(source.reason).toMatch(/failed: /);
    }
  });

  it("rejects a negative --lookback, naming the flag, with exit code 2 and no store created", async () => {
    const { exitCode, stderr } = await scan(["--lookback", "-3"]);
    expect(exitCode).toBe(2);
    expect(stderr).toContain("option '--lookback <hours>' argument '-3' is invalid. expected a number greater than 0.");
    expect(existsSync(join(cwd, "scan.db"))).toBe(false);
  });
});
