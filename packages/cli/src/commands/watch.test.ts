import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createManualClock, createReplaySources, type ManualClock, type Source, UndercurrentError } from "@undercurrent/core";
import { createMockSource } from "@undercurrent/core/testing";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createFakeIo } from "../fake-io.js";
import { runCli } from "../run-cli.js";
import { formatTime } from "../trend-report.js";
import { burstRecording, burstStart, recordingHour } from "./__fixtures__/burst-recording.js";
import { createWatchCommand } from "./watch.js";

const hour = 3_600_000;

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), "undercurrent-cli-watch-"));
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

/** A source that fails its first pull, then answers (with nothing). */
function flakySource(): Source {
  const error = new UndercurrentError({ code: "FLAKY_TIMEOUT", message: "upstream did not answer", isRetryable: true });
  return createMockSource({ id: "flaky", failure: (pull) => (pull === 0 ? error : undefined) });
}

/**
 * Runs `watch` over the recording's sources and a flaky one under a manual clock, moving time an hour at a time
 * until `until`, then aborts as SIGINT would. Returns the exit code and the output.
 */
async function watchUntil(clock: ManualClock, until: number, argv: string[] = []) {
  const sources = [...(await createReplaySources(burstRecording())), flakySource()];
  const controller = new AbortController();
  const io = { ...createFakeIo({ cwd }), clock, signal: controller.signal };
  const watch = createWatchCommand({ createSources: () => ({ sources, skipped: [{ id: "reddit", reason: "no credentials" }] }) });
  const running = runCli(["--store", "watch.db", "watch", "--interval", "60", ...argv], io, { commands: [watch] });
  // Each source pulls, then sleeps until its next poll: wait for all three to be asleep before moving time on.
  const allAsleep = () => vi.waitFor(() => expect(clock.pending).toBe(sources.length), { timeout: 15_000, interval: 2 });
  await allAsleep();
  while (clock.now() < until) {
    await clock.advance(hour);
    await allAsleep();
  }
  controller.abort(new DOMException("stopped by SIGINT", "AbortError"));
  const exitCode = await running;
  return { exitCode, stdout: io.stdout.text(), stderr: io.stderr.text() };
}

describe("undercurrent watch", () => {
  it("pulls on the interval, prints trend and source events as they happen and stops cleanly when aborted", async () => {
    const clock = createManualClock(recordingHour(8 * 24));
    const { exitCode, stdout, stderr } = await watchUntil(clock, burstStart.getTime() + 22 * hour);
    expect(exitCode).toBe(0);

    const lines = stdout.trimEnd().split("\n");
    // The flaky source: degraded on the first pull (at the start), recovered an hour later.
    expect(lines[0]).toBe(`${formatTime(recordingHour(8 * 24))}  degraded   flaky: FLAKY_TIMEOUT: upstream did not answer`);
    expect(lines[1]).toBe(`${formatTime(recordingHour(8 * 24 + 1))}  recovered  flaky`);
    // The burst, detected at the virtual hour it was flagged, with where it was seen first.
    const detected = lines.find((line) => line.includes("  detected "));
    expect(detected).toMatch(
      /^2022-08-09 \d\d:00Z {2}detected {3}Stable Diffusion: github, hackernews; confidence 0\.\d\d; first seen on github 2022-08-09 02:00Z$/,
    );
    const detectedAt = Date.parse(`${detected?.slice(0, 16).replace(" ", "T")}:00Z`);
    expect(detectedAt).toBeGreaterThan(burstStart.getTime() + 5 * hour);
    expect(lines.indexOf(detected ?? "")).toBeGreaterThan(1);

    expect(stderr).toContain("reddit: skipped (no credentials)");
    expect(stderr).toContain(`Watching github, hackernews, flaky every 60 min into ${join(cwd, "watch.db")} (Ctrl-C to stop)`);
    expect(stderr).toMatch(/Stopped after \d+h\d\dm: 1 trend detected, \d+ status changes?\n$/);
  });

  it("prints each event as one JSON document per line with --json", async () => {
    const clock = createManualClock(recordingHour(8 * 24));
    const { exitCode, stdout } = await watchUntil(clock, recordingHour(8 * 24 + 1).getTime(), ["--json"]);
    expect(exitCode).toBe(0);
    const events = stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(events).toEqual([
      {
        event: "source-degraded",
        at: recordingHour(8 * 24).toISOString(),
        sourceId: "flaky",
        health: expect.objectContaining({ status: "degraded", code: "FLAKY_TIMEOUT", reason: "upstream did not answer" }),
      },
      {
        event: "source-recovered",
        at: recordingHour(8 * 24 + 1).toISOString(),
        sourceId: "flaky",
        health: expect.objectContaining({ status: "ok" }),
      },
    ]);
  });

  it("rejects a non-numeric --interval, naming the flag, with exit code 2", async () => {
    const io = createFakeIo({ cwd });
    expect(await runCli(["watch", "--interval", "soon"], io)).toBe(2);
    expect(io.stderr.text()).toContain("option '--interval <minutes>' argument 'soon' is invalid. expected a number greater than 0.");
  });
});
