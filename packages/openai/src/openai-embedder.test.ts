import { inspect } from "node:util";
import { ApiCallError, ConfigError, UndercurrentError, ValidationError } from "@undercurrent/core";
import { createTestServer, describeEmbedder } from "@undercurrent/core/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { embeddingsRoute, embeddingsUrl, errorBodies, testApiKey } from "./__fixtures__/openai-mock.js";
import { createOpenAIEmbedder } from "./openai-embedder.js";

const server = createTestServer({ [`POST ${embeddingsUrl}`]: embeddingsRoute });

afterEach(() => {
  vi.unstubAllEnvs();
});

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, index) => sum + value * b[index]!, 0);
const bodies = () =>
  server.calls.map((call) => JSON.parse(call.body) as { input: string[]; dimensions?: number; encoding_format?: string });

describeEmbedder("openai (msw)", {
  create: () => createOpenAIEmbedder({ apiKey: testApiKey, dimensions: 256, maxBatchSize: 16, maxRetries: 0 }),
});

describe("createOpenAIEmbedder", () => {
  it("asks for base64, decodes it and returns unit vectors of the requested dimensions in order", async () => {
    const embedder = createOpenAIEmbedder({ apiKey: testApiKey, dimensions: 512, maxRetries: 0 });
    const vectors = await embedder.embed(["Rust 2.0 released", "Rust 2.0 is out", "Interest rates rise"]);
    expect(bodies()[0]).toMatchObject({
      encoding_format: "base64",
      dimensions: 512,
      input: ["Rust 2.0 released", "Rust 2.0 is out", "Interest rates rise"],
    });
    expect(vectors.map((vector) => vector.length)).toEqual([512, 512, 512]);
    expect(dot(vectors[0]!, vectors[0]!)).toBeCloseTo(1, 5);
    expect(dot(vectors[0]!, vectors[1]!)).toBeGreaterThan(dot(vectors[0]!, vectors[2]!));
    expect(embedder).toMatchObject({ id: "text-embedding-3-small:512", dimensions: 512, model: "text-embedding-3-small" });
  });

  it("uses the model's native length without sending dimensions", async () => {
    const embedder = createOpenAIEmbedder({ apiKey: testApiKey, maxRetries: 0 });
    const [vector] = await embedder.embed(["hello"]);
    expect(vector).toHaveLength(1536);
    expect(bodies()[0]).not.toHaveProperty("dimensions");
    expect(embedder.id).toBe("text-embedding-3-small");
  });

  it("batches by input count and by the token budget, keeping the order", async () => {
    const embedder = createOpenAIEmbedder({ apiKey: testApiKey, dimensions: 64, maxBatchSize: 3, maxTokensPerRequest: 30, maxRetries: 0 });
    const texts = ["one", "two", "three", "four", "x".repeat(90), "six", "seven"];
    const vectors = await embedder.embed(texts);
    expect(bodies().map((body) => body.input)).toEqual([["one", "two", "three"], ["four"], ["x".repeat(90)], ["six", "seven"]]);
    const single = await embedder.embed(["six"]);
    expect(Array.from(vectors[5]!)).toEqual(Array.from(single[0]!));
    expect(vectors).toHaveLength(7);
  });

  it("puts answers back in input order by their index even when the API reorders them", async () => {
    server.use({
      [`POST ${embeddingsUrl}`]: async (call) => {
        const response = await embeddingsRoute(call);
        const json = response.json as { data: unknown[] };
        return { json: { ...json, data: [...json.data].reverse() } };
      },
    });
    const embedder = createOpenAIEmbedder({ apiKey: testApiKey, dimensions: 64, maxRetries: 0 });
    const [a, b] = await embedder.embed(["alpha release", "market crash"]);
    server.reset();
    const [alone] = await embedder.embed(["alpha release"]);
    expect(Array.from(a!)).toEqual(Array.from(alone!));
    expect(Array.from(b!)).not.toEqual(Array.from(alone!));
  });

  it("accepts float arrays from a proxy that ignores encoding_format", async () => {
    server.use({
      [`POST ${embeddingsUrl}`]: (call) =>
        embeddingsRoute({ ...call, body: JSON.stringify({ ...JSON.parse(call.body), encoding_format: "float" }) }),
    });
    const [vector] = await createOpenAIEmbedder({ apiKey: testApiKey, dimensions: 128, maxRetries: 0 }).embed(["floats"]);
    expect(vector).toHaveLength(128);
  });

  it("sends an empty text as a space and returns [] for no texts without calling", async () => {
    const embedder = createOpenAIEmbedder({ apiKey: testApiKey, dimensions: 64, maxRetries: 0 });
    expect(await embedder.embed([])).toEqual([]);
    expect(server.calls).toHaveLength(0);
    await embedder.embed(["", "   "]);
    expect(bodies()[0]!.input).toEqual([" ", " "]);
  });

  it("validates the texts, naming the field", async () => {
    const embedder = createOpenAIEmbedder({ apiKey: testApiKey, dimensions: 64, maxRetries: 0 });
    const error = await embedder.embed(["ok", 42 as unknown as string]).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("texts.1");
    expect(server.calls).toHaveLength(0);
  });

  it("cuts an over-long text, or rejects it when truncate is false", async () => {
    const long = "word ".repeat(20_000);
    await createOpenAIEmbedder({ apiKey: testApiKey, dimensions: 64, maxRetries: 0 }).embed([long]);
    expect(bodies()[0]!.input[0]!.length).toBeLessThanOrEqual(8_191 * 3);
    const strict = createOpenAIEmbedder({ apiKey: testApiKey, dimensions: 64, truncate: false, maxRetries: 0 });
    await expect(strict.embed(["short", long])).rejects.toThrow(/texts\.1: expected at most about 8191 tokens/);
  });

  it("counts tokens and cost from the price table, overridable", async () => {
    const reports: unknown[] = [];
    const embedder = createOpenAIEmbedder({ apiKey: testApiKey, dimensions: 64, maxRetries: 0, onUsage: (report) => reports.push(report) });
    await embedder.embed(["a".repeat(400)]);
    expect(reports).toEqual([
      { operation: "embed", model: "text-embedding-3-small", inputTokens: 100, outputTokens: 0, costUsd: 0.000002 },
    ]);
    const custom = createOpenAIEmbedder({
      apiKey: testApiKey,
      dimensions: 64,
      maxRetries: 0,
      prices: { "text-embedding-3-small": { inputPerMillionTokens: 1 } },
    });
    await custom.embed(["a".repeat(400), "b".repeat(400)]);
    expect(custom.usage()).toEqual({ requests: 1, inputTokens: 200, outputTokens: 0, costUsd: 0.0002, unpricedRequests: 0 });
  });

  it("checks options and dimensions when created", () => {
    expect(() => createOpenAIEmbedder({ maxBatchSize: 5000 })).toThrow(ConfigError);
    expect(() => createOpenAIEmbedder({ maxBatchSize: 5000 })).toThrow(/options\.maxBatchSize: expected at most 2048/);
    expect(() => createOpenAIEmbedder({ model: "text-embedding-ada-002", dimensions: 256 })).toThrow(
      /options\.dimensions: text-embedding-ada-002 does not support/,
    );
    expect(() => createOpenAIEmbedder({ dimensions: 2000 })).toThrow(/expected at most 1536 for text-embedding-3-small/);
    expect(() => createOpenAIEmbedder({ model: "my-embedder" })).toThrow(/options\.dimensions: required for model "my-embedder"/);
    expect(() => createOpenAIEmbedder({ colour: "blue" } as never)).toThrow(/colour/);
  });

  it("reads the key at call time from OPENAI_API_KEY, and fails clearly without one", async () => {
    vi.stubEnv("OPENAI_API_KEY", "");
    const embedder = createOpenAIEmbedder({ dimensions: 64, maxRetries: 0 });
    const error = await embedder.embed(["x"]).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "OPENAI_API_KEY_MISSING" });
    expect((error as Error).message).toMatch(/OPENAI_API_KEY/);
    vi.stubEnv("OPENAI_API_KEY", testApiKey);
    await expect(embedder.embed(["x"])).resolves.toHaveLength(1);
    expect(server.calls[0]!.headers.authorization).toBe(`Bearer ${testApiKey}`);
  });

  it("calls an apiKey function before every request", async () => {
    const keys = [testApiKey, "sk-rotated-but-wrong-000000000000"];
    const embedder = createOpenAIEmbedder({ apiKey: () => keys.shift() ?? "", dimensions: 64, maxRetries: 0 });
    await embedder.embed(["first"]);
    await expect(embedder.embed(["second"])).rejects.toMatchObject({ code: "OPENAI_AUTHENTICATION_FAILED" });
  });

  it("maps a 401 without leaking the key anywhere", async () => {
    const wrongKey = "sk-proj-WRONGkeyWRONGkeyWRONGkey123456";
    const error = await createOpenAIEmbedder({ apiKey: wrongKey, dimensions: 64, maxRetries: 0 })
      .embed(["x"])
      .catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "OPENAI_AUTHENTICATION_FAILED", statusCode: 401, isRetryable: false, url: embeddingsUrl });
    const everything = `${inspect(error, { depth: 10 })} ${JSON.stringify(error)} ${(error as Error).message} ${(error as ApiCallError).responseBody}`;
    expect(everything).not.toContain(wrongKey);
    expect(everything).not.toContain(wrongKey.slice(-4));
    expect(everything).toContain("Incorrect API key provided");
  });

  it("maps 429 rate limits (retryable, with retry-after) and insufficient quota (not retryable)", async () => {
    server.use({
      [`POST ${embeddingsUrl}`]: { status: 429, headers: { "retry-after": "2", "x-request-id": "req_1" }, json: errorBodies.rateLimited },
    });
    const embedder = createOpenAIEmbedder({ apiKey: testApiKey, dimensions: 64, maxRetries: 0 });
    await expect(embedder.embed(["x"])).rejects.toMatchObject({ code: "OPENAI_RATE_LIMITED", isRetryable: true, retryAfterMs: 2_000 });
    server.use({ [`POST ${embeddingsUrl}`]: { status: 429, json: errorBodies.insufficientQuota } });
    await expect(embedder.embed(["x"])).rejects.toMatchObject({ code: "OPENAI_INSUFFICIENT_QUOTA", isRetryable: false });
  });

  it("lets the SDK retry a 500 and maps a persistent one as retryable", async () => {
    server.use({
      [`POST ${embeddingsUrl}`]: (() => {
        let calls = 0;
        return async (call: Parameters<typeof embeddingsRoute>[0]) =>
          calls++ === 0 ? { status: 500, headers: { "retry-after-ms": "1" }, json: errorBodies.serverError } : embeddingsRoute(call);
      })(),
    });
    // msw 2.15 on Node 20: cancelling an unread mocked body (what the SDK does before a retry) never settles, so
    // this test's fetch reads each body first. Real network responses cancel fine.
    const bufferingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      return new Response(await response.arrayBuffer(), { status: response.status, headers: response.headers });
    };
    const vectors = await createOpenAIEmbedder({ apiKey: testApiKey, dimensions: 64, maxRetries: 1, fetch: bufferingFetch }).embed(["x"]);
    expect(vectors).toHaveLength(1);
    expect(server.calls).toHaveLength(2);
    server.use({ [`POST ${embeddingsUrl}`]: { status: 503, json: errorBodies.serverError } });
    await expect(createOpenAIEmbedder({ apiKey: testApiKey, dimensions: 64, maxRetries: 0 }).embed(["x"])).rejects.toMatchObject({
      code: "OPENAI_UNAVAILABLE",
      isRetryable: true,
      statusCode: 503,
    });
  });

  it("maps a timeout and a network failure to retryable errors", async () => {
    server.use({ [`POST ${embeddingsUrl}`]: { delayMs: 2_000, json: {} } });
    await expect(
      createOpenAIEmbedder({ apiKey: testApiKey, dimensions: 64, maxRetries: 0, timeoutMs: 50 }).embed(["x"]),
    ).rejects.toMatchObject({
      code: "TIMEOUT",
      isRetryable: true,
    });
    server.use({ [`POST ${embeddingsUrl}`]: { networkError: true } });
    await expect(createOpenAIEmbedder({ apiKey: testApiKey, dimensions: 64, maxRetries: 0 }).embed(["x"])).rejects.toMatchObject({
      code: "NETWORK_ERROR",
      isRetryable: true,
    });
  });

  it("rejects vectors of the wrong length, missing ones and a malformed body", async () => {
    server.use({
      [`POST ${embeddingsUrl}`]: (call) => embeddingsRoute({ ...call, body: JSON.stringify({ ...JSON.parse(call.body), dimensions: 32 }) }),
    });
    const embedder = createOpenAIEmbedder({ apiKey: testApiKey, dimensions: 64, maxRetries: 0 });
    await expect(embedder.embed(["x"])).rejects.toMatchObject({
      code: "RESPONSE_INVALID",
      message: expect.stringContaining("expected 64 dimensions, got 32"),
    });
    server.use({
      [`POST ${embeddingsUrl}`]: {
        json: { object: "list", data: [], model: "text-embedding-3-small", usage: { prompt_tokens: 1, total_tokens: 1 } },
      },
    });
    await expect(embedder.embed(["x"])).rejects.toMatchObject({ code: "RESPONSE_INVALID" });
    server.use({ [`POST ${embeddingsUrl}`]: { text: '{"object":"list","data":[', headers: { "content-type": "application/json" } } });
    const error = await embedder.embed(["x"]).catch((caught: unknown) => caught);
    expect(UndercurrentError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "RESPONSE_NOT_JSON", isRetryable: false });
    server.use({
      [`POST ${embeddingsUrl}`]: { text: "<html><body>Access denied</body></html>", headers: { "content-type": "text/html" } },
    });
    await expect(embedder.embed(["x"])).rejects.toMatchObject({ code: "RESPONSE_NOT_JSON", isRetryable: true, contentType: "text/html" });
  });

  it("stops when aborted mid-call", async () => {
    server.use({ [`POST ${embeddingsUrl}`]: { delayMs: 2_000, json: {} } });
    const controller = new AbortController();
    const pending = createOpenAIEmbedder({ apiKey: testApiKey, dimensions: 64, maxRetries: 0 }).embed(["x"], { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await pending.catch((caught: unknown) => caught);
    expect((error as Error).name).toBe("AbortError");
  });
});
