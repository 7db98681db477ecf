import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { auc, intervalCoverage, mase, medianApe, msle, peakHitRate, prAuc, quantile, ranks, smape, spearman } from "./metrics.js";

describe("classifier metrics", () => {
  it("AUC is 1 for a perfect ranking, 0 for a reversed one, 0.5 for ties, NaN with one class", () => {
    expect(auc([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0])).toBe(1);
    expect(auc([0.1, 0.2, 0.8, 0.9], [true, true, false, false])).toBe(0);
    expect(auc([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0])).toBe(0.5);
    expect(auc([0.3, 0.4], [1, 1])).toBeNaN();
  });

  it("AUC matches the pair-counting definition", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.boolean()), { minLength: 2, maxLength: 30 }), (pairs) => {
        const scores = pairs.map(([score]) => score);
        const labels = pairs.map(([, label]) => label);
        let wins = 0;
        let total = 0;
        pairs.forEach(([a, la]) => {
          pairs.forEach(([b, lb]) => {
            if (la && !lb) {
              total += 1;
              wins += a > b ? 1 : a === b ? 0.5 : 0;
            }
          });
        });
        const expected = total === 0 ? Number.NaN : wins / total;
        if (Number.isNaN(expected)) expect(auc(scores, labels)).toBeNaN();
        else expect(auc(scores, labels)).toBeCloseTo(expected, 10);
      }),
    );
  });

  it("PR-AUC (average precision) is 1 when positives come first and the positive rate for constant scores", () => {
    expect(prAuc([0.9, 0.8, 0.3, 0.1], [1, 1, 0, 0])).toBe(1);
    expect(prAuc([0.9, 0.8, 0.3, 0.1], [0, 1, 0, 1])).toBeCloseTo((1 / 2 + 2 / 4) / 2, 10);
    expect(prAuc([1, 1, 1, 1], [1, 0, 0, 0])).toBeCloseTo(0.25, 10);
    expect(prAuc([1, 2], [0, 0])).toBeNaN();
  });

  it("Spearman is 1 for any increasing relation, handles ties, and rejects unpaired input", () => {
    expect(spearman([1, 2, 3, 4], [10, 100, 1000, 10000])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(ranks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(() => spearman([1, 2], [1])).toThrow(/predicted: expected 2 values/);
    expect(() => auc([1, 2], [1])).toThrow(/labels: expected 2 labels/);
  });
});

describe("forecast metrics", () => {
  it("MASE divides by the in-sample naive error", () => {
    // Naive MAE of the history is 2; forecast MAE is 1.
    expect(mase([11, 13], [10, 14], [2, 4, 6, 8])).toBe(0.5);
    expect(mase([1], [1], [5, 5, 5])).toBeNaN();
  });

  it("sMAPE, MSLE, median APE, coverage and peak-hit rate", () => {
    expect(smape([100, 0], [50, 0])).toBeCloseTo((200 * 50) / 150 / 2, 10);
    expect(msle([Math.E - 1], [0])).toBeCloseTo(1, 10);
    expect(medianApe([100, 200, 0, 50], [110, 100, 5, 50])).toBe(10);
    expect(intervalCoverage([1, 5, 10], [0, 0, 0], [2, 4, 20])).toBeCloseTo(2 / 3, 10);
    expect(peakHitRate([0, 1, -1, 2, -3], 1)).toBeCloseTo(3 / 5, 10);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
  });
});
