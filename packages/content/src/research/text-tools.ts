import { createWinkTextAnalyzer, type TextAnalyzer, tokenize } from "@undercurrent/core";

// Abbreviations whose period does not end a sentence.
const abbreviations = new Set([
  "mr",
  "mrs",
  "ms",
  "dr",
  "prof",
  "inc",
  "ltd",
  "jr",
  "sr",
  "st",
  "vs",
  "etc",
  "e.g",
  "i.e",
  "approx",
  "no",
  "fig",
  "co",
  "corp",
  "jan",
  "feb",
  "mar",
  "apr",
  "jun",
  "jul",
  "aug",
  "sep",
  "sept",
  "oct",
  "nov",
  "dec",
  "u.s",
  "u.k",
]);

/**
 * Splits text into sentences. A sentence ends at `.`, `!`, `?` or `…` followed by white space and a capital, a digit
 * or a quote, unless the period closes a known abbreviation; dotted names such as `Node.js` or `3.5` never split.
 * Line breaks also end sentences (titles, list items).
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const block of text.split(/\n+/)) {
    const line = block.replace(/\s+/g, " ").trim();
    if (!line) continue;
    let start = 0;
    const boundary = /[.!?…]+["'”’)\]]*\s+(?=["'“‘([]?[\p{Lu}\p{N}])/gu;
    for (let match = boundary.exec(line); match; match = boundary.exec(line)) {
      const before = line.slice(start, match.index);
      const lastWord = /([\p{L}.]+)$/u.exec(before)?.[1]?.toLowerCase().replace(/^\.+/, "");
      if (
        match[0].startsWith(".") &&
        !match[0].startsWith("..") &&
        lastWord &&
        (abbreviations.has(lastWord) || (/^\p{Lu}$/u.test(before.at(-1) ?? "") && lastWord.length === 1))
      )
        continue;
      sentences.push(line.slice(start, match.index + match[0].trimEnd().length).trim());
      start = match.index + match[0].length;
    }
    const rest = line.slice(start).trim();
    if (rest) sentences.push(rest);
  }
  return sentences.filter((sentence) => /[\p{L}\p{N}]/u.test(sentence));
}

const numberPattern =
  /(?<![\p{L}\p{N}_.,-])(?:[$€£¥]\s?)?\d[\d,]*(?:\.\d+)?(?:\s?(?:%|percent|x\b|×|k\b|m\b|bn\b|million|billion|thousand|trillion|hours?|days?|weeks?|months?|years?|minutes?|seconds?|ms\b|gb\b|tb\b|mb\b|stars?|users?|downloads?|points?|comments?))?/giu;

/** The numbers a sentence states, as written (`40%`, `$3.5 million`, `5x`, `2026`). */
export function extractNumbers(text: string): string[] {
  const found = text.match(numberPattern) ?? [];
  return [...new Set(found.map((value) => value.trim()))];
}

/**
 * The numbers of a sentence that state a quantity: without the numbers of `ignore` (a topic's own "1.2" in "Bun 1.2")
 * and without bare version numbers after a name ("Node.js 22", "Windows 11").
 */
