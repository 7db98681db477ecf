import { median } from "../trends/score.js";
import type { PlantedBurst } from "./generate.js";

const hour = 3_600_000;

/** A flag as the burst check needs it: when, and which items the trend listed. */
export interface BurstFlag {
  time: number;
  itemIds: readonly string[];
}

/** Whether and when each planted burst was flagged. */
export interface BurstRecall {
  planted: number;
  detected: number;
  recall: number | null;
  /** Median hours from a burst's start to its first flag. */
  medianDelayHours: number | null;
  /** Flags whose evidence is mostly background chatter or a steady topic. */
  falseAlarms: number;
  bursts: { topic: number; start: string; detectedAt: string | null; delayHours: number | null }[];
}

/** The topic holding at least half of a flag's evidence, or `undefined`. */
export function majorityTopic(itemIds: readonly string[], topicOf: (itemId: string) => number): number | undefined {
  const counts = new Map<number, number>();
  for (const id of itemIds) counts.set(topicOf(id), (counts.get(topicOf(id)) ?? 0) + 1);
  for (const [topic, count] of counts) if (topic >= 0 && 2 * count >= itemIds.length) return topic;
  return undefined;
}

/**
 * Planted-burst recall: a burst is detected when a flag whose evidence is at least half its topic's items is raised
 * between its start and `graceHours` after its end.
 */
export function scoreBursts(
  bursts: readonly PlantedBurst[],
  flags: readonly BurstFlag[],
  topicOf: (itemId: string) => number,
  graceHours = 24,
): BurstRecall {
  const burstTopics = new Set(bursts.map((burst) => burst.topic));
  const flagTopics = flags.map((flag) => ({
    time: flag.time,
    topic: flag.itemIds.length > 0 ? majorityTopic(flag.itemIds, topicOf) : undefined,
  }));
  const results = bursts.map((burst) => {
    const first = flagTopics
      .filter((flag) => flag.topic === burst.topic && flag.time >= burst.start && flag.time <= burst.end + graceHours * hour)
      .sort((a, b) => a.time - b.time)[0];
    return {
      topic: burst.topic,
      start: new Date(burst.start).toISOString(),
      detectedAt: first ? new Date(first.time).toISOString() : null,
      delayHours: first ? (first.time - burst.start) / hour : null,
    };
  });
  const delays = results.flatMap((result) => (result.delayHours === null ? [] : [result.delayHours]));
  const detected = delays.length;
  return {
    planted: bursts.length,
    detected,
    recall: bursts.length > 0 ? detected / bursts.length : null,
    medianDelayHours: median(delays),
    falseAlarms: flagTopics.filter((flag) => flag.topic === undefined || !burstTopics.has(flag.topic)).length,
    bursts: results,
  };
}
