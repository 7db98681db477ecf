import { readFileSync } from "node:fs";
import { createMemoryStore, createPipeline } from "@undercurrent/core";
import { createTestServer } from "@undercurrent/core/testing";
import { describe, expect, it, vi } from "vitest";
import hotListing from "./__fixtures__/hot-listing.json" with { type: "json" };
import { createRedditSource } from "./index.js";
import { apiBase, credentials, listingResponse, tokenSuccess, tokenUrl } from "./reddit-test-support.js";

const empty = { kind: "Listing", data: { after: null, children: [] } };
createTestServer({
  [`POST ${tokenUrl}`]: tokenSuccess,
  [`GET ${apiBase}/r/programming/hot`]: listingResponse(hotListing),
  [`GET ${apiBase}/r/programming/new`]: listingResponse(empty),
  [`GET ${apiBase}/r/rust/hot`]: listingResponse(empty),
  [`GET ${apiBase}/r/rust/new`]: listingResponse(empty),
});

// The README's snippet, statement for statement (the second test keeps the two in step).
async function readmeSnippet() {
  // Reads REDDIT_CLIENT_ID, REDDIT_CLIENT_SECRET and REDDIT_USER_AGENT when it pulls.
  const reddit = createRedditSource({ subreddits: ["programming", "rust"], listings: ["hot", "new"] });
  const pipeline = createPipeline({ sources: [reddit], store: createMemoryStore() });

  pipeline.events.on("item-ingested", ({ item }) => console.log(`r/${item.metadata.subreddit}: ${item.title} ${item.url}`));
  const report = await pipeline.run();
  console.log(report.sources[0], pipeline.health()[0]?.rateLimit);
}

describe("the README snippet", () => {
  it("runs against a mocked Reddit and prints the new posts", async () => {
    vi.stubEnv("REDDIT_CLIENT_ID", credentials.clientId);
    vi.stubEnv("REDDIT_CLIENT_SECRET", credentials.clientSecret);
    vi.stubEnv("REDDIT_USER_AGENT", credentials.userAgent);
    const printed: unknown[][] = [];
    const log = vi.spyOn(console, "log").mockImplementation((...values: unknown[]) => {
      printed.push(values);
    });
    try {
      await readmeSnippet();
    } finally {
      log.mockRestore();
      vi.unstubAllEnvs();
    }
    expect(printed[0]).toEqual([
      "r/programming: Monthly hiring thread: April 2024 https://www.reddit.com/r/programming/comments/1cau7ff/monthly_hiring_thread_april_2024/",
    ]);
    expect(printed).toHaveLength(5);
    expect(printed.at(-1)?.[0]).toMatchObject({ sourceId: "reddit", status: "ok", newItems: 4 });
    expect(printed.at(-1)?.[1]).toMatchObject({ remaining: 588 });
  });

  it("is the snippet the README shows", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const snippet = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    const test = readFileSync(new URL(import.meta.url), "utf8");
    const statements = snippet
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("import "));
    expect(statements.length).toBeGreaterThan(4);
    for (const statement of statements) expect(test).toContain(statement);
  });
});
