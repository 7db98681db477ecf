import { Embeddings, type EmbeddingsParams } from "@langchain/core/embeddings";
import { createLocalEmbedder } from "@undercurrent/core";

/**
 * A real LangChain `Embeddings` subclass (deterministic, offline) backed by core's local hashing embedder, which
 * records the size of every `embedDocuments` batch.
 */
export class LocalHashEmbeddings extends Embeddings {
  readonly batches: number[] = [];
  readonly model: string;
  private readonly inner;

  constructor(dimensions = 256, params: EmbeddingsParams = {}) {
    super(params);
    this.inner = createLocalEmbedder({ dimensions });
    this.model = `local-hash-${dimensions}`;
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    this.batches.push(documents.length);
    return (await this.inner.embed(documents)).map((vector) => Array.from(vector));
  }

  async embedQuery(document: string): Promise<number[]> {
    return (await this.embedDocuments([document]))[0]!;
  }
}
