import {
  type EarlyPopularityModel,
  type EarlyPopularityOptions,
  medianApe,
  msle,
  spearman,
  trainEarlyPopularityModel,
  trainSzaboHubermanModel,
} from "@undercurrent/predict";
import { type HorizonPlan, type PeakExample, peakExamples, splitInTime, type TrajectorySet } from "./popularity-trajectories.js";

/** Figures of one early-popularity evaluation (ours beside Szabo–Huberman on the same test items). */
export interface EarlyPopularityFigures {
  horizonHours: number;
  trainItems: number;
  testItems: number;
  /** First test item's start (ISO); every training item settled before it. */
  testFrom: string;
  medianApe: number;
  msle: number;
  spearman: number;
  /** Share of test peaks inside the 80% interval. */
  coverage80: number;
  baselineMedianApe: number;
  baselineMsle: number;
  baselineSpearman: number;
  /** The same model with the ridge learner, for the choice of learner. */
  ridgeMedianApe: number;
  ridgeMsle: number;
}

function score(model: EarlyPopularityModel, test: readonly PeakExample[]) {
  const actual = test.map((example) => example.target);
  const estimates = test.map((example) => model.predict(example));
  const predicted = estimates.map((estimate) => estimate.predicted);
  const inside = estimates.filter((estimate, index) => {
    const interval = estimate.intervals.find((candidate) => candidate.level === 0.8);
    return interval !== undefined && actual[index]! >= interval.lower && actual[index]! <= interval.upper;
  }).length;
  return {
    medianApe: medianApe(actual, predicted),
    msle: msle(actual, predicted),
    spearman: spearman(actual, predicted),
    coverage80: test.length > 0 ? inside / test.length : Number.NaN,
  };
}

/**
 * Trains on the earlier items and tests on the later ones (see {@link splitInTime}): the `early-curve` model
 * (boosted trees, and ridge for comparison) beside Szabo–Huberman fitted on the same training items.
 */
export function evaluateEarlyPopularity(
  set: TrajectorySet,
  plan: HorizonPlan,
  trainShare = 0.7,
  overrides: Partial<EarlyPopularityOptions> = {},
): EarlyPopularityFigures {
  const examples = peakExamples(set, plan);
  const { train, test, cut } = splitInTime(examples, trainShare, plan.settleHours);
  const options = { horizonHours: plan.horizonHours, toleranceHours: plan.toleranceHours, ...overrides };
  const ours = score(trainEarlyPopularityModel(train, options), test);
  const ridge = score(trainEarlyPopularityModel(train, { ...options, learner: "ridge" }), test);
  const baseline = score(trainSzaboHubermanModel(train, options), test);
  return {
    horizonHours: plan.horizonHours,
    trainItems: train.length,
    testItems: test.length,
    testFrom: cut.toISOString(),
    ...ours,
    baselineMedianApe: baseline.medianApe,
    baselineMsle: baseline.msle,
    baselineSpearman: baseline.spearman,
    ridgeMedianApe: ridge.medianApe,
    ridgeMsle: ridge.msle,
  };
}
