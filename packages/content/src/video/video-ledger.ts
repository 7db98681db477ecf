import { type Clock, UndercurrentError, type VideoJob, type VideoRenderRequest } from "@undercurrent/core";
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
 */
export class BatchLedger {
  private readonly jobs = new Map<string, VideoJob>();
  private readonly counts = { queued: 0, pending: 0, completed: 0, failed: 0, cancelled: 0 };
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
  }

  get(id: string): VideoJob {
    const job = this.jobs.get(id);
    if (!job) throw new UndercurrentError({ code: "VIDEO_JOB_UNKNOWN", message: `no job ${id} in this batch` });
    return job;
  }

  list(): VideoJob[] {
    return [...this.jobs.values()];
  }

  /** Writes `changes` to the job, in the store first, then in memory; returns the new job. */
  async update(id: string, changes: Partial<VideoJob>): Promise<VideoJob> {
    const previous = this.get(id);
    const next: VideoJob = { ...previous, ...changes, updatedAt: new Date(this.clock.now()) };
    for (const key of Object.keys(next) as (keyof VideoJob)[]) if (next[key] === undefined) delete next[key];
    await this.settings.store.putVideoJob(next);
    this.jobs.set(id, next);
    this.counts[previous.status]--;
    this.counts[next.status]++;
    this.settings.events?.emit("video-job-updated", { job: next });
    return next;
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

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
