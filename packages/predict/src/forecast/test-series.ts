import type { SeriesPoint } from "@undercurrent/core";

const dayMs = 24 * 60 * 60 * 1000;

/** Daily points from values, starting 2024-01-01 (test helper). */
export function daily(values: readonly number[], start = Date.UTC(2024, 0, 1)): SeriesPoint[] {
  return values.map((value, index) => ({ at: new Date(start + index * dayMs), value }));
}

/** A gamma-shaped spike: baseline, peak at `peak`, deterministic noise (test helper). */
export function spike(length: number, peak: number, height = 100, width = 3, noise = 0): number[] {
  return Array.from({ length }, (_, index) => {
    const ratio = (index - (peak - 2 * width)) / (2 * width);
    const shape = ratio <= 0 ? 0 : Math.exp(2 * (1 + Math.log(ratio) - ratio));
    return 5 + height * shape + noise * Math.sin(index * 2.3);
  });
}
