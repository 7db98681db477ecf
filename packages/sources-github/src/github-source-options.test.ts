import { ConfigError } from "@undercurrent/core";
import { afterEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import type { z } from "zod";
import { createGitHubSource } from "./github-source.js";
import { type GitHubSourceOptions, type gitHubSourceOptionsSchema, resolveGitHubSettings, searchKey } from "./github-source-options.js";

afterEach(() => {
  vi.unstubAllEnvs();
});

function configError(options: unknown): ConfigError {
  try {
    createGitHubSource(options as GitHubSourceOptions);
  } catch (error) {
    if (ConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("options", () => {
  it("declares the source with defaults", () => {
    vi.stubEnv("GITHUB_API_URL", "");
    const source = createGitHubSource();
    expect(source).toMatchObject({ specVersion: "v1", id: "github", displayName: "GitHub", pollIntervalMs: 900_000 });
    const settings = resolveGitHubSettings({});
    expect(settings).toMatchObject({
      baseURL: "https://api.github.com",
      headers: {},
      searches: [{ window: "created", minStars: 50 }],
      watchedRepositories: [],
      perPage: 100,
      maxStargazerPages: 10,
      refreshIntervalMs: 600_000,
    });
    expect(settings.token).toBeUndefined();
  });

  it.each([
    [{ baseURL: "not a url" }, "options.baseURL"],
    [{ baseURL: "ftp://api.github.com" }, "options.baseURL"],
    [{ token: "  " }, "options.token"],
    [{ headers: { "x-proxy-key": 42 } }, "options.headers.x-proxy-key"],
    [{ perPage: 0 }, "options.perPage"],
    [{ perPage: 101 }, "options.perPage"],
    [{ maxStargazerPages: -1 }, "options.maxStargazerPages"],
    [{ refreshIntervalMs: -5 }, "options.refreshIntervalMs"],
    [{ pollIntervalMs: 0 }, "options.pollIntervalMs"],
    [{ searches: [{ minStars: -1 }] }, "options.searches.0.minStars"],
    [{ searches: [{ window: "updated" }] }, "options.searches.0.window"],
    [{ searches: [{ topic: "Machine Learning" }] }, "options.searches.0.topic"],
    [{ searches: [{ language: "rust; drop" }] }, "options.searches.0.language"],
    [{ searches: [{ language: "rust" }, { language: "rust", minStars: 50 }] }, "options.searches.1"],
    [{ searches: [{ stars: 5 }] }, "options.searches.0"],
    [{ watchedRepositories: ["fastcache"] }, "options.watchedRepositories.0"],
    [{ watchedRepositories: ["https://github.com/octo-labs/fastcache"] }, "options.watchedRepositories.0"],
    [{ watchedRepositories: ["octo-labs/.."] }, "options.watchedRepositories.0"],
    [{ watchedRepositories: ["octo-labs/fastcache", "Octo-Labs/FastCache"] }, "options.watchedRepositories.1"],
    [{ searches: [], watchedRepositories: [] }, "options.searches"],
    [{ apiKey: "x" }, "options"],
  ])("rejects %j naming %s", (options, path) => {
    const error = configError(options);
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toMatch(/^createGitHubSource: /);
    expect(error.issues.map((issue) => issue.path)).toContain(path);
  });

  it("takes baseURL from the option, then GITHUB_API_URL, then the default, and rejects a bad GITHUB_API_URL by name", () => {
    vi.stubEnv("GITHUB_API_URL", "https://github.example.com/api/v3/");
    expect(resolveGitHubSettings({}).baseURL).toBe("https://github.example.com/api/v3");
    expect(resolveGitHubSettings({ baseURL: "http://localhost:8080" }).baseURL).toBe("http://localhost:8080");
    vi.stubEnv("GITHUB_API_URL", "github.example.com");
    const error = configError({});
    expect(error.issues).toEqual([{ path: "GITHUB_API_URL", message: 'expected an http(s) URL, got "github.example.com"' }]);
  });

  it("reads no token at creation", () => {
    vi.stubEnv("GITHUB_TOKEN", "ghp_AtCreation000000000000000000000000000");
    expect(JSON.stringify(resolveGitHubSettings({}))).not.toContain("ghp_");
  });

  it("keys a search by its window and qualifiers", () => {
    expect(searchKey({ window: "pushed", minStars: 5, language: "Jupyter Notebook", topic: "llm" })).toBe(
      'pushed stars:>=5 language:"Jupyter Notebook" topic:llm',
    );
  });

  it("documents every option the schema accepts", () => {
    expectTypeOf<GitHubSourceOptions>().toExtend<z.input<typeof gitHubSourceOptionsSchema>>();
    expectTypeOf<z.input<typeof gitHubSourceOptionsSchema>>().toExtend<GitHubSourceOptions>();
  });
});
