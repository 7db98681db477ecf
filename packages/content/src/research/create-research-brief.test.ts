import { ConfigError, createManualClock, type ItemInput, type TrendInput, ValidationError } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import bunTrend from "./__fixtures__/bun-trend.json" with { type: "json" };
import { createResearchBrief } from "./create-research-brief.js";
import { researchBriefSchema } from "./research-brief-schema.js";

const fixture = { trend: bunTrend.trend as TrendInput, items: bunTrend.items as ItemInput[] };
const clock = createManualClock(Date.parse("2026-01-22T10:00:00Z"));

describe("createResearchBrief", () => {
  const brief = createResearchBrief(fixture.trend, fixture.items, { clock });

  it("says what happened with the most relevant headline and its item", () => {
    expect(brief.topic).toBe("Bun 1.2");
    expect(brief.whatHappened.text).toContain("Bun 1.2 is released with a built-in S3 client and Postgres driver.");
    expect(brief.whatHappened.itemIds).toEqual(["hackernews:42790001"]);
  });

  it("explains why now from the trend's status, sources, lead and velocity", () => {
    expect(brief.whyNow?.text).toBe(
      "Bun 1.2 is rising across 3 sources (hackernews, reddit, github) since 2026-01-21. hackernews picked it up 3 hours before the others. " +
        "Mentions are growing at about 4.2 per hour, and speeding up. A peak is expected around 2026-01-23.",
    );
    expect(brief.whyNow?.itemIds).toEqual(["hackernews:42790001"]);
  });

  it("extracts sentences with numbers as facts, each with its item and source", () => {
    expect(brief.facts.length).toBeGreaterThanOrEqual(5);
    for (const fact of brief.facts) {
      expect(fact.numbers.length).toBeGreaterThan(0);
      const item = fixture.items.find((candidate) => candidate.id === fact.itemId)!;
      expect(`${item.title} ${item.text}`).toContain(fact.text.replace(/\.$/, ""));
      expect(fact.source).toBe(item.source);
    }
    const benchmark = brief.facts.find((fact) => fact.text.includes("40% less memory"));
    expect(benchmark).toMatchObject({ itemId: "reddit:t3_1i6abc", source: "reddit", numbers: expect.arrayContaining(["3x", "40%"]) });
    const ci = brief.facts.find((fact) => fact.text.includes("41 seconds"));
    expect(ci?.numbers).toEqual(["41 seconds", "6 seconds", "120"]);
  });

  it("keeps sentences without numbers as key points and never repeats a sentence", () => {
    expect(brief.keyPoints.some((point) => point.text === "The Node.js compatibility story looks much better now.")).toBe(true);
    const texts = [...brief.facts, ...brief.keyPoints].map((fact) => fact.text);
    expect(new Set(texts).size).toBe(texts.length);
    expect(brief.keyPoints.every((point) => point.numbers.length === 0)).toBe(true);
  });

  it("lists who is talking, links and only the trend's items", () => {
    expect(brief.sources.map((source) => source.source)).toEqual(["hackernews", "reddit", "github"]);
    expect(brief.sources[0]).toMatchObject({ mentions: 2, leadHours: 3, itemIds: ["hackernews:42790001", "hackernews:42790777"] });
    expect(brief.authors.map((author) => author.id)).toContain("perf_nerd");
    expect(brief.authors.find((author) => author.id === "perf_nerd")?.name).toBe("Perf Nerd");
    expect(brief.links.map((link) => link.url)).toEqual([
      "https://bun.sh/blog/bun-v1.2",
      "https://www.reddit.com/r/javascript/comments/1i6abc/bun_12_benchmarks/",
      "https://github.com/oven-sh/bun",
      "https://www.reddit.com/r/node/comments/1i6xyz/is_bun_ready/",
    ]);
    expect(brief.itemIds).not.toContain("hackernews:1");
    expect(brief.facts.some((fact) => fact.text.includes("tomatoes"))).toBe(false);
    expect(brief.createdAt).toEqual(new Date("2026-01-22T10:00:00Z"));
  });

  it("is a valid brief and deterministic", () => {
    expect(researchBriefSchema.parse(brief)).toEqual(brief);
    expect(createResearchBrief(fixture.trend, fixture.items, { clock })).toEqual(brief);
  });

  it("respects the limits on facts, key points and items", () => {
    const small = createResearchBrief(fixture.trend, fixture.items, { maxFacts: 2, maxKeyPoints: 1, maxPerItem: 1, clock });
    expect(small.facts).toHaveLength(2);
    expect(small.keyPoints).toHaveLength(1);
    expect(new Set(small.facts.map((fact) => fact.itemId)).size).toBe(2);
  });

  it("uses every item when the trend lists no evidence", () => {
    const loose = createResearchBrief({ ...fixture.trend, evidence: [] }, fixture.items.slice(0, 2), { clock });
    expect(loose.itemIds).toEqual(["hackernews:42790001", "hackernews:42790777"]);
  });

  it("rejects an empty or foreign evidence list, naming the field", () => {
    expect(() => createResearchBrief(fixture.trend, [])).toThrow(ValidationError);
    expect(() => createResearchBrief(fixture.trend, [])).toThrow("createResearchBrief: evidenceItems: expected at least one item");
    expect(() => createResearchBrief(fixture.trend, [fixture.items.at(-1)!])).toThrow(
      "none of the items is listed in the trend's evidence",
    );
  });

  it("rejects an invalid trend or item, naming the field", () => {
    expect(() => createResearchBrief({ ...fixture.trend, name: "" }, fixture.items)).toThrow(/trend\.name/);
    expect(() => createResearchBrief(fixture.trend, [{ ...fixture.items[0]!, url: "not a url" }])).toThrow(/evidenceItems\.0\.url/);
    expect(() => createResearchBrief(fixture.trend, fixture.items, { maxFacts: -1 })).toThrow(ConfigError);
  });
});
