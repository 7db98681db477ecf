import { ConfigError } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { createMastodonSource } from "./mastodon-source.js";
import { type MastodonSourceOptions, mastodonSourceOptionsSchema } from "./mastodon-source-options.js";

function configErrorOf(options: unknown): ConfigError {
  try {
    createMastodonSource(options as MastodonSourceOptions);
  } catch (error) {
    if (ConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("mastodonSourceOptionsSchema", () => {
  it("fills in the defaults", () => {
    expect(mastodonSourceOptionsSchema.parse({})).toEqual({
      id: "mastodon",
      headers: {},
      include: ["tags", "links", "statuses"],
      limit: { tags: 20, links: 20, statuses: 40 },
      maxPages: 3,
      pollIntervalMs: 600_000,
    });
  });

  it.each([
    ["mastodon.social", "https://mastodon.social"],
    ["  Mastodon.Social ", "https://mastodon.social"],
    ["https://fosstodon.org/", "https://fosstodon.org"],
    ["https://social.example.co.uk:8443", "https://social.example.co.uk:8443"],
    ["münchen.social", "https://xn--mnchen-3ya.social"],
  ])("normalizes the instance %j to %j", (instance, origin) => {
    expect(mastodonSourceOptionsSchema.parse({ instance }).instance).toBe(origin);
  });

  it("keeps given page sizes and fills the others", () => {
    expect(mastodonSourceOptionsSchema.parse({ limit: { statuses: 10 } }).limit).toEqual({ tags: 20, links: 20, statuses: 10 });
  });
});

describe("createMastodonSource option errors name the field", () => {
  it.each([
    [{ instance: "" }, /options\.instance: expected a hostname like mastodon\.social/],
    [{ instance: "localhost" }, /options\.instance: expected a hostname.*got "localhost"/],
    [{ instance: "mastodon social" }, /options\.instance: expected a hostname/],
    [{ instance: "http://mastodon.social" }, /options\.instance: the instance must be served over https/],
    [{ instance: "https://mastodon.social/@Gargron" }, /options\.instance: expected the instance root, without a path/],
    [{ instance: "https://mastodon.social/?lang=de" }, /options\.instance: expected the instance root/],
    [{ instance: "https://user:pass@mastodon.social" }, /options\.instance: credentials do not belong in the instance/],
    [{ instance: 42 }, /options\.instance: expected a hostname/],
    [{ id: "Mastodon Social" }, /options\.id: expected lowercase letters, digits and dashes/],
    [{ baseURL: "not a url" }, /options\.baseURL: expected an absolute http\(s\) URL/],
    [{ baseURL: "ftp://mastodon.social" }, /options\.baseURL: expected an absolute http\(s\) URL/],
    [{ headers: { "accept-language": 1 } }, /options\.headers\.accept-language: expected string/],
    [{ accessToken: " " }, /options\.accessToken: expected a non-empty token/],
    [{ include: [] }, /options\.include: expected at least one of tags, links, statuses/],
    [{ include: ["tags", "accounts"] }, /options\.include\.1: invalid option: expected one of "tags"\|"links"\|"statuses"/],
    [{ include: ["tags", "tags"] }, /options\.include: expected each kind at most once/],
    [{ limit: { tags: -1 } }, /options\.limit\.tags: too small/],
    [{ limit: { tags: 21 } }, /options\.limit\.tags: the tags endpoint serves at most 20 per page/],
    [{ limit: { statuses: 41 } }, /options\.limit\.statuses: the statuses endpoint serves at most 40 per page/],
    [{ limit: { links: 2.5 } }, /options\.limit\.links: expected int/],
    [{ limit: { accounts: 5 } }, /options\.limit: unrecognized key: "accounts"/],
    [{ maxPages: 0 }, /options\.maxPages: too small/],
    [{ pollIntervalMs: 1_000 }, /options\.pollIntervalMs: expected at least 60000 ms/],
    [{ instanceUrl: "mastodon.social" }, /options: unrecognized key: "instanceUrl"/],
  ])("%j", (options, message) => {
    const error = configErrorOf(options);
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toMatch(/^createMastodonSource: /);
    expect(error.message).toMatch(message);
  });
});
