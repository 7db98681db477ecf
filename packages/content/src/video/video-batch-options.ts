import type { Clock, EventBus, Store, UndercurrentEvents, VideoJob, VideoProvider, VideoRenderRequestInput } from "@undercurrent/core";
import { z } from "zod";

/** One render of a batch. */
export interface VideoBatchItem {
  /** What the render is for, e.g. `video-3/tiktok`; kept as the job's `draftId`. */
  draftId?: string;
  /** The provider request. It is normalised before it is hashed and sent (see `normalizeRenderRequest`). */
  request: VideoRenderRequestInput;
}

/** Counts of a batch's jobs by state, sent with every {@link VideoBatchEvent}. */
export interface VideoBatchProgress {
  batchId: string;
  /** Jobs in the batch. */
  total: number;
  /** Not started yet (or stopped before the provider accepted them). */
  queued: number;
  /** Accepted by the provider, not finished. */
  rendering: number;
  completed: number;
  failed: number;
  /** Starts sent in this run (a replayed idempotency key included). */
  startsThisRun: number;
}

/** What happened in a batch. Every event carries the counts after it. */
export type VideoBatchEvent =
  | { type: "batch-estimated"; progress: VideoBatchProgress; estimatedCost: number; unit: string }
  | { type: "job-started"; progress: VideoBatchProgress; job: VideoJob }
  | { type: "job-retrying"; progress: VideoBatchProgress; job: VideoJob; delayMs: number; error: NonNullable<VideoJob["error"]> }
  | { type: "job-completed"; progress: VideoBatchProgress; job: VideoJob }
  | { type: "job-failed"; progress: VideoBatchProgress; job: VideoJob }
  | { type: "qa-gate-waiting"; progress: VideoBatchProgress; jobs: VideoJob[] }
  | { type: "qa-gate-decided"; progress: VideoBatchProgress; approved: boolean; reason?: string }
  | { type: "circuit-opened"; progress: VideoBatchProgress; job: VideoJob; error: NonNullable<VideoJob["error"]> };

/** The decision of a QA gate's `approve` callback. */
export type QaDecision = boolean | { approved: boolean; reason?: string };

const functionSchema = <T>(name: string) =>
  z.custom<T>((value) => typeof value === "function", { message: `expected ${name} to be a function` });

const objectWith = <T>(methods: readonly string[], what: string) =>
  z.custom<T>(
    (value) =>
      typeof value === "object" &&
      value !== null &&
      methods.every((method) => typeof (value as Record<string, unknown>)[method] === "function"),
    { message: `expected ${what} (an object with ${methods.join(", ")})` },
  );

