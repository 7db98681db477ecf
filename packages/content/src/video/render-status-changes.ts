import type { VideoJob, VideoRenderStatus } from "@undercurrent/core";

/**
 * The ledger fields a provider's render status sets on its job: the status, the result of a completed render, the
 * error of a failed one (or none). Shared by status polls and webhooks, so both record a render the same way.
 */
export function changesForRenderStatus(status: VideoRenderStatus): Partial<VideoJob> {
  const changes: Partial<VideoJob> = { status: status.status, error: undefined };
  if (status.status === "completed" && status.result) {
    const { videoUrl, thumbnailUrl, captionUrl, durationSeconds } = status.result;
    changes.result = {
      videoUrl,
      ...(thumbnailUrl && { thumbnailUrl }),
      ...(captionUrl && { captionUrl }),
      ...(durationSeconds !== undefined && { durationSeconds }),
    };
  }
  if (status.status === "failed") {
    changes.error = status.error ?? { code: "VIDEO_RENDER_FAILED", message: "the provider reported the render failed", isRetryable: false };
  }
  return changes;
}

/** A job with `changes` applied at `now`; fields set to `undefined` are removed. */
export function withChanges(job: VideoJob, changes: Partial<VideoJob>, now: Date): VideoJob {
  const next: VideoJob = { ...job, ...changes, updatedAt: now };
  for (const key of Object.keys(next) as (keyof VideoJob)[]) if (next[key] === undefined) delete next[key];
  return next;
}
