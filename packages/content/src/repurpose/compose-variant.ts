import { asSentence, nearDuplicate } from "../research/text-tools.js";
import type { Tone } from "../script/tone.js";
import type { PieceAnalysis, PieceSentence } from "./piece-analysis.js";
import { containsTerm, toHashtag } from "./piece-analysis.js";
import type { PlatformRules } from "./platform-rules.js";
import type { RepurposeHookStyle } from "./repurpose-options.js";
import { graphemes } from "./text-length.js";

/** A hook and the sentence it was taken from, if any. */
export interface Hook {
  style: RepurposeHookStyle;
  text: string;
  sentenceIndex?: number;
}

/** A variant's words before checks. */
export interface ComposedVariant {
  hook: Hook;
  text: string;
  parts: string[];
  title?: string;
  hashtags: string[];
}

const questionHooks: Record<Tone, string> = {
  neutral: "Why is everyone talking about {term}?",
  professional: "What does {term} mean for your work?",
  serious: "What is really behind {term}?",
  casual: "Have you seen what is happening with {term}?",
  playful: "Guess what everyone is buzzing about? {term}.",
  energetic: "Ready for the biggest {term} news this week?",
  inspirational: "What could {term} make possible?",
};

/** The hooks the piece allows, in A/B order: headline, statistic (when a sentence states a number), question, takeaway. */
export function hooksFor(analysis: PieceAnalysis, tone: Tone): Hook[] {
  const { piece, sentences, keyTerms } = analysis;
  const ranked = [...sentences].sort((a, b) => b.score - a.score);
  const lead = sentences[0];
  const hooks: Hook[] = [];
  if (piece.title) hooks.push({ style: "headline", text: piece.title });
  else if (lead) hooks.push({ style: "headline", text: lead.text, sentenceIndex: lead.index });
  const statistic = ranked.find((sentence) => sentence.numbers.length > 0 && sentence.index !== hooks[0]?.sentenceIndex);
  if (statistic) hooks.push({ style: "statistic", text: statistic.text, sentenceIndex: statistic.index });
  const term = keyTerms[0] ?? piece.title;
  if (term) hooks.push({ style: "question", text: questionHooks[tone].replace("{term}", term) });
  const takeaway =
    ranked.find((sentence) => sentence.index !== hooks[0]?.sentenceIndex && sentence.index !== statistic?.index) ?? ranked[0];
  if (takeaway) hooks.push({ style: "takeaway", text: `In short: ${takeaway.text}`, sentenceIndex: takeaway.index });
  return hooks;
}

/** Writes one variant for a platform: the hook, the best sentences that fit, the link where it works, hashtags. */
export function composeVariant(
  analysis: PieceAnalysis,
  rules: PlatformRules,
  hook: Hook,
  hashtagCount: number,
  targetLength: number,
): ComposedVariant {
  const target = Math.min(targetLength, rules.limit);
  const tags = analysis.hashtags.slice(0, Math.min(hashtagCount, rules.maxHashtags));
  if (rules.platform === "x-thread") return composeThread(analysis, rules, hook, tags);
  if (rules.platform === "youtube") return composeYouTube(analysis, rules, hook, tags, target);

  const link = analysis.piece.url && rules.linksClickable ? analysis.piece.url : undefined;
  const linkInBio = analysis.piece.url && !rules.linksClickable && rules.platform === "instagram" ? "Link in bio." : undefined;
  const paragraphs = rules.platform === "linkedin" || rules.platform === "instagram";
  const build = (hookText: string, body: PieceSentence[], hashtags: string[]) => {
    const ordered = [...body].sort((a, b) => a.index - b.index).map((sentence) => sentence.text);
    const bodyText = paragraphs
      ? chunk(ordered, 2)
          .map((group) => group.join(" "))
          .join("\n\n")
      : ordered.join(" ");
    const head = bodyText ? (paragraphs ? `${hookText}\n\n${bodyText}` : `${asSentence(hookText)} ${bodyText}`) : hookText;
    const tail = [link ?? linkInBio, hashtags.length > 0 ? hashtags.map((tag) => `#${tag}`).join(" ") : undefined].filter(Boolean);
    return [head, ...tail].join(rules.platform === "tiktok" ? " " : "\n\n");
  };
  return fitVariant(analysis, rules, hook, tags, target, build);
}