/** Validates the settings shared by {@link runVideoBatch} and {@link resumeVideoBatch}. */
export const videoBatchSettingsSchema = z.strictObject({
  provider: objectWith<VideoProvider>(["start", "status", "estimateCost"], "a VideoProvider"),
  store: objectWith<Store>(["putVideoJob", "getVideoJob", "listVideoJobs"], "a Store"),
  /** The batch's id in the ledger. Running the same id again resumes it. */
  batchId: z.string().trim().min(1).max(200),
  /** Renders in flight at once. Default: the provider's `maxConcurrentRenders`, else 3; never above the provider's. */
  concurrency: z.number().int().min(1).max(1000).optional(),
  /** Largest total estimated cost (in the provider's unit) the batch may reach; checked before anything starts. */
  maxCost: z.number().nonnegative().optional(),
  /** Mixed into every idempotency key: give a new namespace to render the same content again on purpose. */
  idempotencyNamespace: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{0,64}$/, "expected up to 64 characters from A-Z a-z 0-9 _ . : -")
    .default(""),
  retry: z
    .strictObject({
      /** Attempts of a start in one run before the job fails (retryable errors only); a later run tries it again. */
      maxAttempts: z.number().int().min(1).max(50).default(6),
      initialDelayMs: z.number().int().min(0).default(1_000),
      maxDelayMs: z.number().int().min(0).default(60_000),
    })
    .default({ maxAttempts: 6, initialDelayMs: 1_000, maxDelayMs: 60_000 }),
  polling: z
    .strictObject({
      initialIntervalMs: z.number().int().min(1).default(5_000),
      maxIntervalMs: z.number().int().min(1).default(30_000),
      /** Interval growth per poll. */
      factor: z.number().min(1).max(10).default(1.5),
      /** A render still not done after this long (in this run) is left `pending` with `VIDEO_RENDER_TIMEOUT`; a resume polls it again. */
      timeoutMs: z
        .number()
        .int()
        .min(1)
        .default(45 * 60_000),
    })
    .default({ initialIntervalMs: 5_000, maxIntervalMs: 30_000, factor: 1.5, timeoutMs: 45 * 60_000 }),
  /** Render the first `count` jobs, then continue only when `approve` says so. */
  qaGate: z
    .strictObject({
      count: z.number().int().min(1),
      approve: functionSchema<(jobs: VideoJob[]) => QaDecision | Promise<QaDecision>>("qaGate.approve"),
    })
    .optional(),
  /** Receives every batch event (progress bars, logs). A throwing listener does not stop the batch. */
  onEvent: functionSchema<(event: VideoBatchEvent) => void>("onEvent").optional(),
  /** Gets a `video-job-updated` event for every ledger write. */
  events: objectWith<EventBus<UndercurrentEvents>>(["emit"], "an EventBus").optional(),
  /** Stops the batch: renders in flight stay in the ledger and a later run polls them instead of starting them again. */
  signal: z.custom<AbortSignal>((value) => value instanceof AbortSignal, { message: "expected an AbortSignal" }).optional(),
  clock: objectWith<Clock>(["now", "sleep"], "a Clock").optional(),
  /** Overrides which errors open the circuit breaker (default: `isInsufficientCreditError`). */
  isInsufficientCredit: functionSchema<(error: unknown) => boolean>("isInsufficientCredit").optional(),
  /** Random numbers in [0, 1) for retry jitter (tests pass a fixed one). */
  random: functionSchema<() => number>("random").optional(),
});

/** Settings of a batch run, as passed in. */
export type VideoBatchSettings = z.input<typeof videoBatchSettingsSchema>;
/** Settings of a batch run, with defaults filled in. */
export type ResolvedVideoBatchSettings = z.output<typeof videoBatchSettingsSchema>;

/** Options of {@link runVideoBatch}: the settings plus the renders. */
export interface RunVideoBatchOptions extends VideoBatchSettings {
  /** The renders; identical requests render once. */
  items: readonly VideoBatchItem[];
}

/** Options of {@link resumeVideoBatch}: the settings; the renders come from the ledger. */
export type ResumeVideoBatchOptions = VideoBatchSettings;

/** Where a batch ended. */
export interface VideoBatchReport {
  batchId: string;
  /** Every job of the batch, in item order, as last written to the ledger. */
  jobs: VideoJob[];
  /** The job id of each item, in item order (identical items share a job). */
  itemJobIds: string[];
  total: number;
  completed: number;
  failed: number;
  /** Still rendering (the run was stopped, or a render timed out and will be polled on resume). */
  rendering: number;
  /** Never started (circuit breaker, QA gate rejected). */
  queued: number;
  /** Starts sent in this run. */
  startsThisRun: number;
  /** Items whose request was identical to an earlier item's: rendered once. (A job of another batch with the same content is reused too: its `batchId` tells.) */
  duplicateItems: number;
  estimatedCost: { amount: number; unit: string };
  /** Why the run ended before every job was terminal, if it did. */
  stoppedReason?: "insufficient-credit" | "qa-rejected";
  /** Settings that were adjusted (a concurrency above the provider's limit). */
  warnings: string[];
}
