import { z } from "zod";
import { ApiCallError, ConfigError, isAbortError, ResponseValidationError, toValidationIssues, UndercurrentError } from "../errors.js";
import { type Clock, systemClock } from "../runtime/clock.js";
import { type Logger, silentLogger } from "../runtime/logger.js";
import type { RateLimitBudget } from "../schemas/health.js";
import { parseOptions } from "../validate.js";
import { HostLimiter, type HostLimits } from "./host-limiter.js";
import { readRateLimitBudget, waitRequestedByServer } from "./rate-limit-headers.js";
import { collectSecrets, redactText, redactUrl } from "./redact.js";

declare const __UNDERCURRENT_CORE_VERSION__: string;

/** Version of `@undercurrent/core`, as sent in the User-Agent (set at build time; `0.0.0-dev` when run from source). */
export const coreVersion: string = typeof __UNDERCURRENT_CORE_VERSION__ === "string" ? __UNDERCURRENT_CORE_VERSION__ : "0.0.0-dev";

const hostLimitsSchema = z.strictObject({
  concurrency: z.number().int().positive().default(4),
  requestsPerInterval: z.number().int().positive().optional(),
  intervalMs: z.number().int().positive().default(1_000),
});

export const httpClientOptionsSchema = z.strictObject({
  /** Product token of the calling package, e.g. `@undercurrent/sources-github/0.1.0`. */
  userAgent: z.string().min(1).optional(),
  /** Contact or app name appended to the User-Agent (Reddit asks for one). */
  userAgentSuffix: z.string().min(1).optional(),
  fetch: z.custom<typeof globalThis.fetch>((value) => typeof value === "function", "expected a fetch function").optional(),
  headers: z.record(z.string(), z.string()).default({}),
  timeoutMs: z.number().int().positive().default(15_000),
  retries: z.number().int().min(0).max(10).default(3),
  minBackoffMs: z.number().int().nonnegative().default(500),
  maxBackoffMs: z.number().int().positive().default(30_000),
  maxRetryAfterMs: z.number().int().nonnegative().default(60_000),
  defaultHostLimits: hostLimitsSchema.default({ concurrency: 4, intervalMs: 1_000 }),
  hosts: z.record(z.string(), hostLimitsSchema).default({}),
  secrets: z.array(z.string()).default([]),
  clock: z.custom<Clock>((value) => typeof value === "object" && value !== null && "now" in value && "sleep" in value).optional(),
  logger: z.custom<Logger>((value) => typeof value === "object" && value !== null && "warn" in value).optional(),
  random: z.custom<() => number>((value) => typeof value === "function").optional(),
});

const isZodSchema = (value: unknown) =>
  typeof value === "object" && value !== null && typeof (value as { safeParse?: unknown }).safeParse === "function";

const requestOptionsSchema = z.strictObject({
  method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]).optional(),
  headers: z
    .union([z.record(z.string(), z.string().optional()), z.custom<() => unknown>((value) => typeof value === "function")])
    .optional(),
  query: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.undefined()])).optional(),
  json: z.unknown().optional(),
  body: z.union([z.string(), z.instanceof(URLSearchParams), z.instanceof(Uint8Array)]).optional(),
  responseType: z.enum(["json", "text", "none"]).optional(),
  schema: z.custom<z.ZodType>(isZodSchema, "expected a zod schema").optional(),
  signal: z.instanceof(AbortSignal, { message: "expected an AbortSignal" }).optional(),
  timeoutMs: z.number().int().positive().optional(),
  retries: z.number().int().min(0).max(10).optional(),
  acceptStatuses: z.array(z.number().int().min(100).max(599)).optional(),
  retryNonIdempotent: z.boolean().optional(),
  secrets: z.array(z.string()).optional(),
  userAgent: z.string().min(1).optional(),
});

/** Options of {@link createHttpClient}. */
export type HttpClientOptions = z.input<typeof httpClientOptionsSchema>;

/** Headers for one request, or a function resolving them at request time (so secrets are read late). */
export type HeadersInput =
  | Record<string, string | undefined>
  | (() => Record<string, string | undefined> | Promise<Record<string, string | undefined>>);

