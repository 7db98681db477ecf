import { type Forecaster, forecastSchema, ValidationError } from "@undercurrent/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createAnalogueForecaster } from "./analogue.js";
import { createDriftForecaster, createNaiveForecaster, createSeasonalNaiveForecaster } from "./baselines.js";
import { createCurveForecaster } from "./curves.js";
import { createEnsembleForecaster } from "./ensemble.js";
import { createDampedHoltForecaster } from "./holt.js";
import { createMeanReversionForecaster } from "./mean-reversion.js";
import { daily } from "./test-series.js";
import { createThetaForecaster } from "./theta.js";

const forecasters: [string, () => Forecaster][] = [
  ["naive", () => createNaiveForecaster()],
  ["seasonal-naive", () => createSeasonalNaiveForecaster()],
  ["drift", () => createDriftForecaster()],
  ["damped-holt", () => createDampedHoltForecaster()],
  ["theta", () => createThetaForecaster()],
  ["mean-reversion", () => createMeanReversionForecaster()],
  ["curve", () => createCurveForecaster()],
  ["analogue", () => createAnalogueForecaster()],
  ["ensemble", () => createEnsembleForecaster()],
];

function expectSane(forecast: unknown, horizon: number): void {
  const parsed = forecastSchema.safeParse(forecast);
  expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  const value = parsed.data!;
  expect(value.points).toHaveLength(horizon);
  for (const point of value.points) {
    expect(Number.isFinite(point.value)).toBe(true);
    for (const interval of point.intervals) {
      expect(Number.isFinite(interval.lower) && Number.isFinite(interval.upper)).toBe(true);
      expect(interval.lower).toBeLessThanOrEqual(point.value);
      expect(interval.upper).toBeGreaterThanOrEqual(point.value);
    }
  }
  expect(Number.isFinite(value.confidence)).toBe(true);
}

const dayMs = 86_400_000;

describe.each(forecasters)("%s on bad input", (_name, make) => {
  it("rejects an empty series with a ValidationError naming points", async () => {
    const error = await make()
      .forecast([], { horizon: 3 })
      .catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/points: expected at least one point/);
  });

  it("rejects an all-NaN series and a bad timestamp, naming the field", async () => {
    await expect(make().forecast(daily([Number.NaN, Number.NaN]), { horizon: 2 })).rejects.toThrow(/points: no point has a finite value/);
    await expect(make().forecast([{ at: new Date("nope"), value: 1 }], { horizon: 2 })).rejects.toThrow(/points\.0\.at/);
    await expect(make().forecast([...daily([1, 2, 3])].reverse(), { horizon: 2 })).rejects.toThrow(/time order/);
  });

  it("implements the Forecaster contract and honours an aborted signal", async () => {
    const forecaster = make();
    expect(forecaster.specVersion).toBe("v1");
    expect(forecaster.id).toMatch(/^[a-z-]+$/);
    const controller = new AbortController();
    controller.abort(new Error("stopped by the caller"));
    await expect(forecaster.forecast(daily([1, 2, 3]), { horizon: 2, signal: controller.signal })).rejects.toThrow(/stopped by the caller/);
  });

  it("rejects a bad horizon with a ConfigError naming options.horizon", async () => {
    await expect(make().forecast(daily([1, 2, 3]), { horizon: 0 })).rejects.toThrow(/options\.horizon/);
    await expect(make().forecast(daily([1, 2, 3]), { horizon: 2, levels: [1.5] })).rejects.toThrow(/options\.levels\.0/);
  });

  it("gives a flat, low-confidence forecast for a single point", async () => {
    const forecast = await make().forecast(daily([42]), { horizon: 3 });
    expectSane(forecast, 3);
    expect(forecast.points.map((point) => point.value)).toEqual([42, 42, 42]);
    expect(forecast.confidence).toBeLessThan(0.3);
    expect(forecast.warnings.join(" ")).toMatch(/single point/);
  });

  it("handles constant, all-zero, short and NaN-bearing series without NaN", async () => {
    for (const values of [new Array(30).fill(7), new Array(30).fill(0), [3, 4], [1, Number.NaN, 3, 4, Number.NaN, 6, 7, 8, 9, 10]]) {
      const forecast = await make().forecast(daily(values), { horizon: 5 });
      expectSane(forecast, 5);
    }
    const zeros = await make().forecast(daily(new Array(30).fill(0)), { horizon: 2 });
    expect(zeros.points.map((point) => point.value)).toEqual([0, 0]);
    const withNaN = await make().forecast(daily([1, Number.NaN, 3, 4, 5, 6, 7, 8, 9, 10]), { horizon: 2 });
    expect(withNaN.warnings.join(" ")).toMatch(/without a finite value/);
    const short = await make().forecast(daily([3, 4]), { horizon: 2 });
    expect(short.confidence).toBeLessThan(0.5);
  });

  it("fills gaps and resamples irregular spacing, saying so", async () => {
    const gappy = daily([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).filter((_, index) => index !== 4 && index !== 5);
    const filled = await make().forecast(gappy, { horizon: 2 });
    expectSane(filled, 2);
    expect(filled.warnings.join(" ")).toMatch(/2 missing step\(s\) filled/);
    expect(filled.points[0]!.at.getTime() - gappy.at(-1)!.at.getTime()).toBe(dayMs);
    const irregular = [0, 1, 2.5, 3, 5.2, 6, 7.7, 9, 10, 11.5].map((day, index) => ({ at: new Date(day * dayMs), value: index }));
    const resampled = await make().forecast(irregular, { horizon: 2 });
    expectSane(resampled, 2);
    expect(resampled.warnings.join(" ")).toMatch(/irregular spacing/);
  });
});

const valueArbitrary = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.constant(Number.NaN) },
  { weight: 1, arbitrary: fc.constant(0) },
);

describe("property: any finite-or-NaN series with at least one finite value", () => {
  it.each(forecasters)("%s gives a schema-valid forecast without NaN", async (_name, make) => {
    const forecaster = make();
    await fc.assert(
      fc.asyncProperty(
        fc.array(valueArbitrary, { minLength: 1, maxLength: 40 }).filter((values) => values.some(Number.isFinite)),
        fc.integer({ min: 1, max: 10 }),
        async (values, horizon) => {
          const forecast = await forecaster.forecast(daily(values), { horizon });
          expectSane(forecast, horizon);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("non-negative input gives non-negative forecasts and bounds", async () => {
    const forecaster = createEnsembleForecaster();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 2, maxLength: 40 }), async (values) => {
        const forecast = await forecaster.forecast(daily(values), { horizon: 5 });
        for (const point of forecast.points) {
          expect(point.value).toBeGreaterThanOrEqual(0);
          for (const interval of point.intervals) expect(interval.lower).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 30 },
    );
  });
});
