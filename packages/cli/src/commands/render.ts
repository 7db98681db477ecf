import { basename, resolve } from "node:path";
import { estimateVideoBatch, runVideoBatch, type VideoBatchEvent, type VideoBatchReport } from "@undercurrent/content";
import { isAbortError, type VideoJob } from "@undercurrent/core";
import { createSqliteStore } from "@undercurrent/store-sqlite";
import { type CommandContext, defineCommand } from "../command-module.js";
import { positiveInteger, positiveNumber } from "../option-parsers.js";
import type { Progress } from "../progress.js";
import { ExitCode } from "../report-error.js";
import { locateStore } from "../store-location.js";
import type { Style } from "../style.js";
import { formatTable, truncate } from "../trend-report.js";
import { briefsToItems, readBriefsFile } from "./render-briefs.js";
import { openRenderProvider } from "./render-provider.js";

/** One render in `render --json`. */
export interface RenderedJob {
  id: string;
  draftId?: string;
  aspectRatio: string;
  status: VideoJob["status"];
  attempts: number;
  providerJobId?: string;
  videoUrl?: string;
  error?: { code: string; message: string };
}

/** What `render --json` prints. */
export interface RenderReport {
  file: string;
  batchId: string;
  provider: string;
  /** The ledger: the database file. */
  store: string;
  dryRun: boolean;
  estimatedCost: { amount: number; unit: string };
  total: number;
  completed: number;
  failed: number;
  rendering: number;
  queued: number;
  startsThisRun: number;
  /** Set when the run stopped before every render was done: `insufficient-credit` or `qa-rejected`. */
  stoppedReason?: string;
  notes: string[];
  jobs: RenderedJob[];
}

interface RenderOptions {
  mock?: boolean;
  batch?: string;
  maxCost?: number;
  concurrency?: number;
  qa?: number;
  approve?: boolean;
  dryRun?: boolean;
  pollInterval?: number;
  timeout?: number;
}

/** `undercurrent render <briefs.json>`: a batch of avatar videos through the job ledger, with a progress bar. */
export const renderCommand = defineCommand({
  name: "render",
  description: "render a batch of avatar videos from a JSON file of briefs (HeyGen, or --mock), resumable",
  register(command, context) {
    command
      .argument(
        "<file>",
        'briefs: a JSON array of { script, platforms?, avatarId?, voiceId?, avatar? }, { "renders": [...] } or { "campaign": {...} }',
      )
      .option("--mock", "render on a local HeyGen mock server instead of HeyGen (no key, no cost)")
      .option("--batch <id>", "batch id in the ledger (default: render:<file name>)")
      .option("--max-cost <amount>", "refuse to start when the estimate is above this (provider's unit, e.g. usd)", positiveNumber)
      .option("--concurrency <n>", "renders in flight at once (default and ceiling: the plan's limit)", positiveInteger)
      .option("--qa <count>", "render the first <count> videos, then stop for review", positiveInteger)
      .option("--approve", "with --qa: the first renders were reviewed; render the rest")
      .option("--dry-run", "validate the briefs and print the estimate; start nothing")
      .option("--poll-interval <seconds>", "first wait between status checks (then backing off)", positiveNumber)
      .option("--timeout <minutes>", "stop waiting for a render after this long (it stays in the ledger)", positiveNumber, 45)
      .addHelpText(
        "after",
        `
Every render goes through the job ledger in the database (store.path): it is written there before anything is
paid, with an idempotency key derived from its content. Run the same command again after Ctrl-C, a crash or a
credit top-up: renders already started are polled, never started (or paid for) twice. Needs HEYGEN_API_KEY unless
--mock is given (the mock lives for one run, so resume against it does not carry over).

Examples:
  $ undercurrent render briefs.json --mock
  $ HEYGEN_API_KEY=... undercurrent render campaign.json --max-cost 25 --qa 2
  $ HEYGEN_API_KEY=... undercurrent render campaign.json --max-cost 25 --qa 2 --approve`,
      )
      .action((file: string, renderOptions: RenderOptions) => render(context, file, renderOptions));
  },
});

