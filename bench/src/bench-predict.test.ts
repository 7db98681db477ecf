import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "./bench-predict.js";
import { loadSpikeSeries } from "./predict/forecast-data.js";
import { forecastFromPath, spikeOrigins } from "./predict/forecast-spikes.js";

const dayMs = 86_400_000;
const isoDay = (offset: number, start = Date.UTC(2018, 5, 1)) => new Date(start + offset * dayMs).toISOString().slice(0, 10);
const pulse = (index: number, peak: number, height: number) => Math.round(5 + height * Math.exp(-((index - peak) ** 2) / 8));

/** A tiny data folder with the three inputs of evaluation 3 (two spike topics, ChatGPT, two bitcoin series). */
async function writeSpikeFixture(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "bench-predict-"));
  await mkdir(path.join(root, "google-trends-event-spikes"));
  await mkdir(path.join(root, "google-trends-chatgpt-2023"));
  await mkdir(path.join(root, "bitcoin-attention-2009-2016"));
  const spikes = ["Category: All categories", "", "day,Heat wave: (United Kingdom),Ice cream: (United Kingdom)"];
  for (let day = 0; day < 30; day += 1) spikes.push(`${isoDay(day)},${pulse(day, 20, 90)},${pulse(day, 8, 40)}`);
  await writeFile(path.join(root, "google-trends-event-spikes", "heat.csv"), `${spikes.join("\n")}\n`);
  const chatGpt = ["day,score", ...Array.from({ length: 30 }, (_, day) => `${isoDay(day, Date.UTC(2023, 0, 1))},${10 + 3 * day}`)];
  await writeFile(path.join(root, "google-trends-chatgpt-2023", "multiTimeline.csv"), `${chatGpt.join("\n")}\n`);
  const wiki = [
    '"date","views"',
    ...Array.from({ length: 80 }, (_, day) => `${isoDay(day, Date.UTC(2013, 9, 1))},${pulse(day, 50, 3000)}`),
  ];
  await writeFile(path.join(root, "bitcoin-attention-2009-2016", "wiki_views_combined.csv"), `${wiki.join("\n")}\n`);
  const talk = [
    '"date","new_topics","new_posts","new_members","most_members_online","hits"',
    ...Array.from({ length: 80 }, (_, day) => `${isoDay(day, Date.UTC(2013, 9, 1))},1,${pulse(day, 45, 500)},2,3,4`),
  ];
  await writeFile(path.join(root, "bitcoin-attention-2009-2016", "bitcointalk.csv"), `${talk.join("\n")}\n`);
  return root;
}

function capture() {
  const lines: string[] = [];
  return { lines, io: { log: (line: string) => lines.push(line) } };
}

describe("bench-predict", () => {
  it("runs evaluation 3 and the speed test on synthetic data without statsmodels, and writes the JSON and the chart", async () => {
    const data = await writeSpikeFixture();
    const out = path.join(data, "out", "predict.json");
    const chart = path.join(data, "out", "chart.svg");
    const { lines, io } = capture();
    const code = await main(
      [
        "--data",
        data,
        "--out",
        out,
        "--chart",
        chart,
        "--skip-statsmodels",
        "--skip-popularity",
        "--speed-series",
        "12",
        "--ensemble-speed-series",
        "3",
      ],
      io,
    );
    const output = lines.join("\n");
    expect(code, output).toBe(0);
    expect(output).toMatch(/^model\s+forecasts\s+MASE\s+sMAPE %\s+MSLE\s+peak-day err\s+peak ±1 d\s+cover 80\s+cover 95$/m);
    expect(output).toMatch(/^ensemble \(ours\)\s+\d+/m);
    const results = JSON.parse(await readFile(out, "utf8"));
    expect(results.spikes.series).toBe(5);
    expect(typeof results.spikes.mase).toBe("number");
    expect(results.spikes.coverage80).toBeGreaterThanOrEqual(0);
    expect(results.spikes.risingForecasts).toBeGreaterThan(0);
    expect(typeof results.spikes.peakHitRate1d).toBe("number");
    expect(results.spikes.statsmodelsEtsMase).toBeNull();
    expect(results.spikes.statsmodels.note).toMatch(/skipped/);
    expect(results.speed.series).toBe(12);
    expect(results.speed.seriesPerSecond).toBeGreaterThan(0);
    expect(results.speed.statsmodelsSeriesPerSecond).toBeNull();
    expect(results.popularity).toBeNull();
    expect(results.spikes.models.naive.forecasts).toBe(results.spikes.forecasts);
    expect(await readFile(chart, "utf8")).toMatch(/^<svg[\s\S]*ensemble \(ours\)[\s\S]*<\/svg>\n$/);
  });

  it("says where to put the data when the folder is missing, and rejects bad flags", async () => {
    const { lines, io } = capture();
    expect(await main(["--data", "/nonexistent/shared/data", "--skip-statsmodels"], io)).toBe(0);
    expect(lines.join("\n")).toMatch(/datasets not found at \/nonexistent\/shared\/data — pass --data DIR/);
    expect(await main(["--speed-series", "many"], io)).toBe(2);
    expect(await main(["--bogus"], io)).toBe(2);
  });

  it("scores rising-phase origins and turns a failed statsmodels path into a naive one", async () => {
    const series = await loadSpikeSeries(await writeSpikeFixture());
    const heat = series.find((entry) => entry.id.endsWith("Heat wave"))!;
    const origins = spikeOrigins([heat]);
    expect(origins.map((origin) => origin.origin)).toEqual([14, 15, 16, 17, 18, 19, 20, 21, 22, 23]);
    expect(origins.filter((origin) => origin.rising).map((origin) => origin.origin)).toEqual([14, 15, 16, 17, 18, 19, 20]);
    const { forecast, failed } = forecastFromPath(origins[0]!, { error: "LinAlgError" });
    expect(failed).toBe(true);
    expect(forecast.points.map((point) => point.value)).toEqual(new Array(7).fill(heat.points[13]!.value));
  });
});
