import { ApiCallError, type PullRequest, type PullResult, type Source, type SourceContext, UndercurrentError } from "@undercurrent/core";
import { createGitHubClient, type GitHubClient } from "./github-client.js";
import { type GitHubCursor, readCursor, watchedKey } from "./github-cursor.js";
import { gitHubSourceId, starPoints, toStarSeries } from "./github-mapping.js";
import { continueSearch } from "./github-search.js";
import { type GitHubSourceOptions, type GitHubSourceSettings, resolveGitHubSettings, searchKey } from "./github-source-options.js";
import { continueWatched } from "./github-watched.js";
import { createPullWork, hasResults, type PullWork } from "./pull-work.js";

/** Watched repositories first (few, asked for by name), then each search fills what `limit` leaves. */
async function gather(settings: GitHubSourceSettings, cursor: GitHubCursor, client: GitHubClient, work: PullWork): Promise<boolean> {
  let more = false;
  for (const name of settings.watchedRepositories) {
    const state = cursor.watched[watchedKey(name)]!;
    if (await continueWatched(client, state, work, settings)) more = true;
  }
  for (const search of settings.searches) {
    const key = searchKey(search);
    if (await continueSearch(client, key, search, cursor.searches[key]!, work, settings)) more = true;
  }
  return more;
}

function buildSeries(work: PullWork) {
  return [...work.stars.entries()].flatMap(([fullName, tally]) => {
    const points = starPoints(tally);
    return points.length > 0 ? [toStarSeries(fullName, points)] : [];
  });
}

/** A failure after something was gathered is returned as a degradation with what was gathered, so no call is repeated. */
function keepsPartialResult(error: unknown, work: PullWork): error is UndercurrentError {
  return UndercurrentError.isInstance(error) && error.isRetryable && hasResults(work);
}

/** When the tightest budget GitHub announced in this pull is spent: the time until it resets. */
function exhaustedFor(client: GitHubClient, now: number): number | undefined {
  const budget = client.rateLimit();
  const resetAt = budget?.resetAt === undefined ? undefined : new Date(budget.resetAt).getTime();
  if (budget?.remaining !== 0 || resetAt === undefined || resetAt <= now) return undefined;
  return resetAt - now;
}

async function pullGitHub(settings: GitHubSourceSettings, request: PullRequest, context: SourceContext): Promise<PullResult> {
  const now = context.clock.now();
  const { cursor, warnings } = readCursor(
    request.cursor,
    settings.searches.map((search) => searchKey(search)),
    settings.watchedRepositories,
  );
  const client = createGitHubClient(settings, context);
  const work = createPullWork(request, now, warnings);
  let more = false;
  let interruption: { reason: string; retryAfterMs?: number } | undefined;
  try {
    more = await gather(settings, cursor, client, work);
  } catch (error) {
    if (context.signal.aborted || !keepsPartialResult(error, work)) throw error;
    const retryAfterMs = ApiCallError.isInstance(error) ? error.retryAfterMs : undefined;
    interruption = { reason: error.message, ...(retryAfterMs !== undefined && { retryAfterMs }) };
  }
  const exhaustedMs = exhaustedFor(client, now);
  // A budget back before the next regular pull (search's per-minute one) is no impairment; an hourly one is.
  const exhausted =
    exhaustedMs !== undefined && exhaustedMs > settings.pollIntervalMs
      ? { reason: `GitHub rate limit used up for ${Math.ceil(exhaustedMs / 60_000)} min`, retryAfterMs: exhaustedMs }
      : undefined;
  const reasons = [...work.degradations, ...(interruption ? [interruption.reason] : []), ...(exhausted ? [exhausted.reason] : [])];
  const retryAfterMs = interruption?.retryAfterMs ?? exhausted?.retryAfterMs;
  const rateLimit = client.rateLimit();
  const series = buildSeries(work);
  return {
    items: work.items,
    observations: work.observations,
    ...(series.length > 0 && { series }),
    cursor,
    // After an interruption or with the budget spent, the pipeline waits instead of pulling again at once.
    hasMore: more && !interruption && exhaustedMs === undefined,
    ...(reasons.length > 0 && { degraded: { reason: reasons.join("; "), ...(retryAfterMs !== undefined && { retryAfterMs }) } }),
    ...(rateLimit && { rateLimit }),
    ...(work.warnings.length > 0 && { warnings: work.warnings }),
  };
}

/**
 * Creates the GitHub source (`github`): repositories created or pushed in the pipeline's look-back window,
 * found by star-sorted searches, and watched repositories with their daily star timelines. Every repository
 * returned comes with an observation of its stars and forks, so velocity can be measured across pulls.
 *
 * @example
 * ```ts
 * const github = createGitHubSource({ searches: [{ language: "rust", minStars: 20 }], watchedRepositories: ["tokio-rs/tokio"] });
 * ```
 */
export function createGitHubSource(options: GitHubSourceOptions = {}): Source {
  const settings = resolveGitHubSettings(options);
  return {
    specVersion: "v1",
    id: gitHubSourceId,
    displayName: "GitHub",
    pollIntervalMs: settings.pollIntervalMs,
    pull: (request, context) => pullGitHub(settings, request, context),
  } satisfies Source;
}
