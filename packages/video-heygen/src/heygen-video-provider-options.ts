import { type Clock, ConfigError, type Logger, parseOptions } from "@undercurrent/core";
import { z } from "zod";

/** Where requests go and what is read from the environment when no option says otherwise. */
export const heyGenDefaults = {
  baseURL: "https://api.heygen.com",
  /** Renders HeyGen runs at once on a pay-as-you-go API plan (Enterprise: 20+ by contract). */
  maxConcurrentRenders: 10,
  /** How long avatar, voice and template catalogues are kept before being fetched again. */
  catalogueTtlMs: 10 * 60_000,
  /** HeyGen's webhook headers (all lower case; header lookup ignores case). */
  webhookHeaders: { signature: "heygen-signature", timestamp: "heygen-timestamp", eventId: "heygen-event-id" },
  /** Seconds a webhook's timestamp may differ from now. */
  webhookToleranceSeconds: 300,
} as const;

/** The environment variables the provider reads, each at the moment it needs the value. */
export const heyGenEnvironmentVariables = {
  apiKey: "HEYGEN_API_KEY",
  baseURL: "HEYGEN_BASE_URL",
  webhookSecret: "HEYGEN_WEBHOOK_SECRET",
} as const;

/**
 * Self-serve USD per output second (HeyGen pricing page, November 2026). Prices change: pass your own in
 * `pricing`. Keys are look types (`avatar_type`) and, for Avatar III, the engine.
 */
export const heyGenDefaultPricing = {
  unit: "usd",
  perSecond: {
    photo_avatar: { standard: 0.05, "4k": 0.0667 },
    digital_twin: { standard: 0.0667, "4k": 0.0833 },
    studio_avatar: { standard: 0.0667, "4k": 0.0833 },
    avatar_iii: { standard: 0.0167, "4k": 0.0167 },
  },
  /** Words spoken per minute, to turn a script into seconds. */
  wordsPerMinute: 150,
} as const;

const priceSchema = z.strictObject({ standard: z.number().nonnegative(), "4k": z.number().nonnegative() });

const pricingSchema = z.strictObject({
  unit: z.string().min(1).default(heyGenDefaultPricing.unit),
  perSecond: z
    .strictObject({
      photo_avatar: priceSchema.default(heyGenDefaultPricing.perSecond.photo_avatar),
      digital_twin: priceSchema.default(heyGenDefaultPricing.perSecond.digital_twin),
      studio_avatar: priceSchema.default(heyGenDefaultPricing.perSecond.studio_avatar),
      avatar_iii: priceSchema.default(heyGenDefaultPricing.perSecond.avatar_iii),
    })
    .default(heyGenDefaultPricing.perSecond),
  wordsPerMinute: z.number().positive().default(heyGenDefaultPricing.wordsPerMinute),
});

const baseUrlSchema = z
  .url({ protocol: /^https?$/, error: "expected an absolute http(s) URL, e.g. https://api.heygen.com" })
  .transform((value) => value.replace(/\/+$/, ""));

const headerNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9-]+$/, "expected an HTTP header name")
  .transform((value) => value.toLowerCase());

const clockSchema = z.custom<Clock>(
  (value) =>
    typeof value === "object" &&
    value !== null &&
    typeof (value as Clock).now === "function" &&
    typeof (value as Clock).sleep === "function",
  "expected a Clock ({ now(), sleep() })",
);

/** The seen-event-id memory `verifyWebhook` de-duplicates with; pass a persistent one to dedupe across restarts. */
export interface WebhookEventLedger {
  /** Records `eventId`; resolves `true` when it was new, `false` when it had been seen already. */
  remember(eventId: string): boolean | Promise<boolean>;
  /** Forgets `eventId`, so a redelivery is processed (called when handling the event failed). */
  forget?(eventId: string): void | Promise<void>;
}

