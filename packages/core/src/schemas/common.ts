import { z } from "zod";

/**
 * A moment in time. Accepts a `Date` or an ISO 8601 string with offset and always yields a valid `Date`,
 * so shapes read back from JSON or a database parse the same as freshly built ones.
 */
export const timestampSchema = z.union([z.date(), z.iso.datetime({ offset: true }).transform((value) => new Date(value))], {
  error: "expected a Date or an ISO 8601 timestamp",
});

/** A non-empty identifier string. */
export const idSchema = z.string().trim().min(1, "expected a non-empty id");

/** A number in [0, 1]. */
export const unitIntervalSchema = z.number().min(0).max(1);

/** Free-form JSON metadata. */
export const metadataSchema = z.record(z.string(), z.json());

/** Platforms content is published on. Sources are named by their source id instead. */
export const platformSchema = z.enum([
  "x",
  "bluesky",
  "threads",
  "mastodon",
  "linkedin",
  "instagram",
  "tiktok",
  "youtube",
  "youtube-shorts",
  "instagram-reels",
  "facebook",
  "reddit",
  "hackernews",
  "blog",
  "newsletter",
]);
export type Platform = z.infer<typeof platformSchema>;

/** A level with its lower and upper bound, e.g. the 80% interval. */
export const intervalSchema = z
  .object({
    /** Nominal coverage in (0, 1), e.g. 0.8. */
    level: z.number().gt(0).lt(1),
    lower: z.number(),
    upper: z.number(),
  })
  .refine((interval) => interval.lower <= interval.upper, { message: "lower must not exceed upper", path: ["lower"] });
export type Interval = z.infer<typeof intervalSchema>;

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
