// The runnable snippet from packages/core/README.md.
import { createExactVectorIndex, createLocalEmbedder, createMemoryStore, createPipeline, type Source } from "@undercurrent/core";

const titles = ["Stable Diffusion is now open source", "Running Stable Diffusion on a Mac", "Fed raises rates again"];
const source: Source = {
  specVersion: "v1",
  id: "demo",
  async pull() {
    const items = titles.map((title, index) => ({
      id: `demo:${index}`,
      source: "demo",
      externalId: String(index),
      kind: "story" as const,
      title,
      publishedAt: new Date(),
    }));
    return { items };
  },
};

const store = createMemoryStore();
await createPipeline({ sources: [source], store }).run();

const embedder = createLocalEmbedder();
const index = createExactVectorIndex({ dimensions: embedder.dimensions });
const items = await store.listItems();
const vectors = await embedder.embed(items.map((item) => item.title));
await index.add(items.map((item, position) => ({ id: item.id, vector: vectors[position]! })));
const [query] = await embedder.embed(["stable diffusion image model"]);
console.log(await index.search(query!, { k: 2 })); // the two Stable Diffusion stories first
