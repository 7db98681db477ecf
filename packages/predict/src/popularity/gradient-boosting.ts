import { z } from "zod";
import { medianOf, seededRandom, sigmoid } from "./numeric.js";

/** Loss a boosted ensemble minimises: squared error (mean), absolute error (median) or log-loss (probability). */
export type BoostingLoss = "squared" | "absolute" | "logistic";

/** Settings of {@link fitBoostedTrees}. */
export interface BoostingSettings {
  loss: BoostingLoss;
  /** Number of trees. */
  trees: number;
  /** Depth of each tree (1 = stumps). */
  depth: number;
  /** Shrinkage applied to every tree. */
  learningRate: number;
  /** Fewest training rows in a leaf. */
  minLeaf: number;
  /** Candidate thresholds per feature (quantile bins). */
  bins: number;
  /** L2 penalty on leaf values (logistic loss). */
  lambda: number;
  /** Share of rows each tree is grown on (stochastic gradient boosting); 1 = all. Default 1. */
  subsample?: number;
  /** Seed of the row sampling. */
  seed?: number;
}

const nodeSchema: z.ZodType<TreeNode> = z.lazy(() =>
  z.union([
    z.object({ value: z.number().finite() }),
    z.object({ feature: z.number().int().min(0), threshold: z.number().finite(), left: nodeSchema, right: nodeSchema }),
  ]),
);

/** A tree node: a leaf value, or a split sending `x[feature] <= threshold` left. */
export type TreeNode = { value: number } | { feature: number; threshold: number; left: TreeNode; right: TreeNode };

/** JSON form of a fitted ensemble. */
export const boostedTreesSchema = z.object({
  kind: z.literal("boosted-trees"),
  loss: z.enum(["squared", "absolute", "logistic"]),
  features: z.number().int().min(1),
  base: z.number().finite(),
  learningRate: z.number().positive(),
  trees: z.array(nodeSchema),
});
/** A fitted gradient-boosted ensemble of small regression trees. */
export type BoostedTrees = z.infer<typeof boostedTreesSchema>;

function binEdges(column: Float64Array, bins: number): number[] {
  const sorted = Float64Array.from(column).sort();
  const edges: number[] = [];
  for (let bin = 1; bin < bins; bin += 1) {
    const value = sorted[Math.min(sorted.length - 1, Math.floor((bin * sorted.length) / bins))]!;
    // An edge is the largest value still going left; keep them strictly increasing and below the maximum.
    if (value < sorted[sorted.length - 1]! && (edges.length === 0 || value > edges[edges.length - 1]!)) edges.push(value);
  }
  return edges;
}

function binOf(value: number, edges: readonly number[]): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (value <= edges[middle]!) high = middle;
    else low = middle + 1;
  }
  return low;
}

interface Split {
  feature: number;
  bin: number;
  gain: number;
}

function leafValue(loss: BoostingLoss, rows: readonly number[], gradient: Float64Array, hessian: Float64Array, lambda: number): number {
  if (loss === "absolute") return medianOf(rows.map((row) => gradient[row]!));
  let g = 0;
  let h = 0;
  for (const row of rows) {
    g += gradient[row]!;
    h += hessian[row]!;
  }
  return g / (h + lambda);
}

/**
 * Fits gradient-boosted regression trees on histogram bins (rows × features, all finite). `gradient` holds
 * what each row's prediction should move by (residual, or y − p for log-loss); for absolute loss splits use
 * the residuals' signs and leaves their median, as in Friedman's LAD-TreeBoost.
 */
