import type { SourceContext } from "@undercurrent/core";
import { tokenResponseSchema } from "./reddit-api.js";
import { mapRedditError, tokenRefusedError } from "./reddit-error.js";
import type { RedditCredentials, RedditSourceSettings } from "./reddit-source-options.js";

/** App-only OAuth tokens, fetched with the client-credentials grant and cached until shortly before they expire. */
export interface RedditTokens {
  /** A valid bearer token: the cached one, or a new one. */
  get(credentials: RedditCredentials, context: SourceContext): Promise<string>;
  /** Forgets the cached token (after Reddit refused it). */
  invalidate(): void;
}

const defaultLifetimeSeconds = 3_600;
const maxRefreshMarginMs = 60_000;

/** Creates the token cache of one source. */
export function createRedditTokens(settings: RedditSourceSettings): RedditTokens {
  let cached: { token: string; clientId: string; refreshAt: number } | undefined;

  async function requestToken(credentials: RedditCredentials, { http, signal, clock }: SourceContext): Promise<string> {
    const { clientId, clientSecret, userAgent } = credentials;
    try {
      const response = await http.request(settings.tokenURL, {
        method: "POST",
        body: new URLSearchParams({ grant_type: "client_credentials" }),
        headers: () => ({
          ...settings.headers,
          authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
          "user-agent": userAgent,
        }),
        schema: tokenResponseSchema,
        responseType: "json",
        signal,
        // Asking for a token twice is harmless, so 429 and 5xx may be retried like a GET.
        retryNonIdempotent: true,
        secrets: [clientSecret, clientId],
      });
      const { access_token: token, expires_in: expiresIn, error } = response.data;
      if (!token || (error !== undefined && error !== null)) throw tokenRefusedError(String(error ?? "no access_token"), response.url);
      const lifetimeMs = (expiresIn ?? defaultLifetimeSeconds) * 1000;
      cached = { token, clientId, refreshAt: clock.now() + lifetimeMs - Math.min(maxRefreshMarginMs, lifetimeMs / 10) };
      return token;
    } catch (error) {
      throw mapRedditError(error, { endpoint: "token" });
    }
  }

  return {
    async get(credentials, context) {
      if (cached && cached.clientId === credentials.clientId && context.clock.now() < cached.refreshAt) return cached.token;
      cached = undefined;
      return requestToken(credentials, context);
    },
    invalidate() {
      cached = undefined;
    },
  };
}
