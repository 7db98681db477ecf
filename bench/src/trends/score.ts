import type { TrendStatus } from "@undercurrent/core";
import type { LabelTopic, TrendLabels } from "./labels.js";

const hour = 3_600_000;
const day = 24 * hour;

/** Days of the span whose flags are not scored (their items are replayed). */
export const warmUpDays = 14;
/** A positive counts as detected when flagged at most this many days before its reference day. */
export const detectionWindowDays = 14;
/** Days of the trailing window the reference day is chosen with: `[d - 6, d]`. */
export const referenceWindowDays = 7;

/** The span of a label file in milliseconds. */
export interface ScoringSpan {
  /** 00:00 UTC of the first day. */
  from: number;
  /** 00:00 UTC of the day after the last day (exclusive). */
  end: number;
  /** 00:00 UTC of the 15th day: flags before it are warm-up and not scored. */
  scoredFrom: number;
}

/** The span `{ from, to }` (days, both inclusive) in milliseconds, with the warm-up boundary. */
export function scoringSpan(span: TrendLabels["span"]): ScoringSpan {
  const from = Date.parse(`${span.from}T00:00:00Z`);
  return { from, end: Date.parse(`${span.to}T00:00:00Z`) + day, scoredFrom: from + warmUpDays * day };
}

/** 00:00 UTC of the day `time` falls in. */
export function dayStart(time: number): number {
  return Math.floor(time / day) * day;
}

