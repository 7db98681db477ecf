import type { Interval } from "@undercurrent/core";
import { z } from "zod";
import { sortedQuantile } from "./numeric.js";

const points = 200;

/** Out-of-sample residuals (in log space) summarised as 201 evenly spaced quantiles. */
export const residualQuantilesSchema = z.array(z.number().finite()).min(2);

/** Summarises residuals as quantiles at k/200, k = 0..200 (ascending). */
export function summariseResiduals(residuals: readonly number[]): number[] {
  const sorted = residuals.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return [0, 0];
  return Array.from({ length: points + 1 }, (_, index) => sortedQuantile(sorted, index / points));
}

/** The residual at `probability`, interpolated between the stored quantiles. */
export function residualAt(quantiles: readonly number[], probability: number): number {
  return sortedQuantile(quantiles, probability);
}

/**
 * Intervals in count space around a log-space centre: `exp(centre + residual quantile) − 1`, floored at
 * `floor`, for each level (central intervals).
 */
export function logSpaceIntervals(centre: number, quantiles: readonly number[], levels: readonly number[], floor: number): Interval[] {
  return levels.map((level) => {
    const tail = (1 - level) / 2;
    const lower = Math.min(Number.MAX_VALUE, Math.max(floor, Math.expm1(centre + residualAt(quantiles, tail))));
    const upper = Math.min(Number.MAX_VALUE, Math.max(lower, Math.expm1(centre + residualAt(quantiles, 1 - tail))));
    return { level, lower, upper };
  });
}
