import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { runVideoBatch, type VideoBatchItem, type VideoBatchReport } from "@undercurrent/content";
import { UndercurrentError, type VideoJob, type VideoProvider } from "@undercurrent/core";
import { createSqliteStore } from "@undercurrent/store-sqlite";
import { createHeyGenMockServer, createHeyGenVideoProvider, mockLooks } from "@undercurrent/video-heygen";

/** What the video bench runs. */
export interface VideoBenchSettings {
  /** Renders in the batch. */
  videos: number;
  /** Share of HTTP requests that get an injected fault, split evenly between 5xx, timeouts and 429s. */
  faultRate: number;
  /** The batch is killed right after this many start calls (the last one's answer is lost). */
  crashAfterStarts: number;
  /** The plan's concurrent renders (mock and provider). */
  concurrency: number;
  /** How long a mock render is pending, then processing. */
  pendingMs: number;
  processingMs: number;
  /** Share of renders the mock fails (they must end `failed` with a reason). */
  renderFailureRate: number;
  /** The provider's per-request timeout; injected timeouts hold a request longer than this. */
  requestTimeoutMs: number;
  seed: number;
}

/** The figures `bench/results/video.json` holds. */
export interface VideoBenchResults {
  generatedAt: string;
  node: string;
  settings: VideoBenchSettings;
  /** Renders in the batch. */
  jobs: number;
  /** Jobs that ended completed, or failed with a reason. */
  terminal: number;
  completed: number;
  failed: number;
  /** Failed jobs by error code. */
  failureReasons: Record<string, number>;
  /** Renders the mock charged whose content an earlier charged render already had. */
  duplicateRenders: number;
  /** Renders the mock charged. */
  paidRenders: number;
  /** From the first start to the last job terminal, both runs and the restart included. */
  wallSeconds: number;
  /** `ceil(videos / concurrency) × (pendingMs + processingMs)`: every slot busy, no fault, no polling delay. */
  idealSeconds: number;
  /** `wallSeconds / idealSeconds`. */
  wallOverIdeal: number;
  crash: {
    /** Start calls before the crash (retries included). */
    startsBeforeCrash: number;
    /** Jobs the ledger knew the provider had accepted at the crash. */
    acceptedAtCrash: number;
    /** Jobs written as attempted but without the provider's answer (lost in the crash). */
    inDoubtAtCrash: number;
    /** Start calls after the restart. */
    startsAfterRestart: number;
    /** Of those, starts of jobs the ledger already knew as accepted (must be 0: they are polled). */
    restartsOfAcceptedJobs: number;
    firstRunSeconds: number;
    resumeSeconds: number;
  };
  /** The mock's counters at the end. */
  mock: {
    createRequests: number;
    idempotentReplays: number;
    requestInProgress: number;
    concurrencyRejections: number;
    injectedServerErrors: number;
    injectedTimeouts: number;
    injectedRateLimits: number;
    peakConcurrentRenders: number;
    requests: number;
  };
  estimatedCost: { amount: number; unit: string };
}

/** Default settings of `pnpm bench:video`. */
export const defaultVideoBenchSettings: VideoBenchSettings = {
  videos: 100,
  faultRate: 0.1,
  crashAfterStarts: 40,
  concurrency: 10,
  pendingMs: 300,
  processingMs: 1_200,
  renderFailureRate: 0.03,
  requestTimeoutMs: 1_000,
  seed: 7,
};

/**
 * Renders `videos` avatar videos on the HeyGen mock with faults injected into every kind of request, kills the
 * batch right after the `crashAfterStarts`-th start (that start's answer is lost), reopens the SQLite ledger and a
 * fresh provider as a restarted process would, and resumes the batch.
 */
