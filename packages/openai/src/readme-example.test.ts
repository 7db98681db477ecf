import { createTestServer } from "@undercurrent/core/testing";
import { afterEach, expect, it, vi } from "vitest";
import { z } from "zod";
import { completionsRoute, completionsUrl, embeddingsRoute, embeddingsUrl, testApiKey } from "./__fixtures__/openai-mock.js";
import { createOpenAIEmbedder, createOpenAITextGenerator } from "./index.js";

// The README's snippet, run against msw mocks of both endpoints (base64 embeddings, a structured completion).
createTestServer({
  [`POST ${embeddingsUrl}`]: embeddingsRoute,
  [`POST ${completionsUrl}`]: completionsRoute(
    '{"headline":"Rust 2.0 ships","angle":"Why teams upgrade now","hashtags":["rust","programming"]}',
  ),
});
afterEach(() => vi.unstubAllEnvs());

it("runs the README snippet", async () => {
  vi.stubEnv("OPENAI_API_KEY", testApiKey);
  const printed: string[] = [];
  const console = { log: (...parts: unknown[]) => printed.push(parts.join(" ")) };

  // --- README snippet ---
  const embedder = createOpenAIEmbedder({ model: "text-embedding-3-small", dimensions: 512 });
  const [rust, rustAgain, rates] = await embedder.embed([
    "Rust 2.0 released with a new borrow checker",
    "Rust 2.0 is out: what the new borrow checker changes",
    "Central bank raises interest rates",
  ]);
  const similarity = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, index) => sum + value * b[index]!, 0);
  console.log("same story:", similarity(rust!, rustAgain!) > similarity(rust!, rates!));

  const writer = createOpenAITextGenerator({ model: "gpt-4.1-mini" });
  const Post = z.object({
    headline: z.string().max(80),
    angle: z.string(),
    hashtags: z.array(z.string()).max(5),
  });
  const { object, usage } = await writer.generate({
    system: "You write short, factual social posts.",
    prompt: "Rust 2.0 was released today with a new borrow checker. Write a post.",
    schema: Post,
    schemaName: "post",
  });
  console.log(object.headline, object.hashtags.map((tag) => `#${tag}`).join(" "));
  console.log(`tokens ${usage?.inputTokens}+${usage?.outputTokens}, $${usage?.costUsd}`);
  // --- end of snippet ---

  expect(printed).toEqual(["same story: true", "Rust 2.0 ships #rust #programming", "tokens 412+38, $0.0002256"]);
});
