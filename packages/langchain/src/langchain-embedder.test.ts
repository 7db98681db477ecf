import { Embeddings } from "@langchain/core/embeddings";
import { FakeEmbeddings, SyntheticEmbeddings } from "@langchain/core/utils/testing";
import { ConfigError, ValidationError } from "@undercurrent/core";
import { describeEmbedder } from "@undercurrent/core/testing";
import { describe, expect, it } from "vitest";
import { LocalHashEmbeddings } from "./__fixtures__/local-hash-embeddings.js";
import { fromLangChainEmbeddings } from "./langchain-embedder.js";

describeEmbedder("langchain (Embeddings subclass)", {
  create: () => fromLangChainEmbeddings(new LocalHashEmbeddings(256), { dimensions: 256, batchSize: 16 }),
});

class FailingEmbeddings extends Embeddings {
  constructor(private readonly error: Error) {
    super({});
  }
  async embedDocuments(): Promise<number[][]> {
    throw this.error;
  }
  async embedQuery(): Promise<number[]> {
    throw this.error;
  }
}

class AnsweringEmbeddings extends Embeddings {
  constructor(private readonly answer: (documents: string[]) => number[][]) {
    super({});
  }
  async embedDocuments(documents: string[]): Promise<number[][]> {
    return this.answer(documents);
  }
  async embedQuery(document: string): Promise<number[]> {
    return this.answer([document])[0]!;
  }
}

describe("fromLangChainEmbeddings", () => {
  it("batches embedDocuments calls and keeps the order", async () => {
    const embeddings = new LocalHashEmbeddings(64);
    const embedder = fromLangChainEmbeddings(embeddings, { dimensions: 64, batchSize: 4 });
    const texts = Array.from({ length: 10 }, (_, index) => `headline ${index} about topic ${index % 3}`);
    const vectors = await embedder.embed(texts);
    expect(embeddings.batches).toEqual([4, 4, 2]);
    const [seventh] = await embedder.embed([texts[7]!]);
    expect(Array.from(vectors[7]!)).toEqual(Array.from(seventh!));
    expect(embedder).toMatchObject({ id: "local-hash-64:64", dimensions: 64, maxBatchSize: 4 });
  });

  it("normalises vectors to unit length (FakeEmbeddings)", async () => {
    const [vector] = await fromLangChainEmbeddings(new FakeEmbeddings(), { dimensions: 4 }).embed(["anything"]);
    const norm = Math.hypot(...vector!);
    expect(norm).toBeCloseTo(1, 6);
    expect(vector![3]! / vector![0]!).toBeCloseTo(4, 5);
  });

  it("checks every vector's length against dimensions", async () => {
    const embedder = fromLangChainEmbeddings(new SyntheticEmbeddings({ vectorSize: 8 }), { dimensions: 4 });
    await expect(embedder.embed(["Rust 2.0 released"])).rejects.toMatchObject({
      code: "RESPONSE_INVALID",
      message: expect.stringContaining("texts.0: expected 4 dimensions, got 8"),
    });
  });

  it("rejects a zero vector and a wrong vector count", async () => {
    const zero = new AnsweringEmbeddings((documents) => documents.map(() => [0, 0, 0, 0]));
    await expect(fromLangChainEmbeddings(zero, { dimensions: 4 }).embed(["x"])).rejects.toThrow(/non-zero vector/);
    const short = new AnsweringEmbeddings(() => [[1, 0, 0, 0]]);
    await expect(fromLangChainEmbeddings(short, { dimensions: 4 }).embed(["x", "y"])).rejects.toThrow(/expected 2 vectors, got 1/);
  });

  it("sends blank texts as a space and validates the input", async () => {
    const embeddings = new LocalHashEmbeddings(32);
    const embedder = fromLangChainEmbeddings(embeddings, { dimensions: 32 });
    expect(await embedder.embed([])).toEqual([]);
    expect(embeddings.batches).toEqual([]);
    const error = await embedder.embed([null as unknown as string]).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("texts.0");
  });

  it("maps provider errors", async () => {
    const limited = new FailingEmbeddings(Object.assign(new Error("Too many requests"), { status: 429 }));
    await expect(fromLangChainEmbeddings(limited, { dimensions: 4 }).embed(["x"])).rejects.toMatchObject({
      code: "LANGCHAIN_RATE_LIMITED",
      isRetryable: true,
    });
  });

  it("validates its options", () => {
    expect(() => fromLangChainEmbeddings(new FakeEmbeddings(), {} as never)).toThrow(ConfigError);
    expect(() => fromLangChainEmbeddings(new FakeEmbeddings(), {} as never)).toThrow(/options\.dimensions: required/);
    expect(() => fromLangChainEmbeddings(new FakeEmbeddings(), { dimensions: 4, batchSize: 0 })).toThrow(/options\.batchSize/);
    expect(() => fromLangChainEmbeddings({} as never, { dimensions: 4 })).toThrow(/embeddings: expected a LangChain Embeddings/);
  });
});
