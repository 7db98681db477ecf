import { z } from "zod";

/** Media type of the REST API's JSON. */
export const gitHubJsonMediaType = "application/vnd.github+json";
/** Media type that makes `/stargazers` return `{ starred_at, user }` instead of bare users. */
export const gitHubStarMediaType = "application/vnd.github.star+json";
/** The REST API version the source was written against. */
export const gitHubApiVersion = "2022-11-28";
/** Search returns at most this many results per query, whatever `total_count` says. */
export const searchResultCap = 1_000;
/** Stargazers per page (the API's maximum). */
export const stargazersPerPage = 100;

/**
 * A repository as `/search/repositories` and `/repos/{owner}/{repo}` return it, reduced to the fields the
 * source reads. `description`, `language`, `topics` and `pushed_at` may be null or absent.
 */
export const gitHubRepositorySchema = z.looseObject({
  id: z.number().int(),
  full_name: z.string().regex(/^[^/\s]+\/[^/\s]+$/, "expected owner/name"),
  html_url: z.string().min(1),
  description: z.string().nullish(),
  owner: z.looseObject({ login: z.string().min(1), html_url: z.string().nullish() }),
  created_at: z.iso.datetime({ offset: true }),
  pushed_at: z.iso.datetime({ offset: true }).nullish(),
  stargazers_count: z.number().int().nonnegative(),
  forks_count: z.number().int().nonnegative(),
  language: z.string().nullish(),
  topics: z.array(z.string()).nullish(),
});
/** A repository after validation. */
export type GitHubRepository = z.infer<typeof gitHubRepositorySchema>;

/** A page of `/search/repositories`. Entries are validated one by one, so one bad entry costs only itself. */
export const searchRepositoriesResponseSchema = z.looseObject({
  total_count: z.number().int().nonnegative().nullish(),
  incomplete_results: z.boolean().nullish(),
  items: z.array(z.unknown()),
});

/** One stargazer with the star media type; without it GitHub sends bare users, which lack `starred_at`. */
export const stargazerSchema = z.looseObject({
  starred_at: z.iso.datetime({ offset: true }).nullish(),
  user: z.looseObject({ login: z.string() }).nullish(),
});
/** A stargazer after validation. */
export type Stargazer = z.infer<typeof stargazerSchema>;

/** A page of `/repos/{owner}/{repo}/stargazers`, oldest star first. */
export const stargazersResponseSchema = z.array(stargazerSchema);

/** The relations of a `Link` header (`<url>; rel="next", <url>; rel="last"`), by name. */
export function parseLinkHeader(header: string | null): Record<string, string> {
  const links: Record<string, string> = {};
  if (!header) return links;
  for (const part of header.split(",")) {
    const match = /<([^>]*)>\s*;(?:.*;)?\s*rel="?([^";]+)"?/.exec(part.trim());
    if (!match) continue;
    for (const relation of match[2]!.split(/\s+/)) links[relation] = match[1]!;
  }
  return links;
}
