import type { ObservationInput, PullRequest, SourceItem } from "@undercurrent/core";
import type { GitHubRepository } from "./github-api.js";
import { toItem, toObservation } from "./github-mapping.js";

/** A star timeline's progress within one pull, turned into series points when the pull ends. */
export interface StarTally {
  counts: Map<number, number>;
  previousDay?: number;
  previousCount: number;
  throughDay?: number;
}

/** What one pull has gathered so far. The cursor state is advanced only together with these. */
export interface PullWork {
  readonly limit: number;
  /** Clock time at the start of the pull (epoch ms). */
  readonly now: number;
  readonly since: Date;
  readonly until: Date;
  readonly items: SourceItem[];
  readonly observations: ObservationInput[];
  readonly warnings: string[];
  /** Reasons the source works but is impaired. */
  readonly degradations: string[];
  /** Star timelines touched in this pull, by repository full name. */
  readonly stars: Map<string, StarTally>;
  /** External ids returned in this pull, so a repository found twice is returned once. */
  readonly emitted: Set<string>;
}

/** Fresh work for a pull. */
export function createPullWork(request: PullRequest, now: number, warnings: string[]): PullWork {
  return {
    limit: request.limit,
    now,
    since: request.since,
    until: request.until,
    items: [],
    observations: [],
    warnings,
    degradations: [],
    stars: new Map(),
    emitted: new Set(),
  };
}

/** True once the pull holds `limit` items. */
export function isFull(work: PullWork): boolean {
  return work.items.length >= work.limit;
}

/** Adds a repository as an item with an observation of its stars and forks, once per pull. */
export function emitRepository(work: PullWork, repository: GitHubRepository): void {
  if (work.emitted.has(repository.full_name)) return;
  work.emitted.add(repository.full_name);
  work.items.push(toItem(repository));
  work.observations.push(toObservation(repository, new Date(work.now)));
}

/** True when a pull has anything worth storing, so a failure after it returns it rather than losing it. */
export function hasResults(work: PullWork): boolean {
  return work.items.length > 0 || [...work.stars.values()].some((tally) => tally.counts.size > 0);
}
