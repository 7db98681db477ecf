/**
 * A conservative token estimate without a tokenizer: about 3 characters a token for Latin text, and at least one
 * token per 4 UTF-8 bytes (CJK and emoji cost more bytes). Real counts are usually lower, so budgets hold.
 */
export function estimateTokens(text: string): number {
  if (text.length === 0) return 1;
  return Math.max(1, Math.ceil(Math.max(text.length / 3, Buffer.byteLength(text, "utf8") / 4)));
}

/** Shortens `text` until its estimate fits `maxTokens`, cutting at a whitespace when one is near. */
export function truncateToTokens(text: string, maxTokens: number): string {
  if (estimateTokens(text) <= maxTokens) return text;
  let end = Math.min(text.length, maxTokens * 3);
  while (end > 0 && estimateTokens(text.slice(0, end)) > maxTokens) end = Math.floor(end * 0.9);
  const cut = text.slice(0, end);
  const space = cut.search(/\s\S*$/);
  return space > end * 0.9 ? cut.slice(0, space) : cut;
}

/** Limits of one embeddings request. */
export interface BatchLimits {
  /** Inputs per request (OpenAI accepts at most 2048). */
  maxInputs: number;
  /** Estimated tokens per request, summed over its inputs (OpenAI accepts at most 300000). */
  maxTokens: number;
}

/**
 * Splits inputs into consecutive batches within both limits, keeping their order. Returns the index ranges
 * `[start, end)`. An input alone over `maxTokens` still gets its own batch (the per-input limit is enforced before).
 */
export function planBatches(tokenCounts: readonly number[], limits: BatchLimits): Array<[number, number]> {
  const batches: Array<[number, number]> = [];
  let start = 0;
  let tokens = 0;
  for (let index = 0; index < tokenCounts.length; index++) {
    const count = tokenCounts[index]!;
    const full = index - start >= limits.maxInputs || (index > start && tokens + count > limits.maxTokens);
    if (full) {
      batches.push([start, index]);
      start = index;
      tokens = 0;
    }
    tokens += count;
  }
  if (start < tokenCounts.length) batches.push([start, tokenCounts.length]);
  return batches;
}

/** Runs `task` for each item with at most `concurrency` in flight; results keep the items' order. Stops at the first failure. */
export async function mapWithConcurrency<Item, Result>(
  items: readonly Item[],
  concurrency: number,
  task: (item: Item, index: number) => Promise<Result>,
): Promise<Result[]> {
  const results = new Array<Result>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index]!, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
