import { ConfigError, type Logger, parseOptions, silentLogger } from "@undercurrent/core";
import OpenAI from "openai";
import { z } from "zod";

/** Where requests go and which key they carry when neither an option nor an environment variable says otherwise. */
export const openAIDefaults = {
  baseURL: "https://api.openai.com/v1",
} as const;

/** The environment variables read at call time (when the matching option is not given). */
export const openAIEnvironmentVariables = {
  apiKey: "OPENAI_API_KEY",
  baseURL: "OPENAI_BASE_URL",
} as const;

/** An API key, or a function returning one (called before every request, e.g. to read a rotating secret). */
export type OpenAIApiKey = string | (() => string | Promise<string>);

/** One request's token usage and cost, as reported to `onUsage`. */
export interface OpenAIUsageReport {
  /** `embed` for embeddings, `generate` for chat completions (a repair retry is a second report). */
  operation: "embed" | "generate";
  /** Model that answered, as the API names it (e.g. `gpt-4.1-mini-2025-04-14`). */
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** Cost in US dollars, absent when the price table has no entry for the model. */
  costUsd?: number;
}

/** Running totals since the object was created. */
export interface OpenAIUsageTotals {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  /** Sum of the costs of the requests whose model had a price. */
  costUsd: number;
  /** Requests whose model had no price (their cost is not in `costUsd`). */
  unpricedRequests: number;
}

/** Connection options shared by {@link createOpenAIEmbedder} and {@link createOpenAITextGenerator}. */
export interface OpenAIConnectionOptions {
  /**
   * The API key, or a function returning it. Read when a request is made, never at creation; defaults to the
   * `OPENAI_API_KEY` environment variable. Never logged or put in errors.
   */
  apiKey?: OpenAIApiKey;
  /** API root. Defaults to the `OPENAI_BASE_URL` environment variable, then `https://api.openai.com/v1`. */
  baseURL?: string;
  /** `OpenAI-Organization` header. */
  organization?: string;
  /** `OpenAI-Project` header. */
  project?: string;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
  /** A `fetch` implementation (a proxy agent, a test double). Defaults to the global one. */
  fetch?: typeof fetch;
  /** Time allowed for one HTTP attempt, in milliseconds. Defaults to 60000. */
  timeoutMs?: number;
  /**
   * Retries the openai SDK makes on 408, 409, 429 and 5xx and connection errors (it honours `retry-after`).
   * Defaults to 2; set 0 when a caller (a job queue, the pipeline) does its own retrying.
   */
  maxRetries?: number;
  /** Receives one report per request with tokens and cost. */
  onUsage?: (report: OpenAIUsageReport) => void;
  /** Debug lines (batches, repairs). Never receives the key or the texts. Defaults to silent. */
  logger?: Logger;
}

const isFunction = (value: unknown) => typeof value === "function";

const baseUrlSchema = z
  .url({ protocol: /^https?$/, error: "expected an absolute http(s) URL, e.g. https://api.openai.com/v1" })
  .transform((value) => value.replace(/\/+$/, ""));

/** The zod shape of {@link OpenAIConnectionOptions}, spread into each factory's strict schema. */
export const openAIConnectionShape = {
  apiKey: z
    .union([z.string().trim().min(1), z.custom<() => string | Promise<string>>(isFunction)], {
      error: "expected a non-empty string or a function returning one",
    })
    .optional(),
  baseURL: baseUrlSchema.optional(),
  organization: z.string().trim().min(1).optional(),
  project: z.string().trim().min(1).optional(),
  headers: z.record(z.string(), z.string()).default({}),
  fetch: z.custom<typeof fetch>(isFunction, { error: "expected a fetch function" }).optional(),
  timeoutMs: z.number().int().positive().max(600_000, "expected at most 600000 ms (10 minutes)").default(60_000),
  maxRetries: z.number().int().min(0).max(10).default(2),
  onUsage: z.custom<(report: OpenAIUsageReport) => void>(isFunction, { error: "expected a function" }).optional(),
  logger: z
    .custom<Logger>((value) => typeof value === "object" && value !== null && isFunction((value as Logger).debug), {
      error: "expected a logger with debug, info, warn and error methods",
    })
    .default(silentLogger),
};

const connectionSchema = z.object(openAIConnectionShape);
/** Connection settings after validation. */
export type OpenAIConnectionSettings = z.output<typeof connectionSchema>;

/** Validates `options` with a factory's strict schema (a bad option is a `ConfigError` naming the field). */
export function parseFactoryOptions<Schema extends z.ZodType>(schema: Schema, options: unknown, context: string): z.output<Schema> {
  return parseOptions(schema, options ?? {}, context);
}

/** The API root a request goes to: option, then `OPENAI_BASE_URL`, then the default. */
export function resolveBaseURL(settings: OpenAIConnectionSettings, context: string, environment = process.env): string {
  if (settings.baseURL) return settings.baseURL;
  const value = environment[openAIEnvironmentVariables.baseURL]?.trim();
  if (!value) return openAIDefaults.baseURL;
  const parsed = baseUrlSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ConfigError({
    context,
    issues: [{ path: openAIEnvironmentVariables.baseURL, message: "expected an absolute http(s) URL" }],
  });
}

/** Reads the API key now: option (or its function), then `OPENAI_API_KEY`. A missing key is a `ConfigError`. */
export async function resolveApiKey(settings: OpenAIConnectionSettings, context: string, environment = process.env): Promise<string> {
  const option = settings.apiKey;
  const value = typeof option === "function" ? await option() : (option ?? environment[openAIEnvironmentVariables.apiKey]);
  const key = typeof value === "string" ? value.trim() : "";
  if (key) return key;
  throw new ConfigError({
    context,
    code: "OPENAI_API_KEY_MISSING",
    issues: [
      {
        path: "apiKey",
        message:
          typeof option === "function"
            ? "the apiKey function returned no key"
            : `missing: pass options.apiKey or set the ${openAIEnvironmentVariables.apiKey} environment variable`,
      },
    ],
  });
}

/** A client for one call, carrying the key read just before it. The SDK's own logging is off (it could print headers). */
export function createClient(settings: OpenAIConnectionSettings, apiKey: string, baseURL: string): OpenAI {
  return new OpenAI({
    apiKey,
    baseURL,
    ...(settings.organization && { organization: settings.organization }),
    ...(settings.project && { project: settings.project }),
    defaultHeaders: settings.headers,
    timeout: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    logLevel: "off",
    ...(settings.fetch && { fetch: settings.fetch }),
  });
}

/** Keeps running totals and forwards each report to `onUsage`. */
export function createUsageMeter(onUsage: ((report: OpenAIUsageReport) => void) | undefined) {
  const totals: OpenAIUsageTotals = { requests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, unpricedRequests: 0 };
  return {
    record(report: OpenAIUsageReport): void {
      totals.requests += 1;
      totals.inputTokens += report.inputTokens;
      totals.outputTokens += report.outputTokens;
      if (report.costUsd === undefined) totals.unpricedRequests += 1;
      else totals.costUsd += report.costUsd;
      onUsage?.(report);
    },
    totals: (): OpenAIUsageTotals => ({ ...totals }),
  };
}
