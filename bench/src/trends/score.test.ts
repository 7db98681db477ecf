import { describe, expect, it } from "vitest";
import { parseLabels } from "./labels.js";
import {
  calibration,
  type FlagRecord,
  matchFlags,
  median,
  referenceDay,
  rocCurve,
  scoreDetection,
  scoringSpan,
  topicTimings,
  trendMatches,
} from "./score.js";

const at = (iso: string) => Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);

const labels = parseLabels({
  about: "synthetic",
  span: { from: "2022-07-01", to: "2022-08-31" },
  positives: [{ id: "comet", pattern: "comet\\b" }],
  negatives: [
    { id: "python", pattern: "\\bpython\\b" },
    { id: "linux", pattern: "\\blinux\\b" },
  ],
});
const span = scoringSpan(labels.span);

function flag(time: string, texts: readonly string[], confidence = 0.5, trendId = "trend:a"): FlagRecord {
  return {
    time: new Date(at(time)).toISOString(),
    trendId,
    name: texts[0] ?? "",
    status: "emerging",
    confidence,
    evidence: texts.map((text, index) => ({ source: "hackernews", id: `hackernews:${index}`, text })),
  };
}

/** Comet mentions: one early on 07-20, then a burst of five on 08-10 .. 08-12 (reference day 08-12). */
const items = [
  { id: "hackernews:1", source: "hackernews", text: "A comet was seen", at: at("2022-07-20T10:00:00Z") },
  ...[10, 10, 11, 12, 12].map((date, index) => ({
    id: `hackernews:${10 + index}`,
    source: "hackernews",
    text: `Comet news ${index}`,
    at: at(`2022-08-${date}T08:00:00Z`),
  })),
  { id: "github:someone/tool", source: "github", text: "someone/tool A Python tool", at: at("2022-08-01") },
];
const timings = topicTimings(labels.positives, items, span);
const negativeIds = labels.negatives.map((negative) => negative.id);

describe("scoringSpan", () => {
  it("ends at the midnight after the last day and scores flags from the 15th day", () => {
    expect(span).toEqual({ from: at("2022-07-01"), end: at("2022-09-01"), scoredFrom: at("2022-07-15") });
  });
});

describe("trendMatches", () => {
  it("needs at least half of the evidence items to match", () => {
    expect(trendMatches([{ text: "Comet" }, { text: "other" }], /comet/i)).toBe(true);
    expect(trendMatches([{ text: "Comet" }, { text: "other" }, { text: "more" }], /comet/i)).toBe(false);
    expect(trendMatches([], /comet/i)).toBe(false);
  });
});

describe("referenceDay", () => {
  it("takes the earliest day that maximises the matching items of the trailing seven days", () => {
    // Two on 07-10 and two on 07-20: [d-6, d] never holds all four; 07-10 is the earliest day holding two.
    const times = [at("2022-07-10T01:00:00Z"), at("2022-07-10T05:00:00Z"), at("2022-07-20T01:00:00Z"), at("2022-07-20T02:00:00Z")];
    expect(referenceDay(times, span)).toBe(at("2022-07-10"));
    // A third item on 07-16 makes 07-16 hold three (07-10 .. 07-16): later days hold at most three too.
    expect(referenceDay([...times, at("2022-07-16T12:00:00Z")], span)).toBe(at("2022-07-16"));
    expect(referenceDay([], span)).toBeUndefined();
  });

  it("counts the days of the window, not only the busiest day", () => {
    expect(timings[0]).toEqual({ id: "comet", mentions: 6, firstMentionDay: at("2022-07-20"), referenceDay: at("2022-08-12") });
  });
});

