import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main, parseEngineOptions, type TrendsResults } from "./bench-trends.js";
import type { FlagRecord } from "./trends/score.js";
import { writeTrendFixture } from "./trends/trend-fixture.js";

function captureIo() {
  const lines: string[] = [];
  return { lines, io: { log: (line: string) => lines.push(line) } };
}

describe("bench-trends main", () => {
  it("replays the synthetic data, scores it, prints the tables and writes the results, the flags and the chart", async () => {
    const { dataDirectory, labelsFile } = await writeTrendFixture();
    const out = path.join(await mkdtemp(path.join(tmpdir(), "bench-trends-out-")), "trends.json");
    const chart = path.join(path.dirname(out), "lead-times.svg");
    const { lines, io } = captureIo();
    const code = await main(
      ["--data", dataDirectory, "--labels", labelsFile, "--out", out, "--chart", chart, "--engine-options", '{"minZ":2}'],
      io,
    );
    const output = lines.join("\n");
    expect(code, output).toBe(0);
    expect(output).toMatch(/^positive\s+mentions\s+first mention\s+reference day\s+first flag\s+detected at\s+lead h$/m);
    expect(output).toMatch(/^TPR 1\/1 = 1\.000 {3}FPR 0\/2 = 0\.000/m);

    const results = JSON.parse(await readFile(out, "utf8")) as TrendsResults;
    expect(results.span).toEqual({ from: "2022-09-01", to: "2022-09-30", scoredFrom: "2022-09-15" });
    expect(results.settings.engineOptions).toMatchObject({ minZ: 2, similarityThreshold: 0.3, minMentions: 3 });
    // 300 background stories, 19 comet stories, the feed-only story (the one after the span is left out), 30 + 1 repositories.
    expect(results.replay.items).toBe(300 + 19 + 1 + 31);
    const [comet] = results.topics;
    expect(comet).toMatchObject({
      id: "comet-lander",
      mentions: 19 + 1,
      firstMentionDay: "2022-09-18",
      referenceDay: "2022-09-19",
      detected: true,
    });
    expect(comet!.leadHours).toBeGreaterThan(0);
    expect(comet!.leadHours).toBeLessThanOrEqual(24);
    expect(results).toMatchObject({ tpr: 1, fpr: 0, medianLeadHours: comet!.leadHours });
    expect(results.roc).toHaveLength(21);
    expect(results.roc[0]).toMatchObject({ threshold: 0, tpr: 1 });
    expect(results.calibration).toHaveLength(10);
    expect(results.linking.url).toMatchObject({ pairs: 1, linked: 1, precision: 1, recall: 1 });
    expect(results.linking.text?.pairs).toBe(1);

    const flags = (await readFile(path.join(path.dirname(out), "trends-flags.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as FlagRecord);
    expect(flags.length).toBe(results.replay.scoredFlags);
    const cometFlag = flags.find((flag) => flag.time === comet!.detectionTime)!;
    expect(Object.keys(cometFlag).sort()).toEqual(["confidence", "evidence", "name", "status", "time", "trendId"]);
    expect(cometFlag.evidence.filter((item) => /comet/i.test(item.text)).length * 2).toBeGreaterThanOrEqual(cometFlag.evidence.length);
    expect(cometFlag.evidence.find((item) => item.source === "github")?.text).toBe(
      "space-lab/comet-lander Flight software of a comet lander",
    );
    expect(await readFile(chart, "utf8")).toMatch(/^<svg[\s\S]*comet-lander[\s\S]*<\/svg>\n$/);
  });

  it("says where it looked and exits 0 when the data or the labels are missing", async () => {
    const { lines, io } = captureIo();
    const missing = path.join(tmpdir(), "undercurrent-no-such-data-folder");
    expect(await main(["--data", missing], io)).toBe(0);
    expect(lines).toEqual([`datasets not found at ${missing} — pass --data DIR`]);
    const { dataDirectory } = await writeTrendFixture();
    const noLabels = path.join(tmpdir(), "undercurrent-no-such-labels.json");
    expect(await main(["--data", dataDirectory, "--labels", noLabels], io)).toBe(0);
    expect(lines.at(-1)).toBe(`labels not found at ${noLabels} — pass --labels FILE`);
  });

  it("rejects bad arguments with exit code 2", async () => {
    const { lines, io } = captureIo();
    expect(await main(["--speed", "fast"], io)).toBe(2);
    expect(await main(["--index", "faiss"], io)).toBe(2);
    expect(await main(["--engine-options", '{"minZ":-1}'], io)).toBe(2);
    expect(lines.join("\n")).toMatch(/--engine-options: minZ: /);
  });
});

describe("parseEngineOptions", () => {
  it("accepts engine thresholds and refuses the plugged-in parts", () => {
    expect(parseEngineOptions('{"similarityThreshold":0.5,"minAuthors":3}')).toEqual({ similarityThreshold: 0.5, minAuthors: 3 });
    expect(parseEngineOptions(undefined)).toEqual({});
    expect(parseEngineOptions('{"index":{}}')).toMatch(/cannot set index/);
    expect(parseEngineOptions("[1]")).toMatch(/must be a JSON object/);
    expect(parseEngineOptions('{"windowHours":1000}')).toMatch(/windowHours/);
  });
});
