import { z } from "zod";

/** The price of a model in US dollars per million tokens. */
export interface OpenAIPrice {
  /** Input (prompt) tokens. */
  inputPerMillionTokens: number;
  /** Output (completion) tokens; embeddings have none. */
  outputPerMillionTokens?: number;
  /** Input tokens served from the prompt cache, when cheaper. Defaults to the input price. */
  cachedInputPerMillionTokens?: number;
}

/**
 * OpenAI's published list prices (standard tier, US dollars per million tokens) at the time of writing. Prices
 * change: pass `prices` to the factories to override or add entries. A dated snapshot (`gpt-4o-mini-2024-07-18`)
 * uses the entry of its longest matching prefix (`gpt-4o-mini`).
 */
export const openAIPrices: Readonly<Record<string, OpenAIPrice>> = {
  "gpt-5": { inputPerMillionTokens: 1.25, cachedInputPerMillionTokens: 0.125, outputPerMillionTokens: 10 },
  "gpt-5-mini": { inputPerMillionTokens: 0.25, cachedInputPerMillionTokens: 0.025, outputPerMillionTokens: 2 },
  "gpt-5-nano": { inputPerMillionTokens: 0.05, cachedInputPerMillionTokens: 0.005, outputPerMillionTokens: 0.4 },
  "gpt-4.1": { inputPerMillionTokens: 2, cachedInputPerMillionTokens: 0.5, outputPerMillionTokens: 8 },
  "gpt-4.1-mini": { inputPerMillionTokens: 0.4, cachedInputPerMillionTokens: 0.1, outputPerMillionTokens: 1.6 },
  "gpt-4.1-nano": { inputPerMillionTokens: 0.1, cachedInputPerMillionTokens: 0.025, outputPerMillionTokens: 0.4 },
  "gpt-4o": { inputPerMillionTokens: 2.5, cachedInputPerMillionTokens: 1.25, outputPerMillionTokens: 10 },
  "gpt-4o-mini": { inputPerMillionTokens: 0.15, cachedInputPerMillionTokens: 0.075, outputPerMillionTokens: 0.6 },
  o3: { inputPerMillionTokens: 2, cachedInputPerMillionTokens: 0.5, outputPerMillionTokens: 8 },
  "o4-mini": { inputPerMillionTokens: 1.1, cachedInputPerMillionTokens: 0.275, outputPerMillionTokens: 4.4 },
  "text-embedding-3-small": { inputPerMillionTokens: 0.02 },
  "text-embedding-3-large": { inputPerMillionTokens: 0.13 },
  "text-embedding-ada-002": { inputPerMillionTokens: 0.1 },
};

const dollars = z.number().nonnegative().max(10_000, "expected US dollars per million tokens");

/** The zod schema of a `prices` option. */
export const openAIPricesSchema = z.record(
  z.string().min(1),
  z.strictObject({
    inputPerMillionTokens: dollars,
    outputPerMillionTokens: dollars.optional(),
    cachedInputPerMillionTokens: dollars.optional(),
  }),
);

/** The price of `model` in `table`: an exact entry, else the longest entry that `model` starts with followed by `-`. */
export function findPrice(model: string, table: Readonly<Record<string, OpenAIPrice>>): OpenAIPrice | undefined {
  const exact = table[model];
  if (exact) return exact;
  let best: string | undefined;
  for (const name of Object.keys(table)) {
    if (model.startsWith(`${name}-`) && (best === undefined || name.length > best.length)) best = name;
  }
  return best === undefined ? undefined : table[best];
}

/** Token counts of one request. */
export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
  /** Of the input tokens, how many came from the prompt cache. */
  cachedInputTokens?: number;
}

/** Cost in US dollars of `tokens` at `price`, rounded to a millionth of a cent. */
export function costOf(tokens: TokenCounts, price: OpenAIPrice): number {
  const cached = Math.min(tokens.cachedInputTokens ?? 0, tokens.inputTokens);
  const cost =
    ((tokens.inputTokens - cached) * price.inputPerMillionTokens +
      cached * (price.cachedInputPerMillionTokens ?? price.inputPerMillionTokens) +
      tokens.outputTokens * (price.outputPerMillionTokens ?? 0)) /
    1_000_000;
  return Math.round(cost * 1e8) / 1e8;
}
