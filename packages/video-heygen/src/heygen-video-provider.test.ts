import { type Clock, createManualClock, UndercurrentError, ValidationError } from "@undercurrent/core";
import { afterEach, describe, expect, it } from "vitest";
import { createHeyGenVideoProvider } from "./heygen-video-provider.js";
import type { HeyGenVideoProviderOptions } from "./heygen-video-provider-options.js";
import type { HeyGenMockServerOptions } from "./mock/heygen-mock-options.js";
import { createHeyGenMockServer, type HeyGenMockServer } from "./mock/heygen-mock-server.js";

const abigail = "8f3c1e2a9b7d4c6e8a1f0b2c3d4e5f60";
const rachel = "2d5b0e6cf36f460aa7fc47e3eee4ba54";
const request = { avatarId: abigail, voiceId: rachel, script: "Here are this week's top trends.", aspectRatio: "9:16" as const };

const servers: HeyGenMockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function setup(mockOptions: HeyGenMockServerOptions = {}, providerOptions: HeyGenVideoProviderOptions = {}) {
  const mock = await createHeyGenMockServer({ apiKey: "sk-test-heygen-0123456789", ...mockOptions });
  servers.push(mock);
  const provider = createHeyGenVideoProvider({ apiKey: mock.apiKey, baseURL: mock.url, minBackoffMs: 1, ...providerOptions });
  return { mock, provider };
}

async function failure(promise: Promise<unknown>): Promise<UndercurrentError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!UndercurrentError.isInstance(error)) throw new TypeError(`expected an UndercurrentError, got ${String(error)}`);
  return error;
}

/** A clock whose sleeps return at once but are recorded (to check waits without waiting). */
function recordingClock(): Clock & { slept: number[] } {
  const slept: number[] = [];
  return { slept, now: () => Date.now(), sleep: async (milliseconds) => void slept.push(milliseconds) };
}

/** Resolves once the mock has received a create (it is then being handled for `createLatencyMs`). */
async function firstCreateArrived(mock: HeyGenMockServer): Promise<void> {
  while (!mock.requests.some((record) => record.method === "POST")) await new Promise((resolve) => setTimeout(resolve, 5));
  await new Promise((resolve) => setTimeout(resolve, 50)); // its body read and its key marked in progress
}

const paths = (mock: HeyGenMockServer, prefix: string) => mock.requests.filter((record) => record.path.startsWith(prefix));

describe("catalogue", () => {
  it("walks every page of looks and voices and maps them to the contract", async () => {
    const { mock, provider } = await setup({ maxPageSize: 2 });
    const avatars = await provider.listAvatars();
    expect(avatars).toHaveLength(7);
    expect(paths(mock, "/v3/avatars/looks").length).toBe(4); // 7 looks, 2 a page
    const abigailAvatar = avatars.find((avatar) => avatar.id === abigail);
    expect(abigailAvatar).toMatchObject({ name: "Abigail (Upper Body)", gender: "female", defaultVoiceId: rachel, premium: true });
    expect(abigailAvatar?.tags).toEqual(
      expect.arrayContaining(["professional", "type:studio_avatar", "engine:avatar_v", "orientation:landscape"]),
    );
    const sketch = avatars.find((avatar) => avatar.name === "Sketch Presenter");
    expect(sketch).toMatchObject({ gender: "unknown", premium: false });
    expect(sketch?.defaultVoiceId).toBeUndefined();

    const voices = await provider.listVoices();
    expect(voices.map((voice) => voice.id)).toContain("c0ffee00c0ffee00c0ffee00c0ffee00"); // the private clone too
    expect(voices.find((voice) => voice.id === rachel)).toMatchObject({ language: "en", gender: "female" });
    expect(voices.find((voice) => voice.name.startsWith("Lucía"))?.language).toBe("es");
  });

  it("caches catalogues until the TTL passes, and refreshes on demand", async () => {
    const clock = createManualClock(Date.now());
    const { mock, provider } = await setup({}, { clock, catalogueTtlMs: 60_000 });
    await provider.listAvatars();
    await provider.listAvatars();
    await Promise.all([provider.listVoices(), provider.listVoices()]);
    expect(paths(mock, "/v3/avatars/looks")).toHaveLength(1);
    expect(paths(mock, "/v3/voices")).toHaveLength(2); // public and private, shared by both callers
    await provider.listAvatars({ refresh: true });
    expect(paths(mock, "/v3/avatars/looks")).toHaveLength(2);
    await clock.advance(60_001);
    await provider.listAvatars();
    expect(paths(mock, "/v3/avatars/looks")).toHaveLength(3);
  });

  it("uses the cached listing to validate a start without fetching the look again", async () => {
    const { mock, provider } = await setup();
    await provider.listAvatarLooks();
    await provider.start({ ...request, voiceId: undefined }, { idempotencyKey: "cached-look-1" });
    expect(paths(mock, `/v3/avatars/looks/${abigail}`)).toHaveLength(0);
  });
});

