import { describe, expect, it } from "vitest";
import type { Forecaster } from "../contracts/forecaster.js";
import { ValidationError } from "../errors.js";
import type { SeriesPoint } from "../schemas/item.js";
import { forecastSchema } from "../schemas/prediction.js";

/** How {@link describeForecaster} gets forecasters. */
export interface DescribeForecasterOptions {
  /** Returns a fresh forecaster. */
  create: () => Forecaster | Promise<Forecaster>;
}

const day = 86_400_000;
const start = Date.UTC(2026, 0, 1);
const series = (values: readonly number[], stepMs = day): SeriesPoint[] =>
  values.map((value, index) => ({ at: new Date(start + index * stepMs), value }));
/** A rise, a peak and a decay: the shape of a trend. */
const pulse = Array.from({ length: 40 }, (_, index) => Math.round(1000 * Math.exp(-((index - 25) ** 2) / 40)) + 5);

/**
 * The conformance suite every `Forecaster` runs: the v1 contract; `horizon` points after the last observation at
 * its step, finite values and intervals that contain the point and nest by level; a valid `Forecast` for a trend's
 * pulse, a flat series and a very short one (low confidence, not NaN); a `ValidationError` for an empty series or
 * a bad horizon; abort honoured.
 */
export function describeForecaster(name: string, options: DescribeForecasterOptions): void {
  describe(`Forecaster conformance: ${name}`, () => {
    it("declares the v1 contract and an id", async () => {
      const forecaster = await options.create();
      expect(forecaster.specVersion).toBe("v1");
      expect(forecaster.id).toMatch(/\S/);
    });

    it("forecasts `horizon` steps after the last point, with finite values and nested intervals", async () => {
      const forecaster = await options.create();
      const input = series(pulse);
      const forecast = await forecaster.forecast(input, { horizon: 7, levels: [0.8, 0.95] });
      const parsed = forecastSchema.parse(forecast);
      expect(parsed.points).toHaveLength(7);
      parsed.points.forEach((point, index) => {
        expect(point.at.getTime()).toBe(start + (pulse.length + index) * day);
        expect(Number.isFinite(point.value)).toBe(true);
        const byLevel = new Map(point.intervals.map((interval) => [interval.level, interval]));
        for (const interval of point.intervals) {
          expect(interval.lower).toBeLessThanOrEqual(point.value + 1e-9);
          expect(interval.upper).toBeGreaterThanOrEqual(point.value - 1e-9);
        }
        const narrow = byLevel.get(0.8);
        const wide = byLevel.get(0.95);
        if (narrow && wide) {
          expect(wide.lower).toBeLessThanOrEqual(narrow.lower + 1e-9);
          expect(wide.upper).toBeGreaterThanOrEqual(narrow.upper - 1e-9);
        }
      });
      expect(parsed.confidence).toBeGreaterThanOrEqual(0);
      expect(parsed.confidence).toBeLessThanOrEqual(1);
    });

    it("handles a flat series and a very short one without NaN, the short one with lower confidence", async () => {
      const forecaster = await options.create();
      const flat = forecastSchema.parse(await forecaster.forecast(series(Array(30).fill(12)), { horizon: 3 }));
      expect(flat.points.every((point) => Number.isFinite(point.value))).toBe(true);
      const long = forecastSchema.parse(await forecaster.forecast(series(pulse), { horizon: 3 }));
      const short = forecastSchema.parse(await forecaster.forecast(series([4, 6]), { horizon: 3 }));
      expect(short.points).toHaveLength(3);
      expect(short.points.every((point) => Number.isFinite(point.value))).toBe(true);
      expect(short.confidence).toBeLessThanOrEqual(long.confidence);
    });

    it("rejects an empty series and a bad horizon with a ValidationError", async () => {
      const forecaster = await options.create();
      await expect(forecaster.forecast([], { horizon: 3 })).rejects.toSatisfy((error: unknown) => ValidationError.isInstance(error));
      for (const horizon of [0, -1, 1.5]) {
        await expect(forecaster.forecast(series(pulse), { horizon })).rejects.toSatisfy((error: unknown) =>
          ValidationError.isInstance(error),
        );
      }
    });

    it("honours an aborted signal", async () => {
      const forecaster = await options.create();
      const controller = new AbortController();
      controller.abort();
      await expect(forecaster.forecast(series(pulse), { horizon: 3, signal: controller.signal })).rejects.toThrow();
    });
  });
}
