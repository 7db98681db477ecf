import { ResponseValidationError, toValidationIssues } from "@undercurrent/core";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { z } from "zod";
import { googleTrendsError, googleTrendsErrorCodes } from "./google-trends-error.js";

// Lenient schemas of the unofficial endpoints: only the fields we read, loose objects so Google's extra
// fields pass. Lists are `unknown[]` here and each entry is parsed on its own, so one drifted entry is
// skipped with a warning instead of failing the whole response.

/** One widget of an explore response: its id, the token and the request to send back to widgetdata. */
export const widgetSchema = z.looseObject({
  id: z.string(),
  token: z.string().nullish(),
  // Sent back verbatim, so it is kept as a plain record (a loose object would reorder its keys).
  request: z.record(z.string(), z.unknown()).nullish(),
});
/** A widget as parsed. */
export type Widget = z.infer<typeof widgetSchema>;

/** `GET /trends/api/explore`. */
export const exploreResponseSchema = z.looseObject({ widgets: z.array(widgetSchema) });

/** What we read from a widget's request. */
export const widgetRequestSchema = z.looseObject({
  resolution: z.string().nullish(),
  restriction: z
    .looseObject({
      complexKeywordsRestriction: z.looseObject({ keyword: z.array(z.looseObject({ value: z.string().nullish() })).nullish() }).nullish(),
    })
    .nullish(),
});

/** One bucket of interest over time; `value` and `hasData` have one entry per compared keyword. */
export const timelinePointSchema = z.looseObject({
  time: z.union([z.string().regex(/^\d+$/, "expected epoch seconds"), z.number().int().nonnegative()]).transform(Number),
  value: z.array(z.number().nonnegative()),
  hasData: z.array(z.boolean()).nullish(),
  formattedTime: z.string().nullish(),
  isPartial: z.boolean().nullish(),
});
/** A timeline bucket as parsed (`time` in epoch seconds). */
export type TimelinePoint = z.infer<typeof timelinePointSchema>;

/** `GET /trends/api/widgetdata/multiline`. */
export const multilineResponseSchema = z.looseObject({
  default: z.looseObject({ timelineData: z.array(z.unknown()) }),
});

/** One related query of a ranked list. Topic entries carry `topic` instead of `query` and are not read. */
export const rankedKeywordSchema = z.looseObject({
  query: z.string().trim().min(1),
  value: z.number(),
  formattedValue: z.string().nullish(),
  link: z.string().nullish(),
});
/** A related query as parsed. */
export type RankedKeyword = z.infer<typeof rankedKeywordSchema>;

/** `GET /trends/api/widgetdata/relatedsearches`: the first list is TOP, the second RISING. */
export const relatedSearchesResponseSchema = z.looseObject({
  default: z.looseObject({
    rankedList: z.array(z.looseObject({ rankedKeyword: z.array(z.unknown()).nullish() })),
  }),
});

const xmlText = z.string().trim();

/** One news story attached to a trending search. */
export const trendingNewsItemSchema = z.looseObject({
  "ht:news_item_title": xmlText.nullish(),
  "ht:news_item_url": xmlText.nullish(),
  "ht:news_item_source": xmlText.nullish(),
  "ht:news_item_picture": xmlText.nullish(),
});
/** A news story as parsed. */
export type TrendingNewsItem = z.infer<typeof trendingNewsItemSchema>;

/** One `<item>` of the trending-now feed, as fast-xml-parser reads it (namespace prefixes kept). */
export const trendingRssItemSchema = z.looseObject({
  title: xmlText.min(1, "expected a non-empty title"),
  "ht:approx_traffic": xmlText.nullish(),
  pubDate: xmlText.nullish(),
  "ht:picture": xmlText.nullish(),
  "ht:picture_source": xmlText.nullish(),
  "ht:news_item": z.array(z.unknown()).nullish(),
});
/** A trending-now `<item>` as parsed. */
export type TrendingRssItem = z.infer<typeof trendingRssItemSchema>;

