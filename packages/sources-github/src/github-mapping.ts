import { itemId, type ObservationInput, type SeriesPoint, type SourceItem, type TimeSeriesInput } from "@undercurrent/core";
import type { GitHubRepository } from "./github-api.js";

/** The source id: item ids are `github:<owner>/<name>`. */
export const gitHubSourceId = "github";

const dayMs = 86_400_000;

// Programming languages become tags the way GitHub spells topics: "Jupyter Notebook" → "jupyter-notebook".
function languageTag(language: string): string {
  return language.trim().toLowerCase().replace(/\s+/g, "-");
}

/** A repository as an Undercurrent item. The programming language goes to tags and metadata, not `language`. */
export function toItem(repository: GitHubRepository): SourceItem {
  const topics = (repository.topics ?? []).filter((topic) => topic.trim() !== "");
  const tags = [...new Set([...topics, ...(repository.language ? [languageTag(repository.language)] : [])])];
  return {
    id: itemId(gitHubSourceId, repository.full_name),
    source: gitHubSourceId,
    externalId: repository.full_name,
    kind: "repository",
    title: repository.full_name,
    text: repository.description ?? "",
    url: repository.html_url,
    author: { id: repository.owner.login, ...(repository.owner.html_url && { url: repository.owner.html_url }) },
    tags,
    publishedAt: repository.created_at,
    metadata: {
      repositoryId: repository.id,
      stars: repository.stargazers_count,
      forks: repository.forks_count,
      language: repository.language ?? null,
      createdAt: repository.created_at,
      pushedAt: repository.pushed_at ?? null,
    },
  };
}

/** A repository's stars and forks at `observedAt`. */
export function toObservation(repository: GitHubRepository, observedAt: Date): ObservationInput {
  return {
    itemId: itemId(gitHubSourceId, repository.full_name),
    source: gitHubSourceId,
    observedAt,
    metrics: { stars: repository.stargazers_count, forks: repository.forks_count },
  };
}

/** Midnight UTC of the day `time` (epoch ms) falls on. */
export function utcDay(time: number): number {
  return Math.floor(time / dayMs) * dayMs;
}

/** What {@link starPoints} needs: the counts read in this pull and where the series stood before it. */
export interface StarPointsInput {
  /** Cumulative stars at the end of each day (midnight UTC, epoch ms) that got stars in this pull. */
  counts: ReadonlyMap<number, number>;
  /** Day of the last star counted before this pull, if any. */
  previousDay?: number;
  /** Stars counted before this pull. */
  previousCount: number;
  /** When every star has been read: the series runs to this day (today), carrying the total. */
  throughDay?: number;
}

/**
 * Daily cumulative star counts with no gaps: days without stars carry the previous total, so the stored
 * series (merged by time) stays a step function however the pulls split the stargazer pages.
 */
export function starPoints(input: StarPointsInput): SeriesPoint[] {
  const days = [...input.counts.keys()];
  const candidates = [...days, ...(input.previousDay !== undefined ? [input.previousDay + dayMs] : [])];
  const ends = [...days, ...(input.throughDay !== undefined ? [input.throughDay] : [])];
  if (ends.length === 0) return [];
  const start = candidates.length > 0 ? Math.min(...candidates) : Math.max(...ends);
  const end = Math.max(...ends);
  const points: SeriesPoint[] = [];
  let total = input.previousCount;
  for (let day = start; day <= end; day += dayMs) {
    total = input.counts.get(day) ?? total;
    points.push({ at: new Date(day), value: total });
  }
  return points;
}

/** The id of a repository's star timeline. */
export function starSeriesId(fullName: string): string {
  return `${gitHubSourceId}:stars:${fullName}`;
}

/** A repository's star timeline: metric `stars`, daily, keyed by the repository's item id. */
export function toStarSeries(fullName: string, points: SeriesPoint[]): TimeSeriesInput {
  return {
    id: starSeriesId(fullName),
    source: gitHubSourceId,
    metric: "stars",
    key: itemId(gitHubSourceId, fullName),
    interval: "day",
    points,
    metadata: { repository: fullName },
  };
}
