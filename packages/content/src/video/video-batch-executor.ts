import { type Clock, isAbortError, UndercurrentError, type VideoJob, type VideoRenderStatus } from "@undercurrent/core";
import { changesForRenderStatus } from "./render-status-changes.js";
import type { ResolvedVideoBatchSettings } from "./video-batch-options.js";
import { isInsufficientCreditError, jobErrorOf, videoErrorCodes } from "./video-errors.js";
import { type BatchLedger, isTerminalJob } from "./video-ledger.js";

/** How a run of jobs ended. */
export interface ExecutionOutcome {
  stoppedReason?: "insufficient-credit" | "qa-rejected";
}

/**
 * Runs the non-terminal jobs of `order` (ids in item order) with at most `concurrency` renders in flight: jobs the
 * provider already accepted are polled (never started again), queued jobs are started with their idempotency key.
 * With a QA gate the first `count` jobs run alone, then the rest only if `approve` agrees. A job a webhook finished
 * (written to the ledger by `applyVideoWebhook`) is taken from the ledger instead of being polled.
 */
export async function executeJobs(
  settings: ResolvedVideoBatchSettings,
  ledger: BatchLedger,
  order: readonly string[],
  concurrency: number,
  clock: Clock,
): Promise<ExecutionOutcome> {
  const circuit = { open: false };
  const gate = settings.qaGate;
  const phases = gate ? [order.slice(0, gate.count), order.slice(gate.count)] : [order];
  for (const [index, phase] of phases.entries()) {
    await runPool(settings, ledger, phase, concurrency, clock, circuit);
    if (circuit.open) return { stoppedReason: "insufficient-credit" };
    if (gate && index === 0 && phases[1]?.some((id) => !isTerminalJob(ledger.get(id)))) {
      const reviewed = phase.map((id) => ledger.get(id));
      ledger.emit({ type: "qa-gate-waiting", jobs: reviewed });
      const decision = await gate.approve(reviewed);
      settings.signal?.throwIfAborted();
      const approved = typeof decision === "boolean" ? decision : decision.approved;
      const reason = typeof decision === "boolean" ? undefined : decision.reason;
      ledger.emit({ type: "qa-gate-decided", approved, ...(reason !== undefined && { reason }) });
      if (!approved) return { stoppedReason: "qa-rejected" };
    }
  }
  return {};
}

async function runPool(
  settings: ResolvedVideoBatchSettings,
  ledger: BatchLedger,
  ids: readonly string[],
  concurrency: number,
  clock: Clock,
  circuit: { open: boolean },
): Promise<void> {
  // Renders the provider already holds go first: they occupy its slots whether we poll them or not.
  const open = ids.filter((id) => !isTerminalJob(ledger.get(id)));
  const queue = [...open.filter((id) => ledger.get(id).providerJobId), ...open.filter((id) => !ledger.get(id).providerJobId)];
  const controller = new AbortController();
  const outer = settings.signal;
  const stop = () => controller.abort(outer?.reason);
  if (outer?.aborted) stop();
  else outer?.addEventListener("abort", stop, { once: true });
  const signal = controller.signal;
  let firstError: unknown;
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      if (signal.aborted) return;
      const job = ledger.get(id);
      if (!job.providerJobId && circuit.open) continue;
      try {
        await runJob(settings, ledger, id, clock, circuit, signal);
      } catch (error) {
        // An abort, or the store failing: stop every worker; the ledger says where to resume.
        firstError ??= error;
        stop();
        return;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  } finally {
    outer?.removeEventListener("abort", stop);
  }
  if (firstError !== undefined) throw outer?.aborted && isAbortError(firstError) ? outer.reason : firstError;
  outer?.throwIfAborted();
}

async function runJob(
  settings: ResolvedVideoBatchSettings,
  ledger: BatchLedger,
  id: string,
  clock: Clock,
  circuit: { open: boolean },
  signal: AbortSignal,
): Promise<void> {
  let job = ledger.get(id);
  let pollNow = true;
  if (!job.providerJobId) {
    const started = await startWithRetries(settings, ledger, id, clock, circuit, signal);
    if (!started) return;
    job = started;
    pollNow = false;
  }
  if (!isTerminalJob(job)) await pollUntilDone(settings, ledger, id, clock, signal, pollNow);
}

