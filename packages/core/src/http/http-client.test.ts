import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiCallError, ConfigError, ResponseValidationError, UndercurrentError } from "../errors.js";
import type { Clock } from "../runtime/clock.js";
import { createTestServer } from "../testing/test-server.js";
import { coreVersion, createHttpClient } from "./http-client.js";
import { parseResetHeader, parseRetryAfter, readRateLimitBudget } from "./rate-limit-headers.js";
import { redactUrl } from "./redact.js";

const base = "https://api.example.com";
const server = createTestServer({ [`GET ${base}/ok`]: { json: { value: 1 } } });

/** A clock whose sleeps return at once and are recorded. */
function recordingClock(start = Date.UTC(2026, 0, 1)) {
  let now = start;
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => now,
    async sleep(milliseconds, signal) {
      signal?.throwIfAborted();
      sleeps.push(milliseconds);
      now += milliseconds;
    },
  };
  return { clock, sleeps };
}

describe("createHttpClient", () => {
  it("sends a User-Agent with the plugin token and the core version, and validates JSON with the schema", async () => {
    const http = createHttpClient({ userAgent: "@undercurrent/sources-test/1.2.3", userAgentSuffix: "(by u/someone)" });
    const data = await http.getJson(`${base}/ok`, { schema: z.object({ value: z.number() }) });
    expect(data).toEqual({ value: 1 });
    expect(server.calls[0]?.headers["user-agent"]).toBe(`@undercurrent/sources-test/1.2.3 undercurrent-core/${coreVersion} (by u/someone)`);
  });

  it("puts a request's own product token before the client's User-Agent", async () => {
    await createHttpClient().getText(`${base}/ok`, { userAgent: "@undercurrent/sources-reddit/0.1.0" });
    expect(server.calls[0]?.headers["user-agent"]).toBe(`@undercurrent/sources-reddit/0.1.0 undercurrent-core/${coreVersion}`);
  });

  it("adds query parameters, resolves headers lazily and sends JSON bodies", async () => {
    server.use({
      [`POST ${base}/echo`]: (call) => ({ json: { url: call.url, body: JSON.parse(call.body), auth: call.headers.authorization } }),
    });
    let reads = 0;
    const http = createHttpClient();
    const response = await http.request(`${base}/echo`, {
      method: "POST",
      query: { q: "rust lang", page: 2, skip: undefined },
      json: { hello: "world" },
      headers: () => {
        reads++;
        return { authorization: "Bearer late-token" };
      },
      schema: z.object({ url: z.string(), body: z.unknown(), auth: z.string() }),
    });
    expect(reads).toBe(1);
    expect(response.data).toEqual({ url: `${base}/echo?q=rust+lang&page=2`, body: { hello: "world" }, auth: "Bearer late-token" });
    expect(response.status).toBe(200);
  });

  it("turns a schema mismatch into a ResponseValidationError with the path", async () => {
    server.use({ [`GET ${base}/drift`]: { json: { hits: [{ title: 42 }] } } });
    const http = createHttpClient();
    const error = await http
      .getJson(`${base}/drift`, { schema: z.object({ hits: z.array(z.object({ title: z.string() })) }) })
      .catch((caught: unknown) => caught);
    expect(ResponseValidationError.isInstance(error)).toBe(true);
    expect((error as ResponseValidationError).issues[0]?.path).toBe("hits.0.title");
    expect((error as Error).message).toContain(`${base}/drift`);
  });

  it("reports an HTML block page where JSON was expected as RESPONSE_NOT_JSON, not a SyntaxError", async () => {
    server.use({ [`GET ${base}/blocked`]: { headers: { "content-type": "text/html" }, text: "<html><body>Access denied</body></html>" } });
    const error = await createHttpClient()
      .getJson(`${base}/blocked`, { schema: z.unknown() })
      .catch((caught: unknown) => caught);
    expect(UndercurrentError.isInstance(error) && error.code).toBe("RESPONSE_NOT_JSON");
    expect((error as Error).message).toContain("text/html");
    expect((error as ResponseValidationError).contentType).toBe("text/html");
    // a block page usually passes: retryable, so the source degrades instead of going down
    expect((error as UndercurrentError).isRetryable).toBe(true);
  });

  it("retries 5xx with exponential backoff and jitter, then succeeds", async () => {
    server.use({ [`GET ${base}/flaky`]: [{ status: 503 }, { status: 502 }, { json: { ok: true } }] });
    const { clock, sleeps } = recordingClock();
    const http = createHttpClient({ clock, minBackoffMs: 100, maxBackoffMs: 10_000, random: () => 1 });
    expect(await http.getJson(`${base}/flaky`, { schema: z.object({ ok: z.boolean() }) })).toEqual({ ok: true });
    expect(server.calls).toHaveLength(3);
    expect(sleeps).toEqual([100, 200]);
    const low = recordingClock();
    server.use({ [`GET ${base}/flaky2`]: [{ status: 500 }, { status: 500 }, { json: {} }] });
    await createHttpClient({ clock: low.clock, minBackoffMs: 100, random: () => 0 }).getJson(`${base}/flaky2`, { schema: z.unknown() });
    expect(low.sleeps).toEqual([50, 50]);
  });

  it("gives up after the configured retries with the last error", async () => {
    server.use({ [`GET ${base}/down`]: { status: 500, text: "internal" } });
    const { clock } = recordingClock();
    const error = await createHttpClient({ clock, retries: 2 })
      .getText(`${base}/down`)
      .catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 500, code: "HTTP_500", isRetryable: true, responseBody: "internal" });
    expect(server.calls).toHaveLength(3);
  });

  it("does not retry a 400 or a 404", async () => {
    server.use({ [`GET ${base}/bad`]: { status: 400, json: { message: "bad query" } }, [`GET ${base}/missing`]: { status: 404 } });
    const http = createHttpClient({ clock: recordingClock().clock });
    await expect(http.getText(`${base}/bad`)).rejects.toMatchObject({ statusCode: 400, isRetryable: false });
    await expect(http.getText(`${base}/missing`)).rejects.toMatchObject({ statusCode: 404, isRetryable: false });
    expect(server.calls).toHaveLength(2);
  });

  it("waits as long as Retry-After says, in seconds or as an HTTP date", async () => {
    const { clock, sleeps } = recordingClock(Date.parse("2026-01-01T00:00:00Z"));
    server.use({
      [`GET ${base}/limited`]: [{ status: 429, headers: { "retry-after": "7" } }, { json: {} }],
      [`GET ${base}/limited-date`]: [{ status: 503, headers: { "retry-after": "Thu, 01 Jan 2026 00:00:37 GMT" } }, { json: {} }],
    });
    const http = createHttpClient({ clock });
    await http.getJson(`${base}/limited`, { schema: z.unknown() });
    await http.getJson(`${base}/limited-date`, { schema: z.unknown() });
    expect(sleeps).toEqual([7_000, 30_000]);
  });

  it("treats GitHub's 403 with an exhausted budget as a rate limit and waits for the reset", async () => {
    const start = Date.parse("2026-01-01T00:00:00Z");
    const { clock, sleeps } = recordingClock(start);
    const reset = String(start / 1000 + 20);
    server.use({
      [`GET ${base}/search`]: [
        {
          status: 403,
          headers: { "x-ratelimit-remaining": "0", "x-ratelimit-limit": "10", "x-ratelimit-reset": reset },
          json: { message: "API rate limit exceeded" },
        },
        { headers: { "x-ratelimit-remaining": "9", "x-ratelimit-limit": "10", "x-ratelimit-reset": reset }, json: { items: [] } },
      ],
    });
    const http = createHttpClient({ clock });
    await http.getJson(`${base}/search`, { schema: z.unknown() });
    expect(sleeps[0]).toBe(20_000);
    expect(http.rateLimit("api.example.com")).toEqual({ limit: 10, remaining: 9, resetAt: new Date(Number(reset) * 1000) });
  });

  it("does not block for longer than maxRetryAfterMs: it throws with retryAfterMs for the caller to reschedule", async () => {
    server.use({ [`GET ${base}/cooldown`]: { status: 429, headers: { "retry-after": "3600" } } });
    const { clock, sleeps } = recordingClock();
    const error = await createHttpClient({ clock, maxRetryAfterMs: 60_000 })
      .getText(`${base}/cooldown`)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "RATE_LIMITED", retryAfterMs: 3_600_000, isRetryable: true });
    expect(sleeps).toEqual([]);
    expect(server.calls).toHaveLength(1);
  });

  it("holds later requests to a host until a rate-limit reset has passed", async () => {
    const { clock, sleeps } = recordingClock();
    server.use({
      [`GET ${base}/quota`]: [{ status: 429, headers: { "retry-after": "5" } }, { json: {} }],
      [`GET ${base}/other`]: { json: {} },
    });
    const http = createHttpClient({ clock, retries: 0 });
    await expect(http.getText(`${base}/quota`)).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await http.getText(`${base}/other`);
    expect(sleeps).toEqual([5_000]);
  });

  it("times out slow responses as a retryable TIMEOUT", async () => {
    server.use({ [`GET ${base}/slow`]: { delayMs: 500, json: {} } });
    const error = await createHttpClient({ timeoutMs: 50, retries: 0 })
      .getText(`${base}/slow`)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "TIMEOUT", isRetryable: true });
  });

  it("lets the caller's abort through untouched", async () => {
    server.use({ [`GET ${base}/slow`]: { delayMs: 500, json: {} } });
    const controller = new AbortController();
    const reason = new DOMException("user cancelled", "AbortError");
    const pending = createHttpClient().getText(`${base}/slow`, { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);
    await expect(pending).rejects.toBe(reason);
  });

  it("maps network failures to a retryable NETWORK_ERROR", async () => {
    server.use({ [`GET ${base}/unreachable`]: { networkError: true } });
    const error = await createHttpClient({ retries: 0 })
      .getText(`${base}/unreachable`)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "NETWORK_ERROR", isRetryable: true });
  });

  it("retries POST only with an Idempotency-Key", async () => {
    const { clock } = recordingClock();
    server.use({ [`POST ${base}/videos`]: [{ status: 503 }, { json: { id: "v1" } }] });
    const http = createHttpClient({ clock });
    await expect(http.request(`${base}/videos`, { method: "POST", json: {} })).rejects.toMatchObject({ statusCode: 503 });
    server.reset();
    server.use({ [`POST ${base}/videos`]: [{ status: 503 }, { json: { id: "v1" } }] });
    const response = await http.request(`${base}/videos`, {
      method: "POST",
      json: {},
      headers: { "idempotency-key": "abc" },
      schema: z.object({ id: z.string() }),
    });
    expect(response.data).toEqual({ id: "v1" });
  });

  it("returns accepted non-2xx statuses such as 304 instead of throwing", async () => {
    server.use({ [`GET ${base}/feed`]: { status: 304 } });
    const response = await createHttpClient().request(`${base}/feed`, { acceptStatuses: [304], responseType: "text" });
    expect(response.status).toBe(304);
    expect(response.data).toBeUndefined();
  });

  it("keeps secrets out of errors and logs, even when the server echoes them", async () => {
    const secret = "sk-live-1234567890abcdef";
    server.use({
      [`GET ${base}/private`]: (call) => ({ status: 401, text: `invalid credentials: ${call.headers["x-api-key"]} / ${call.url}` }),
    });
    const logged: string[] = [];
    const logger = {
      debug() {},
      info() {},
      warn: (message: string, fields?: object) => logged.push(message + JSON.stringify(fields)),
      error() {},
    };
    const error = (await createHttpClient({ logger, retries: 0 })
      .getText(`${base}/private?api_key=${secret}&q=1`, { headers: { "x-api-key": secret } })
      .catch((caught: unknown) => caught)) as ApiCallError;
    expect(error.statusCode).toBe(401);
    const everything = JSON.stringify({
      message: error.message,
      url: error.url,
      body: error.responseBody,
      headers: error.responseHeaders,
      logged,
    });
    expect(everything).not.toContain(secret);
    expect(error.url).toContain("api_key=%5Bredacted%5D");
    expect(error.responseBody).toContain("[redacted]");

    server.use({ [`GET ${base}/flaky-private`]: [{ status: 500, text: `oops ${secret}` }, { json: {} }] });
    await createHttpClient({ logger, clock: recordingClock().clock, secrets: [secret] }).getText(`${base}/flaky-private`);
    expect(logged.join("\n")).not.toContain(secret);
    expect(logged.length).toBeGreaterThan(0);
  });

  it("limits requests in flight per host", async () => {
    let inFlight = 0;
    let peak = 0;
    server.use({
      [`GET ${base}/slowish`]: async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 20));
        inFlight--;
        return { json: {} };
      },
    });
    const http = createHttpClient({ hosts: { "api.example.com": { concurrency: 2 } } });
    await Promise.all(Array.from({ length: 6 }, () => http.getText(`${base}/slowish`)));
    expect(peak).toBe(2);
    expect(server.calls).toHaveLength(6);
  });

  it("holds back when a successful answer says the budget is spent: waits for a near reset, refuses a far one", async () => {
    const start = Date.parse("2026-01-01T00:00:00Z");
    const { clock, sleeps } = recordingClock(start);
    const spentUntil = (seconds: number) => ({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(start / 1000 + seconds) });
    server.use({
      [`GET ${base}/near`]: { headers: spentUntil(10), json: {} },
      [`GET ${base}/far`]: { headers: spentUntil(7_200), json: {} },
    });
    const http = createHttpClient({ clock });
    await http.getText(`${base}/near`);
    await http.getText(`${base}/near`);
    expect(sleeps).toEqual([10_000]);
    const far = createHttpClient({ clock: recordingClock(start).clock });
    await far.getText(`${base}/far`);
    const refused = await far.getText(`${base}/far`).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "RATE_LIMITED", retryAfterMs: 7_200_000 });
    expect(server.calls).toHaveLength(3);
  });

  it("reads a body in the charset its content type names, and reports redirects", async () => {
    const latin1 = new Uint8Array([0x63, 0x61, 0x66, 0xe9]); // "café" in ISO-8859-1
    server.use({
      [`GET ${base}/latin1`]: { headers: { "content-type": "text/xml; charset=ISO-8859-1" }, body: latin1 },
      [`GET ${base}/moved`]: { status: 301, headers: { location: `${base}/ok` } },
    });
    expect(await createHttpClient().getText(`${base}/latin1`)).toBe("café");
    const moved = await createHttpClient().request(`${base}/moved`, { responseType: "json", schema: z.unknown() });
    expect(moved).toMatchObject({ redirected: true, url: `${base}/ok`, data: { value: 1 } });
  });

  it("spaces requests to respect a request rate", async () => {
    const { clock, sleeps } = recordingClock();
    const http = createHttpClient({ clock, hosts: { "api.example.com": { concurrency: 1, requestsPerInterval: 2, intervalMs: 1_000 } } });
    for (let index = 0; index < 5; index++) await http.getText(`${base}/ok`);
    expect(sleeps).toEqual([1_000, 1_000]);
  });

  it("rejects bad options with a ConfigError naming the field", () => {
    expect(() => createHttpClient({ timeoutMs: -5 })).toThrow(ConfigError);
    expect(() => createHttpClient({ timeoutMs: -5 })).toThrow(/createHttpClient: options\.timeoutMs/);
    expect(() => createHttpClient({ hosts: { "a.com": { concurrency: 0 } } })).toThrow(/options\.hosts\.a\.com\.concurrency/);
    expect(() => createHttpClient({ fetch: "nope" as never })).toThrow(/options\.fetch/);
  });

  it("uses an injected fetch", async () => {
    const seen: string[] = [];
    const http = createHttpClient({
      fetch: async (input) => {
        seen.push(String(input));
        return new Response('{"injected":true}', { headers: { "content-type": "application/json" } });
      },
    });
    expect(await http.getJson("https://nowhere.invalid/x", { schema: z.object({ injected: z.boolean() }) })).toEqual({ injected: true });
    expect(seen).toEqual(["https://nowhere.invalid/x"]);
  });
});

