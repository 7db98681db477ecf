const sensitiveHeaderNames = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "x-api-key",
  "api-key",
  "x-auth-token",
  "x-access-token",
]);

const sensitiveQueryNames = new Set([
  "key",
  "api_key",
  "apikey",
  "token",
  "access_token",
  "refresh_token",
  "client_secret",
  "password",
  "secret",
  "signature",
  "sig",
]);

/** Placeholder that replaces a secret wherever it would otherwise appear. */
export const redacted = "[redacted]";

/** True for header names whose values are credentials. */
export function isSensitiveHeader(name: string): boolean {
  return sensitiveHeaderNames.has(name.toLowerCase());
}

/** Returns the URL with the values of credential-like query parameters replaced. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    let changed = false;
    for (const name of [...parsed.searchParams.keys()]) {
      if (sensitiveQueryNames.has(name.toLowerCase())) {
        parsed.searchParams.set(name, redacted);
        changed = true;
      }
    }
    if (parsed.password) {
      parsed.password = redacted;
      changed = true;
    }
    return changed ? parsed.toString() : url;
  } catch {
    return url;
  }
}

/** Collects the secret values found in request headers and in the URL's query. */
export function collectSecrets(url: string, headers: Headers, extra: readonly string[] = []): string[] {
  const secrets = new Set<string>();
  const add = (value: string | null | undefined) => {
    if (!value || value.length < 4) return;
    secrets.add(value);
    // `Bearer abc`, `token abc`, `Basic abc`: the credential alone must go too.
    const parts = value.split(/\s+/);
    const last = parts.at(-1);
    if (parts.length > 1 && last && last.length >= 4) secrets.add(last);
  };
  headers.forEach((value, name) => {
    if (isSensitiveHeader(name)) add(value);
  });
  try {
    for (const [name, value] of new URL(url).searchParams) if (sensitiveQueryNames.has(name.toLowerCase())) add(value);
  } catch {
    // not a URL: nothing to collect
  }
  for (const value of extra) add(value);
  return [...secrets].sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of each secret in `text`. */
export function redactText(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret) result = result.split(secret).join(redacted);
  return result;
}
