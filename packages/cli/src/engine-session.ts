import {
  createEventBus,
  type Item,
  type SourceHealth,
  type Store,
  type TimeSeries,
  type Trend,
  type TrendEngine,
  type TrendQuery,
  type TrendSnapshot,
  type UndercurrentEvents,
} from "@undercurrent/core";
import { firstSeenOf, hourlyFromSeries, hourlyFromSnapshots, type TrendReport } from "./trend-report.js";

/** Options of {@link primeEngine}. */
export interface PrimeEngineOptions {
  /** Items published from then on are fed to the engine (the look-back window). */
  since: Date;
  /** The engine's time for this batch: now. */
  at: Date;
  signal: AbortSignal;
  health: () => SourceHealth[];
}

/**
 * Feeds the engine the items already stored in the look-back window, one batch per source, before the sources
 * are pulled. The engine keeps its topics in memory, and the sources resume from their stored cursors, so without
 * this a second `scan` would see only what is new since the first. Events of this warm-up go to a bus of their own.
 * Returns the number of items fed.
 */
export async function primeEngine(engine: TrendEngine, store: Store, options: PrimeEngineOptions): Promise<number> {
  const items = await store.listItems({ since: options.since });
  const bySource = new Map<string, Item[]>();
  for (const item of items) {
    const sourceItems = bySource.get(item.source) ?? [];
    sourceItems.push(item);
    bySource.set(item.source, sourceItems);
  }
  const context = { store, events: createEventBus<UndercurrentEvents>(), signal: options.signal, health: options.health };
  for (const [sourceId, sourceItems] of bySource) {
    const batch = {
      sourceId,
      items: sourceItems,
      newItemIds: sourceItems.map((item) => item.id),
      observations: [],
      series: [],
      at: options.at,
    };
    await engine.process(batch, context);
  }
  return items.length;
}

/** A trend with where it was seen first and its hourly mentions: from the engine's series when it has them, else from the snapshots. */
export function toTrendReport(trend: Trend, series: readonly TimeSeries[], snapshots: readonly TrendSnapshot[]): TrendReport {
  const hourlyMentions = series.length > 0 ? hourlyFromSeries(series, trend.updatedAt) : hourlyFromSnapshots(snapshots, trend.updatedAt);
  return { ...trend, firstSeen: firstSeenOf(trend), hourlyMentions };
}

/** The engine's trends matching `query`, most confident first, as reports. */
export async function engineTrendReports(engine: TrendEngine, query: TrendQuery): Promise<TrendReport[]> {
  const trends = await engine.trends(query);
  return Promise.all(
    trends.map(async (trend) => {
      const detail = await engine.trend(trend.id);
      return toTrendReport(detail?.trend ?? trend, detail?.series ?? [], detail?.snapshots ?? []);
    }),
  );
}

/** Stored trends matching `query`, most confident first, as reports (hourly mentions from their snapshots). */
export async function storedTrendReports(store: Store, query: TrendQuery): Promise<TrendReport[]> {
  const trends = await store.listTrends(query);
  return Promise.all(trends.map(async (trend) => toTrendReport(trend, [], await store.listTrendSnapshots(trend.id))));
}
