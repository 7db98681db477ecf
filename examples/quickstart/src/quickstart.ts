import { createMemoryStore, createPipeline, type Source } from "@undercurrent/core";

// A source is a plain object: pull items newer than the cursor, return the next cursor.
const releases: Source = {
  specVersion: "v1",
  id: "releases",
  async pull({ cursor }) {
    const seen = typeof cursor === "number" ? cursor : 0;
    const titles = ["Rust 2.0 released", "Bun 2.0: a faster JavaScript runtime"].slice(seen);
    const items = titles.map((title, index) => ({
      id: `releases:${seen + index}`,
      source: "releases",
      externalId: String(seen + index),
      kind: "story" as const,
      title,
      publishedAt: new Date(),
    }));
    return { items, cursor: seen + items.length };
  },
};

const store = createMemoryStore(); // or createSqliteStore({ path: "trends.db" }) from @undercurrent/store-sqlite
const pipeline = createPipeline({ sources: [releases], store });
pipeline.events.on("item-ingested", ({ item }) => console.log(`new: ${item.title}`));
const report = await pipeline.run();
console.log(report.sources.map(({ sourceId, status, newItems }) => `${sourceId}: ${status}, ${newItems} new`));
