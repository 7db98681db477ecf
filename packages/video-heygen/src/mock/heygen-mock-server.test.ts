import { ConfigError } from "@undercurrent/core";
import { afterEach, describe, expect, it } from "vitest";
import type { HeyGenMockServerOptions } from "./heygen-mock-options.js";
import { createHeyGenMockServer, type HeyGenMockServer } from "./heygen-mock-server.js";

const abigail = "8f3c1e2a9b7d4c6e8a1f0b2c3d4e5f60";
const rachel = "2d5b0e6cf36f460aa7fc47e3eee4ba54";
const video = { type: "avatar", avatar_id: abigail, script: "Here are this week's top trends.", voice_id: rachel, aspect_ratio: "9:16" };

const servers: HeyGenMockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: HeyGenMockServerOptions = {}) {
  const mock = await createHeyGenMockServer(options);
  servers.push(mock);
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${mock.url}${path}`, {
      method,
      headers: { "x-api-key": mock.apiKey, ...(body !== undefined && { "content-type": "application/json" }), ...headers },
      ...(body !== undefined && { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    // biome-ignore lint/suspicious/noExplicitAny: the tests read arbitrary JSON answers field by field
    return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as Record<string, any>) : undefined };
  };
  return { mock, call };
}

describe("HeyGen mock server", () => {
  it("listens on loopback and checks the key, answering HeyGen's error envelope", async () => {
    const { mock, call } = await start();
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const missing = await fetch(`${mock.url}/v3/users/me`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({
      error: {
        code: "unauthorized",
        message: "Missing API key: send the X-Api-Key header",
        doc_url: "https://developers.heygen.com/docs/error-codes#unauthorized",
      },
    });
    const bearer = await fetch(`${mock.url}/v3/users/me`, { headers: { authorization: `Bearer ${mock.apiKey}` } });
    expect(bearer.status).toBe(200);
    expect((await call("GET", "/v3/nothing")).json?.error.code).toBe("not_found");
    expect((await fetch(`${mock.url}/v3/videos`, { method: "OPTIONS" })).status).toBe(200);
    expect(mock.requests.every((record) => !JSON.stringify(record).includes(mock.apiKey))).toBe(true);
  });

  it("creates a render as waiting and moves it pending → processing → completed on its clock", async () => {
    let now = Date.parse("2026-11-25T12:00:00Z");
    const { mock, call } = await start({ clock: { now: () => now }, renderTiming: { pendingMs: 1_000, processingMs: 4_000 } });
    const created = await call("POST", "/v3/videos", { ...video, caption: { file_format: "srt" } }, { "idempotency-key": "k1" });
    expect(created.status).toBe(200);
    expect(created.json).toEqual({ data: { video_id: expect.stringMatching(/^[0-9a-f]{32}$/), status: "waiting", output_format: "mp4" } });
    const id = created.json?.data.video_id as string;
    const pending = (await call("GET", `/v3/videos/${id}`)).json?.data;
    expect(pending).toMatchObject({
      id,
      status: "pending",
      created_at: 1_795_608_000,
      completed_at: null,
      video_url: null,
      failure_code: null,
    });
    now += 1_500;
    expect((await call("GET", `/v3/videos/${id}`)).json?.data.status).toBe("processing");
    await mock.advance(4_000);
    const done = (await call("GET", `/v3/videos/${id}`)).json?.data;
    expect(done).toMatchObject({
      status: "completed",
      completed_at: 1_795_608_005,
      video_page_url: `https://app.heygen.com/videos/${id}`,
      captioned_video_url: null,
      subtitle_url: expect.stringMatching(/^https:\/\/files\.heygen\.ai\/subtitle\/.+\.srt\?Expires=/),
    });
    expect(done?.duration).toBeGreaterThan(0);
    expect(mock.counters).toMatchObject({ paidRenders: 1, completedRenders: 1 });
  });

  it("moves renders in real time too (for benches)", async () => {
    const { call } = await start({ renderTiming: { pendingMs: 20, processingMs: 20 } });
    const id = (await call("POST", "/v3/videos", video)).json?.data.video_id as string;
    let status = "";
    for (let poll = 0; poll < 100 && status !== "completed"; poll++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      status = (await call("GET", `/v3/videos/${id}`)).json?.data.status as string;
    }
    expect(status).toBe("completed");
  });

  it.each([
    [{ ...video, script: "x".repeat(5_001) }, 400, "invalid_parameter", "script"],
    [{ ...video, aspect_ratio: "3:2" }, 400, "invalid_parameter", "aspect_ratio"],
    [{ ...video, resolution: "8k" }, 400, "invalid_parameter", "resolution"],
    [{ ...video, dimension: { width: 1080, height: 1920 } }, 400, "invalid_parameter", "dimension"],
    [{ ...video, test: true }, 400, "invalid_parameter", "test"],
    [{ ...video, avatar_id: "nope" }, 404, "avatar_not_found", "avatar_id"],
    [{ ...video, voice_id: "nope" }, 404, "voice_not_found", "voice_id"],
    [{ type: "avatar", avatar_id: "e8b6d7f4a2c0b9d1e3f5a7b9c1d3e5f7", script: "Hi" }, 400, "invalid_parameter", "voice_id"],
    [{ ...video, audio_url: "https://cdn.example.com/a.mp3" }, 400, "invalid_parameter", "script"],
    [{ ...video, script: undefined, audio_url: "https://cdn.example.com/page.html" }, 400, "download_failed", "audio_url"],
    [{ ...video, output_format: "webm", background: { type: "color", value: "#000000" } }, 400, "invalid_parameter", "background"],
    [{ ...video, engine: { type: "avatar_v" }, avatar_id: "9a4d2f3b0c8e5d7f9b2a1c3d4e5f6a71" }, 400, "invalid_parameter", "engine.type"],
    [{ ...video, voice_settings: { speed: 2 } }, 400, "invalid_parameter", "voice_settings.speed"],
    [{ ...video, type: "video" }, 400, "invalid_parameter", "type"],
  ])("refuses a bad create (%#) without charging", async (body, status, code, param) => {
    const { mock, call } = await start();
    const answer = await call("POST", "/v3/videos", body);
    expect(answer.status).toBe(status);
    expect(answer.json?.error).toMatchObject({ code, param });
    expect(mock.counters.paidRenders).toBe(0);
  });

  it("refuses a body that is not JSON, and an invalid Idempotency-Key", async () => {
    const { call } = await start();
    expect((await call("POST", "/v3/videos", "{oops")).json?.error).toMatchObject({ code: "invalid_parameter", param: "body" });
    expect((await call("POST", "/v3/videos", video, { "idempotency-key": "bad key!" })).json?.error.param).toBe("Idempotency-Key");
  });

  it("replays a reused Idempotency-Key, scoped per route, and counts paid duplicates without one", async () => {
    const { mock, call } = await start();
    const first = await call("POST", "/v3/videos", video, { "idempotency-key": "same" });
    const replay = await call("POST", "/v3/videos", video, { "idempotency-key": "same" });
    expect(replay.json).toEqual(first.json);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    const template = await call("POST", "/v3/templates/tpl_3f1a9c2e7b5d4e8a", { variables: {} }, { "idempotency-key": "same" });
    expect(template.json?.data.id).not.toBe(first.json?.data.video_id);
    expect(mock.counters).toMatchObject({ paidRenders: 2, idempotentReplays: 1, duplicatePaidRenders: 0 });
    await call("POST", "/v3/videos", { ...video, callback_url: "http://127.0.0.1:9/elsewhere" });
    expect(mock.counters).toMatchObject({ paidRenders: 3, duplicatePaidRenders: 1 });
  });

  it("answers request_in_progress while the first call with a key runs", async () => {
    const { mock, call } = await start({ createLatencyMs: 500 });
    const first = call("POST", "/v3/videos", video, { "idempotency-key": "slow" });
    while (mock.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 50)); // its body read and its key marked in progress
    const second = await call("POST", "/v3/videos", video, { "idempotency-key": "slow" });
    expect(second.status).toBe(409);
    expect(second.json?.error.code).toBe("request_in_progress");
    expect((await first).status).toBe(200);
    expect(mock.counters).toMatchObject({ paidRenders: 1, requestInProgress: 1 });
  });

  it("enforces plan concurrency with 429 and a Retry-After until the next slot frees", async () => {
    let now = 1_000_000;
    const { mock, call } = await start({
      clock: { now: () => now },
      concurrency: 2,
      renderTiming: { pendingMs: 2_000, processingMs: 5_000 },
    });
    await call("POST", "/v3/videos", video);
    now += 2_500;
    await call("POST", "/v3/videos", { ...video, script: "Two." });
    const third = await call("POST", "/v3/videos", { ...video, script: "Three." });
    expect(third.status).toBe(429);
    expect(third.headers.get("retry-after")).toBe("5");
    expect(third.json?.error.code).toBe("rate_limit_exceeded");
    now += 5_000;
    expect((await call("POST", "/v3/videos", { ...video, script: "Three." })).status).toBe(200);
    expect(mock.counters).toMatchObject({ paidRenders: 3, concurrencyRejections: 1, peakConcurrentRenders: 2 });
  });

  it("answers 402 insufficient_credit when the wallet cannot pay, and refunds deleted renders", async () => {
    const { mock, call } = await start({ balanceUsd: 0.5 });
    const created = await call("POST", "/v3/videos", video);
    expect(created.status).toBe(200);
    const broke = await call("POST", "/v3/videos", { ...video, script: "word ".repeat(200) });
    expect(broke.status).toBe(402);
    expect(broke.json?.error).toMatchObject({
      code: "insufficient_credit",
      message: expect.stringMatching(/^Your account has \$0\.\d\d but this video requires \$\d+\.\d\d\.$/),
    });
    await call("DELETE", `/v3/videos/${created.json?.data.video_id}`);
    expect(mock.balanceUsd).toBeCloseTo(0.5, 6);
    expect((await call("GET", "/v3/users/me")).json?.data.wallet).toEqual({
      currency: "usd",
      remaining_balance: 0.5,
      auto_reload: { enabled: false, amount_usd: null, threshold_usd: null },
    });
  });

  it("pages lists with has_more and next_token, and refuses bad limits and tokens", async () => {
    const { call } = await start();
    const ids: string[] = [];
    let token: string | null = null;
    do {
      const page = await call("GET", `/v3/avatars/looks?limit=3${token ? `&token=${token}` : ""}`);
      ids.push(...((page.json?.data ?? []) as { id: string }[]).map((look) => look.id));
      token = page.json?.has_more ? (page.json.next_token as string) : null;
      if (!page.json?.has_more) expect(page.json?.next_token).toBeNull();
    } while (token);
    expect(ids).toHaveLength(7);
    expect((await call("GET", "/v3/avatars/looks?limit=51")).json?.error).toMatchObject({ code: "invalid_parameter", param: "limit" });
    expect((await call("GET", "/v3/voices?token=garbage")).json?.error.param).toBe("token");
    expect((await call("GET", "/v3/voices?type=private")).json?.data).toHaveLength(1);
    expect((await call("GET", "/v3/avatars/looks?ownership=private")).json?.data[0]).toMatchObject({
      avatar_type: "digital_twin",
      status: "completed",
    });
    expect((await call("GET", "/v3/avatars")).json?.data.map((group: { id: string }) => group.id)).toContain("grp_abigail");
  });

  it("answers bulk statuses with queued, not_found and at most 100 ids", async () => {
    const { call } = await start();
    const id = (await call("POST", "/v3/videos", video)).json?.data.video_id as string;
    const statuses = await call("GET", `/v3/videos/statuses?video_ids=${id},missing`);
    expect(statuses.json).toEqual({
      data: [
        { video_id: id, status: "queued", error: null },
        { video_id: "missing", status: "not_found", error: null },
      ],
      has_more: false,
      next_token: null,
    });
    const many = Array.from({ length: 101 }, (_, index) => `v${index}`).join(",");
    expect((await call("GET", `/v3/videos/statuses?video_ids=${many}`)).status).toBe(400);
  });

  it("injects faults at the configured rates and counts them", async () => {
    const { mock, call } = await start({ faults: { rateLimitRate: 1, retryAfterSeconds: 2 } });
    const limited = await call("GET", "/v3/users/me");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    mock.setFaults({ serverErrorRate: 1, routes: "creates" });
    expect((await call("GET", "/v3/users/me")).status).toBe(200);
    expect((await call("POST", "/v3/videos", video)).status).toBeGreaterThanOrEqual(500);
    expect(mock.counters).toMatchObject({ injectedRateLimits: 1, injectedServerErrors: 1 });
    expect(() => mock.setFaults({ serverErrorRate: 2 })).toThrow(/faults\.serverErrorRate: expected a rate from 0 to 1/);
  });

  it("validates its options with ConfigErrors naming the field", async () => {
    const error = await createHeyGenMockServer({ concurrency: 0 }).catch((caught: unknown) => caught);
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/^createHeyGenMockServer: options\.concurrency/);
  });
});
