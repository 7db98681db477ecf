/**
 * Growth-and-decay pulse shapes on a normalised time axis `x` (the history spans [0, 1)). Every family is
 * `baseline + height × shape`, with the shape equal to 1 at the peak `tp` and 0 far from it, so that the
 * parameters `[baseline, height, tp, width, …]` have the same meaning across families.
 */
export interface CurveFamily {
  id: CurveFamilyId;
  /** Number of parameters, baseline first. */
  size: number;
  /** The shape (0–1, 1 at `tp`) at `x` for the parameters. */
  shape(parameters: readonly number[], x: number): number;
  /** Lower and upper bounds of the parameters after baseline, height, tp and width. */
  extraBounds: readonly (readonly [number, number])[];
  /** Starting values of the extra parameters. */
  extraStart: readonly number[];
}

/** The curve families the curve forecaster knows. */
export type CurveFamilyId = "log-logistic" | "gompertz" | "gamma" | "bass";

/** Gompertz rate: the derivative of the Gompertz growth curve, skewed to the right, peak at `tp`. */
const gompertz: CurveFamily = {
  id: "gompertz",
  size: 4,
  shape([, , tp, width], x) {
    const z = (x - tp!) / width!;
    return Math.exp(1 - z - Math.exp(-z));
  },
  extraBounds: [],
  extraStart: [],
};

/** Log-logistic rate (density of a log-logistic onset time) with onset `tp − width` and shape β > 1. */
const logLogistic: CurveFamily = {
  id: "log-logistic",
  size: 5,
  shape([, , tp, width, beta], x) {
    const tau = x - (tp! - width!);
    if (tau <= 0) return 0;
    const b = beta!;
    const scale = width! / ((b - 1) / (b + 1)) ** (1 / b);
    const density = (u: number) => u ** (b - 1) / (1 + u ** b) ** 2;
    return density(tau / scale) / density(width! / scale);
  },
  extraBounds: [[1.2, 12]],
  extraStart: [3],
};

/** Gamma-shaped pulse `(τ/w)^k · e^{k(1 − τ/w)}` with onset `tp − width`. */
const gamma: CurveFamily = {
  id: "gamma",
  size: 5,
  shape([, , tp, width, k], x) {
    const ratio = (x - (tp! - width!)) / width!;
    if (ratio <= 0) return 0;
    return Math.exp(k! * (1 + Math.log(ratio) - ratio));
  },
  extraBounds: [[0.3, 30]],
  extraStart: [2],
};

/**
 * Bass diffusion adoption rate: a logistic pulse around `tp` with scale `width` = 1/(p + q), starting at the
 * launch `tp − width · ln(q/p)`; the fifth parameter is ln(q/p).
 */
const bass: CurveFamily = {
  id: "bass",
  size: 5,
  shape([, , tp, width, logRatio], x) {
    if (x < tp! - width! * logRatio!) return 0;
    const e = Math.exp(-(x - tp!) / width!);
    return (4 * e) / (1 + e) ** 2;
  },
  extraBounds: [[0, 10]],
  extraStart: [3],
};

/** Every family, by id. */
export const curveFamilies: Readonly<Record<CurveFamilyId, CurveFamily>> = {
  "log-logistic": logLogistic,
  gompertz,
  gamma,
  bass,
};

/** The curve value: baseline + height × shape. */
export function curveValue(family: CurveFamily, parameters: readonly number[], x: number): number {
  return parameters[0]! + parameters[1]! * family.shape(parameters, x);
}
