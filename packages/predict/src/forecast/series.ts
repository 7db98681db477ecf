import { ConfigError, type ForecastOptions, ValidationError } from "@undercurrent/core";

const dayMs = 24 * 60 * 60 * 1000;
/** A series is resampled onto at most this many steps; a longer grid is a ValidationError. */
const maxGridSteps = 200_000;

/** A series made ready for the models: evenly spaced values, the spacing, and notes about what was repaired. */
export interface PreparedSeries {
  /** Values on an even grid, oldest first; the last one is the last observation. */
  values: number[];
  /** Epoch milliseconds of the last value. */
  lastAt: number;
  /** Spacing of the grid in milliseconds. */
  stepMs: number;
  /** Non-fatal notes for the forecast's `warnings`. */
  warnings: string[];
  /** 0–1: lowered for repaired, short or flat input; multiplies the model's confidence. */
  quality: number;
  /** Whether every observed value is ≥ 0 (then forecasts and interval bounds are kept ≥ 0). */
  nonNegative: boolean;
}

/** The checked options of one forecast call. */
export interface CheckedForecastOptions {
  horizon: number;
  levels: number[];
}

/** Validates `horizon` and `levels` of a forecast call: a bad one is a ConfigError naming it. */
export function checkForecastOptions(options: ForecastOptions | undefined, context: string): CheckedForecastOptions {
  const horizon = options?.horizon;
  if (typeof horizon !== "number" || !Number.isInteger(horizon) || horizon < 1 || horizon > 10_000) {
    throw new ConfigError({
      context,
      issues: [{ path: "options.horizon", message: `expected an integer from 1 to 10000, received ${String(horizon)}` }],
    });
  }
  const levels = options?.levels ?? [0.8, 0.95];
  if (!Array.isArray(levels)) {
    throw new ConfigError({ context, issues: [{ path: "options.levels", message: "expected an array of levels in (0, 1)" }] });
  }
  levels.forEach((level, index) => {
    if (typeof level !== "number" || !(level > 0 && level < 1)) {
      throw new ConfigError({
        context,
        issues: [{ path: `options.levels.${index}`, message: `expected a number in (0, 1), received ${String(level)}` }],
      });
    }
  });
  return { horizon, levels: [...new Set(levels)].sort((a, b) => a - b) };
}

function timeOf(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === "string") return Date.parse(value);
  if (typeof value === "number") return value;
  return Number.NaN;
}

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Checks and repairs a series for the models. Throws a ValidationError naming the problem for input that has
 * no usable value (not an array, empty, all values NaN, a bad timestamp, points out of time order); repairs
 * the rest with a warning: non-finite values dropped, equal timestamps averaged, gaps and irregular spacing
 * resampled onto an even grid by linear interpolation. A single point gets `fallbackStepMs` (a day by default).
 */
export function prepareSeries(points: unknown, context: string, fallbackStepMs = dayMs): PreparedSeries {
  if (!Array.isArray(points)) {
    throw new ValidationError({ context, issues: [{ path: "points", message: "expected an array of { at, value } points" }] });
  }
  if (points.length === 0) {
    throw new ValidationError({ context, issues: [{ path: "points", message: "expected at least one point, received none" }] });
  }
  const warnings: string[] = [];
  let quality = 1;
  const times: number[] = [];
  const observed: number[] = [];
  let dropped = 0;
  for (let index = 0; index < points.length; index += 1) {
    const point = points[index] as { at?: unknown; value?: unknown } | null | undefined;
    if (typeof point !== "object" || point === null) {
      throw new ValidationError({ context, issues: [{ path: `points.${index}`, message: "expected an object with `at` and `value`" }] });
    }
    const at = timeOf(point.at);
    if (!Number.isFinite(at)) {
      throw new ValidationError({
        context,
        issues: [{ path: `points.${index}.at`, message: "expected a valid Date or ISO 8601 timestamp" }],
      });
    }
    if (times.length > 0 && at < times[times.length - 1]!) {
      throw new ValidationError({ context, issues: [{ path: `points.${index}.at`, message: "points must be in time order" }] });
    }
    if (typeof point.value !== "number" || !Number.isFinite(point.value)) {
      if (point.value !== null && point.value !== undefined && typeof point.value !== "number") {
        throw new ValidationError({
          context,
          issues: [{ path: `points.${index}.value`, message: `expected a number, received ${typeof point.value}` }],
        });
      }
      dropped += 1;
      continue;
    }
    if (times.length > 0 && at === times[times.length - 1]) {
      // Equal timestamps: keep their mean.
      const last = observed.length - 1;
      observed[last] = (observed[last]! + point.value) / 2;
      warnings.push(`two points at ${new Date(at).toISOString()}: averaged`);
      continue;
    }
    times.push(at);
    observed.push(point.value);
  }
  if (dropped > 0) {
    warnings.push(`${dropped} point(s) without a finite value were left out`);
    quality *= Math.max(0.3, 1 - dropped / points.length);
  }
  if (observed.length === 0) {
    throw new ValidationError({ context, issues: [{ path: "points", message: "no point has a finite value" }] });
  }

  let stepMs = fallbackStepMs;
  let values = observed;
  if (observed.length === 1) {
    warnings.push("a single point: flat forecast at that value");
    quality *= 0.1;
  } else {
    const gaps = times.slice(1).map((time, index) => time - times[index]!);
    stepMs = medianOf(gaps);
    const even = gaps.every((gap) => Math.abs(gap - stepMs) <= stepMs * 0.01);
    if (!even) {
      const span = times[times.length - 1]! - times[0]!;
      const steps = Math.floor(span / stepMs);
      if (steps > maxGridSteps) {
        throw new ValidationError({
          context,
          issues: [{ path: "points", message: `irregular spacing would need ${steps} steps of ${stepMs} ms (at most ${maxGridSteps})` }],
        });
      }
      const multiples = gaps.every((gap) => Math.abs(gap / stepMs - Math.round(gap / stepMs)) < 0.01);
      values = resample(times, observed, stepMs, steps);
      const filled = values.length - observed.length;
      warnings.push(
        multiples
          ? `${filled} missing step(s) filled by linear interpolation`
          : `irregular spacing: resampled to an even ${stepMs} ms grid by linear interpolation`,
      );
      quality *= Math.max(0.3, observed.length / Math.max(values.length, observed.length));
    }
  }
  if (values.length > 1 && values.length < 8) {
    warnings.push(`series of ${values.length} points is short: low confidence`);
    quality *= 0.3 + (0.5 * values.length) / 8;
  }
  if (values.length > 1 && values.every((value) => value === values[0])) {
    warnings.push("constant series: flat forecast");
  }
  return {
    values,
    lastAt: times[times.length - 1]!,
    stepMs,
    warnings,
    quality,
    nonNegative: values.every((value) => value >= 0),
  };
}

/** Linear interpolation onto `steps + 1` even points ending at the last time. */
function resample(times: readonly number[], values: readonly number[], stepMs: number, steps: number): number[] {
  const end = times[times.length - 1]!;
  const grid: number[] = [];
  let cursor = 0;
  for (let step = steps; step >= 0; step -= 1) {
    const at = end - step * stepMs;
    while (cursor < times.length - 2 && times[cursor + 1]! < at) cursor += 1;
    const t0 = times[cursor]!;
    const t1 = times[cursor + 1]!;
    const share = t1 === t0 ? 0 : Math.min(1, Math.max(0, (at - t0) / (t1 - t0)));
    grid.push(values[cursor]! + share * (values[cursor + 1]! - values[cursor]!));
  }
  return grid;
}
