import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createTestServer } from "@undercurrent/core/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import links from "./__fixtures__/trends-links.json" with { type: "json" };
import statuses from "./__fixtures__/trends-statuses.json" with { type: "json" };
import tags from "./__fixtures__/trends-tags.json" with { type: "json" };

const base = "https://mastodon.social/api/v1/trends";
createTestServer({
  [`GET ${base}/tags`]: { json: tags },
  [`GET ${base}/links`]: { json: links },
  [`GET ${base}/statuses`]: { json: statuses },
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The first `ts` code block of the README, importing this package from its sources. */
function readmeSnippet(): string {
  const readme = readFileSync(fileURLToPath(new URL("../README.md", import.meta.url)), "utf8");
  const snippet = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!snippet) throw new Error("README.md has no ts code block");
  return snippet.replace('"@undercurrent/sources-mastodon"', JSON.stringify(fileURLToPath(new URL("./index.ts", import.meta.url))));
}

describe("README", () => {
  it("runs the usage snippet: a pipeline printing the new items of a (mocked) mastodon.social", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...values: unknown[]) => void lines.push(values.map(String).join(" ")));
    const directory = mkdtempSync(path.join(tmpdir(), "undercurrent-mastodon-readme-"));
    try {
      const file = path.join(directory, "snippet.ts");
      writeFileSync(file, readmeSnippet());
      await import(/* @vite-ignore */ file);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
    // The fixture statuses date from 2025, outside the pipeline's 24-hour look-back window.
    expect(lines).toEqual([
      "tag: #caturday",
      "tag: #WWDC25",
      "tag: #FediMusic",
      "link: Apple WWDC 2025: what to expect from iOS 26 and macOS",
      "link: Trunk & Tidbits, May 2025",
      "mastodon: ok, 5 new",
    ]);
  });
});