/** `GET /trending/rss?geo=…`. A channel without items is an empty feed. */
export const trendingRssSchema = z.looseObject({
  rss: z.looseObject({
    // fast-xml-parser reads an empty `<channel></channel>` as "".
    channel: z.preprocess((channel) => (channel === "" ? {} : channel), z.looseObject({ item: z.array(z.unknown()).nullish() })),
  }),
});

/** True when Google sent a web page (a captcha, a consent or block page) rather than data. */
export function looksLikeHtml(body: string, contentType: string): boolean {
  return /text\/html/i.test(contentType) || /^\s*<(!doctype html|html[\s>])/i.test(body);
}

/**
 * Drops Google's anti-XSSI prefix: `)]}'` (explore) or `)]}',` (widgetdata) and the newline after it.
 * Bodies without the prefix are returned as they are.
 */
export function stripXssiPrefix(body: string): string {
  if (!body.startsWith(")]}'")) return body;
  const newline = body.indexOf("\n");
  return newline === -1 ? body.replace(/^\)\]\}',?/, "") : body.slice(newline + 1);
}

/** A response body as the HTTP helper returned it. */
export interface RawResponse {
  body: string;
  contentType: string;
  /** Request URL with secrets redacted. */
  url: string;
}

/**
 * Decodes a JSON endpoint's body: an HTML page is a block (`GOOGLE_TRENDS_BLOCKED`), a body that is not JSON
 * after the prefix a `ResponseValidationError` (`RESPONSE_NOT_JSON`), a wrong shape one with the path.
 */
export function decodeGoogleJson<Schema extends z.ZodType>(response: RawResponse, schema: Schema): z.output<Schema> {
  if (looksLikeHtml(response.body, response.contentType)) {
    throw googleTrendsError(
      googleTrendsErrorCodes.GOOGLE_TRENDS_BLOCKED,
      `Google Trends sent an HTML page where JSON was expected (a /sorry/ captcha or block page) from ${response.url}`,
    );
  }
  let data: unknown;
  const text = stripXssiPrefix(response.body);
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ResponseValidationError({
      code: "RESPONSE_NOT_JSON",
      url: response.url,
      issues: [{ path: "", message: `expected JSON after the )]}' prefix, got: ${text.slice(0, 80).replace(/\s+/g, " ")}` }],
      cause: error,
    });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new ResponseValidationError({ url: response.url, issues: toValidationIssues(parsed.error.issues) });
  return parsed.data;
}

/**
 * Decodes the trending-now feed into its raw `<item>`s: an HTML page is a block, XML that is not well-formed a
 * `ResponseValidationError` (`GOOGLE_TRENDS_RSS_MALFORMED`), a document without `rss.channel` one with the path.
 */
export function decodeTrendingRss(response: RawResponse): unknown[] {
  if (looksLikeHtml(response.body, response.contentType)) {
    throw googleTrendsError(
      googleTrendsErrorCodes.GOOGLE_TRENDS_BLOCKED,
      `Google Trends sent an HTML page where the trending RSS feed was expected from ${response.url}`,
    );
  }
  const valid = XMLValidator.validate(response.body);
  if (valid !== true) {
    throw new ResponseValidationError({
      code: googleTrendsErrorCodes.GOOGLE_TRENDS_RSS_MALFORMED,
      url: response.url,
      issues: [{ path: "", message: `malformed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}` }],
    });
  }
  const parser = new XMLParser({
    ignoreAttributes: true,
    // Keep titles like "2024" or "007" as the text they are.
    parseTagValue: false,
    htmlEntities: true,
    isArray: (name) => name === "item" || name === "ht:news_item",
  });
  const parsed = trendingRssSchema.safeParse(parser.parse(response.body));
  if (!parsed.success) throw new ResponseValidationError({ url: response.url, issues: toValidationIssues(parsed.error.issues) });
  return parsed.data.rss.channel.item ?? [];
}
