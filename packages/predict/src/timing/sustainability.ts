import { parseInput, timestampSchema } from "@undercurrent/core";
import { z } from "zod";
import { clamp, medianOf, sigmoid } from "../popularity/numeric.js";

const dayMs = 86_400_000;

/** A trend's series so far: at least one point, any order (it is sorted). */
export const sustainabilityInputSchema = z
  .array(z.object({ at: timestampSchema, value: z.number().finite() }))
  .min(1, "expected at least one point");
/** A trend's series so far. */
export type SustainabilityInput = z.input<typeof sustainabilityInputSchema>;

/** The shape measures a sustainability score is made of. */
export interface SustainabilityFeatures {
  /** (peak − baseline) / peak, 0–1: how far the peak stands above the level before it. */
  prominence: number;
  /** Share of the rise above baseline made in the last day before the peak, 0–1 (1 = sudden). */
  riseShare: number;
  /** Value one day after the peak over the peak, when the series reaches that far. */
  retentionAfterOneDay?: number;
  /** Days the series stays at or above half the peak, contiguously around it. */
  daysAboveHalfPeak: number;
  /** Days observed after the peak. */
  daysAfterPeak: number;
}

/** How likely a trend is a one-day spike rather than a lasting one. */
export interface SustainabilityScore {
  /** Probability-like score (0–1) that the trend is a one-day spike. */
  spikeProbability: number;
  /** 1 − spikeProbability. */
  sustainability: number;
  /** `spike` (≥ 0.65), `sustained` (≤ 0.35) or `uncertain`. */
  label: "spike" | "sustained" | "uncertain";
  features: SustainabilityFeatures;
  /** 0–1: low for short series and when nothing after the peak is observed yet. */
  confidence: number;
  warnings: string[];
}

function valueAt(points: readonly { at: number; value: number }[], time: number): number {
  if (time <= points[0]!.at) return points[0]!.value;
  for (let index = 1; index < points.length; index += 1) {
    const b = points[index]!;
    if (b.at >= time) {
      const a = points[index - 1]!;
      return b.at === a.at ? b.value : a.value + ((b.value - a.value) * (time - a.at)) / (b.at - a.at);
    }
  }
  return points[points.length - 1]!.value;
}

function label(probability: number): SustainabilityScore["label"] {
  return probability >= 0.65 ? "spike" : probability <= 0.35 ? "sustained" : "uncertain";
}

/**
 * Scores how likely a trend is a one-day spike from its series shape, with hand-set weights on
 * interpretable measures: a prominent peak reached suddenly (most of the rise in the last day) points to a
 * spike; keeping more than half the peak a day later, or staying above half the peak for days, points to a
 * lasting trend. Log-odds = −1 + 4(prominence − ½) + 2(riseShare − ½) + 6(½ − retention) − 2·min(3, days above
 * half − 1), the retention term only once a day after the peak is observed. Flat or very short series get a
 * low-confidence answer, never NaN.
 */
export function assessSustainability(value: SustainabilityInput): SustainabilityScore {
  const parsed = parseInput(sustainabilityInputSchema, value, "assessSustainability", "points");
  const points = parsed.map((point) => ({ at: point.at.getTime(), value: Math.max(0, point.value) })).sort((a, b) => a.at - b.at);
  const warnings: string[] = [];
  let peakIndex = 0;
  points.forEach((point, index) => {
    if (point.value > points[peakIndex]!.value) peakIndex = index;
  });
  const peak = points[peakIndex]!;
  const daysAfterPeak = (points[points.length - 1]!.at - peak.at) / dayMs;
  const daysBeforePeak = (peak.at - points[0]!.at) / dayMs;
  if (peak.value === 0) {
    warnings.push("the series is zero throughout: no trend to score");
    const features = { prominence: 0, riseShare: 0, daysAboveHalfPeak: 0, daysAfterPeak };
    return { spikeProbability: 0.5, sustainability: 0.5, label: "uncertain", features, confidence: 0.05, warnings };
  }

  const before = points.filter((point) => point.at <= peak.at - dayMs).map((point) => point.value);
  const baseline = before.length > 0 ? medianOf(before) : Math.min(...points.slice(0, peakIndex + 1).map((point) => point.value));
  const prominence = clamp((peak.value - baseline) / peak.value, 0, 1);
  const rise = peak.value - baseline;
  const riseShare = rise > 0 ? clamp((peak.value - valueAt(points, peak.at - dayMs)) / rise, 0, 1) : 0;
  const retention = daysAfterPeak >= 1 ? valueAt(points, peak.at + dayMs) / peak.value : undefined;
  let start = peakIndex;
  let end = peakIndex;
  while (start > 0 && points[start - 1]!.value >= peak.value / 2) start -= 1;
  while (end < points.length - 1 && points[end + 1]!.value >= peak.value / 2) end += 1;
  const daysAboveHalfPeak = (points[end]!.at - points[start]!.at) / dayMs;

  let logOdds = -1 + 4 * (prominence - 0.5) + 2 * (riseShare - 0.5) - 2 * Math.min(3, Math.max(0, daysAboveHalfPeak - 1));
  if (retention !== undefined) logOdds += 6 * (0.5 - retention);
  const spikeProbability = clamp(sigmoid(logOdds), 0, 1, 0.5);

  let confidence = 0.4 + 0.3 * Math.min(1, daysAfterPeak) + 0.3 * Math.min(1, daysBeforePeak / 3);
  if (points.length < 5) {
    warnings.push(`only ${points.length} point${points.length === 1 ? "" : "s"}: low confidence`);
    confidence *= 0.3;
  }
  if (daysAfterPeak < 1) warnings.push("less than a day observed after the peak: the decline is not known yet");
  return {
    spikeProbability,
    sustainability: 1 - spikeProbability,
    label: label(spikeProbability),
    features: {
      prominence,
      riseShare,
      ...(retention !== undefined && { retentionAfterOneDay: retention }),
      daysAboveHalfPeak,
      daysAfterPeak,
    },
    confidence: clamp(confidence, 0, 1, 0),
    warnings,
  };
}
