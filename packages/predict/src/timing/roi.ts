import { type Interval, parseInput } from "@undercurrent/core";
import { z } from "zod";
import { meanOf, seededRandom, sortedQuantile } from "../popularity/numeric.js";
import { isDegenerate, samplerOf, uncertainQuantitySchema } from "./uncertain-quantity.js";

/** What {@link estimateRoi} reads. */
export const roiInputSchema = z.object({
  /** Expected engagement: a number, `{ low, high }`, `{ quantiles }` (e.g. a content-performance estimate) or `{ samples }`. */
  engagement: uncertainQuantitySchema,
  /** Value of one engagement (revenue, or a value you assign), in your currency. */
  valuePerEngagement: uncertainQuantitySchema,
  /** Cost of the piece (e.g. video credits × price per credit, production time). Default 0. */
  cost: uncertainQuantitySchema.default(0),
  /** Interval levels. Default `[0.8, 0.95]`. */
  levels: z.array(z.number().gt(0).lt(1)).min(1).default([0.8, 0.95]),
  /** Monte Carlo draws. Default 10,000. */
  samples: z.number().int().min(100).max(1_000_000).default(10_000),
  /** Seed of the draws (same seed, same answer). Default 1. */
  seed: z.number().int().default(1),
});
/** What {@link estimateRoi} reads. */
export type RoiInput = z.input<typeof roiInputSchema>;

/** Return on investment with its uncertainty. */
export interface RoiEstimate {
  /** Mean of engagement × value per engagement − cost. */
  expected: number;
  median: number;
  /** Central intervals of the ROI. */
  intervals: Interval[];
  /** Share of draws with ROI above 0. */
  probabilityOfProfit: number;
  /** Mean engagement × value per engagement. */
  expectedRevenue: number;
  expectedCost: number;
  /** expected / expectedCost, when the cost is above 0. */
  returnOnCost?: number;
  warnings: string[];
}

/**
 * ROI = engagement × value per engagement − cost, with intervals propagated by Monte Carlo: the three
 * quantities are drawn independently (seeded, so reproducible) from their quantiles, ranges or samples.
 */
export function estimateRoi(value: RoiInput): RoiEstimate {
  const input = parseInput(roiInputSchema, value, "estimateRoi", "input");
  const random = seededRandom(input.seed);
  const engagement = samplerOf(input.engagement);
  const unitValue = samplerOf(input.valuePerEngagement);
  const cost = samplerOf(input.cost);
  const revenues: number[] = [];
  const costs: number[] = [];
  const returns: number[] = [];
  for (let draw = 0; draw < input.samples; draw += 1) {
    const revenue = Math.max(0, engagement(random())) * unitValue(random());
    const spent = cost(random());
    revenues.push(revenue);
    costs.push(spent);
    returns.push(revenue - spent);
  }
  const sorted = returns.filter(Number.isFinite).sort((a, b) => a - b);
  const warnings: string[] = [];
  if (isDegenerate(input.engagement)) warnings.push("engagement is a single value: intervals reflect only value and cost");
  const expectedCost = meanOf(costs);
  const expected = meanOf(sorted);
  return {
    expected,
    median: sortedQuantile(sorted, 0.5),
    intervals: input.levels.map((level) => ({
      level,
      lower: sortedQuantile(sorted, (1 - level) / 2),
      upper: sortedQuantile(sorted, 1 - (1 - level) / 2),
    })),
    probabilityOfProfit: sorted.filter((roi) => roi > 0).length / sorted.length,
    expectedRevenue: meanOf(revenues),
    expectedCost,
    ...(expectedCost > 0 && { returnOnCost: expected / expectedCost }),
    warnings,
  };
}
