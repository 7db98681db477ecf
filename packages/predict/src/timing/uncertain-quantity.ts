import { z } from "zod";
import { sortedQuantile } from "../popularity/numeric.js";

/**
 * An uncertain quantity: a fixed number, a uniform range, quantiles (such as a content-performance
 * estimate's engagement quantiles) or samples.
 */
export const uncertainQuantitySchema = z.union([
  z.number().finite(),
  z
    .object({ low: z.number().finite(), high: z.number().finite() })
    .refine((range) => range.low <= range.high, { message: "expected low <= high", path: ["high"] }),
  z.object({
    quantiles: z
      .array(z.object({ probability: z.number().gt(0).lt(1), value: z.number().finite() }))
      .min(1, "expected at least one quantile"),
  }),
  z.object({ samples: z.array(z.number().finite()).min(1, "expected at least one sample") }),
]);
/** An uncertain quantity. */
export type UncertainQuantity = z.infer<typeof uncertainQuantitySchema>;

/** Inverse standard normal CDF (Acklam's rational approximation, relative error below 1.2e-9). */
export function normalQuantile(probability: number): number {
  const p = Math.min(1 - 1e-12, Math.max(1e-12, probability));
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/**
 * A sampler for the quantity. Quantiles of a non-negative quantity are interpolated as ln(1 + value)
 * linear in the normal score (exact for a log-normal), the tails extrapolated along the outer segments;
 * quantiles with a negative value are interpolated on the value itself.
 */
export function samplerOf(quantity: UncertainQuantity): (uniform: number) => number {
  if (typeof quantity === "number") return () => quantity;
  if ("low" in quantity) return (uniform) => quantity.low + (quantity.high - quantity.low) * uniform;
  if ("samples" in quantity) {
    const sorted = [...quantity.samples].sort((a, b) => a - b);
    return (uniform) => sortedQuantile(sorted, uniform);
  }
  const sorted = [...quantity.quantiles].sort((a, b) => a.probability - b.probability);
  const logScale = sorted.every((quantile) => quantile.value >= 0);
  const toScale = (value: number) => (logScale ? Math.log1p(value) : value);
  const fromScale = (value: number) => (logScale ? Math.max(0, Math.expm1(value)) : value);
  const knots: { z: number; y: number }[] = [];
  for (const quantile of sorted) {
    const y = Math.max(toScale(quantile.value), knots.length > 0 ? knots[knots.length - 1]!.y : Number.NEGATIVE_INFINITY);
    const z = normalQuantile(quantile.probability);
    if (knots.length > 0 && z <= knots[knots.length - 1]!.z) continue;
    knots.push({ z, y });
  }
  if (knots.length === 1) return () => fromScale(knots[0]!.y);
  return (uniform) => {
    const z = normalQuantile(uniform);
    let index = 1;
    while (index < knots.length - 1 && knots[index]!.z < z) index += 1;
    const a = knots[index - 1]!;
    const b = knots[index]!;
    return fromScale(a.y + ((b.y - a.y) * (z - a.z)) / (b.z - a.z));
  };
}

/** Whether the quantity is known exactly (a number, a zero-width range, one quantile or one distinct sample). */
export function isDegenerate(quantity: UncertainQuantity): boolean {
  if (typeof quantity === "number") return true;
  if ("low" in quantity) return quantity.low === quantity.high;
  if ("samples" in quantity) return new Set(quantity.samples).size === 1;
  return new Set(quantity.quantiles.map((quantile) => quantile.value)).size === 1;
}
