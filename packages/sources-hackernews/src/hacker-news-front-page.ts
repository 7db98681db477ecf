import { type SourceContext, UndercurrentError } from "@undercurrent/core";
import { firebaseIdListSchema, firebaseItemResponseSchema } from "./hacker-news-api.js";
import { mapHackerNewsError } from "./hacker-news-error.js";
import { type FirebaseStory, isLiveStory } from "./hacker-news-mapping.js";
import type { HackerNewsSourceSettings } from "./hacker-news-source-options.js";

/** A story on a ranked Firebase list. */
export interface RankedStory {
  /** Position on the list, 1 = top (jobs and deleted items keep their place). */
  rank: number;
  story: FirebaseStory;
}

/** The live stories among the first ranks of a Firebase list. */
export interface FrontPage {
  stories: RankedStory[];
  /** Items that could not be read (after the HTTP helper's retries). */
  warnings: string[];
  /** Number of items that could not be read. */
  failed: number;
  /** Number of items asked for. */
  requested: number;
}

/**
 * Reads the ids of `topstories` (or `beststories`, `newstories`), then the first `count` items, in parallel
 * within the HTTP helper's per-host limits. Null, deleted and dead items and jobs are left out; an item
 * that fails becomes a warning, while a failing id list throws.
 */
export async function readFrontPage(settings: HackerNewsSourceSettings, context: SourceContext, count: number): Promise<FrontPage> {
  const { http, signal } = context;
  const ids = await http.getJson(`${settings.firebaseBaseURL}/${settings.frontPageList}stories.json`, {
    schema: firebaseIdListSchema,
    headers: settings.headers,
    signal,
  });
  const ranked = ids.slice(0, count);
  const results = await Promise.allSettled(
    ranked.map((id) =>
      http.getJson(`${settings.firebaseBaseURL}/item/${id}.json`, {
        schema: firebaseItemResponseSchema,
        headers: settings.headers,
        signal,
      }),
    ),
  );
  signal.throwIfAborted();
  const page: FrontPage = { stories: [], warnings: [], failed: 0, requested: ranked.length };
  results.forEach((result, index) => {
    if (result.status === "fulfilled") {
      if (isLiveStory(result.value)) page.stories.push({ rank: index + 1, story: result.value });
      return;
    }
    const error = mapHackerNewsError(result.reason);
    if (!UndercurrentError.isInstance(error)) throw error;
    page.failed++;
    page.warnings.push(`front page: item ${ranked[index]} skipped: ${error.message}`);
  });
  return page;
}