export function fitBoostedTrees(
  rows: readonly (readonly number[])[],
  targets: readonly number[],
  settings: BoostingSettings,
): BoostedTrees {
  const count = rows.length;
  const features = rows[0]?.length ?? 0;
  const columns = Array.from({ length: features }, (_, feature) => Float64Array.from(rows, (row) => row[feature]!));
  const edges = columns.map((column) => binEdges(column, settings.bins));
  const binned = columns.map((column, feature) => Uint16Array.from(column, (value) => binOf(value, edges[feature]!)));

  const { loss } = settings;
  let base: number;
  if (loss === "squared") base = targets.reduce((sum, value) => sum + value, 0) / count;
  else if (loss === "absolute") base = medianOf(targets);
  else {
    const rate = Math.min(1 - 1e-6, Math.max(1e-6, targets.reduce((sum, value) => sum + value, 0) / count));
    base = Math.log(rate / (1 - rate));
  }

  const score = new Float64Array(count).fill(base);
  const residual = new Float64Array(count);
  const splitGradient = new Float64Array(count);
  const hessian = new Float64Array(count).fill(1);
  const trees: TreeNode[] = [];

  const bestSplit = (members: readonly number[]): Split | undefined => {
    let best: Split | undefined;
    for (let feature = 0; feature < features; feature += 1) {
      const binCount = edges[feature]!.length + 1;
      if (binCount < 2) continue;
      const sumG = new Float64Array(binCount);
      const sumH = new Float64Array(binCount);
      const rowsIn = new Uint32Array(binCount);
      const column = binned[feature]!;
      for (const row of members) {
        const bin = column[row]!;
        sumG[bin] = sumG[bin]! + splitGradient[row]!;
        sumH[bin] = sumH[bin]! + hessian[row]!;
        rowsIn[bin] = rowsIn[bin]! + 1;
      }
      let totalG = 0;
      let totalH = 0;
      for (let bin = 0; bin < binCount; bin += 1) {
        totalG += sumG[bin]!;
        totalH += sumH[bin]!;
      }
      const parent = (totalG * totalG) / (totalH + settings.lambda);
      let leftG = 0;
      let leftH = 0;
      let leftRows = 0;
      for (let bin = 0; bin < binCount - 1; bin += 1) {
        leftG += sumG[bin]!;
        leftH += sumH[bin]!;
        leftRows += rowsIn[bin]!;
        const rightRows = members.length - leftRows;
        if (leftRows < settings.minLeaf || rightRows < settings.minLeaf) continue;
        const rightG = totalG - leftG;
        const rightH = totalH - leftH;
        const gain = (leftG * leftG) / (leftH + settings.lambda) + (rightG * rightG) / (rightH + settings.lambda) - parent;
        if (gain > 1e-12 && (!best || gain > best.gain)) best = { feature, bin, gain };
      }
    }
    return best;
  };

  const grow = (members: number[], depth: number): TreeNode => {
    const split = depth < settings.depth ? bestSplit(members) : undefined;
    if (!split) return { value: leafValue(loss, members, loss === "absolute" ? residual : splitGradient, hessian, settings.lambda) };
    const column = binned[split.feature]!;
    const left = members.filter((row) => column[row]! <= split.bin);
    const right = members.filter((row) => column[row]! > split.bin);
    return {
      feature: split.feature,
      threshold: edges[split.feature]![split.bin]!,
      left: grow(left, depth + 1),
      right: grow(right, depth + 1),
    };
  };

  const all = Array.from({ length: count }, (_, row) => row);
  const random = seededRandom(settings.seed ?? 1);
  for (let tree = 0; tree < settings.trees; tree += 1) {
    for (let row = 0; row < count; row += 1) {
      const target = targets[row]!;
      if (loss === "logistic") {
        const probability = sigmoid(score[row]!);
        splitGradient[row] = target - probability;
        hessian[row] = Math.max(1e-6, probability * (1 - probability));
      } else {
        residual[row] = target - score[row]!;
        splitGradient[row] = loss === "absolute" ? Math.sign(residual[row]!) : residual[row]!;
      }
    }
    const subsample = settings.subsample ?? 1;
    const node = grow(subsample < 1 ? all.filter(() => random() < subsample) : all, 0);
    trees.push(node);
    for (let row = 0; row < count; row += 1) score[row] = score[row]! + settings.learningRate * evaluateTree(node, rows[row]!);
  }
  return { kind: "boosted-trees", loss, features, base, learningRate: settings.learningRate, trees };
}

function evaluateTree(node: TreeNode, row: readonly number[]): number {
  let current = node;
  while (!("value" in current)) current = row[current.feature]! <= current.threshold ? current.left : current.right;
  return current.value;
}

/** The ensemble's raw score for one row: the value (squared/absolute loss) or the log-odds (logistic loss). */
export function predictBoostedTrees(model: BoostedTrees, row: readonly number[]): number {
  let score = model.base;
  for (const tree of model.trees) score += model.learningRate * evaluateTree(tree, row);
  return score;
}
