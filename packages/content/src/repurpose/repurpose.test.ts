import { ConfigError, ValidationError } from "@undercurrent/core";
import { createMockEmbedder, createMockTextGenerator } from "@undercurrent/core/testing";
import { describe, expect, it } from "vitest";
import sample from "./__fixtures__/sample-post.json" with { type: "json" };
import { platformRules, repurposePlatforms } from "./platform-rules.js";
import { findHashtags, preflight } from "./preflight.js";
import { repurpose } from "./repurpose.js";
import { countBytes, countGraphemes, countXWeighted } from "./text-length.js";

describe("repurpose", () => {
  it("writes a variant for every platform, each within the platform's real limit", async () => {
    const result = await repurpose(sample);
    expect(result.variants.map((variant) => variant.platform)).toEqual([...repurposePlatforms]);
    for (const variant of result.variants) {
      const rules = platformRules[variant.platform];
      for (const part of variant.parts) expect(rules.measure(part)).toBeLessThanOrEqual(rules.limit);
      expect(variant.preflight.passed).toBe(true);
      expect(variant.id).toBe(`bun-12-post:${variant.platform}:A`);
    }
    const byPlatform = Object.fromEntries(result.variants.map((variant) => [variant.platform, variant]));
    expect(countXWeighted(byPlatform.x!.text)).toBeLessThanOrEqual(280);
    expect(countGraphemes(byPlatform.bluesky!.text)).toBeLessThanOrEqual(300);
    expect(byPlatform.threads!.text.length).toBeLessThanOrEqual(500);
    expect(byPlatform.linkedin!.text.length).toBeLessThanOrEqual(3_000);
    expect(byPlatform.instagram!.text.length).toBeLessThanOrEqual(2_200);
    expect(byPlatform.youtube!.title!.length).toBeLessThanOrEqual(100);
    expect(countBytes(byPlatform.youtube!.text)).toBeLessThanOrEqual(5_000);
  });

  it("keeps the core message: key terms in every variant and similarity above the threshold, reported per variant", async () => {
    const result = await repurpose(sample);
    expect(result.keyTerms).toEqual(["Bun", "Node.js", "JavaScript"]);
    for (const variant of result.variants) {
      expect(variant.preservation).toMatchObject({ keyTermsMissing: [], threshold: 0.3, embedder: "local-hash-v1-512", passed: true });
      expect(variant.preservation.similarity).toBeGreaterThanOrEqual(0.3);
      expect(variant.preservation.similarity).toBeLessThanOrEqual(1);
    }
    expect(result.passed).toBe(true);
    // Long-form variants carry nearly all of the piece, short posts less.
    const similarity = (platform: string) => result.variants.find((variant) => variant.platform === platform)!.preservation.similarity;
    expect(similarity("linkedin")).toBeGreaterThan(similarity("x"));
  });

  it("keeps a key term the piece names, and reports a variant that falls below a strict threshold", async () => {
    const result = await repurpose(
      { ...sample, keyTerms: ["http2 module"] },
      { platforms: ["x", "bluesky", "linkedin"], similarityThreshold: 0.9 },
    );
    for (const variant of result.variants) expect(variant.text.toLowerCase()).toContain("http2 module");
    const x = result.variants.find((variant) => variant.platform === "x")!;
    expect(x.preservation.passed).toBe(false);
    expect(x.passed).toBe(false);
    expect(result.variants.find((variant) => variant.platform === "linkedin")?.preservation.passed).toBe(true);
    expect(result.passed).toBe(false);
  });

  it("writes k A/B variants with different hooks", async () => {
    const result = await repurpose(sample, { platforms: ["x", "linkedin"], variants: 4 });
    const x = result.variants.filter((variant) => variant.platform === "x");
    expect(x.map((variant) => variant.variant)).toEqual(["A", "B", "C", "D"]);
    expect(x.map((variant) => variant.hookStyle)).toEqual(["headline", "statistic", "question", "takeaway"]);
    expect(new Set(x.map((variant) => variant.hook)).size).toBe(4);
    expect(new Set(x.map((variant) => variant.text)).size).toBe(4);
    expect(x[0]!.text.startsWith("Bun 1.2 makes the JavaScript runtime race interesting again.")).toBe(true);
    expect(x[1]!.hook).toMatch(/\d/);
    expect(x[2]!.hook).toBe("Why is everyone talking about Bun?");
    expect(x[3]!.hook.startsWith("In short: ")).toBe(true);
    for (const variant of x) expect(variant.text.startsWith(variant.hook.replace(/[.]$/, ""))).toBe(true);
  });

  it("writes fewer variants, with a warning, when the piece offers fewer hooks", async () => {
    const result = await repurpose("A quiet release of the tool happened today. Nobody noticed yet.", { platforms: ["x"], variants: 4 });
    expect(result.variants.map((variant) => variant.hookStyle)).toEqual(["headline", "question", "takeaway"]);
    expect(result.warnings).toEqual(["only 3 distinct hooks for this piece, so 3 variants per platform instead of 4"]);
  });

  it("splits an X thread into numbered posts of at most 280, in order, closing with the link and hashtags", async () => {
    const result = await repurpose(sample, { platforms: ["x-thread"] });
    const thread = result.variants[0]!;
    expect(thread.parts.length).toBeGreaterThan(2);
    thread.parts.forEach((part, index) => {
      expect(countXWeighted(part)).toBeLessThanOrEqual(280);
      expect(part.endsWith(` ${index + 1}/${thread.parts.length}`)).toBe(true);
    });
    expect(thread.parts.at(-1)).toContain("https://example.com/blog/bun-1-2");
    expect(thread.parts.at(-1)).toContain("#Bun #JavaScript");
    const joined = thread.parts.join(" ");
    expect(joined.indexOf("S3 client is 5x faster")).toBeLessThan(joined.indexOf("80,000 stars"));
    expect(thread.text).toBe(thread.parts.join("\n\n"));
  });

  it("keeps a very long piece to at most 25 posts in a thread", async () => {
    const sentences = Array.from(
      { length: 120 },
      (_, index) => `Bun fact number ${index + 1} says the runtime keeps getting faster for Node.js users every single week.`,
    );
    const result = await repurpose({ text: sentences.join(" ") }, { platforms: ["x-thread"] });
    expect(result.variants[0]!.parts.length).toBeLessThanOrEqual(25);
    expect(result.variants[0]!.preflight.checks.find((check) => check.name === "parts")?.passed).toBe(true);
  });

  it("follows each platform's hashtag and link habits", async () => {
    const manyTags = { ...sample, hashtags: Array.from({ length: 40 }, (_, index) => `tag${index}`) };
    const result = await repurpose(manyTags, { hashtagCounts: { instagram: 40, threads: 3, youtube: 20 } });
    const get = (platform: string) => result.variants.find((variant) => variant.platform === platform)!;
    expect(findHashtags(get("instagram").text)).toHaveLength(30);
    expect(findHashtags(get("threads").text)).toHaveLength(1);
    expect(findHashtags(get("youtube").text)).toHaveLength(15);
    expect(get("instagram").text).not.toContain("https://");
    expect(get("instagram").text).toContain("Link in bio.");
    expect(get("tiktok").links).toEqual([]);
    expect(get("x").links).toEqual(["https://example.com/blog/bun-1-2"]);
    expect(get("x").hashtags).toEqual(["tag0", "tag1"]);
  });

  it("counts Bluesky in graphemes: an emoji-heavy piece uses the whole 300", async () => {
    const text = Array.from({ length: 60 }, (_, index) => `Day ${index + 1} of Bun 👨‍👩‍👧‍👦 is fun.`).join(" ");
    const result = await repurpose({ text }, { platforms: ["bluesky"] });
    const bluesky = result.variants[0]!;
    expect(bluesky.unit).toBe("graphemes");
    expect(bluesky.length).toBe(countGraphemes(bluesky.text));
    expect(bluesky.length).toBeLessThanOrEqual(300);
    expect(bluesky.text.length).toBeGreaterThan(300);
  });

  it("cuts a title and a hook that are too long, at a word boundary", async () => {
    const title = `${"A remarkably long headline about the Bun runtime ".repeat(4).trim()}`;
    const result = await repurpose({ title, text: "Bun is fast. It runs Node.js apps." }, { platforms: ["youtube", "x"] });
    const youtube = result.variants.find((variant) => variant.platform === "youtube")!;
    expect(youtube.title!.length).toBeLessThanOrEqual(100);
    expect(youtube.title!.endsWith("…")).toBe(true);
    expect(youtube.preflight.passed).toBe(true);
  });

  it("strips angle brackets YouTube rejects", async () => {
    const result = await repurpose(
      { title: "Use <Suspense> with Bun", text: "The <Suspense> tag works with Bun 1.2 now." },
      { platforms: ["youtube"] },
    );
    expect(result.variants[0]!.title).toBe("Use Suspense with Bun");
    expect(result.variants[0]!.text).not.toMatch(/[<>]/);
  });

  it("embeds with the embedder given, in one call", async () => {
    const embedder = createMockEmbedder({ dimensions: 128 });
    const result = await repurpose(sample, { embedder, variants: 2 });
    expect(embedder.calls).toHaveLength(1);
    expect(embedder.calls[0]).toHaveLength(1 + repurposePlatforms.length * 2);
    expect(result.variants[0]!.preservation.embedder).toBe(embedder.id);
  });

  it("is deterministic", async () => {
    expect(await repurpose(sample, { variants: 2 })).toEqual(await repurpose(sample, { variants: 2 }));
  });

  it("rejects an empty piece and an unknown platform, naming the field", async () => {
    await expect(repurpose({ text: "   " })).rejects.toThrow(ValidationError);
    await expect(repurpose({ text: "" })).rejects.toThrow(/repurpose: piece\.text: expected the piece's text/);
    await expect(repurpose("")).rejects.toThrow(/piece\.text/);
    await expect(repurpose({ text: "!!! ???" })).rejects.toThrow("repurpose: piece.text: expected at least one sentence with words");
    await expect(repurpose({ text: "Fine text.", url: "nope" })).rejects.toThrow(/piece\.url/);
    const unknown = repurpose(sample, { platforms: ["myspace" as never] });
    await expect(unknown).rejects.toThrow(ValidationError);
    await expect(unknown).rejects.toThrow(ConfigError);
    await expect(repurpose(sample, { platforms: ["myspace" as never] })).rejects.toThrow(/options\.platforms\.0/);
    await expect(repurpose(sample, { variants: 9 })).rejects.toThrow(/options\.variants/);
  });
});

describe("repurpose with a TextGenerator", () => {
  it("uses a rewrite that passes the same checks, and keeps the extractive variant otherwise", async () => {
    const generator = createMockTextGenerator(({ prompt }) => {
      if (prompt.startsWith("Rewrite this content for X thread")) return { parts: ["x".repeat(400)], hashtags: [] };
      if (prompt.startsWith("Rewrite this content for Bluesky"))
        return { parts: ["Cats are wonderful pets and sleep a lot."], hashtags: ["cats"] };
      return {
        title: "Bun 1.2: Node.js compatibility at 96%",
        parts: ["Bun 1.2 is here: 96% of the Node.js test suite passes, and JavaScript teams report 3x more requests per second."],
        hashtags: ["Bun", "#JavaScript"],
      };
    });
    const result = await repurpose(sample, { textGenerator: generator, platforms: ["x", "x-thread", "bluesky", "youtube"] });
    const get = (platform: string) => result.variants.find((variant) => variant.platform === platform)!;
    expect(get("x").writer).toBe("mock-text");
    expect(get("x").text).toBe(
      "Bun 1.2 is here: 96% of the Node.js test suite passes, and JavaScript teams report 3x more requests per second.\n\nhttps://example.com/blog/bun-1-2\n\n#Bun #JavaScript",
    );
    expect(get("youtube").title).toBe("Bun 1.2: Node.js compatibility at 96%");
    expect(get("x-thread").writer).toBe("extractive");
    expect(get("x-thread").warnings).toEqual(["mock-text's rewrite failed the checks; kept the extractive variant"]);
    expect(get("bluesky").writer).toBe("extractive");
    expect(get("bluesky").preservation.passed).toBe(true);
    expect(generator.prompts[0]).toContain("Keep these terms word for word: Bun, Node.js, JavaScript.");
  });
});

describe("preflight", () => {
  it("fails too many hashtags on Instagram and a second one on Threads", () => {
    const tags = Array.from({ length: 31 }, (_, index) => `tag${index}`);
    const text = `Hello. ${tags.map((tag) => `#${tag}`).join(" ")}`;
    const instagram = preflight({ text, parts: [text], hook: "Hello.", hashtags: tags }, platformRules.instagram);
    expect(instagram.passed).toBe(false);
    expect(instagram.checks.find((check) => check.name === "hashtag-count")?.message).toBe(
      "31 hashtags, more than the 30 Instagram honours",
    );
    const threads = preflight(
      { text: "Hi #one #two", parts: ["Hi #one #two"], hook: "Hi", hashtags: ["one", "two"] },
      platformRules.threads,
    );
    expect(threads.checks.find((check) => check.name === "hashtag-count")?.passed).toBe(false);
  });

  it("fails a post over the limit and a malformed hashtag; warns about links where they do not work", () => {
    const long = "a".repeat(281);
    expect(
      preflight({ text: long, parts: [long], hook: "a", hashtags: [] }, platformRules.x).checks.find((check) => check.name === "length"),
    ).toMatchObject({
      passed: false,
      message: "281 weighted characters, over the 280 limit",
    });
    expect(preflight({ text: "ok", parts: ["ok"], hook: "ok", hashtags: ["two words"] }, platformRules.x).passed).toBe(false);
    const tiktok = preflight(
      { text: "see https://example.com", parts: ["see https://example.com"], hook: "see", hashtags: [] },
      platformRules.tiktok,
    );
    expect(tiktok.passed).toBe(true);
    expect(tiktok.checks.find((check) => check.name === "links")).toMatchObject({ passed: false, severity: "warning" });
  });

  it("checks YouTube titles", () => {
    const result = preflight({ text: "ok", parts: ["ok"], title: "x".repeat(101), hook: "ok", hashtags: [] }, platformRules.youtube);
    expect(result.checks.find((check) => check.name === "title")?.message).toBe("the title has 101 characters, over 100");
  });
});

describe("variantsToDrafts", () => {
  it("keeps only passed variants unless told otherwise, with the checks' figures in metadata", async () => {
    const { variantsToDrafts } = await import("./variants-to-drafts.js");
    const result = await repurpose(sample, { platforms: ["x", "youtube"], similarityThreshold: 0.9 });
    const now = new Date("2026-01-22T10:00:00Z");
    const passed = variantsToDrafts(result, { now, trendId: "trend-bun-12" });
    expect(passed.map((draft) => draft.id)).toEqual(["bun-12-post:youtube:A"]);
    expect(passed[0]).toMatchObject({
      platform: "youtube",
      format: "caption",
      title: expect.any(String),
      trendId: "trend-bun-12",
      createdAt: now,
    });
    const all = variantsToDrafts(result, { now, onlyPassed: false });
    expect(all.map((draft) => draft.id)).toEqual(["bun-12-post:x:A", "bun-12-post:youtube:A"]);
    expect(all[0]!.metadata).toMatchObject({
      repurposePlatform: "x",
      variant: "A",
      hookStyle: "headline",
      limit: 280,
      preflightPassed: true,
    });
  });
});