/** The schema `createHeyGenVideoProvider` validates its options with. */
export const heyGenVideoProviderOptionsSchema = z.strictObject({
  apiKey: z.string().trim().min(1, "expected a non-empty API key").optional(),
  baseURL: baseUrlSchema.optional(),
  headers: z.record(z.string(), z.string()).default({}),
  fetch: z.custom<typeof globalThis.fetch>((value) => typeof value === "function", "expected a fetch function").optional(),
  clock: clockSchema.optional(),
  logger: z.custom<Logger>((value) => typeof value === "object" && value !== null && "warn" in value, "expected a Logger").optional(),
  timeoutMs: z.number().int().positive().default(30_000),
  retries: z.number().int().min(0).max(10).default(3),
  minBackoffMs: z.number().int().nonnegative().default(500),
  maxRetryAfterMs: z.number().int().nonnegative().default(30_000),
  requestInProgressWaitMs: z.number().int().nonnegative().max(60_000).default(1_000),
  requestConcurrency: z.number().int().positive().max(100).default(10),
  maxConcurrentRenders: z.number().int().positive().default(heyGenDefaults.maxConcurrentRenders),
  catalogueTtlMs: z.number().int().nonnegative().default(heyGenDefaults.catalogueTtlMs),
  validateIds: z.boolean().default(true),
  pricing: pricingSchema.default({
    unit: heyGenDefaultPricing.unit,
    perSecond: heyGenDefaultPricing.perSecond,
    wordsPerMinute: heyGenDefaultPricing.wordsPerMinute,
  }),
  webhookSecret: z
    .union([z.string().min(1, "expected a non-empty secret"), z.array(z.string().min(1)).min(1, "expected at least one secret")])
    .optional(),
  webhookHeaders: z
    .strictObject({
      signature: headerNameSchema.default(heyGenDefaults.webhookHeaders.signature),
      timestamp: headerNameSchema.default(heyGenDefaults.webhookHeaders.timestamp),
      eventId: headerNameSchema.default(heyGenDefaults.webhookHeaders.eventId),
    })
    .default(heyGenDefaults.webhookHeaders),
  webhookToleranceSeconds: z.number().positive().max(86_400).default(heyGenDefaults.webhookToleranceSeconds),
  webhookSignedPayload: z.enum(["body", "timestamp.body"], { error: "expected body or timestamp.body" }).default("body"),
  webhookEventLedger: z
    .custom<WebhookEventLedger>(
      (value) => typeof value === "object" && value !== null && typeof (value as WebhookEventLedger).remember === "function",
      "expected an object with remember(eventId)",
    )
    .optional(),
});

/** Per-second prices used by `estimateCost`. */
export interface HeyGenPricing {
  /** The unit prices are in, e.g. `usd` or `credits`. Defaults to `usd`. */
  unit?: string;
  /** Price per output second by look type, at standard (720p/1080p) and 4K resolution. */
  perSecond?: Partial<Record<"photo_avatar" | "digital_twin" | "studio_avatar" | "avatar_iii", { standard: number; "4k": number }>>;
  /** Speaking rate used to turn a script into seconds. Defaults to 150. */
  wordsPerMinute?: number;
}

