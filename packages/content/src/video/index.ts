export { angleFor, contentTypesForGoal } from "./campaign-angles.js";
export {
  type CampaignBrief,
  type CampaignBriefInput,
  type CampaignContentType,
  campaignBriefSchema,
  campaignContentTypeSchema,
} from "./campaign-brief.js";
export {
  type CampaignAvatarAssignment,
  type CampaignPlan,
  type CampaignRender,
  type CampaignVideo,
  type PlanVideoCampaignOptions,
  planVideoCampaign,
} from "./campaign-plan.js";
export { campaignBatchItems, type RunVideoCampaignOptions, runVideoCampaign, type VideoCampaignReport } from "./campaign-run.js";
export { normalizeRenderRequest, renderIdempotencyKey, stableJson } from "./idempotency-key.js";
export {
  speakingSeconds,
  type VideoFormatOptions,
  type VideoPlatform,
  type VideoPlatformFormat,
  videoFormatFor,
  videoPlatformSchema,
} from "./platform-formats.js";
export { type RenderTrendVideoOptions, renderTrendVideo, type TrendVideoResult } from "./research-video.js";
export { estimateVideoBatch, resumeVideoBatch, runVideoBatch, type VideoBatchEstimate } from "./video-batch.js";
export { backoffDelay } from "./video-batch-executor.js";
export type {
  QaDecision,
  ResolvedVideoBatchSettings,
  ResumeVideoBatchOptions,
  RunVideoBatchOptions,
  VideoBatchEvent,
  VideoBatchItem,
  VideoBatchProgress,
  VideoBatchReport,
  VideoBatchSettings,
} from "./video-batch-options.js";
export { videoBatchSettingsSchema } from "./video-batch-options.js";
export { isInsufficientCreditError, type VideoErrorCode, videoErrorCodes } from "./video-errors.js";
export { isTerminalJob, videoJobIdFor } from "./video-ledger.js";
export { type ApplyVideoWebhookOptions, applyVideoWebhook, type VideoWebhookResult } from "./video-webhook.js";
export {
  createVideoWebhookReceiver,
  type VideoWebhookReceipt,
  type VideoWebhookReceiver,
  type VideoWebhookReceiverOptions,
} from "./video-webhook-receiver.js";
