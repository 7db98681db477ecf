import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSqliteStore } from "@undercurrent/store-sqlite";
import { createHeyGenMockServer, type HeyGenMockServer } from "@undercurrent/video-heygen";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFakeIo } from "../fake-io.js";
import { runCli } from "../run-cli.js";

let cwd: string;
let servers: HeyGenMockServer[] = [];

const briefs = [
  {
    id: "launch-teaser",
    script: "Acme Cloud Backup is here. Backups run every hour, and everything is encrypted before it leaves your laptop.",
    platforms: ["tiktok", "instagram-reels", "youtube"],
    avatar: { tone: "professional", gender: "female" },
  },
  {
    id: "how-it-works",
    script: "Here is how Acme Cloud Backup works in three steps: install it, pick your folders, and forget about it.",
    platforms: ["linkedin"],
    avatar: { tone: "casual" },
  },
];

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), "undercurrent-cli-render-"));
  writeFileSync(join(cwd, "briefs.json"), JSON.stringify(briefs));
});

afterEach(async () => {
  for (const server of servers) await server.close();
  servers = [];
  rmSync(cwd, { recursive: true, force: true });
});

async function run(argv: string[], options: { env?: Record<string, string>; signal?: AbortSignal } = {}) {
  const io = { ...createFakeIo({ cwd, ...(options.env && { env: options.env }) }), ...(options.signal && { signal: options.signal }) };
  const exitCode = await runCli(argv, io);
  return { exitCode, stdout: io.stdout.text(), stderr: io.stderr.text() };
}

async function startMock(options: Parameters<typeof createHeyGenMockServer>[0] = {}) {
  const server = await createHeyGenMockServer({ renderTiming: { pendingMs: 100, processingMs: 300 }, ...options });
  servers.push(server);
  return server;
}

