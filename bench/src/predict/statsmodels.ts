import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { UndercurrentError } from "@undercurrent/core";

/** Debian's interpreter: the only one that can import Debian's `python3-statsmodels` (see TOOLCHAIN.md §9). */
export const systemPython = "/usr/bin/python3";
const script = fileURLToPath(new URL("./statsmodels_forecast.py", import.meta.url));

/** One series to forecast with statsmodels. */
export interface StatsmodelsTask {
  values: number[];
  horizon: number;
  /** Season length for Theta's seasonality test. */
  period: number;
}

/** One model's forecast, or why it failed. */
export type StatsmodelsPath = { mean: (number | null)[]; lower?: (number | null)[]; upper?: (number | null)[] } | { error: string };

/** What the Python side returns. */
export interface StatsmodelsRun {
  versions: Record<string, string>;
  results: Record<"ets" | "theta", StatsmodelsPath>[];
  /** Seconds spent fitting and forecasting, per model, measured in Python. */
  seconds: Record<string, number>;
  /** Seconds for the whole child process, start to exit. */
  wallSeconds: number;
}

interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[], input?: string): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", (error) => resolve({ code: -1, stdout: "", stderr: error.message }));
    child.on("close", (code) =>
      resolve({ code, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8") }),
    );
    child.stdin.on("error", () => undefined);
    child.stdin.end(input ?? "");
  });
}

/** Whether statsmodels is usable, its version, and what the bench did to get it. */
export interface StatsmodelsStatus {
  available: boolean;
  version?: string;
  /** e.g. "installed python3-statsmodels with apt-get" or why it is unavailable. */
  note: string;
}

async function probe(): Promise<string | undefined> {
  const result = await run(systemPython, ["-c", "import statsmodels; print(statsmodels.__version__)"]);
  return result.code === 0 ? result.stdout.trim() : undefined;
}

/**
 * Makes sure `/usr/bin/python3` can import statsmodels, installing Debian's `python3-statsmodels` with apt-get
 * when it is missing and `install` is true (the bench says so through `log`). Never throws: an unavailable
 * statsmodels is reported and the bench runs the rest.
 */
export async function ensureStatsmodels(log: (line: string) => void, install = true): Promise<StatsmodelsStatus> {
  const version = await probe();
  if (version) return { available: true, version, note: `statsmodels ${version} already installed for ${systemPython}` };
  if (!install) return { available: false, note: "statsmodels not installed and installing was turned off" };
  log(`statsmodels is missing for ${systemPython}: installing Debian's python3-statsmodels with apt-get (about 35 s)…`);
  let result = await run("apt-get", ["install", "-y", "-q", "python3-statsmodels"]);
  if (result.code !== 0) {
    log("apt-get install failed; running apt-get update and trying once more…");
    await run("apt-get", ["update", "-q"]);
    result = await run("apt-get", ["install", "-y", "-q", "python3-statsmodels"]);
  }
  const after = await probe();
  if (after) {
    log(`installed python3-statsmodels (statsmodels ${after})`);
    return { available: true, version: after, note: `installed python3-statsmodels with apt-get (statsmodels ${after})` };
  }
  const reason = result.stderr.trim().split("\n").slice(-2).join(" ") || `apt-get exited with ${result.code}`;
  log(`could not install statsmodels (${reason}); the statsmodels columns are left out`);
  return { available: false, note: `statsmodels could not be installed: ${reason}` };
}

/** Forecasts every task with statsmodels' damped ETS and Theta in one `/usr/bin/python3` process. */
export async function runStatsmodels(
  tasks: readonly StatsmodelsTask[],
  options: { models?: readonly ("ets" | "theta")[]; level?: number; pathsOnly?: boolean } = {},
): Promise<StatsmodelsRun> {
  const request = JSON.stringify({
    tasks,
    models: options.models ?? ["ets", "theta"],
    level: options.level ?? 0.8,
    pathsOnly: options.pathsOnly ?? false,
  });
  const started = performance.now();
  const result = await run(systemPython, [script], request);
  const wallSeconds = (performance.now() - started) / 1000;
  if (result.code !== 0) {
    throw new UndercurrentError({
      code: "STATSMODELS_FAILED",
      message: `statsmodels run failed (exit ${result.code}): ${result.stderr.trim().split("\n").slice(-3).join(" ")}`,
    });
  }
  return { ...(JSON.parse(result.stdout) as Omit<StatsmodelsRun, "wallSeconds">), wallSeconds };
}
