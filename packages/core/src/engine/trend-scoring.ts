import type { TrendStatus } from "../schemas/trend.js";

/**
 * How far `observed` counts stand above a Poisson expectation, in standard deviations, using Anscombe's
 * variance-stabilising transform (good from a handful of events up). 0 when not above.
 */
export function burstZ(observed: number, expected: number): number {
  return Math.max(0, 2 * (Math.sqrt(observed + 3 / 8) - Math.sqrt(expected + 3 / 8)));
}

/** Inputs of {@link trendConfidence}. */
export interface ConfidenceInputs {
  z: number;
  /** z at which a topic starts to count as a trend. */
  minZ: number;
  sources: number;
  authors: number;
  /** Share of the evidence from degraded or down sources (0–1). */
  impairedShare: number;
}

/**
 * 0–1: grows with burst significance above the threshold, with independent authors and with source
 * diversity; evidence from impaired sources counts for less.
 */
export function trendConfidence({ z, minZ, sources, authors, impairedShare }: ConfidenceInputs): number {
  const significance = 1 - Math.exp(-0.5 * Math.max(0, z - minZ + 1));
  const diversity = 0.6 + 0.4 * (1 - 0.5 ** Math.max(0, sources - 1));
  const independence = Math.min(1, Math.sqrt(authors / 4));
  const health = 1 - 0.4 * impairedShare;
  return Math.max(0, Math.min(1, significance * diversity * independence * health));
}

/** Inputs of {@link trendStatus}. */
export interface StatusInputs {
  /** Mentions in the last 24 hours. */
  mentions: number;
  /** Largest 24-hour count so far. */
  peakMentions: number;
  /** Mentions per hour, change over the last 6 hours against the 6 before. */
  velocity: number;
  /** Hours since the topic was first flagged. */
  hoursSinceFlagged: number;
}

/**
 * Lifecycle from the counts: declining once the 24-hour count fell below half its peak; otherwise emerging in
 * the first day after the flag, then rising while it grows and peaking when it stops growing.
 */
export function trendStatus({ mentions, peakMentions, velocity, hoursSinceFlagged }: StatusInputs): TrendStatus {
  if (peakMentions > 0 && mentions < 0.5 * peakMentions) return "declining";
  if (hoursSinceFlagged < 24) return "emerging";
  if (velocity > 0.05) return "rising";
  return "peaking";
}
