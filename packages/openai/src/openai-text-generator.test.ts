import { inspect } from "node:util";
import { ConfigError, ResponseValidationError, ValidationError } from "@undercurrent/core";
import { createTestServer } from "@undercurrent/core/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { completion, completionsRoute, completionsUrl, errorBodies, testApiKey } from "./__fixtures__/openai-mock.js";
import { createOpenAITextGenerator } from "./openai-text-generator.js";

const server = createTestServer({ [`POST ${completionsUrl}`]: completionsRoute('{"topics":[{"name":"WWDC","score":0.92}]}') });
afterEach(() => vi.unstubAllEnvs());

const Topics = z.object({ topics: z.array(z.object({ name: z.string(), score: z.number().min(0).max(1) })) });
const request = { prompt: "Which topics trend today?", system: "You name trends.", schema: Topics, schemaName: "trend_summary" };
const sent = (index = 0) =>
  JSON.parse(server.calls[index]!.body) as Record<string, unknown> & { messages: Array<{ role: string; content: string }> };
const generator = (options: Parameters<typeof createOpenAITextGenerator>[0] = {}) =>
  createOpenAITextGenerator({ apiKey: testApiKey, maxRetries: 0, ...options });

describe("createOpenAITextGenerator", () => {
  it("sends a strict json_schema response format and returns the validated object with usage and cost", async () => {
    const result = await generator().generate(request);
    expect(result.object).toEqual({ topics: [{ name: "WWDC", score: 0.92 }] });
    expect(result.model).toBe("gpt-4.1-mini-2025-04-14");
    // 412 input tokens at $0.40/M + 38 output tokens at $1.60/M (gpt-4.1-mini)
    expect(result.usage).toEqual({ inputTokens: 412, outputTokens: 38, costUsd: 0.0002256 });
    expect(result.warnings).toBeUndefined();
    const body = sent();
    expect(body.model).toBe("gpt-4.1-mini");
    expect(body.messages).toEqual([
      { role: "system", content: "You name trends." },
      { role: "user", content: "Which topics trend today?" },
    ]);
    expect(body.response_format).toMatchObject({ type: "json_schema", json_schema: { name: "trend_summary", strict: true } });
    expect(
      (body.response_format as { json_schema: { schema: { additionalProperties: boolean } } }).json_schema.schema.additionalProperties,
    ).toBe(false);
  });

  it("passes temperature, maxOutputTokens and the signal", async () => {
    const controller = new AbortController();
    await generator({ temperature: 0.2 }).generate({ ...request, maxOutputTokens: 300, signal: controller.signal });
    expect(sent()).toMatchObject({ temperature: 0.2, max_completion_tokens: 300 });
    await generator().generate({ ...request, temperature: 1.1 });
    expect(sent(1)).toMatchObject({ temperature: 1.1 });
    expect(sent(1)).not.toHaveProperty("max_completion_tokens");
  });

  it("leaves temperature out for reasoning models, with a warning", async () => {
    const result = await generator({ model: "o4-mini" }).generate({ ...request, temperature: 0.3 });
    expect(sent()).not.toHaveProperty("temperature");
    expect(result.warnings).toEqual(["temperature is not supported by o4-mini; ignored"]);
  });

  it("repairs an invalid answer once, feeding back the validation error, and counts both calls", async () => {
    server.use({
      [`POST ${completionsUrl}`]: completionsRoute(
        '{"topics":[{"name":"WWDC","score":"high"}]}',
        '{"topics":[{"name":"WWDC","score":0.9}]}',
      ),
    });
    const reports: unknown[] = [];
    const openai = generator({ onUsage: (report) => reports.push(report) });
    const result = await openai.generate(request);
    expect(result.object).toEqual({ topics: [{ name: "WWDC", score: 0.9 }] });
    expect(server.calls).toHaveLength(2);
    const repair = sent(1).messages;
    expect(repair.at(-2)).toEqual({ role: "assistant", content: '{"topics":[{"name":"WWDC","score":"high"}]}' });
    expect(repair.at(-1)!.content).toContain("topics.0.score: expected number, received string");
    expect(result.usage).toEqual({ inputTokens: 824, outputTokens: 76, costUsd: 0.0004512 });
    expect(result.warnings?.[0]).toMatch(/repaired/);
    expect(reports).toHaveLength(2);
    expect(openai.usage()).toEqual({ requests: 2, inputTokens: 824, outputTokens: 76, costUsd: 0.0004512, unpricedRequests: 0 });
  });

  it("throws a ResponseValidationError when the repaired answer is still invalid, or at once with repair off", async () => {
    server.use({ [`POST ${completionsUrl}`]: completionsRoute('{"topics":[{"name":"WWDC"', '{"topics":"none"}') });
    const error = await generator()
      .generate(request)
      .catch((caught: unknown) => caught);
    expect(ResponseValidationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "OPENAI_OUTPUT_INVALID", isRetryable: false });
    expect((error as Error).message).toContain("topics: expected array");
    expect(server.calls).toHaveLength(2);
    server.reset();
    server.use({ [`POST ${completionsUrl}`]: completionsRoute('{"topics":"none"}') });
    await expect(generator({ repair: false }).generate(request)).rejects.toMatchObject({ code: "OPENAI_OUTPUT_INVALID" });
    expect(server.calls).toHaveLength(1);
  });

  it("drops the nulls strict mode adds for optional fields, and unwraps a non-object root", async () => {
    server.use({ [`POST ${completionsUrl}`]: completionsRoute('{"title":"Rust 2.0","subtitle":null}') });
    const titled = await generator().generate({
      prompt: "Title?",
      schema: z.object({ title: z.string(), subtitle: z.string().optional() }),
    });
    expect(titled.object).toEqual({ title: "Rust 2.0" });
    server.use({ [`POST ${completionsUrl}`]: completionsRoute('{"value":["a","b"]}') });
    const list = await generator().generate({ prompt: "List?", schema: z.array(z.string()) });
    expect(list.object).toEqual(["a", "b"]);
    expect(sent(1).response_format).toMatchObject({ json_schema: { name: "result", strict: true } });
  });

  it("turns a refusal, content filtering and a truncated answer into typed errors", async () => {
    server.use({ [`POST ${completionsUrl}`]: { json: completion(null, { refusal: "I'm sorry, I can't help with that." }) } });
    await expect(generator().generate(request)).rejects.toMatchObject({
      code: "OPENAI_REFUSED",
      message: expect.stringContaining("I can't help"),
    });
    server.use({ [`POST ${completionsUrl}`]: { json: completion(null, { finish_reason: "content_filter" }) } });
    await expect(generator().generate(request)).rejects.toMatchObject({ code: "OPENAI_CONTENT_FILTERED", isRetryable: false });
    server.use({ [`POST ${completionsUrl}`]: { json: completion('{"topics":[{"na', { finish_reason: "length" }) } });
    await expect(generator().generate({ ...request, maxOutputTokens: 8 })).rejects.toMatchObject({
      code: "OPENAI_OUTPUT_TRUNCATED",
      message: expect.stringContaining("(8)"),
    });
    server.use({ [`POST ${completionsUrl}`]: { status: 400, json: errorBodies.contentPolicy } });
    await expect(generator().generate(request)).rejects.toMatchObject({ code: "OPENAI_CONTENT_FILTERED", statusCode: 400 });
  });

  it("maps HTTP failures to typed, retryable-or-not errors", async () => {
    server.use({ [`POST ${completionsUrl}`]: { status: 429, headers: { "retry-after": "3" }, json: errorBodies.rateLimited } });
    await expect(generator().generate(request)).rejects.toMatchObject({
      code: "OPENAI_RATE_LIMITED",
      isRetryable: true,
      retryAfterMs: 3_000,
    });
    server.use({
      [`POST ${completionsUrl}`]: { status: 429, headers: { "x-ratelimit-reset-requests": "6m0s" }, json: errorBodies.rateLimited },
    });
    await expect(generator().generate(request)).rejects.toMatchObject({ retryAfterMs: 360_000 });
    server.use({ [`POST ${completionsUrl}`]: { status: 429, json: errorBodies.insufficientQuota } });
    await expect(generator().generate(request)).rejects.toMatchObject({ code: "OPENAI_INSUFFICIENT_QUOTA", isRetryable: false });
    server.use({ [`POST ${completionsUrl}`]: { status: 500, json: errorBodies.serverError } });
    await expect(generator().generate(request)).rejects.toMatchObject({ code: "OPENAI_UNAVAILABLE", isRetryable: true });
    server.use({ [`POST ${completionsUrl}`]: { status: 400, json: errorBodies.contextLengthExceeded } });
    await expect(generator().generate(request)).rejects.toMatchObject({ code: "OPENAI_CONTEXT_LENGTH_EXCEEDED", isRetryable: false });
    server.use({ [`POST ${completionsUrl}`]: { status: 404, json: errorBodies.modelNotFound } });
    await expect(generator({ model: "gpt-9-turbo" }).generate(request)).rejects.toMatchObject({
      code: "OPENAI_NOT_FOUND",
      isRetryable: false,
    });
    server.use({ [`POST ${completionsUrl}`]: { delayMs: 2_000, json: {} } });
    await expect(generator({ timeoutMs: 50 }).generate(request)).rejects.toMatchObject({ code: "TIMEOUT", isRetryable: true });
  });

  it("never puts the key in an error", async () => {
    const key = "sk-proj-SECRETsecretSECRETsecret99887766";
    const error = await generator({ apiKey: key })
      .generate(request)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "OPENAI_AUTHENTICATION_FAILED", statusCode: 401 });
    const everything = `${inspect(error, { depth: 10 })} ${JSON.stringify(error)} ${(error as Error).message}`;
    expect(everything).not.toContain(key);
    expect(everything).not.toContain(key.slice(-4));
  });

  it("logs the repair without the key or the prompt", async () => {
    server.use({ [`POST ${completionsUrl}`]: completionsRoute('{"topics":"none"}', '{"topics":[]}') });
    const lines: unknown[] = [];
    const record = (message: string, fields?: Record<string, unknown>) => lines.push([message, fields]);
    await generator({ logger: { debug: record, info: record, warn: record, error: record } }).generate(request);
    expect(lines.length).toBeGreaterThan(0);
    expect(JSON.stringify(lines)).not.toContain(testApiKey);
    expect(JSON.stringify(lines)).not.toContain(request.prompt);
  });

  it("reads OPENAI_API_KEY when generating, not when created", async () => {
    vi.stubEnv("OPENAI_API_KEY", "");
    const openai = createOpenAITextGenerator({ maxRetries: 0 });
    await expect(openai.generate(request)).rejects.toMatchObject({ code: "OPENAI_API_KEY_MISSING" });
    vi.stubEnv("OPENAI_API_KEY", testApiKey);
    await expect(openai.generate(request)).resolves.toMatchObject({ object: { topics: [{ name: "WWDC" }] } });
  });

  it("leaves costUsd out for an unpriced model, and uses an overriding price", async () => {
    server.use({ [`POST ${completionsUrl}`]: { json: completion('{"topics":[]}', { model: "my-finetune" }) } });
    const unpriced = await generator({ model: "my-finetune" }).generate(request);
    expect(unpriced.usage).toEqual({ inputTokens: 412, outputTokens: 38 });
    const priced = await generator({
      model: "my-finetune",
      prices: { "my-finetune": { inputPerMillionTokens: 10, outputPerMillionTokens: 20 } },
    }).generate(request);
    expect(priced.usage?.costUsd).toBe(0.00488);
  });

  it("validates options and requests, naming the field", async () => {
    expect(() => createOpenAITextGenerator({ temperature: 3 })).toThrow(ConfigError);
    expect(() => createOpenAITextGenerator({ temperature: 3 })).toThrow(/options\.temperature/);
    expect(() => createOpenAITextGenerator({ apiKey: "" })).toThrow(/options\.apiKey/);
    const openai = generator();
    const empty = await openai.generate({ ...request, prompt: "  " }).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(empty)).toBe(true);
    expect((empty as Error).message).toContain("request.prompt: expected a non-empty prompt");
    await expect(openai.generate({ ...request, schemaName: "has spaces" })).rejects.toThrow(/request\.schemaName/);
    await expect(openai.generate({ ...request, schema: { parse: () => 1 } as never })).rejects.toThrow(
      /request\.schema: expected a zod schema/,
    );
    expect(server.calls).toHaveLength(0);
  });

  it("stops when aborted", async () => {
    server.use({ [`POST ${completionsUrl}`]: { delayMs: 2_000, json: {} } });
    const controller = new AbortController();
    const pending = generator().generate({ ...request, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect(((await pending.catch((caught: unknown) => caught)) as Error).name).toBe("AbortError");
  });
});
