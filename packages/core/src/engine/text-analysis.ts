import type { ItemToken } from "wink-nlp";
import type { Item } from "../schemas/item.js";

/** What the engine reads from one text. */
export interface TextAnalysis {
  /** Key phrases (noun phrases and names), each with its lower-case key and the form it appeared in. */
  phrases: { key: string; display: string }[];
  /** −1 (negative) to 1 (positive). */
  sentiment: number;
}

/** Turns texts into key phrases and sentiment. */
export interface TextAnalyzer {
  analyze(text: string): TextAnalysis;
}

const maxPhraseWords = 3;
const nounTags = new Set(["NOUN", "PROPN"]);
const modifierTags = new Set(["ADJ", "NOUN", "PROPN", "NUM"]);
// Words that name the medium, not the subject ("Show HN", "Ask HN", "launch", "release").
const mediumWords = new Set([
  "show",
  "ask",
  "hn",
  "tell",
  "launch",
  "release",
  "releases",
  "released",
  "new",
  "introducing",
  "announcing",
  "video",
  "pdf",
  "blog",
  "post",
]);

/**
 * The default analyzer on wink-nlp and its English lite model (shipped inside the npm package, so nothing
 * is fetched at run time): key phrases are noun phrases found by part-of-speech patterns, and sentiment is
 * wink's lexicon score. Loaded on first use.
 */
export async function createWinkTextAnalyzer(): Promise<TextAnalyzer> {
  const [{ default: winkNLP }, { default: model }] = await Promise.all([import("wink-nlp"), import("wink-eng-lite-web-model")]);
  const nlp = winkNLP(model);
  const its = nlp.its;
  return {
    analyze(text) {
      const doc = nlp.readDoc(text);
      const words: { value: string; normal: string; pos: string; stop: boolean }[] = [];
      const phrases: { key: string; display: string }[] = [];
      const flush = () => {
        // A phrase is a run of modifiers ending in a noun, without leading or trailing noise words.
        while (words.length > 0 && (words[0]!.stop || mediumWords.has(words[0]!.normal))) words.shift();
        while (words.length > 0 && (!nounTags.has(words.at(-1)!.pos) || words.at(-1)!.stop)) words.pop();
        for (let start = 0; start < words.length; start++) {
          for (let end = start + 1; end <= Math.min(words.length, start + maxPhraseWords); end++) {
            const run = words.slice(start, end);
            if (!nounTags.has(run.at(-1)!.pos) || run.some((word) => word.stop || mediumWords.has(word.normal))) continue;
            if (run.length === 1 && run[0]!.normal.length < 3) continue;
            phrases.push({ key: run.map((word) => word.normal).join(" "), display: run.map((word) => word.value).join(" ") });
          }
        }
        words.length = 0;
      };
      doc.tokens().each((token: ItemToken) => {
        const type = token.out(its.type);
        const pos = token.out(its.pos);
        if (type === "word" && modifierTags.has(pos)) {
          words.push({ value: token.out(), normal: token.out(its.normal), pos, stop: token.out(its.stopWordFlag) === true });
        } else {
          flush();
        }
      });
      flush();
      const sentiment = Number(doc.out(its.sentiment));
      return { phrases, sentiment: Number.isFinite(sentiment) ? Math.max(-1, Math.min(1, sentiment)) : 0 };
    },
  };
}

const maxTextLength = 2_000;

/**
 * The text the engine reads for an item: its title and the start of its text. A repository's `owner/name`
 * is split into words, so "oven-sh/bun" reads as "oven sh bun".
 */
export function itemText(item: Item): string {
  const title = item.kind === "repository" ? item.title.replace(/[/_-]+/g, " ") : item.title;
  const body = item.text.slice(0, Math.max(0, maxTextLength - title.length - 2));
  return body ? `${title}. ${body}` : title;
}

/**
 * A key for the thing an item links to, so a story linking a GitHub repository lands in that repository's
 * trend: `github.com/owner/name` for repository URLs, the host and path otherwise (no query, no fragment).
 */
export function linkKey(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    const host = parsed.hostname.replace(/^www\./, "").toLowerCase();
    const segments = parsed.pathname.split("/").filter(Boolean);
    if (host === "github.com")
      return segments.length >= 2 ? `github.com/${segments[0]!.toLowerCase()}/${segments[1]!.toLowerCase()}` : undefined;
    // Discussion pages and bare home pages say nothing about the subject.
    if (segments.length === 0 || host === "news.ycombinator.com" || host.endsWith("reddit.com")) return undefined;
    return `${host}/${segments.join("/").toLowerCase()}`;
  } catch {
    return undefined;
  }
}