/** Fills the body with the best sentences within `target`, dropping hashtags and then cutting the hook if even that is too long. */
function fitVariant(
  analysis: PieceAnalysis,
  rules: PlatformRules,
  hook: Hook,
  startTags: string[],
  target: number,
  build: (hookText: string, body: PieceSentence[], hashtags: string[]) => string,
): ComposedVariant {
  let tags = [...startTags];
  let hookText = hook.text;
  while (tags.length > 0 && rules.measure(build(hookText, [], tags)) > target) tags = tags.slice(0, -1);
  if (rules.measure(build(hookText, [], tags)) > target)
    hookText = cutToFit(hookText, (text) => rules.measure(build(text, [], tags)) <= target);

  const hookSentence = analysis.sentences.find((sentence) => sentence.index === hook.sentenceIndex);
  const candidates = [...analysis.sentences]
    .filter((sentence) => sentence.index !== hook.sentenceIndex && !(hookSentence && nearDuplicate(hookSentence.words, sentence.words)))
    .sort((a, b) => b.score - a.score);
  const body: PieceSentence[] = [];
  const fits = (sentences: PieceSentence[], hashtags = tags) => rules.measure(build(hookText, sentences, hashtags)) <= target;
  // First a sentence for each key term the hook does not carry (the shortest of the best), then the best of the rest.
  for (const term of analysis.keyTerms) {
    if (containsTerm(build(hookText, body, tags), term)) continue;
    const carriers = candidates.filter((sentence) => !body.includes(sentence) && containsTerm(sentence.text, term));
    const carrier = carriers.find((sentence) => fits([...body, sentence])) ?? carriers.find((sentence) => fits([...body, sentence], []));
    if (carrier) {
      // Room made by dropping hashtags that carry no key term.
      while (!fits([...body, carrier]) && tags.length > 0) tags = tags.slice(0, -1);
      body.push(carrier);
      continue;
    }
    const tag = toHashtag(term);
    if (tag && tags.length < rules.maxHashtags && !tags.includes(tag) && fits(body, [...tags, tag])) tags = [...tags, tag];
  }
  for (const sentence of candidates) {
    if (!body.includes(sentence) && fits([...body, sentence])) body.push(sentence);
  }
  const text = build(hookText, body, tags);
  return { hook: { ...hook, text: hookText }, text, parts: [text], hashtags: tags };
}

