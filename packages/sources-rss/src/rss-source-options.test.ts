import { ConfigError } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { resolveRssSourceSettings } from "./rss-source-options.js";

const hn = { url: "https://hnrss.org/frontpage" };

function configError(options: unknown, environment: NodeJS.ProcessEnv = {}): ConfigError {
  try {
    resolveRssSourceSettings(options, environment);
  } catch (error) {
    if (ConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("resolveRssSourceSettings", () => {
  it("fills in defaults and infers each feed's kind from its host", () => {
    const settings = resolveRssSourceSettings(
      {
        feeds: [
          hn,
          { url: "https://www.reddit.com/r/programming/.rss" },
          { url: "https://www.youtube.com/feeds/videos.xml?channel_id=UCq3Vd4T2kMBf5p1dE8rNw7A" },
          { url: "https://engineering.example.com/feed/" },
          { url: "https://engineering.example.com/podcast.xml", kind: "post" },
        ],
      },
      {},
    );
    expect(settings).toMatchObject({
      id: "rss",
      displayName: "RSS and Atom feeds",
      maxItemsPerFeed: 100,
      headers: {},
      pollIntervalMs: 900_000,
    });
    expect(settings.feeds.map((feed) => feed.kind)).toEqual(["story", "post", "video", "article", "post"]);
  });

  it("names a single named feed as the source and keeps a custom id", () => {
    const settings = resolveRssSourceSettings({ id: "rss-hn", feeds: [{ ...hn, name: "HN front page" }] }, {});
    expect(settings).toMatchObject({ id: "rss-hn", displayName: "HN front page" });
  });

  it("resolves relative feed URLs against baseURL, from the option or the environment", () => {
    expect(resolveRssSourceSettings({ baseURL: "http://localhost:8080/proxy/", feeds: [{ url: "hn/frontpage" }] }, {}).feeds[0]?.url).toBe(
      "http://localhost:8080/proxy/hn/frontpage",
    );
    const fromEnvironment = resolveRssSourceSettings(
      { feeds: [{ url: "/frontpage" }] },
      { UNDERCURRENT_RSS_BASE_URL: "https://hnrss.org" },
    );
    expect(fromEnvironment.feeds[0]?.url).toBe("https://hnrss.org/frontpage");
  });

  it("reads the feeds from UNDERCURRENT_RSS_FEEDS when the option is missing, and prefers the option", () => {
    const environment = {
      UNDERCURRENT_RSS_FEEDS: "https://hnrss.org/frontpage, https://www.reddit.com/r/rust/.rss\nhttps://engineering.example.com/feed/",
    };
    expect(resolveRssSourceSettings({}, environment).feeds.map((feed) => feed.url)).toEqual([
      "https://hnrss.org/frontpage",
      "https://www.reddit.com/r/rust/.rss",
      "https://engineering.example.com/feed/",
    ]);
    expect(resolveRssSourceSettings({ feeds: [{ url: "https://a.example/rss" }] }, environment).feeds).toHaveLength(1);
  });

  it.each([
    ["an invalid id", { id: "RSS Feeds", feeds: [hn] }, "options.id", /lowercase letters, digits and dashes/],
    ["no feeds", { feeds: [] }, "options.feeds", /at least one feed/],
    ["a malformed feed URL", { feeds: [{ url: "hnrss org/frontpage" }] }, "options.feeds.0.url", /absolute http\(s\) URL/],
    ["a feed URL that is not http(s)", { feeds: [hn, { url: "ftp://files.example.com/feed.xml" }] }, "options.feeds.1.url", /http\(s\)/],
    ["a duplicate feed", { feeds: [hn, { url: "https://hnrss.org/frontpage" }] }, "options.feeds.1.url", /duplicate feed/],
    ["an unknown kind", { feeds: [{ ...hn, kind: "podcast" }] }, "options.feeds.0.kind", /expected one of/],
    ["an empty feed name", { feeds: [{ ...hn, name: " " }] }, "options.feeds.0.name", /non-empty/],
    ["a negative maxItemsPerFeed", { feeds: [hn], maxItemsPerFeed: -1 }, "options.maxItemsPerFeed", /expected number to be >0/],
    ["a malformed baseURL", { feeds: [hn], baseURL: "localhost:8080" }, "options.baseURL", /absolute http\(s\) URL/],
    ["a header that is not a string", { feeds: [hn], headers: { "user-agent": 5 } }, "options.headers.user-agent", /expected string/],
    ["an unknown option", { feeds: [hn], region: "us" }, "options", /unrecognized key/i],
  ])("rejects %s with a ConfigError naming the field", (_label, options, path, message) => {
    const error = configError(options);
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.issues.map((issue) => issue.path)).toContain(path);
    expect(error.message).toContain(`createRssSource: ${path}`);
    expect(error.message).toMatch(message);
  });

  it("asks for feeds, or the environment variable, when neither is given", () => {
    expect(configError({}).message).toMatch(/options\.feeds: expected an array of feeds .* \(or set UNDERCURRENT_RSS_FEEDS\)/);
  });

  it("says a bad feed came from the environment", () => {
    expect(configError({}, { UNDERCURRENT_RSS_FEEDS: "not-a-url" }).message).toContain(
      "createRssSource (feeds from UNDERCURRENT_RSS_FEEDS): options.feeds.0.url",
    );
  });

  it("rejects options that are not an object", () => {
    expect(configError(null).issues).toEqual([{ path: "options", message: "expected an object" }]);
  });
});
