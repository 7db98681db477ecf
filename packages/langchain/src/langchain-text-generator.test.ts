import { inspect } from "node:util";
import { AIMessage, HumanMessage, SystemMessage } from "@langchain/core/messages";
import { FakeListChatModel } from "@langchain/core/utils/testing";
import { ConfigError, ResponseValidationError, ValidationError } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ScriptedToolChatModel } from "./__fixtures__/scripted-chat-model.js";
import { fromLangChainChatModel } from "./langchain-text-generator.js";

const Topics = z.object({ topics: z.array(z.object({ name: z.string(), score: z.number().min(0).max(1) })) });
const request = { prompt: "Which topics trend today?", system: "You name trends.", schema: Topics, schemaName: "trend_summary" };

function providerError(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), fields);
}

describe("fromLangChainChatModel with FakeListChatModel", () => {
  it("returns the validated object", async () => {
    const generator = fromLangChainChatModel(new FakeListChatModel({ responses: ['{"topics":[{"name":"WWDC","score":0.92}]}'] }));
    const result = await generator.generate(request);
    expect(result.object).toEqual({ topics: [{ name: "WWDC", score: 0.92 }] });
    expect(result.usage).toBeUndefined();
    expect(generator).toMatchObject({ specVersion: "v1", id: "FakeListChatModel" });
  });

  it("repairs an unparseable answer once", async () => {
    const model = new FakeListChatModel({ responses: ["Sure! Here are the topics: WWDC", '{"topics":[{"name":"WWDC","score":0.5}]}'] });
    const result = await fromLangChainChatModel(model).generate(request);
    expect(result.object).toEqual({ topics: [{ name: "WWDC", score: 0.5 }] });
    expect(result.warnings?.[0]).toMatch(/repaired/);
  });

  it("throws a ResponseValidationError when still invalid, or at once with repair off", async () => {
    const twice = new FakeListChatModel({ responses: ['{"topics":[{"name":"WWDC","score":7}]}'] });
    const error = await fromLangChainChatModel(twice)
      .generate(request)
      .catch((caught: unknown) => caught);
    expect(ResponseValidationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "LANGCHAIN_OUTPUT_INVALID", isRetryable: false });
    expect((error as Error).message).toContain("topics.0.score");
    const once = new FakeListChatModel({ responses: ['{"topics":"none"}', '{"topics":[]}'] });
    await expect(fromLangChainChatModel(once, { repair: false }).generate(request)).rejects.toMatchObject({
      code: "LANGCHAIN_OUTPUT_INVALID",
    });
  });
});

