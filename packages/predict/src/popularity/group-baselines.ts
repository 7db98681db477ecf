import { z } from "zod";
import type { AuthorBaseline } from "./content-draft.js";

/** Per-key track record: [posts, successes, sum of ln(1 + engagement)]. */
export const groupTableSchema = z.record(z.string(), z.tuple([z.number().min(0), z.number().min(0), z.number().finite()]));
/** Per-key track record (authors, domains). */
export type GroupTable = z.infer<typeof groupTableSchema>;

/** Overall rates the group features shrink towards. */
export interface GroupPrior {
  successRate: number;
  meanLogEngagement: number;
  /** Pseudo-posts of the prior. */
  strength: number;
}

/** Builds a table from (key, success, log engagement) rows; empty keys are skipped. */
export function buildGroupTable(rows: readonly { key: string; success: number; logEngagement: number }[]): GroupTable {
  const table: GroupTable = Object.create(null);
  for (const row of rows) {
    if (row.key === "") continue;
    const entry: [number, number, number] = Object.hasOwn(table, row.key) ? table[row.key]! : [0, 0, 0];
    table[row.key] = [entry[0] + 1, entry[1] + row.success, entry[2] + row.logEngagement];
  }
  return table;
}

/** Names of {@link groupFeatures}, in order (prefixed per group by the caller). */
export const groupFeatureNames = ["successLogOdds", "logPosts", "meanLogEngagement"] as const;

/**
 * A key's record as features, shrunk towards the prior by `strength` pseudo-posts: smoothed success
 * log-odds, ln(1 + posts) and smoothed mean ln(1 + engagement). An explicit baseline overrides the table.
 * `scale` multiplies a table's counts: out-of-fold tables see (k − 1)/k of the data, so scaling by
 * k/(k − 1) keeps their features on the footing of the full table used at prediction time.
 */
export function groupFeatures(table: GroupTable, key: string, prior: GroupPrior, baseline?: AuthorBaseline, scale = 1): number[] {
  let posts: number;
  let successes: number;
  let sumLog: number;
  if (baseline) {
    posts = baseline.posts;
    successes = baseline.successRate * baseline.posts;
    sumLog = Math.log1p(baseline.medianEngagement) * baseline.posts;
  } else {
    [posts, successes, sumLog] = (Object.hasOwn(table, key) ? table[key]! : [0, 0, 0]).map((count) => count * scale) as [
      number,
      number,
      number,
    ];
  }
  const rate = (successes + prior.strength * prior.successRate) / (posts + prior.strength);
  const clipped = Math.min(1 - 1e-4, Math.max(1e-4, rate));
  return [
    Math.log(clipped / (1 - clipped)),
    Math.log1p(posts),
    (sumLog + prior.strength * prior.meanLogEngagement) / (posts + prior.strength),
  ];
}
