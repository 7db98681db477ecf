import { z } from "zod";
import { normalQuantile } from "../forecast/model.js";
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
