import type { BriefFact, ResearchBrief } from "../research/research-brief-schema.js";
import {
  asSentence,
  contentWords,
  countWords,
  isFirstPerson,
  nearDuplicate,
  numberStrength,
  overlap,
  sourceLabel,
  truncateWords,
} from "../research/text-tools.js";
import { findBannedWords } from "./check-script.js";
import type { DraftLine, ScriptDraft } from "./script-draft.js";
import type { Tone } from "./tone.js";
import { type WriteScriptSettings, wordBudget } from "./write-script-options.js";

const questionHooks: Record<Tone, string> = {
  neutral: "Why is {topic} suddenly everywhere?",
  professional: "Why is {topic} suddenly on the radar{forAudience}?",
  serious: "What is really going on with {topic}?",
  casual: "Have you noticed everyone talking about {topic}?",
  playful: "Guess what everyone is buzzing about? {topic}.",
  energetic: "Is {topic} the biggest story of the week?",
  inspirational: "What could {topic} change for you?",
};

const statementHooks: Record<Tone, string> = {
  neutral: "{topic} is picking up fast, and here is why.",
  professional: "{topic} is moving fast, and it matters{forAudience}.",
  serious: "{topic} deserves a closer look.",
  casual: "So, {topic} is kind of blowing up right now.",
  playful: "Plot twist: {topic} is the story of the day.",
  energetic: "{topic} is blowing up right now!",
  inspirational: "{topic} shows what is possible right now.",
};

const calls: Record<Tone, string> = {
  neutral: "Follow for more updates on {topic}.",
  professional: "Follow for more analysis like this, and check the sources below.",
  serious: "Read the sources linked below, and follow for updates.",
  casual: "Tell me what you think in the comments, and follow for more.",
  playful: "Follow along, because this story is not over yet.",
  energetic: "Hit follow so you do not miss what happens next!",
  inspirational: "Follow for more stories like this one.",
};

const whatHappenedLeads: Record<Tone, string> = {
  neutral: "",
  professional: "",
  serious: "",
  casual: "Here is what happened: ",
  playful: "Quick story: ",
  energetic: "Here is the news: ",
  inspirational: "Here is what is happening: ",
};

/**
 * The offline writer: a hook from a template or the strongest fact, the brief's sentences as the body (most relevant
 * to the angle first, within the word budget, never a sentence with a banned word), the key messages, and a call to
 * action. Every body line cites the items its sentence came from.
 */
