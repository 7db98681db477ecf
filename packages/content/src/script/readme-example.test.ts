import { createMemoryStore, type ItemInput, type TrendInput } from "@undercurrent/core";
import { createMockVideoProvider } from "@undercurrent/core/testing";
import { expect, it } from "vitest";
import { loadResearchBrief, selectAvatar, writeScript } from "../index.js";
import bunTrend from "../research/__fixtures__/bun-trend.json" with { type: "json" };

// The README's first snippet, against a memory store holding a recorded trend and core's mock video provider.
it("runs the README snippet: trend to brief, script and presenter", async () => {
  const store = createMemoryStore();
  await store.putItems(bunTrend.items as ItemInput[]);
  await store.putTrend(bunTrend.trend as TrendInput);
  const provider = createMockVideoProvider();
  const printed: string[] = [];
  const console = { log: (line: string) => printed.push(line) };

  // --- README snippet ---
  const brief = await loadResearchBrief(store, "trend-bun-12");
  console.log(brief.whatHappened.text);
  for (const fact of brief.facts.slice(0, 3)) console.log(`- ${fact.text} [${fact.itemId}]`);

  const script = await writeScript(brief, { durationSeconds: 45, tone: "casual", audience: "developers" });
  console.log(`${script.wordCount} words, about ${script.estimatedSeconds} s, QA ${script.qa.passed ? "passed" : "failed"}`);
  for (const scene of script.scenes) console.log(`[${scene.role}] ${scene.text}`);

  const catalogue = { avatars: await provider.listAvatars(), voices: await provider.listVoices() };
  const [best] = selectAvatar(catalogue, { tone: "casual", audience: "developers", language: "en" });
  console.log(`${best?.avatar.name} with ${best?.voice.name} (${best?.score}): ${best?.reasons.join("; ")}`);
  // --- end of snippet ---

  expect(printed[0]).toBe(
    "Bun 1.2 is released with a built-in S3 client and Postgres driver. Bun 1.2 adds a built-in S3 client, a Postgres client and a new text-based lockfile.",
  );
  expect(printed[1]).toBe("- Node.js compatibility improved: 96% of the Node.js test suite now passes. [hackernews:42790001]");
  expect(printed).toContain("[hook] Have you noticed everyone talking about Bun 1.2?");
  expect(printed.find((line) => line.includes(" words, about "))).toMatch(/^(9\d|1[0-2]\d) words, about \d+(\.\d)? s, QA passed$/);
  expect(printed.at(-2)).toBe("[call-to-action] Tell me what you think in the comments, and follow for more.");
  expect(printed.at(-1)).toMatch(
    /^Ben with Liam \(0\.\d+\): tone "casual": tagged casual; audience "developers": tagged casual; voice Liam speaks en-US \(asked en\); Liam is Ben's default voice$/,
  );
});

it("loadResearchBrief names an unknown trend", async () => {
  await expect(loadResearchBrief(createMemoryStore(), "nope")).rejects.toThrow('loadResearchBrief: trendId: no trend "nope" in the store');
});
