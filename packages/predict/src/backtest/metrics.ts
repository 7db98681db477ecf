import { ValidationError } from "@undercurrent/core";

/**
 * Accuracy measures for forecasts and classifiers. Every function returns a finite number or `NaN` only
 * when the measure is undefined for the input (e.g. AUC with a single class): callers decide how to report it.
 */

function checkPaired(actual: readonly number[], predicted: readonly number[], context: string): void {
  if (actual.length !== predicted.length) {
    throw new ValidationError({
      context,
      issues: [{ path: "predicted", message: `expected ${actual.length} values to pair with actual, received ${predicted.length}` }],
    });
  }
}

function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Median of finite values; `NaN` when there are none. */
export function median(values: readonly number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Quantile (linear interpolation, type 7) of finite values; `NaN` when there are none. */
export function quantile(values: readonly number[], probability: number): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const position = Math.min(1, Math.max(0, probability)) * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/**
 * Mean absolute error of the seasonal-naive forecast in-sample (the MASE scale): mean |y[t] − y[t − m]|.
 * Returns `NaN` when the history is shorter than `m + 1`.
 */
export function naiveScale(history: readonly number[], seasonality = 1): number {
  const m = Math.max(1, Math.floor(seasonality));
  if (history.length <= m) return Number.NaN;
  let sum = 0;
  for (let index = m; index < history.length; index += 1) sum += Math.abs(history[index]! - history[index - m]!);
  return sum / (history.length - m);
}

/** Mean absolute error. */
export function mae(actual: readonly number[], predicted: readonly number[]): number {
  checkPaired(actual, predicted, "mae");
  return mean(actual.map((value, index) => Math.abs(value - predicted[index]!)));
}

/**
 * Mean absolute scaled error (Hyndman & Koehler 2006): MAE of the forecast divided by the in-sample MAE of
 * the (seasonal) naive forecast on `history`. Below 1 beats naive. `NaN` when the scale is zero or undefined.
 */
export function mase(actual: readonly number[], predicted: readonly number[], history: readonly number[], seasonality = 1): number {
  const scale = naiveScale(history, seasonality);
  if (!(scale > 0)) return Number.NaN;
  return mae(actual, predicted) / scale;
}

/** Symmetric MAPE in percent (0–200): mean 200·|y − ŷ| / (|y| + |ŷ|), a pair of zeros counting as 0. */
export function smape(actual: readonly number[], predicted: readonly number[]): number {
  checkPaired(actual, predicted, "smape");
  return mean(
    actual.map((value, index) => {
      const denominator = Math.abs(value) + Math.abs(predicted[index]!);
      return denominator === 0 ? 0 : (200 * Math.abs(value - predicted[index]!)) / denominator;
    }),
  );
}

/** Mean squared log error: mean (ln(1 + y) − ln(1 + ŷ))², negatives clamped to 0. */
export function msle(actual: readonly number[], predicted: readonly number[]): number {
  checkPaired(actual, predicted, "msle");
  return mean(actual.map((value, index) => (Math.log1p(Math.max(0, value)) - Math.log1p(Math.max(0, predicted[index]!))) ** 2));
}

/** Absolute percentage errors in percent, skipping pairs whose actual value is 0. */
export function absolutePercentageErrors(actual: readonly number[], predicted: readonly number[]): number[] {
  checkPaired(actual, predicted, "absolutePercentageErrors");
  const errors: number[] = [];
  actual.forEach((value, index) => {
    if (value !== 0) errors.push((100 * Math.abs(value - predicted[index]!)) / Math.abs(value));
  });
  return errors;
}

/** Median absolute percentage error in percent (pairs with actual 0 skipped). */
export function medianApe(actual: readonly number[], predicted: readonly number[]): number {
  return median(absolutePercentageErrors(actual, predicted));
}

/** Share (0–1) of actual values inside their `[lower, upper]` interval. */
export function intervalCoverage(actual: readonly number[], lower: readonly number[], upper: readonly number[]): number {
  checkPaired(actual, lower, "intervalCoverage");
  checkPaired(actual, upper, "intervalCoverage");
  if (actual.length === 0) return Number.NaN;
  let inside = 0;
  actual.forEach((value, index) => {
    if (value >= lower[index]! && value <= upper[index]!) inside += 1;
  });
  return inside / actual.length;
}

/** Share (0–1) of absolute peak-time errors (in steps) within ±`k`. */
export function peakHitRate(errors: readonly number[], k = 1): number {
  const finite = errors.filter(Number.isFinite);
  if (finite.length === 0) return Number.NaN;
  return finite.filter((error) => Math.abs(error) <= k + 1e-9).length / finite.length;
}

/** Average ranks (1-based), ties sharing the mean rank. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const result = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end += 1;
    const rank = (start + end) / 2 + 1;
    for (let position = start; position <= end; position += 1) result[order[position]!.index] = rank;
    start = end + 1;
  }
  return result;
}

/** Pearson correlation; `NaN` when either side is constant or there are fewer than 2 pairs. */
export function pearson(x: readonly number[], y: readonly number[]): number {
  checkPaired(x, y, "pearson");
  if (x.length < 2) return Number.NaN;
  const meanX = mean(x);
  const meanY = mean(y);
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  x.forEach((value, index) => {
    const dx = value - meanX;
    const dy = y[index]! - meanY;
    covariance += dx * dy;
    varianceX += dx * dx;
    varianceY += dy * dy;
  });
  if (varianceX === 0 || varianceY === 0) return Number.NaN;
  return covariance / Math.sqrt(varianceX * varianceY);
}

/** Spearman rank correlation (Pearson on average ranks, so ties are handled); `NaN` when a side is constant. */
export function spearman(x: readonly number[], y: readonly number[]): number {
  checkPaired(x, y, "spearman");
  return pearson(ranks(x), ranks(y));
}

function checkLabels(scores: readonly number[], labels: readonly (boolean | number)[], context: string): boolean[] {
  if (scores.length !== labels.length) {
    throw new ValidationError({
      context,
      issues: [{ path: "labels", message: `expected ${scores.length} labels to pair with scores, received ${labels.length}` }],
    });
  }
  return labels.map((label) => label === true || label === 1);
}

/**
 * ROC AUC: the probability that a random positive scores above a random negative (ties count half),
 * computed from rank sums (Mann–Whitney U). Labels are booleans or 0/1. `NaN` with a single class.
 */
export function auc(scores: readonly number[], labels: readonly (boolean | number)[]): number {
  const positive = checkLabels(scores, labels, "auc");
  const scoreRanks = ranks(scores);
  let positives = 0;
  let rankSum = 0;
  positive.forEach((isPositive, index) => {
    if (isPositive) {
      positives += 1;
      rankSum += scoreRanks[index]!;
    }
  });
  const negatives = positive.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Precision–recall AUC as average precision: the mean of precision at each positive, scores taken in
 * descending order with tied scores treated as one threshold. A random scorer gets the positive rate.
 * `NaN` without positives.
 */
export function prAuc(scores: readonly number[], labels: readonly (boolean | number)[]): number {
  const positive = checkLabels(scores, labels, "prAuc");
  const totalPositives = positive.filter(Boolean).length;
  if (totalPositives === 0) return Number.NaN;
  const order = scores.map((score, index) => ({ score, positive: positive[index]! })).sort((a, b) => b.score - a.score);
  let truePositives = 0;
  let seen = 0;
  let averagePrecision = 0;
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.score === order[start]!.score) end += 1;
    let groupPositives = 0;
    for (let position = start; position <= end; position += 1) if (order[position]!.positive) groupPositives += 1;
    truePositives += groupPositives;
    seen += end - start + 1;
    averagePrecision += (groupPositives / totalPositives) * (truePositives / seen);
    start = end + 1;
  }
  return averagePrecision;
}
