import {
  ApiCallError,
  type HttpResponse,
  type PullRequest,
  type PullResult,
  parseOptions,
  type RateLimitBudget,
  readRateLimitBudget,
  type Source,
  type SourceContext,
  toValidationIssues,
  UndercurrentError,
} from "@undercurrent/core";
import { type ListingResponse, listingResponseSchema, type RedditPost, redditPostSchema } from "./reddit-api.js";
import { type ListingState, listingKey, type RedditCursor, readCursor, writeCursor } from "./reddit-cursor.js";
import { mapRedditError, redditErrorCodes, subredditErrorCodes } from "./reddit-error.js";
import { type ListingPage, startNewWalk, type WalkStep, walkedSoFar, walkNewPage, walkRankedPage } from "./reddit-listing-walk.js";
import { redditSourceId, toItem, toObservation } from "./reddit-map.js";
import {
  type RedditCredentials,
  type RedditListing,
  type RedditSourceOptions,
  type RedditSourceSettings,
  redditSourceOptionsSchema,
  resolveCredentials,
} from "./reddit-source-options.js";
import { createRedditTokens } from "./reddit-token.js";

/** Reddit returns at most 100 posts per listing request. */
const maxPageSize = 100;

interface ListingTarget {
  key: string;
  subreddit: string;
  listing: RedditListing;
}

/** What one pull has gathered so far. */
interface PullProgress {
  posts: Map<string, RedditPost>;
  /** Posts this pull may still read (`request.limit` minus those read). */
  itemsLeft: number;
  warnings: string[];
  skipped: UndercurrentError[];
  degradedReasons: string[];
  retryAfterMs?: number;
  rateLimit?: RateLimitBudget;
  pagesRead: number;
  /** Set when the rate limit ended the pull early: the pipeline must not pull again right away. */
  stopped: boolean;
}

/** The listings of the current round: their states, the keys still to read, in order. */
interface Round {
  byKey: Map<string, ListingTarget>;
  listings: Record<string, ListingState>;
  pending: string[];
  /** True when this pull starts the round rather than continuing one. */
  fresh: boolean;
  sinceSeconds: number;
}

/** Continues the stored round, or starts a new one over every listing; forgets listings no longer configured. */
function toRound(targets: ListingTarget[], cursor: RedditCursor, since: Date): Round {
  const byKey = new Map(targets.map((target) => [target.key, target]));
  const listings = Object.fromEntries(Object.entries(cursor.listings).filter(([key]) => byKey.has(key)));
  const resumed = cursor.pending.filter((key) => byKey.has(key));
  const fresh = resumed.length === 0;
  return { byKey, listings, pending: fresh ? targets.map((target) => target.key) : resumed, fresh, sinceSeconds: since.getTime() / 1000 };
}

function toListingTargets(settings: RedditSourceSettings): ListingTarget[] {
  return settings.subreddits.flatMap((subreddit) =>
    settings.listings.map((listing) => ({ key: listingKey(subreddit, listing), subreddit, listing })),
  );
}

function spentBudgetReason(budget: RateLimitBudget, now: number): { reason: string; retryAfterMs?: number } {
  const retryAfterMs = budget.resetAt ? Math.max(0, budget.resetAt.getTime() - now) : undefined;
  const resets = retryAfterMs === undefined ? "" : `; it resets in ${Math.ceil(retryAfterMs / 1000)} s`;
  return { reason: `Reddit's rate limit is spent (0 requests left)${resets}`, ...(retryAfterMs !== undefined && { retryAfterMs }) };
}

function parsePosts(listing: ListingResponse, target: ListingTarget, warnings: string[]): RedditPost[] {
  const posts: RedditPost[] = [];
  listing.data.children.forEach((child, index) => {
    if (child.kind !== "t3") return;
    const parsed = redditPostSchema.safeParse(child.data);
    if (parsed.success) {
      posts.push(parsed.data);
      return;
    }
    const issues = toValidationIssues(parsed.error.issues, `children.${index}.data`);
    warnings.push(
      `skipped a post of r/${target.subreddit}/${target.listing} that does not parse: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ")}`,
    );
  });
  return posts;
}

