import { FakeListChatModel } from "@langchain/core/utils/testing";
import { expect, it } from "vitest";
import { z } from "zod";
import { LocalHashEmbeddings } from "./__fixtures__/local-hash-embeddings.js";
import { fromLangChainChatModel, fromLangChainEmbeddings } from "./index.js";

it("runs the README snippet", async () => {
  const printed: string[] = [];
  const console = { log: (...parts: unknown[]) => printed.push(parts.join(" ")) };
  const yourEmbeddings = new LocalHashEmbeddings(256); // stands in for OpenAIEmbeddings, CohereEmbeddings…

  // --- README snippet (after the imports) ---
  // Any @langchain/core chat model: ChatOpenAI, ChatAnthropic, ChatOllama… (a fake one here, to run offline).
  const chatModel = new FakeListChatModel({ responses: ['{"headline":"Rust 2.0 ships","hashtags":["rust"]}'] });
  const writer = fromLangChainChatModel(chatModel);
  const { object } = await writer.generate({
    prompt: "Rust 2.0 was released today. Write a post.",
    schema: z.object({ headline: z.string().max(80), hashtags: z.array(z.string()).max(5) }),
  });
  console.log(object.headline, object.hashtags.map((tag) => `#${tag}`).join(" "));

  // Any LangChain Embeddings, with its vector length.
  const embedder = fromLangChainEmbeddings(yourEmbeddings, { dimensions: 256, batchSize: 32 });
  const vectors = await embedder.embed(["Rust 2.0 released", "Rust 2.0 is out"]);
  console.log(vectors.length, "vectors of", embedder.dimensions);
  // --- end of snippet ---

  expect(printed).toEqual(["Rust 2.0 ships #rust", "2 vectors of 256"]);
});
