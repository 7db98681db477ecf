import { gitHubRepositorySchema, parseLinkHeader, searchRepositoriesResponseSchema, searchResultCap } from "./github-api.js";
import type { GitHubClient } from "./github-client.js";
import type { SearchState } from "./github-cursor.js";
import { type GitHubSearchSettings, searchQualifiers } from "./github-source-options.js";
import { emitRepository, isFull, type PullWork } from "./pull-work.js";

/** The date form search qualifiers take: ISO 8601 to the second, UTC. */
export function qualifierDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** The `q` of a search pass: `created:>=2025-05-01T00:00:00Z stars:>=50 language:rust topic:llm`. */
export function searchQuery(search: GitHubSearchSettings, windowStart: string): string {
  return [`${search.window}:>=${windowStart}`, ...searchQualifiers(search)].join(" ");
}

/** Validates entries one by one: a malformed entry becomes a warning, the rest of the page is kept. */
function validRepositories(entries: readonly unknown[], work: PullWork) {
  return entries.flatMap((entry, index) => {
    const parsed = gitHubRepositorySchema.safeParse(entry);
    if (parsed.success) return [parsed.data];
    const issue = parsed.error.issues[0];
    work.warnings.push(`skipped search result ${index}: ${issue?.path.join(".") || "(entry)"}: ${issue?.message ?? "invalid"}`);
    return [];
  });
}

/**
 * Continues (or, when due, starts) a pass over one search, sorted by stars, until the pull is full or the
 * pass ends. A pass keeps its window start and the ids it returned, so a restart resumes it without repeats;
 * an item cut off by `limit` is returned by the next pull from the same page. Resolves to true while the pass
 * goes on.
 */
export async function continueSearch(
  client: GitHubClient,
  key: string,
  search: GitHubSearchSettings,
  state: SearchState,
  work: PullWork,
  settings: { perPage: number; refreshIntervalMs: number },
): Promise<boolean> {
  if (!state.sweep) {
    if (state.nextSweepAt !== null && Date.parse(state.nextSweepAt) > work.now) return false;
    state.sweep = { windowStart: qualifierDate(work.since), startedAt: new Date(work.now).toISOString(), page: 1, seen: [] };
    state.nextSweepAt = null;
  }
  const sweep = state.sweep;
  while (!isFull(work)) {
    const { data, headers } = await client.get("/search/repositories", {
      schema: searchRepositoriesResponseSchema,
      query: { q: searchQuery(search, sweep.windowStart), sort: "stars", order: "desc", per_page: settings.perPage, page: sweep.page },
    });
    if (data.incomplete_results) work.warnings.push(`search "${key}" page ${sweep.page}: GitHub timed out and returned partial results`);
    const seen = new Set(sweep.seen);
    for (const repository of validRepositories(data.items, work)) {
      if (seen.has(repository.id)) continue;
      if (isFull(work)) return true;
      seen.add(repository.id);
      sweep.seen.push(repository.id);
      emitRepository(work, repository);
    }
    const reachedCap = sweep.page * settings.perPage >= searchResultCap;
    if (parseLinkHeader(headers.get("link")).next && !reachedCap) {
      sweep.page += 1;
      continue;
    }
    const total = data.total_count ?? 0;
    if (reachedCap && total > searchResultCap) {
      work.warnings.push(
        `search "${key}" matched ${total} repositories; GitHub returns only the first ${searchResultCap}, so narrow it with minStars, language or topic`,
      );
    }
    state.sweep = null;
    state.nextSweepAt = new Date(Date.parse(sweep.startedAt) + settings.refreshIntervalMs).toISOString();
    return false;
  }
  return true;
}
