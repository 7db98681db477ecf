import { ApiCallError } from "@undercurrent/core";
import {
  gitHubRepositorySchema,
  gitHubStarMediaType,
  parseLinkHeader,
  type Stargazer,
  stargazersPerPage,
  stargazersResponseSchema,
} from "./github-api.js";
import type { GitHubClient } from "./github-client.js";
import type { StarProgress, WatchedState } from "./github-cursor.js";
import { gitHubErrorCodes } from "./github-error.js";
import { utcDay } from "./github-mapping.js";
import { emitRepository, isFull, type PullWork, type StarTally } from "./pull-work.js";

function repositoryPath(fullName: string): string {
  return `/repos/${fullName.split("/").map(encodeURIComponent).join("/")}`;
}

function hasCode(error: unknown, code: string): boolean {
  return ApiCallError.isInstance(error) && error.code === code;
}

/** The stargazers of a page not counted yet: newer than the last star counted, or at that second but another login. */
export function uncountedStargazers(progress: StarProgress, stargazers: readonly Stargazer[]): Stargazer[] {
  const last = progress.lastStarredAt === null ? Number.NEGATIVE_INFINITY : Date.parse(progress.lastStarredAt);
  return stargazers
    .filter((stargazer) => {
      const at = Date.parse(stargazer.starred_at ?? "");
      return at > last || (at === last && !progress.lastLogins.includes(stargazer.user?.login ?? ""));
    })
    .sort((a, b) => Date.parse(a.starred_at ?? "") - Date.parse(b.starred_at ?? ""));
}

/** Counts one star into the progress and the pull's daily tally. */
function countStar(progress: StarProgress, tally: StarTally, stargazer: Stargazer): void {
  const starredAt = stargazer.starred_at ?? "";
  const login = stargazer.user?.login ?? "";
  progress.counted += 1;
  if (progress.lastStarredAt !== null && Date.parse(progress.lastStarredAt) === Date.parse(starredAt)) progress.lastLogins.push(login);
  else progress.lastLogins = [login];
  progress.lastStarredAt = starredAt;
  tally.counts.set(utcDay(Date.parse(starredAt)), progress.counted);
}

function tallyFor(work: PullWork, fullName: string, progress: StarProgress): StarTally {
  let tally = work.stars.get(fullName);
  if (!tally) {
    tally = {
      counts: new Map(),
      previousCount: progress.counted,
      ...(progress.lastStarredAt !== null && { previousDay: utcDay(Date.parse(progress.lastStarredAt)) }),
    };
    work.stars.set(fullName, tally);
  }
  return tally;
}

interface StargazerPage {
  stargazers: Stargazer[];
  hasNext: boolean;
}

/** A page of stargazers, oldest first, or undefined past GitHub's pagination limit (a 422). */
async function fetchStargazers(client: GitHubClient, fullName: string, page: number): Promise<StargazerPage | undefined> {
  try {
    const { data, headers } = await client.get(`${repositoryPath(fullName)}/stargazers`, {
      schema: stargazersResponseSchema,
      query: { per_page: stargazersPerPage, page },
      accept: gitHubStarMediaType,
    });
    return { stargazers: data, hasNext: parseLinkHeader(headers.get("link")).next !== undefined };
  } catch (error) {
    if (hasCode(error, gitHubErrorCodes.GITHUB_PAGINATION_LIMIT)) return undefined;
    throw error;
  }
}

/**
 * Reads up to `maxPages` stargazer pages from where the timeline stopped (the last page, re-read while it
 * is not full). GitHub lists stars oldest first, so counting them in order gives the cumulative timeline.
 */
async function readStargazers(client: GitHubClient, state: WatchedState, work: PullWork, maxPages: number): Promise<void> {
  const progress = state.stars;
  const tally = tallyFor(work, state.fullName, progress);
  for (let pages = 0; pages < maxPages; pages++) {
    const page = await fetchStargazers(client, state.fullName, progress.page);
    if (!page) {
      progress.capped = true;
      progress.behind = false;
      work.warnings.push(
        `${state.fullName}: GitHub lists only the first ${progress.counted} stargazers over REST; the star timeline stops there, star observations continue`,
      );
      return;
    }
    if (page.stargazers.some((stargazer) => !stargazer.starred_at)) {
      work.degradations.push(`${state.fullName}: GitHub returned stargazers without starred_at (the star media type was not honoured)`);
      progress.behind = false;
      return;
    }
    // Unstarring shortens the list: an empty page past the end means the last page moved back.
    if (page.stargazers.length === 0 && progress.page > 1) {
      progress.page -= 1;
      continue;
    }
    for (const stargazer of uncountedStargazers(progress, page.stargazers)) countStar(progress, tally, stargazer);
    if (!page.hasNext) {
      progress.behind = false;
      tally.throughDay = utcDay(work.until.getTime());
      return;
    }
    progress.page += 1;
  }
}

/**
 * One watched repository: when due, re-reads it (an item and an observation of stars and forks), then reads
 * new stargazer pages into its daily star timeline. A repository that is gone degrades the source; the others
 * go on. Resolves to true when work is left that could be done now (the pull was full, or pages remain).
 */
export async function continueWatched(
  client: GitHubClient,
  state: WatchedState,
  work: PullWork,
  settings: { refreshIntervalMs: number; maxStargazerPages: number },
): Promise<boolean> {
  const due = state.nextRefreshAt === null || Date.parse(state.nextRefreshAt) <= work.now;
  if (due && isFull(work)) return true;
  if (due) {
    const nextRefreshAt = new Date(work.now + settings.refreshIntervalMs).toISOString();
    try {
      const { data } = await client.get(repositoryPath(state.fullName), { schema: gitHubRepositorySchema });
      emitRepository(work, data);
      state.fullName = data.full_name;
      state.nextRefreshAt = nextRefreshAt;
      state.stars.behind = !state.stars.capped;
    } catch (error) {
      if (!hasCode(error, gitHubErrorCodes.GITHUB_NOT_FOUND)) throw error;
      work.degradations.push(`${state.fullName}: GitHub answered 404 (deleted, renamed away or private)`);
      state.nextRefreshAt = nextRefreshAt;
      state.stars.behind = false;
      return false;
    }
  }
  // Not before the first read: the timeline's series id uses the canonical name GitHub returns.
  if (state.stars.behind && state.nextRefreshAt !== null) await readStargazers(client, state, work, settings.maxStargazerPages);
  return state.stars.behind;
}
