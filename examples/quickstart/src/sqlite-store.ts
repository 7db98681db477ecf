// The runnable snippets from packages/store-sqlite/README.md (the store, then inspecting its file).
import { createSqliteStore, inspectSqliteStore } from "@undercurrent/store-sqlite";

const store = createSqliteStore({ path: ".undercurrent/undercurrent.db" });

await store.putItems([
  {
    id: "hackernews:1",
    source: "hackernews",
    externalId: "1",
    kind: "story",
    title: "Show HN: a trend radar for your terminal",
    text: "",
    url: "https://news.ycombinator.com/item?id=1",
    tags: ["show-hn"],
    publishedAt: new Date("2026-01-01T09:00:00Z"),
    fetchedAt: new Date(),
    metadata: { isShowHN: true },
  },
]);

const items = await store.listItems({ source: "hackernews", since: new Date("2026-01-01T00:00:00Z") });
console.log(items.map((item) => item.title));

await store.close();
const inspection = inspectSqliteStore({ path: ".undercurrent/undercurrent.db" });
console.log(inspection.schemaVersion.upToDate, inspection.tables.cross_source_trends);
