import type { Clock } from "@undercurrent/core";

/**
 * A small TTL cache of promises: concurrent callers share one request, a failed request is not cached, and
 * entries expire `ttlMs` after they were fetched (by the injected clock).
 */
export class CatalogueCache {
  readonly #entries = new Map<string, { expiresAt: number; value: Promise<unknown> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: Pick<Clock, "now">,
  ) {}

  /** The cached value of `key`, or the result of `load` (cached when it succeeds). `refresh` skips the cache. */
  get<T>(key: string, load: () => Promise<T>, refresh = false): Promise<T> {
    const now = this.clock.now();
    const entry = this.#entries.get(key);
    if (!refresh && entry && entry.expiresAt > now) return entry.value as Promise<T>;
    const value = load();
    if (this.ttlMs > 0) {
      this.#entries.set(key, { expiresAt: now + this.ttlMs, value });
      value.catch(() => {
        if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
      });
    }
    return value;
  }

  /** Stores a value fetched another way (a look found in a full listing). */
  set(key: string, value: unknown): void {
    if (this.ttlMs > 0) this.#entries.set(key, { expiresAt: this.clock.now() + this.ttlMs, value: Promise.resolve(value) });
  }

  /** Forgets every entry whose key starts with `prefix` (all when omitted). */
  clear(prefix = ""): void {
    for (const key of [...this.#entries.keys()]) if (key.startsWith(prefix)) this.#entries.delete(key);
  }
}
