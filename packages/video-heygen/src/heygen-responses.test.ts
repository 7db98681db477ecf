import { ResponseValidationError, UndercurrentError } from "@undercurrent/core";
import { createTestServer } from "@undercurrent/core/testing";
import { describe, expect, it } from "vitest";
import { createHeyGenVideoProvider } from "./heygen-video-provider.js";

// HeyGen as msw serves it, for the answers the loopback mock never gives: malformed or drifting bodies.
const base = "https://api.heygen.com";
const server = createTestServer({});
const provider = () => createHeyGenVideoProvider({ apiKey: "sk-msw-key-24680", retries: 0, validateIds: false });
const request = {
  avatarId: "8f3c1e2a9b7d4c6e8a1f0b2c3d4e5f60",
  voiceId: "2d5b0e6cf36f460aa7fc47e3eee4ba54",
  script: "Hi.",
  aspectRatio: "9:16" as const,
};

async function rejection(promise: Promise<unknown>): Promise<UndercurrentError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!UndercurrentError.isInstance(error)) throw new TypeError(`expected an UndercurrentError, got ${String(error)}`);
  return error;
}

describe("Retry-After", () => {
  const me = { json: { data: { username: "u", billing_type: "wallet", wallet: { currency: "usd", remaining_balance: 3 } } } };
  const limited = (headers: Record<string, string>) => ({
    status: 429,
    headers,
    json: { error: { code: "rate_limit_exceeded", message: "Too many requests" } },
  });
  const recording = () => {
    const slept: number[] = [];
    const now = Date.parse("2026-11-25T12:00:00Z");
    return { slept, now: () => now, sleep: async (milliseconds: number) => void slept.push(milliseconds) };
  };

  it("waits an HTTP-date Retry-After", async () => {
    server.use({ [`GET ${base}/v3/users/me`]: [limited({ "retry-after": "Wed, 25 Nov 2026 12:00:04 GMT" }), me] });
    const clock = recording();
    const balance = await createHeyGenVideoProvider({ apiKey: "sk-msw-key-24680", clock }).getBalance();
    expect(balance.remaining).toBe(3);
    expect(clock.slept[0]).toBe(4_000);
  });

  it("backs off exponentially on a 429 without Retry-After", async () => {
    server.use({ [`GET ${base}/v3/users/me`]: [limited({}), limited({}), me] });
    const clock = recording();
    await createHeyGenVideoProvider({ apiKey: "sk-msw-key-24680", clock, minBackoffMs: 400 }).getBalance();
    expect(clock.slept).toHaveLength(2);
    for (const wait of clock.slept) expect(wait).toBeGreaterThanOrEqual(200);
  });

  it("gives up on a Retry-After longer than maxRetryAfterMs, keeping it for the caller", async () => {
    server.use({ [`GET ${base}/v3/users/me`]: [limited({ "retry-after": "120" }), me] });
    const error = await rejection(createHeyGenVideoProvider({ apiKey: "sk-msw-key-24680", maxRetryAfterMs: 30_000 }).getBalance());
    expect(error).toMatchObject({ code: "HEYGEN_RATE_LIMITED", isRetryable: true, retryAfterMs: 120_000 });
  });
});

describe("malformed answers", () => {
  it("names truncated JSON on a 200", async () => {
    server.use({ [`GET ${base}/v3/videos/abc`]: { text: '{"data":{"id":"abc","sta', headers: { "content-type": "application/json" } } });
    const error = await rejection(provider().status("abc"));
    expect(error.code).toBe("RESPONSE_NOT_JSON");
  });

  it("names an HTML page on a 200 (retryable: usually a proxy or challenge page)", async () => {
    server.use({ [`GET ${base}/v3/videos/abc`]: { text: "<html>Just a moment…</html>", headers: { "content-type": "text/html" } } });
    const error = await rejection(provider().status("abc"));
    expect(ResponseValidationError.isInstance(error)).toBe(true);
    expect(error.isRetryable).toBe(true);
  });

  it("classifies a 502 whose body is not an envelope by its status", async () => {
    server.use({
      [`GET ${base}/v3/videos/abc`]: { status: 502, text: "<html>Bad Gateway</html>", headers: { "content-type": "text/html" } },
    });
    const error = await rejection(provider().status("abc"));
    expect(error).toMatchObject({ code: "HEYGEN_UNAVAILABLE", isRetryable: true, statusCode: 502 });
    expect(error.message).toContain("(body is not a HeyGen error)");
  });

  it("refuses a create answer without data.video_id", async () => {
    server.use({ [`POST ${base}/v3/videos`]: { json: { data: { status: "waiting" } } } });
    const error = await rejection(provider().start(request, { idempotencyKey: "no-id" }));
    expect(error.code).toBe("RESPONSE_INVALID");
    expect(error.message).toContain("data.video_id");
  });

  it("tolerates an error: null sibling, unknown fields and a completed video without URLs (polled again)", async () => {
    server.use({
      [`GET ${base}/v3/videos/abc`]: { json: { error: null, data: { id: "abc", status: "completed", video_url: null, new_field: 1 } } },
    });
    expect(await provider().status("abc")).toEqual({ providerJobId: "abc", status: "pending", progress: 0.99 });
  });

  it("treats waiting, queued and processing as pending", async () => {
    for (const status of ["waiting", "queued", "processing"]) {
      server.use({ [`GET ${base}/v3/videos/abc`]: { json: { data: { id: "abc", status } } } });
      expect((await provider().status("abc")).status).toBe("pending");
    }
  });

  it("sends the key as X-Api-Key, never in the URL", async () => {
    server.use({
      [`GET ${base}/v3/users/me`]: {
        json: {
          data: {
            username: "u",
            email: null,
            first_name: null,
            last_name: null,
            billing_type: "usage_based",
            usage_based: { remaining_credits: 120, spending_cap_usd: 50, spending_current_usd: 12.5 },
          },
        },
      },
    });
    expect(await provider().getBalance()).toEqual({
      billingType: "usage_based",
      remaining: 120,
      unit: "credits",
      spendingCapUsd: 50,
      spendingCurrentUsd: 12.5,
    });
    expect(server.calls[0]?.headers["x-api-key"]).toBe("sk-msw-key-24680");
    expect(server.calls[0]?.url).not.toContain("sk-msw-key");
  });

  it("reads a subscription balance in credits", async () => {
    server.use({
      [`GET ${base}/v3/users/me`]: {
        json: {
          data: {
            username: "u",
            billing_type: "subscription",
            subscription: { plan: "pro", credits: { premium_credits: { remaining: 40 }, add_on_credits: { remaining: 2 } } },
          },
        },
      },
    });
    expect(await provider().getBalance()).toEqual({ billingType: "subscription", remaining: 42, unit: "credits", plan: "pro" });
  });
});
