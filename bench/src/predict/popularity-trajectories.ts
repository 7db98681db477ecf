import type { EarlyObservation } from "@undercurrent/predict";
import { dayMs, hourMs, type LoadResult, loadHnFrontpageSnapshots, loadRedditHourly, loadYouTubeTrending } from "../loaders/index.js";

/** One item's engagement trajectory as a loader recorded it. */
export interface Trajectory {
  id: string;
  source: string;
  /** Real publication time when the data has one (Reddit `created`, YouTube's approximate `publishedDate`). */
  publishedAt?: Date;
  observations: EarlyObservation[];
}

/** The trajectories of one dataset and the span of its collections. */
export interface TrajectorySet {
  trajectories: Trajectory[];
  firstCollection: number;
  lastCollection: number;
}

function toTrajectories(result: LoadResult, metric: "score" | "views", usePublishedAt: boolean): TrajectorySet {
  const byId = new Map<string, Trajectory>();
  let firstCollection = Number.POSITIVE_INFINITY;
  let lastCollection = Number.NEGATIVE_INFINITY;
  for (const entry of result.entries) {
    if (entry.type === "item") {
      byId.set(entry.item.id, {
        id: entry.item.id,
        source: entry.item.source,
        ...(usePublishedAt && entry.item.publishedAt && { publishedAt: entry.item.publishedAt }),
        observations: [],
      });
    } else if (entry.type === "observation") {
      const { observation } = entry;
      const value = observation.metrics[metric];
      const trajectory = byId.get(observation.itemId);
      if (!trajectory || value === undefined) continue;
      const time = observation.observedAt.getTime();
      firstCollection = Math.min(firstCollection, time);
      lastCollection = Math.max(lastCollection, time);
      trajectory.observations.push({
        at: observation.observedAt,
        value,
        ...(observation.metrics.comments !== undefined && { comments: observation.metrics.comments }),
        ...(observation.metrics.rank !== undefined && { rank: observation.metrics.rank }),
      });
    }
  }
  const trajectories = [...byId.values()].filter((trajectory) => trajectory.observations.length > 0);
  for (const trajectory of trajectories) trajectory.observations.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { trajectories, firstCollection, lastCollection };
}

/** HN front page 2022, hourly `score` (upvotes). The data has no submission time: the first sighting stands in. */
export async function loadHnTrajectories(dataDirectory: string): Promise<TrajectorySet> {
  return toTrajectories(await loadHnFrontpageSnapshots(dataDirectory), "score", false);
}

/** Reddit r/all top 100, hourly `score`, with each post's `created` time. */
export async function loadRedditTrajectories(dataDirectory: string): Promise<TrajectorySet> {
  return toTrajectories(await loadRedditHourly(dataDirectory), "score", true);
}

/** YouTube trending, daily `views`, with the scraper's approximate publication date. */
export async function loadYouTubeTrajectories(dataDirectory: string): Promise<TrajectorySet> {
  return toTrajectories(await loadYouTubeTrending(dataDirectory), "views", true);
}

/** How one dataset is cut into examples for a horizon. */
export interface HorizonPlan {
  horizonHours: number;
  /** Collection jitter: an observation this much after the horizon still counts (and one this much before it
   * shows the item is still listed at the horizon). */
  toleranceHours: number;
  /** The peak is the maximum within this long after the first observation; items that started within this
   * long of the data's end are left out (their peak is not known yet). */
  settleHours: number;
}

/** One evaluable item: its observations and its peak within the settle period. */
export interface PeakExample {
  id: string;
  source: string;
  publishedAt?: Date;
  observations: EarlyObservation[];
  start: number;
  target: number;
}

/**
 * Items usable for a horizon: first seen after the first collection (so their start is not cut off), settled
 * before the last one, and still listed at the horizon (an observation within the tolerance of it).
 */
export function peakExamples(set: TrajectorySet, plan: HorizonPlan): PeakExample[] {
  const examples: PeakExample[] = [];
  for (const trajectory of set.trajectories) {
    const start = trajectory.observations[0]!.at.getTime();
    if (start <= set.firstCollection || start + plan.settleHours * hourMs > set.lastCollection) continue;
    const offsets = trajectory.observations.map((observation) => (observation.at.getTime() - start) / hourMs);
    if (!offsets.some((offset) => Math.abs(offset - plan.horizonHours) <= plan.toleranceHours)) continue;
    const settled = trajectory.observations.filter((_, index) => offsets[index]! <= plan.settleHours);
    examples.push({
      id: trajectory.id,
      source: trajectory.source,
      ...(trajectory.publishedAt && { publishedAt: trajectory.publishedAt }),
      observations: settled,
      start,
      target: Math.max(...settled.map((observation) => observation.value)),
    });
  }
  return examples.sort((a, b) => a.start - b.start);
}

/**
 * A strict time split: the cut is at `trainShare` of the examples' start times; training items started at
 * least `settleHours` before the cut (their peaks were known by then), test items after it.
 */
export function splitInTime(examples: readonly PeakExample[], trainShare: number, settleHours: number) {
  const cutIndex = Math.floor(examples.length * trainShare);
  const cut = examples[Math.min(examples.length - 1, cutIndex)]?.start ?? 0;
  return {
    cut: new Date(cut),
    train: examples.filter((example) => example.start + settleHours * hourMs <= cut),
    test: examples.filter((example) => example.start > cut),
  };
}

export { dayMs, hourMs };
