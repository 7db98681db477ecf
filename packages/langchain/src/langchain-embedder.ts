import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { ConfigError, type Embedder, type EmbedOptions, parseInput, parseOptions, ResponseValidationError } from "@undercurrent/core";
import { z } from "zod";
import { mapLangChainError } from "./langchain-error.js";

/** Options of {@link fromLangChainEmbeddings}. */
export interface LangChainEmbeddingsOptions {
  /** The model's vector length (e.g. 1536 for OpenAI's text-embedding-3-small). Every vector is checked against it. */
  dimensions: number;
  /** The embedder's `id`. Defaults to the embeddings' `model`/`modelName` field (or class name) and the length. */
  id?: string;
  /** Texts per `embedDocuments` call, 1–2048. Defaults to 64. */
  batchSize?: number;
  /** `embedDocuments` calls in flight at once, 1–16. Defaults to 1. */
  concurrency?: number;
}

const optionsSchema = z.strictObject({
  dimensions: z.number({ error: "required: the model's vector length" }).int().min(1).max(65_536),
  id: z.string().trim().min(1).optional(),
  batchSize: z.number().int().min(1).max(2_048).default(64),
  concurrency: z.number().int().min(1).max(16).default(1),
});

const textsSchema = z.array(z.string(), { error: "expected an array of strings" });

function defaultId(embeddings: EmbeddingsInterface, dimensions: number): string {
  const fields = embeddings as unknown as { model?: unknown; modelName?: unknown };
  const name =
    (typeof fields.model === "string" && fields.model) ||
    (typeof fields.modelName === "string" && fields.modelName) ||
    embeddings.constructor.name ||
    "langchain";
  return `${name}:${dimensions}`;
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new DOMException("The operation was aborted.", "AbortError"));
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function toUnitVector(values: unknown, dimensions: number, at: string, source: string): Float32Array {
  if (!Array.isArray(values) && !(values instanceof Float32Array) && !(values instanceof Float64Array)) {
    throw new ResponseValidationError({ url: source, issues: [{ path: at, message: "expected an array of numbers" }] });
  }
  if (values.length !== dimensions) {
    throw new ResponseValidationError({
      url: source,
      issues: [
        { path: at, message: `expected ${dimensions} dimensions, got ${values.length} (set options.dimensions to the model's length)` },
      ],
    });
  }
  const vector = Float32Array.from(values as ArrayLike<number>);
  let norm = 0;
  for (const value of vector) {
    if (!Number.isFinite(value))
      throw new ResponseValidationError({ url: source, issues: [{ path: at, message: "expected finite numbers" }] });
    norm += value * value;
  }
  if (norm === 0) throw new ResponseValidationError({ url: source, issues: [{ path: at, message: "expected a non-zero vector" }] });
  const length = Math.sqrt(norm);
  for (let index = 0; index < vector.length; index++) vector[index]! /= length;
  return vector;
}

/**
 * Turns any LangChain `Embeddings` (anything with `embedDocuments`) into an `Embedder`: texts go in batches of
 * `batchSize` through `embedDocuments`, every vector is checked (count, `dimensions`, finite, non-zero) and
 * returned as a unit `Float32Array` in the texts' order. An empty or blank text is sent as `" "`. The signal is
 * checked between batches and abandons the batch in flight (LangChain's `embedDocuments` takes no signal).
 */
export function fromLangChainEmbeddings(embeddings: EmbeddingsInterface, options: LangChainEmbeddingsOptions): Embedder {
  if (typeof (embeddings as { embedDocuments?: unknown })?.embedDocuments !== "function") {
    throw new ConfigError({
      context: "fromLangChainEmbeddings",
      issues: [{ path: "embeddings", message: "expected a LangChain Embeddings object with embedDocuments()" }],
    });
  }
  const settings = parseOptions(optionsSchema, options ?? {}, "fromLangChainEmbeddings");
  const { dimensions, batchSize, concurrency } = settings;
  const id = settings.id ?? defaultId(embeddings, dimensions);
  const source = `langchain:${id}`;

  const embedBatch = async (batch: string[], first: number, signal: AbortSignal | undefined): Promise<Float32Array[]> => {
    signal?.throwIfAborted();
    let vectors: unknown;
    try {
      vectors = await abortable(embeddings.embedDocuments(batch), signal);
    } catch (error) {
      signal?.throwIfAborted();
      throw mapLangChainError(error, `${id} embedDocuments`);
    }
    if (!Array.isArray(vectors) || vectors.length !== batch.length) {
      throw new ResponseValidationError({
        url: source,
        issues: [
          { path: "", message: `expected ${batch.length} vectors, got ${Array.isArray(vectors) ? vectors.length : typeof vectors}` },
        ],
      });
    }
    return vectors.map((vector, index) => toUnitVector(vector, dimensions, `texts.${first + index}`, source));
  };

  const embed = async (texts: readonly string[], embedOptions: EmbedOptions = {}): Promise<Float32Array[]> => {
    const signal = embedOptions.signal;
    signal?.throwIfAborted();
    const inputs = parseInput(textsSchema, texts, "LangChainEmbedder.embed", "texts").map((text) => (text.trim() ? text : " "));
    const starts = Array.from({ length: Math.ceil(inputs.length / batchSize) }, (_, index) => index * batchSize);
    const results = new Array<Float32Array[]>(starts.length);
    let next = 0;
    const worker = async () => {
      while (next < starts.length) {
        const index = next++;
        const start = starts[index]!;
        results[index] = await embedBatch(inputs.slice(start, start + batchSize), start, signal);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, starts.length) }, worker));
    return results.flat();
  };

  return { specVersion: "v1", id, dimensions, maxBatchSize: batchSize, embed } satisfies Embedder;
}
