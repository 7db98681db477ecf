import { parseInput, platformSchema, timestampSchema, ValidationError } from "@undercurrent/core";
import { z } from "zod";
import { clamp } from "../popularity/numeric.js";
import { defaultPlatformProfiles, type PlatformProfile, platformProfileSchema, reachAt } from "./platform-profiles.js";

const hourMs = 3_600_000;

/** What {@link bestPublishWindow} reads. */
export const publishWindowInputSchema = z
  .object({
    /** A trend forecast (core `Forecast` or anything with time-ordered `points`), at least two points. */
    forecast: z.object({
      points: z.array(z.object({ at: timestampSchema, value: z.number().finite() })).min(2, "expected at least two forecast points"),
      /** Predicted peak; found from the points when absent. */
      peak: z.object({ at: timestampSchema }).optional(),
      /** The forecast's own confidence, 0–1, carried into the result. */
      confidence: z.number().min(0).max(1).optional(),
    }),
    /** Platform to publish on (uses its default profile). */
    platform: platformSchema.optional(),
    /** Your own measured profile, overriding the platform's. */
    profile: platformProfileSchema.optional(),
    /** Now: no publish time before `now + productionHours`. Default: the first forecast point. */
    now: timestampSchema.optional(),
    /** Hours needed to make the piece (writing, video rendering). Default 0. */
    productionHours: z.number().finite().min(0).default(0),
    /** Spacing of the candidate publish times. Default: 1 hour, or the forecast spacing when finer. */
    stepHours: z.number().finite().positive().optional(),
    /** The window holds every time capturing at least this share of the best time's attention. Default 0.9. */
    tolerance: z.number().gt(0).max(1).default(0.9),
  })
  .refine((input) => input.platform !== undefined || input.profile !== undefined, {
    message: "expected a platform or a profile",
    path: ["platform"],
  });
/** What {@link bestPublishWindow} reads. */
export type PublishWindowInput = z.input<typeof publishWindowInputSchema>;

/** The best time to publish and the window around it. */
export interface PublishWindow {
  /** The publish time that captures the most trend attention. */
  bestAt: Date;
  /** Contiguous publish times around `bestAt` capturing at least `tolerance` of its attention. */
  window: { start: Date; end: Date };
  /** The trend's predicted peak. */
  peakAt: Date;
  /** `bestAt − peakAt` in hours: negative means publish before the peak (by about the platform's lead time). */
  relativeToPeakHours: number;
  /** Attention captured publishing as early as possible, as a share of the best time's (1 = no reason to wait). */
  shareIfEarliest: number;
  /** True when the peak comes before the earliest publish time plus the lead time: the piece will miss it. */
  late: boolean;
  /** The profile used. */
  profile: PlatformProfile;
  confidence: number;
  warnings: string[];
}

/** The trend at `time`: linear between points; past the end it keeps decaying at the last step's rate, or holds. */
function trendAt(points: readonly { at: number; value: number }[], time: number): number {
  const last = points[points.length - 1]!;
  if (time <= points[0]!.at) return points[0]!.value;
  if (time >= last.at) {
    const before = points[points.length - 2]!;
    const ratio = before.value > 0 && last.value < before.value ? last.value / before.value : 1;
    return last.value * ratio ** ((time - last.at) / Math.max(1, last.at - before.at));
  }
  let low = 0;
  let high = points.length - 1;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (points[middle]!.at <= time) low = middle;
    else high = middle;
  }
  const a = points[low]!;
  const b = points[high]!;
  return a.value + ((b.value - a.value) * (time - a.at)) / Math.max(1, b.at - a.at);
}

/**
 * The best time to publish on a platform given a trend forecast: each candidate time is scored by the trend
 * attention a piece published then would capture — the forecast path weighted by the piece's reach curve
 * (a ramp over the platform's lead time, then decay with its half-life) — from `now + productionHours` to
 * the forecast's end. The window is the contiguous run of candidates within `tolerance` of the best.
 */