describe("start", () => {
  it("sends a v3 avatar body with the key and an Idempotency-Key, and starts pending", async () => {
    const { mock, provider } = await setup();
    const started = await provider.start(
      {
        ...request,
        voiceSettings: { speed: 1.05, locale: "en-US" },
        resolution: "720p",
        captions: "burn-in",
        background: { type: "color", value: "#0F172A" },
        title: "Weekly trends #23",
        callbackUrl: "https://hooks.example.com/heygen",
        callbackId: "job_7f3a2c",
        engine: "avatar_v",
      },
      { idempotencyKey: "job_7f3a2c:9x16" },
    );
    expect(started).toMatchObject({ status: "pending", progress: 0 });
    const create = paths(mock, "/v3/videos").find((record) => record.method === "POST");
    expect(create?.idempotencyKey).toBe("job_7f3a2c:9x16");
    expect(create?.authorized).toBe(true);
    expect(create?.body).toEqual({
      type: "avatar",
      avatar_id: abigail,
      script: "Here are this week's top trends.",
      voice_id: rachel,
      voice_settings: { speed: 1.05, locale: "en-US" },
      title: "Weekly trends #23",
      resolution: "720p",
      aspect_ratio: "9:16",
      caption: { file_format: "srt", style: "default" },
      background: { type: "color", value: "#0F172A" },
      engine: { type: "avatar_v" },
      callback_url: "https://hooks.example.com/heygen",
      callback_id: "job_7f3a2c",
    });
    expect(mock.counters.paidRenders).toBe(1);
  });

  it("uses the look's default voice when no voice is given", async () => {
    const { mock, provider } = await setup();
    await provider.start({ avatarId: abigail, script: "Hello there.", aspectRatio: "1:1" }, { idempotencyKey: "default-voice" });
    expect(paths(mock, "/v3/videos").find((record) => record.method === "POST")?.body).toMatchObject({ voice_id: rachel });
  });

  it("renders from audio without a voice", async () => {
    const { mock, provider } = await setup();
    await provider.start(
      { avatarId: abigail, audioUrl: "https://cdn.example.com/speech.mp3", aspectRatio: "16:9" },
      { idempotencyKey: "audio-1" },
    );
    const body = paths(mock, "/v3/videos").find((record) => record.method === "POST")?.body as Record<string, unknown>;
    expect(body.audio_url).toBe("https://cdn.example.com/speech.mp3");
    expect(body.voice_id).toBeUndefined();
  });

  it.each([
    ["a script over 5,000 characters", { ...request, script: "word ".repeat(1_001) }, /request\.script: expected at most 5000 characters/],
    [
      "an unsupported aspect ratio",
      { ...request, aspectRatio: "3:2" },
      /request\.aspectRatio: expected one of 16:9, 9:16, 4:5, 5:4, 1:1, auto/,
    ],
    [
      "neither script nor audio",
      { avatarId: abigail, voiceId: rachel, aspectRatio: "9:16" },
      /request\.script: give exactly one of script, audioUrl/,
    ],
    ["a speed HeyGen refuses", { ...request, voiceSettings: { speed: 1.8 } }, /request\.voiceSettings\.speed: expected 0\.5–1\.5/],
    ["a bad background colour", { ...request, background: { type: "color", value: "navy" } }, /request\.background/],
    [
      "an engine the look lacks",
      { ...request, avatarId: "9a4d2f3b0c8e5d7f9b2a1c3d4e5f6a71", engine: "avatar_v" },
      /request\.engine: avatar look .* supports avatar_iv, avatar_iii/,
    ],
    [
      "a script on a look without default voice",
      { avatarId: "e8b6d7f4a2c0b9d1e3f5a7b9c1d3e5f7", script: "Hi", aspectRatio: "1:1" },
      /request\.voiceId: a script needs a voiceId/,
    ],
  ])("rejects %s with a ValidationError naming the field, paying nothing", async (_, input, message) => {
    const { mock, provider } = await setup();
    const error = await failure(provider.start(input as never, { idempotencyKey: "bad-input-1" }));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(error.isRetryable).toBe(false);
    expect(error.message).toMatch(message);
    expect(paths(mock, "/v3/videos")).toHaveLength(0);
    expect(mock.counters.paidRenders).toBe(0);
  });

  it("rejects an invalid Idempotency-Key before calling HeyGen", async () => {
    const { mock, provider } = await setup();
    const error = await failure(provider.start(request, { idempotencyKey: "has spaces/and slashes" }));
    expect(error.message).toMatch(/options\.idempotencyKey: expected 1–255 characters/);
    expect(mock.requests).toHaveLength(0);
  });

  it("rejects unknown avatar and voice ids before paying", async () => {
    const { mock, provider } = await setup();
    const avatar = await failure(provider.start({ ...request, avatarId: "no-such-look" }, { idempotencyKey: "unknown-avatar" }));
    expect(avatar).toMatchObject({ code: "HEYGEN_AVATAR_NOT_FOUND", isRetryable: false });
    expect(avatar.message).toContain('no avatar look "no-such-look"');
    const voice = await failure(provider.start({ ...request, voiceId: "no-such-voice" }, { idempotencyKey: "unknown-voice" }));
    expect(voice).toMatchObject({ code: "HEYGEN_VOICE_NOT_FOUND", isRetryable: false });
    expect(paths(mock, "/v3/videos")).toHaveLength(0);
    expect(mock.counters.paidRenders).toBe(0);
  });

  it("maps HeyGen's own 404 and 400 when ids are not checked first", async () => {
    const { mock, provider } = await setup({}, { validateIds: false });
    const avatar = await failure(provider.start({ ...request, avatarId: "no-such-look" }, { idempotencyKey: "server-avatar" }));
    expect(avatar).toMatchObject({ code: "HEYGEN_AVATAR_NOT_FOUND", statusCode: 404, heyGenCode: "avatar_not_found", param: "avatar_id" });
    const voice = await failure(
      provider.start(
        { avatarId: "e8b6d7f4a2c0b9d1e3f5a7b9c1d3e5f7", script: "Hi", aspectRatio: "1:1" },
        { idempotencyKey: "server-voice" },
      ),
    );
    expect(voice).toMatchObject({ code: "HEYGEN_INVALID_REQUEST", statusCode: 400, param: "voice_id", isRetryable: false });
    expect(voice.message).toContain("invalid_parameter: voice_id is required when script is provided (param voice_id)");
    const audio = await failure(
      provider.start(
        { avatarId: abigail, audioUrl: "https://cdn.example.com/page.html", aspectRatio: "1:1" },
        { idempotencyKey: "server-audio" },
      ),
    );
    expect(audio).toMatchObject({ code: "HEYGEN_DOWNLOAD_FAILED", isRetryable: false });
    expect(mock.counters.paidRenders).toBe(0);
  });
});