async function render(context: CommandContext, file: string, options: RenderOptions): Promise<void> {
  const loaded = context.loadConfig();
  const output = context.output();
  const signal = context.io.signal;
  const path = resolve(context.io.cwd, file);
  const briefs = await readBriefsFile(path);
  const location = locateStore(loaded, context.io.cwd, { why: "the render ledger must outlive the run so a stopped batch can resume" });
  const opened = await openRenderProvider(context.io, { mock: options.mock === true });
  const store = options.dryRun ? undefined : createSqliteStore({ path: location.path });
  let progress: Progress | undefined;
  try {
    const { items, notes } = await briefsToItems(briefs, opened.provider, signal);
    for (const note of notes) output.info(note);
    const batchId = options.batch ?? briefs.batchId ?? `render:${basename(path).replace(/\.json$/i, "")}`;
    const base = { file: path, batchId, provider: opened.description, store: location.path, notes };
    if (options.dryRun || !store) {
      const estimate = await estimateVideoBatch(opened.provider, items, signal ? { signal } : {});
      const report: RenderReport = {
        ...base,
        dryRun: true,
        estimatedCost: { amount: estimate.amount, unit: estimate.unit },
        total: items.length,
        completed: 0,
        failed: 0,
        rendering: 0,
        queued: items.length,
        startsThisRun: 0,
        jobs: items.map((item, index) => ({
          id: `item-${index + 1}`,
          ...(item.draftId !== undefined && { draftId: item.draftId }),
          aspectRatio: item.request.aspectRatio,
          status: "queued",
          attempts: 0,
        })),
      };
      output.result(report, formatRenderReport);
      return;
    }
    const onEvent = (event: VideoBatchEvent) => {
      const { progress: counts } = event;
      if (event.type === "batch-estimated") {
        output.info(`${batchId}: ${counts.total} renders, estimated ${event.estimatedCost} ${event.unit}, on ${opened.description}`);
        progress = output.progress({ label: "render", total: counts.total });
      } else if (event.type === "job-retrying") {
        output.debug(`${event.job.draftId ?? event.job.id}: ${event.error.code}, retrying in ${Math.round(event.delayMs / 100) / 10} s`);
      } else if (event.type === "job-failed") {
        progress?.log(`failed ${event.job.draftId ?? event.job.id}: ${event.job.error?.code} ${event.job.error?.message ?? ""}`);
      } else if (event.type === "circuit-opened") {
        progress?.log(`out of credit (${event.error.code}): no further renders start; renders in flight finish`);
      } else if (event.type === "qa-gate-waiting") {
        progress?.log(`QA gate: ${event.jobs.length} renders done for review`);
      }
      progress?.update(counts.completed + counts.failed, `${counts.rendering} rendering`);
    };
    const batch = await runVideoBatch({
      provider: opened.provider,
      store,
      batchId,
      items,
      onEvent,
      ...(signal && { signal }),
      ...(options.maxCost !== undefined && { maxCost: options.maxCost }),
      ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
      polling: {
        initialIntervalMs: options.pollInterval !== undefined ? Math.round(options.pollInterval * 1000) : opened.polling.initialIntervalMs,
        maxIntervalMs: Math.max(
          opened.polling.maxIntervalMs,
          options.pollInterval !== undefined ? Math.round(options.pollInterval * 1000) : 0,
        ),
        factor: 1.5,
        timeoutMs: Math.round((options.timeout ?? 45) * 60_000),
      },
      ...(options.qa !== undefined && {
        qaGate: {
          count: options.qa,
          approve: () =>
            options.approve === true || {
              approved: false,
              reason: `review the first ${options.qa} renders, then run again with --approve`,
            },
        },
      }),
    });
    progress?.done(`${batch.completed} completed, ${batch.failed} failed, ${batch.rendering + batch.queued} not done`);
    for (const warning of batch.warnings) output.warn(warning);
    const report = toReport(base, batch);
    output.result(report, formatRenderReport);
    if (batch.failed > 0 || batch.queued > 0 || batch.rendering > 0) context.setExitCode(ExitCode.failure);
  } catch (error) {
    if (isAbortError(error) && store) {
      progress?.done("stopped");
      output.warn(`stopped: renders already started are in the ledger (${location.path}); run the same command again to resume`);
    }
    throw error;
  } finally {
    progress?.done();
    await store?.close();
    await opened.close();
  }
}

function toReport(base: Pick<RenderReport, "file" | "batchId" | "provider" | "store" | "notes">, batch: VideoBatchReport): RenderReport {
  return {
    ...base,
    dryRun: false,
    estimatedCost: batch.estimatedCost,
    total: batch.total,
    completed: batch.completed,
    failed: batch.failed,
    rendering: batch.rendering,
    queued: batch.queued,
    startsThisRun: batch.startsThisRun,
    ...(batch.stoppedReason && { stoppedReason: batch.stoppedReason }),
    jobs: batch.jobs.map((job) => ({
      id: job.id,
      ...(job.draftId !== undefined && { draftId: job.draftId }),
      aspectRatio: String(job.request.aspectRatio ?? ""),
      status: job.status,
      attempts: job.attempts,
      ...(job.providerJobId !== undefined && { providerJobId: job.providerJobId }),
      ...(job.result && { videoUrl: job.result.videoUrl }),
      ...(job.error && { error: { code: job.error.code, message: job.error.message } }),
    })),
  };
}

const stopMessages: Record<string, string> = {
  "insufficient-credit": "Stopped: the account is out of credit. Top up, then run the same command again to render the rest.",
  "qa-rejected": "Stopped at the QA gate: review the videos above, then run again with --approve to render the rest.",
};

/** The human form of a {@link RenderReport}. */
export function formatRenderReport(report: RenderReport, style: Style): string {
  const heading = report.dryRun
    ? `Dry run of ${report.batchId}: ${report.total} renders, estimated ${report.estimatedCost.amount} ${report.estimatedCost.unit}; nothing was started.`
    : `Batch ${report.batchId} on ${report.provider}: ${report.completed} of ${report.total} completed, ${report.failed} failed, ` +
      `${report.rendering} rendering, ${report.queued} queued (${report.startsThisRun} starts this run, estimated ${report.estimatedCost.amount} ${report.estimatedCost.unit}).`;
  const rows = report.jobs.map((job) => [
    job.draftId ?? job.id,
    job.aspectRatio,
    job.status,
    String(job.attempts),
    job.videoUrl ?? (job.error ? truncate(`${job.error.code}: ${job.error.message}`, 80) : ""),
  ]);
  const table = formatTable(["RENDER", "RATIO", "STATUS", "ATTEMPTS", "VIDEO / REASON"], rows, style, (row, column, padded) => {
    const status = report.jobs[row]?.status;
    if (column !== 2) return padded;
    return status === "completed" ? style.green(padded) : status === "failed" ? style.red(padded) : style.yellow(padded);
  });
  const stop = report.stoppedReason ? `\n${stopMessages[report.stoppedReason] ?? `Stopped: ${report.stoppedReason}`}` : "";
  const resume =
    !report.dryRun && !report.stoppedReason && report.rendering + report.queued > 0 ? "\nRun the same command again to keep going." : "";
  return `${heading}\n${table}${stop}${resume}\n`;
}