export async function runVideoBench(settings: VideoBenchSettings): Promise<VideoBenchResults> {
  const third = settings.faultRate / 3;
  const server = await createHeyGenMockServer({
    concurrency: settings.concurrency,
    renderTiming: { pendingMs: settings.pendingMs, processingMs: settings.processingMs },
    renderFailureRate: settings.renderFailureRate,
    seed: settings.seed,
    faults: {
      serverErrorRate: third,
      timeoutRate: third,
      rateLimitRate: third,
      retryAfterSeconds: 1,
      hangMs: settings.requestTimeoutMs + 500,
      lostResponseShare: 0.5,
      routes: "all",
    },
  });
  const directory = await mkdtemp(path.join(os.tmpdir(), "bench-video-"));
  const storePath = path.join(directory, "ledger.db");
  const newProvider = () =>
    createHeyGenVideoProvider({
      apiKey: server.apiKey,
      baseURL: server.url,
      maxConcurrentRenders: settings.concurrency,
      timeoutMs: settings.requestTimeoutMs,
      retries: 2,
      minBackoffMs: 100,
      maxRetryAfterMs: 5_000,
    });
  const look = mockLooks.find((candidate) => candidate.default_voice_id) ?? mockLooks[0];
  if (!look?.default_voice_id)
    throw new UndercurrentError({ code: "BENCH_NO_LOOK", message: "the mock catalogue has no look with a default voice" });
  const items: VideoBatchItem[] = Array.from({ length: settings.videos }, (_, index) => ({
    draftId: `video-${String(index + 1).padStart(3, "0")}`,
    request: {
      avatarId: look.id,
      voiceId: look.default_voice_id as string,
      script: `Trend brief ${index + 1}: three signals moved together this week, and here is what they mean for your team.`,
      aspectRatio: index % 3 === 0 ? "16:9" : "9:16",
      captions: true,
    },
  }));
  const batch = {
    batchId: "bench-video",
    items,
    concurrency: settings.concurrency,
    retry: { maxAttempts: 8, initialDelayMs: 200, maxDelayMs: 3_000 },
    polling: { initialIntervalMs: 150, maxIntervalMs: 600, factor: 1.5, timeoutMs: 10 * 60_000 },
  };

  try {
    const started = performance.now();
    // Run 1: killed right after the crashAfterStarts-th start reaches the provider.
    const crash = new AbortController();
    const crashReason = new DOMException(`simulated crash after start ${settings.crashAfterStarts}`, "AbortError");
    let startsBeforeCrash = 0;
    const crashing = wrapStarts(newProvider(), async (start) => {
      const call = ++startsBeforeCrash;
      if (call > settings.crashAfterStarts) {
        // The process is going down: nothing after the crashing start leaves it.
        startsBeforeCrash--;
        if (!crash.signal.aborted) await new Promise((resolve) => crash.signal.addEventListener("abort", resolve, { once: true }));
        throw crashReason;
      }
      if (call < settings.crashAfterStarts) return start();
      try {
        await start();
      } catch {
        // the crash loses this answer whatever it was
      }
      crash.abort(crashReason);
      throw crashReason;
    });
    const firstStore = createSqliteStore({ path: storePath });
    let crashed = false;
    try {
      await runVideoBatch({ ...batch, provider: crashing, store: firstStore, signal: crash.signal });
    } catch (error) {
      if (error !== crashReason) throw error;
      crashed = true;
    } finally {
      await firstStore.close();
    }
    const firstRunSeconds = (performance.now() - started) / 1000;

    // Run 2: a new process — a fresh provider and the ledger reopened from disk.
    const secondStore = createSqliteStore({ path: storePath });
    const ledger = await secondStore.listVideoJobs({ batchId: batch.batchId });
    const accepted = new Set(ledger.filter((job) => job.providerJobId).map((job) => job.idempotencyKey));
    const inDoubt = ledger.filter((job) => !job.providerJobId && job.attempts > 0 && job.status === "queued").length;
    let startsAfterRestart = 0;
    let restartsOfAcceptedJobs = 0;
    const resumed = wrapStarts(newProvider(), (start, key) => {
      startsAfterRestart++;
      if (accepted.has(key)) restartsOfAcceptedJobs++;
      return start();
    });
    const resumeStarted = performance.now();
    let report: VideoBatchReport;
    try {
      report = await runVideoBatch({ ...batch, provider: resumed, store: secondStore });
    } finally {
      await secondStore.close();
    }
    const finished = performance.now();

    const failureReasons: Record<string, number> = {};
    for (const job of report.jobs) {
      if (job.status === "failed")
        failureReasons[job.error?.code ?? "NO_REASON"] = (failureReasons[job.error?.code ?? "NO_REASON"] ?? 0) + 1;
    }
    const wallSeconds = (finished - started) / 1000;
    const idealSeconds = (Math.ceil(settings.videos / settings.concurrency) * (settings.pendingMs + settings.processingMs)) / 1000;
    const counters = server.counters;
    return {
      generatedAt: new Date().toISOString(),
      node: process.version,
      settings,
      jobs: report.total,
      terminal: report.jobs.filter(isTerminalWithReason).length,
      completed: report.completed,
      failed: report.failed,
      failureReasons,
      duplicateRenders: counters.duplicatePaidRenders,
      paidRenders: counters.paidRenders,
      wallSeconds: round(wallSeconds),
      idealSeconds: round(idealSeconds),
      wallOverIdeal: round(wallSeconds / idealSeconds),
      crash: {
        startsBeforeCrash: crashed ? startsBeforeCrash : -1,
        acceptedAtCrash: accepted.size,
        inDoubtAtCrash: inDoubt,
        startsAfterRestart,
        restartsOfAcceptedJobs,
        firstRunSeconds: round(firstRunSeconds),
        resumeSeconds: round((finished - resumeStarted) / 1000),
      },
      mock: {
        createRequests: counters.createRequests,
        idempotentReplays: counters.idempotentReplays,
        requestInProgress: counters.requestInProgress,
        concurrencyRejections: counters.concurrencyRejections,
        injectedServerErrors: counters.injectedServerErrors,
        injectedTimeouts: counters.injectedTimeouts,
        injectedRateLimits: counters.injectedRateLimits,
        peakConcurrentRenders: counters.peakConcurrentRenders,
        requests: counters.requests,
      },
      estimatedCost: report.estimatedCost,
    };
  } finally {
    await server.close();
    await rm(directory, { recursive: true, force: true });
  }
}

function isTerminalWithReason(job: VideoJob): boolean {
  return job.status === "completed" || (job.status === "failed" && job.error !== undefined && job.error.message.length > 0);
}

/** The provider with its `start` routed through `around` (which calls `start()` to send it). */
function wrapStarts(
  provider: VideoProvider,
  around: (start: () => ReturnType<VideoProvider["start"]>, idempotencyKey: string) => ReturnType<VideoProvider["start"]>,
): VideoProvider {
  return {
    ...provider,
    start: (request, options) => around(() => provider.start(request, options), options.idempotencyKey),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
