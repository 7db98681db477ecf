import { UndercurrentError } from "@undercurrent/core";
import { type EarlyPopularityFigures, evaluateEarlyPopularity } from "./popularity-early.js";
import { loadHnPostExamples } from "./popularity-hn-posts.js";
import { evaluatePrepublish, type PrepublishFigures } from "./popularity-prepublish.js";
import {
  type HorizonPlan,
  loadHnTrajectories,
  loadRedditTrajectories,
  loadYouTubeTrajectories,
  type TrajectorySet,
} from "./popularity-trajectories.js";

/** One early-popularity evaluation: a dataset, a horizon and how its snapshots are cut. */
interface EarlyEvaluation {
  key: string;
  label: string;
  load: (dataDirectory: string) => Promise<TrajectorySet>;
  plan: HorizonPlan;
}

// HN snapshots are the first commit in each UTC hour, so they drift up to 20 minutes: "the first 2 h" is the
// first three hourly snapshots. Reddit collections are on the hour; YouTube's are daily at 20:00 UTC.
const hnPlan = { toleranceHours: 1 / 3, settleHours: 48 };
const redditPlan = { toleranceHours: 0.05, settleHours: 48 };
const youTubePlan = { toleranceHours: 1, settleHours: 30 * 24 };

const earlyEvaluations: readonly EarlyEvaluation[] = [
  { key: "hn2h", label: "HN front page, peak upvotes from 2 h", load: loadHnTrajectories, plan: { horizonHours: 2, ...hnPlan } },
  { key: "hn6h", label: "HN front page, peak upvotes from 6 h", load: loadHnTrajectories, plan: { horizonHours: 6, ...hnPlan } },
  { key: "reddit2h", label: "Reddit r/all, peak score from 2 h", load: loadRedditTrajectories, plan: { horizonHours: 2, ...redditPlan } },
  { key: "reddit6h", label: "Reddit r/all, peak score from 6 h", load: loadRedditTrajectories, plan: { horizonHours: 6, ...redditPlan } },
  {
    key: "youtube1d",
    label: "YouTube trending, peak views from day 1",
    load: loadYouTubeTrajectories,
    plan: { horizonHours: 24, ...youTubePlan },
  },
  {
    key: "youtube3d",
    label: "YouTube trending, peak views from day 3",
    load: loadYouTubeTrajectories,
    plan: { horizonHours: 72, ...youTubePlan },
  },
];

function describeError(error: unknown): string {
  if (UndercurrentError.isInstance(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

function formatNumber(value: number | undefined, digits = 3): string {
  return value === undefined || !Number.isFinite(value) ? "n/a" : value.toFixed(digits);
}

function earlyRow(label: string, figures: EarlyPopularityFigures): string {
  return [
    label.padEnd(42),
    `${figures.trainItems}/${figures.testItems}`.padStart(10),
    `${formatNumber(figures.medianApe, 1)}%`.padStart(8),
    `${formatNumber(figures.baselineMedianApe, 1)}%`.padStart(8),
    `${formatNumber(figures.ridgeMedianApe, 1)}%`.padStart(8),
    formatNumber(figures.msle).padStart(7),
    formatNumber(figures.baselineMsle).padStart(7),
    formatNumber(figures.spearman).padStart(7),
    formatNumber(figures.baselineSpearman).padStart(7),
    formatNumber(figures.coverage80, 2).padStart(6),
  ].join(" ");
}

/**
 * The popularity evaluations of the predict bench, each strictly in time order (trained on earlier items,
 * tested on later ones): (1) HN front-page 2022 peak upvotes from the first 2 h and 6 h, (2) Reddit r/all
 * peak score from 2 h and 6 h and YouTube trending peak views from the first day and the first three days —
 * median APE, MSLE and Spearman of the `early-curve` model beside Szabo–Huberman (and the ridge learner) —
 * and (4) HN September 2016 pre-publication success (points ≥ 10), trained on the first two weeks and
 * tested on the rest: ROC-AUC and PR-AUC. A dataset that cannot be read is reported under `skipped`; the
 * rest still run. Logs a table through `log`.
 */
export async function runPopularityEvaluations(
  dataDir: string,
  log: (line: string) => void,
): Promise<{ popularity: Record<string, unknown>; prepublish: Record<string, unknown> }> {
  const popularity: Record<string, unknown> = {};
  const skipped: Record<string, string> = {};
  const loaded = new Map<EarlyEvaluation["load"], Promise<TrajectorySet>>();

  log("Early popularity (train on earlier items, test on later): ours = early-curve (boosted trees), SH = Szabo–Huberman");
  log(
    [
      "evaluation".padEnd(42),
      "train/test".padStart(10),
      "APE ours".padStart(8),
      "APE SH".padStart(8),
      "APE ridge".padStart(8),
      "MSLE".padStart(7),
      "MSLE SH".padStart(7),
      "rho".padStart(7),
      "rho SH".padStart(7),
      "cov80".padStart(6),
    ].join(" "),
  );
  for (const evaluation of earlyEvaluations) {
    try {
      if (!loaded.has(evaluation.load)) loaded.set(evaluation.load, evaluation.load(dataDir));
      const set = await loaded.get(evaluation.load)!;
      const figures = evaluateEarlyPopularity(set, evaluation.plan);
      popularity[evaluation.key] = figures;
      log(earlyRow(evaluation.label, figures));
    } catch (error) {
      skipped[evaluation.key] = describeError(error);
      log(`${evaluation.label.padEnd(42)} skipped: ${skipped[evaluation.key]}`);
    }
  }
  if (Object.keys(skipped).length > 0) popularity.skipped = skipped;

  let prepublish: Record<string, unknown>;
  try {
    const { examples, skipped: unreadable } = await loadHnPostExamples(dataDir);
    const figures: PrepublishFigures = evaluatePrepublish(examples);
    prepublish = { ...figures, unreadableRows: unreadable };
    log("");
    log("Pre-publication success on HN posts Sep 2016 (points >= 10; train first 14 days, test the rest)");
    log(
      `train/test ${figures.trainPosts}/${figures.testPosts}, test success rate ${formatNumber(figures.testSuccessRate)}: ` +
        `ROC-AUC ${formatNumber(figures.auc)}, PR-AUC ${formatNumber(figures.prAuc)}, title-only ROC-AUC ${formatNumber(figures.titleOnlyAuc)}, ` +
        `engagement Spearman ${formatNumber(figures.engagementSpearman)}, 10–90% coverage ${formatNumber(figures.coverage80, 2)}`,
    );
  } catch (error) {
    prepublish = { skipped: describeError(error) };
    log(`pre-publication skipped: ${prepublish.skipped}`);
  }
  return { popularity, prepublish };
}
