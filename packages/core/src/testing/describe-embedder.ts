import { describe, expect, it } from "vitest";
import type { Embedder } from "../contracts/embedder.js";
import { dot } from "../vectors/vector-math.js";

/** How {@link describeEmbedder} gets embedders. */
export interface DescribeEmbedderOptions {
  /** Returns a ready embedder (for hosted models, pointed at a mock server). */
  create: () => Embedder | Promise<Embedder>;
  /**
   * Whether to check that titles about the same subject are closer than unrelated ones. True for real
   * embedders; false for mocks whose vectors carry no meaning.
   */
  semantic?: boolean;
}

const norm = (vector: Float32Array) => Math.sqrt(dot(vector, vector));

/**
 * The conformance suite every `Embedder` runs: one unit vector of the declared length per text, in order,
 * deterministic, empty input handled, batches larger than `maxBatchSize`, abort, and (with `semantic`)
 * titles about the same thing closer than unrelated ones.
 */
export function describeEmbedder(name: string, options: DescribeEmbedderOptions): void {
  describe(`Embedder conformance: ${name}`, () => {
    it("declares the v1 contract, an id and dimensions", async () => {
      const embedder = await options.create();
      expect(embedder.specVersion).toBe("v1");
      expect(embedder.id).toMatch(/\S/);
      expect(Number.isInteger(embedder.dimensions) && embedder.dimensions > 0).toBe(true);
    });

    it("returns one finite unit vector of the declared length per text, in order and deterministically", async () => {
      const embedder = await options.create();
      const texts = ["Rust 2.0 released", "A new JavaScript runtime", "Rust 2.0 released"];
      const vectors = await embedder.embed(texts);
      expect(vectors).toHaveLength(3);
      for (const vector of vectors) {
        expect(vector).toBeInstanceOf(Float32Array);
        expect(vector.length).toBe(embedder.dimensions);
        expect(vector.every(Number.isFinite)).toBe(true);
        expect(norm(vector)).toBeCloseTo(1, 3);
      }
      expect(Array.from(vectors[2]!)).toEqual(Array.from(vectors[0]!));
      expect(dot(vectors[0]!, vectors[1]!)).toBeLessThan(0.999);
      const again = await embedder.embed([texts[1]!]);
      expect(dot(again[0]!, vectors[1]!)).toBeCloseTo(1, 4);
    });

    it("handles no texts, an empty text and a very long one", async () => {
      const embedder = await options.create();
      expect(await embedder.embed([])).toEqual([]);
      const [empty, long] = await embedder.embed(["", "trend ".repeat(5_000)]);
      expect(norm(empty!)).toBeCloseTo(1, 3);
      expect(norm(long!)).toBeCloseTo(1, 3);
    });

    it("embeds more texts than its batch size in one call", async () => {
      const embedder = await options.create();
      const count = (embedder.maxBatchSize ?? 64) + 3;
      const vectors = await embedder.embed(Array.from({ length: count }, (_, index) => `headline number ${index}`));
      expect(vectors).toHaveLength(count);
    });

    it("stops when its signal is aborted", async () => {
      const embedder = await options.create();
      const controller = new AbortController();
      controller.abort();
      await expect(embedder.embed(["text"], { signal: controller.signal })).rejects.toBeDefined();
    });

    if (options.semantic !== false) {
      it("puts titles about the same subject closer than unrelated ones", async () => {
        const embedder = await options.create();
        const [a, b, unrelated] = await embedder.embed([
          "Stable Diffusion: open-source image generation model released",
          "Running Stable Diffusion image generation on an M1 Mac",
          "The Federal Reserve raises interest rates by 75 basis points",
        ]);
        expect(dot(a!, b!)).toBeGreaterThan(dot(a!, unrelated!) + 0.1);
        expect(dot(a!, b!)).toBeGreaterThan(dot(b!, unrelated!) + 0.1);
      });
    }
  });
}