describe("scoreDetection", () => {
  it("detects a positive flagged inside [reference - 14 d, reference) and measures the lead from the first such flag", () => {
    const flags = matchFlags(
      [flag("2022-08-10T09:00:00Z", ["Comet news 0", "Comet news 1"]), flag("2022-08-11T09:00:00Z", ["Comet news"])],
      labels,
    );
    const score = scoreDetection({ timings, negativeIds, flags, span });
    expect(score.positives[0]).toEqual({
      id: "comet",
      mentions: 6,
      firstMentionDay: "2022-07-20",
      referenceDay: "2022-08-12",
      firstFlagTime: "2022-08-10T09:00:00.000Z",
      detectionTime: "2022-08-10T09:00:00.000Z",
      leadHours: 39,
      detected: true,
    });
    expect(score).toMatchObject({ tpr: 1, fpr: 0, medianLeadHours: 39, detected: 1, falsePositives: 0 });
  });

  it("neither counts a flag more than 14 days early nor one on or after the reference day", () => {
    const early = flag("2022-07-28T23:00:00Z", ["Comet seen"]); // 14 days and 1 hour before 08-12
    const onTheDay = flag("2022-08-12T00:00:00Z", ["Comet news"]);
    const score = scoreDetection({ timings, negativeIds, flags: matchFlags([early, onTheDay], labels), span });
    expect(score.positives[0]).toMatchObject({ detected: false, leadHours: null, detectionTime: null, firstFlagTime: early.time });
    expect(score.tpr).toBe(0);
    expect(score.medianLeadHours).toBeNull();
    // Exactly 14 days before counts, with the largest lead.
    const limit = scoreDetection({ timings, negativeIds, flags: matchFlags([flag("2022-07-29T00:00:00Z", ["Comet"])], labels), span });
    expect(limit.positives[0]).toMatchObject({ detected: true, leadHours: 336 });
  });

  it("counts a negative flagged inside the span as a false positive, once", () => {
    const flags = matchFlags(
      [
        flag("2022-08-01T10:00:00Z", ["Python 3.11", "Python tips", "Rust"]),
        flag("2022-08-02T10:00:00Z", ["Python again", "other"]),
        flag("2022-08-03T10:00:00Z", ["Linux", "a", "b"]), // a third: no match
      ],
      labels,
    );
    const score = scoreDetection({ timings, negativeIds, flags, span });
    expect(score.negatives).toEqual([
      { id: "python", flags: 2, firstFlagTime: "2022-08-01T10:00:00.000Z", falsePositive: true },
      { id: "linux", flags: 0, firstFlagTime: null, falsePositive: false },
    ]);
    expect(score.fpr).toBe(0.5);
  });

  it("does not score flags raised during the 14-day warm-up or after the span", () => {
    const flags = matchFlags(
      [flag("2022-07-14T23:00:00Z", ["Python"]), flag("2022-09-01T00:00:00Z", ["Linux"]), flag("2022-07-15T00:00:00Z", ["Linux"])],
      labels,
    );
    const score = scoreDetection({ timings, negativeIds, flags, span });
    expect(score.negatives.map((negative) => [negative.id, negative.flags])).toEqual([
      ["python", 0],
      ["linux", 1],
    ]);
  });

  it("applies a confidence threshold to the flags", () => {
    const flags = matchFlags([flag("2022-08-09T00:00:00Z", ["Comet"], 0.2), flag("2022-08-11T00:00:00Z", ["Comet"], 0.8)], labels);
    expect(scoreDetection({ timings, negativeIds, flags, span }).positives[0]!.leadHours).toBe(72);
    expect(scoreDetection({ timings, negativeIds, flags, span, minConfidence: 0.5 }).positives[0]!.leadHours).toBe(24);
    expect(scoreDetection({ timings, negativeIds, flags, span, minConfidence: 0.9 }).tpr).toBe(0);
  });
});

describe("rocCurve", () => {
  it("reports TPR, FPR and flag counts per threshold", () => {
    const flags = matchFlags([flag("2022-08-11T00:00:00Z", ["Comet"], 0.8), flag("2022-08-01T00:00:00Z", ["Python"], 0.3)], labels);
    expect(rocCurve({ timings, negativeIds, flags, span, thresholds: [0, 0.5, 0.9] })).toEqual([
      { threshold: 0, tpr: 1, fpr: 0.5, medianLeadHours: 24, flags: 2 },
      { threshold: 0.5, tpr: 1, fpr: 0, medianLeadHours: 24, flags: 1 },
      { threshold: 0.9, tpr: 0, fpr: 0, medianLeadHours: null, flags: 0 },
    ]);
  });
});

describe("calibration", () => {
  it("bins scored flags by confidence and gives the share matching a positive", () => {
    const flags = matchFlags(
      [
        flag("2022-08-11T00:00:00Z", ["Comet"], 0.85),
        flag("2022-08-11T01:00:00Z", ["Weather"], 0.95),
        flag("2022-08-01T00:00:00Z", ["Python"], 0.1),
        flag("2022-07-02T00:00:00Z", ["Comet"], 0.9), // warm-up: left out
        flag("2022-08-02T00:00:00Z", ["Comet"], 1),
      ],
      labels,
    );
    const bins = calibration(flags, span, 5);
    expect(bins.map((bin) => [bin.from, bin.flags, bin.positiveShare, bin.negativeShare])).toEqual([
      [0, 1, 0, 1],
      [0.2, 0, null, null],
      [0.4, 0, null, null],
      [0.6, 0, null, null],
      [0.8, 3, 2 / 3, 0],
    ]);
    expect(bins[4]!.meanConfidence).toBeCloseTo((0.85 + 0.95 + 1) / 3);
  });
});

describe("median", () => {
  it("takes the middle value, or the mean of the two middle values", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