export function writeExtractiveDraft(brief: ResearchBrief, settings: WriteScriptSettings): ScriptDraft {
  const budget = wordBudget(settings.durationSeconds, settings.wordsPerMinute, settings.lengthTolerance);
  const clean = (text: string) => findBannedWords(text, settings.bannedWords).length === 0;
  const fill = (template: string) =>
    template
      .replaceAll("{topic}", brief.topic)
      .replaceAll("{forAudience}", settings.audience === "general audience" ? "" : ` for ${settings.audience}`)
      .replace(/\s{2,}/g, " ")
      .replace(/^\p{Ll}/u, (letter) => letter.toUpperCase());

  const angleWords = contentWords(settings.angle ?? "");
  const facts = rankByAngle(
    brief.facts.filter((fact) => clean(fact.text)),
    angleWords,
  );
  const points = rankByAngle(
    brief.keyPoints.filter((fact) => clean(fact.text)),
    angleWords,
  );

  let hook = chooseHook(settings, facts, fill);
  const callToAction: DraftLine = { text: asSentence(settings.callToAction ?? fill(calls[settings.tone])), sourceItemIds: [] };
  const keyMessages: DraftLine[] = settings.keyMessages.map((message) => ({
    text: asSentence(message),
    sourceItemIds: [],
    userProvided: true,
  }));

  const left = () =>
    budget.target -
    countWords(hook.text) -
    countWords(callToAction.text) -
    keyMessages.reduce((sum, line) => sum + countWords(line.text), 0);
  // A very short video: a shorter call to action, then a shorter hook, so something of substance fits.
  if (left() < 6 && settings.callToAction === undefined) callToAction.text = "Follow for more.";
  if (left() < 6) hook = { text: `Quick update on ${brief.topic}.`, sourceItemIds: [] };
  let remaining = left();
  const used: Set<string>[] = [contentWords(hook.text)];
  const body: DraftLine[] = [];
  const add = (text: string, sourceItemIds: string[], lead = "", userProvided = false) => {
    const words = contentWords(text);
    if (!clean(text) || used.some((other) => nearDuplicate(other, words))) return;
    const sentence = `${lead}${asSentence(text)}`;
    const length = countWords(sentence);
    if (length <= remaining) {
      body.push({ text: sentence, sourceItemIds, userProvided });
      remaining -= length;
      used.push(words);
    } else if (body.length === 0 && remaining >= 1) {
      // The budget is smaller than the first sentence: say the start of it rather than nothing.
      const cut = truncateWords(sentence, remaining);
      body.push({ text: cut, sourceItemIds, userProvided });
      remaining -= countWords(cut);
      used.push(words);
    }
  };

  // A hand-written brief may state what happened without a source item: it is then the user's own statement.
  const ownStatement = brief.whatHappened.itemIds.length === 0;
  add(brief.whatHappened.text, brief.whatHappened.itemIds, whatHappenedLeads[settings.tone], ownStatement);
  for (const fact of interleave(facts, points)) add(spoken(fact), [fact.itemId]);
  if (brief.whyNow && clean(brief.whyNow.text)) {
    const lead = settings.tone === "professional" || settings.tone === "serious" ? "Why it matters now: " : "Why now? ";
    // The trend's figures, sentence by sentence, until the budget is spent.
    for (const sentence of brief.whyNow.text.split(/(?<=[.!?])\s+/)) {
      add(sentence, brief.whyNow.itemIds, body.some((line) => line.text.startsWith(lead)) ? "" : lead);
    }
  }
  if (body.length === 0) {
    body.push({
      text: truncateWords(asSentence(brief.whatHappened.text), Math.max(1, remaining)),
      sourceItemIds: brief.whatHappened.itemIds,
      userProvided: ownStatement,
    });
  }
  body.push(...keyMessages);

  const title =
    settings.title ?? (settings.angle ? `${brief.topic}: ${settings.angle}` : `${brief.topic}: what happened and why it matters`);
  return { title: title.slice(0, 100), hook, body, callToAction };
}

function chooseHook(settings: WriteScriptSettings, facts: BriefFact[], fill: (template: string) => string): DraftLine {
  // The most striking short fact a presenter can say in their own voice.
  const strength = (fact: BriefFact) => Math.max(0, ...fact.numbers.map(numberStrength));
  const shortFact = facts
    .filter((fact) => countWords(fact.text) <= 25 && !isFirstPerson(fact.text) && fact.numbers.length > 0)
    .map((fact, index) => ({ fact, score: strength(fact) - index * 0.1 }))
    .sort((a, b) => b.score - a.score)[0]?.fact;
  const style =
    settings.hookStyle === "auto"
      ? shortFact && !["casual", "playful"].includes(settings.tone)
        ? "statistic"
        : "question"
      : settings.hookStyle;
  if (style === "statistic" && shortFact) return { text: asSentence(shortFact.text), sourceItemIds: [shortFact.itemId] };
  const template = style === "statement" ? statementHooks[settings.tone] : questionHooks[settings.tone];
  return { text: fill(template), sourceItemIds: [] };
}

/** A fact as a presenter can say it: first-person sentences ("We moved our CI…") are quoted and attributed. */
function spoken(fact: BriefFact): string {
  if (!isFirstPerson(fact.text)) return fact.text;
  return `One ${sourceLabel(fact.source)} user wrote: "${asSentence(fact.text)}"`;
}

/** Facts most about the angle first; without an angle, the brief's order. */
function rankByAngle(facts: BriefFact[], angleWords: Set<string>): BriefFact[] {
  if (angleWords.size === 0) return facts;
  return facts
    .map((fact, index) => ({ fact, score: overlap(contentWords(fact.text), angleWords) * 10 - index / facts.length }))
    .sort((a, b) => b.score - a.score)
    .map((entry) => entry.fact);
}

/** Two facts, then a point, so numbers and context alternate. */
function interleave(facts: BriefFact[], points: BriefFact[]): BriefFact[] {
  const result: BriefFact[] = [];
  let factIndex = 0;
  let pointIndex = 0;
  while (factIndex < facts.length || pointIndex < points.length) {
    for (let taken = 0; taken < 2 && factIndex < facts.length; taken++) result.push(facts[factIndex++]!);
    if (pointIndex < points.length) result.push(points[pointIndex++]!);
  }
  return result;
}
