import type { ItemInput, TrendInput } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import bunTrend from "../research/__fixtures__/bun-trend.json" with { type: "json" };
import { createResearchBrief } from "../research/create-research-brief.js";
import { writeScript } from "../script/write-script.js";
import { pieceFromBrief, pieceFromScript } from "./piece-from.js";
import { repurpose } from "./repurpose.js";

const brief = createResearchBrief(bunTrend.trend as TrendInput, bunTrend.items as ItemInput[]);

describe("pieceFromBrief and pieceFromScript", () => {
  it("turns a brief into posts for every platform that keep the topic", async () => {
    const piece = pieceFromBrief(brief);
    expect(piece).toMatchObject({ id: "trend-bun-12", title: "Bun 1.2", url: "https://bun.sh/blog/bun-v1.2", keyTerms: ["Bun 1.2"] });
    expect(piece.text).toContain("Bun served 3x more requests per second with 40% less memory.");
    const result = await repurpose(piece);
    expect(result.keyTerms[0]).toBe("Bun 1.2");
    for (const variant of result.variants) expect(variant.preflight.passed).toBe(true);
    for (const variant of result.variants) expect(variant.preservation.keyTermsMissing).toEqual([]);
  });

  it("turns a script into a piece", async () => {
    const script = await writeScript(brief, { durationSeconds: 30 });
    const piece = pieceFromScript(script);
    expect(piece).toEqual({ id: script.id, title: script.title, text: script.text, keyTerms: ["Bun 1.2"], language: "en" });
    expect((await repurpose(piece, { platforms: ["x"] })).variants[0]?.preflight.passed).toBe(true);
  });

  it("rejects an empty brief, naming the field", () => {
    expect(() => pieceFromBrief({ topic: "x", whatHappened: { text: "" } })).toThrow(/pieceFromBrief: brief\.whatHappened\.text/);
  });
});
