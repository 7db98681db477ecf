/** Small numeric helpers shared by the popularity and timing models. */

/** Logistic function, safe for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** `value` limited to `[low, high]`; a non-finite value becomes `fallback`. */
export function clamp(value: number, low: number, high: number, fallback = low): number {
  if (!Number.isFinite(value)) return fallback;
  return Math.min(high, Math.max(low, value));
}

/** Quantile (type 7) of an already sorted array; `NaN` when empty. */
export function sortedQuantile(sorted: readonly number[], probability: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = clamp(probability, 0, 1) * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/** Median of a list (copied and sorted); `NaN` when empty. */
export function medianOf(values: readonly number[]): number {
  return sortedQuantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** Arithmetic mean; `NaN` when empty. */
export function meanOf(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/**
 * A seeded pseudo-random generator (mulberry32): the same seed gives the same stream, so training and
 * sampling are reproducible.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw from a uniform generator (Box–Muller). */
export function normalDraw(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