/**
 * Creates the Reddit source: app-only OAuth (client credentials) against the official API, the chosen
 * listings of the chosen subreddits, an incremental cursor per subreddit and listing, score and comment
 * observations, and Reddit's rate-limit budget passed through.
 *
 * Credentials are read when a pull starts (option, then `REDDIT_CLIENT_ID`, `REDDIT_CLIENT_SECRET`,
 * `REDDIT_USER_AGENT`); creating the source without them works, pulling throws `REDDIT_CREDENTIALS_MISSING`.
 */
export function createRedditSource(options: RedditSourceOptions = {}): Source {
  const settings = parseOptions(redditSourceOptionsSchema, options, "createRedditSource");
  const tokens = createRedditTokens(settings);
  const targets = toListingTargets(settings);
  const apiHost = new URL(settings.baseURL).host;

  async function fetchListing(
    target: ListingTarget,
    after: string | undefined,
    limit: number,
    credentials: RedditCredentials,
    context: SourceContext,
  ): Promise<HttpResponse<ListingResponse>> {
    const url = `${settings.baseURL}/r/${encodeURIComponent(target.subreddit)}/${target.listing}`;
    const query = { limit, after, t: target.listing === "top" ? settings.topPeriod : undefined, raw_json: 1 };
    // A refused token is replaced once; a second refusal means the credentials themselves are bad.
    for (let attempt = 0; ; attempt++) {
      const token = await tokens.get(credentials, context);
      try {
        return await context.http.request(url, {
          query,
          headers: () => ({ ...settings.headers, authorization: `bearer ${token}`, "user-agent": credentials.userAgent }),
          schema: listingResponseSchema,
          signal: context.signal,
          secrets: [credentials.clientSecret],
        });
      } catch (error) {
        if (attempt === 0 && ApiCallError.isInstance(error) && error.statusCode === 401) {
          tokens.invalidate();
          continue;
        }
        throw mapRedditError(error, { endpoint: "listing", subreddit: target.subreddit });
      }
    }
  }

  function walk(target: ListingTarget, state: ListingState, page: ListingPage): WalkStep {
    return target.listing === "new" ? walkNewPage(state, page) : walkRankedPage(state, page, settings.postsPerListing);
  }

  function pageSize(target: ListingTarget, state: ListingState, itemsLeft: number): number {
    const listingLeft = target.listing === "new" ? maxPageSize : settings.postsPerListing - walkedSoFar(state);
    return Math.max(1, Math.min(maxPageSize, itemsLeft, listingLeft));
  }

  /** Handles a failed listing request: skips an unavailable subreddit, stops on a late 429, throws otherwise. */
  function onListingError(error: unknown, target: ListingTarget, progress: PullProgress): "skip" | "stop" {
    if (!UndercurrentError.isInstance(error)) throw error;
    if (subredditErrorCodes.has(error.code)) {
      progress.skipped.push(error);
      progress.degradedReasons.push(`r/${target.subreddit} skipped (${error.code})`);
      progress.warnings.push(error.message);
      return "skip";
    }
    // Keep what earlier pages brought rather than throwing it away; the next pull continues from the cursor.
    if (error.code === redditErrorCodes.REDDIT_RATE_LIMITED && progress.pagesRead > 0) {
      const retryAfterMs = ApiCallError.isInstance(error) ? error.retryAfterMs : undefined;
      progress.degradedReasons.push("Reddit answered 429 Too Many Requests");
      if (retryAfterMs !== undefined) progress.retryAfterMs = retryAfterMs;
      progress.stopped = true;
      return "stop";
    }
    throw error;
  }

  /** Reads one page of the first pending listing into `progress`, and moves the round on. */
  async function readPage(round: Round, progress: PullProgress, credentials: RedditCredentials, context: SourceContext): Promise<void> {
    const target = round.byKey.get(round.pending[0]!)!;
    let state = round.listings[target.key] ?? {};
    if (target.listing === "new") state = startNewWalk(state, round.sinceSeconds);
    let response: HttpResponse<ListingResponse>;
    try {
      response = await fetchListing(target, state.after, pageSize(target, state, progress.itemsLeft), credentials, context);
    } catch (error) {
      if (onListingError(error, target, progress) === "skip") round.pending.shift();
      return;
    }
    progress.pagesRead++;
    // core reads Reddit's headers (remaining as a float string, used, reset in seconds; limit = used + remaining)
    progress.rateLimit = readRateLimitBudget(response.headers, context.clock.now()) ?? progress.rateLimit;
    const { children, after } = response.data.data;
    progress.itemsLeft -= children.length;
    const step = walk(target, state, { posts: parsePosts(response.data, target, progress.warnings), after, count: children.length });
    for (const post of step.posts) {
      if ((settings.includeNsfw || !post.over_18) && !progress.posts.has(post.name)) progress.posts.set(post.name, post);
    }
    round.listings[target.key] = step.state;
    if (step.done) round.pending.shift();
    if (progress.rateLimit?.remaining === 0) {
      const spent = spentBudgetReason(progress.rateLimit, context.clock.now());
      progress.degradedReasons.push(spent.reason);
      if (spent.retryAfterMs !== undefined) progress.retryAfterMs = spent.retryAfterMs;
      progress.stopped = true;
    }
  }

  function toResult(round: Round, progress: PullProgress, context: SourceContext): PullResult {
    const observedAt = new Date(context.clock.now());
    const posts = [...progress.posts.values()];
    const rateLimit = progress.rateLimit ?? context.http.rateLimit(apiHost);
    return {
      items: posts.map(toItem),
      observations: posts.flatMap((post) => toObservation(post, observedAt) ?? []),
      cursor: writeCursor({ listings: round.listings, pending: round.pending }),
      hasMore: round.pending.length > 0 && !progress.stopped,
      ...(progress.degradedReasons.length > 0 && {
        degraded: {
          reason: progress.degradedReasons.join("; "),
          ...(progress.retryAfterMs !== undefined && { retryAfterMs: progress.retryAfterMs }),
        },
      }),
      ...(rateLimit && { rateLimit }),
      ...(progress.warnings.length > 0 && { warnings: progress.warnings }),
    };
  }

  async function pull(request: PullRequest, context: SourceContext): Promise<PullResult> {
    context.signal.throwIfAborted();
    const credentials = resolveCredentials(settings);
    const stored = readCursor(request.cursor);
    const round = toRound(targets, stored.cursor, request.since);
    const progress: PullProgress = {
      posts: new Map(),
      itemsLeft: request.limit,
      warnings: stored.warning ? [stored.warning] : [],
      skipped: [],
      degradedReasons: [],
      pagesRead: 0,
      stopped: false,
    };
    // Reddit said the budget is spent until the reset: asking before then would only earn a 429.
    const knownBudget = context.http.rateLimit(apiHost);
    if (knownBudget?.remaining === 0 && knownBudget.resetAt && knownBudget.resetAt.getTime() > context.clock.now()) {
      const spent = spentBudgetReason(knownBudget, context.clock.now());
      return { ...toResult(round, { ...progress, rateLimit: knownBudget, stopped: true }, context), degraded: spent };
    }
    while (round.pending.length > 0 && progress.itemsLeft > 0 && !progress.stopped) {
      await readPage(round, progress, credentials, context);
    }
    // Every listing of a fresh round failed on its subreddit: nothing works, so this is a failure, not a degradation.
    if (round.fresh && progress.pagesRead === 0 && progress.skipped.length > 0) throw progress.skipped[0];
    for (const warning of progress.warnings) context.logger.warn(`reddit: ${warning}`);
    return toResult(round, progress, context);
  }

  return {
    specVersion: "v1",
    id: redditSourceId,
    displayName: "Reddit",
    pollIntervalMs: settings.pollIntervalMs,
    pull,
  } satisfies Source;
}
