import {
  type Clock,
  parseOptions,
  systemClock,
  UndercurrentError,
  ValidationError,
  type VideoJob,
  type VideoProvider,
  type VideoRenderRequest,
} from "@undercurrent/core";
import { normalizeRenderRequest, renderIdempotencyKey } from "./idempotency-key.js";
import { executeJobs } from "./video-batch-executor.js";
import {
  type ResolvedVideoBatchSettings,
  type ResumeVideoBatchOptions,
  type RunVideoBatchOptions,
  type VideoBatchItem,
  type VideoBatchReport,
  videoBatchSettingsSchema,
} from "./video-batch-options.js";
import { videoErrorCodes } from "./video-errors.js";
import { BatchLedger, newQueuedJob } from "./video-ledger.js";

/** A batch's cost before anything is spent. */
export interface VideoBatchEstimate {
  /** Sum over the distinct renders. */
  amount: number;
  unit: string;
  /** Per item, in item order (an item identical to an earlier one costs 0). */
  perItem: number[];
}

/**
 * Estimates what rendering `items` would cost with `provider` (its `estimateCost`, which spends nothing).
 * Identical requests count once. A bad request is a `ValidationError` naming `items.<index>.request.<field>`.
 */
export async function estimateVideoBatch(
  provider: VideoProvider,
  items: readonly VideoBatchItem[],
  options: { signal?: AbortSignal } = {},
): Promise<VideoBatchEstimate> {
  const prepared = prepareItems(provider.id, items, "", "estimateVideoBatch");
  const firstOfKey = new Map<string, number>();
  prepared.forEach((item, index) => {
    if (!firstOfKey.has(item.key)) firstOfKey.set(item.key, index);
  });
  const estimates = await mapLimited([...firstOfKey.values()], 8, (index) =>
    provider.estimateCost((prepared[index] as PreparedItem).request, options),
  );
  const byIndex = new Map([...firstOfKey.values()].map((index, position) => [index, estimates[position]]));
  const units = new Set(estimates.map((estimate) => estimate?.unit ?? ""));
  const perItem = prepared.map((_, index) => byIndex.get(index)?.amount ?? 0);
  return { amount: round(perItem.reduce((sum, amount) => sum + amount, 0)), unit: [...units].join("+") || "credits", perItem };
}

/**
 * Renders `items` in parallel within the provider's concurrency, through a persisted job ledger (the store's video
 * jobs), so that nothing is paid twice:
 *
 * 1. every request is validated and normalised, and gets an idempotency key hashed from its content; identical
 *    requests render once, and a request already in the ledger (this batch or another) is not started again;
 * 2. the cost is estimated and checked against `maxCost` before anything starts (`VIDEO_BUDGET_EXCEEDED`);
 * 3. the new jobs are written to the ledger as `queued`, in one transaction;
 * 4. jobs the provider already accepted are polled (with backoff), queued ones started (retryable errors are
 *    retried, waiting at least `retryAfterMs`; other errors fail the job with their reason); an insufficient-credit
 *    error opens a circuit breaker: no further starts, renders in flight finish, the rest stay queued for a resume;
 * 5. with `qaGate`, the first `count` jobs render alone and the rest wait for `approve`.
 *
 * Aborting `signal` rejects with its reason and leaves the ledger consistent: running the same batch again (or
 * {@link resumeVideoBatch}) polls what was started and starts only what was not.
 */
