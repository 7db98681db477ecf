import { ApiCallError, parseRetryAfter, type SourceContext } from "@undercurrent/core";
import type { RawResponse } from "./google-trends-api.js";
import type { GoogleTrendsSettings } from "./google-trends-source-options.js";

/** A `Retry-After` up to this long is waited out within the pull; a longer one becomes the cool-down. */
export const maxRetryAfterWaitMs = 10_000;

/** What a source object keeps between pulls (never persisted: the cookie stays in memory). */
export interface GoogleTrendsSession {
  /** `NID=…` from Google's last `set-cookie`, sent back like a browser would. */
  cookie: string | undefined;
}

/** GETs a Google Trends path and returns the body as text. */
export type GoogleTrendsGet = (path: string, query: Record<string, string>) => Promise<RawResponse>;

function nidCookie(headers: Headers): string | undefined {
  const cookie = headers.getSetCookie().find((value) => value.trim().startsWith("NID="));
  return cookie?.split(";")[0]?.trim();
}

/**
 * A GET through the pipeline's HTTP helper (which retries 5xx and timeouts) that handles 429 itself, as the
 * npm google-trends-api does: a 429 setting a new `NID` cookie is retried once with it, a short `Retry-After`
 * is waited out once, and any other 429 is thrown for `mapGoogleTrendsError` (→ a cool-down).
 */
export function createGoogleTrendsGet(
  settings: GoogleTrendsSettings,
  context: SourceContext,
  session: GoogleTrendsSession,
): GoogleTrendsGet {
  const send = (url: string, query: Record<string, string>) =>
    context.http.request(url, {
      query,
      responseType: "text",
      acceptStatuses: [429],
      signal: context.signal,
      headers: () => ({ ...settings.headers, ...(session.cookie && { cookie: session.cookie }) }),
    });

  return async (path, query) => {
    const url = `${settings.baseURL}${path}`;
    let response = await send(url, query);
    if (response.status === 429) {
      const cookie = nidCookie(response.headers);
      const wait = parseRetryAfter(response.headers.get("retry-after"), context.clock.now());
      if (cookie && cookie !== session.cookie) {
        session.cookie = cookie;
        response = await send(url, query);
      } else if (wait !== undefined && wait <= maxRetryAfterWaitMs) {
        await context.clock.sleep(wait, context.signal);
        response = await send(url, query);
      }
    }
    const cookie = nidCookie(response.headers);
    if (cookie) session.cookie = cookie;
    if (response.status === 429) {
      const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), context.clock.now());
      throw new ApiCallError({
        code: "RATE_LIMITED",
        message: `GET ${response.url} returned 429 Too Many Requests`,
        url: response.url,
        statusCode: 429,
        ...(retryAfterMs !== undefined && { retryAfterMs }),
        isRetryable: true,
      });
    }
    return {
      body: typeof response.data === "string" ? response.data : "",
      contentType: response.headers.get("content-type") ?? "",
      url: response.url,
    };
  };
}
