import { type ApiCallError, type Clock, createHttpClient, parseInput } from "@undercurrent/core";
import type { z } from "zod";
import { pageSchema } from "./heygen-api.js";
import { HeyGenApiError, mapHeyGenError } from "./heygen-error.js";
import { idempotencyKeySchema } from "./heygen-render-request.js";
import { type HeyGenVideoProviderSettings, resolveHeyGenApiKey, resolveHeyGenBaseUrl } from "./heygen-video-provider-options.js";

const packageToken = "@undercurrent/video-heygen/0.1.0";
/** Most pages walked in one listing: a guard against a server that never says `has_more: false`. */
const maxPages = 200;

/** Options of one HeyGen call. */
export interface HeyGenCallOptions<Schema extends z.ZodType> {
  method?: "GET" | "POST" | "PATCH" | "DELETE";
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  schema?: Schema;
  signal?: AbortSignal;
  idempotencyKey?: string;
  /** Starts paid work (a render): sent through the create client. */
  paidCreate?: boolean;
}

/** The provider's HTTP access to HeyGen: one call, or every page of a list. */
export interface HeyGenClient {
  call<Schema extends z.ZodType>(path: string, options?: HeyGenCallOptions<Schema>): Promise<z.output<Schema>>;
  listAll<Item extends z.ZodType>(
    path: string,
    item: Item,
    query: Record<string, string | number | undefined>,
    signal?: AbortSignal,
  ): Promise<z.output<Item>[]>;
}

/** Validates an `Idempotency-Key` (a `ValidationError` naming `options.idempotencyKey`). */
export function checkIdempotencyKey(key: unknown, context: string): string {
  return parseInput(idempotencyKeySchema, key, context, "options.idempotencyKey");
}

/** A 404 re-coded as what was not found (`HEYGEN_AVATAR_NOT_FOUND`…); other errors as they are. */
export function notFoundAs(error: unknown, code: string, what: string): unknown {
  return HeyGenApiError.isInstance(error) && (error as ApiCallError).statusCode === 404
    ? (error as HeyGenApiError).withCode(code, { message: `${what} (HeyGen answered 404)`, isRetryable: false })
    : error;
}

/**
 * Core's HTTP helper set up for HeyGen: the key read at each request, errors mapped, `request_in_progress` waited
 * out, lists walked page by page. Creates get their own HTTP client: a 429 for the plan's render concurrency holds
 * back further creates until its Retry-After, but must not hold back status polls and catalogue reads.
 */
export function createHeyGenClient(settings: HeyGenVideoProviderSettings, clock: Clock): HeyGenClient {
  const newClient = () =>
    createHttpClient({
      userAgent: packageToken,
      ...(settings.fetch && { fetch: settings.fetch }),
      clock,
      ...(settings.logger && { logger: settings.logger }),
      headers: settings.headers,
      timeoutMs: settings.timeoutMs,
      retries: settings.retries,
      minBackoffMs: settings.minBackoffMs,
      maxRetryAfterMs: settings.maxRetryAfterMs,
      defaultHostLimits: { concurrency: settings.requestConcurrency, intervalMs: 1_000 },
    });
  const http = newClient();
  const createHttp = newClient();

  /**
   * One API call. A `request_in_progress` answer (the same Idempotency-Key still being handled) is waited out and
   * replayed, up to `retries` times, after the HTTP helper's own quick retries.
   */
  async function call<Schema extends z.ZodType>(path: string, callOptions: HeyGenCallOptions<Schema> = {}): Promise<z.output<Schema>> {
    for (let replay = 0; ; replay++) {
      try {
        return await callOnce(path, callOptions);
      } catch (error) {
        const inProgress = HeyGenApiError.isInstance(error) && (error as HeyGenApiError).code === "HEYGEN_REQUEST_IN_PROGRESS";
        if (!inProgress || !callOptions.idempotencyKey || replay >= settings.retries) throw error;
        await clock.sleep(settings.requestInProgressWaitMs * 2 ** replay, callOptions.signal);
      }
    }
  }

  async function callOnce<Schema extends z.ZodType>(path: string, callOptions: HeyGenCallOptions<Schema>): Promise<z.output<Schema>> {
    const url = `${resolveHeyGenBaseUrl(settings)}${path}`;
    try {
      const client = callOptions.paidCreate ? createHttp : http;
      const response = await client.request(url, {
        method: callOptions.method ?? (callOptions.json === undefined ? "GET" : "POST"),
        ...(callOptions.query && { query: callOptions.query }),
        ...(callOptions.json !== undefined && { json: callOptions.json }),
        ...(callOptions.schema ? { schema: callOptions.schema, responseType: "json" as const } : { responseType: "none" as const }),
        ...(callOptions.signal && { signal: callOptions.signal }),
        headers: () => {
          const apiKey = resolveHeyGenApiKey(settings);
          return { "x-api-key": apiKey, ...(callOptions.idempotencyKey && { "idempotency-key": callOptions.idempotencyKey }) };
        },
        ...(settings.apiKey && { secrets: [settings.apiKey] }),
      });
      return response.data as z.output<Schema>;
    } catch (error) {
      throw mapHeyGenError(error);
    }
  }

  async function listAll<Item extends z.ZodType>(
    path: string,
    item: Item,
    query: Record<string, string | number | undefined>,
    signal?: AbortSignal,
  ): Promise<z.output<Item>[]> {
    const items: z.output<Item>[] = [];
    const schema = pageSchema(item);
    let token: string | undefined;
    const seenTokens = new Set<string>();
    for (let page = 0; page < maxPages; page++) {
      const result = await call(path, { query: { ...query, token }, schema, ...(signal && { signal }) });
      items.push(...(result.data as z.output<Item>[]));
      const next = result.next_token ?? undefined;
      if (!result.has_more || !next || seenTokens.has(next)) break;
      seenTokens.add(next);
      token = next;
    }
    return items;
  }

  return { call, listAll };
}
