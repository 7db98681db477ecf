import { asSentence, contentWords, extractNumbers, keyPhrases, splitSentences } from "../research/text-tools.js";
import type { ContentPiece } from "./content-piece-schema.js";

/** A sentence of the piece with what ranks it. */
export interface PieceSentence {
  text: string;
  /** Position in the piece. */
  index: number;
  score: number;
  numbers: string[];
  words: Set<string>;
}

/** What every variant is built from. */
export interface PieceAnalysis {
  piece: ContentPiece;
  sentences: PieceSentence[];
  /** Terms every variant must keep, as they appear in the piece. */
  keyTerms: string[];
  /** Hashtag candidates (without `#`), best first. */
  hashtags: string[];
}

/** Splits the piece into ranked sentences and finds its key terms and hashtag candidates. */
export async function analyzePiece(piece: ContentPiece, keyTermCount: number): Promise<PieceAnalysis> {
  const texts = splitSentences(piece.text).map(asSentence);
  const phrases = await keyPhrases(piece.title ? [piece.title, ...texts] : texts, keyTermCount * 3 + 5);
  const fullText = [piece.title, piece.text].filter(Boolean).join("\n");
  const keyTerms: string[] = [];
  const frequent = phrases
    .filter((phrase) => phrase.count > 1 || phrases.length <= keyTermCount)
    .map((phrase) => asWritten(phrase.display, fullText));
  for (const term of [...piece.keyTerms, ...frequent]) {
    if (keyTerms.length >= Math.max(keyTermCount, piece.keyTerms.length)) break;
    const key = squash(term);
    if (key && !keyTerms.some((kept) => squash(kept).includes(key) || key.includes(squash(kept)))) keyTerms.push(term);
  }
  const titleWords = contentWords(piece.title ?? "");
  const sentences = texts.map((text, index) => {
    const words = contentWords(text);
    const termHits = keyTerms.filter((term) => containsTerm(text, term)).length;
    const titleHits = [...titleWords].filter((word) => words.has(word)).length / Math.max(1, titleWords.size);
    const numbers = extractNumbers(text);
    // Sentences carrying the key terms, early in the piece, with figures, rank first.
    const score = termHits * 2 + titleHits + (1 - index / Math.max(1, texts.length)) + (numbers.length > 0 ? 0.3 : 0);
    return { text, index, score, numbers, words };
  });
  // Beyond the given ones and the key terms, only names make useful hashtags ("#S3Client", not "#week").
  const named = phrases.filter((phrase) => /\p{Lu}/u.test(phrase.display)).map((phrase) => asWritten(phrase.display, fullText));
  const hashtags = uniqueHashtags([...piece.hashtags, ...keyTerms, ...named]);
  return { piece, sentences, keyTerms, hashtags };
}

/** A phrase as the text writes it, with a dotted or joined tail the tokenizer split off: `Node` → `Node.js`. */
function asWritten(display: string, text: string): string {
  const escaped = display.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?:[.+#-][\\p{L}\\p{N}]+)*`, "u").exec(text);
  return match?.[0] ?? display;
}

/** Lower-case letters and digits only: `Stable Diffusion` and `#StableDiffusion` both become `stablediffusion`. */
export function squash(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

/** Whether a text keeps a term: the term's words in order (any case, any spacing, hashtags included), or all its stems. */
export function containsTerm(text: string, term: string): boolean {
  if (squash(text).includes(squash(term))) return true;
  const wanted = contentWords(term);
  if (wanted.size === 0) return false;
  const have = contentWords(text.replace(/#(\p{L}[\p{L}\p{N}_]*)/gu, (_, tag: string) => tag.replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2")));
  return [...wanted].every((word) => have.has(word));
}

/** A term as a hashtag without `#`: `stable diffusion` → `StableDiffusion`; undefined when nothing usable is left. */
export function toHashtag(term: string): string | undefined {
  const words = term
    .replace(/^#+/, "")
    .normalize("NFKC")
    .split(/[^\p{L}\p{N}_]+/u)
    .filter(Boolean);
  const tag = words.length === 1 ? words[0]! : words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join("");
  if (!tag || /^[\p{N}_]+$/u.test(tag) || tag.length > 60) return undefined;
  return tag;
}

function uniqueHashtags(terms: readonly string[]): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const term of terms) {
    const tag = toHashtag(term);
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    tags.push(tag);
  }
  return tags;
}
