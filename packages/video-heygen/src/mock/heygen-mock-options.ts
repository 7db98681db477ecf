import { parseOptions } from "@undercurrent/core";
import { z } from "zod";
import type { MockLook, MockTemplate, MockVoice } from "./heygen-mock-catalogue.js";

/** Fault injection rates (each 0–1, drawn per request from a seeded generator). */
export interface HeyGenMockFaults {
  /** Share of requests answered 500/502/503 (a 502 with an HTML body, not an envelope). */
  serverErrorRate?: number;
  /** Share of requests held open for `hangMs`, then dropped (a client timeout). */
  timeoutRate?: number;
  /** Share of requests answered 429 `rate_limit_exceeded` with `Retry-After: retryAfterSeconds`. */
  rateLimitRate?: number;
  /** `Retry-After` of injected 429s, in seconds. Defaults to 1. */
  retryAfterSeconds?: number;
  /** How long a "timeout" holds the request before dropping the connection. Defaults to 10 000 ms. */
  hangMs?: number;
  /**
   * Share of injected 5xx and timeouts on creates that happen after the render was created and charged (the
   * response is lost; only an idempotent retry avoids paying twice). Defaults to 0.5.
   */
  lostResponseShare?: number;
  /** Share of webhook events delivered twice (receivers must dedupe). Defaults to 0. */
  webhookDuplicateRate?: number;
  /** Which requests faults hit: every request, or only creates (`POST /v3/videos`, template renders). Defaults to `all`. */
  routes?: "all" | "creates";
}

const rate = z.number().min(0, "expected a rate from 0 to 1").max(1, "expected a rate from 0 to 1");

/** The schema faults are validated with. */
export const heyGenMockFaultsSchema = z.strictObject({
  serverErrorRate: rate.default(0),
  timeoutRate: rate.default(0),
  rateLimitRate: rate.default(0),
  retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
  hangMs: z.number().int().positive().max(600_000).default(10_000),
  lostResponseShare: rate.default(0.5),
  webhookDuplicateRate: rate.default(0),
  routes: z.enum(["all", "creates"]).default("all"),
});

/** Options of {@link createHeyGenMockServer}. */
export interface HeyGenMockServerOptions {
  /** The only API key accepted (`X-Api-Key` or `Authorization: Bearer`). Defaults to `heygen-mock-key`. */
  apiKey?: string;
  /** Interface to listen on. Defaults to `127.0.0.1`. */
  host?: string;
  /** Port; 0 (the default) picks a free one. */
  port?: number;
  /** Time source (epoch ms). Defaults to `Date.now`; `advance(ms)` moves the mock's time forward on top of it. */
  clock?: { now(): number };
  /** Renders running at once before creates get 429 (HeyGen pay-as-you-go: 10). */
  concurrency?: number;
  /** Wallet balance in USD. Defaults to 1000. */
  balanceUsd?: number;
  /** How long a render stays `pending`, then `processing`. Defaults to 1000 ms and 3000 ms. */
  renderTiming?: { pendingMs?: number; processingMs?: number };
  /** Share of renders that end `failed` (seeded). Defaults to 0. */
  renderFailureRate?: number;
  /** Renders whose script contains this text fail. */
  failWhenScriptIncludes?: string;
  /** Real-time delay while a create is handled (its key is `request_in_progress` meanwhile). Defaults to 0. */
  createLatencyMs?: number;
  /** Injected faults. */
  faults?: HeyGenMockFaults;
  /** Most items per page whatever the `limit` asked (to exercise pagination). */
  maxPageSize?: number;
  /** Secret per-video `callback_url` deliveries are signed with. Defaults to `whsec_mock_callback_secret`. */
  callbackSecret?: string;
  /** What signatures cover: the raw body (default) or `timestamp.body`. */
  webhookSignedPayload?: "body" | "timestamp.body";
  /** Attempts per webhook delivery (retried on non-2xx or network errors). Defaults to 3. */
  webhookAttempts?: number;
  /** Seed of the fault and failure generator. Defaults to 1. */
  seed?: number;
  /** USD per output second by look type (standard, 4K). Defaults to HeyGen's self-serve prices. */
  pricePerSecond?: Partial<Record<"photo_avatar" | "digital_twin" | "studio_avatar", { standard: number; "4k": number }>>;
  /** Catalogue overrides. */
  looks?: MockLook[];
  voices?: MockVoice[];
  templates?: MockTemplate[];
}

const price = z.strictObject({ standard: z.number().nonnegative(), "4k": z.number().nonnegative() });

/** The schema `createHeyGenMockServer` validates its options with. */
export const heyGenMockServerOptionsSchema = z.strictObject({
  apiKey: z.string().min(1).default("heygen-mock-key"),
  host: z.string().min(1).default("127.0.0.1"),
  port: z.number().int().min(0).max(65_535).default(0),
  clock: z
    .custom<{ now(): number }>(
      (value) => typeof value === "object" && value !== null && typeof (value as { now?: unknown }).now === "function",
      "expected { now() }",
    )
    .optional(),
  concurrency: z.number().int().positive().max(1_000).default(10),
  balanceUsd: z.number().nonnegative().default(1_000),
  renderTiming: z
    .strictObject({ pendingMs: z.number().int().nonnegative().default(1_000), processingMs: z.number().int().nonnegative().default(3_000) })
    .default({ pendingMs: 1_000, processingMs: 3_000 }),
  renderFailureRate: rate.default(0),
  failWhenScriptIncludes: z.string().min(1).optional(),
  createLatencyMs: z.number().int().nonnegative().max(60_000).default(0),
  faults: heyGenMockFaultsSchema.default(heyGenMockFaultsSchema.parse({})),
  maxPageSize: z.number().int().positive().optional(),
  callbackSecret: z.string().min(1).default("whsec_mock_callback_secret"),
  webhookSignedPayload: z.enum(["body", "timestamp.body"]).default("body"),
  webhookAttempts: z.number().int().min(1).max(10).default(3),
  seed: z.number().int().default(1),
  pricePerSecond: z
    .strictObject({
      photo_avatar: price.default({ standard: 0.05, "4k": 0.0667 }),
      digital_twin: price.default({ standard: 0.0667, "4k": 0.0833 }),
      studio_avatar: price.default({ standard: 0.0667, "4k": 0.0833 }),
    })
    .default({
      photo_avatar: { standard: 0.05, "4k": 0.0667 },
      digital_twin: { standard: 0.0667, "4k": 0.0833 },
      studio_avatar: { standard: 0.0667, "4k": 0.0833 },
    }),
  looks: z.array(z.custom<MockLook>((value) => typeof value === "object" && value !== null && "id" in value)).optional(),
  voices: z.array(z.custom<MockVoice>((value) => typeof value === "object" && value !== null && "voice_id" in value)).optional(),
  templates: z.array(z.custom<MockTemplate>((value) => typeof value === "object" && value !== null && "id" in value)).optional(),
});

/** Mock options after validation and defaults. */
export type HeyGenMockSettings = z.output<typeof heyGenMockServerOptionsSchema>;

/** Validates mock options (a bad one is a `ConfigError` naming the field). */
export function parseHeyGenMockOptions(options: unknown): HeyGenMockSettings {
  return parseOptions(heyGenMockServerOptionsSchema, options ?? {}, "createHeyGenMockServer");
}

/** A small seeded generator (mulberry32), so fault runs repeat. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
