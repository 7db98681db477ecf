import type { AspectRatio, VideoJob } from "@undercurrent/core";
import type { CampaignPlan } from "./campaign-plan.js";
import type { VideoPlatform } from "./platform-formats.js";
import { runVideoBatch } from "./video-batch.js";
import type { VideoBatchItem, VideoBatchReport, VideoBatchSettings } from "./video-batch-options.js";

/** The batch items of a plan: one per render, with draft ids `<video id>/<aspect ratio>`. */
export function campaignBatchItems(plan: CampaignPlan): VideoBatchItem[] {
  return plan.videos.flatMap((video) =>
    video.renders.map((render) => ({ draftId: `${video.id}/${render.aspectRatio}`, request: render.request })),
  );
}

/** Options of {@link runVideoCampaign}: the batch settings, with the batch id defaulting to `campaign:<plan id>`. */
export interface RunVideoCampaignOptions extends Omit<VideoBatchSettings, "batchId"> {
  plan: CampaignPlan;
  batchId?: string;
}

/** A rendered (or partly rendered) campaign. */
export interface VideoCampaignReport {
  planId: string;
  batch: VideoBatchReport;
  /** Per planned video: its renders with their ledger jobs, and when to publish it where. */
  videos: {
    videoId: string;
    angle: string;
    avatarId: string;
    renders: { aspectRatio: AspectRatio; platforms: VideoPlatform[]; job: VideoJob }[];
    publishAt: { platform: VideoPlatform; at: Date }[];
  }[];
}

/**
 * Renders a campaign plan as one batch (see {@link runVideoBatch}: budget, concurrency, retries, ledger, QA gate,
 * resume). Running it again with the same plan resumes it without paying twice.
 */
export async function runVideoCampaign(options: RunVideoCampaignOptions): Promise<VideoCampaignReport> {
  const { plan, batchId, ...settings } = options;
  const items = campaignBatchItems(plan);
  const batch = await runVideoBatch({ ...settings, batchId: batchId ?? `campaign:${plan.id}`, items });
  const jobs = new Map(batch.jobs.map((job) => [job.id, job]));
  let item = 0;
  const videos = plan.videos.map((video) => ({
    videoId: video.id,
    angle: video.angle,
    avatarId: video.avatar.avatarId,
    renders: video.renders.map((render) => ({
      aspectRatio: render.aspectRatio,
      platforms: render.platforms,
      job: jobs.get(batch.itemJobIds[item++] as string) as VideoJob,
    })),
    publishAt: video.publishAt,
  }));
  return { planId: plan.id, batch, videos };
}
