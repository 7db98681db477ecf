import { createEventBus, type Trend, type TrendStatus } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { recordTrends } from "./recorder.js";

const texts = new Map([
  ["hackernews:1", "Comet spotted"],
  ["hackernews:2", "Comet again"],
  ["github:acme/comet", "acme/comet A comet tracker"],
]);
const textOf = (id: string) => texts.get(id) ?? "";

function trend(status: TrendStatus, hour: number, itemIds: { hackernews: string[]; github?: string[] }): Trend {
  const updatedAt = new Date(Date.UTC(2022, 7, 10, hour));
  const evidence = Object.entries(itemIds).map(([source, ids]) => ({
    source,
    itemIds: ids,
    firstSeenAt: updatedAt,
    mentions: ids.length,
    normalizedEngagement: 0,
    leadHours: 0,
    sourceStatus: "ok" as const,
  }));
  return {
    id: "trend:hackernews:1",
    name: "Comet",
    keywords: ["comet"],
    sources: Object.keys(itemIds),
    confidence: hour / 10,
    velocity: 1,
    acceleration: 0,
    status,
    firstDetectedAt: new Date(Date.UTC(2022, 7, 10, 1)),
    relatedTrendIds: [],
    sentiment: 0,
    evidence,
    createdAt: updatedAt,
    updatedAt,
    metadata: {},
  };
}

describe("recordTrends", () => {
  it("records detections and status changes into emerging or rising as flags, with the evidence texts at that moment", () => {
    const events = createEventBus();
    const recorder = recordTrends(events, textOf);
    events.emit("trend-detected", { trend: trend("emerging", 1, { hackernews: ["hackernews:1"] }) });
    events.emit("trend-updated", { trend: trend("emerging", 2, { hackernews: ["hackernews:2", "hackernews:1"] }) });
    events.emit("trend-status-changed", { trend: trend("peaking", 3, { hackernews: ["hackernews:2"] }), previous: "emerging" });
    events.emit("trend-status-changed", {
      trend: trend("rising", 4, { hackernews: ["hackernews:2"], github: ["github:acme/comet"] }),
      previous: "peaking",
    });

    expect(recorder.flags).toEqual([
      {
        time: "2022-08-10T01:00:00.000Z",
        trendId: "trend:hackernews:1",
        name: "Comet",
        status: "emerging",
        confidence: 0.1,
        evidence: [{ source: "hackernews", id: "hackernews:1", text: "Comet spotted" }],
      },
      {
        time: "2022-08-10T04:00:00.000Z",
        trendId: "trend:hackernews:1",
        name: "Comet",
        status: "rising",
        confidence: 0.4,
        evidence: [
          { source: "hackernews", id: "hackernews:2", text: "Comet again" },
          { source: "github", id: "github:acme/comet", text: "acme/comet A comet tracker" },
        ],
      },
    ]);
    expect([...recorder.members.get("trend:hackernews:1")!].sort()).toEqual(["github:acme/comet", "hackernews:1", "hackernews:2"]);
    expect(recorder.counts).toEqual({ "trend-detected": 1, "trend-updated": 1, "trend-status-changed": 2 });

    recorder.stop();
    events.emit("trend-detected", { trend: trend("emerging", 5, { hackernews: ["hackernews:1"] }) });
    expect(recorder.flags).toHaveLength(2);
  });
});
