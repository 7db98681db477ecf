import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createTestServer } from "@undercurrent/core/testing";
import { afterEach, expect, it, vi } from "vitest";
import repository from "./__fixtures__/repository.json" with { type: "json" };
import searchRepositories from "./__fixtures__/search-repositories.json" with { type: "json" };
import stargazers from "./__fixtures__/stargazers-page-1.json" with { type: "json" };

const here = path.dirname(fileURLToPath(import.meta.url));
const server = createTestServer({
  "GET https://api.github.com/search/repositories": { json: searchRepositories },
  "GET https://api.github.com/repos/octo-labs/fastcache": { json: repository },
  "GET https://api.github.com/repos/octo-labs/fastcache/stargazers": { json: stargazers },
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

it("runs the README snippet against a mocked GitHub", async () => {
  vi.stubEnv("GITHUB_API_URL", "");
  vi.stubEnv("GITHUB_TOKEN", "");
  const readme = readFileSync(path.join(here, "../README.md"), "utf8");
  const snippet = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(snippet).toContain("createGitHubSource");
  const file = path.join(tmpdir(), `undercurrent-github-readme-${process.pid}.ts`);
  writeFileSync(file, snippet!.replace('"@undercurrent/sources-github"', JSON.stringify(path.join(here, "index.ts"))));
  const printed: unknown[][] = [];
  vi.spyOn(console, "log").mockImplementation((...values: unknown[]) => {
    printed.push(values);
  });
  try {
    await import(file);
  } finally {
    rmSync(file, { force: true });
  }
  expect(printed[0]).toEqual(["2413 stars  octo-labs/fastcache  Lock-free in-process cache for Rust services"]);
  expect(printed.flat()).toContainEqual(expect.objectContaining({ sourceId: "github", status: "ok", newItems: 4 }));
  expect(printed.at(-1)).toEqual(["github:octo-labs/fastcache", expect.objectContaining({ value: 4 })]);
  expect(server.calls.filter((call) => call.url.includes("/search/repositories"))).toHaveLength(2);
});