export function quantities(text: string, ignore: readonly string[] = []): string[] {
  const ignored = new Set(ignore.flatMap(extractNumbers).map(numberCore));
  const found: string[] = [];
  for (const match of text.matchAll(numberPattern)) {
    const value = match[0].trim();
    const bare = /^\d[\d.]*$/.test(value);
    if (bare && ignored.has(numberCore(value))) continue;
    const before = text.slice(0, match.index);
    if (bare && /(?:^|\s)\p{Lu}[\p{L}\p{N}.+#-]*\s$/u.test(before) && !/\b(?:in|since|from|to|by|of)\s+\p{Lu}\p{Ll}+\s$/u.test(before))
      continue;
    if (!found.includes(value)) found.push(value);
  }
  return found;
}

/** How striking a number is for a hook: percentages, multiples, money and big counts first. */
export function numberStrength(value: string): number {
  if (/%|percent|[$€£¥]|million|billion|trillion/i.test(value)) return 3;
  if (/x$|×/i.test(value)) return 3;
  if (Number(numberCore(value)) >= 1_000) return 2;
  return /[a-z]/i.test(value) ? 1.5 : 1;
}

/** True for a sentence in the first person ("I benchmarked…", "We moved…"), which a presenter must quote, not say. */
export function isFirstPerson(text: string): boolean {
  return /(?:^|[^\p{L}'])(?:I|I'm|I've|I'd|[Ww]e|[Ww]e're|[Ww]e've|[Oo]urs?|[Mm]y|us|[Mm]e)(?![\p{L}'])/u.test(text);
}

const sourceLabels: Record<string, string> = {
  hackernews: "Hacker News",
  reddit: "Reddit",
  github: "GitHub",
  mastodon: "Mastodon",
  bluesky: "Bluesky",
  youtube: "YouTube",
  rss: "a blog",
  "google-trends": "Google Trends",
};

/** A source id as people say it (`hackernews` → `Hacker News`). */
export function sourceLabel(source: string): string {
  return sourceLabels[source] ?? source;
}

/** The bare digits of a number as written, for comparing `3.5 million` with `3.5M` (`3.5`), or `1,200` with `1200`. */
export function numberCore(value: string): string {
  return (/\d[\d,]*(?:\.\d+)?/.exec(value)?.[0] ?? "").replace(/,/g, "");
}

/** Words of a text as written (for counting), split on white space. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/** Stemmed content words of a text (core's tokenizer), for overlap scores. */
export function contentWords(text: string): Set<string> {
  return new Set(tokenize(text));
}

/** Share of `wanted` words found in `text` (0 when `wanted` is empty). */
export function overlap(text: Set<string>, wanted: Set<string>): number {
  if (wanted.size === 0) return 0;
  let hits = 0;
  for (const word of wanted) if (text.has(word)) hits++;
  return hits / wanted.size;
}

/** True when two sentences say nearly the same thing (≥ 80% of the shorter one's words shared). */
export function nearDuplicate(first: Set<string>, second: Set<string>): boolean {
  const [small, large] = first.size <= second.size ? [first, second] : [second, first];
  if (small.size === 0) return large.size === 0;
  return overlap(large, small) >= 0.8;
}

/** Cuts text to at most `maxWords` words, ending with `…` when something was cut. */
export function truncateWords(text: string, maxWords: number): string {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length <= maxWords) return text.trim();
  return `${words
    .slice(0, Math.max(1, maxWords))
    .join(" ")
    .replace(/[,;:.!?-]+$/, "")}…`;
}

/** Makes a sentence end with punctuation. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]["'”’)]*$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

let analyzer: Promise<TextAnalyzer> | undefined;

/**
 * Core's wink-nlp analyzer, loaded once on first use (about 100 ms) and shared; the model is read-only, so sharing
 * it holds no state between calls.
 */
export function sharedTextAnalyzer(): Promise<TextAnalyzer> {
  analyzer ??= createWinkTextAnalyzer();
  return analyzer;
}

/**
 * Key phrases of a set of texts, most frequent first (a phrase's count is the number of texts it appears in, then
 * its total count). Phrases contained in a longer kept phrase with the same count are dropped.
 */
export async function keyPhrases(texts: readonly string[], limit: number): Promise<{ key: string; display: string; count: number }[]> {
  const nlp = await sharedTextAnalyzer();
  const counts = new Map<string, { key: string; display: string; texts: number; total: number }>();
  for (const text of texts) {
    const seen = new Set<string>();
    for (const phrase of nlp.analyze(text).phrases) {
      const entry = counts.get(phrase.key) ?? { key: phrase.key, display: phrase.display, texts: 0, total: 0 };
      entry.total++;
      if (!seen.has(phrase.key)) entry.texts++;
      seen.add(phrase.key);
      counts.set(phrase.key, entry);
    }
  }
  const ranked = [...counts.values()].sort(
    (a, b) => b.texts - a.texts || b.total - a.total || b.key.split(" ").length - a.key.split(" ").length,
  );
  const kept: typeof ranked = [];
  for (const phrase of ranked) {
    if (kept.some((other) => ` ${other.key} `.includes(` ${phrase.key} `) && other.texts >= phrase.texts)) continue;
    kept.push(phrase);
    if (kept.length >= limit) break;
  }
  return kept.map((phrase) => ({ key: phrase.key, display: phrase.display, count: phrase.texts }));
}
