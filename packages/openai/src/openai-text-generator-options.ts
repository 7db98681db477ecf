import { z } from "zod";
import { type OpenAIConnectionOptions, openAIConnectionShape } from "./openai-connection.js";
import { type OpenAIPrice, openAIPricesSchema } from "./openai-prices.js";

/** The schema `createOpenAITextGenerator` validates its options with. */
export const openAITextGeneratorOptionsSchema = z.strictObject({
  ...openAIConnectionShape,
  model: z.string().trim().min(1).default("gpt-4.1-mini"),
  temperature: z.number().min(0).max(2, "expected 0–2").optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  repair: z.boolean().default(true),
  prices: openAIPricesSchema.default({}),
});

/** Options of {@link createOpenAITextGenerator}. */
export interface OpenAITextGeneratorOptions extends OpenAIConnectionOptions {
  /** Chat model. Defaults to `gpt-4.1-mini`; any model with Structured Outputs (`json_schema`) works. */
  model?: string;
  /** Default sampling temperature, 0–2, when a request gives none. Ignored (with a warning) by reasoning models. */
  temperature?: number;
  /** Default output token budget (`max_completion_tokens`) when a request gives none. */
  maxOutputTokens?: number;
  /** Ask once more, quoting the validation errors, when the answer does not match the schema. Defaults to `true`. */
  repair?: boolean;
  /** Prices per model, merged over {@link openAIPrices}. Without a price, `usage.costUsd` is left out. */
  prices?: Record<string, OpenAIPrice>;
}
