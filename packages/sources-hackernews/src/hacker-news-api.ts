import { z } from "zod";
import type { HackerNewsSourceSettings } from "./hacker-news-source-options.js";

/**
 * One hit of the Algolia HN Search API, as far as the source reads it. Validated hit by hit, so one
 * drifted hit is skipped with a warning instead of failing the page.
 */
export const algoliaHitSchema = z.looseObject({
  // A string on Algolia; the digits are the HN item id.
  objectID: z.string().regex(/^\d+$/, "expected the HN item id as a string of digits"),
  title: z.string().min(1),
  created_at_i: z.number().int().nonnegative(),
  url: z.string().nullish(),
  author: z.string().nullish(),
  points: z.number().nullish(),
  num_comments: z.number().int().nonnegative().nullish(),
  story_text: z.string().nullish(),
  _tags: z.array(z.string()).nullish(),
});
/** A story hit after validation. */
export type AlgoliaHit = z.infer<typeof algoliaHitSchema>;

/** A page of `/search` or `/search_by_date`. Hits stay unknown here and are parsed one by one. */
export const algoliaSearchResponseSchema = z.looseObject({
  hits: z.array(z.unknown()),
  nbPages: z.number().int().nonnegative().nullish(),
});
/** A search page after validation. */
export type AlgoliaSearchResponse = z.infer<typeof algoliaSearchResponseSchema>;

/** `topstories.json`, `beststories.json`, `newstories.json`: item ids in rank order. */
export const firebaseIdListSchema = z.array(z.number().int().positive());

/** An item of the Firebase API. Everything but `id` is optional; deleted items carry little more than `deleted: true`. */
export const firebaseItemSchema = z.looseObject({
  id: z.number().int().positive(),
  deleted: z.boolean().nullish(),
  dead: z.boolean().nullish(),
  type: z.string().nullish(),
  by: z.string().nullish(),
  time: z.number().int().nonnegative().nullish(),
  title: z.string().nullish(),
  url: z.string().nullish(),
  text: z.string().nullish(),
  score: z.number().nullish(),
  descendants: z.number().int().nonnegative().nullish(),
});
/** A Firebase item after validation. */
export type FirebaseItem = z.infer<typeof firebaseItemSchema>;

/** `item/{id}.json`: an unknown id answers 200 with `null`. */
export const firebaseItemResponseSchema = firebaseItemSchema.nullable();

/** The Algolia `tags` parameter for the selected tags: one tag as is, several as an OR group. */
export function tagFilter(tags: readonly string[]): string {
  return tags.length === 1 ? tags[0]! : `(${tags.join(",")})`;
}

/** A slice of creation times, in epoch seconds: after `after`, up to and including `before`. */
export interface CreationWindow {
  after: number;
  before: number;
}

/** Query of one `search_by_date` request for the newest stories of a creation window. */
export function windowQuery(
  settings: HackerNewsSourceSettings,
  window: CreationWindow,
  hitsPerPage: number,
  pointsFilter: boolean,
): Record<string, string | number> {
  const numericFilters = [`created_at_i>${window.after}`, `created_at_i<=${window.before}`];
  if (pointsFilter && settings.minPoints > 0) numericFilters.push(`points>=${settings.minPoints}`);
  return {
    tags: tagFilter(settings.tags),
    numericFilters: numericFilters.join(","),
    hitsPerPage,
    page: 0,
    ...(settings.query !== undefined && { query: settings.query }),
  };
}

/** Query of one `search` request for the current numbers of the given stories (each story is tagged `story_<id>`). */
export function storiesQuery(ids: readonly number[]): Record<string, string | number> {
  return { tags: `story,(${ids.map((id) => `story_${id}`).join(",")})`, hitsPerPage: ids.length, page: 0 };
}
