import { expect, it } from "vitest";
import { backtest, createEnsembleForecaster } from "./index.js";

it("runs the README snippet", async () => {
  const printed: unknown[][] = [];
  const console = { log: (...parts: unknown[]) => printed.push(parts) };

  // --- README snippet ---
  const day = 24 * 60 * 60 * 1000;
  const interest = [3, 4, 3, 5, 4, 6, 8, 11, 15, 22, 31, 42, 55, 67, 78, 86];
  const points = interest.map((value, index) => ({ at: new Date(Date.UTC(2024, 0, 1) + index * day), value }));

  const forecaster = createEnsembleForecaster();
  const forecast = await forecaster.forecast(points, { horizon: 7, levels: [0.8, 0.95] });
  console.log(forecast.status, forecast.peak?.at.toISOString().slice(0, 10), forecast.points.length);
  const [first] = forecast.points;
  console.log(
    first?.value.toFixed(1),
    first?.intervals.map((interval) => `${interval.level}: ${interval.lower.toFixed(0)}–${interval.upper.toFixed(0)}`),
  );

  const result = await backtest(forecaster, points, { horizon: 3, minTrain: 8 });
  console.log(`MASE ${result.mase.toFixed(2)} over ${result.forecasts} forecasts, 80% coverage ${result.coverage["0.8"]}`);
  // --- end of snippet ---

  expect(printed[0]![0]).toMatch(/rising|peaking|emerging/);
  expect(printed[0]![2]).toBe(7);
  expect(Number(printed[1]![0])).toBeGreaterThan(70);
  expect(printed[1]![1]).toHaveLength(2);
  expect(printed[2]![0]).toMatch(/^MASE \d+\.\d\d over 8 forecasts, 80% coverage /);
});
