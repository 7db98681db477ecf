/**
 * `@undercurrent/video-heygen`: the Undercurrent `VideoProvider` on HeyGen's v3 API (avatar looks, voices, renders
 * with idempotent creates, bulk status, templates, balance and cost estimates, webhook endpoints and signature
 * verification), and `createHeyGenMockServer`, a faithful loopback mock of the v3 endpoints it uses.
 *
 * @packageDocumentation
 */
export type { HeyGenLook, HeyGenVideo, HeyGenVoice, HeyGenWebhookPayload } from "./heygen-api.js";
export { HeyGenApiError, type HeyGenErrorCode, heyGenErrorCodes, mapHeyGenError, readHeyGenError } from "./heygen-error.js";
export { toLanguageTag, toRenderStatus, toVideoAvatar, toVideoVoice } from "./heygen-mapping.js";
export {
  type HeyGenRenderRequest,
  type HeyGenRenderRequestInput,
  heyGenAspectRatios,
  heyGenEngines,
  heyGenMaxAudioSeconds,
  heyGenMaxScriptCharacters,
  heyGenRenderRequestSchema,
  heyGenResolutions,
  toCreateVideoBody,
} from "./heygen-render-request.js";
export { createHeyGenVideoProvider } from "./heygen-video-provider.js";
export {
  type HeyGenPricing,
  type HeyGenVideoProviderOptions,
  heyGenDefaultPricing,
  heyGenDefaults,
  heyGenEnvironmentVariables,
  heyGenVideoProviderOptionsSchema,
  type WebhookEventLedger,
} from "./heygen-video-provider-options.js";
export type {
  HeyGenBalance,
  HeyGenCatalogueOptions,
  HeyGenCostEstimate,
  HeyGenPreflight,
  HeyGenTemplate,
  HeyGenTemplateRenderInput,
  HeyGenTemplateSummary,
  HeyGenVideoProvider,
  HeyGenWebhookEndpoint,
} from "./heygen-video-provider-types.js";
export {
  createMemoryWebhookEventLedger,
  type HeyGenWebhookEvent,
  type HeyGenWebhookSignedPayload,
  signHeyGenWebhook,
  webhookResponseStatus,
} from "./heygen-webhook.js";
export { createHeyGenWebhookHandler, type HeyGenWebhookHandlerOptions } from "./heygen-webhook-handler.js";
export type { MockLook, MockTemplate, MockVoice } from "./mock/heygen-mock-catalogue.js";
export { mockLooks, mockTemplates, mockVoices } from "./mock/heygen-mock-catalogue.js";
export { type HeyGenMockFaults, type HeyGenMockServerOptions, heyGenMockServerOptionsSchema } from "./mock/heygen-mock-options.js";
export type { HeyGenMockCounters } from "./mock/heygen-mock-routes.js";
export { createHeyGenMockServer, type HeyGenMockRequestRecord, type HeyGenMockServer } from "./mock/heygen-mock-server.js";
export type { MockWebhookDelivery, MockWebhookEvent } from "./mock/heygen-mock-webhooks.js";
