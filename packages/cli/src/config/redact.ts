import { redacted } from "@undercurrent/core";

/**
 * Keys whose values are never printed: ones ending in a credential word (`apiKey`, `api_key`, `accessToken`,
 * `clientSecret`, `password`, `credentials`, or plain `key`), but not `keywords` or `maxTokens`.
 */
const secretKeyPattern = /(?:api[_-]?key|^key|secret|password|passphrase|token|credentials?)$/i;

/** What a secret value is printed as (the same placeholder core's HTTP helper uses). */
export const REDACTED = redacted;

/** True when a config key names a secret (`apiKey`, `accessToken`, `clientSecret`, `password`…). */
export function isSecretKey(key: string): boolean {
  return secretKeyPattern.test(key);
}

/** A deep copy of `value` in which every property whose key names a secret reads `[redacted]`. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, isSecretKey(key) ? REDACTED : redactSecrets(child)]));
}