/** Options of {@link createHeyGenVideoProvider}. */
export interface HeyGenVideoProviderOptions {
  /** HeyGen API key, sent as `X-Api-Key`. Defaults to `HEYGEN_API_KEY`, read when a request is made. */
  apiKey?: string;
  /** API root. Defaults to `HEYGEN_BASE_URL`, then `https://api.heygen.com`. Point it at the mock server in tests. */
  baseURL?: string;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
  /** The fetch to use. Defaults to the global one. */
  fetch?: typeof globalThis.fetch;
  /** Time source for retries, cache expiry and the webhook window. Defaults to the system clock. */
  clock?: Clock;
  /** Receives retry warnings (never secrets). */
  logger?: Logger;
  /** Per-request timeout. Defaults to 30 000 ms. */
  timeoutMs?: number;
  /** Retries of retryable failures (429, 5xx, timeouts, `request_in_progress`). Defaults to 3. */
  retries?: number;
  /** Smallest backoff between retries. Defaults to 500 ms. */
  minBackoffMs?: number;
  /** Longest `Retry-After` waited for inside a call; longer ones are thrown with `retryAfterMs`. Defaults to 30 000 ms. */
  maxRetryAfterMs?: number;
  /**
   * First wait before replaying a create HeyGen answered `request_in_progress` (the same key is still being handled);
   * doubled on each replay, up to `retries` replays. Defaults to 1000 ms.
   */
  requestInProgressWaitMs?: number;
  /** Requests in flight at once to the API host. Defaults to 10. */
  requestConcurrency?: number;
  /** Renders the plan runs at once (reported as `maxConcurrentRenders`). Defaults to 10 (pay-as-you-go). */
  maxConcurrentRenders?: number;
  /** How long avatar looks, voices and templates are cached. Defaults to 10 minutes; 0 disables the cache. */
  catalogueTtlMs?: number;
  /** Check the avatar and voice ids exist before creating a render. Defaults to `true`. */
  validateIds?: boolean;
  /** Prices for `estimateCost`. */
  pricing?: HeyGenPricing;
  /** The `whsec_…` secret(s) webhooks are signed with (several while rotating). Defaults to `HEYGEN_WEBHOOK_SECRET`. */
  webhookSecret?: string | string[];
  /** Webhook header names. Defaults to `Heygen-Signature`, `Heygen-Timestamp`, `Heygen-Event-Id`. */
  webhookHeaders?: { signature?: string; timestamp?: string; eventId?: string };
  /** How far a webhook's timestamp may be from now, in seconds. Defaults to 300. */
  webhookToleranceSeconds?: number;
  /** What is signed: the raw body (HeyGen's scheme as known) or `timestamp.body`. Defaults to `body`. */
  webhookSignedPayload?: "body" | "timestamp.body";
  /** Where seen webhook event ids are remembered. Defaults to an in-memory ledger of the last 10 000 ids. */
  webhookEventLedger?: WebhookEventLedger;
}

/** Options after validation and defaults (the API key, base URL and secret are resolved later). */
export type HeyGenVideoProviderSettings = z.output<typeof heyGenVideoProviderOptionsSchema>;

/** Validates options (a bad one is a `ConfigError` naming the field). */
export function parseHeyGenOptions(options: unknown): HeyGenVideoProviderSettings {
  return parseOptions(heyGenVideoProviderOptionsSchema, options ?? {}, "createHeyGenVideoProvider");
}

/** The API root: option, then `HEYGEN_BASE_URL`, then the default. Read when a request is made. */
export function resolveHeyGenBaseUrl(settings: HeyGenVideoProviderSettings, environment: NodeJS.ProcessEnv = process.env): string {
  if (settings.baseURL) return settings.baseURL;
  const value = environment[heyGenEnvironmentVariables.baseURL]?.trim();
  if (!value) return heyGenDefaults.baseURL;
  const parsed = baseUrlSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ConfigError({
    context: "createHeyGenVideoProvider",
    issues: [{ path: heyGenEnvironmentVariables.baseURL, message: "expected an absolute http(s) URL" }],
  });
}

/** The API key: option, then `HEYGEN_API_KEY`. Read when a request is made; a missing key is a `ConfigError`. */
export function resolveHeyGenApiKey(settings: HeyGenVideoProviderSettings, environment: NodeJS.ProcessEnv = process.env): string {
  const key = settings.apiKey ?? environment[heyGenEnvironmentVariables.apiKey]?.trim();
  if (key) return key;
  throw new ConfigError({
    context: "HeyGen",
    issues: [{ path: "options.apiKey", message: `missing: pass apiKey or set ${heyGenEnvironmentVariables.apiKey}` }],
  });
}

/** The webhook secrets: option, then `HEYGEN_WEBHOOK_SECRET`. A missing secret is a `ConfigError`. */
export function resolveHeyGenWebhookSecrets(settings: HeyGenVideoProviderSettings, environment: NodeJS.ProcessEnv = process.env): string[] {
  if (settings.webhookSecret) return typeof settings.webhookSecret === "string" ? [settings.webhookSecret] : settings.webhookSecret;
  const value = environment[heyGenEnvironmentVariables.webhookSecret]?.trim();
  if (value) return [value];
  throw new ConfigError({
    context: "verifyWebhook",
    issues: [{ path: "options.webhookSecret", message: `missing: pass webhookSecret or set ${heyGenEnvironmentVariables.webhookSecret}` }],
  });
}