export function bestPublishWindow(value: PublishWindowInput): PublishWindow {
  const input = parseInput(publishWindowInputSchema, value, "bestPublishWindow", "input");
  const profile = input.profile ?? defaultPlatformProfiles[input.platform!];
  const points = input.forecast.points
    .map((point) => ({ at: point.at.getTime(), value: Math.max(0, point.value) }))
    .sort((a, b) => a.at - b.at);
  const first = points[0]!.at;
  const last = points[points.length - 1]!.at;
  if (last <= first) {
    throw new ValidationError({
      context: "bestPublishWindow",
      issues: [{ path: "input.forecast.points", message: "expected points at different times" }],
    });
  }
  const warnings: string[] = [];
  const peak = input.forecast.peak?.at.getTime() ?? points.reduce((best, point) => (point.value > best.value ? point : best)).at;
  const earliest = Math.max(first, (input.now?.getTime() ?? first) + input.productionHours * hourMs);
  const spacing = (last - first) / (points.length - 1);
  const tail = (profile.leadTimeHours + 4 * profile.halfLifeHours) * hourMs;
  const span = Math.max(hourMs, last + tail - earliest);
  // One grid for the trend and the reach curve; bounded work (at most 4,000 grid cells) whatever the spacing.
  const wantedStep = (input.stepHours ?? Math.min(1, spacing / hourMs)) * hourMs;
  const shortest = Math.min(profile.halfLifeHours, profile.leadTimeHours || profile.halfLifeHours) * hourMs;
  const resolution = Math.max(60_000, span / 4000, Math.min(wantedStep, shortest / 4));
  const stride = Math.max(1, Math.round(wantedStep / resolution), Math.ceil((last - earliest) / resolution / 500));
  const cells = Math.floor(span / resolution) + 1;
  const trend = Float64Array.from({ length: cells }, (_, cell) => trendAt(points, earliest + cell * resolution));
  const reach = Float64Array.from({ length: cells }, (_, cell) => reachAt(profile, (cell * resolution) / hourMs));
  const captured = (startCell: number) => {
    let sum = 0;
    for (let cell = startCell; cell < cells; cell += 1) sum += trend[cell]! * reach[cell - startCell]!;
    return sum * (resolution / hourMs);
  };

  if (earliest > last) warnings.push("the earliest publish time is after the forecast's end: scored on the extrapolated decline");
  const candidates: { at: number; attention: number }[] = [];
  for (let cell = 0; cell === 0 || earliest + cell * resolution <= last; cell += stride) {
    candidates.push({ at: earliest + cell * resolution, attention: captured(cell) });
  }
  let bestIndex = 0;
  candidates.forEach((candidate, index) => {
    if (candidate.attention > candidates[bestIndex]!.attention) bestIndex = index;
  });
  const best = candidates[bestIndex]!;
  const floor = best.attention * input.tolerance;
  let startIndex = bestIndex;
  let endIndex = bestIndex;
  while (startIndex > 0 && candidates[startIndex - 1]!.attention >= floor) startIndex -= 1;
  while (endIndex < candidates.length - 1 && candidates[endIndex + 1]!.attention >= floor) endIndex += 1;
  const late = peak < earliest + profile.leadTimeHours * hourMs;
  if (late) warnings.push("the trend peaks before a piece published now would reach its audience: expect a share of the decline only");
  if (best.attention === 0) warnings.push("the forecast is zero throughout: any time is as good");
  return {
    bestAt: new Date(best.at),
    window: { start: new Date(candidates[startIndex]!.at), end: new Date(candidates[endIndex]!.at) },
    peakAt: new Date(peak),
    relativeToPeakHours: (best.at - peak) / hourMs,
    shareIfEarliest: best.attention > 0 ? clamp(candidates[0]!.attention / best.attention, 0, 1) : 1,
    late,
    profile,
    confidence: clamp((input.forecast.confidence ?? 0.5) * (best.attention === 0 ? 0.2 : 1), 0, 1, 0),
    warnings,
  };
}
