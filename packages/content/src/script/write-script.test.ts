import { ConfigError, createManualClock, type ItemInput, type TrendInput, UndercurrentError, ValidationError } from "@undercurrent/core";
import { createMockTextGenerator } from "@undercurrent/core/testing";
import { describe, expect, it } from "vitest";
import bunTrend from "../research/__fixtures__/bun-trend.json" with { type: "json" };
import { createResearchBrief } from "../research/create-research-brief.js";
import { countWords } from "../research/text-tools.js";
import { assertScript, checkScript } from "./check-script.js";
import { ScriptQaError } from "./script-qa-error.js";
import { videoScriptSchema } from "./video-script-schema.js";
import { writeScript } from "./write-script.js";

const brief = createResearchBrief(bunTrend.trend as TrendInput, bunTrend.items as ItemInput[], {
  clock: createManualClock(Date.parse("2026-01-22T10:00:00Z")),
});

describe("writeScript (extractive)", () => {
  it.each([5, 8, 15, 30, 45, 60, 90])("keeps a %i-second script within its word budget at 150 words a minute", async (durationSeconds) => {
    const script = await writeScript(brief, { durationSeconds });
    const budget = Math.round((durationSeconds * 150) / 60);
    expect(script.wordCount).toBe(countWords(script.text));
    expect(script.wordCount).toBeLessThanOrEqual(Math.floor(budget * 1.1));
    expect(script.estimatedSeconds).toBeCloseTo((script.wordCount / 150) * 60, 1);
    expect(script.targetSeconds).toBe(durationSeconds);
    expect(script.qa.passed).toBe(true);
  });

  it("fills most of the budget when the brief has enough to say", async () => {
    const script = await writeScript(brief, { durationSeconds: 45 });
    expect(script.wordCount).toBeGreaterThanOrEqual(Math.round(112 * 0.75));
  });

  it("has a hook, body scenes and a call to action, and every body scene cites items of the brief", async () => {
    const script = await writeScript(brief, { durationSeconds: 45 });
    expect(script.scenes[0]?.role).toBe("hook");
    expect(script.scenes.at(-1)?.role).toBe("call-to-action");
    const body = script.scenes.filter((scene) => scene.role === "body");
    expect(body.length).toBeGreaterThanOrEqual(3);
    for (const scene of body) {
      expect(scene.sourceItemIds.length).toBeGreaterThan(0);
      for (const id of scene.sourceItemIds) expect(brief.itemIds).toContain(id);
    }
    expect(script.text).toBe(script.scenes.map((scene) => scene.text).join(" "));
    expect(script.hook).toBe(script.scenes[0]?.text);
    expect(script.callToAction).toBe(script.scenes.at(-1)?.text);
    expect(script.sourceItemIds.length).toBeGreaterThanOrEqual(3);
    expect(videoScriptSchema.parse(script)).toEqual(script);
  });

  it("opens with the most striking number a presenter can say, and quotes first-person sentences", async () => {
    const script = await writeScript(brief, { durationSeconds: 60, tone: "neutral" });
    expect(script.hook).toBe("Node.js compatibility improved: 96% of the Node.js test suite now passes.");
    expect(script.scenes[0]?.onScreenText).toBe("96%");
    const quoted = script.scenes.find((scene) => scene.text.includes("I benchmarked"));
    expect(quoted?.text).toBe('One Reddit user wrote: "I benchmarked three production Express apps on Bun 1.2 and Node.js 22."');
    expect(script.text).not.toMatch(/(?<!")We moved our CI/);
  });

  it("adapts hook and call to action to the tone and the audience", async () => {
    const casual = await writeScript(brief, { tone: "casual" });
    expect(casual.hook).toBe("Have you noticed everyone talking about Bun 1.2?");
    expect(casual.callToAction).toBe("Tell me what you think in the comments, and follow for more.");
    const professional = await writeScript(brief, { tone: "professional", audience: "engineering managers", hookStyle: "question" });
    expect(professional.hook).toBe("Why is Bun 1.2 suddenly on the radar for engineering managers?");
    const custom = await writeScript(brief, { callToAction: "Read the release notes", hookStyle: "statement", tone: "energetic" });
    expect(custom.hook).toBe("Bun 1.2 is blowing up right now!");
    expect(custom.callToAction).toBe("Read the release notes.");
  });

  it("puts the facts about the angle first and titles the video after it", async () => {
    const script = await writeScript(brief, { angle: "install speed and CI", durationSeconds: 30, hookStyle: "question" });
    expect(script.title).toBe("Bun 1.2: install speed and CI");
    const firstFact = script.scenes.filter((scene) => scene.role === "body")[1];
    expect(firstFact?.text).toContain("Install times dropped from 41 seconds to 6 seconds");
  });

  it("says the key messages as given, before the call to action, without sources", async () => {
    const keyMessages = ["Try it on one service before you migrate everything"];
    const script = await writeScript(brief, { keyMessages, durationSeconds: 30 });
    const scene = script.scenes.at(-2)!;
    expect(scene).toMatchObject({ text: "Try it on one service before you migrate everything.", userProvided: true, sourceItemIds: [] });
    expect(script.qa.checks.find((check) => check.name === "key-messages")?.passed).toBe(true);
    expect(script.wordCount).toBeLessThanOrEqual(82);
  });

  it("leaves out sentences with banned words", async () => {
    const script = await writeScript(brief, { bannedWords: ["Postgres", "stars"] });
    expect(script.text).not.toMatch(/postgres|stars/i);
    expect(script.qa.checks.find((check) => check.name === "banned-words")).toMatchObject({ passed: true });
  });

  it("throws a ScriptQaError when its own template uses a banned word, or returns the report when asked", async () => {
    const failing = writeScript(brief, { bannedWords: ["follow"], tone: "neutral" });
    await expect(failing).rejects.toThrow(ScriptQaError);
    await expect(failing).rejects.toThrow(/banned-words|uses "follow"/);
    await expect(failing).rejects.toMatchObject({ code: "SCRIPT_QA_FAILED" });
    const report = await writeScript(brief, { bannedWords: ["follow"], requireQaPass: false });
    expect(report.qa.passed).toBe(false);
    expect(report.qa.errors.map((check) => check.name)).toEqual(["banned-words"]);
  });

  it("is deterministic, and its id follows the words", async () => {
    const first = await writeScript(brief, { durationSeconds: 40 });
    const second = await writeScript(brief, { durationSeconds: 40 });
    expect(second).toEqual(first);
    const other = await writeScript(brief, { durationSeconds: 40, tone: "casual" });
    expect(other.id).not.toBe(first.id);
    expect(first.id).toMatch(/^script-[0-9a-f]{16}$/);
  });

  it("works from a hand-written brief with only a topic and what happened", async () => {
    const script = await writeScript(
      { topic: "Our spring sale", whatHappened: { text: "Every plan is 20% off until Sunday.", itemIds: ["campaign:spring"] } },
      { durationSeconds: 15 },
    );
    expect(script.scenes.filter((scene) => scene.role === "body")[0]).toMatchObject({ sourceItemIds: ["campaign:spring"] });
    expect(script.qa.passed).toBe(true);
  });

  it("rejects an empty brief and bad options, naming the field", async () => {
    await expect(writeScript({ topic: "", whatHappened: { text: "" } })).rejects.toThrow(ValidationError);
    await expect(writeScript({ topic: "", whatHappened: { text: "" } })).rejects.toThrow(/brief\.topic.*brief\.whatHappened\.text/);
    await expect(writeScript({} as never)).rejects.toThrow(/brief\.topic/);
    await expect(writeScript(brief, { durationSeconds: 0 })).rejects.toThrow(ConfigError);
    await expect(writeScript(brief, { durationSeconds: 0 })).rejects.toThrow(/options\.durationSeconds/);
    await expect(writeScript(brief, { tone: "sarcastic" as never })).rejects.toThrow(/options\.tone/);
  });
});

describe("writeScript with a TextGenerator", () => {
  const answer = {
    title: "Bun 1.2 in 30 seconds",
    hook: { text: "Bun 1.2 just passed 96% of the Node.js test suite.", sourceItemIds: ["hackernews:42790001"] },
    scenes: [
      { text: "It ships a built-in S3 client and a Postgres client.", sourceItemIds: ["hackernews:42790001"] },
      {
        text: "One benchmark saw 3x more requests per second with 40% less memory.",
        sourceItemIds: ["reddit:t3_1i6abc"],
        onScreenText: "3x",
      },
    ],
    callToAction: "Follow for more.",
  };

  it("asks for a structured script with the facts, their item ids and the word budget, then runs the same QA", async () => {
    const generator = createMockTextGenerator(() => answer);
    const script = await writeScript(brief, { textGenerator: generator, durationSeconds: 30, tone: "casual", audience: "developers" });
    expect(script.writer).toBe("mock-text");
    expect(script.hook).toBe(answer.hook.text);
    expect(script.scenes.map((scene) => scene.role)).toEqual(["hook", "body", "body", "call-to-action"]);
    expect(script.scenes[2]).toMatchObject({ onScreenText: "3x", sourceItemIds: ["reddit:t3_1i6abc"] });
    expect(script.qa.passed).toBe(true);
    const prompt = generator.prompts[0]!;
    expect(prompt).toContain("about 75 words, never more than 82");
    expect(prompt).toContain("[reddit:t3_1i6abc] Bun served 3x more requests per second with 40% less memory.");
  });

  it("retries once with the failed checks, then falls back to the extractive writer", async () => {
    const invented = { ...answer, scenes: [{ text: "Bun is now used by 73% of startups.", sourceItemIds: ["hackernews:42790001"] }] };
    const generator = createMockTextGenerator(() => invented);
    const script = await writeScript(brief, { textGenerator: generator, durationSeconds: 30 });
    expect(generator.prompts).toHaveLength(2);
    expect(generator.prompts[1]).toContain('numbers-traceable: scene 1 says "73%", not found in its cited items');
    expect(script.writer).toBe("extractive");
    expect(script.warnings[0]).toMatch(/mock-text's script failed QA twice \(numbers-traceable\)/);
    expect(script.qa.passed).toBe(true);
  });

  it("keeps the second answer when the retry fixes it", async () => {
    let calls = 0;
    const generator = createMockTextGenerator(() =>
      calls++ === 0 ? { ...answer, scenes: [{ text: "It is great.", sourceItemIds: ["made-up:1"] }] } : answer,
    );
    const script = await writeScript(brief, { textGenerator: generator, durationSeconds: 30 });
    expect(script.writer).toBe("mock-text");
    expect(generator.prompts[1]).toContain("cites items not in the brief: made-up:1");
  });

  it("throws the QA failure when fallback is off", async () => {
    const generator = createMockTextGenerator(() => ({ ...answer, scenes: [{ text: "Nobody knows.", sourceItemIds: [] }] }));
    await expect(writeScript(brief, { textGenerator: generator, fallbackToExtractive: false })).rejects.toThrow(ScriptQaError);
  });

  it("falls back when the generator fails, and passes an abort through", async () => {
    const failing = {
      specVersion: "v1" as const,
      id: "flaky",
      async generate(): Promise<never> {
        throw new UndercurrentError({ code: "HTTP_500", message: "server error", isRetryable: true });
      },
    };
    const script = await writeScript(brief, { textGenerator: failing });
    expect(script.writer).toBe("extractive");
    expect(script.warnings).toEqual(["flaky failed (HTTP_500: server error); written extractively"]);
    await expect(writeScript(brief, { textGenerator: failing, fallbackToExtractive: false })).rejects.toThrow("server error");

    const controller = new AbortController();
    controller.abort();
    await expect(writeScript(brief, { textGenerator: createMockTextGenerator(() => answer), signal: controller.signal })).rejects.toThrow(
      /abort/i,
    );
  });
});

describe("checkScript", () => {
  it("reports a script over the length limit, untraceable claims, banned words and missing parts", async () => {
    const script = await writeScript(brief, { durationSeconds: 60 });
    const tampered = {
      ...script,
      scenes: script.scenes.map((scene, index) =>
        index === 1
          ? { ...scene, text: `${scene.text} Revenue grew 250% last quarter.` }
          : index === 2
            ? { ...scene, sourceItemIds: [] }
            : scene,
      ),
    };
    const report = checkScript(tampered, { brief, maxWords: 50, bannedWords: ["revenue"] });
    expect(report.passed).toBe(false);
    expect(report.errors.map((check) => check.name).sort()).toEqual([
      "banned-words",
      "length-max",
      "numbers-traceable",
      "sources-traceable",
    ]);
    expect(report.errors.find((check) => check.name === "numbers-traceable")).toMatchObject({
      path: "scenes.1.text",
      message: expect.stringContaining('"250%"'),
    });
    expect(report.errors.find((check) => check.name === "length-max")?.message).toMatch(/more than the limit of 50/);
    expect(report.errors.find((check) => check.name === "sources-traceable")?.path).toBe("scenes.2.sourceItemIds");

    const noHook = checkScript({ ...script, scenes: script.scenes.filter((scene) => scene.role !== "hook") }, { brief });
    expect(noHook.errors.map((check) => check.name)).toContain("structure");
  });

  it("flags a script over the seconds limit and the provider's character limit", async () => {
    const script = await writeScript(brief, { durationSeconds: 60 });
    expect(checkScript(script, { maxSeconds: 10 }).errors.map((check) => check.name)).toEqual(["length-seconds"]);
    expect(checkScript(script, { maxCharacters: 100 }).errors.map((check) => check.name)).toEqual(["provider-limit"]);
  });

  it("rejects something that is not a script, naming the field", () => {
    expect(() => checkScript({ title: "x" } as never)).toThrow(/script\.id/);
    expect(() => checkScript({} as never, { maxWords: -1 } as never)).toThrow(ValidationError);
  });
});

describe("writeScript from a brief without sources", () => {
  it("treats an unsourced 'what happened' as the user's own statement", async () => {
    const script = await writeScript(
      { topic: "Our spring sale", whatHappened: { text: "Every plan is 20% off until Sunday." } },
      { durationSeconds: 15 },
    );
    expect(script.scenes[1]).toMatchObject({ role: "body", userProvided: true, sourceItemIds: [] });
    expect(script.qa.passed).toBe(true);
  });
});

describe("assertScript", () => {
  it("throws a ScriptQaError naming the failed checks of a script over the length limit", async () => {
    const script = await writeScript(brief, { durationSeconds: 60 });
    expect(assertScript(script, { brief }).passed).toBe(true);
    const tooLong = () => assertScript(script, { brief, maxWords: 40 });
    expect(tooLong).toThrow(ScriptQaError);
    expect(tooLong).toThrow(/^assertScript: text: \d+ words, more than the limit of 40/);
    try {
      tooLong();
    } catch (error) {
      expect((error as ScriptQaError).report.errors.map((check) => check.name)).toEqual(["length-max"]);
      expect((error as ScriptQaError).issues).toEqual([{ path: "text", message: expect.stringContaining("more than the limit of 40") }]);
      expect((error as ScriptQaError).isRetryable).toBe(false);
    }
  });
});
