import { createHash } from "node:crypto";
import type { ResearchBrief } from "../research/research-brief-schema.js";
import { contentWords, countWords, numberStrength, quantities } from "../research/text-tools.js";
import type { ScriptScene, VideoScript } from "./video-script-schema.js";
import type { WriteScriptSettings } from "./write-script-options.js";

/** A line of a draft with where it comes from. */
export interface DraftLine {
  text: string;
  sourceItemIds: string[];
  userProvided?: boolean;
  onScreenText?: string;
}

/** What a writer produces before scenes, counts and QA are added. */
export interface ScriptDraft {
  title: string;
  hook: DraftLine;
  /** Body scenes in order (key messages included, marked `userProvided`). */
  body: DraftLine[];
  callToAction: DraftLine;
}

/** Turns a draft into a {@link VideoScript} (without QA, which the caller adds). */
export function assembleScript(
  draft: ScriptDraft,
  brief: ResearchBrief,
  settings: WriteScriptSettings,
  writer: string,
): Omit<VideoScript, "qa"> {
  const lines: [ScriptScene["role"], DraftLine][] = [
    ["hook", draft.hook],
    ...draft.body.map((line) => ["body", line] as [ScriptScene["role"], DraftLine]),
    ["call-to-action", draft.callToAction],
  ];
  const scenes: ScriptScene[] = lines.map(([role, line], index) => {
    const wordCount = countWords(line.text);
    return {
      index,
      role,
      text: line.text.trim(),
      ...(onScreen(line, brief) !== undefined && { onScreenText: onScreen(line, brief)! }),
      sourceItemIds: [...new Set(line.sourceItemIds)],
      userProvided: line.userProvided ?? false,
      wordCount,
      estimatedSeconds: round((wordCount / settings.wordsPerMinute) * 60),
    };
  });
  const text = scenes.map((scene) => scene.text).join(" ");
  const wordCount = countWords(text);
  const body = draft.body.map((line) => line.text.trim()).join(" ");
  return {
    id: `script-${createHash("sha256").update(text).digest("hex").slice(0, 16)}`,
    title: draft.title.trim().slice(0, 200),
    topic: brief.topic,
    ...(brief.trendId !== undefined && { trendId: brief.trendId }),
    hook: draft.hook.text.trim(),
    body,
    callToAction: draft.callToAction.text.trim(),
    scenes,
    text,
    wordCount,
    estimatedSeconds: round((wordCount / settings.wordsPerMinute) * 60),
    targetSeconds: settings.durationSeconds,
    wordsPerMinute: settings.wordsPerMinute,
    tone: settings.tone,
    audience: settings.audience,
    language: settings.language ?? brief.language,
    sourceItemIds: [...new Set(scenes.flatMap((scene) => scene.sourceItemIds))],
    writer,
    warnings: [],
  };
}

/** A short caption for a scene: the writer's, else its first number, else the brief keyword it mentions. */
function onScreen(line: DraftLine, brief: ResearchBrief): string | undefined {
  if (line.onScreenText) return line.onScreenText;
  const number = quantities(line.text, [brief.topic, ...brief.keywords]).sort((a, b) => numberStrength(b) - numberStrength(a))[0];
  if (number) return number;
  const words = contentWords(line.text);
  return [brief.topic, ...brief.keywords].find((keyword) => [...contentWords(keyword)].every((word) => words.has(word)));
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
