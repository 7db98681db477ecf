import {
  type CampaignBriefInput,
  type CampaignPlan,
  campaignBatchItems,
  estimateVideoBatch,
  planVideoCampaign,
  runVideoCampaign,
  type VideoBatchEvent,
  type VideoCampaignReport,
} from "@undercurrent/content";
import type { VideoProvider } from "@undercurrent/core";
import { createSqliteStore } from "@undercurrent/store-sqlite";
import { createHeyGenMockServer, createHeyGenVideoProvider, type HeyGenMockServer } from "@undercurrent/video-heygen";

/** Options of {@link runCampaignExample}. */
export interface CampaignExampleOptions {
  brief: CampaignBriefInput;
  /** The SQLite file holding the job ledger (run again with the same file to resume). */
  storePath: string;
  /** `HEYGEN_API_KEY` renders on HeyGen; without it a local HeyGen mock renders offline. */
  env: Readonly<Record<string, string | undefined>>;
  /** Refuse to start when the estimate is above this (the provider's unit: USD for HeyGen). */
  maxCost: number;
  /** Where lines go. */
  log: (line: string) => void;
  /** An already running mock (tests share one across runs); a fresh one otherwise. */
  mock?: HeyGenMockServer;
  signal?: AbortSignal;
}

/** What the example did. */
export interface CampaignExampleResult {
  plan: CampaignPlan;
  report: VideoCampaignReport;
  provider: "heygen" | "heygen-mock";
}

/**
 * Plans a multi-avatar campaign, checks its cost against a budget, renders the first two videos as a QA sample,
 * approves them, renders the rest, and prints where each video goes and when.
 */
export async function runCampaignExample(options: CampaignExampleOptions): Promise<CampaignExampleResult> {
  const { log } = options;
  const apiKey = options.env.HEYGEN_API_KEY?.trim();
  const mock = apiKey
    ? undefined
    : (options.mock ?? (await createHeyGenMockServer({ renderTiming: { pendingMs: 200, processingMs: 600 } })));
  const provider: VideoProvider = mock
    ? createHeyGenVideoProvider({ apiKey: mock.apiKey, baseURL: mock.url })
    : createHeyGenVideoProvider({ apiKey });
  const store = createSqliteStore({ path: options.storePath });
  try {
    log(mock ? `Rendering offline on the HeyGen mock at ${mock.url}` : "Rendering on HeyGen (HEYGEN_API_KEY is set)");

    // 1. Plan: angles, one presenter per kind of video, the same key messages everywhere, publishing dates.
    const signal = options.signal ? { signal: options.signal } : {};
    const catalogue = { avatars: await provider.listAvatars(signal), voices: await provider.listVoices(signal) };
    const plan = await planVideoCampaign(options.brief, { catalogue, ...signal });
    log(
      `Plan "${plan.id}": ${plan.videos.length} videos, ${plan.renderCount} renders, key messages in every video: ${plan.keyMessagesInEveryVideo}`,
    );
    for (const video of plan.videos) {
      const first = video.publishAt[0];
      log(
        `  ${video.id}  ${video.contentType.padEnd(12)}  ${video.angle}  — ${video.avatar.avatarName}, from ${first?.at.toISOString().slice(0, 10)}`,
      );
    }
    for (const warning of plan.warnings) log(`  note: ${warning}`);

    // 2. Budget: the estimate is checked before anything is spent (runVideoCampaign checks it again).
    const estimate = await estimateVideoBatch(provider, campaignBatchItems(plan), signal);
    log(`Estimated cost: ${estimate.amount} ${estimate.unit} (budget ${options.maxCost})`);

    // 3. Render: the first two as a QA sample, then the rest; retries, the credit breaker and the ledger are built in.
    let done = 0;
    const onEvent = (event: VideoBatchEvent) => {
      if (event.type === "job-completed" || event.type === "job-failed") {
        done++;
        log(
          `  [${done}/${event.progress.total}] ${event.job.draftId} ${event.job.status}${event.job.error ? ` (${event.job.error.code})` : ""}`,
        );
      }
      if (event.type === "qa-gate-waiting")
        log(`QA sample ready: ${event.jobs.map((job) => job.result?.videoUrl ?? job.status).join(", ")}`);
    };
    const report = await runVideoCampaign({
      plan,
      provider,
      store,
      maxCost: options.maxCost,
      onEvent,
      qaGate: { count: 2, approve: (jobs) => jobs.every((job) => job.status === "completed") },
      polling: mock ? { initialIntervalMs: 200, maxIntervalMs: 1_000 } : { initialIntervalMs: 10_000, maxIntervalMs: 30_000 },
      ...signal,
    });
    const { batch } = report;
    log(
      `Batch ${batch.batchId}: ${batch.completed} completed, ${batch.failed} failed, ${batch.queued + batch.rendering} not done, ${batch.startsThisRun} starts this run`,
    );
    for (const video of report.videos) {
      for (const render of video.renders) {
        log(
          `  ${video.videoId} ${render.aspectRatio.padEnd(4)} ${render.platforms.join("+").padEnd(24)} ${render.job.result?.videoUrl ?? render.job.status}`,
        );
      }
    }
    return { plan, report, provider: mock ? "heygen-mock" : "heygen" };
  } finally {
    await store.close();
    if (mock && !options.mock) await mock.close();
  }
}
