import { createMemoryStore, createPipeline } from "@undercurrent/core";
import { createTestServer } from "@undercurrent/core/testing";
import { expect, it } from "vitest";
import firebaseItems from "./__fixtures__/firebase-items.json" with { type: "json" };
import searchByDate from "./__fixtures__/search-by-date.json" with { type: "json" };
import topStories from "./__fixtures__/top-stories.json" with { type: "json" };
import { createHackerNewsSource } from "./index.js";

// The README's snippet, run against mocks of both APIs instead of the network.
createTestServer({
  "GET https://hn.algolia.com/api/v1/search_by_date": { json: searchByDate },
  "GET https://hacker-news.firebaseio.com/v0/topstories.json": { json: topStories },
  "GET https://hacker-news.firebaseio.com/v0/item/*": (call) => ({
    json: (firebaseItems as Record<string, unknown>)[/(\d+)\.json$/.exec(call.url)?.[1] ?? ""] ?? null,
  }),
});

it("runs the README snippet", async () => {
  const printed: string[] = [];
  const console = { log: (line: string) => printed.push(line) };

  // --- README snippet ---
  const hackerNews = createHackerNewsSource({
    baseURL: "https://hn.algolia.com/api/v1",
    firebaseBaseURL: "https://hacker-news.firebaseio.com/v0",
    frontPage: true,
  });
  const store = createMemoryStore();
  const pipeline = createPipeline({ sources: [hackerNews], store });

  pipeline.events.on("item-ingested", ({ item }) => console.log(`${item.title}  ${item.url}`));
  const report = await pipeline.run();
  console.log(`${report.sources[0]?.newItems} new stories, status ${report.sources[0]?.status}`);
  // --- end of snippet ---

  expect(printed).toContain("Show HN: A tiny Rust cache  https://github.com/example/tinycache");
  expect(printed.at(-1)).toBe("7 new stories, status ok");
});
