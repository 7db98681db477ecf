import type { SourceHealth, TimeSeries, Trend, TrendSnapshot, TrendStatus } from "@undercurrent/core";
import type { Style } from "./style.js";

const hour = 3_600_000;
/** Hours a sparkline covers. */
export const sparklineHours = 24;
const bars = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] as const;

/** Where and when a trend was seen first. */
export interface FirstSeen {
  /** The source with lead 0: it had the trend before every other source. */
  source: string;
  at: Date;
  /** Hours it was ahead of the next source to see the trend; absent when no other source has. */
  leadHours?: number;
  /** That next source. */
  nextSource?: string;
}

/** A trend as `scan` and `trends` print it: the stored trend, where it was seen first and its last 24 hours. */
export type TrendReport = Trend & {
  firstSeen: FirstSeen | null;
  /** New mentions per hour over the 24 hours up to `updatedAt`, oldest first. */
  hourlyMentions: number[];
};

/** The source that saw `trend` first, when, and by how much it led the next one. */
export function firstSeenOf(trend: Trend): FirstSeen | null {
  const ordered = [...trend.evidence].sort((a, b) => a.firstSeenAt.getTime() - b.firstSeenAt.getTime());
  const [first, next] = ordered;
  if (!first) return null;
  return {
    source: first.source,
    at: first.firstSeenAt,
    ...(next && { leadHours: round((next.firstSeenAt.getTime() - first.firstSeenAt.getTime()) / hour), nextSource: next.source }),
  };
}

/** The last {@link sparklineHours} points of the engine's hourly mentions series (zeros where it has none). */
export function hourlyFromSeries(series: readonly TimeSeries[], to: Date): number[] {
  const mentions = series.find((entry) => entry.metric === "mentions") ?? series[0];
  const byHour = new Map((mentions?.points ?? []).map((point) => [Math.floor(point.at.getTime() / hour), point.value]));
  return lastHours(to).map((hourIndex) => byHour.get(hourIndex) ?? 0);
}

/**
 * New mentions per hour from stored snapshots (a snapshot's `mentions` counts every item of the trend so far, so
 * each snapshot adds its increase over the one before, in the hour it was taken). Used when the engine that found
 * the trend is gone.
 */
export function hourlyFromSnapshots(snapshots: readonly TrendSnapshot[], to: Date): number[] {
  const byHour = new Map<number, number>();
  let previous = 0;
  for (const snapshot of [...snapshots].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    const hourIndex = Math.floor(snapshot.at.getTime() / hour);
    byHour.set(hourIndex, (byHour.get(hourIndex) ?? 0) + Math.max(0, snapshot.mentions - previous));
    previous = snapshot.mentions;
  }
  return lastHours(to).map((hourIndex) => byHour.get(hourIndex) ?? 0);
}

/** Indexes of the {@link sparklineHours} hours ending with the hour of `to`, oldest first. */
function lastHours(to: Date): number[] {
  const last = Math.floor(to.getTime() / hour);
  return Array.from({ length: sparklineHours }, (_, index) => last - sparklineHours + 1 + index);
}

/** `▁▁▂▅█▃`: one bar per value, scaled to the largest; zero is the lowest bar, anything above it at least the second. */
export function sparkline(values: readonly number[]): string {
  const highest = Math.max(0, ...values);
  return values
    .map((value) => (value <= 0 || highest === 0 ? bars[0] : bars[Math.max(1, Math.round((value / highest) * (bars.length - 1)))]))
    .join("");
}

/** `2026-01-09 10:00Z`: minutes, UTC. */
export function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")}Z`;
}

/** `+1.50/h`. */
export function formatVelocity(velocity: number): string {
  const fixed = velocity.toFixed(2);
  return `${velocity > 0 && fixed !== "0.00" ? "+" : ""}${fixed === "-0.00" ? "0.00" : fixed}/h`;
}

/** `5.0 h`, `45 min`. */
export function formatHours(hours: number): string {
  return Math.abs(hours) < 1 ? `${Math.round(hours * 60)} min` : `${hours.toFixed(1)} h`;
}

/** `github 2026-01-09 02:00Z`. */
export function formatFirstSeen(firstSeen: FirstSeen | null): string {
  return firstSeen ? `${firstSeen.source} ${formatTime(firstSeen.at)}` : "-";
}

/** `github, 5.0 h before hackernews`, or `github, the only source`. */
export function formatLead(firstSeen: FirstSeen | null): string {
  if (!firstSeen) return "-";
  if (firstSeen.leadHours === undefined || !firstSeen.nextSource) return `${firstSeen.source}, the only source`;
  return `${firstSeen.source}, ${formatHours(firstSeen.leadHours)} before ${firstSeen.nextSource}`;
}

/** Colours a status: rising green, emerging and peaking yellow, declining dim. */
export function styleStatus(status: TrendStatus, text: string, style: Style): string {
  if (status === "rising") return style.green(text);
  if (status === "declining") return style.dim(text);
  return style.yellow(text);
}

/** A plain-text table: a bold header, columns padded to their widest cell (cells are styled after padding). */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  style: Style,
  decorate: (row: number, column: number, padded: string) => string = (_row, _column, padded) => padded,
): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: readonly string[], paint: (column: number, padded: string) => string) =>
    cells
      .map((cell, column) => paint(column, column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join("  ")
      .trimEnd();
  return [
    line(header, (_column, padded) => style.bold(padded)),
    ...rows.map((row, index) => line(row, (column, padded) => decorate(index, column, padded))),
  ].join("\n");
}

/** The trend table of `scan` and `trends`. */
export function formatTrendTable(trends: readonly TrendReport[], style: Style): string {
  const header = ["TREND", "SOURCES", "FIRST SEEN", "VELOCITY", "CONFIDENCE", "STATUS", `LAST ${sparklineHours} H`, "ID"];
  const rows = trends.map((trend) => [
    truncate(trend.name, 40),
    trend.sources.join(", "),
    formatFirstSeen(trend.firstSeen),
    formatVelocity(trend.velocity),
    trend.confidence.toFixed(2),
    trend.status,
    sparkline(trend.hourlyMentions),
    trend.id,
  ]);
  return formatTable(header, rows, style, (row, column, padded) => {
    const trend = trends[row];
    return column === 5 && trend ? styleStatus(trend.status, padded, style) : padded;
  });
}

/** One line per source: `  github         down      NETWORK_ERROR: …`. */
export function formatSourceLines(
  entries: readonly { sourceId: string; status: SourceHealth["status"] | "skipped"; detail: string }[],
  style: Style,
): string[] {
  const idWidth = Math.max(0, ...entries.map((entry) => entry.sourceId.length));
  return entries.map((entry) => {
    const status = entry.status.padEnd(8);
    const painted =
      entry.status === "ok"
        ? style.green(status)
        : entry.status === "down"
          ? style.red(status)
          : entry.status === "degraded"
            ? style.yellow(status)
            : style.dim(status);
    return `  ${entry.sourceId.padEnd(idWidth)}  ${painted}  ${entry.detail}`.trimEnd();
  });
}

/** A reason with the query strings of its URLs left out (a status line; the JSON keeps the whole reason). */
export function withoutQueryStrings(text: string): string {
  return text.replace(/(https?:\/\/[^\s?]+)\?\S*/g, "$1");
}

/** `text` cut to `length` characters, ending with `…` when cut. */
export function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
