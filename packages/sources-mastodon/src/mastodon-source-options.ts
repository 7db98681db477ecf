import { z } from "zod";

/** The three trend lists of a Mastodon instance. */
export const trendKinds = ["tags", "links", "statuses"] as const;

/** One of the trend lists: `tags`, `links` or `statuses`. */
export type TrendKind = (typeof trendKinds)[number];

/** Largest page each endpoint serves (Mastodon clamps `limit` to twice its default). */
export const maximumPageSize: Record<TrendKind, number> = { tags: 20, links: 20, statuses: 40 };

const instanceMessage = "expected a hostname like mastodon.social or an https URL like https://mastodon.social";
const hostnameLabel = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

function isHostname(hostname: string): boolean {
  const labels = hostname.split(".");
  return labels.length >= 2 && labels.every((label) => hostnameLabel.test(label));
}

/**
 * An instance as a hostname (`mastodon.social`) or an https URL of its root (`https://mastodon.social/`),
 * normalized to its origin. Unicode hostnames become punycode.
 */
export const instanceSchema = z
  .string({ error: instanceMessage })
  .trim()
  .min(1, instanceMessage)
  .transform((value, context) => {
    const withScheme = value.includes("://") ? value : `https://${value}`;
    let parsed: URL;
    try {
      parsed = new URL(withScheme);
    } catch {
      context.addIssue({ code: "custom", message: `${instanceMessage}, got "${value}"` });
      return z.NEVER;
    }
    const problem =
      parsed.protocol !== "https:"
        ? "the instance must be served over https"
        : parsed.username || parsed.password
          ? "credentials do not belong in the instance; use accessToken"
          : parsed.pathname !== "/" || parsed.search || parsed.hash
            ? "expected the instance root, without a path, query or fragment"
            : !isHostname(parsed.hostname)
              ? instanceMessage
              : undefined;
    if (problem) {
      context.addIssue({ code: "custom", message: `${problem}, got "${value}"` });
      return z.NEVER;
    }
    return parsed.origin;
  });

const baseUrlSchema = z
  .url({ protocol: /^https?$/, error: "expected an absolute http(s) URL, e.g. https://mastodon.social" })
  .transform((value) => value.replace(/\/+$/, ""));

const pageSizeSchema = (kind: TrendKind) =>
  z
    .number()
    .int()
    .min(1)
    .max(maximumPageSize[kind], `the ${kind} endpoint serves at most ${maximumPageSize[kind]} per page`)
    .default(maximumPageSize[kind]);

/** The schema `createMastodonSource` validates its options with. */
export const mastodonSourceOptionsSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, "expected lowercase letters, digits and dashes, e.g. mastodon-social")
    .default("mastodon"),
  instance: instanceSchema.optional(),
  baseURL: baseUrlSchema.optional(),
  headers: z.record(z.string(), z.string()).default({}),
  accessToken: z.string().trim().min(1, "expected a non-empty token").optional(),
  include: z
    .array(z.enum(trendKinds))
    .min(1, "expected at least one of tags, links, statuses")
    .refine((kinds) => new Set(kinds).size === kinds.length, "expected each kind at most once")
    .default([...trendKinds]),
  limit: z
    .strictObject({ tags: pageSizeSchema("tags"), links: pageSizeSchema("links"), statuses: pageSizeSchema("statuses") })
    .prefault({}),
  maxPages: z.number().int().min(1).max(20).default(3),
  pollIntervalMs: z
    .number()
    .int()
    .min(60_000, "expected at least 60000 ms; Mastodon recomputes trends every few minutes")
    .default(10 * 60_000),
});

/** Options of {@link createMastodonSource}. */
export interface MastodonSourceOptions {
  /**
   * Source id, used in item ids and cursors. Defaults to `mastodon`; give each instance its own
   * (`mastodon-social`, `mastodon-fosstodon`) when a pipeline watches several.
   */
  id?: string;
  /**
   * The instance whose trends to read: a hostname (`mastodon.social`) or an https URL of its root.
   * Defaults to the `MASTODON_INSTANCE` environment variable, then `mastodon.social`.
   */
  instance?: string;
  /** Where requests go instead of `https://<instance>` (a proxy, a test server). The instance still names the source. */
  baseURL?: string;
  /** Extra headers for every request, e.g. `{ "accept-language": "de" }` (Mastodon ranks trends per language). */
  headers?: Record<string, string>;
  /**
   * Sent as `Authorization: Bearer …` for instances that lock their API. Defaults to the
   * `MASTODON_ACCESS_TOKEN` environment variable, read when a request is made. Any app token works; no scope is needed.
   */
  accessToken?: string;
  /** Which trend lists to read. Defaults to all three: `["tags", "links", "statuses"]`. */
  include?: TrendKind[];
  /** Page size per list. Defaults to the endpoints' maximum: tags 20, links 20, statuses 40. */
  limit?: Partial<Record<TrendKind, number>>;
  /** Pages of each list read per snapshot, so at most `maxPages × limit` entries. Defaults to 3. */
  maxPages?: number;
  /** How often the pipeline should pull, in milliseconds. Defaults to 10 minutes; at least 1 minute. */
  pollIntervalMs?: number;
}

/** Options after validation and defaults. */
export type MastodonSourceSettings = z.output<typeof mastodonSourceOptionsSchema>;
