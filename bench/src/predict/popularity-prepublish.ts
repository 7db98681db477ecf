import {
  auc,
  type ContentExample,
  type ContentPerformanceOptions,
  createContentPerformanceModel,
  prAuc,
  spearman,
} from "@undercurrent/predict";
import { dayMs } from "../loaders/load-result.js";

/** Figures of the pre-publication evaluation. */
export interface PrepublishFigures {
  successThreshold: number;
  trainPosts: number;
  testPosts: number;
  testFrom: string;
  /** Share of test posts that succeeded (the PR-AUC of a random scorer). */
  testSuccessRate: number;
  auc: number;
  prAuc: number;
  /** Spearman between the predicted median engagement and the final points. */
  engagementSpearman: number;
  /** Share of test posts inside the predicted 10–90% engagement quantiles. */
  coverage80: number;
  /** The same model fitted on the title alone (no author, domain or time), for comparison with title-only work. */
  titleOnlyAuc: number;
}

function titleOnly(example: ContentExample): ContentExample {
  return { title: example.title, platform: example.platform, plannedAt: new Date(Date.UTC(2016, 8, 7)), engagement: example.engagement };
}

/**
 * Pre-publication success (engagement ≥ `successThreshold`): trained on the posts of the first `trainDays`
 * days, tested on the rest (strictly later). Test drafts carry title, link, author and time only.
 */
export function evaluatePrepublish(
  examples: readonly ContentExample[],
  successThreshold = 10,
  trainDays = 14,
  options: ContentPerformanceOptions = {},
): PrepublishFigures {
  const start = examples[0]?.plannedAt.getTime() ?? 0;
  const cut = start + trainDays * dayMs;
  const train = examples.filter((example) => example.plannedAt.getTime() < cut);
  const test = examples.filter((example) => example.plannedAt.getTime() >= cut);
  const model = createContentPerformanceModel({ ...options, successThreshold });
  model.train(train);
  const labels = test.map((example) => example.engagement >= successThreshold);
  const estimates = test.map(({ engagement: _engagement, ...draft }) => model.predict(draft));
  const inside = estimates.filter((estimate, index) => {
    const low = estimate.quantiles.find((quantile) => quantile.probability === 0.1)?.value ?? Number.NaN;
    const high = estimate.quantiles.find((quantile) => quantile.probability === 0.9)?.value ?? Number.NaN;
    return test[index]!.engagement >= low && test[index]!.engagement <= high;
  }).length;

  const titleModel = createContentPerformanceModel({ ...options, successThreshold });
  titleModel.train(train.map(titleOnly));
  const titleScores = test.map((example) => {
    const { engagement: _engagement, ...draft } = titleOnly(example);
    return titleModel.predict(draft).successProbability;
  });
  return {
    successThreshold,
    trainPosts: train.length,
    testPosts: test.length,
    testFrom: new Date(cut).toISOString(),
    testSuccessRate: labels.filter(Boolean).length / Math.max(1, labels.length),
    auc: auc(
      estimates.map((estimate) => estimate.successProbability),
      labels,
    ),
    prAuc: prAuc(
      estimates.map((estimate) => estimate.successProbability),
      labels,
    ),
    engagementSpearman: spearman(
      test.map((example) => example.engagement),
      estimates.map((estimate) => estimate.expectedEngagement),
    ),
    coverage80: test.length > 0 ? inside / test.length : Number.NaN,
    titleOnlyAuc: auc(titleScores, labels),
  };
}
