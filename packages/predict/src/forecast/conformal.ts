import { normalMultiplier } from "./model.js";

/**
 * Split-conformal multiplier: the ⌈(m + 1)·level⌉-th smallest of `m` normalised absolute residuals
 * |actual − forecast| / scale, so that `forecast ± multiplier × scale` covers a new value with probability
 * ≥ level when residuals are exchangeable. With too few residuals for that rank it falls back to the larger
 * of the biggest residual and 1.5× the normal multiplier; it never goes below a tenth of the normal one.
 */
export function conformalMultiplier(scores: readonly number[], level: number): number {
  const finite = scores.filter(Number.isFinite).sort((a, b) => a - b);
  const normal = normalMultiplier(level);
  if (finite.length === 0) return 1.5 * normal;
  const rank = Math.ceil((finite.length + 1) * level);
  const value = rank > finite.length ? Math.max(finite[finite.length - 1]!, 1.5 * normal) : finite[rank - 1]!;
  return Math.max(value, 0.1 * normal);
}
