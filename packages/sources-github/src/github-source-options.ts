import { ConfigError, parseOptions } from "@undercurrent/core";
import { z } from "zod";

/** The public REST endpoint; GitHub Enterprise Server uses `https://HOST/api/v3`. */
export const defaultGitHubBaseURL = "https://api.github.com";

const baseURLSchema = z.url({ protocol: /^https?$/, error: "expected an http(s) URL" }).transform((url) => url.replace(/\/+$/, ""));

// GitHub language names: "Rust", "C++", "C#", "Jupyter Notebook", "Objective-C", "Vim Script"…
const languageSchema = z
  .string()
  .trim()
  .regex(/^[\w+#.' -]{1,50}$/, "expected a GitHub language name such as rust, c++ or Jupyter Notebook");

const topicSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,49}$/, "expected a GitHub topic: lowercase letters, digits and hyphens, at most 50 characters");

const repositoryNameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/, 'expected "owner/repository", e.g. "octo-labs/fastcache"');

/** One repository search: a created or pushed window, a star threshold, and optionally a language and a topic. */
export const gitHubSearchSchema = z.strictObject({
  window: z.enum(["created", "pushed"]).default("created"),
  minStars: z.number().int().nonnegative().default(50),
  language: languageSchema.optional(),
  topic: topicSchema.optional(),
});

/** The schema `createGitHubSource` validates its options with. */
export const gitHubSourceOptionsSchema = z
  .strictObject({
    token: z.string().trim().min(1, "expected a non-empty token").optional(),
    baseURL: baseURLSchema.optional(),
    headers: z.record(z.string(), z.string()).default({}),
    searches: z
      .array(gitHubSearchSchema)
      .max(20)
      .default(() => [{ window: "created" as const, minStars: 50 }]),
    watchedRepositories: z.array(repositoryNameSchema).max(100).default([]),
    perPage: z.number().int().min(1).max(100).default(100),
    maxStargazerPages: z.number().int().min(1).max(400).default(10),
    refreshIntervalMs: z
      .number()
      .int()
      .nonnegative()
      .default(10 * 60_000),
    pollIntervalMs: z
      .number()
      .int()
      .positive()
      .default(15 * 60_000),
  })
  .superRefine((options, context) => {
    if (options.searches.length === 0 && options.watchedRepositories.length === 0) {
      context.addIssue({ code: "custom", path: ["searches"], message: "expected at least one search or watched repository" });
    }
    const searchKeys = new Set<string>();
    options.searches.forEach((search, index) => {
      const key = searchKey(search);
      if (searchKeys.has(key)) context.addIssue({ code: "custom", path: ["searches", index], message: `duplicate search "${key}"` });
      searchKeys.add(key);
    });
    const names = new Set<string>();
    options.watchedRepositories.forEach((name, index) => {
      const key = name.toLowerCase();
      if (names.has(key))
        context.addIssue({ code: "custom", path: ["watchedRepositories", index], message: `duplicate repository "${name}"` });
      names.add(key);
    });
  });

/** Options of {@link createGitHubSource}. */
export interface GitHubSourceOptions {
  /**
   * A GitHub token (classic or fine-grained; no scopes are needed for public data), sent as `Authorization: Bearer …`.
   * Defaults to the `GITHUB_TOKEN` environment variable, read when each request is made. Without one the source
   * works anonymously at GitHub's lower limits (60 requests an hour, 10 searches a minute).
   */
  token?: string;
  /** API root. Defaults to the `GITHUB_API_URL` environment variable, then `https://api.github.com`. */
  baseURL?: string;
  /** Extra headers sent with every request (a proxy's credentials, for instance). */
  headers?: Record<string, string>;
  /**
   * Repository searches, sorted by stars. Each pass looks for repositories created (or pushed) since the
   * pipeline's look-back window began. Defaults to one search: created in the window with at least 50 stars.
   */
  searches?: GitHubSearch[];
  /** Repositories (`owner/name`) re-observed on every pass, whose star timelines become daily `stars` series. */
  watchedRepositories?: string[];
  /** Search results per page, 1–100. Defaults to 100. */
  perPage?: number;
  /** Stargazer pages (100 stars each) read per watched repository per pull. Defaults to 10. */
  maxStargazerPages?: number;
  /**
   * Least time between the starts of two passes over the same search or watched repository; pulls in between
   * only finish a pass in progress. Defaults to 10 minutes; 0 starts a new pass on every pull.
   */
  refreshIntervalMs?: number;
  /** How often the pipeline should pull, unless it is told otherwise. Defaults to 15 minutes. */
  pollIntervalMs?: number;
}

/** One repository search of {@link GitHubSourceOptions.searches}. */
export interface GitHubSearch {
  /** `created` finds new repositories, `pushed` active ones. Defaults to `created`. */
  window?: "created" | "pushed";
  /** Only repositories with at least this many stars. Defaults to 50. */
  minStars?: number;
  /** GitHub's `language:` qualifier, e.g. `rust` or `Jupyter Notebook`. */
  language?: string;
  /** GitHub's `topic:` qualifier, e.g. `llm`. */
  topic?: string;
}

/** A search after validation and defaults. */
export type GitHubSearchSettings = z.output<typeof gitHubSearchSchema>;

/** Options after validation, defaults and environment variables (the token is still read at request time). */
export type GitHubSourceSettings = Omit<z.output<typeof gitHubSourceOptionsSchema>, "baseURL"> & { baseURL: string };

function quoteIfSpaced(value: string): string {
  return /\s/.test(value) ? `"${value}"` : value;
}

/** The qualifiers of a search besides its date window: `stars:>=50 language:rust topic:llm`. */
export function searchQualifiers(search: GitHubSearchSettings): string[] {
  return [
    `stars:>=${search.minStars}`,
    ...(search.language ? [`language:${quoteIfSpaced(search.language)}`] : []),
    ...(search.topic ? [`topic:${search.topic}`] : []),
  ];
}

/** A search's key in the cursor: its window and qualifiers, e.g. `created stars:>=50 language:rust`. */
export function searchKey(search: GitHubSearchSettings): string {
  return [search.window, ...searchQualifiers(search)].join(" ");
}

/** Reads an environment variable where there is a `process` (Node, Bun, Deno); blank counts as unset. */
export function readEnvironment(name: string): string | undefined {
  const value = typeof process === "undefined" ? undefined : process.env[name]?.trim();
  return value ? value : undefined;
}

/** Validates the options and resolves settings: option, then environment variable, then default. */
export function resolveGitHubSettings(options: GitHubSourceOptions): GitHubSourceSettings {
  const parsed = parseOptions(gitHubSourceOptionsSchema, options, "createGitHubSource");
  if (parsed.baseURL !== undefined) return { ...parsed, baseURL: parsed.baseURL };
  const fromEnvironment = readEnvironment("GITHUB_API_URL");
  if (fromEnvironment === undefined) return { ...parsed, baseURL: defaultGitHubBaseURL };
  const checked = baseURLSchema.safeParse(fromEnvironment);
  if (!checked.success) {
    throw new ConfigError({
      context: "createGitHubSource",
      issues: [{ path: "GITHUB_API_URL", message: `expected an http(s) URL, got "${fromEnvironment}"` }],
    });
  }
  return { ...parsed, baseURL: checked.data };
}
