import { createLocalEmbedder } from "@undercurrent/core";
import type { MockResponse, RecordedCall } from "@undercurrent/core/testing";
import { encodeBase64Float32 } from "../base64-vectors.js";
import completionFixture from "./chat-completion.json" with { type: "json" };
import errorBodies from "./error-bodies.json" with { type: "json" };

/** The key the mocks accept; anything else gets OpenAI's 401. */
export const testApiKey = "sk-test-abcdefghijklmnopqrstuvwxyz1234567890";
export const embeddingsUrl = "https://api.openai.com/v1/embeddings";
export const completionsUrl = "https://api.openai.com/v1/chat/completions";

const nativeDimensions: Record<string, number> = {
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 3072,
  "text-embedding-ada-002": 1536,
};

interface EmbeddingsBody {
  model?: unknown;
  input?: unknown;
  dimensions?: unknown;
  encoding_format?: unknown;
}

function invalidRequest(message: string, param: string | null = null): MockResponse {
  return { status: 400, json: { error: { message, type: "invalid_request_error", param, code: null } } };
}

function unauthorized(call: RecordedCall): MockResponse | undefined {
  if (call.headers.authorization === `Bearer ${testApiKey}`) return undefined;
  // Like OpenAI, echo a masked form of the key that was sent.
  const sent = call.headers.authorization?.replace(/^Bearer\s+/, "") ?? "";
  const masked = sent.length > 8 ? `${sent.slice(0, 8)}${"*".repeat(sent.length - 12)}${sent.slice(-4)}` : "";
  return {
    status: 401,
    json: {
      error: {
        ...errorBodies.invalidApiKey.error,
        message: `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      },
    },
  };
}

/**
 * A faithful `/v1/embeddings`: checks the key and the body like the API (a non-empty array of non-empty strings,
 * at most 2048, `dimensions` only for text-embedding-3), answers the API's shape with base64 float32 vectors when
 * asked (the SDK's default) and floats otherwise. Vectors come from core's local embedder, so similar texts are close.
 */
export async function embeddingsRoute(call: RecordedCall): Promise<MockResponse> {
  const denied = unauthorized(call);
  if (denied) return denied;
  const body = JSON.parse(call.body) as EmbeddingsBody;
  const model = typeof body.model === "string" ? body.model : "";
  const native = nativeDimensions[model];
  if (!native) return { status: 404, json: errorBodies.modelNotFound };
  const input = typeof body.input === "string" ? [body.input] : body.input;
  if (!Array.isArray(input) || input.length === 0 || input.length > 2048) return invalidRequest("'$.input' is invalid.", "input");
  if (input.some((text) => typeof text !== "string" || text.length === 0)) return invalidRequest("'$.input' is invalid.", "input");
  const texts = input as string[];
  if (
    body.dimensions !== undefined &&
    (model === "text-embedding-ada-002" || typeof body.dimensions !== "number" || body.dimensions > native)
  ) {
    return invalidRequest("This model does not support specifying dimensions.", "dimensions");
  }
  const dimensions = typeof body.dimensions === "number" ? body.dimensions : native;
  const vectors = await createLocalEmbedder({ dimensions: Math.max(32, dimensions) }).embed(texts);
  const base64 = body.encoding_format === "base64";
  const tokens = texts.reduce((sum, text) => sum + Math.ceil(text.length / 4), 0);
  return {
    json: {
      object: "list",
      data: vectors.map((vector, index) => {
        const values = vector.subarray(0, dimensions);
        return { object: "embedding", index, embedding: base64 ? encodeBase64Float32(values) : Array.from(values) };
      }),
      model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    },
  };
}

/** A completion in the API's exact shape (see `chat-completion.json`) with `content` and optional overrides. */
export function completion(
  content: string | null,
  overrides: { finish_reason?: string; refusal?: string; usage?: object; model?: string } = {},
) {
  const [choice] = completionFixture.choices;
  return {
    ...completionFixture,
    ...(overrides.model && { model: overrides.model }),
    choices: [
      {
        ...choice,
        finish_reason: overrides.finish_reason ?? "stop",
        message: { ...choice!.message, content, refusal: overrides.refusal ?? null },
      },
    ],
    usage: { ...completionFixture.usage, ...overrides.usage },
  };
}

/** A `/v1/chat/completions` route answering each call with the next of `contents` (after checking the key). */
export function completionsRoute(...answers: Array<MockResponse | string>) {
  let index = 0;
  return (call: RecordedCall): MockResponse => {
    const denied = unauthorized(call);
    if (denied) return denied;
    const answer = answers[Math.min(index++, answers.length - 1)]!;
    return typeof answer === "string" ? { json: completion(answer) } : answer;
  };
}

export { errorBodies };
