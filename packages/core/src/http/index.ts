export type { HostLimits } from "./host-limiter.js";
export {
  coreVersion,
  createHttpClient,
  type HeadersInput,
  type HttpClient,
  type HttpClientOptions,
  type HttpRequestOptions,
  type HttpResponse,
  httpClientOptionsSchema,
} from "./http-client.js";
export { parseResetHeader, parseRetryAfter, readRateLimitBudget } from "./rate-limit-headers.js";
export { redacted, redactText, redactUrl } from "./redact.js";