async function startWithRetries(
  settings: ResolvedVideoBatchSettings,
  ledger: BatchLedger,
  id: string,
  clock: Clock,
  circuit: { open: boolean },
  signal: AbortSignal,
): Promise<VideoJob | undefined> {
  const { maxAttempts, initialDelayMs, maxDelayMs } = settings.retry;
  const isOutOfCredit = settings.isInsufficientCredit ?? isInsufficientCreditError;
  let attemptsThisRun = 0;
  for (;;) {
    signal.throwIfAborted();
    if (circuit.open) return undefined;
    attemptsThisRun++;
    // The attempt is written before the call: after a crash the ledger shows a start may have reached the
    // provider, and the resume sends the same idempotency key, which the provider replays instead of charging.
    const attempt = await ledger.update(id, { attempts: ledger.get(id).attempts + 1 });
    let status: VideoRenderStatus;
    try {
      ledger.startsThisRun++;
      status = await settings.provider.start(attempt.request as never, { idempotencyKey: attempt.idempotencyKey, signal });
    } catch (error) {
      if (signal.aborted || isAbortError(error)) throw error;
      const jobError = jobErrorOf(error);
      if (isOutOfCredit(error)) {
        circuit.open = true;
        const job = await ledger.update(id, { error: jobError });
        ledger.emit({ type: "circuit-opened", job, error: jobError });
        return undefined;
      }
      if (!jobError.isRetryable) {
        ledger.announce(await ledger.update(id, { status: "failed", error: jobError }));
        return undefined;
      }
      if (attemptsThisRun >= maxAttempts) {
        const job = await ledger.update(id, {
          status: "failed",
          error: {
            code: videoErrorCodes.RETRIES_EXHAUSTED,
            message: `gave up after ${attemptsThisRun} attempts in this run (a later run tries again); last error ${jobError.code}: ${jobError.message}`,
            isRetryable: true,
          },
        });
        ledger.announce(job);
        return undefined;
      }
      const retryAfterMs = UndercurrentError.isInstance(error) ? (error.retryAfterMs ?? 0) : 0;
      const delayMs = Math.max(retryAfterMs, backoffDelay(attemptsThisRun, initialDelayMs, maxDelayMs, settings.random ?? Math.random));
      const job = await ledger.update(id, { error: jobError });
      ledger.emit({ type: "job-retrying", job, delayMs, error: jobError });
      await clock.sleep(delayMs, signal);
      continue;
    }
    const job = await ledger.update(id, { ...changesForRenderStatus(status), providerJobId: status.providerJobId });
    ledger.emit({ type: "job-started", job });
    ledger.announce(job);
    return job;
  }
}

async function pollUntilDone(
  settings: ResolvedVideoBatchSettings,
  ledger: BatchLedger,
  id: string,
  clock: Clock,
  signal: AbortSignal,
  pollNow: boolean,
): Promise<void> {
  const { initialIntervalMs, maxIntervalMs, factor, timeoutMs } = settings.polling;
  const deadline = clock.now() + timeoutMs;
  let interval = initialIntervalMs;
  let wait = pollNow ? 0 : interval;
  for (;;) {
    const remaining = deadline - clock.now();
    if (remaining <= 0) {
      const job = await ledger.update(id, {
        error: {
          code: videoErrorCodes.RENDER_TIMEOUT,
          message: `still rendering after ${Math.round(timeoutMs / 1000)} s; run the batch again to keep polling`,
          isRetryable: true,
        },
      });
      ledger.announce(job);
      return;
    }
    if (wait > 0) await ledger.pause(id, Math.min(wait, remaining), signal);
    // A webhook may have finished the render while we waited: then the ledger already says so, and no poll is needed.
    const current = await ledger.refresh(id);
    if (isTerminalJob(current)) {
      ledger.announce(current);
      return;
    }
    const providerJobId = current.providerJobId as string;
    let status: VideoRenderStatus;
    try {
      status = await settings.provider.status(providerJobId, { signal });
    } catch (error) {
      if (signal.aborted || isAbortError(error)) throw error;
      const jobError = jobErrorOf(error);
      if (!jobError.isRetryable) {
        ledger.announce(await ledger.update(id, { status: "failed", error: jobError }));
        return;
      }
      const retryAfterMs = UndercurrentError.isInstance(error) ? (error.retryAfterMs ?? 0) : 0;
      interval = Math.min(maxIntervalMs, interval * factor);
      wait = Math.max(interval, retryAfterMs);
      continue;
    }
    if (status.status !== "pending") {
      ledger.announce(await ledger.update(id, changesForRenderStatus(status)));
      return;
    }
    interval = Math.min(maxIntervalMs, interval * factor);
    wait = interval;
  }
}

/** Exponential backoff with jitter: attempt 1 waits about `initial`, each later attempt twice as long, capped. */
export function backoffDelay(attempt: number, initialDelayMs: number, maxDelayMs: number, random: () => number): number {
  const base = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.5 + random() * 0.5));
}
