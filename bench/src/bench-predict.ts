import { access, mkdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { UndercurrentError } from "@undercurrent/core";
import { createDampedHoltForecaster, createEnsembleForecaster, createThetaForecaster } from "@undercurrent/predict";
import { datasetErrorCodes } from "./loaders/index.js";
import { peakTimingChart } from "./predict/forecast-chart.js";
import { loadSpikeSeries } from "./predict/forecast-data.js";
import { speedSeries, timeForecaster } from "./predict/forecast-speed.js";
import {
  forecastFromPath,
  runSpikeModel,
  type ScoredForecast,
  type SpikeScore,
  scoreOrigin,
  spikeHorizon,
  spikeModels,
  spikeOrigins,
  summarizeSpikes,
} from "./predict/forecast-spikes.js";
import { ensureStatsmodels, runStatsmodels, type StatsmodelsStatus } from "./predict/statsmodels.js";

const benchDirectory = fileURLToPath(new URL("..", import.meta.url));
const repositoryDirectory = path.resolve(benchDirectory, "..");
/** `shared/data` next to the repository root. */
export const defaultDataDirectory = path.resolve(repositoryDirectory, "..", "shared", "data");
/** Where the figures are written unless `--out` says otherwise. */
export const defaultResultsFile = path.join(benchDirectory, "results", "predict.json");
/** Where the peak-timing chart is written unless `--chart` says otherwise. */
export const defaultChartFile = path.join(repositoryDirectory, "docs", "images", "predict-peak-timing.svg");
/** The popularity helper's module (evaluations 1, 2 and 4), loaded when present. */
const popularityModule = new URL("./predict/popularity-bench.ts", import.meta.url);

const usage =
  "usage: pnpm bench:predict [--data DIR] [--out FILE] [--chart FILE] [--skip-statsmodels] [--no-install] [--skip-popularity] [--speed-series N] [--ensemble-speed-series N] [--statsmodels-speed-series N]";

/** Where the script writes its lines (the console unless a test passes its own). */
export interface BenchIo {
  log(line: string): void;
}

const fixed = (value: number | null | undefined, digits = 3) =>
  value === null || value === undefined || !Number.isFinite(value) ? "–" : value.toFixed(digits);
const percent = (value: number | null | undefined) =>
  value === null || value === undefined || !Number.isFinite(value) ? "–" : `${(value * 100).toFixed(1)}%`;
const finiteOrNull = (value: number | undefined) => (value !== undefined && Number.isFinite(value) ? value : null);

function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((cells) => cells[column]!.length)));
  const render = (cells: readonly string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ");
  return [render(header), ...rows.map(render)].join("\n");
}

async function isDirectory(directory: string): Promise<boolean> {
  try {
    return (await stat(directory)).isDirectory();
  } catch {
    return false;
  }
}

function scoreRow(name: string, score: SpikeScore): string[] {
  return [
    name,
    String(score.forecasts),
    fixed(score.mase),
    fixed(score.smape, 1),
    fixed(score.msle),
    fixed(score.peakDayError, 2),
    percent(score.peakHitRate1d),
    percent(score.coverage80),
    percent(score.coverage["0.95"]),
  ];
}

/** The JSON form of a model's spike score (NaN as null). */
function scoreJson(score: SpikeScore): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(score, (_key, value: unknown) => (typeof value === "number" && !Number.isFinite(value) ? null : value)),
  ) as Record<string, unknown>;
}

interface PopularityResult {
  popularity: Record<string, unknown>;
  prepublish: Record<string, unknown>;
}

async function runPopularity(dataDirectory: string, io: BenchIo): Promise<PopularityResult | { error: string } | undefined> {
  try {
    await access(popularityModule);
  } catch {
    io.log("popularity evaluations (1, 2, 4): bench/src/predict/popularity-bench.ts not found — skipped");
    return undefined;
  }
  try {
    const module = (await import(popularityModule.href)) as {
      runPopularityEvaluations(dataDir: string, log: (line: string) => void): Promise<PopularityResult>;
    };
    return await module.runPopularityEvaluations(dataDirectory, (line) => io.log(line));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.log(`popularity evaluations failed — ${message}`);
    return { error: message };
  }
}

