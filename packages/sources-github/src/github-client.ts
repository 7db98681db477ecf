import { ApiCallError, type RateLimitBudget, readRateLimitBudget, type SourceContext } from "@undercurrent/core";
import type { z } from "zod";
import { gitHubApiVersion, gitHubJsonMediaType } from "./github-api.js";
import { mapGitHubError } from "./github-error.js";
import { type GitHubSourceSettings, readEnvironment } from "./github-source-options.js";

declare const __UNDERCURRENT_SOURCES_GITHUB_VERSION__: string;

/** This package's product token for the User-Agent GitHub requires (the version is set at build time). */
export const gitHubUserAgent = `@undercurrent/sources-github/${
  typeof __UNDERCURRENT_SOURCES_GITHUB_VERSION__ === "string" ? __UNDERCURRENT_SOURCES_GITHUB_VERSION__ : "0.0.0-dev"
}`;

/** A GET against the GitHub API, within one pull. */
export interface GitHubClient {
  /** GETs `path` (under `baseURL`), validated with `schema`; GitHub's errors come back mapped by `mapGitHubError`. */
  get<Schema extends z.ZodType>(
    path: string,
    options: { schema: Schema; query?: Record<string, string | number>; accept?: string },
  ): Promise<{ data: z.output<Schema>; headers: Headers }>;
  /** The tightest budget GitHub announced in this pull (search and core are separate budgets), else the helper's last one. */
  rateLimit(): RateLimitBudget | undefined;
}

function requestHeaders(settings: GitHubSourceSettings, accept: string): Record<string, string> {
  // Read here, at request time, so a token set or rotated after creation is used and none is held longer.
  const token = settings.token ?? readEnvironment("GITHUB_TOKEN");
  return {
    accept: gitHubJsonMediaType,
    "x-github-api-version": gitHubApiVersion,
    ...settings.headers,
    ...(accept !== gitHubJsonMediaType && { accept }),
    ...(token && { authorization: `Bearer ${token}` }),
  };
}

function tightest(budgets: Iterable<RateLimitBudget>): RateLimitBudget | undefined {
  let best: RateLimitBudget | undefined;
  for (const budget of budgets) {
    if (!best || (budget.remaining ?? Number.POSITIVE_INFINITY) < (best.remaining ?? Number.POSITIVE_INFINITY)) best = budget;
  }
  return best;
}

/** A client for one pull: auth headers resolved per request, rate-limit budgets recorded per resource. */
export function createGitHubClient(settings: GitHubSourceSettings, context: SourceContext): GitHubClient {
  const budgets = new Map<string, RateLimitBudget>();
  const record = (headers: Headers) => {
    const budget = readRateLimitBudget(headers, context.clock.now());
    if (budget) budgets.set(headers.get("x-ratelimit-resource") ?? "core", budget);
  };
  return {
    async get(path, { schema, query, accept = gitHubJsonMediaType }) {
      try {
        const response = await context.http.request(`${settings.baseURL}${path}`, {
          schema,
          ...(query && { query }),
          signal: context.signal,
          userAgent: gitHubUserAgent,
          headers: () => requestHeaders(settings, accept),
        });
        record(response.headers);
        return { data: response.data, headers: response.headers };
      } catch (error) {
        if (ApiCallError.isInstance(error)) record(new Headers(error.responseHeaders));
        throw mapGitHubError(error);
      }
    },
    rateLimit: () => tightest(budgets.values()) ?? context.http.rateLimit(new URL(settings.baseURL).host),
  };
}