describe("undercurrent render", { timeout: 30_000 }, () => {
  it("renders a batch of briefs on the HeyGen mock with a progress bar, into the ledger", async () => {
    const result = await run(["render", "briefs.json", "--mock", "--json"]);
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      batchId: "render:briefs",
      provider: expect.stringMatching(/^heygen mock at http:\/\/127\.0\.0\.1:\d+$/),
      total: 3,
      completed: 3,
      failed: 0,
      startsThisRun: 3,
      estimatedCost: { amount: expect.any(Number), unit: "usd" },
    });
    expect(report.jobs.map((job: { draftId: string; aspectRatio: string }) => [job.draftId, job.aspectRatio])).toEqual([
      ["launch-teaser/9:16", "9:16"],
      ["launch-teaser/16:9", "16:9"],
      ["how-it-works/1:1", "1:1"],
    ]);
    for (const job of report.jobs) expect(job.videoUrl).toMatch(/^https?:\/\//);
    expect(result.stderr).toContain("render:briefs: 3 renders, estimated");

    const store = createSqliteStore({ path: join(cwd, ".undercurrent/undercurrent.db") });
    const jobs = await store.listVideoJobs({ batchId: "render:briefs" });
    await store.close();
    expect(jobs.map((job) => job.status)).toEqual(["completed", "completed", "completed"]);
    expect(jobs.every((job) => job.result?.videoUrl && job.idempotencyKey.startsWith("heygen-"))).toBe(true);

    const human = await run(["render", "briefs.json", "--mock", "--batch", "second"]);
    expect(human.exitCode).toBe(0);
    expect(human.stdout).toMatch(/^Batch second on heygen mock at .*: 3 of 3 completed, 0 failed/);
    expect(human.stdout).toMatch(/RENDER +RATIO +STATUS +ATTEMPTS +VIDEO \/ REASON/);
    expect(human.stdout).toMatch(/launch-teaser\/9:16 +9:16 +completed +1 +https?:\/\//);
    expect(human.stderr).toMatch(/render: 3 completed, 0 failed, 0 not done in \d+s/);
  });

  it("resumes a stopped batch against HeyGen without starting any render twice", async () => {
    const server = await startMock({ renderTiming: { pendingMs: 200, processingMs: 400 } });
    const env = { HEYGEN_API_KEY: server.apiKey, HEYGEN_BASE_URL: server.url };
    const many = Array.from({ length: 6 }, (_, index) => ({
      id: `video-${index + 1}`,
      script: `Video ${index + 1}: Acme Cloud Backup keeps every file safe, and you never have to think about it.`,
      platforms: ["tiktok"],
    }));
    writeFileSync(join(cwd, "many.json"), JSON.stringify({ batchId: "many", renders: many }));

    const controller = new AbortController();
    const watcher = setInterval(
      () => server.counters.paidRenders >= 2 && controller.abort(new DOMException("stopped by SIGINT", "AbortError")),
      5,
    );
    // Two renders in flight at a time: the next start waits for a render to finish (0.6 s), long after the stop.
    const stopped = await run(["render", "many.json", "--concurrency", "2", "--poll-interval", "0.1", "--json"], {
      env,
      signal: controller.signal,
    });
    clearInterval(watcher);
    expect(stopped.exitCode).toBe(130);
    expect(stopped.stderr).toContain("run the same command again to resume");
    const paidAtStop = server.counters.paidRenders;
    expect(paidAtStop).toBeGreaterThanOrEqual(2);
    expect(paidAtStop).toBeLessThan(6);

    const resumed = await run(["render", "many.json", "--poll-interval", "0.1", "--json"], { env });
    expect(resumed.exitCode).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ total: 6, completed: 6 });
    expect(server.counters.paidRenders).toBe(6);
    expect(server.counters.duplicatePaidRenders).toBe(0);
  });

  it("stops at the QA gate and goes on with --approve", async () => {
    const server = await startMock();
    const env = { HEYGEN_API_KEY: server.apiKey, HEYGEN_BASE_URL: server.url };
    const first = await run(["render", "briefs.json", "--qa", "1", "--poll-interval", "0.1"], { env });
    expect(first.exitCode).toBe(1);
    expect(first.stdout).toContain("Stopped at the QA gate");
    expect(server.counters.paidRenders).toBe(1);
    const second = await run(["render", "briefs.json", "--qa", "1", "--approve", "--poll-interval", "0.1", "--json"], { env });
    expect(second.exitCode).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ completed: 3, startsThisRun: 2 });
    expect(server.counters.paidRenders).toBe(3);
  });

  it("stops starting renders when the account runs out of credit, and finishes after a top-up without paying twice", async () => {
    const server = await startMock();
    const env = { HEYGEN_API_KEY: server.apiKey, HEYGEN_BASE_URL: server.url };
    const dry = JSON.parse((await run(["render", "briefs.json", "--dry-run", "--json"], { env })).stdout);
    server.setBalance((dry.estimatedCost.amount / dry.total) * 1.2); // enough for one render of the three
    const broke = await run(["render", "briefs.json", "--concurrency", "1", "--poll-interval", "0.1"], { env });
    expect(broke.exitCode).toBe(1);
    expect(broke.stderr).toContain("out of credit (HEYGEN_INSUFFICIENT_CREDIT)");
    expect(broke.stdout).toContain("Stopped: the account is out of credit.");
    const paid = server.counters.paidRenders;
    expect(paid).toBe(1);
    expect(server.counters.insufficientCredit).toBe(1); // the breaker stopped the other starts

    server.setBalance(1_000);
    const topped = await run(["render", "briefs.json", "--poll-interval", "0.1", "--json"], { env });
    expect(topped.exitCode).toBe(0);
    expect(JSON.parse(topped.stdout)).toMatchObject({ completed: 3, startsThisRun: 3 - paid });
    expect(server.counters.paidRenders).toBe(3);
    expect(server.counters.duplicatePaidRenders).toBe(0);
  });

  it("refuses a batch above --max-cost and a dry run starts nothing", async () => {
    const server = await startMock();
    const env = { HEYGEN_API_KEY: server.apiKey, HEYGEN_BASE_URL: server.url };
    const dry = await run(["render", "briefs.json", "--dry-run", "--json"], { env });
    expect(dry.exitCode).toBe(0);
    const estimate = JSON.parse(dry.stdout).estimatedCost.amount;
    expect(estimate).toBeGreaterThan(0);
    const refused = await run(["render", "briefs.json", "--max-cost", String(estimate / 2)], { env });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain("error VIDEO_BUDGET_EXCEEDED");
    expect(server.counters.createRequests).toBe(0);
  });

  it("needs HEYGEN_API_KEY or --mock, names bad brief fields, and never prints the API key", async () => {
    const missingKey = await run(["render", "briefs.json"]);
    expect(missingKey.exitCode).toBe(2);
    expect(missingKey.stderr).toContain("HEYGEN_API_KEY is not set");

    writeFileSync(join(cwd, "bad.json"), JSON.stringify([{ script: "Hello there." }, { platforms: ["tiktok"] }]));
    const bad = await run(["render", "bad.json", "--mock"]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/renders\.1\.script/);

    const server = await startMock();
    const secret = "hg_live_secret_key_0123456789abcdef";
    const wrongKey = await run(["render", "briefs.json", "--json", "--verbose"], {
      env: { HEYGEN_API_KEY: secret, HEYGEN_BASE_URL: server.url },
    });
    expect(wrongKey.exitCode).toBe(1);
    expect(`${wrongKey.stdout}${wrongKey.stderr}`).not.toContain(secret);
    expect(server.counters.paidRenders).toBe(0);
  });
});
