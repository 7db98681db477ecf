import { ConfigError } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { defaultConfig, type UndercurrentConfig } from "./config/config-schema.js";
import { createConfiguredSources } from "./sources.js";

const withSources = (sources: UndercurrentConfig["sources"]): UndercurrentConfig => ({ ...defaultConfig, sources });
const ids = (result: ReturnType<typeof createConfiguredSources>) => result.sources.map((source) => source.id);

describe("createConfiguredSources", () => {
  it("runs the four key-less sources by default and says why Reddit and RSS are left out", () => {
    const result = createConfiguredSources(defaultConfig, {});
    expect(ids(result)).toEqual(["hackernews", "github", "google-trends", "mastodon"]);
    expect(result.skipped.map((source) => source.id)).toEqual(["reddit", "rss"]);
    expect(result.skipped[0]?.reason).toContain("REDDIT_CLIENT_ID, REDDIT_CLIENT_SECRET, REDDIT_USER_AGENT");
  });

  it("adds Reddit once its credentials are set, in the config or the environment, and RSS once it has feeds", () => {
    const env = { REDDIT_CLIENT_ID: "id", REDDIT_CLIENT_SECRET: "secret" };
    const config = withSources({
      reddit: { userAgent: "nodejs:com.example.trends:v1.0.0 (by /u/someone)", subreddits: ["programming"] },
      rss: { feeds: [{ url: "https://hnrss.org/frontpage" }] },
    });
    expect(ids(createConfiguredSources(config, env))).toEqual(["hackernews", "reddit", "github", "google-trends", "rss", "mastodon"]);
    expect(ids(createConfiguredSources(defaultConfig, { UNDERCURRENT_RSS_FEEDS: "https://hnrss.org/newest" }))).toContain("rss");
    // One credential short: still left out, naming what is missing.
    const partial = createConfiguredSources(defaultConfig, env);
    expect(ids(partial)).not.toContain("reddit");
    expect(partial.skipped[0]?.reason).toMatch(/^needs OAuth credentials: set REDDIT_USER_AGENT \(or sources\.reddit\.userAgent\)/);
  });

  it("passes each source its options, leaves out disabled ones and names the config key of a bad option", () => {
    const mastodon = createConfiguredSources(withSources({ mastodon: { id: "fosstodon", instance: "fosstodon.org" } }), {});
    expect(ids(mastodon)).toContain("fosstodon");
    const disabled = createConfiguredSources(withSources({ github: { enabled: false }, hackernews: { enabled: true } }), {});
    expect(ids(disabled)).toEqual(["hackernews", "google-trends", "mastodon"]);

    expect(() => createConfiguredSources(withSources({ github: { enabled: "no" } }), {})).toThrow(
      "sources.github: enabled: expected true or false",
    );
    const error = (() => {
      try {
        createConfiguredSources(withSources({ "google-trends": { geo: "Atlantis" } }), {});
      } catch (caught) {
        return caught;
      }
    })();
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/^sources\.google-trends: geo: expected an ISO 3166-1 alpha-2 region code/);
  });
});