export async function runVideoBatch(options: RunVideoBatchOptions): Promise<VideoBatchReport> {
  const { items, ...rest } = options ?? ({} as RunVideoBatchOptions);
  const settings = parseOptions(videoBatchSettingsSchema, rest, "runVideoBatch");
  if (!Array.isArray(items) || items.length === 0) {
    throw new ValidationError({ context: "runVideoBatch", issues: [{ path: "items", message: "expected at least one render" }] });
  }
  const { provider, store } = settings;
  const clock = settings.clock ?? systemClock;
  const prepared = prepareItems(provider.id, items, settings.idempotencyNamespace, "runVideoBatch");

  const jobsByKey = new Map<string, VideoJob>();
  const newKeys: string[] = [];
  for (const item of prepared) {
    if (jobsByKey.has(item.key) || newKeys.includes(item.key)) continue;
    const [known] = await store.listVideoJobs({ idempotencyKey: item.key, limit: 1 });
    if (known) jobsByKey.set(item.key, known);
    else newKeys.push(item.key);
  }
  const firstItemOfKey = new Map<string, PreparedItem>();
  for (const item of prepared) if (!firstItemOfKey.has(item.key)) firstItemOfKey.set(item.key, item);
  const newEstimates = await mapLimited(newKeys, 8, (key) =>
    provider.estimateCost((firstItemOfKey.get(key) as PreparedItem).request, settings.signal ? { signal: settings.signal } : {}),
  );
  const now = new Date(clock.now());
  const newJobs = newKeys.map((key, index) => {
    const item = firstItemOfKey.get(key) as PreparedItem;
    return newQueuedJob({
      providerId: provider.id,
      idempotencyKey: key,
      batchId: settings.batchId,
      draftId: item.draftId,
      request: item.request,
      estimatedCost: newEstimates[index]?.amount ?? 0,
      // A millisecond apart: the ledger lists jobs by creation time, so a resume keeps the item order (and the QA
      // gate the same first jobs).
      now: new Date(now.getTime() + index),
    });
  });
  for (const job of newJobs) jobsByKey.set(job.idempotencyKey, job);

  const uniqueJobs = [...jobsByKey.values()];
  const unit =
    newEstimates[0]?.unit ??
    (await provider.estimateCost((prepared[0] as PreparedItem).request, settings.signal ? { signal: settings.signal } : {})).unit;
  const amount = checkBudget(settings, uniqueJobs, unit);
  settings.signal?.throwIfAborted();
  if (newJobs.length > 0) {
    await store.transaction(async (transaction) => {
      for (const job of newJobs) await transaction.putVideoJob(job);
    });
  }
  const itemJobIds = prepared.map((item) => (jobsByKey.get(item.key) as VideoJob).id);
  const order = [...new Set(itemJobIds)];
  const report = await execute(settings, clock, uniqueJobs, order, { amount, unit });
  return { ...report, itemJobIds, duplicateItems: prepared.length - order.length };
}

/**
 * Continues a batch from the ledger alone (after a crash, a stop, a QA approval or a credit top-up): renders
 * already accepted are polled, never started again; queued ones are started with their stored request and key.
 * A batch id with no job is a `VIDEO_BATCH_NOT_FOUND` error.
 */
export async function resumeVideoBatch(options: ResumeVideoBatchOptions): Promise<VideoBatchReport> {
  const settings = parseOptions(videoBatchSettingsSchema, options, "resumeVideoBatch");
  const clock = settings.clock ?? systemClock;
  const jobs = await settings.store.listVideoJobs({ batchId: settings.batchId });
  if (jobs.length === 0) {
    throw new UndercurrentError({
      code: videoErrorCodes.BATCH_NOT_FOUND,
      message: `no job of batch "${settings.batchId}" in the ledger (${settings.store.id} store)`,
    });
  }
  const probe = jobs[0] as VideoJob;
  const { unit } = await settings.provider.estimateCost(probe.request as never, settings.signal ? { signal: settings.signal } : {});
  const amount = checkBudget(settings, jobs, unit);
  const order = jobs.map((job) => job.id);
  const report = await execute(settings, clock, jobs, order, { amount, unit });
  return { ...report, itemJobIds: order, duplicateItems: 0 };
}

