import { dayStart } from "./score.js";

const day = 86_400_000;

/** Days either side of a story within which its repository must have trended for the pair to count. */
export const linkWindowDays = 7;

/** An HN story that may link a repository. */
export interface LinkStory {
  id: string;
  /** When it became visible (ms). */
  at: number;
  /** `github.com/owner/name` when its URL names a GitHub repository (core's `linkKey`). */
  repositoryKey: string | undefined;
}

/** A GitHub repository of the replay. */
export interface LinkRepository {
  id: string;
  /** `github.com/owner/name`. */
  key: string;
  /** 00:00 UTC of every day it was on a trending page (ms). */
  trendingDays: readonly number[];
}

/** An HN story and the repository its URL names. */
export interface GoldLink {
  storyId: string;
  repositoryId: string;
}

/**
 * The pairs that must land in the same trend: each story whose URL names a repository that trended within
 * ±7 days of the story's day.
 */
export function goldLinks(stories: readonly LinkStory[], repositories: readonly LinkRepository[], windowDays = linkWindowDays): GoldLink[] {
  const byKey = new Map(repositories.map((repository) => [repository.key, repository]));
  const links: GoldLink[] = [];
  for (const story of stories) {
    const repository = story.repositoryKey ? byKey.get(story.repositoryKey) : undefined;
    if (!repository) continue;
    const storyDay = dayStart(story.at);
    if (repository.trendingDays.some((trendingDay) => Math.abs(trendingDay - storyDay) <= windowDays * day)) {
      links.push({ storyId: story.id, repositoryId: repository.id });
    }
  }
  return links;
}

/** Linking figures of one replay. */
export interface LinkingScore {
  /** Gold pairs (story, repository). */
  pairs: number;
  /** Gold pairs of which the story or the repository was listed in some trend (there was a trend to land in). */
  pairsInTrends: number;
  /** Gold pairs whose story and repository were listed in the same trend. */
  linked: number;
  /** Gold stories listed in a trend together with at least one GitHub repository. */
  storiesWithRepositories: number;
  /** Repositories listed in the same trends as the gold stories, summed over the stories. */
  coListedRepositories: number;
  /** `linked / storiesWithRepositories`: a story placed with repositories was placed with its own. */
  precision: number | null;
  /** `linked / pairsInTrends`: a pair that reached a trend reached the same one. */
  recall: number | null;
  /** `linked / coListedRepositories`: of every repository a gold story was placed with, the share that is its own. */
  pairPrecision: number | null;
  /** `pairsInTrends / pairs`. */
  coverage: number | null;
}

const ratio = (numerator: number, denominator: number) => (denominator > 0 ? numerator / denominator : null);

/**
 * Scores cross-source linking from trend membership (every item a trend listed as evidence at some moment).
 * A pair is linked when one trend listed both the story and its repository.
 */
export function scoreLinking(
  links: readonly GoldLink[],
  members: ReadonlyMap<string, ReadonlySet<string>>,
  isRepository: (itemId: string) => boolean,
): LinkingScore {
  const trendsOf = new Map<string, string[]>();
  for (const [trendId, items] of members) {
    for (const itemId of items) {
      const trends = trendsOf.get(itemId) ?? [];
      trends.push(trendId);
      trendsOf.set(itemId, trends);
    }
  }
  let pairsInTrends = 0;
  let linked = 0;
  let storiesWithRepositories = 0;
  let coListedRepositories = 0;
  for (const link of links) {
    const storyTrends = trendsOf.get(link.storyId) ?? [];
    const repositoryTrends = new Set(trendsOf.get(link.repositoryId) ?? []);
    if (storyTrends.length > 0 || repositoryTrends.size > 0) pairsInTrends++;
    if (storyTrends.some((trendId) => repositoryTrends.has(trendId))) linked++;
    const repositories = new Set<string>();
    for (const trendId of storyTrends) for (const itemId of members.get(trendId) ?? []) if (isRepository(itemId)) repositories.add(itemId);
    if (repositories.size > 0) storiesWithRepositories++;
    coListedRepositories += repositories.size;
  }
  return {
    pairs: links.length,
    pairsInTrends,
    linked,
    storiesWithRepositories,
    coListedRepositories,
    precision: ratio(linked, storiesWithRepositories),
    recall: ratio(linked, pairsInTrends),
    pairPrecision: ratio(linked, coListedRepositories),
    coverage: ratio(pairsInTrends, links.length),
  };
}
