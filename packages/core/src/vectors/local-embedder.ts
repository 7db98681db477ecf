import { z } from "zod";
import type { Embedder } from "../contracts/embedder.js";
import { parseOptions } from "../validate.js";
import { normalize } from "./vector-math.js";

export const localEmbedderOptionsSchema = z.strictObject({
  /** Vector length; more dimensions mean fewer hash collisions. */
  dimensions: z.number().int().min(32).max(4_096).default(512),
  /** Weight of character trigrams relative to whole words (catches inflections and typos). */
  trigramWeight: z.number().min(0).max(1).default(0.35),
  /** Weight of adjacent word pairs (catches phrases like "machine learning"). */
  bigramWeight: z.number().min(0).max(1).default(0.5),
});

/** Options of {@link createLocalEmbedder}. */
export type LocalEmbedderOptions = z.input<typeof localEmbedderOptionsSchema>;

// Function words carry no topic; leaving them in makes unrelated titles look alike.
const stopWords = new Set(
  (
    "a about above after again against all am an and any are as at be because been before being below between both but by " +
    "can could did do does doing down during each few for from further had has have having he her here hers him his how i if " +
    "in into is it its itself just me more most my no nor not now of off on once only or other our ours out over own same " +
    "she should so some such than that the their theirs them then there these they this those through to too under until up " +
    "very was we were what when where which while who whom why will with would you your yours yourself via vs new show ask hn"
  ).split(" "),
);

/** Lower-cases, strips accents and punctuation, and drops a few English suffixes so "models" meets "model". */
export function tokenize(text: string): string[] {
  const words = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .match(/[\p{L}\p{N}][\p{L}\p{N}+#.-]*[\p{L}\p{N}+#]|[\p{L}\p{N}]/gu);
  if (!words) return [];
  return words.filter((word) => !stopWords.has(word)).map(stem);
}

function stem(word: string): string {
  if (word.length <= 4 || /\d/.test(word)) return word;
  for (const suffix of ["ations", "ation", "ings", "ing", "ies", "ed", "es", "s"]) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 4) {
      return suffix === "ies" ? `${word.slice(0, -3)}y` : word.slice(0, -suffix.length);
    }
  }
  return word;
}

/** 32-bit FNV-1a hash. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}

/**
 * A deterministic `Embedder` that needs no network and no model: signed feature hashing of words,
 * word pairs and character trigrams, with sublinear term weights. Titles about the same thing share
 * words and land close; it does not know synonyms (use a model-backed embedder for that).
 */
export function createLocalEmbedder(options: LocalEmbedderOptions = {}): Embedder {
  const settings = parseOptions(localEmbedderOptionsSchema, options, "createLocalEmbedder");
  const { dimensions } = settings;

  const embedOne = (text: string): Float32Array => {
    const features = new Map<string, number>();
    const add = (feature: string, weight: number) => features.set(feature, (features.get(feature) ?? 0) + weight);
    const words = tokenize(text);
    words.forEach((word, index) => {
      add(`w:${word}`, 1);
      if (index > 0) add(`b:${words[index - 1]} ${word}`, settings.bigramWeight);
      if (settings.trigramWeight > 0 && word.length > 3) {
        const padded = `<${word}>`;
        const grams = padded.length - 2;
        for (let start = 0; start < grams; start++) add(`t:${padded.slice(start, start + 3)}`, settings.trigramWeight / grams);
      }
    });
    const vector = new Float32Array(dimensions);
    if (features.size === 0) {
      // Empty or stop-word-only text: a fixed vector, so the result is still a unit vector.
      vector[0] = 1;
      return vector;
    }
    for (const [feature, count] of features) {
      const code = hash(feature);
      const sign = code & 1 ? 1 : -1;
      const weight = count > 1 ? 1 + Math.log(count) : count; // sublinear: a repeated word is not 5x the topic
      vector[(code >>> 1) % dimensions]! += sign * weight;
    }
    return normalize(vector);
  };

  return {
    specVersion: "v1",
    id: `local-hash-v1-${dimensions}`,
    dimensions,
    async embed(texts, embedOptions = {}) {
      embedOptions.signal?.throwIfAborted();
      return texts.map((text) => embedOne(String(text)));
    },
  } satisfies Embedder;
}
