import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "./bench-video.js";
import type { VideoBenchResults } from "./video/run-video-bench.js";

function captureIo() {
  const lines: string[] = [];
  return { lines, io: { log: (line: string) => lines.push(line) } };
}

describe("bench-video main", () => {
  it("renders through faults and a crash, resumes without paying twice, prints the table and writes the results", async () => {
    const out = path.join(await mkdtemp(path.join(tmpdir(), "bench-video-")), "video.json");
    const { lines, io } = captureIo();
    const argv = ["--videos", "16", "--crash-after", "6", "--concurrency", "4", "--pending-ms", "50", "--processing-ms", "150"];
    expect(await main([...argv, "--fault-rate", "0.15", "--render-failure-rate", "0.1", "--seed", "3", "--out", out], io)).toBe(0);
    const output = lines.join("\n");
    expect(output).toMatch(/^duplicate paid renders\s+0$/m);
    expect(output).toMatch(/^wall \/ ideal\s+[\d.]+x$/m);

    const results = JSON.parse(await readFile(out, "utf8")) as VideoBenchResults;
    expect(results).toMatchObject({ jobs: 16, terminal: 16, duplicateRenders: 0, idealSeconds: 0.8 });
    expect(results.completed + results.failed).toBe(16);
    expect(results.wallSeconds).toBeGreaterThan(0);
    expect(results.crash).toMatchObject({ startsBeforeCrash: 6, restartsOfAcceptedJobs: 0 });
    expect(results.crash.acceptedAtCrash + results.crash.inDoubtAtCrash).toBeGreaterThanOrEqual(1);
    // Every render the mock charged belongs to a distinct job: nothing was paid twice.
    expect(results.paidRenders).toBe(16);
    expect(results.mock.peakConcurrentRenders).toBeLessThanOrEqual(4);
    for (const key of ["jobs", "terminal", "duplicateRenders", "wallSeconds", "idealSeconds"] as const) expect(results).toHaveProperty(key);
  }, 120_000);

  it("rejects bad arguments with exit code 2", async () => {
    const { lines, io } = captureIo();
    expect(await main(["--videos", "many"], io)).toBe(2);
    expect(lines.join("\n")).toContain("--videos must be a whole number");
    expect(await main(["--videos", "10", "--crash-after", "10"], io)).toBe(2);
    expect(await main(["--fault-rate", "2"], io)).toBe(2);
  });
});
