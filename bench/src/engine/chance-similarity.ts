import path from "node:path";
import { pathToFileURL } from "node:url";
import { createLocalEmbedder } from "@undercurrent/core";
import { median } from "../trends/score.js";
import { randomWord, seededRandom } from "../trends/trend-fixture.js";

/** Titles of `words` random words (as the engine bench's background chatter), deterministic per seed. */
export function randomTitles(count: number, seed: number, words = 6): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => Array.from({ length: words }, () => randomWord(random)).join(" "));
}

/**
 * How similar unrelated titles look to the local embedder: for each of `queries` titles, the largest cosine with
 * `poolSize` other unrelated titles (what an index of that size offers as the nearest neighbour). Returns the
 * median of those maxima and the share at or above `threshold` (the engine's `similarityThreshold`).
 */
export async function chanceSimilarity(input: {
  dimensions: number;
  poolSize: number;
  queries?: number;
  threshold?: number;
  seed?: number;
}): Promise<{ medianMax: number; shareAbove: number }> {
  const { dimensions, poolSize, queries = 30, threshold = 0.3, seed = 5 } = input;
  const embedder = createLocalEmbedder({ dimensions });
  const vectors = await embedder.embed(randomTitles(queries + poolSize, seed));
  const maxima = vectors.slice(0, queries).map((query) => {
    let best = -1;
    for (const candidate of vectors.slice(queries)) {
      let dot = 0;
      for (let index = 0; index < dimensions; index++) dot += query[index]! * candidate[index]!;
      best = Math.max(best, dot);
    }
    return best;
  });
  return { medianMax: median(maxima) ?? Number.NaN, shareAbove: maxima.filter((value) => value >= threshold).length / maxima.length };
}

/** `pnpm exec tsx src/engine/chance-similarity.ts`: the table behind "the noise floor" in docs/trend-engine.md. */
async function main(): Promise<void> {
  console.log("dimensions  unrelated titles in the index  median best cosine  share ≥ 0.3");
  for (const dimensions of [256, 512, 1024, 2048]) {
    for (const poolSize of [1_000, 5_000, 20_000]) {
      const { medianMax, shareAbove } = await chanceSimilarity({ dimensions, poolSize });
      console.log(
        `${String(dimensions).padStart(10)}  ${String(poolSize).padStart(29)}  ${medianMax.toFixed(3).padStart(18)}  ${shareAbove.toFixed(2).padStart(11)}`,
      );
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