/** A thread: the hook first, then the piece in order, packed into numbered posts; link and hashtags close it. */
function composeThread(analysis: PieceAnalysis, rules: PlatformRules, hook: Hook, tags: string[]): ComposedVariant {
  const numberWidth = 6; // " 12/25"
  const budget = rules.limit - numberWidth;
  const maxParts = rules.maxParts ?? 25;
  let sentences = analysis.sentences.filter((sentence) => sentence.index !== hook.sentenceIndex);
  const closing = [analysis.piece.url, tags.length > 0 ? tags.map((tag) => `#${tag}`).join(" ") : undefined].filter(Boolean).join("\n\n");
  const pack = (kept: PieceSentence[]) => {
    const pieces = [asSentence(hook.text), ...kept.map((sentence) => sentence.text)].flatMap((text) =>
      splitToFit(text, budget, rules.measure),
    );
    const parts: string[] = [];
    for (const piece of pieces) {
      const last = parts.at(-1);
      if (last !== undefined && rules.measure(`${last} ${piece}`) <= budget && !(parts.length === 1 && hook.style === "question"))
        parts[parts.length - 1] = `${last} ${piece}`;
      else parts.push(piece);
    }
    if (closing) {
      const last = parts.at(-1)!;
      if (rules.measure(`${last}\n\n${closing}`) <= budget) parts[parts.length - 1] = `${last}\n\n${closing}`;
      else parts.push(...splitToFit(closing, budget, rules.measure));
    }
    return parts;
  };
  let parts = pack(sentences);
  if (parts.length > maxParts) {
    // Too long for one thread: keep the most sentences, best first, that still fit (binary search on how many).
    const ranked = [...sentences].sort((a, b) => b.score - a.score);
    const keep = (count: number) => sentences.filter((sentence) => ranked.indexOf(sentence) < count);
    let low = 0;
    let high = ranked.length;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (pack(keep(middle)).length <= maxParts) low = middle;
      else high = middle - 1;
    }
    sentences = keep(low);
    parts = pack(sentences);
  }
  const numbered = parts.length > 1 ? parts.map((part, index) => `${part} ${index + 1}/${parts.length}`) : parts;
  return { hook, text: numbered.join("\n\n"), parts: numbered, hashtags: tags };
}

/** YouTube: a title within its limit (no angle brackets), and a description with the piece, the link and hashtags. */
function composeYouTube(analysis: PieceAnalysis, rules: PlatformRules, hook: Hook, tags: string[], target: number): ComposedVariant {
  const titleLimit = rules.titleLimit ?? 100;
  const clean = (text: string) => text.replace(/[<>]/g, "").trim();
  let title = clean(hook.style === "takeaway" ? (analysis.piece.title ?? hook.text.replace(/^In short: /, "")) : hook.text).replace(
    /[.]$/,
    "",
  );
  if (title.length > titleLimit) title = cutToFit(title, (text) => text.length <= titleLimit);
  const link = analysis.piece.url;
  const build = (hookText: string, body: PieceSentence[], hashtags: string[]) => {
    const ordered = [...body].sort((a, b) => a.index - b.index).map((sentence) => clean(sentence.text));
    const paragraphs = chunk(ordered, 3).map((group) => group.join(" "));
    return [clean(hookText), ...paragraphs, link, hashtags.length > 0 ? hashtags.map((tag) => `#${tag}`).join(" ") : undefined]
      .filter(Boolean)
      .join("\n\n");
  };
  const description = fitVariant(analysis, rules, hook, tags, target, build);
  return { ...description, title };
}

/** Cuts a text word by word until `fits`, ending it with `…`. */
function cutToFit(text: string, fits: (text: string) => boolean): string {
  const words = text.split(/\s+/);
  for (let count = words.length - 1; count > 0; count--) {
    const candidate = `${words
      .slice(0, count)
      .join(" ")
      .replace(/[,;:.!?-]+$/, "")}…`;
    if (fits(candidate)) return candidate;
  }
  // One word longer than the limit: cut it by graphemes.
  const clusters = graphemes(text);
  for (let count = clusters.length - 1; count > 0; count--) {
    const candidate = `${clusters.slice(0, count).join("")}…`;
    if (fits(candidate)) return candidate;
  }
  return "…";
}

/** Splits a text into pieces that each fit `budget`, at word boundaries. */
function splitToFit(text: string, budget: number, measure: (text: string) => number): string[] {
  if (measure(text) <= budget) return [text];
  const pieces: string[] = [];
  let current = "";
  for (const word of text.split(/\s+/)) {
    const next = current ? `${current} ${word}` : word;
    if (measure(next) <= budget) current = next;
    else {
      if (current) pieces.push(current);
      current = measure(word) <= budget ? word : cutToFit(word, (candidate) => measure(candidate) <= budget);
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

function chunk<T>(values: T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let index = 0; index < values.length; index += size) groups.push(values.slice(index, index + size));
  return groups;
}
