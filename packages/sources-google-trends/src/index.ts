/**
 * `@undercurrent/sources-google-trends`: the Google Trends source for Undercurrent — the trending-now RSS feed
 * of a region, and interest over time and related queries of chosen keywords. The endpoints are unofficial
 * and may change or block without notice; the source degrades with a cool-down rather than failing.
 *
 * @packageDocumentation
 */
export { countryCodes } from "./country-codes.js";
export { type GoogleTrendsCursor, googleTrendsCursorSchema } from "./google-trends-cursor.js";
export { type GoogleTrendsErrorCode, googleTrendsErrorCodes, mapGoogleTrendsError } from "./google-trends-error.js";
export { googleTrendsSourceId, interestSeriesId, parseApproximateTraffic } from "./google-trends-mapping.js";
export { createGoogleTrendsSource } from "./google-trends-source.js";
export { type GoogleTrendsSourceOptions, googleTrendsSourceOptionsSchema } from "./google-trends-source-options.js";
