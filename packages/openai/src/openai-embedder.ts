import { ConfigError, type Embedder, type EmbedOptions, parseInput, ResponseValidationError, ValidationError } from "@undercurrent/core";
import { z } from "zod";
import { decodeBase64Float32 } from "./base64-vectors.js";
import { estimateTokens, mapWithConcurrency, planBatches, truncateToTokens } from "./embedding-batches.js";
import {
  createClient,
  createUsageMeter,
  type OpenAIUsageTotals,
  parseFactoryOptions,
  resolveApiKey,
  resolveBaseURL,
} from "./openai-connection.js";
import { type OpenAIEmbedderOptions, openAIEmbedderOptionsSchema, openAIEmbeddingModels } from "./openai-embedder-options.js";
import { mapOpenAIError, notJsonError } from "./openai-error.js";
import { costOf, findPrice, openAIPrices } from "./openai-prices.js";

const context = "createOpenAIEmbedder";

/** An `Embedder` on OpenAI's embeddings endpoint, with running usage totals. */
export interface OpenAIEmbedder extends Embedder {
  /** The model requests name. */
  readonly model: string;
  /** Tokens and cost of every request so far. */
  usage(): OpenAIUsageTotals;
}

// Lenient: only what is read. `embedding` is base64 (what we ask for) or floats (a proxy that ignores the format).
const embeddingsResponseSchema = z.object({
  data: z.array(z.object({ index: z.number().int().nonnegative(), embedding: z.union([z.string(), z.array(z.number())]) })),
  model: z.string().nullish(),
  usage: z.object({ prompt_tokens: z.number().nonnegative().nullish(), total_tokens: z.number().nonnegative().nullish() }).nullish(),
});

const textsSchema = z.array(z.string(), { error: "expected an array of strings" });

function toUnitVector(values: Float32Array, at: string, url: string): Float32Array {
  let norm = 0;
  for (const value of values) {
    if (!Number.isFinite(value)) throw new ResponseValidationError({ url, issues: [{ path: at, message: "expected finite numbers" }] });
    norm += value * value;
  }
  if (norm === 0) throw new ResponseValidationError({ url, issues: [{ path: at, message: "expected a non-zero vector" }] });
  const length = Math.sqrt(norm);
  // The API's vectors are unit length already; dividing again only removes float32 rounding.
  for (let index = 0; index < values.length; index++) values[index]! /= length;
  return values;
}

function resolveDimensions(model: string, requested: number | undefined): { dimensions: number; send: boolean } {
  const known = openAIEmbeddingModels[model as keyof typeof openAIEmbeddingModels];
  if (!known) {
    if (requested === undefined) {
      throw new ConfigError({
        context,
        issues: [{ path: "options.dimensions", message: `required for model "${model}", whose vector length is not known` }],
      });
    }
    return { dimensions: requested, send: true };
  }
  if (requested === undefined || requested === known.dimensions) return { dimensions: known.dimensions, send: false };
  if (!known.shortenable) {
    throw new ConfigError({ context, issues: [{ path: "options.dimensions", message: `${model} does not support dimensions` }] });
  }
  if (requested > known.dimensions) {
    throw new ConfigError({
      context,
      issues: [{ path: "options.dimensions", message: `expected at most ${known.dimensions} for ${model}` }],
    });
  }
  return { dimensions: requested, send: true };
}

/**
 * An `Embedder` on OpenAI's `/embeddings` endpoint through the official SDK. Texts are sent in batches (at most
 * `maxBatchSize` inputs and `maxTokensPerRequest` estimated tokens each, `concurrency` at a time), the vectors come
 * back as base64 float32 and are decoded, checked (length, finite, non-zero) and returned as unit vectors in the
 * order of the texts. The API key is read at call time. An empty text is sent as a single space (the API refuses
 * empty strings). Failures are mapped by {@link mapOpenAIError}.
 */