/** Options of one request. */
export interface HttpRequestOptions<Schema extends z.ZodType = z.ZodType> {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD";
  headers?: HeadersInput;
  /** Added to the URL's query; `undefined` values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON with `content-type: application/json`. */
  json?: unknown;
  /** Sent as is. */
  body?: string | URLSearchParams | Uint8Array;
  /** How to read the body: `json` (default when a schema is given), `text`, or `none`. */
  responseType?: "json" | "text" | "none";
  /** Validates the parsed body; a mismatch is a `ResponseValidationError` with the path. */
  schema?: Schema;
  signal?: AbortSignal;
  timeoutMs?: number;
  retries?: number;
  /** Statuses returned as a response rather than thrown (e.g. 304 for conditional requests). */
  acceptStatuses?: readonly number[];
  /** Retry POST/PATCH too. Defaults to true only when an `Idempotency-Key` header is set. */
  retryNonIdempotent?: boolean;
  /** Extra secret values to keep out of errors and logs. */
  secrets?: readonly string[];
  /** The calling package's product token, put before the client's User-Agent, e.g. `@undercurrent/sources-reddit/0.1.0`. */
  userAgent?: string;
}

/** A response after status checks, parsing and validation. */
export interface HttpResponse<T> {
  data: T;
  status: number;
  headers: Headers;
  /** Final URL after redirects, secrets redacted. */
  url: string;
  /** Whether the request was redirected (a moved feed or endpoint). */
  redirected: boolean;
}

/** The HTTP helper every plugin uses. */
export interface HttpClient {
  /** Sends a request with timeouts, retries, per-host limits and validation. */
  request<Schema extends z.ZodType = z.ZodType<unknown>>(
    url: string,
    options?: HttpRequestOptions<Schema>,
  ): Promise<HttpResponse<z.output<Schema>>>;
  /** GET and parse JSON, validated with `schema`. */
  getJson<Schema extends z.ZodType>(url: string, options: HttpRequestOptions<Schema> & { schema: Schema }): Promise<z.output<Schema>>;
  /** GET a text body (RSS, HTML). */
  getText(url: string, options?: HttpRequestOptions): Promise<string>;
  /** The last rate-limit budget a host announced. */
  rateLimit(host: string): RateLimitBudget | undefined;
  /** The User-Agent sent with every request. */
  readonly userAgent: string;
}

const idempotentMethods = new Set(["GET", "HEAD", "PUT", "DELETE"]);
const maxErrorBodyLength = 2_000;

function buildUrl(url: string, query: HttpRequestOptions["query"]): string {
  const parsed = new URL(url);
  if (!query) return url;
  for (const [name, value] of Object.entries(query)) if (value !== undefined) parsed.searchParams.set(name, String(value));
  return parsed.toString();
}

/** "fetch failed (ENOTFOUND api.example.com)": undici hides the reason in the cause. */
function networkFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error ? (error.cause as { code?: unknown; hostname?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === "string" ? cause.code : undefined;
  return code ? `${message} (${code}${typeof cause?.hostname === "string" ? ` ${cause.hostname}` : ""})` : message;
}

/** Reads a body as text in the charset its content-type names (UTF-8 when none or unknown). */
async function decodeBody(response: Response): Promise<string> {
  const charset = /charset="?([^";]+)"?/i.exec(response.headers.get("content-type") ?? "")?.[1]?.trim();
  const bytes = await response.arrayBuffer();
  try {
    return new TextDecoder(charset ?? "utf-8").decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

function pickHeaders(headers: Headers): Record<string, string> {
  const picked: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (/ratelimit|rate-limit|retry-after|request-id|x-github-request-id|content-type/i.test(name)) picked[name] = value;
  });
  return picked;
}

