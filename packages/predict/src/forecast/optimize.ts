/**
 * A small box-constrained minimiser for 1–3 smoothing parameters: a coarse grid, then a pattern search with
 * shrinking steps from the best grid point. Deterministic, allocation-light and fast for short series.
 */
export function minimizeInBox(
  objective: (parameters: readonly number[]) => number,
  lower: readonly number[],
  upper: readonly number[],
  gridPoints: readonly number[],
): number[] {
  const dimensions = lower.length;
  let best = lower.map((low, index) => (low + upper[index]!) / 2);
  let bestValue = Number.POSITIVE_INFINITY;
  const candidate = new Array<number>(dimensions).fill(0);
  const visit = (dimension: number): void => {
    if (dimension === dimensions) {
      const value = objective(candidate);
      if (value < bestValue) {
        bestValue = value;
        best = [...candidate];
      }
      return;
    }
    for (const share of gridPoints) {
      candidate[dimension] = lower[dimension]! + share * (upper[dimension]! - lower[dimension]!);
      visit(dimension + 1);
    }
  };
  visit(0);
  let step = upper.map((high, index) => (high - lower[index]!) / (gridPoints.length + 1));
  for (let round = 0; round < 24; round += 1) {
    let improved = false;
    for (let dimension = 0; dimension < dimensions; dimension += 1) {
      for (const direction of [-1, 1]) {
        const trial = [...best];
        trial[dimension] = Math.min(upper[dimension]!, Math.max(lower[dimension]!, trial[dimension]! + direction * step[dimension]!));
        const value = objective(trial);
        if (value < bestValue) {
          bestValue = value;
          best = trial;
          improved = true;
        }
      }
    }
    if (!improved) step = step.map((size) => size / 2);
  }
  return best;
}
