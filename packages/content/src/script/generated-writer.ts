import type { TextGenerator, TextUsage } from "@undercurrent/core";
import { z } from "zod";
import type { ResearchBrief } from "../research/research-brief-schema.js";
import { asSentence, countWords } from "../research/text-tools.js";
import type { ScriptDraft } from "./script-draft.js";
import type { ScriptCheck } from "./video-script-schema.js";
import { type WriteScriptSettings, wordBudget } from "./write-script-options.js";

/** The shape a `TextGenerator` is asked for. */
export const generatedScriptSchema = z.object({
  title: z.string().min(1).max(200),
  hook: z.object({ text: z.string().min(1), sourceItemIds: z.array(z.string()).default([]) }),
  scenes: z
    .array(
      z.object({
        text: z.string().min(1),
        sourceItemIds: z.array(z.string()).default([]),
        onScreenText: z.string().max(80).optional(),
      }),
    )
    .min(1)
    .max(30),
  callToAction: z.string().min(1),
});
/** What a `TextGenerator` returns for a script. */
export type GeneratedScript = z.infer<typeof generatedScriptSchema>;

/** The system and user prompts for a script, with the QA failures of a previous attempt when there was one. */
export function scriptPrompt(
  brief: ResearchBrief,
  settings: WriteScriptSettings,
  previousFailures: ScriptCheck[] = [],
): { system: string; prompt: string } {
  const budget = wordBudget(settings.durationSeconds, settings.wordsPerMinute, settings.lengthTolerance);
  const keyMessageWords = settings.keyMessages.reduce((sum, message) => sum + countWords(message), 0);
  const facts = [...brief.facts, ...brief.keyPoints].map((fact) => `[${fact.itemId}] ${fact.text}`);
  const system = [
    "You write short spoken scripts for avatar videos.",
    `Tone: ${settings.tone}. Audience: ${settings.audience}. Language: ${settings.language ?? brief.language}.`,
    "Use only the facts given, each with the id of its source item in brackets. Every scene lists in sourceItemIds the ids",
    "its claims come from. Never state a number that is not in the cited facts. Write plain spoken sentences, no stage directions.",
  ].join(" ");
  const lines = [
    `Write a ${settings.durationSeconds}-second video script about "${brief.topic}".`,
    `Word budget for hook, scenes and call to action together: about ${budget.target - keyMessageWords} words, never more than ${budget.max - keyMessageWords}.`,
    "Structure: a one-sentence hook, body scenes of one to three sentences, a one-sentence call to action.",
  ];
  if (settings.angle) lines.push(`Angle of this video: ${settings.angle}.`);
  if (settings.callToAction) lines.push(`Call to action: "${settings.callToAction}".`);
  if (settings.bannedWords.length > 0) lines.push(`Never use these words: ${settings.bannedWords.join(", ")}.`);
  if (settings.keyMessages.length > 0)
    lines.push(`These key messages are added after your scenes; do not repeat them: ${settings.keyMessages.join(" | ")}.`);
  lines.push(`What happened [${brief.whatHappened.itemIds.join(", ")}]: ${brief.whatHappened.text}`);
  if (brief.whyNow) lines.push(`Why now [${brief.whyNow.itemIds.join(", ")}]: ${brief.whyNow.text}`);
  if (facts.length > 0) lines.push("Facts:", ...facts);
  if (previousFailures.length > 0) {
    lines.push(
      "Your previous script failed these checks; fix them:",
      ...previousFailures.map((check) => `- ${check.name}: ${check.message}`),
    );
  }
  return { system, prompt: lines.join("\n") };
}

/** Asks the generator for a script and turns its answer into a draft. */
export async function writeGeneratedDraft(
  generator: TextGenerator,
  brief: ResearchBrief,
  settings: WriteScriptSettings,
  previousFailures: ScriptCheck[],
): Promise<{ draft: ScriptDraft; usage?: TextUsage; warnings: string[] }> {
  const { system, prompt } = scriptPrompt(brief, settings, previousFailures);
  const result = await generator.generate({
    system,
    prompt,
    schema: generatedScriptSchema,
    schemaName: "video_script",
    ...(settings.signal !== undefined && { signal: settings.signal }),
  });
  const answer = result.object;
  const draft: ScriptDraft = {
    title: settings.title ?? answer.title,
    hook: { text: asSentence(answer.hook.text), sourceItemIds: answer.hook.sourceItemIds },
    body: [
      ...answer.scenes.map((scene) => ({
        text: asSentence(scene.text),
        sourceItemIds: scene.sourceItemIds,
        ...(scene.onScreenText !== undefined && { onScreenText: scene.onScreenText }),
      })),
      ...settings.keyMessages.map((message) => ({ text: asSentence(message), sourceItemIds: [], userProvided: true })),
    ],
    callToAction: { text: asSentence(settings.callToAction ?? answer.callToAction), sourceItemIds: [] },
  };
  return { draft, ...(result.usage !== undefined && { usage: result.usage }), warnings: result.warnings ?? [] };
}
