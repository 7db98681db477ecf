import { ConfigError } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { createHackerNewsSource } from "./hacker-news-source.js";
import { resolveHackerNewsSettings } from "./hacker-news-source-options.js";

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (ConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new TypeError("expected a ConfigError");
}

describe("options", () => {
  it("defaults to every new story from the public APIs", () => {
    expect(resolveHackerNewsSettings({}, {})).toEqual({
      baseURL: "https://hn.algolia.com/api/v1",
      firebaseBaseURL: "https://hacker-news.firebaseio.com/v0",
      headers: {},
      tags: ["story"],
      minPoints: 0,
      hitsPerPage: 100,
      frontPage: false,
      frontPageList: "top",
      frontPageSize: 30,
      watchHours: 24,
      maxWatched: 200,
      pollIntervalMs: 300_000,
    });
  });

  it("resolves base URLs from the option, then the environment, then the default", () => {
    const environment = {
      HACKERNEWS_BASE_URL: "https://proxy.example.com/algolia/",
      HACKERNEWS_FIREBASE_BASE_URL: "http://localhost:8080/v0",
    };
    expect(resolveHackerNewsSettings({}, environment)).toMatchObject({
      baseURL: "https://proxy.example.com/algolia",
      firebaseBaseURL: "http://localhost:8080/v0",
    });
    expect(resolveHackerNewsSettings({ baseURL: "https://other.example.com/v1" }, environment).baseURL).toBe(
      "https://other.example.com/v1",
    );
  });

  it("names the environment variable when it holds no URL", () => {
    const error = configError(() => resolveHackerNewsSettings({}, { HACKERNEWS_BASE_URL: "hn.algolia.com" }));
    expect(error.message).toBe('createHackerNewsSource: HACKERNEWS_BASE_URL: expected an absolute http(s) URL, got "hn.algolia.com"');
  });

  it.each([
    [{ baseURL: "not a url" }, /options\.baseURL: expected an absolute http\(s\) URL/],
    [{ firebaseBaseURL: "ftp://hacker-news.firebaseio.com/v0" }, /options\.firebaseBaseURL: expected an absolute http\(s\) URL/],
    [{ tags: ["story", "jobs"] }, /options\.tags\.1: expected one of story, show_hn, ask_hn, front_page/],
    [{ tags: [] }, /options\.tags: expected at least one tag/],
    [{ tags: ["story", "story"] }, /options\.tags: expected each tag at most once/],
    [{ minPoints: -1 }, /options\.minPoints: /],
    [{ hitsPerPage: 1_001 }, /options\.hitsPerPage: expected at most 1000, the most Algolia serves per page/],
    [{ hitsPerPage: 0 }, /options\.hitsPerPage: /],
    [{ frontPageList: "ask" }, /options\.frontPageList: expected top, best or new/],
    [{ frontPageSize: 501 }, /options\.frontPageSize: the Firebase lists hold at most 500 ids/],
    [{ watchHours: -2 }, /options\.watchHours: /],
    [{ maxWatched: 1.5 }, /options\.maxWatched: /],
    [{ query: "   " }, /options\.query: expected a non-empty search query/],
    [{ pollIntervalMs: 1_000 }, /options\.pollIntervalMs: expected at least 10000 ms/],
    [{ apiKey: "not-needed" }, /options: unrecognized key: "apiKey"/i],
  ])("rejects %j with a ConfigError naming the field", (options, message) => {
    const error = configError(() => createHackerNewsSource(options as never));
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toMatch(/^createHackerNewsSource: /);
    expect(error.message).toMatch(message);
  });

  it("reads nothing from the network or the environment until it pulls", () => {
    const source = createHackerNewsSource({ tags: ["show_hn", "ask_hn"], minPoints: 50, pollIntervalMs: 60_000 });
    expect(source).toMatchObject({ specVersion: "v1", id: "hackernews", displayName: "Hacker News", pollIntervalMs: 60_000 });
  });
});
