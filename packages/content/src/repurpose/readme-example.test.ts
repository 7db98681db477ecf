import { createMemoryStore } from "@undercurrent/core";
import { expect, it } from "vitest";
import { repurpose, variantsToDrafts } from "../index.js";
import sample from "./__fixtures__/sample-post.json" with { type: "json" };

// The README's repurposing snippet, storing the drafts in a memory store.
it("runs the README snippet: one piece for five platforms, two variants each, stored as drafts", async () => {
  const store = createMemoryStore();
  const postText = sample.text;
  const printed: string[] = [];
  const console = { log: (line: string) => printed.push(line) };

  // --- README snippet ---
  const result = await repurpose(
    {
      id: "bun-12-post",
      title: "Bun 1.2 makes the JavaScript runtime race interesting again",
      text: postText,
      url: "https://example.com/blog/bun-1-2",
      hashtags: ["Bun", "JavaScript"],
    },
    { platforms: ["x", "x-thread", "bluesky", "linkedin", "instagram"], variants: 2 },
  );
  for (const variant of result.variants) {
    const { similarity, keyTermsMissing } = variant.preservation;
    console.log(
      `${variant.platform} ${variant.variant}: ${variant.length}/${variant.limit}, similarity ${similarity}, missing [${keyTermsMissing}], ${variant.passed ? "ok" : "check"}`,
    );
  }
  await store.putContentDrafts(variantsToDrafts(result));
  // --- end of snippet ---

  expect(printed).toHaveLength(10);
  for (const line of printed) expect(line).toMatch(/^[a-z-]+ [AB]: \d+\/\d+, similarity 0\.\d+, missing \[\], ok$/);
  const drafts = await store.listContentDrafts();
  expect(drafts).toHaveLength(10);
  const thread = drafts.find((draft) => draft.id === "bun-12-post:x-thread:A")!;
  expect(thread).toMatchObject({ platform: "x", format: "thread", variantOf: "bun-12-post", status: "draft" });
  expect(thread.parts.length).toBeGreaterThan(1);
  expect(drafts.find((draft) => draft.id === "bun-12-post:instagram:B")).toMatchObject({ platform: "instagram", format: "caption" });
});