export function createOpenAIEmbedder(options: OpenAIEmbedderOptions = {}): OpenAIEmbedder {
  const settings = parseFactoryOptions(openAIEmbedderOptionsSchema, options, context);
  const { dimensions, send } = resolveDimensions(settings.model, settings.dimensions);
  const prices = { ...openAIPrices, ...settings.prices };
  const meter = createUsageMeter(settings.onUsage);
  const logger = settings.logger;

  const embed = async (texts: readonly string[], embedOptions: EmbedOptions = {}): Promise<Float32Array[]> => {
    const signal = embedOptions.signal;
    signal?.throwIfAborted();
    const checked = parseInput(textsSchema, texts, "OpenAIEmbedder.embed", "texts");
    if (checked.length === 0) return [];

    const inputs = checked.map((text, index) => {
      const input = text.trim().length === 0 ? " " : text;
      if (estimateTokens(input) <= settings.maxTokensPerInput) return input;
      if (settings.truncate) return truncateToTokens(input, settings.maxTokensPerInput);
      throw new ValidationError({
        context: "OpenAIEmbedder.embed",
        issues: [
          {
            path: `texts.${index}`,
            message: `expected at most about ${settings.maxTokensPerInput} tokens, got ${input.length} characters (truncate: true cuts it)`,
          },
        ],
      });
    });
    const batches = planBatches(inputs.map(estimateTokens), { maxInputs: settings.maxBatchSize, maxTokens: settings.maxTokensPerRequest });

    const apiKey = await resolveApiKey(settings, context);
    const baseURL = resolveBaseURL(settings, context);
    const url = `${baseURL}/embeddings`;
    const client = createClient(settings, apiKey, baseURL);

    const results = await mapWithConcurrency(batches, settings.concurrency, async ([start, end]) => {
      const batch = inputs.slice(start, end);
      logger.debug("openai embeddings request", { model: settings.model, inputs: batch.length, first: start });
      let raw: unknown;
      try {
        raw = await client.embeddings.create(
          { model: settings.model, input: batch, encoding_format: "base64", ...(send && { dimensions }) },
          { signal, timeout: settings.timeoutMs },
        );
      } catch (error) {
        throw mapOpenAIError(error, { url, signal, secrets: [apiKey], timeoutMs: settings.timeoutMs });
      }
      if (typeof raw === "string") throw notJsonError(raw, url);
      const parsed = embeddingsResponseSchema.safeParse(raw);
      if (!parsed.success) {
        throw new ResponseValidationError({
          url,
          issues: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
        });
      }
      const response = parsed.data;
      const vectors: Array<Float32Array | undefined> = Array.from({ length: batch.length }, () => undefined);
      for (const item of response.data) {
        const at = `data.${item.index}.embedding`;
        if (item.index >= batch.length || vectors[item.index]) {
          throw new ResponseValidationError({
            url,
            issues: [{ path: `data.${item.index}.index`, message: "unexpected or repeated index" }],
          });
        }
        const values = typeof item.embedding === "string" ? decodeBase64Float32(item.embedding) : Float32Array.from(item.embedding);
        if (!values || values.length !== dimensions) {
          throw new ResponseValidationError({
            url,
            issues: [{ path: at, message: `expected ${dimensions} dimensions, got ${values ? values.length : "undecodable base64"}` }],
          });
        }
        vectors[item.index] = toUnitVector(values, at, url);
      }
      const missing = vectors.indexOf(undefined);
      if (missing !== -1) {
        throw new ResponseValidationError({
          url,
          issues: [{ path: "data", message: `expected ${batch.length} embeddings, input ${missing} has none` }],
        });
      }
      const inputTokens = response.usage?.prompt_tokens ?? response.usage?.total_tokens ?? 0;
      const model = response.model ?? settings.model;
      const price = findPrice(model, prices) ?? findPrice(settings.model, prices);
      meter.record({
        operation: "embed",
        model,
        inputTokens,
        outputTokens: 0,
        ...(price && { costUsd: costOf({ inputTokens, outputTokens: 0 }, price) }),
      });
      return vectors as Float32Array[];
    });
    return results.flat();
  };

  return {
    specVersion: "v1",
    id: send ? `${settings.model}:${dimensions}` : settings.model,
    model: settings.model,
    dimensions,
    maxBatchSize: settings.maxBatchSize,
    embed,
    usage: meter.totals,
  } satisfies OpenAIEmbedder;
}
