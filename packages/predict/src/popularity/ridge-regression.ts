import { Matrix, solve } from "ml-matrix";
import { z } from "zod";

/** JSON form of a fitted ridge regression (on standardised features; the intercept is not penalised). */
export const ridgeRegressionSchema = z.object({
  kind: z.literal("ridge"),
  means: z.array(z.number().finite()),
  scales: z.array(z.number().finite().positive()),
  weights: z.array(z.number().finite()),
  intercept: z.number().finite(),
});
/** A fitted ridge regression. */
export type RidgeRegression = z.infer<typeof ridgeRegressionSchema>;

/** Least squares with an L2 penalty `lambda` on standardised weights, solved with ml-matrix. */
export function fitRidgeRegression(rows: readonly (readonly number[])[], targets: readonly number[], lambda: number): RidgeRegression {
  const features = rows[0]?.length ?? 0;
  const means = Array.from({ length: features }, (_, feature) => rows.reduce((sum, row) => sum + row[feature]!, 0) / rows.length);
  const scales = means.map((mean, feature) => {
    const variance = rows.reduce((sum, row) => sum + (row[feature]! - mean) ** 2, 0) / rows.length;
    return variance > 1e-12 ? Math.sqrt(variance) : 1;
  });
  const targetMean = targets.reduce((sum, value) => sum + value, 0) / targets.length;
  const design = new Matrix(rows.map((row) => row.map((value, feature) => (value - means[feature]!) / scales[feature]!)));
  const centred = Matrix.columnVector(targets.map((value) => value - targetMean));
  const gram = design.transpose().mmul(design);
  for (let feature = 0; feature < features; feature += 1) gram.set(feature, feature, gram.get(feature, feature) + lambda);
  const weights = features === 0 ? [] : solve(gram, design.transpose().mmul(centred)).getColumn(0);
  return {
    kind: "ridge",
    means,
    scales,
    weights: weights.map((weight) => (Number.isFinite(weight) ? weight : 0)),
    intercept: targetMean,
  };
}

/** The fitted value for one row. */
export function predictRidgeRegression(model: RidgeRegression, row: readonly number[]): number {
  let value = model.intercept;
  model.weights.forEach((weight, feature) => {
    value += (weight * (row[feature]! - model.means[feature]!)) / model.scales[feature]!;
  });
  return value;
}
