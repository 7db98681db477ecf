import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.js";
import { describeEmbedder } from "../testing/describe-embedder.js";
import { describeVectorIndex } from "../testing/describe-vector-index.js";
import { createExactVectorIndex } from "./exact-vector-index.js";
import { createLocalEmbedder, tokenize } from "./local-embedder.js";
import { dot } from "./vector-math.js";

describeVectorIndex("exact", { create: (dimensions) => createExactVectorIndex({ dimensions }) });
describeEmbedder("local", { create: () => createLocalEmbedder() });
describeEmbedder("local, 64 dimensions", { create: () => createLocalEmbedder({ dimensions: 64 }) });

describe("createExactVectorIndex", () => {
  it("names the bad option", () => {
    expect(() => createExactVectorIndex({ dimensions: 0 })).toThrow(ConfigError);
    expect(() => createExactVectorIndex({ dimensions: 0 })).toThrow(/options\.dimensions/);
    expect(() => createExactVectorIndex({ dimensions: 8, extra: true } as never)).toThrow(/extra/);
  });
});

describe("createLocalEmbedder", () => {
  it("names the bad option", () => {
    expect(() => createLocalEmbedder({ dimensions: 8 })).toThrow(/options\.dimensions/);
    expect(() => createLocalEmbedder({ trigramWeight: 2 })).toThrow(/options\.trigramWeight/);
  });

  it("tokenizes into content words, folding case, accents and plural endings", () => {
    expect(tokenize("The Models of Café-Culture are Rising!")).toEqual(["model", "cafe-culture", "rising"]);
    expect(tokenize("Show HN: C++ and C# in 2024")).toEqual(["c++", "c#", "2024"]);
    expect(tokenize("   ")).toEqual([]);
  });

  it("matches headlines about the same launch across sources, not unrelated ones", async () => {
    const embedder = createLocalEmbedder();
    const [hackerNews, github, reddit, unrelated] = await embedder.embed([
      "Bun 1.0 – a fast all-in-one JavaScript runtime",
      "oven-sh/bun: Incredibly fast JavaScript runtime, bundler, test runner, and package manager",
      "Bun 1.0 is out: JavaScript runtime benchmarks",
      "Show HN: I built a sourdough starter monitor with a Raspberry Pi",
    ]);
    expect(dot(hackerNews!, reddit!)).toBeGreaterThan(0.4);
    expect(dot(hackerNews!, github!)).toBeGreaterThan(dot(hackerNews!, unrelated!) + 0.15);
    expect(Math.abs(dot(hackerNews!, unrelated!))).toBeLessThan(0.15);
  });
});
