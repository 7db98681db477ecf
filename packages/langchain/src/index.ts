/**
 * `@undercurrent/langchain`: adapters from any @langchain/core chat model (through `withStructuredOutput`) and any
 * LangChain `Embeddings` to the Undercurrent `TextGenerator` and `Embedder` contracts.
 *
 * @packageDocumentation
 */
export { fromLangChainEmbeddings, type LangChainEmbeddingsOptions } from "./langchain-embedder.js";
export { isOutputParsingError, type LangChainErrorCode, langChainErrorCodes, mapLangChainError, redactKeys } from "./langchain-error.js";
export { fromLangChainChatModel, type LangChainChatModelOptions, type LangChainPrice } from "./langchain-text-generator.js";
