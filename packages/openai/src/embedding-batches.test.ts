import { describe, expect, it } from "vitest";
import { decodeBase64Float32, encodeBase64Float32 } from "./base64-vectors.js";
import { estimateTokens, mapWithConcurrency, planBatches, truncateToTokens } from "./embedding-batches.js";

describe("planBatches", () => {
  it("cuts at the input count and at the token budget, keeping order", () => {
    expect(planBatches([1, 1, 1, 1, 1], { maxInputs: 2, maxTokens: 100 })).toEqual([
      [0, 2],
      [2, 4],
      [4, 5],
    ]);
    expect(planBatches([40, 40, 40, 10], { maxInputs: 10, maxTokens: 90 })).toEqual([
      [0, 2],
      [2, 4],
    ]);
    expect(planBatches([500, 1], { maxInputs: 10, maxTokens: 90 })).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(planBatches([], { maxInputs: 10, maxTokens: 90 })).toEqual([]);
  });
});

describe("token estimates", () => {
  it("over-estimates rather than under-estimates", () => {
    expect(estimateTokens("hello world")).toBe(4);
    expect(estimateTokens("日本語のテキスト")).toBeGreaterThanOrEqual(6);
    expect(estimateTokens("")).toBe(1);
  });

  it("truncates to the budget at a word boundary", () => {
    const text = "alpha beta gamma delta ".repeat(100);
    const cut = truncateToTokens(text, 50);
    expect(estimateTokens(cut)).toBeLessThanOrEqual(50);
    expect(text.startsWith(cut)).toBe(true);
    expect(cut.endsWith(" ") || /\w$/.test(cut)).toBe(true);
    expect(truncateToTokens("short", 50)).toBe("short");
  });
});

describe("base64 vectors", () => {
  it("round-trips float32 values and rejects a partial float", () => {
    const vector = Float32Array.from([0.5, -0.25, 1e-7, 3]);
    expect(Array.from(decodeBase64Float32(encodeBase64Float32(vector))!)).toEqual(Array.from(vector));
    expect(decodeBase64Float32(Buffer.from([1, 2, 3]).toString("base64"))).toBeUndefined();
  });
});

describe("mapWithConcurrency", () => {
  it("keeps order and never runs more than the limit at once", async () => {
    let running = 0;
    let peak = 0;
    const results = await mapWithConcurrency([5, 1, 4, 2, 3], 2, async (value) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, value));
      running -= 1;
      return value * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });
});
