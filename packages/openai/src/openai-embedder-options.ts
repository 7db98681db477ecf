import { z } from "zod";
import { type OpenAIConnectionOptions, openAIConnectionShape } from "./openai-connection.js";
import { type OpenAIPrice, openAIPricesSchema } from "./openai-prices.js";

/** Native vector lengths of OpenAI's embedding models; `dimensions` is required for any other model. */
export const openAIEmbeddingModels = {
  "text-embedding-3-small": { dimensions: 1536, shortenable: true },
  "text-embedding-3-large": { dimensions: 3072, shortenable: true },
  "text-embedding-ada-002": { dimensions: 1536, shortenable: false },
} as const;

/** The most inputs one embeddings request may carry. */
export const openAIMaxEmbeddingInputs = 2048;

/** The schema `createOpenAIEmbedder` validates its options with. */
export const openAIEmbedderOptionsSchema = z.strictObject({
  ...openAIConnectionShape,
  model: z.string().trim().min(1).default("text-embedding-3-small"),
  dimensions: z.number().int().min(1).max(3072, "expected at most 3072, the largest OpenAI embedding").optional(),
  maxBatchSize: z
    .number()
    .int()
    .min(1)
    .max(openAIMaxEmbeddingInputs, `expected at most ${openAIMaxEmbeddingInputs}, the most inputs OpenAI accepts per request`)
    .default(512),
  maxTokensPerRequest: z.number().int().min(1).max(300_000, "expected at most 300000, OpenAI's per-request limit").default(250_000),
  maxTokensPerInput: z.number().int().min(1).max(8_191, "expected at most 8191, OpenAI's per-input limit").default(8_191),
  truncate: z.boolean().default(true),
  concurrency: z.number().int().min(1).max(16).default(2),
  prices: openAIPricesSchema.default({}),
});

/** Options of {@link createOpenAIEmbedder}. */
export interface OpenAIEmbedderOptions extends OpenAIConnectionOptions {
  /** Embedding model. Defaults to `text-embedding-3-small`. */
  model?: string;
  /**
   * Vector length. Defaults to the model's native length (1536 for `text-embedding-3-small`, 3072 for `-large`);
   * `text-embedding-3-*` shorten to any smaller length (sent as `dimensions`). Required for other models.
   */
  dimensions?: number;
  /** Inputs per request, 1–2048. Defaults to 512. */
  maxBatchSize?: number;
  /** Estimated tokens per request (summed over its inputs), at most 300000. Defaults to 250000. */
  maxTokensPerRequest?: number;
  /** Estimated tokens per input, at most 8191 (the model's limit). Defaults to 8191. */
  maxTokensPerInput?: number;
  /**
   * What happens to a text over `maxTokensPerInput`: `true` (default) cuts it to fit, `false` rejects the call with
   * a `ValidationError` naming the text.
   */
  truncate?: boolean;
  /** Requests in flight at once when a call needs several batches, 1–16. Defaults to 2. */
  concurrency?: number;
  /** Prices per model, merged over {@link openAIPrices}. */
  prices?: Record<string, OpenAIPrice>;
}
