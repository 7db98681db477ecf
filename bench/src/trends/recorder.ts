import type { EventBus, Trend } from "@undercurrent/core";
import { type EvidenceItem, type FlagRecord, isFlagStatus } from "./score.js";

/** What a replay's trend events said: the flags, and every item each trend listed as evidence at some moment. */
export interface TrendRecorder {
  readonly flags: FlagRecord[];
  /** Trend id → ids of every item its evidence listed in any event (detected, updated, status changed). */
  readonly members: Map<string, Set<string>>;
  /** Events seen, by name. */
  readonly counts: Record<"trend-detected" | "trend-updated" | "trend-status-changed", number>;
  /** Unsubscribes. */
  stop(): void;
}

/** A trend's evidence items at the moment of an event, with the text the labels are matched against. */
export function evidenceItems(trend: Trend, textOf: (itemId: string) => string): EvidenceItem[] {
  return trend.evidence.flatMap((evidence) => evidence.itemIds.map((id) => ({ source: evidence.source, id, text: textOf(id) })));
}

/** The flag a `trend-detected` or `trend-status-changed` event raises, if any. */
export function flagOf(trend: Trend, textOf: (itemId: string) => string): FlagRecord {
  return {
    time: trend.updatedAt.toISOString(),
    trendId: trend.id,
    name: trend.name,
    status: trend.status,
    confidence: trend.confidence,
    evidence: evidenceItems(trend, textOf),
  };
}

/**
 * Listens to the engine's events on `events`: a `trend-detected` event, and a `trend-status-changed` into emerging or
 * rising, are flags (recorded with the evidence items at that moment); every trend event adds its evidence to the
 * trend's members.
 */
export function recordTrends(events: EventBus, textOf: (itemId: string) => string): TrendRecorder {
  const flags: FlagRecord[] = [];
  const members = new Map<string, Set<string>>();
  const counts = { "trend-detected": 0, "trend-updated": 0, "trend-status-changed": 0 };
  const remember = (trend: Trend) => {
    const known = members.get(trend.id) ?? new Set<string>();
    for (const evidence of trend.evidence) for (const id of evidence.itemIds) known.add(id);
    members.set(trend.id, known);
  };
  const unsubscribe = [
    events.on("trend-detected", ({ trend }) => {
      counts["trend-detected"]++;
      remember(trend);
      flags.push(flagOf(trend, textOf));
    }),
    events.on("trend-status-changed", ({ trend }) => {
      counts["trend-status-changed"]++;
      remember(trend);
      if (isFlagStatus(trend.status)) flags.push(flagOf(trend, textOf));
    }),
    events.on("trend-updated", ({ trend }) => {
      counts["trend-updated"]++;
      remember(trend);
    }),
  ];
  return {
    flags,
    members,
    counts,
    stop: () => {
      for (const off of unsubscribe) off();
    },
  };
}