describe("rate-limit headers", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it("parses Retry-After seconds and dates", () => {
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:01:00 GMT", now)).toBe(60_000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("reads reset headers as epoch seconds (GitHub) or seconds from now (Reddit)", () => {
    expect(parseResetHeader(String(now / 1000 + 60), now)).toBe(now + 60_000);
    expect(parseResetHeader("42", now)).toBe(now + 42_000);
    expect(parseResetHeader("2026-01-01T00:05:00.000000Z", now)).toBe(now + 300_000);
    expect(parseResetHeader("whenever", now)).toBeUndefined();
    const reddit = new Headers({ "x-ratelimit-remaining": "95.0", "x-ratelimit-used": "5", "x-ratelimit-reset": "300" });
    expect(readRateLimitBudget(reddit, now)).toEqual({ limit: 100, remaining: 95, resetAt: new Date(now + 300_000) });
    expect(readRateLimitBudget(new Headers(), now)).toBeUndefined();
  });

  it("redacts credential query parameters and URL passwords", () => {
    expect(redactUrl("https://u:pw@x.com/a?token=abc&q=1")).toBe("https://u:%5Bredacted%5D@x.com/a?token=%5Bredacted%5D&q=1");
    expect(redactUrl("not a url")).toBe("not a url");
  });
});

describe("request option validation", () => {
  it("names a bad request option or URL before sending anything", async () => {
    const http = createHttpClient();
    await expect(http.request(`${base}/ok`, { method: "FETCH" as "GET" })).rejects.toThrow(/request: options\.method/);
    await expect(http.request(`${base}/ok`, { timeoutMs: 0 })).rejects.toThrow(/request: options\.timeoutMs/);
    await expect(http.request(`${base}/ok`, { schema: { parse: () => 1 } as never })).rejects.toThrow(
      /options\.schema: expected a zod schema/,
    );
    await expect(http.request(`${base}/ok`, { retry: 3 } as never)).rejects.toThrow(/unrecognized key: "retry"/);
    const relative = await http.getText("/relative/path?token=abc").catch((error: unknown) => error);
    expect(ConfigError.isInstance(relative) && relative.message).toBe('request: url: expected an absolute URL, got "/relative/path"');
    expect(server.calls).toHaveLength(0);
  });
});