async function execute(
  settings: ResolvedVideoBatchSettings,
  clock: Clock,
  jobs: readonly VideoJob[],
  order: readonly string[],
  estimatedCost: { amount: number; unit: string },
): Promise<Omit<VideoBatchReport, "itemJobIds" | "duplicateItems">> {
  const warnings: string[] = [];
  const providerLimit = settings.provider.maxConcurrentRenders;
  let concurrency = settings.concurrency ?? providerLimit ?? 3;
  if (providerLimit !== undefined && concurrency > providerLimit) {
    warnings.push(`concurrency ${concurrency} is above ${settings.provider.id}'s limit of ${providerLimit}; using ${providerLimit}`);
    concurrency = providerLimit;
  }
  const ledger = new BatchLedger(settings, clock, jobs);
  let outcome: Awaited<ReturnType<typeof executeJobs>>;
  try {
    // A start that kept failing for a passing reason (an outage, rate limits) is tried again by a later run, with the
    // same key: if one of its attempts did reach the provider, the provider replays it instead of charging again.
    for (const job of jobs) {
      if (job.status === "failed" && job.error?.isRetryable && !job.providerJobId) await ledger.update(job.id, { status: "queued" });
    }
    ledger.emit({ type: "batch-estimated", estimatedCost: estimatedCost.amount, unit: estimatedCost.unit });
    outcome = await executeJobs(settings, ledger, order, concurrency, clock);
  } finally {
    ledger.dispose();
  }
  const progress = ledger.progress();
  return {
    batchId: settings.batchId,
    jobs: order.map((id) => ledger.get(id)),
    total: progress.total,
    completed: progress.completed,
    failed: progress.failed,
    rendering: progress.rendering,
    queued: progress.queued,
    startsThisRun: progress.startsThisRun,
    estimatedCost,
    ...(outcome.stoppedReason && { stoppedReason: outcome.stoppedReason }),
    warnings,
  };
}

/** Total estimated cost of the batch's jobs; throws `VIDEO_BUDGET_EXCEEDED` above `maxCost`. */
function checkBudget(settings: ResolvedVideoBatchSettings, jobs: readonly VideoJob[], unit: string): number {
  const amount = round(jobs.reduce((sum, job) => sum + (job.estimatedCost ?? 0), 0));
  if (settings.maxCost !== undefined && amount > settings.maxCost) {
    const started = jobs.filter((job) => job.providerJobId).length;
    throw new UndercurrentError({
      code: videoErrorCodes.BUDGET_EXCEEDED,
      message:
        `batch "${settings.batchId}" is estimated at ${amount} ${unit} for ${jobs.length} renders, above maxCost ${settings.maxCost}; ` +
        `nothing new was started${started > 0 ? ` (${started} renders were started by an earlier run)` : ""}`,
    });
  }
  return amount;
}

interface PreparedItem {
  key: string;
  draftId: string | undefined;
  request: VideoRenderRequest;
}

function prepareItems(providerId: string, items: readonly VideoBatchItem[], namespace: string, context: string): PreparedItem[] {
  if (!Array.isArray(items)) {
    throw new ValidationError({ context, issues: [{ path: "items", message: "expected an array of { request, draftId? }" }] });
  }
  return items.map((item, index) => {
    if (typeof item !== "object" || item === null) {
      throw new ValidationError({ context, issues: [{ path: `items.${index}`, message: "expected { request, draftId? }" }] });
    }
    if (item.draftId !== undefined && (typeof item.draftId !== "string" || item.draftId.trim() === "")) {
      throw new ValidationError({ context, issues: [{ path: `items.${index}.draftId`, message: "expected a non-empty string" }] });
    }
    const request = normalizeRenderRequest(item.request, context, `items.${index}.request`);
    return { key: renderIdempotencyKey(providerId, request, namespace), draftId: item.draftId, request };
  });
}

async function mapLimited<T, R>(values: readonly T[], limit: number, map: (value: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(values.length);
  let next = 0;
  const worker = async () => {
    while (next < values.length) {
      const index = next++;
      results[index] = await map(values[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, values.length) }, worker));
  return results;
}

function round(amount: number): number {
  return Math.round(amount * 10_000) / 10_000;
}
