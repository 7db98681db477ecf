import { makeTrend, makeTrendSnapshot } from "@undercurrent/core/testing";
import { describe, expect, it } from "vitest";
import { createStyle } from "./style.js";
import {
  firstSeenOf,
  formatLead,
  formatTrendTable,
  formatVelocity,
  hourlyFromSeries,
  hourlyFromSnapshots,
  sparkline,
  type TrendReport,
} from "./trend-report.js";

const hour = 3_600_000;
const to = new Date(Date.UTC(2026, 0, 2, 12, 30));
const hoursBefore = (hours: number) => new Date(Date.UTC(2026, 0, 2, 12) - hours * hour);

describe("sparkline", () => {
  it("scales to the largest value, keeps zero on the lowest bar and anything above it visible", () => {
    expect(sparkline([0, 1, 2, 4, 8])).toBe("▁▂▃▅█");
    expect(sparkline([0, 0, 0])).toBe("▁▁▁");
    expect(sparkline([1, 100])).toBe("▂█");
  });
});

describe("hourly mentions", () => {
  it("takes the last 24 hours of the engine's series, ending with the hour of `to`", () => {
    const points = [
      { at: hoursBefore(30), value: 9 },
      { at: hoursBefore(23), value: 2 },
      { at: hoursBefore(0), value: 5 },
    ];
    const hourly = hourlyFromSeries(
      [{ id: "t:mentions", source: "engine", metric: "mentions", key: "t", interval: "hour", points, metadata: {} }],
      to,
    );
    expect(hourly).toHaveLength(24);
    expect(hourly[0]).toBe(2);
    expect(hourly[23]).toBe(5);
    expect(hourly.reduce((sum, value) => sum + value, 0)).toBe(7);
  });

  it("derives new mentions per hour from the snapshots' running totals", () => {
    const snapshots = [
      makeTrendSnapshot({ at: hoursBefore(30), mentions: 4 }),
      makeTrendSnapshot({ at: hoursBefore(2), mentions: 7 }),
      makeTrendSnapshot({ at: hoursBefore(0), mentions: 6 }),
      makeTrendSnapshot({ at: new Date(hoursBefore(0).getTime() + 60_000), mentions: 9 }),
    ];
    const hourly = hourlyFromSnapshots(snapshots, to);
    expect(hourly[21]).toBe(3);
    // A split can shrink the total: no negative mentions; the hour's later snapshot still counts.
    expect(hourly[23]).toBe(3);
    expect(hourly.reduce((sum, value) => sum + value, 0)).toBe(6);
  });
});

describe("first seen", () => {
  it("is the evidence with the earliest time, leading the next source by the gap", () => {
    const trend = makeTrend({
      evidence: [
        {
          source: "hackernews",
          itemIds: [],
          firstSeenAt: hoursBefore(5),
          mentions: 3,
          normalizedEngagement: 1,
          leadHours: -5,
          sourceStatus: "ok",
        },
        {
          source: "github",
          itemIds: [],
          firstSeenAt: hoursBefore(10),
          mentions: 1,
          normalizedEngagement: 1,
          leadHours: 0,
          sourceStatus: "ok",
        },
      ],
    });
    const firstSeen = firstSeenOf(trend);
    expect(firstSeen).toEqual({ source: "github", at: hoursBefore(10), leadHours: 5, nextSource: "hackernews" });
    expect(formatLead(firstSeen)).toBe("github, 5.0 h before hackernews");
    expect(formatLead(firstSeenOf(makeTrend({ evidence: [] })))).toBe("-");
  });
});

describe("formatTrendTable", () => {
  it("pads columns to the widest cell and colours only the status", () => {
    const trend: TrendReport = {
      ...makeTrend({ name: "Stable Diffusion", sources: ["github", "hackernews"], velocity: 1.5, confidence: 0.724, status: "rising" }),
      firstSeen: { source: "github", at: hoursBefore(10) },
      hourlyMentions: [0, 1, 2],
    };
    const plain = formatTrendTable([trend], createStyle(false)).split("\n");
    expect(plain[0]?.indexOf("SOURCES")).toBe(plain[1]?.indexOf("github, hackernews"));
    expect(plain[1]).toContain("+1.50/h");
    expect(plain[1]).toContain("0.72");
    expect(plain[1]).toContain("▁▅█");
    const coloured = formatTrendTable([trend], createStyle(true));
    expect(coloured).toContain("\u001b[32mrising");
    expect(formatVelocity(-0.001)).toBe("0.00/h");
  });
});