/**
 * `pnpm bench:predict`: evaluation 3 of issue 5 (rolling 7-step forecasts of Google Trends event spikes,
 * ChatGPT 2023 and bitcoin attention: MASE, sMAPE, peak-day error from the rising phase, peak hit ±1 day, 80%
 * coverage) for the ensemble and every TypeScript baseline, statsmodels' ETS and Theta in the same run, a speed
 * test on 10,000 series, and evaluations 1, 2 and 4 from the popularity helper's module. Returns the exit code.
 */
export async function main(argv: readonly string[], io: BenchIo = { log: (line) => console.log(line) }): Promise<number> {
  const started = performance.now();
  let values: {
    data?: string;
    out?: string;
    chart?: string;
    "skip-statsmodels"?: boolean;
    "no-install"?: boolean;
    "skip-popularity"?: boolean;
    "speed-series"?: string;
    "ensemble-speed-series"?: string;
    "statsmodels-speed-series"?: string;
  };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        data: { type: "string" },
        out: { type: "string" },
        chart: { type: "string" },
        "skip-statsmodels": { type: "boolean" },
        "no-install": { type: "boolean" },
        "skip-popularity": { type: "boolean" },
        "speed-series": { type: "string" },
        "ensemble-speed-series": { type: "string" },
        "statsmodels-speed-series": { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.log(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const speedCount = Number(values["speed-series"] ?? 10_000);
  const ensembleSpeedCount = Number(values["ensemble-speed-series"] ?? 1_000);
  const statsmodelsSpeedCount = Number(values["statsmodels-speed-series"] ?? 2_000);
  if ([speedCount, ensembleSpeedCount, statsmodelsSpeedCount].some((count) => !Number.isInteger(count) || count < 0)) {
    io.log(`--speed-series, --ensemble-speed-series and --statsmodels-speed-series must be integers ≥ 0\n${usage}`);
    return 2;
  }
  const dataDirectory = path.resolve(values.data ?? defaultDataDirectory);
  if (!(await isDirectory(dataDirectory))) {
    io.log(`datasets not found at ${dataDirectory} — pass --data DIR`);
    return 0;
  }
  const resultsFile = path.resolve(values.out ?? defaultResultsFile);
  const chartFile = path.resolve(values.chart ?? defaultChartFile);

  try {
    // Evaluations 1, 2 and 4 (the popularity helper's module).
    const popularity = values["skip-popularity"] ? undefined : await runPopularity(dataDirectory, io);

    // Evaluation 3.
    const series = await loadSpikeSeries(dataDirectory);
    const origins = spikeOrigins(series);
    const rising = origins.filter((origin) => origin.rising).length;
    io.log(
      `\nevaluation 3 — ${series.length} series (${[...new Set(series.map((entry) => entry.group))].join(", ")}), ${origins.length} rolling origins, horizon ${spikeHorizon} steps, ${rising} rising-phase origins`,
    );
    const scores: Record<string, SpikeScore> = {};
    const scoredByModel: Record<string, ScoredForecast[]> = {};
    const modelSeconds: Record<string, number> = {};
    for (const model of spikeModels) {
      const { scored, seconds } = await runSpikeModel(model, origins, series);
      scoredByModel[model.name] = scored;
      scores[model.name] = summarizeSpikes(model.name, scored);
      modelSeconds[model.name] = seconds;
      io.log(`  ${model.name}: ${scored.length} forecasts in ${seconds.toFixed(1)} s`);
    }

    let statsmodels: StatsmodelsStatus = { available: false, note: "skipped with --skip-statsmodels" };
    const statsmodelsScores: Record<string, SpikeScore> = {};
    let statsmodelsVersions: Record<string, string> = {};
    let statsmodelsSeconds: Record<string, number> = {};
    if (!values["skip-statsmodels"]) {
      statsmodels = await ensureStatsmodels((line) => io.log(line), !values["no-install"]);
      if (statsmodels.available) {
        const run = await runStatsmodels(
          origins.map((entry) => ({
            values: entry.series.points.slice(0, entry.origin).map((point) => point.value),
            horizon: spikeHorizon,
            period: entry.series.seasonality,
          })),
        );
        statsmodelsVersions = run.versions;
        statsmodelsSeconds = run.seconds;
        for (const name of ["ets", "theta"] as const) {
          let failures = 0;
          const scored = origins.map((entry, index) => {
            const { forecast, failed } = forecastFromPath(entry, run.results[index]![name]);
            if (failed) failures += 1;
            return scoreOrigin(entry, forecast);
          });
          scoredByModel[`statsmodels-${name}`] = scored;
          statsmodelsScores[name] = summarizeSpikes(`statsmodels-${name}`, scored, failures);
        }
      } else {
        io.log(`statsmodels unavailable: ${statsmodels.note}`);
      }
    }
    const ours = scores.ensemble!;
    const header = ["model", "forecasts", "MASE", "sMAPE %", "MSLE", "peak-day err", "peak ±1 d", "cover 80", "cover 95"];
    const rows = [
      ...Object.entries(scores).map(([name, score]) => scoreRow(name === "ensemble" ? "ensemble (ours)" : name, score)),
      ...Object.entries(statsmodelsScores).map(([name, score]) =>
        scoreRow(`statsmodels ${name.toUpperCase() === "ETS" ? "ETS (A,Ad,N)" : "Theta"}`, score),
      ),
    ];
    io.log(renderTable(header, rows));
    const etsMase = statsmodelsScores.ets?.mase;
    const thetaMase = statsmodelsScores.theta?.mase;
    if (etsMase !== undefined) {
      io.log(
        `ours/statsmodels MASE: ${fixed(ours.mase / etsMase)} vs ETS, ${fixed(ours.mase / (thetaMase ?? Number.NaN))} vs Theta (goal ≤ 0.85 vs ETS); statsmodels failures: ETS ${statsmodelsScores.ets!.failures}, Theta ${statsmodelsScores.theta!.failures}`,
      );
    }
    io.log(
      `per group, ensemble MASE: ${Object.entries(ours.groups)
        .map(([group, score]) => `${group} ${fixed(score.mase)} (${score.forecasts})`)
        .join(
          ", ",
        )}; median MASE ${fixed(ours.maseMedian)} (statsmodels ETS ${fixed(statsmodelsScores.ets?.maseMedian)}); peak-time 80% interval held the actual peak in ${percent(ours.peakIntervalCoverage80)} of rising-phase forecasts`,
    );

    // Speed: 10,000 series.
    const windows = speedSeries(series, speedCount);
    let speed: Record<string, unknown> = { series: windows.length };
    if (windows.length > 0) {
      const holt = await timeForecaster(createDampedHoltForecaster(), windows);
      const theta = await timeForecaster(createThetaForecaster(), windows);
      const ensemble =
        ensembleSpeedCount > 0 ? await timeForecaster(createEnsembleForecaster(), windows.slice(0, ensembleSpeedCount)) : undefined;
      let statsmodelsSpeed: { series: number; ets: number; theta: number; wallSeconds: number } | undefined;
      const statsmodelsWindows = windows.slice(0, statsmodelsSpeedCount);
      if (statsmodels.available && statsmodelsWindows.length > 0) {
        io.log(`timing statsmodels ETS and Theta on the first ${statsmodelsWindows.length} of those series…`);
        const run = await runStatsmodels(statsmodelsWindows.map((window) => ({ values: window, horizon: spikeHorizon, period: 7 })));
        statsmodelsSpeed = {
          series: statsmodelsWindows.length,
          ets: statsmodelsWindows.length / run.seconds.ets!,
          theta: statsmodelsWindows.length / run.seconds.theta!,
          wallSeconds: run.wallSeconds,
        };
      }
      speed = {
        series: windows.length,
        length: windows[0]!.length,
        horizon: spikeHorizon,
        seriesPerSecond: holt.seriesPerSecond,
        statsmodelsSeriesPerSecond: statsmodelsSpeed?.ets ?? null,
        ratio: statsmodelsSpeed ? holt.seriesPerSecond / statsmodelsSpeed.ets : null,
        models: {
          "damped-holt": holt,
          theta,
          ...(ensemble ? { ensemble } : {}),
          ...(statsmodelsSpeed
            ? {
                "statsmodels-ets": { seriesPerSecond: statsmodelsSpeed.ets },
                "statsmodels-theta": { seriesPerSecond: statsmodelsSpeed.theta },
              }
            : {}),
        },
        statsmodelsSeries: statsmodelsSpeed?.series ?? 0,
        statsmodelsWallSeconds: statsmodelsSpeed?.wallSeconds ?? null,
      };
      io.log(
        `\nspeed — ${windows.length} series of ${windows[0]!.length} points, horizon ${spikeHorizon}: damped Holt ${holt.seriesPerSecond.toFixed(0)}/s, Theta ${theta.seriesPerSecond.toFixed(0)}/s${ensemble ? `, ensemble ${ensemble.seriesPerSecond.toFixed(1)}/s (first ${ensemble.series})` : ""}${statsmodelsSpeed ? `; statsmodels (first ${statsmodelsSpeed.series}) ETS ${statsmodelsSpeed.ets.toFixed(0)}/s, Theta ${statsmodelsSpeed.theta.toFixed(0)}/s; ours/statsmodels (damped Holt vs ETS) ${(holt.seriesPerSecond / statsmodelsSpeed.ets).toFixed(1)}×` : ""}`,
      );
    }

    const results = {
      generatedAt: new Date().toISOString(),
      node: process.version,
      dataDirectory,
      popularity: popularity && "popularity" in popularity ? popularity.popularity : null,
      prepublish: popularity && "prepublish" in popularity ? popularity.prepublish : null,
      ...(popularity && "error" in popularity ? { popularityError: popularity.error } : {}),
      spikes: {
        series: series.length,
        forecasts: origins.length,
        risingForecasts: rising,
        horizon: spikeHorizon,
        mase: finiteOrNull(ours.mase),
        maseMedian: finiteOrNull(ours.maseMedian),
        statsmodelsEtsMaseMedian: finiteOrNull(statsmodelsScores.ets?.maseMedian),
        smape: finiteOrNull(ours.smape),
        msle: finiteOrNull(ours.msle),
        peakDayError: finiteOrNull(ours.peakDayError),
        peakHitRate1d: finiteOrNull(ours.peakHitRate1d),
        coverage80: finiteOrNull(ours.coverage80),
        coverage95: finiteOrNull(ours.coverage["0.95"]),
        peakIntervalCoverage80: finiteOrNull(ours.peakIntervalCoverage80),
        statsmodelsEtsMase: finiteOrNull(etsMase),
        statsmodelsThetaMase: finiteOrNull(thetaMase),
        ratioToStatsmodelsEts: etsMase ? finiteOrNull(ours.mase / etsMase) : null,
        ratioToStatsmodelsTheta: thetaMase ? finiteOrNull(ours.mase / thetaMase) : null,
        models: Object.fromEntries(Object.entries(scores).map(([name, score]) => [name, scoreJson(score)])),
        statsmodels: {
          ...statsmodels,
          versions: statsmodelsVersions,
          seconds: statsmodelsSeconds,
          models: Object.fromEntries(Object.entries(statsmodelsScores).map(([name, score]) => [name, scoreJson(score)])),
        },
        seconds: modelSeconds,
      },
      speed,
      totalSeconds: (performance.now() - started) / 1000,
    };
    await mkdir(path.dirname(resultsFile), { recursive: true });
    await writeFile(resultsFile, `${JSON.stringify(results, null, 2)}\n`, "utf8");
    const chartModels = [
      { name: "ensemble (ours)", colour: "#2f6db5", key: "ensemble" },
      { name: "curve (LM)", colour: "#6aa84f", key: "curve" },
      { name: "damped Holt (TS)", colour: "#b7b7b7", key: "damped-holt" },
      { name: "statsmodels ETS", colour: "#e69138", key: "statsmodels-ets" },
    ].filter((model) => scoredByModel[model.key]);
    const chart = peakTimingChart(
      chartModels.map((model) => ({
        name: model.name,
        colour: model.colour,
        errors: scoredByModel[model.key]!.flatMap((entry) =>
          entry.peakErrorDays !== undefined && entry.leadDays !== undefined ? [[entry.leadDays, entry.peakErrorDays] as const] : [],
        ),
      })),
      `${rising} rising-phase forecasts of ${series.length} Google Trends / bitcoin attention series, horizon ${spikeHorizon} steps`,
    );
    await mkdir(path.dirname(chartFile), { recursive: true });
    await writeFile(chartFile, chart, "utf8");
    io.log(`\nwrote ${resultsFile} and ${chartFile} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  } catch (error) {
    if (UndercurrentError.isInstance(error) && error.code === datasetErrorCodes.notFound) {
      io.log(`${error.message} — pass --data DIR`);
      return 0;
    }
    io.log(`failed — ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