/** `YYYY-MM-DD` of a time. */
export function dayLabel(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** One item of a trend's evidence at the moment of a flag, with the text the labels are matched against. */
export interface EvidenceItem {
  source: string;
  id: string;
  /** The title, or for a GitHub repository `owner/name description`. */
  text: string;
}

/** A flag: a `trend-detected` event, or a `trend-status-changed` into emerging or rising. */
export interface FlagRecord {
  /** ISO time of the pipeline pass that raised it. */
  time: string;
  trendId: string;
  name: string;
  status: TrendStatus;
  confidence: number;
  /** The trend's evidence items at that moment. */
  evidence: EvidenceItem[];
}

/** An item of the replay, as the labels see it. */
export interface ReplayedItem {
  id: string;
  source: string;
  /** The title, or for a GitHub repository `owner/name description`. */
  text: string;
  /** When it became visible in the replay (ms). */
  at: number;
}

/** Whether `status` makes a status change a flag. */
export function isFlagStatus(status: TrendStatus): boolean {
  return status === "emerging" || status === "rising";
}

/** Whether a flag raised at `time` is scored: after the warm-up and inside the span. */
export function isScoredTime(time: number, span: ScoringSpan): boolean {
  return time >= span.scoredFrom && time < span.end;
}

/** A trend matches a topic when at least half of its evidence items match the topic's pattern. */
export function trendMatches(evidence: readonly Pick<EvidenceItem, "text">[], regex: RegExp): boolean {
  if (evidence.length === 0) return false;
  const matching = evidence.filter((item) => regex.test(item.text)).length;
  return 2 * matching >= evidence.length;
}

/**
 * The reference day of a positive: the earliest day `d` of the span that maximises the number of matching items
 * in the trailing window `[d - 6, d]`. `undefined` when no item matches.
 */
export function referenceDay(times: readonly number[], span: ScoringSpan): number | undefined {
  if (times.length === 0) return undefined;
  const perDay = new Map<number, number>();
  for (const time of times) perDay.set(dayStart(time), (perDay.get(dayStart(time)) ?? 0) + 1);
  let best: number | undefined;
  let bestCount = 0;
  for (let candidate = span.from; candidate < span.end; candidate += day) {
    let count = 0;
    for (let offset = 0; offset < referenceWindowDays; offset++) count += perDay.get(candidate - offset * day) ?? 0;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/** A flag with the label topics its evidence matches. */
export interface MatchedFlag {
  time: number;
  trendId: string;
  confidence: number;
  /** Ids of the positives the trend matched at that moment. */
  positives: string[];
  /** Ids of the negatives the trend matched at that moment. */
  negatives: string[];
}

/** Matches every flag's evidence against every label topic (done once, then scored at many thresholds). */
export function matchFlags(flags: readonly FlagRecord[], labels: Pick<TrendLabels, "positives" | "negatives">): MatchedFlag[] {
  const matching = (topics: readonly LabelTopic[], flag: FlagRecord) =>
    topics.filter((topic) => trendMatches(flag.evidence, topic.regex)).map((topic) => topic.id);
  return flags.map((flag) => ({
    time: Date.parse(flag.time),
    trendId: flag.trendId,
    confidence: flag.confidence,
    positives: matching(labels.positives, flag),
    negatives: matching(labels.negatives, flag),
  }));
}

/** When a positive was first mentioned and when it peaked, from the replayed items. */
export interface TopicTiming {
  id: string;
  /** Matching items replayed inside the span. */
  mentions: number;
  firstMentionDay: number | undefined;
  referenceDay: number | undefined;
}

/** First-mention and reference days of each positive, from the items replayed inside the span. */
export function topicTimings(positives: readonly LabelTopic[], items: readonly ReplayedItem[], span: ScoringSpan): TopicTiming[] {
  return positives.map((topic) => {
    const times = items.filter((item) => item.at >= span.from && item.at < span.end && topic.regex.test(item.text)).map((item) => item.at);
    return {
      id: topic.id,
      mentions: times.length,
      firstMentionDay: times.length > 0 ? dayStart(Math.min(...times)) : undefined,
      referenceDay: referenceDay(times, span),
    };
  });
}

/** The outcome for one positive. */
export interface PositiveResult {
  id: string;
  mentions: number;
  firstMentionDay: string | null;
  referenceDay: string | null;
  /** The first scored flag of a trend matching it (any time after the warm-up), ISO. */
  firstFlagTime: string | null;
  /** The first flag inside `[reference day - 14 d, reference day)`, ISO. */
  detectionTime: string | null;
  /** Reference day minus `detectionTime`, in hours (at most 336). */
  leadHours: number | null;
  detected: boolean;
}

/** The outcome for one negative. */
export interface NegativeResult {
  id: string;
  /** Scored flags of trends matching it. */
  flags: number;
  firstFlagTime: string | null;
  falsePositive: boolean;
}

/** Detection figures at one confidence threshold. */
export interface DetectionScore {
  minConfidence: number;
  positives: PositiveResult[];
  negatives: NegativeResult[];
  detected: number;
  falsePositives: number;
  tpr: number;
  fpr: number;
  /** Over detected positives; `null` when none was detected. */
  medianLeadHours: number | null;
}

/** The median, `null` for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const isoOrNull = (time: number | undefined) => (time === undefined ? null : new Date(time).toISOString());
const dayOrNull = (time: number | undefined) => (time === undefined ? null : dayLabel(time));

/**
 * Scores flags against the labels: only flags after the warm-up and inside the span, with confidence at least
 * `minConfidence`, count. A positive is detected by a matching flag at `t` with `reference - 14 d <= t < reference`;
 * a negative is a false positive when any matching flag is scored.
 */
export function scoreDetection(input: {
  timings: readonly TopicTiming[];
  negativeIds: readonly string[];
  flags: readonly MatchedFlag[];
  span: ScoringSpan;
  minConfidence?: number;
}): DetectionScore {
  const { timings, negativeIds, span, minConfidence = 0 } = input;
  const scored = input.flags
    .filter((flag) => isScoredTime(flag.time, span) && flag.confidence >= minConfidence)
    .sort((a, b) => a.time - b.time);

  const positives = timings.map((timing): PositiveResult => {
    const matching = scored.filter((flag) => flag.positives.includes(timing.id));
    const reference = timing.referenceDay;
    const detection =
      reference === undefined
        ? undefined
        : matching.find((flag) => flag.time >= reference - detectionWindowDays * day && flag.time < reference);
    return {
      id: timing.id,
      mentions: timing.mentions,
      firstMentionDay: dayOrNull(timing.firstMentionDay),
      referenceDay: dayOrNull(reference),
      firstFlagTime: isoOrNull(matching[0]?.time),
      detectionTime: isoOrNull(detection?.time),
      leadHours: detection && reference !== undefined ? (reference - detection.time) / hour : null,
      detected: detection !== undefined,
    };
  });
  const negatives = negativeIds.map((id): NegativeResult => {
    const matching = scored.filter((flag) => flag.negatives.includes(id));
    return { id, flags: matching.length, firstFlagTime: isoOrNull(matching[0]?.time), falsePositive: matching.length > 0 };
  });
  const detected = positives.filter((positive) => positive.detected).length;
  const falsePositives = negatives.filter((negative) => negative.falsePositive).length;
  return {
    minConfidence,
    positives,
    negatives,
    detected,
    falsePositives,
    tpr: positives.length > 0 ? detected / positives.length : 0,
    fpr: negatives.length > 0 ? falsePositives / negatives.length : 0,
    medianLeadHours: median(positives.flatMap((positive) => (positive.leadHours === null ? [] : [positive.leadHours]))),
  };
}

/** One point of the ROC curve: the detection figures when only flags with confidence ≥ `threshold` count. */
export interface RocPoint {
  threshold: number;
  tpr: number;
  fpr: number;
  medianLeadHours: number | null;
  /** Scored flags at or above the threshold. */
  flags: number;
}

/** Confidence thresholds 0, 0.05, …, 1. */
export const defaultRocThresholds: readonly number[] = Array.from({ length: 21 }, (_, index) => index / 20);

/** The ROC curve over confidence thresholds applied to the flags. */
export function rocCurve(input: {
  timings: readonly TopicTiming[];
  negativeIds: readonly string[];
  flags: readonly MatchedFlag[];
  span: ScoringSpan;
  thresholds?: readonly number[];
}): RocPoint[] {
  const { thresholds = defaultRocThresholds, ...rest } = input;
  return thresholds.map((threshold) => {
    const score = scoreDetection({ ...rest, minConfidence: threshold });
    return {
      threshold,
      tpr: score.tpr,
      fpr: score.fpr,
      medianLeadHours: score.medianLeadHours,
      flags: input.flags.filter((flag) => isScoredTime(flag.time, input.span) && flag.confidence >= threshold).length,
    };
  });
}

/** One calibration bin: scored flags whose confidence falls in `[from, to)` (the last bin includes 1). */
export interface CalibrationBin {
  from: number;
  to: number;
  flags: number;
  meanConfidence: number | null;
  /** Share of the bin's flags whose trend matched a positive. */
  positiveShare: number | null;
  /** Share of the bin's flags whose trend matched a negative. */
  negativeShare: number | null;
}

/** Flag confidence against the share of flags that match a positive, in `bins` equal-width bins. */
export function calibration(flags: readonly MatchedFlag[], span: ScoringSpan, bins = 10): CalibrationBin[] {
  const scored = flags.filter((flag) => isScoredTime(flag.time, span));
  return Array.from({ length: bins }, (_, index) => {
    const from = index / bins;
    const to = (index + 1) / bins;
    const inBin = scored.filter(
      (flag) => flag.confidence >= from && (flag.confidence < to || (index === bins - 1 && flag.confidence <= to)),
    );
    const share = (predicate: (flag: MatchedFlag) => boolean) => (inBin.length > 0 ? inBin.filter(predicate).length / inBin.length : null);
    return {
      from,
      to,
      flags: inBin.length,
      meanConfidence: inBin.length > 0 ? inBin.reduce((sum, flag) => sum + flag.confidence, 0) / inBin.length : null,
      positiveShare: share((flag) => flag.positives.length > 0),
      negativeShare: share((flag) => flag.negatives.length > 0),
    };
  });
}