describe("fromLangChainChatModel with a tool-calling BaseChatModel", () => {
  it("uses withStructuredOutput's tool, reads usage_metadata and prices it", async () => {
    const model = new ScriptedToolChatModel([
      { args: { topics: [{ name: "WWDC", score: 0.9 }] }, usage: { input_tokens: 300, output_tokens: 20 } },
    ]);
    const generator = fromLangChainChatModel(model, { price: { inputPerMillionTokens: 1, outputPerMillionTokens: 4 } });
    const result = await generator.generate(request);
    expect(result).toEqual({
      object: { topics: [{ name: "WWDC", score: 0.9 }] },
      usage: { inputTokens: 300, outputTokens: 20, costUsd: 0.00038 },
      model: "scripted-tools-1-2026-01-01",
    });
    expect(generator.id).toBe("scripted-tools-1");
    expect(model.tools[0]).toMatchObject({ type: "function", function: { name: "trend_summary", parameters: { type: "object" } } });
    const [messages] = model.received;
    expect(messages!.map((message) => [message.constructor.name, message.content])).toEqual([
      [SystemMessage.name, "You name trends."],
      [HumanMessage.name, "Which topics trend today?"],
    ]);
  });

  it("feeds the validation errors back once and sums the usage of both calls", async () => {
    const model = new ScriptedToolChatModel([
      { args: { topics: [{ name: "WWDC", score: "high" }] }, usage: { input_tokens: 100, output_tokens: 10 } },
      { args: { topics: [{ name: "WWDC", score: 0.8 }] }, usage: { input_tokens: 150, output_tokens: 12 } },
    ]);
    const result = await fromLangChainChatModel(model).generate(request);
    expect(result.object).toEqual({ topics: [{ name: "WWDC", score: 0.8 }] });
    expect(result.usage).toEqual({ inputTokens: 250, outputTokens: 22 });
    const repair = model.received[1]!;
    expect(repair).toHaveLength(4);
    expect(AIMessage.isInstance(repair[2])).toBe(true);
    expect(repair[2]!.content).toBe('{"topics":[{"name":"WWDC","score":"high"}]}');
    expect(String(repair[3]!.content)).toContain("topics.0.score: expected number, received string");
  });

  it("wraps a non-object schema in { value } and unwraps the answer", async () => {
    const model = new ScriptedToolChatModel([{ args: { value: ["rust", "wasm"] } }]);
    const result = await fromLangChainChatModel(model).generate({ prompt: "Tags?", schema: z.array(z.string()) });
    expect(result.object).toEqual(["rust", "wasm"]);
  });

  it("warns that temperature and maxOutputTokens belong to the LangChain model", async () => {
    const model = new ScriptedToolChatModel([{ args: { topics: [] } }]);
    const result = await fromLangChainChatModel(model).generate({ ...request, temperature: 0.1, maxOutputTokens: 50 });
    expect(result.warnings).toHaveLength(2);
  });

  it("maps provider failures by LangChain error code or HTTP status, without keys", async () => {
    const limited = new ScriptedToolChatModel([
      {
        error: providerError("429 Rate limit reached for key sk-proj-ABCDEF123456", {
          status: 429,
          lc_error_code: "MODEL_RATE_LIMIT",
          headers: { "retry-after": "4" },
        }),
      },
    ]);
    const error = await fromLangChainChatModel(limited)
      .generate(request)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "LANGCHAIN_RATE_LIMITED", isRetryable: true, retryAfterMs: 4_000 });
    expect(inspect(error, { depth: 5 })).not.toContain("ABCDEF123456");
    const denied = new ScriptedToolChatModel([
      { error: providerError("Incorrect API key", { status: 401, lc_error_code: "MODEL_AUTHENTICATION" }) },
    ]);
    await expect(fromLangChainChatModel(denied).generate(request)).rejects.toMatchObject({
      code: "LANGCHAIN_AUTHENTICATION_FAILED",
      isRetryable: false,
    });
    const down = new ScriptedToolChatModel([{ error: providerError("Service Unavailable", { status: 503 }) }]);
    await expect(fromLangChainChatModel(down).generate(request)).rejects.toMatchObject({
      code: "LANGCHAIN_CALL_FAILED",
      isRetryable: true,
    });
    const bad = new ScriptedToolChatModel([{ error: providerError("Unsupported parameter", { status: 400 }) }]);
    await expect(fromLangChainChatModel(bad).generate(request)).rejects.toMatchObject({
      code: "LANGCHAIN_CALL_FAILED",
      isRetryable: false,
    });
  });

  it("stops when aborted", async () => {
    const model = new ScriptedToolChatModel([{ args: { topics: [] }, delayMs: 5_000 }]);
    const controller = new AbortController();
    const pending = fromLangChainChatModel(model).generate({ ...request, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect(((await pending.catch((caught: unknown) => caught)) as Error).name).toBe("AbortError");
  });

  it("validates the model, options and requests, naming the field", async () => {
    expect(() => fromLangChainChatModel({} as never)).toThrow(/model: expected a LangChain chat model/);
    expect(() => fromLangChainChatModel(new ScriptedToolChatModel([]), { method: "xml" as never })).toThrow(ConfigError);
    expect(() => fromLangChainChatModel(new ScriptedToolChatModel([]), { method: "xml" as never })).toThrow(/options\.method/);
    const model = new ScriptedToolChatModel([{ args: { topics: [] } }]);
    const error = await fromLangChainChatModel(model)
      .generate({ ...request, prompt: "" })
      .catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("request.prompt");
    expect(model.received).toHaveLength(0);
  });
});
