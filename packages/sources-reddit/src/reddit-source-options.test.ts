import { ConfigError } from "@undercurrent/core";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import { createRedditSource } from "./reddit-source.js";
import { type RedditSourceOptions, redditSourceOptionsSchema, resolveCredentials } from "./reddit-source-options.js";

const userAgent = "nodejs:com.example.trendsdk:v1.2.0 (by /u/example_dev)";

function configError(create: () => unknown): ConfigError {
  try {
    create();
  } catch (error) {
    if (ConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("createRedditSource options", () => {
  it("documents exactly the options the schema accepts", () => {
    expectTypeOf<RedditSourceOptions>().toExtend<z.input<typeof redditSourceOptionsSchema>>();
    expectTypeOf<z.input<typeof redditSourceOptionsSchema>>().toExtend<RedditSourceOptions>();
  });

  it("applies the defaults and is created without credentials", () => {
    const source = createRedditSource();
    expect(source).toMatchObject({ specVersion: "v1", id: "reddit", displayName: "Reddit", pollIntervalMs: 300_000 });
    expect(redditSourceOptionsSchema.parse({})).toMatchObject({
      subreddits: ["popular"],
      listings: ["hot", "rising"],
      topPeriod: "day",
      postsPerListing: 25,
      includeNsfw: false,
      baseURL: "https://oauth.reddit.com",
      tokenURL: "https://www.reddit.com/api/v1/access_token",
    });
  });

  it("accepts r/ prefixes and trailing slashes", () => {
    const settings = redditSourceOptionsSchema.parse({
      subreddits: ["r/rust", "/r/programming", "all"],
      baseURL: "http://localhost:8080/reddit/",
    });
    expect(settings.subreddits).toEqual(["rust", "programming", "all"]);
    expect(settings.baseURL).toBe("http://localhost:8080/reddit");
  });

  const invalid: [string, RedditSourceOptions | Record<string, unknown>, string][] = [
    ["a subreddit name that is too short", { subreddits: ["ab"] }, "options.subreddits.0"],
    ["a subreddit name with a dash", { subreddits: ["rust", "web-dev"] }, "options.subreddits.1"],
    ["a subreddit name that is too long", { subreddits: ["a".repeat(22)] }, "options.subreddits.0"],
    ["no subreddit", { subreddits: [] }, "options.subreddits"],
    ["the same subreddit twice", { subreddits: ["Rust", "rust"] }, "options.subreddits"],
    ["an unknown listing", { listings: ["best"] }, "options.listings.0"],
    ["an unknown top period", { topPeriod: "decade" }, "options.topPeriod"],
    ["a negative postsPerListing", { postsPerListing: -5 }, "options.postsPerListing"],
    ["a fractional postsPerListing", { postsPerListing: 2.5 }, "options.postsPerListing"],
    ["a malformed baseURL", { baseURL: "oauth.reddit.com" }, "options.baseURL"],
    ["a tokenURL that is not http(s)", { tokenURL: "ftp://www.reddit.com/api/v1/access_token" }, "options.tokenURL"],
    ["a generic User-Agent", { userAgent: "Mozilla/5.0" }, "options.userAgent"],
    ["an empty client id", { clientId: " " }, "options.clientId"],
    ["a poll interval under a second", { pollIntervalMs: 10 }, "options.pollIntervalMs"],
    ["a header value that is not a string", { headers: { "x-trace": 1 } }, "options.headers.x-trace"],
    ["an unknown option", { subreddit: "rust" }, "options"],
  ];
  for (const [label, options, path] of invalid) {
    it(`rejects ${label} with a ConfigError naming ${path}`, () => {
      const error = configError(() => createRedditSource(options as RedditSourceOptions));
      expect(error.code).toBe("CONFIG_INVALID");
      expect(error.message).toMatch(/^createRedditSource: /);
      expect(error.issues.map((issue) => issue.path)).toContain(path);
    });
  }
});

describe("resolveCredentials", () => {
  const settings = redditSourceOptionsSchema.parse({});

  it("prefers options over the environment", () => {
    const fromOptions = redditSourceOptionsSchema.parse({ clientId: "id-option", clientSecret: "secret-option", userAgent });
    const environment = { REDDIT_CLIENT_ID: "id-env", REDDIT_CLIENT_SECRET: "secret-env", REDDIT_USER_AGENT: userAgent };
    expect(resolveCredentials(fromOptions, environment)).toEqual({ clientId: "id-option", clientSecret: "secret-option", userAgent });
    expect(resolveCredentials(settings, environment)).toEqual({ clientId: "id-env", clientSecret: "secret-env", userAgent });
  });

  it("explains that Reddit requires OAuth and names the missing environment variables", () => {
    const error = configError(() => resolveCredentials(settings, { REDDIT_CLIENT_ID: "id-env", REDDIT_CLIENT_SECRET: " " }));
    expect(error.code).toBe("REDDIT_CREDENTIALS_MISSING");
    expect(error.message).toMatch(/requires OAuth/);
    expect(error.message).toMatch(/anonymous access/);
    expect(error.message).toContain("REDDIT_CLIENT_SECRET");
    expect(error.message).toContain("REDDIT_USER_AGENT");
    expect(error.message).not.toContain("REDDIT_CLIENT_ID");
    expect(error.issues.map((issue) => issue.path)).toEqual(["REDDIT_CLIENT_SECRET", "REDDIT_USER_AGENT"]);
    expect(error.isRetryable).toBe(false);
  });

  it("rejects a generic User-Agent from the environment", () => {
    const error = configError(() =>
      resolveCredentials(settings, { REDDIT_CLIENT_ID: "id", REDDIT_CLIENT_SECRET: "secret", REDDIT_USER_AGENT: "node-fetch/1.0" }),
    );
    expect(error.code).toBe("REDDIT_USER_AGENT_INVALID");
    expect(error.issues[0]?.path).toBe("REDDIT_USER_AGENT");
  });
});
