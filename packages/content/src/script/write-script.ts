import { isAbortError, parseInput, parseOptions, UndercurrentError } from "@undercurrent/core";
import { type ResearchBrief, type ResearchBriefInput, researchBriefSchema } from "../research/research-brief-schema.js";
import { checkScript, type ScriptRules } from "./check-script.js";
import { writeExtractiveDraft } from "./extractive-writer.js";
import { writeGeneratedDraft } from "./generated-writer.js";
import { assembleScript, type ScriptDraft } from "./script-draft.js";
import { ScriptQaError } from "./script-qa-error.js";
import type { ScriptCheck, VideoScript } from "./video-script-schema.js";
import { type WriteScriptOptions, type WriteScriptSettings, wordBudget, writeScriptOptionsSchema } from "./write-script-options.js";

const context = "writeScript";

/**
 * Writes a video script from a research brief: hook, body and call to action in scenes, within the word budget of
 * `durationSeconds` at `wordsPerMinute` (150 by default), in the given tone for the given audience, then runs
 * {@link checkScript} on it with the brief (every claim traceable to a source item, numbers included), the length
 * limits, the banned words and the key messages.
 *
 * Offline it writes extractively (deterministic: the same brief and options give the same script). With a
 * `textGenerator` it asks for a structured script, runs the same QA, asks once more with the failures if it fails,
 * and then falls back to the extractive writer (noted in `warnings`) unless `fallbackToExtractive` is false.
 *
 * Throws a `ValidationError` naming the field for an empty or invalid brief, a `ConfigError` for bad options, and a
 * {@link ScriptQaError} when the final script fails QA and `requireQaPass` is true (the default).
 */
export async function writeScript(brief: ResearchBriefInput | ResearchBrief, options: WriteScriptOptions = {}): Promise<VideoScript> {
  const settings = parseOptions(writeScriptOptionsSchema, options, context);
  const parsedBrief = parseInput(researchBriefSchema, brief, context, "brief");
  settings.signal?.throwIfAborted();
  const budget = wordBudget(settings.durationSeconds, settings.wordsPerMinute, settings.lengthTolerance);
  const rules: ScriptRules = {
    brief: parsedBrief,
    maxWords: budget.max,
    minWords: budget.min,
    bannedWords: settings.bannedWords,
    keyMessages: settings.keyMessages,
  };
  const finish = (draft: ScriptDraft, writer: string, warnings: string[]): VideoScript => {
    const script = assembleScript(draft, parsedBrief, settings, writer);
    return { ...script, qa: checkScript({ ...script, qa: emptyReport }, rules), warnings };
  };

  let script: VideoScript | undefined;
  const warnings: string[] = [];
  if (settings.textGenerator) {
    script = await writeWithGenerator(parsedBrief, settings, finish, warnings);
  }
  script ??= finish(writeExtractiveDraft(parsedBrief, settings), "extractive", warnings);
  if (settings.requireQaPass && !script.qa.passed) throw new ScriptQaError(script.qa, context);
  return script;
}

const emptyReport = { passed: true, checks: [], errors: [], warnings: [] };

async function writeWithGenerator(
  brief: ResearchBrief,
  settings: WriteScriptSettings,
  finish: (draft: ScriptDraft, writer: string, warnings: string[]) => VideoScript,
  warnings: string[],
): Promise<VideoScript | undefined> {
  const generator = settings.textGenerator!;
  let failures: ScriptCheck[] = [];
  let last: VideoScript | undefined;
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      const { draft, warnings: generatorWarnings } = await writeGeneratedDraft(generator, brief, settings, failures);
      last = finish(draft, generator.id, [...warnings, ...generatorWarnings]);
    } catch (error) {
      if (isAbortError(error) || !settings.fallbackToExtractive) throw error;
      const code = UndercurrentError.isInstance(error) ? `${error.code}: ` : "";
      warnings.push(`${generator.id} failed (${code}${error instanceof Error ? error.message : String(error)}); written extractively`);
      return undefined;
    }
    if (last.qa.passed) return last;
    failures = last.qa.errors;
  }
  if (!settings.fallbackToExtractive) return last;
  warnings.push(`${generator.id}'s script failed QA twice (${failures.map((check) => check.name).join(", ")}); written extractively`);
  return undefined;
}
