/**
 * `@undercurrent/openai`: the Undercurrent `Embedder` and `TextGenerator` on the official openai SDK — batched
 * embeddings with `dimensions`, structured output validated by zod with one repair retry, usage and cost accounting,
 * the API key read at call time and errors mapped to Undercurrent's.
 *
 * @packageDocumentation
 */
export { decodeBase64Float32, encodeBase64Float32 } from "./base64-vectors.js";
export { estimateTokens } from "./embedding-batches.js";
export {
  type OpenAIApiKey,
  type OpenAIConnectionOptions,
  type OpenAIUsageReport,
  type OpenAIUsageTotals,
  openAIDefaults,
  openAIEnvironmentVariables,
} from "./openai-connection.js";
export { createOpenAIEmbedder, type OpenAIEmbedder } from "./openai-embedder.js";
export {
  type OpenAIEmbedderOptions,
  openAIEmbedderOptionsSchema,
  openAIEmbeddingModels,
  openAIMaxEmbeddingInputs,
} from "./openai-embedder-options.js";
export {
  mapOpenAIError,
  notJsonError,
  type OpenAICallContext,
  type OpenAIErrorCode,
  openAIErrorCodes,
  parseOpenAIDuration,
  redactSecrets,
  retryAfterFromHeaders,
} from "./openai-error.js";
export { costOf, findPrice, type OpenAIPrice, openAIPrices, openAIPricesSchema, type TokenCounts } from "./openai-prices.js";
export { createOpenAITextGenerator, type OpenAITextGenerator } from "./openai-text-generator.js";
export { type OpenAITextGeneratorOptions, openAITextGeneratorOptionsSchema } from "./openai-text-generator-options.js";
export { dropAddedNulls, type JsonSchema, type StructuredOutputSchema, toStructuredOutputSchema } from "./structured-output-schema.js";
