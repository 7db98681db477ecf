import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { defaultVideoBenchSettings, runVideoBench, type VideoBenchResults, type VideoBenchSettings } from "./video/run-video-bench.js";

const benchDirectory = fileURLToPath(new URL("..", import.meta.url));
/** Where the figures are written unless `--out` says otherwise. */
export const defaultVideoResultsFile = path.join(benchDirectory, "results", "video.json");

const usage =
  "usage: pnpm bench:video [--videos N] [--fault-rate R] [--crash-after N] [--concurrency N] [--pending-ms MS] [--processing-ms MS] [--render-failure-rate R] [--seed N] [--out FILE]";

/** Where the script writes its lines (the console unless a test passes its own). */
export interface VideoBenchIo {
  log(line: string): void;
}

/** Runs `pnpm bench:video` with `argv`; returns the exit code (0 done, 1 a goal missed, 2 bad arguments). */
export async function main(argv: readonly string[], io: VideoBenchIo = { log: (line) => console.log(line) }): Promise<number> {
  let settings: VideoBenchSettings;
  let out: string;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        videos: { type: "string" },
        "fault-rate": { type: "string" },
        "crash-after": { type: "string" },
        concurrency: { type: "string" },
        "pending-ms": { type: "string" },
        "processing-ms": { type: "string" },
        "render-failure-rate": { type: "string" },
        seed: { type: "string" },
        out: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    });
    const d = defaultVideoBenchSettings;
    settings = {
      videos: integer(values.videos, "videos", d.videos, 1),
      faultRate: rate(values["fault-rate"], "fault-rate", d.faultRate),
      crashAfterStarts: integer(values["crash-after"], "crash-after", d.crashAfterStarts, 1),
      concurrency: integer(values.concurrency, "concurrency", d.concurrency, 1),
      pendingMs: integer(values["pending-ms"], "pending-ms", d.pendingMs, 0),
      processingMs: integer(values["processing-ms"], "processing-ms", d.processingMs, 1),
      renderFailureRate: rate(values["render-failure-rate"], "render-failure-rate", d.renderFailureRate),
      requestTimeoutMs: d.requestTimeoutMs,
      seed: integer(values.seed, "seed", d.seed, 0),
    };
    if (settings.crashAfterStarts >= settings.videos) throw new Error(`--crash-after must be below --videos (${settings.videos})`);
    out = path.resolve(values.out ?? defaultVideoResultsFile);
  } catch (error) {
    io.log(`${(error as Error).message}\n${usage}`);
    return 2;
  }

  io.log(
    `bench:video: ${settings.videos} renders on the HeyGen mock, ${Math.round(settings.faultRate * 100)}% faults (5xx, timeouts, 429), ` +
      `crash after start ${settings.crashAfterStarts}, then resume…`,
  );
  const results = await runVideoBench(settings);
  io.log("");
  io.log(formatVideoReport(results));
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(results, null, 2)}\n`, "utf8");
  io.log(`\nwrote ${out}`);
  const ok = results.terminal === results.jobs && results.duplicateRenders === 0 && results.crash.restartsOfAcceptedJobs === 0;
  if (!ok) io.log("GOAL MISSED: every job terminal with a reason, no duplicate paid render, no restart of an accepted job");
  return ok ? 0 : 1;
}

/** The printed table. */
export function formatVideoReport(results: VideoBenchResults): string {
  const failures = Object.entries(results.failureReasons)
    .map(([code, count]) => `${code} ${count}`)
    .join(", ");
  const rows: [string, string][] = [
    ["jobs", String(results.jobs)],
    ["terminal (completed or failed with reason)", String(results.terminal)],
    ["completed", String(results.completed)],
    ["failed", `${results.failed}${failures ? ` (${failures})` : ""}`],
    ["paid renders", String(results.paidRenders)],
    ["duplicate paid renders", String(results.duplicateRenders)],
    ["starts before the crash", String(results.crash.startsBeforeCrash)],
    ["accepted / in doubt at the crash", `${results.crash.acceptedAtCrash} / ${results.crash.inDoubtAtCrash}`],
    ["starts after restart (of accepted jobs)", `${results.crash.startsAfterRestart} (${results.crash.restartsOfAcceptedJobs})`],
    ["idempotent replays at the mock", String(results.mock.idempotentReplays)],
    [
      "injected faults: 5xx / timeouts / 429",
      `${results.mock.injectedServerErrors} / ${results.mock.injectedTimeouts} / ${results.mock.injectedRateLimits}`,
    ],
    ["peak concurrent renders", `${results.mock.peakConcurrentRenders} (limit ${results.settings.concurrency})`],
    ["wall seconds (run 1 + resume)", `${results.wallSeconds} (${results.crash.firstRunSeconds} + ${results.crash.resumeSeconds})`],
    ["ideal seconds (concurrency-bound)", String(results.idealSeconds)],
    ["wall / ideal", `${results.wallOverIdeal}x`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join("\n");
}

function integer(text: string | undefined, name: string, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min) throw new Error(`--${name} must be a whole number of at least ${min}, not "${text}"`);
  return value;
}

function rate(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < 0 || value > 1)
    throw new Error(`--${name} must be a number from 0 to 1, not "${text}"`);
  return value;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
