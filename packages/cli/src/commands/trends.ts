import type { Item, Store, TrendQuery, TrendSnapshot, TrendStatus } from "@undercurrent/core";
import { UndercurrentError } from "@undercurrent/core";
import { createSqliteStore } from "@undercurrent/store-sqlite";
import { type CommandContext, defineCommand } from "../command-module.js";
import { storedTrendReports } from "../engine-session.js";
import { idList, isoDate, positiveInteger, statusList, unitInterval } from "../option-parsers.js";
import { locateStore, requireStoreFile } from "../store-location.js";
import type { Style } from "../style.js";
import {
  firstSeenOf,
  formatHours,
  formatLead,
  formatTable,
  formatTime,
  formatTrendTable,
  formatVelocity,
  hourlyFromSnapshots,
  sparkline,
  sparklineHours,
  styleStatus,
  type TrendReport,
} from "../trend-report.js";

const storeHint = "fill it with `undercurrent scan`, or `undercurrent replay <file> --persist`";

/** What `trends --json` prints. */
export interface TrendsReport {
  /** The database file. */
  store: string;
  /** The filters applied. */
  query: TrendQuery & { limit: number };
  /** Matching trends, most confident first. */
  trends: TrendReport[];
}

/** What `trends show --json` prints. */
export interface TrendDetailReport {
  trend: TrendReport;
  /** Its state over time, oldest first. */
  snapshots: TrendSnapshot[];
  /** The evidence items still in the store, in the order of the evidence. */
  items: Item[];
}

interface ListOptions {
  status?: TrendStatus[];
  minConfidence?: number;
  source?: string[];
  since?: Date;
  limit: number;
}

/** `undercurrent trends`: the trends in the store (`list`, the default) and one of them in detail (`show <id>`). No network. */
export const trendsCommand = defineCommand({
  name: "trends",
  description: "list the trends in the database, or show one (no network)",
  register(command, context) {
    command
      .command("list", { isDefault: true })
      .description("list stored trends, most confident first")
      .option("--status <statuses>", "only these statuses, comma-separated: emerging, rising, peaking, declining", statusList)
      .option("--min-confidence <x>", "only trends at least this confident (0 to 1)", unitInterval)
      .option("--source <ids>", "only trends seen on one of these sources, comma-separated", idList)
      .option("--since <iso>", "only trends updated at or after this time", isoDate)
      .option("--limit <n>", "trends to print", positiveInteger, 20)
      .action((options: ListOptions) => listTrends(context, options));
    command
      .command("show")
      .description("one trend: evidence per source with lead-lag, history, evidence items")
      .argument("<id>", "the trend's id, as `trends` prints it (the `trend:` prefix may be left out)")
      .action((id: string) => showTrend(context, id));
  },
});

async function withStore<Result>(context: CommandContext, work: (store: Store, path: string) => Promise<Result>): Promise<Result> {
  const location = locateStore(context.loadConfig(), context.io.cwd, { why: "`trends` reads a database file" });
  requireStoreFile(location, storeHint);
  const store = createSqliteStore({ path: location.path, readonly: true });
  try {
    return await work(store, location.path);
  } finally {
    await store.close();
  }
}

async function listTrends(context: CommandContext, options: ListOptions): Promise<void> {
  const query: TrendQuery = {
    ...(options.status && { status: options.status }),
    ...(options.minConfidence !== undefined && { minConfidence: options.minConfidence }),
    ...(options.source && { sources: options.source }),
    ...(options.since && { since: options.since }),
    limit: options.limit,
  };
  const report = await withStore(context, async (store, path): Promise<TrendsReport> => {
    const trends = await storedTrendReports(store, query);
    return { store: path, query: { ...query, limit: options.limit }, trends };
  });
  context.output().result(report, formatTrendsReport);
}

async function showTrend(context: CommandContext, id: string): Promise<void> {
  const report = await withStore(context, async (store): Promise<TrendDetailReport> => {
    const trend = (await store.getTrend(id)) ?? (id.startsWith("trend:") ? undefined : await store.getTrend(`trend:${id}`));
    if (!trend) {
      throw new UndercurrentError({
        code: "TREND_NOT_FOUND",
        message: `no trend "${id}" in the store; \`undercurrent trends\` lists them`,
      });
    }
    const snapshots = await store.listTrendSnapshots(trend.id);
    const itemIds = trend.evidence.flatMap((evidence) => evidence.itemIds);
    const items = (await Promise.all(itemIds.map((itemId) => store.getItem(itemId)))).filter((item): item is Item => item !== undefined);
    const hourlyMentions = hourlyFromSnapshots(snapshots, trend.updatedAt);
    return { trend: { ...trend, firstSeen: firstSeenOf(trend), hourlyMentions }, snapshots, items };
  });
  context.output().result(report, formatTrendDetail);
}

function formatTrendsReport(report: TrendsReport, style: Style): string {
  if (report.trends.length === 0) {
    const filtered = Object.keys(report.query).length > 1;
    return filtered ? "No stored trend matches.\n" : `No trends in ${report.store} yet; ${storeHint}.\n`;
  }
  return `${formatTrendTable(report.trends, style)}\n`;
}

function formatTrendDetail(report: TrendDetailReport, style: Style): string {
  const { trend, snapshots, items } = report;
  const details: [string, string][] = [
    ["Id", trend.id],
    ["Status", styleStatus(trend.status, trend.status, style)],
    ["Confidence", trend.confidence.toFixed(2)],
    ["Velocity", `${formatVelocity(trend.velocity)} (acceleration ${formatVelocity(trend.acceleration)})`],
    ["Keywords", trend.keywords.join(", ") || "-"],
    ["Sentiment", trend.sentiment.toFixed(2)],
    ["First flagged", formatTime(trend.firstDetectedAt)],
    ["Updated", formatTime(trend.updatedAt)],
    ["First source", formatLead(trend.firstSeen)],
    [`Last ${sparklineHours} h`, sparkline(trend.hourlyMentions)],
    ["Snapshots", String(snapshots.length)],
    ["Related", trend.relatedTrendIds.join(", ") || "-"],
  ];
  const width = Math.max(...details.map(([name]) => name.length));
  const evidence = formatTable(
    ["SOURCE", "FIRST SEEN", "LEAD", "MENTIONS", "ENGAGEMENT", "SOURCE STATUS"],
    trend.evidence.map((entry) => [
      entry.source,
      formatTime(entry.firstSeenAt),
      entry.leadHours === 0 ? "first" : `${formatHours(-entry.leadHours)} later`,
      String(entry.mentions),
      entry.normalizedEngagement.toFixed(2),
      entry.sourceStatus,
    ]),
    style,
  );
  const sourceWidth = Math.max(0, ...items.map((item) => item.source.length));
  const itemLines = [...items]
    .sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime())
    .map(
      (item) =>
        `  ${formatTime(item.publishedAt)}  ${item.source.padEnd(sourceWidth)}  ${item.title}${item.url ? `  ${style.dim(item.url)}` : ""}`,
    );
  return [
    style.bold(trend.name),
    ...details.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`),
    "",
    style.bold("Evidence"),
    evidence,
    ...(itemLines.length > 0 ? ["", style.bold("Items"), ...itemLines] : []),
    "",
  ].join("\n");
}
