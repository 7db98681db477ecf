import type { RedditPost } from "./reddit-api.js";
import type { ListingState } from "./reddit-cursor.js";

/** One page of a listing as the walk sees it. */
export interface ListingPage {
  /** The posts that parsed, in listing order. */
  posts: RedditPost[];
  /** Reddit's `after`: null on the last page. */
  after: string | null | undefined;
  /** Children on the page, including any that did not parse. */
  count: number;
}

/** What a page contributed, and where the listing stands afterwards. */
export interface WalkStep {
  /** Posts not pulled before. */
  posts: RedditPost[];
  state: ListingState;
  /** True when this walk is over; the next one starts from the top. */
  done: boolean;
}

/**
 * Starts a walk of `new` from the top, unless one is under way: it will stop at the newest post seen
 * before (so nothing is pulled twice), or at `sinceSeconds` when that is later (the look-back window).
 */
export function startNewWalk(state: ListingState, sinceSeconds: number): ListingState {
  if (state.after !== undefined) return state;
  const fromNewest = state.newestCreated !== undefined && state.newestCreated >= sinceSeconds;
  return {
    ...state,
    floorCreated: fromNewest ? state.newestCreated : sinceSeconds,
    floorIds: fromNewest ? (state.newestIds ?? []) : [],
  };
}

/**
 * Takes the posts of a `new` page above the walk's floor and remembers the newest one. Posts created in the
 * floor's second are compared by fullname, so two posts of the same second are neither lost nor repeated.
 */
export function walkNewPage(state: ListingState, page: ListingPage): WalkStep {
  const floor = state.floorCreated ?? Number.NEGATIVE_INFINITY;
  const floorIds = new Set(state.floorIds ?? []);
  let newestCreated = state.newestCreated;
  let newestIds = state.newestIds ?? [];
  const posts: RedditPost[] = [];
  let reachedFloor = false;
  for (const post of page.posts) {
    if (post.created_utc < floor || (post.created_utc === floor && floorIds.has(post.name))) {
      reachedFloor = true;
      break;
    }
    posts.push(post);
    if (newestCreated === undefined || post.created_utc > newestCreated) {
      newestCreated = post.created_utc;
      newestIds = [post.name];
    } else if (post.created_utc === newestCreated && !newestIds.includes(post.name)) {
      newestIds = [...newestIds, post.name];
    }
  }
  const done = reachedFloor || !page.after || page.count === 0;
  const newest = newestCreated === undefined ? {} : { newestCreated, newestIds };
  if (done) return { posts, done, state: newest };
  return { posts, done, state: { ...newest, after: page.after ?? undefined, floorCreated: state.floorCreated, floorIds: state.floorIds } };
}

/** Posts already walked in the current walk of a ranked listing. */
export function walkedSoFar(state: ListingState): number {
  return state.after === undefined ? 0 : (state.walked ?? 0);
}

/**
 * Takes every post of a page of a ranked listing (`hot`, `rising`, `top`): a post seen in an earlier walk is
 * taken again so that its engagement is observed again. The walk ends after `postsPerListing` posts.
 */
export function walkRankedPage(state: ListingState, page: ListingPage, postsPerListing: number): WalkStep {
  const walked = walkedSoFar(state) + page.count;
  const done = !page.after || page.count === 0 || walked >= postsPerListing;
  return { posts: page.posts, done, state: done || !page.after ? {} : { after: page.after, walked } };
}
