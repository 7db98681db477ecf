import { type Clock, type Store, UndercurrentError, type VideoJob, type VideoRenderRequest } from "@undercurrent/core";
import { withChanges } from "./render-status-changes.js";
import type { ResolvedVideoBatchSettings, VideoBatchEvent, VideoBatchProgress } from "./video-batch-options.js";

/** The ledger id of the job with this idempotency key. */
export function videoJobIdFor(idempotencyKey: string): string {
  return `video-job:${idempotencyKey}`;
}

/** Whether a job will not change any more. */
export function isTerminalJob(job: VideoJob): boolean {
  return job.status === "completed" || job.status === "failed" || job.status === "cancelled";
}

/** A new `queued` job, written to the ledger before anything is paid. */
export function newQueuedJob(fields: {
  providerId: string;
  idempotencyKey: string;
  batchId: string;
  draftId: string | undefined;
  request: VideoRenderRequest;
  estimatedCost: number;
  now: Date;
}): VideoJob {
  return {
    id: videoJobIdFor(fields.idempotencyKey),
    provider: fields.providerId,
    idempotencyKey: fields.idempotencyKey,
    status: "queued",
    batchId: fields.batchId,
    ...(fields.draftId !== undefined && { draftId: fields.draftId }),
    request: JSON.parse(JSON.stringify(fields.request)),
    attempts: 0,
    estimatedCost: fields.estimatedCost,
    createdAt: fields.now,
    updatedAt: fields.now,
  };
}

/**
 * The jobs of one run: the in-memory copy of their ledger rows, counts by status, and the one place they are
 * written (store, `video-job-updated` event, batch events).
 *
 * Someone else may finish a job while the run holds it: a webhook receiver (`applyVideoWebhook`) writing the same
 * ledger. So the run re-reads a job before each poll ({@link refresh}), never overwrites a job the ledger already
 * holds as finished ({@link update}), and wakes a job's wait when the `events` bus announces it finished.
 */
export class BatchLedger {
  private readonly jobs = new Map<string, VideoJob>();
  private readonly counts = { queued: 0, pending: 0, completed: 0, failed: 0, cancelled: 0 };
  private readonly announced = new Set<string>();
  private readonly wakers = new Map<string, AbortController>();
  /** Jobs the bus announced as finished elsewhere, so a wait that starts after the announcement does not sleep. */
  private readonly finishedElsewhere = new Set<string>();
  private readonly unsubscribe: (() => void) | undefined;
  startsThisRun = 0;

  constructor(
    private readonly settings: ResolvedVideoBatchSettings,
    private readonly clock: Clock,
    jobs: readonly VideoJob[],
  ) {
    for (const job of jobs) {
      this.jobs.set(job.id, job);
      this.counts[job.status]++;
    }
    const events = settings.events;
    if (typeof events?.on === "function") {
      this.unsubscribe = events.on("video-job-updated", ({ job }) => {
        const mine = this.jobs.get(job.id);
        if (!mine || isTerminalJob(mine) || !isTerminalJob(job)) return;
        this.finishedElsewhere.add(job.id);
        this.wakers.get(job.id)?.abort();
      });
    }
  }

  get(id: string): VideoJob {
    const job = this.jobs.get(id);
    if (!job) throw new UndercurrentError({ code: "VIDEO_JOB_UNKNOWN", message: `no job ${id} in this batch` });
    return job;
  }

  list(): VideoJob[] {
    return [...this.jobs.values()];
  }

  /**
   * Writes `changes` to the job, in the store first, then in memory; returns the new job. When the stored row is
   * already finished while this run still had it open (a webhook finished it), the stored row wins and nothing is
   * written: a finished job never goes back.
   */
  async update(id: string, changes: Partial<VideoJob>): Promise<VideoJob> {
    const previous = this.get(id);
    const next = withChanges(previous, changes, new Date(this.clock.now()));
    const written = await inTransaction(this.settings.store, async (store) => {
      const stored = isTerminalJob(previous) ? undefined : await store.getVideoJob(id);
      if (stored && isTerminalJob(stored)) return stored;
      await store.putVideoJob(next);
      return next;
    });
    if (written !== next) return this.adopt(written);
    this.replace(previous, next);
    this.settings.events?.emit("video-job-updated", { job: next });
    return next;
  }

  /** The job as the ledger holds it now: a job finished elsewhere (a webhook) is taken over; otherwise the run's copy. */
  async refresh(id: string): Promise<VideoJob> {
    const job = this.get(id);
    if (isTerminalJob(job)) return job;
    const stored = await this.settings.store.getVideoJob(id);
    return stored && isTerminalJob(stored) ? this.adopt(stored) : job;
  }

  /** Sleeps `milliseconds`, or less when the `events` bus announces that the job finished elsewhere. */
  async pause(id: string, milliseconds: number, signal: AbortSignal): Promise<void> {
    if (this.finishedElsewhere.delete(id)) return;
    const waker = new AbortController();
    this.wakers.set(id, waker);
    try {
      await this.clock.sleep(milliseconds, AbortSignal.any([signal, waker.signal]));
    } catch (error) {
      if (signal.aborted || !waker.signal.aborted) throw error;
    } finally {
      this.wakers.delete(id);
      this.finishedElsewhere.delete(id);
    }
  }

  /** Sends `job-completed` or `job-failed` for a finished job, once per job and run. */
  announce(job: VideoJob): void {
    if (!isTerminalJob(job) || this.announced.has(job.id)) return;
    this.announced.add(job.id);
    this.emit({ type: job.status === "completed" ? "job-completed" : "job-failed", job });
  }

  /** Stops listening to the `events` bus. */
  dispose(): void {
    this.unsubscribe?.();
  }

  private adopt(stored: VideoJob): VideoJob {
    this.replace(this.get(stored.id), stored);
    return stored;
  }

  private replace(previous: VideoJob, next: VideoJob): void {
    this.jobs.set(next.id, next);
    this.counts[previous.status]--;
    this.counts[next.status]++;
  }

  progress(): VideoBatchProgress {
    return {
      batchId: this.settings.batchId,
      total: this.jobs.size,
      queued: this.counts.queued,
      rendering: this.counts.pending,
      completed: this.counts.completed,
      failed: this.counts.failed + this.counts.cancelled,
      startsThisRun: this.startsThisRun,
    };
  }

  /** Sends an event to `onEvent`; a throwing listener is ignored (it must not stop paid work half-way). */
  emit(event: DistributiveOmit<VideoBatchEvent, "progress">): void {
    try {
      this.settings.onEvent?.({ ...event, progress: this.progress() } as VideoBatchEvent);
    } catch {
      // listeners must not break the batch
    }
  }
}

/** Runs `work` in a store transaction when the store has them (a read and a write no other caller can come between). */
export function inTransaction<T>(store: Store, work: (store: Store) => Promise<T>): Promise<T> {
  return typeof store.transaction === "function" ? store.transaction(work) : work(store);
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
