import { parseInput, parseOptions } from "@undercurrent/core";
import { z } from "zod";
import { type ResearchBrief, researchBriefSchema } from "../research/research-brief-schema.js";
import { contentWords, countWords, extractNumbers, numberCore, overlap } from "../research/text-tools.js";
import { ScriptQaError } from "./script-qa-error.js";
import {
  type ScriptCheck,
  type ScriptQaReport,
  type VideoScript,
  type VideoScriptInput,
  videoScriptSchema,
} from "./video-script-schema.js";

/** The most characters a provider accepts as a script (core's `VideoRenderRequest.script`). */
export const maxProviderScriptCharacters = 20_000;

/** Rules of {@link checkScript}. */
export const scriptRulesSchema = z.strictObject({
  /** The brief the script was written from: enables the traceability checks (cited items exist, numbers appear in them). */
  brief: researchBriefSchema.optional(),
  /** Most words; defaults to the script's target duration × words per minute + 10%. */
  maxWords: z.number().int().positive().optional(),
  /** Fewest words before a `length-min` warning; defaults to half the target. */
  minWords: z.number().int().nonnegative().optional(),
  /** Most seconds of speech, at the script's words per minute. */
  maxSeconds: z.number().positive().optional(),
  /** Words and phrases that must not appear (case-insensitive, whole words). */
  bannedWords: z.array(z.string().trim().min(1)).default([]),
  /** Sentences that must appear (nearly) as given. */
  keyMessages: z.array(z.string().trim().min(1)).default([]),
  /** Most characters of the spoken text (the provider's limit). */
  maxCharacters: z.number().int().positive().default(maxProviderScriptCharacters),
});
/** Rules of {@link checkScript}. */
export type ScriptRules = z.input<typeof scriptRulesSchema>;

/**
 * Runs the QA checks on a script and returns the report (it never throws for a failing script, only for invalid input):
 * - `structure`: a hook, at least one body scene and a call to action;
 * - `length-max` / `length-min`: words (and seconds) within the limits; `provider-limit`: characters a provider accepts;
 * - `sources-traceable`: every body scene cites at least one item, and (with `rules.brief`) only items of the brief;
 * - `numbers-traceable` (with `rules.brief`): every number said appears in the brief's text for the cited items;
 * - `banned-words`: none of `rules.bannedWords`; `key-messages`: every one of `rules.keyMessages` is said.
 */
export function checkScript(script: VideoScriptInput | VideoScript, rules: ScriptRules = {}): ScriptQaReport {
  const parsed = parseInput(videoScriptSchema, script, "checkScript", "script");
  const settings = parseOptions(scriptRulesSchema, rules, "checkScript", "rules");
  const checks: ScriptCheck[] = [
    structureCheck(parsed),
    ...lengthChecks(parsed, settings),
    ...traceabilityChecks(parsed, settings.brief),
    bannedWordsCheck(parsed, settings.bannedWords),
  ];
  if (settings.keyMessages.length > 0) checks.push(keyMessagesCheck(parsed, settings.keyMessages));
  return toReport(checks);
}

/** Like {@link checkScript}, but throws a {@link ScriptQaError} naming every failed `error` check. Returns the report otherwise. */
export function assertScript(script: VideoScriptInput | VideoScript, rules: ScriptRules = {}): ScriptQaReport {
  const report = checkScript(script, rules);
  if (!report.passed) throw new ScriptQaError(report, "assertScript");
  return report;
}

/** Builds a report from checks. */
export function toReport(checks: ScriptCheck[]): ScriptQaReport {
  const errors = checks.filter((check) => !check.passed && check.severity === "error");
  const warnings = checks.filter((check) => !check.passed && check.severity === "warning");
  return { passed: errors.length === 0, checks, errors, warnings };
}

function pass(name: string, message: string, severity: ScriptCheck["severity"] = "error"): ScriptCheck {
  return { name, passed: true, severity, message };
}

function fail(name: string, message: string, path?: string, severity: ScriptCheck["severity"] = "error"): ScriptCheck {
  return { name, passed: false, severity, message, ...(path !== undefined && { path }) };
}

function structureCheck(script: VideoScript): ScriptCheck {
  const roles = new Set(script.scenes.map((scene) => scene.role));
  const missing = (["hook", "body", "call-to-action"] as const).filter((role) => !roles.has(role));
  return missing.length === 0
    ? pass("structure", "hook, body and call to action present")
    : fail("structure", `missing ${missing.join(", ")}`, "scenes");
}

function lengthChecks(script: VideoScript, rules: z.output<typeof scriptRulesSchema>): ScriptCheck[] {
  const words = countWords(script.text);
  const target = Math.round((script.targetSeconds * script.wordsPerMinute) / 60);
  const maxWords = rules.maxWords ?? Math.floor(target * 1.1);
  const minWords = rules.minWords ?? Math.floor(target * 0.5);
  const seconds = (words / script.wordsPerMinute) * 60;
  const checks: ScriptCheck[] = [
    words <= maxWords
      ? pass("length-max", `${words} words, at most ${maxWords}`)
      : fail(
          "length-max",
          `${words} words, more than the limit of ${maxWords} (about ${Math.round(seconds)} s at ${script.wordsPerMinute} words a minute)`,
          "text",
        ),
    words >= minWords
      ? pass("length-min", `${words} words, at least ${minWords}`, "warning")
      : fail(
          "length-min",
          `${words} words, fewer than ${minWords}: the brief may be too thin for ${script.targetSeconds} s`,
          "text",
          "warning",
        ),
    script.text.length <= rules.maxCharacters
      ? pass("provider-limit", `${script.text.length} characters, at most ${rules.maxCharacters}`)
      : fail("provider-limit", `${script.text.length} characters, more than the ${rules.maxCharacters} a provider accepts`, "text"),
  ];
  if (rules.maxSeconds !== undefined) {
    checks.push(
      seconds <= rules.maxSeconds
        ? pass("length-seconds", `about ${Math.round(seconds)} s, at most ${rules.maxSeconds}`)
        : fail("length-seconds", `about ${Math.round(seconds)} s of speech, more than ${rules.maxSeconds}`, "text"),
    );
  }
  if (words !== script.wordCount) {
    checks.push(fail("word-count", `wordCount says ${script.wordCount} but the text has ${words} words`, "wordCount", "warning"));
  }
  return checks;
}