/**
 * Creates the HTTP helper: timeouts, `AbortSignal`, retries with exponential backoff and full jitter
 * for retryable failures only, `Retry-After` and rate-limit reset headers honoured, per-host
 * concurrency and request-rate limits, zod-validated responses, a versioned User-Agent, and secrets
 * kept out of errors and logs.
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const settings = parseOptions(httpClientOptionsSchema, options, "createHttpClient");
  const clock = settings.clock ?? systemClock;
  const logger = settings.logger ?? silentLogger;
  const random = settings.random ?? Math.random;
  const userAgent = [settings.userAgent, `undercurrent-core/${coreVersion}`, settings.userAgentSuffix].filter(Boolean).join(" ");
  const limiters = new Map<string, HostLimiter>();
  const budgets = new Map<string, RateLimitBudget>();

  const limiterFor = (host: string) => {
    let limiter = limiters.get(host);
    if (!limiter) {
      const limits: HostLimits = settings.hosts[host] ?? settings.defaultHostLimits;
      limiter = new HostLimiter(limits, clock);
      limiters.set(host, limiter);
    }
    return limiter;
  };

  const backoff = (attempt: number) => {
    const ceiling = Math.min(settings.maxBackoffMs, settings.minBackoffMs * 2 ** attempt);
    return Math.round(settings.minBackoffMs / 2 + random() * (ceiling - settings.minBackoffMs / 2));
  };

  async function attempt(
    url: string,
    init: RequestInit,
    request: HttpRequestOptions,
    secrets: readonly string[],
  ): Promise<HttpResponse<unknown>> {
    const fetchFunction = settings.fetch ?? globalThis.fetch;
    const safeUrl = redactText(redactUrl(url), secrets);
    const timeoutMs = request.timeoutMs ?? settings.timeoutMs;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout.signal]) : timeout.signal;
    const method = init.method ?? "GET";
    const host = new URL(url).host;
    let response: Response;
    try {
      response = await fetchFunction(url, { ...init, signal });
    } catch (error) {
      clearTimeout(timer);
      if (request.signal?.aborted) throw request.signal.reason;
      const timedOut = timeout.signal.aborted;
      throw new ApiCallError({
        code: timedOut ? "TIMEOUT" : "NETWORK_ERROR",
        message: timedOut
          ? `${method} ${safeUrl} timed out after ${timeoutMs} ms`
          : `${method} ${safeUrl} failed: ${redactText(networkFailure(error), secrets)}`,
        url: safeUrl,
        method,
        isRetryable: true,
        cause: timedOut ? undefined : error,
      });
    }
    try {
      const now = clock.now();
      const budget = readRateLimitBudget(response.headers, now);
      if (budget) budgets.set(host, budget);
      const accepted = request.acceptStatuses?.includes(response.status) ?? false;
      if (!response.ok && !accepted) {
        const body = redactText((await response.text().catch(() => "")).slice(0, maxErrorBodyLength), secrets);
        const wait = waitRequestedByServer(response.headers, now);
        // 403 with an exhausted budget (GitHub's primary limit) or with Retry-After (its secondary limit) is a rate limit.
        const rateLimited =
          response.status === 429 || (response.status === 403 && (budget?.remaining === 0 || response.headers.has("retry-after")));
        if (wait !== undefined && rateLimited) limiterFor(host).blockUntil(now + wait);
        throw new ApiCallError({
          code: rateLimited ? "RATE_LIMITED" : `HTTP_${response.status}`,
          message: `${method} ${safeUrl} returned ${response.status}${response.statusText ? ` ${response.statusText}` : ""}${
            body ? `: ${body.slice(0, 300)}` : ""
          }`,
          url: safeUrl,
          method,
          statusCode: response.status,
          responseBody: body,
          responseHeaders: pickHeaders(response.headers),
          ...(wait !== undefined && { retryAfterMs: wait }),
          ...(rateLimited && { isRetryable: true }),
        });
      }
      const responseType = request.responseType ?? (request.schema ? "json" : "text");
      let data: unknown;
      if (responseType === "none" || response.status === 204 || response.status === 304) {
        data = undefined;
        await response.body?.cancel();
      } else {
        const text = await decodeBody(response);
        if (responseType === "json") {
          try {
            data = JSON.parse(text);
          } catch {
            const contentType = response.headers.get("content-type") ?? "unknown content type";
            throw new ResponseValidationError({
              code: "RESPONSE_NOT_JSON",
              url: safeUrl,
              contentType,
              issues: [
                {
                  path: "",
                  message: `expected JSON, got ${contentType}: ${redactText(text.slice(0, 120), secrets).replace(/\s+/g, " ")}`,
                },
              ],
              // No cause: the parser's message quotes the body unredacted.
            });
          }
        } else {
          data = text;
        }
      }
      if (request.schema && data !== undefined) {
        const parsed = request.schema.safeParse(data);
        if (!parsed.success) {
          throw new ResponseValidationError({ url: safeUrl, issues: toValidationIssues(parsed.error.issues) });
        }
        data = parsed.data;
      }
      const finalUrl = response.url ? redactText(redactUrl(response.url), secrets) : safeUrl;
      return { data, status: response.status, headers: response.headers, url: finalUrl, redirected: response.redirected };
    } catch (error) {
      if (request.signal?.aborted && isAbortError(error)) throw request.signal.reason;
      if (timeout.signal.aborted && !UndercurrentError.isInstance(error)) {
        throw new ApiCallError({
          code: "TIMEOUT",
          message: `${method} ${safeUrl} timed out after ${timeoutMs} ms while reading the body`,
          url: safeUrl,
          method,
          isRetryable: true,
        });
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * When a host's last answer said its budget is spent until a reset, requests wait for the reset (the limiter
   * holds them) if it is near, and fail at once with RATE_LIMITED and `retryAfterMs` if it is not.
   */
  function holdBackIfBudgetSpent(host: string, method: string, url: string, secrets: readonly string[]): void {
    const budget = budgets.get(host);
    if (budget?.remaining !== 0 || !budget.resetAt) return;
    const wait = budget.resetAt.getTime() - clock.now();
    if (wait <= 0) return;
    if (wait <= settings.maxRetryAfterMs) {
      limiterFor(host).blockUntil(budget.resetAt.getTime());
      return;
    }
    const safeUrl = redactText(redactUrl(url), secrets);
    throw new ApiCallError({
      code: "RATE_LIMITED",
      message: `${method} ${safeUrl} not sent: the rate-limit budget of ${host} is spent until ${budget.resetAt.toISOString()}`,
      url: safeUrl,
      method,
      retryAfterMs: wait,
      isRetryable: true,
    });
  }

  async function request(url: string, options: HttpRequestOptions = {}): Promise<HttpResponse<unknown>> {
    parseOptions(requestOptionsSchema, options, "request");
    const request = options; // validated as is: parsing would copy the schema and signal objects
    let fullUrl: string;
    try {
      fullUrl = buildUrl(url, request.query);
    } catch (error) {
      throw new ConfigError({
        context: "request",
        issues: [{ path: "url", message: `expected an absolute URL, got "${String(url).split("?")[0]}"` }],
        cause: error,
      });
    }
    const host = new URL(fullUrl).host;
    const method = request.method ?? (request.json !== undefined || request.body !== undefined ? "POST" : "GET");
    const resolvedHeaders = typeof request.headers === "function" ? await request.headers() : (request.headers ?? {});
    const headers = new Headers({
      "user-agent": request.userAgent ? `${request.userAgent} ${userAgent}` : userAgent,
      accept: "application/json, */*;q=0.5",
      ...settings.headers,
    });
    for (const [name, value] of Object.entries(resolvedHeaders)) if (value !== undefined) headers.set(name, value);
    let body: RequestInit["body"];
    if (request.json !== undefined) {
      headers.set("content-type", "application/json");
      body = JSON.stringify(request.json);
    } else if (request.body !== undefined) {
      body = request.body as RequestInit["body"];
    }
    const secrets = collectSecrets(fullUrl, headers, [...settings.secrets, ...(request.secrets ?? [])]);
    const canRetry = request.retryNonIdempotent ?? (idempotentMethods.has(method) || headers.has("idempotency-key"));
    const retries = canRetry ? (request.retries ?? settings.retries) : 0;
    const limiter = limiterFor(host);
    holdBackIfBudgetSpent(host, method, fullUrl, secrets);
    for (let attemptNumber = 0; ; attemptNumber++) {
      try {
        return await limiter.run(() => attempt(fullUrl, { method, headers, body }, request, secrets), request.signal);
      } catch (error) {
        if (!ApiCallError.isInstance(error) || !error.isRetryable || attemptNumber >= retries) throw error;
        const wait = error.retryAfterMs ?? backoff(attemptNumber);
        if (wait > settings.maxRetryAfterMs) throw error; // the caller reschedules; we don't block for that long
        logger.warn("http: retrying", {
          url: error.url,
          status: error.statusCode,
          code: error.code,
          attempt: attemptNumber + 1,
          waitMs: wait,
        });
        await clock.sleep(wait, request.signal);
      }
    }
  }

  return {
    userAgent,
    request: request as HttpClient["request"],
    async getJson(url, options) {
      return (await request(url, { ...options, responseType: "json" })).data as never;
    },
    async getText(url, options = {}) {
      return (await request(url, { ...options, responseType: "text" })).data as string;
    },
    rateLimit: (host) => budgets.get(host),
  };
}
