import { z } from "zod";

/** `POST /api/v1/access_token`. A refused grant comes back as 200 `{"error": "unsupported_grant_type"}`. */
export const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1).nullish(),
  token_type: z.string().nullish(),
  // 3600 and 86400 have both been seen.
  expires_in: z.number().positive().nullish(),
  error: z.union([z.string(), z.number()]).nullish(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/** The fields of a `t3` (link/post) the source reads. Everything else Reddit sends is ignored. */
export const redditPostSchema = z.looseObject({
  id: z.string().min(1),
  /** Fullname, e.g. `t3_1cb2x9k`: the post's global id. */
  name: z.string().regex(/^t3_[a-z0-9]+$/i, "expected a t3_ fullname"),
  subreddit: z.string().min(1),
  title: z.string(),
  author: z.string().nullish(),
  score: z.number().nullish(),
  num_comments: z.number().nullish(),
  upvote_ratio: z.number().nullish(),
  /** Epoch seconds, a float. */
  created_utc: z.number(),
  /** Relative, e.g. `/r/programming/comments/1cb2x9k/…/`. */
  permalink: z.string().min(1),
  url: z.string().nullish(),
  domain: z.string().nullish(),
  is_self: z.boolean().nullish(),
  selftext: z.string().nullish(),
  over_18: z.boolean().nullish(),
  stickied: z.boolean().nullish(),
  link_flair_text: z.string().nullish(),
});
export type RedditPost = z.infer<typeof redditPostSchema>;

/**
 * `GET /r/{subreddit}/{listing}`. Children stay unparsed here so that one drifted post is skipped with a
 * warning instead of failing the whole page.
 */
export const listingResponseSchema = z.looseObject({
  kind: z.string().nullish(),
  data: z.looseObject({
    after: z.string().nullish(),
    children: z.array(z.looseObject({ kind: z.string(), data: z.unknown() })),
  }),
});
export type ListingResponse = z.infer<typeof listingResponseSchema>;
