import { z } from "zod";
import { seededRandom, sigmoid } from "./numeric.js";
import { words } from "./sentiment-lexicon.js";

/** JSON form of a fitted token model: a weight per known token and a bias. */
export const tokenModelSchema = z.object({
  bias: z.number().finite(),
  weights: z.record(z.string(), z.number().finite()),
});
/** A fitted logistic regression on bag-of-tokens. */
export type TokenModel = z.infer<typeof tokenModelSchema>;

/** Settings of {@link fitTokenModel}. */
export interface TokenModelSettings {
  /** Fewest examples a token must appear in to get a weight. */
  minCount: number;
  epochs: number;
  learningRate: number;
  /** L2 penalty per update. */
  l2: number;
  seed: number;
}

/** Unigrams and bigrams of the text, plus any extra tokens (domain, platform), without repeats. */
export function tokensOf(text: string, extra: readonly string[] = []): string[] {
  const unigrams = words(text);
  const bigrams = unigrams.slice(1).map((word, index) => `${unigrams[index]}_${word}`);
  return [...new Set([...unigrams, ...bigrams, ...extra])];
}

/** Log-odds the token model gives a token list (unknown tokens weigh nothing). */
export function tokenLogOdds(model: TokenModel, tokens: readonly string[]): number {
  let score = model.bias;
  for (const token of tokens) if (Object.hasOwn(model.weights, token)) score += model.weights[token]!;
  return score;
}

/**
 * Fits L2-regularised logistic regression on token presence with AdaGrad, over a seeded shuffle so the
 * result is reproducible. Tokens seen in fewer than `minCount` documents are dropped.
 */
export function fitTokenModel(
  documents: readonly (readonly string[])[],
  labels: readonly number[],
  settings: TokenModelSettings,
): TokenModel {
  const counts = new Map<string, number>();
  for (const tokens of documents) for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  const vocabulary = new Map<string, number>();
  for (const [token, count] of counts) if (count >= settings.minCount) vocabulary.set(token, vocabulary.size);
  const indexed = documents.map((tokens) => tokens.flatMap((token) => (vocabulary.has(token) ? [vocabulary.get(token)!] : [])));

  const rate = labels.reduce((sum, label) => sum + label, 0) / Math.max(1, labels.length);
  let bias = Math.log(Math.max(1e-6, rate) / Math.max(1e-6, 1 - rate));
  let biasSquares = 1e-8;
  const weights = new Float64Array(vocabulary.size);
  const squares = new Float64Array(vocabulary.size).fill(1e-8);
  const random = seededRandom(settings.seed);
  const order = indexed.map((_, index) => index);
  for (let epoch = 0; epoch < settings.epochs; epoch += 1) {
    for (let index = order.length - 1; index > 0; index -= 1) {
      const other = Math.floor(random() * (index + 1));
      [order[index], order[other]] = [order[other]!, order[index]!];
    }
    for (const row of order) {
      const features = indexed[row]!;
      let score = bias;
      for (const feature of features) score += weights[feature]!;
      const gradient = sigmoid(score) - labels[row]!;
      biasSquares += gradient * gradient;
      bias -= (settings.learningRate * gradient) / Math.sqrt(biasSquares);
      for (const feature of features) {
        const step = gradient + settings.l2 * weights[feature]!;
        const squared = squares[feature]! + step * step;
        squares[feature] = squared;
        weights[feature] = weights[feature]! - (settings.learningRate * step) / Math.sqrt(squared);
      }
    }
  }
  const result: Record<string, number> = Object.create(null);
  for (const [token, index] of vocabulary) if (Math.abs(weights[index]!) > 1e-6) result[token] = weights[index]!;
  return { bias, weights: result };
}
