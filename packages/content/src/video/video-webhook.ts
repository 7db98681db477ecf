import {
  type Clock,
  type EventBus,
  parseInput,
  parseOptions,
  type Store,
  systemClock,
  type UndercurrentEvents,
  type VideoJob,
  type VideoJobStatus,
  type VideoWebhookEvent,
  videoJobSchema,
} from "@undercurrent/core";
import { z } from "zod";
import { changesForRenderStatus, withChanges } from "./render-status-changes.js";
import { inTransaction, isTerminalJob } from "./video-ledger.js";

/** Options of {@link applyVideoWebhook}. */
export interface ApplyVideoWebhookOptions {
  /** Only jobs of this provider match (the id of the provider that verified the delivery). Default: any provider. */
  providerId?: string;
  /** Only jobs of this batch are searched. Default: the whole ledger. */
  batchId?: string;
  /** Gets core's `video-job-updated` when a job changes; a running batch listening on the same bus wakes at once. */
  events?: EventBus<UndercurrentEvents>;
  /** Sets the job's `updatedAt`. Default: the system clock. */
  clock?: Clock;
}

/**
 * What {@link applyVideoWebhook} did with an event:
 * - `applied`: the job moved to the status the event reports (`previousStatus` says from where);
 * - `already-recorded`: the ledger already says this (a duplicate delivery, or a poll got there first);
 * - `ignored`: no job has this render (`reason: "unknown-job"`), or the job is finished and the event says something
 *   else (`reason: "job-finished"`: a finished job never changes again).
 */
export type VideoWebhookResult =
  | { outcome: "applied"; eventId: string; providerJobId: string; job: VideoJob; previousStatus: VideoJobStatus; message: string }
  | { outcome: "already-recorded"; eventId: string; providerJobId: string; job: VideoJob; message: string }
  | { outcome: "ignored"; reason: "unknown-job"; eventId: string; providerJobId: string; message: string }
  | { outcome: "ignored"; reason: "job-finished"; eventId: string; providerJobId: string; job: VideoJob; message: string };

const eventSchema = z.object({
  eventId: z.string().min(1),
  type: z.string(),
  render: z.object({
    providerJobId: z.string(),
    status: z.enum(["pending", "completed", "failed"]),
    progress: z.number().optional(),
    // The same result and error a job in the ledger holds.
    result: videoJobSchema.shape.result,
    error: videoJobSchema.shape.error,
  }),
});

const storeSchema = z.custom<Store>(
  (value) =>
    typeof value === "object" &&
    value !== null &&
    ["getVideoJob", "putVideoJob", "listVideoJobs"].every((method) => typeof (value as Record<string, unknown>)[method] === "function"),
  { message: "expected a Store (an object with getVideoJob, putVideoJob, listVideoJobs)" },
);

const optionsSchema = z.strictObject({
  providerId: z.string().min(1).optional(),
  batchId: z.string().trim().min(1).optional(),
  events: z
    .custom<EventBus<UndercurrentEvents>>(
      (value) => typeof value === "object" && value !== null && typeof (value as { emit?: unknown }).emit === "function",
      { message: "expected an EventBus" },
    )
    .optional(),
  clock: z
    .custom<Clock>((value) => typeof value === "object" && value !== null && typeof (value as { now?: unknown }).now === "function", {
      message: "expected a Clock",
    })
    .optional(),
});

const openStatuses: readonly VideoJobStatus[] = ["queued", "pending"];
const finishedStatuses: readonly VideoJobStatus[] = ["completed", "failed", "cancelled"];

/**
 * Records a verified webhook event (what `provider.verifyWebhook` returned) in the job ledger: the job whose
 * `providerJobId` is the event's render moves to `completed` (with the video's URLs) or `failed` (with the
 * provider's reason), in one store transaction. A running batch then takes the job from the ledger instead of polling
 * the provider for it (at its next poll, or at once when it shares `events`).
 *
 * Safe to call for every delivery: a duplicate finds the job already recorded (`already-recorded`), an event for a
 * render no job holds is `ignored` with `reason: "unknown-job"`, and a finished job never goes back or changes its
 * outcome (`ignored`, `reason: "job-finished"`). A bad store is a `ConfigError` naming `store`; an event that is not
 * a `VideoWebhookEvent` is a `ValidationError` naming the field (`event.render.status`…).
 *
 * The event must come from `verifyWebhook` (signature, timestamp window and event-id dedupe are the provider's
 * job): this function trusts what the event says.
 */
export async function applyVideoWebhook(
  store: Store,
  event: VideoWebhookEvent,
  options: ApplyVideoWebhookOptions = {},
): Promise<VideoWebhookResult> {
  const ledger = parseOptions(storeSchema, store, "applyVideoWebhook", "store");
  const { eventId, render } = parseInput(eventSchema, event, "applyVideoWebhook", "event");
  const settings = parseOptions(optionsSchema, options, "applyVideoWebhook");
  const clock = settings.clock ?? systemClock;
  const providerJobId = render.providerJobId;
  const base = { eventId, providerJobId };

  const result = await inTransaction(ledger, async (transaction): Promise<VideoWebhookResult> => {
    const job = providerJobId === "" ? undefined : await findJob(transaction, providerJobId, settings);
    if (!job) {
      const message =
        providerJobId === ""
          ? `event ${eventId} names no render; nothing to record`
          : `no job in the ledger has render ${providerJobId}${settings.providerId ? ` of ${settings.providerId}` : ""}; nothing recorded (a batch that has not recorded the render yet will poll it)`;
      return { outcome: "ignored", reason: "unknown-job", ...base, message };
    }
    if (job.status === render.status) {
      return { outcome: "already-recorded", ...base, job, message: `job ${job.id} is already ${job.status}` };
    }
    if (isTerminalJob(job)) {
      return {
        outcome: "ignored",
        reason: "job-finished",
        ...base,
        job,
        message: `job ${job.id} is ${job.status}; a finished job is not changed to ${render.status}`,
      };
    }
    const next = withChanges(job, changesForRenderStatus(render), new Date(clock.now()));
    await transaction.putVideoJob(next);
    return { outcome: "applied", ...base, job: next, previousStatus: job.status, message: `job ${job.id}: ${job.status} → ${next.status}` };
  });
  if (result.outcome === "applied") settings.events?.emit("video-job-updated", { job: result.job });
  return result;
}

/** The job holding render `providerJobId`: open jobs are searched first, then finished ones (for duplicates). */
async function findJob(
  store: Store,
  providerJobId: string,
  settings: { providerId?: string | undefined; batchId?: string | undefined },
): Promise<VideoJob | undefined> {
  for (const status of [openStatuses, finishedStatuses]) {
    const jobs = await store.listVideoJobs({ status, ...(settings.batchId !== undefined && { batchId: settings.batchId }) });
    const job = jobs.find(
      (candidate) =>
        candidate.providerJobId === providerJobId && (settings.providerId === undefined || candidate.provider === settings.providerId),
    );
    if (job) return job;
  }
  return undefined;
}