function traceabilityChecks(script: VideoScript, brief: ResearchBrief | undefined): ScriptCheck[] {
  const known = brief
    ? new Set([
        ...brief.itemIds,
        ...[...brief.facts, ...brief.keyPoints, ...brief.links].map((entry) => entry.itemId),
        ...brief.whatHappened.itemIds,
        ...(brief.whyNow?.itemIds ?? []),
      ])
    : undefined;
  const sourceProblems: { path: string; message: string }[] = [];
  script.scenes.forEach((scene, index) => {
    if (scene.userProvided) return;
    if (scene.role === "body" && scene.sourceItemIds.length === 0) {
      sourceProblems.push({ path: `scenes.${index}.sourceItemIds`, message: `scene ${index} makes claims but cites no source item` });
    }
    const unknown = known ? scene.sourceItemIds.filter((id) => !known.has(id)) : [];
    if (unknown.length > 0) {
      sourceProblems.push({
        path: `scenes.${index}.sourceItemIds`,
        message: `scene ${index} cites items not in the brief: ${unknown.join(", ")}`,
      });
    }
  });
  const checks: ScriptCheck[] = [
    sourceProblems.length === 0
      ? pass("sources-traceable", brief ? "every body scene cites items of the brief" : "every body scene cites a source item")
      : fail("sources-traceable", sourceProblems.map((problem) => problem.message).join("; "), sourceProblems[0]!.path),
  ];
  if (!brief) return checks;

  const evidence = evidenceByItem(brief);
  // Numbers in the topic's own name ("Rust 2.0") are not claims.
  const always = [brief.topic, ...brief.keywords].join(" ");
  const numberProblems: { path: string; message: string }[] = [];
  script.scenes.forEach((scene, index) => {
    if (scene.userProvided) return;
    const cited = [always, ...scene.sourceItemIds.map((id) => evidence.get(id) ?? "")].join(" ");
    const available = new Set(extractNumbers(cited).map(numberCore));
    const untraced = extractNumbers(scene.text).filter((value) => !available.has(numberCore(value)));
    if (untraced.length > 0) {
      numberProblems.push({
        path: `scenes.${index}.text`,
        message: `scene ${index} says ${untraced.map((value) => `"${value}"`).join(", ")}, not found in its cited items`,
      });
    }
  });
  checks.push(
    numberProblems.length === 0
      ? pass("numbers-traceable", "every number said appears in the cited items")
      : fail("numbers-traceable", numberProblems.map((problem) => problem.message).join("; "), numberProblems[0]!.path),
  );
  return checks;
}

/** The brief's text for each item id: its facts, and the statements that cite it. */
function evidenceByItem(brief: ResearchBrief): Map<string, string> {
  const evidence = new Map<string, string>();
  const add = (itemId: string, text: string) => evidence.set(itemId, `${evidence.get(itemId) ?? ""} ${text}`);
  for (const fact of [...brief.facts, ...brief.keyPoints]) add(fact.itemId, fact.text);
  for (const link of brief.links) add(link.itemId, link.title);
  for (const statement of [brief.whatHappened, brief.whyNow]) {
    if (statement) for (const itemId of statement.itemIds) add(itemId, statement.text);
  }
  return evidence;
}

/** Occurrences of banned words in a text, whole words, case-insensitive. */
export function findBannedWords(text: string, bannedWords: readonly string[]): string[] {
  return bannedWords.filter((word) => {
    const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+");
    return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, "iu").test(text);
  });
}

function bannedWordsCheck(script: VideoScript, bannedWords: string[]): ScriptCheck {
  const problems = script.scenes.flatMap((scene, index) => {
    const found = findBannedWords([scene.text, scene.onScreenText ?? ""].join(" "), bannedWords);
    return found.length > 0
      ? [{ path: `scenes.${index}.text`, message: `scene ${index} uses ${found.map((word) => `"${word}"`).join(", ")}` }]
      : [];
  });
  const inTitle = findBannedWords(script.title, bannedWords);
  if (inTitle.length > 0) problems.push({ path: "title", message: `the title uses ${inTitle.map((word) => `"${word}"`).join(", ")}` });
  return problems.length === 0
    ? pass("banned-words", bannedWords.length === 0 ? "no banned words given" : `none of ${bannedWords.length} banned words used`)
    : fail("banned-words", problems.map((problem) => problem.message).join("; "), problems[0]!.path);
}

function keyMessagesCheck(script: VideoScript, keyMessages: string[]): ScriptCheck {
  const spoken = contentWords(script.text);
  const lower = script.text.toLowerCase();
  const missing = keyMessages.filter((message) => !lower.includes(message.toLowerCase()) && overlap(spoken, contentWords(message)) < 0.8);
  return missing.length === 0
    ? pass("key-messages", `all ${keyMessages.length} key messages said`)
    : fail("key-messages", `key messages not said: ${missing.map((message) => `"${message}"`).join(", ")}`, "text");
}