describe("render lifecycle", () => {
  it("goes pending → processing → completed with URLs, captions and duration", async () => {
    const { mock, provider } = await setup({ renderTiming: { pendingMs: 1_000, processingMs: 3_000 } });
    const { providerJobId } = await provider.start({ ...request, captions: true }, { idempotencyKey: "lifecycle-1" });
    expect(await provider.status(providerJobId)).toMatchObject({ status: "pending", progress: 0.05 });
    await mock.advance(1_500);
    expect(await provider.status(providerJobId)).toMatchObject({ status: "pending", progress: 0.5 });
    await mock.advance(3_000);
    const done = await provider.status(providerJobId);
    expect(done.status).toBe("completed");
    expect(done.result?.videoUrl).toMatch(/^https:\/\/files\.heygen\.ai\/video\/.+\.mp4\?Expires=/);
    expect(done.result?.captionUrl).toMatch(/\.srt\?/);
    expect(done.result?.durationSeconds).toBeGreaterThan(0);
    expect(mock.counters.completedRenders).toBe(1);
  });

  it("reports a failed render as failed, not retryable, and refunds it", async () => {
    const { mock, provider } = await setup({ failWhenScriptIncludes: "glitch" });
    const before = mock.balanceUsd;
    const { providerJobId } = await provider.start({ ...request, script: "a glitch in the render" }, { idempotencyKey: "fails-1" });
    expect(mock.balanceUsd).toBeLessThan(before);
    await mock.advance(10_000);
    expect(await provider.status(providerJobId)).toEqual({
      providerJobId,
      status: "failed",
      error: { code: "rendering_failed", message: "Avatar rendering timed out", isRetryable: false },
    });
    expect(mock.balanceUsd).toBeCloseTo(before, 6);
  });

  it("answers bulk status in the order asked, with URLs for completed renders and unknown ids as failed", async () => {
    const { mock, provider } = await setup();
    const first = await provider.start(request, { idempotencyKey: "bulk-1" });
    await mock.advance(5_000);
    const second = await provider.start({ ...request, script: "Another one." }, { idempotencyKey: "bulk-2" });
    const statuses = await provider.statuses([second.providerJobId, "missing-video", first.providerJobId]);
    expect(statuses.map((status) => status.status)).toEqual(["pending", "failed", "completed"]);
    expect(statuses[1]?.error).toMatchObject({ code: "not_found", isRetryable: false });
    expect(statuses[2]?.result?.videoUrl).toMatch(/^https:\/\//);
    expect(paths(mock, "/v3/videos/statuses?video_ids=")).toHaveLength(1);
  });

  it("splits bulk status into calls of 100 ids", async () => {
    const { mock, provider } = await setup();
    const ids = Array.from({ length: 150 }, (_, index) => `video-${index}`);
    const statuses = await provider.statuses(ids);
    expect(statuses).toHaveLength(150);
    expect(paths(mock, "/v3/videos/statuses")).toHaveLength(2);
  });

  it("cancels (deletes) a render; an unknown id counts as deleted", async () => {
    const { mock, provider } = await setup();
    const before = mock.balanceUsd;
    const { providerJobId } = await provider.start(request, { idempotencyKey: "cancel-1" });
    await provider.cancel(providerJobId);
    expect(mock.counters.deletedRenders).toBe(1);
    expect(mock.balanceUsd).toBeCloseTo(before, 6);
    expect(await failure(provider.status(providerJobId))).toMatchObject({ code: "HEYGEN_VIDEO_NOT_FOUND", isRetryable: false });
    await expect(provider.cancel(providerJobId)).resolves.toBeUndefined();
  });
});

describe("idempotency", () => {
  it("replays the same key without paying twice", async () => {
    const { mock, provider } = await setup();
    const first = await provider.start(request, { idempotencyKey: "same-key" });
    const second = await provider.start(request, { idempotencyKey: "same-key" });
    expect(second.providerJobId).toBe(first.providerJobId);
    expect(mock.counters).toMatchObject({ paidRenders: 1, idempotentReplays: 1, duplicatePaidRenders: 0 });
  });

  it("waits and replays when the first call with the key is still in progress", async () => {
    const { mock, provider } = await setup({ createLatencyMs: 500 }, { requestInProgressWaitMs: 100 });
    const [first, second] = await Promise.all([
      provider.start(request, { idempotencyKey: "racing-key" }),
      firstCreateArrived(mock).then(() => provider.start(request, { idempotencyKey: "racing-key" })),
    ]);
    expect(second.providerJobId).toBe(first.providerJobId);
    expect(mock.counters.requestInProgress).toBeGreaterThanOrEqual(1);
    expect(mock.counters.paidRenders).toBe(1);
  });

  it("surfaces request_in_progress as retryable when retries are off", async () => {
    const { mock, provider } = await setup({ createLatencyMs: 500 }, { retries: 0 });
    const first = provider.start(request, { idempotencyKey: "busy-key" });
    await firstCreateArrived(mock);
    const error = await failure(provider.start(request, { idempotencyKey: "busy-key" }));
    expect(error).toMatchObject({ code: "HEYGEN_REQUEST_IN_PROGRESS", isRetryable: true, retryAfterMs: 1_000 });
    await first;
  });

  it("retries a create whose response was lost with the same key, so it is paid once", async () => {
    const { mock, provider } = await setup();
    mock.setFaults({ serverErrorRate: 1, lostResponseShare: 1, routes: "creates" });
    let creates = 0;
    const provider2 = createHeyGenVideoProvider({
      apiKey: mock.apiKey,
      baseURL: mock.url,
      minBackoffMs: 1,
      fetch: async (input, init) => {
        if (init?.method === "POST" && ++creates === 2) mock.setFaults({});
        return fetch(input, init);
      },
    });
    void provider;
    const started = await provider2.start(request, { idempotencyKey: "lost-response" });
    expect(started.status).toBe("pending");
    expect(mock.counters).toMatchObject({ injectedServerErrors: 1, paidRenders: 1, idempotentReplays: 1, duplicatePaidRenders: 0 });
  });

  it("retries a create that timed out after it was paid, and pays once", async () => {
    const { mock } = await setup({ faults: { timeoutRate: 1, lostResponseShare: 1, routes: "creates", hangMs: 5_000 } });
    let creates = 0;
    const provider = createHeyGenVideoProvider({
      apiKey: mock.apiKey,
      baseURL: mock.url,
      minBackoffMs: 1,
      timeoutMs: 300,
      fetch: async (input, init) => {
        if (init?.method === "POST" && ++creates === 2) mock.setFaults({});
        return fetch(input, init);
      },
    });
    await provider.start(request, { idempotencyKey: "timed-out" });
    expect(mock.counters).toMatchObject({ injectedTimeouts: 1, paidRenders: 1, duplicatePaidRenders: 0 });
  });
});

describe("errors", () => {
  it("does not retry insufficient credit and shows the balance", async () => {
    const { mock, provider } = await setup({ balanceUsd: 0 });
    const error = await failure(provider.start(request, { idempotencyKey: "broke" }));
    expect(error).toMatchObject({
      code: "HEYGEN_INSUFFICIENT_CREDIT",
      isRetryable: false,
      statusCode: 402,
      heyGenCode: "insufficient_credit",
    });
    expect(error.message).toContain("Your account has $0.00 but this video requires");
    expect(paths(mock, "/v3/videos").filter((record) => record.method === "POST")).toHaveLength(1);
    expect(await provider.getBalance()).toEqual({ billingType: "wallet", remaining: 0, unit: "usd" });
  });

  it("keeps Retry-After on a concurrency 429 when it cannot wait", async () => {
    const { mock, provider } = await setup({ concurrency: 1, renderTiming: { pendingMs: 2_000, processingMs: 8_000 } }, { retries: 0 });
    await provider.start(request, { idempotencyKey: "slot-1" });
    const error = await failure(provider.start({ ...request, script: "Second video." }, { idempotencyKey: "slot-2" }));
    expect(error).toMatchObject({ code: "HEYGEN_RATE_LIMITED", isRetryable: true, statusCode: 429, retryAfterMs: 10_000 });
    expect(mock.counters).toMatchObject({ concurrencyRejections: 1, paidRenders: 1 });
  });

  it("waits Retry-After on a 429 and then succeeds", async () => {
    const clock = recordingClock();
    const { mock } = await setup({ faults: { rateLimitRate: 1, retryAfterSeconds: 3 } });
    let calls = 0;
    const provider = createHeyGenVideoProvider({
      apiKey: mock.apiKey,
      baseURL: mock.url,
      clock,
      fetch: async (input, init) => {
        if (++calls === 2) mock.setFaults({});
        return fetch(input, init);
      },
    });
    const balance = await provider.getBalance();
    expect(balance.remaining).toBe(1_000);
    expect(clock.slept[0]).toBe(3_000); // then the host limiter holds requests until the same moment
    expect(Math.max(...clock.slept)).toBe(3_000);
    expect(mock.counters.injectedRateLimits).toBe(1);
  });

  it("retries a GET after a 5xx, including a 502 that is not an envelope", async () => {
    const { mock, provider } = await setup({ seed: 7 });
    mock.setFaults({ serverErrorRate: 1 });
    const blocked = await failure(createHeyGenVideoProvider({ apiKey: mock.apiKey, baseURL: mock.url, retries: 0 }).getBalance());
    expect(blocked).toMatchObject({ code: "HEYGEN_UNAVAILABLE", isRetryable: true });
    let calls = 0;
    const retrying = createHeyGenVideoProvider({
      apiKey: mock.apiKey,
      baseURL: mock.url,
      minBackoffMs: 1,
      fetch: async (input, init) => {
        if (++calls === 3) mock.setFaults({});
        return fetch(input, init);
      },
    });
    await expect(retrying.getBalance()).resolves.toMatchObject({ billingType: "wallet" });
    expect(mock.counters.injectedServerErrors).toBe(3);
    void provider;
  });

  it("never retries a 401 and keeps the key out of the error", async () => {
    const { mock } = await setup();
    const provider = createHeyGenVideoProvider({ apiKey: "sk-wrong-key-987654321", baseURL: mock.url });
    const error = await failure(provider.listAvatars());
    expect(error).toMatchObject({ code: "HEYGEN_UNAUTHORIZED", isRetryable: false, statusCode: 401 });
    expect(mock.requests).toHaveLength(1);
    expect(JSON.stringify({ ...error, message: error.message, cause: String(error.cause) })).not.toContain("sk-wrong-key-987654321");
  });
});

describe("templates", () => {
  it("lists templates, reads variables and renders with them (the answer is a full Video object)", async () => {
    const { mock, provider } = await setup();
    const templates = await provider.listTemplates();
    expect(templates).toEqual([
      { id: "tpl_3f1a9c2e7b5d4e8a", name: "Weekly trends (vertical)", aspectRatio: "9:16", thumbnailUrl: expect.stringMatching(/^https:/) },
    ]);
    const template = await provider.getTemplate("tpl_3f1a9c2e7b5d4e8a");
    expect(Object.keys(template.variables)).toEqual(["headline", "summary", "presenter"]);
    expect(template.scenes[0]).toEqual({
      sceneId: "scene_intro",
      script: "This week: {{headline}}",
      variables: [
        { name: "headline", type: "text" },
        { name: "presenter", type: "character" },
      ],
    });
    const started = await provider.renderTemplate(
      "tpl_3f1a9c2e7b5d4e8a",
      {
        variables: { headline: "AI agents go mainstream", summary: "Three launches in one week." },
        caption: true,
        callbackId: "tpl-job-1",
      },
      { idempotencyKey: "template-1" },
    );
    expect(started.status).toBe("pending");
    const replay = await provider.renderTemplate(
      "tpl_3f1a9c2e7b5d4e8a",
      {
        variables: { headline: "AI agents go mainstream", summary: "Three launches in one week." },
        caption: true,
        callbackId: "tpl-job-1",
      },
      { idempotencyKey: "template-1" },
    );
    expect(replay.providerJobId).toBe(started.providerJobId);
    expect(mock.counters.paidRenders).toBe(1);
    const body = mock.requests.find((record) => record.method === "POST")?.body as { variables: Record<string, unknown> };
    expect(body.variables.headline).toEqual({ name: "headline", type: "text", properties: { content: "AI agents go mainstream" } });
  });

  it("rejects unknown variables and templates before paying", async () => {
    const { mock, provider } = await setup();
    const variable = await failure(
      provider.renderTemplate("tpl_3f1a9c2e7b5d4e8a", { variables: { price: "$5" } }, { idempotencyKey: "tpl-bad" }),
    );
    expect(variable.message).toMatch(/input\.variables\.price: template "tpl_3f1a9c2e7b5d4e8a" has no such variable/);
    const template = await failure(provider.renderTemplate("tpl_missing", { variables: {} }, { idempotencyKey: "tpl-missing" }));
    expect(template.code).toBe("HEYGEN_TEMPLATE_NOT_FOUND");
    expect(mock.counters.paidRenders).toBe(0);
  });
});

describe("cost and balance", () => {
  it("estimates from the script and the look type, spending nothing", async () => {
    const { mock, provider } = await setup();
    const script = Array.from({ length: 150 }, () => "word").join(" "); // one minute at 150 words a minute
    expect(await provider.estimateCost({ ...request, script })).toEqual({
      amount: 4.002,
      unit: "usd",
      seconds: 60,
      pricePerSecond: 0.0667,
      upperBound: false,
    });
    expect((await provider.estimateCost({ ...request, script, resolution: "4k" })).pricePerSecond).toBe(0.0833);
    const photo = await provider.estimateCost({ avatarId: "d7a5c6e3f1b9a8c0d2e4f6a8b0c2d4e6", script, aspectRatio: "9:16" });
    expect(photo.pricePerSecond).toBe(0.05);
    const audio = await provider.estimateCost({ avatarId: abigail, audioUrl: "https://cdn.example.com/a.mp3", aspectRatio: "9:16" });
    expect(audio).toMatchObject({ seconds: 600, upperBound: true });
    expect(mock.counters.paidRenders).toBe(0);
  });

  it("says in advance when the balance does not cover a render", async () => {
    const { mock, provider } = await setup({ balanceUsd: 1 });
    const script = Array.from({ length: 300 }, () => "word").join(" ");
    const check = await provider.preflight({ ...request, script });
    expect(check).toMatchObject({ affordable: false, balance: { remaining: 1, unit: "usd" }, cost: { seconds: 120 } });
    expect((await provider.preflight(request)).affordable).toBe(true);
    expect(mock.counters.paidRenders).toBe(0);
  });
});

describe("looks that are not ready", () => {
  it("leaves private looks still training out of listAvatars, and refuses them in start", async () => {
    const { mockLooks } = await import("./mock/heygen-mock-catalogue.js");
    const training = { ...mockLooks[6]!, id: "0123456789abcdef0123456789abcdef", name: "Me (training)", status: "processing" as const };
    const { mock, provider } = await setup({ looks: [...mockLooks, training] });
    expect((await provider.listAvatarLooks()).map((look) => look.id)).toContain(training.id);
    expect((await provider.listAvatars()).map((avatar) => avatar.id)).not.toContain(training.id);
    const error = await failure(provider.start({ ...request, avatarId: training.id }, { idempotencyKey: "training" }));
    expect(error.message).toMatch(/request\.avatarId: avatar look "0123456789abcdef0123456789abcdef" is not ready \(status processing\)/);
    expect(mock.counters.paidRenders).toBe(0);
  });
});
