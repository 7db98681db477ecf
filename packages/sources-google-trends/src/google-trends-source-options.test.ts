import { ConfigError } from "@undercurrent/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createGoogleTrendsSource } from "./google-trends-source.js";
import { type GoogleTrendsSourceOptions, resolveGoogleTrendsSettings } from "./google-trends-source-options.js";

function configError(create: () => unknown): ConfigError {
  try {
    create();
  } catch (error) {
    if (ConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("Google Trends options", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("has working defaults", () => {
    expect(resolveGoogleTrendsSettings({}, {})).toEqual({
      geo: "US",
      keywords: [],
      timeframe: "now 7-d",
      language: "en-US",
      timezoneOffsetMinutes: 0,
      category: 0,
      property: "",
      trendingSearches: true,
      interestOverTime: true,
      relatedQueries: true,
      baseURL: "https://trends.google.com",
      headers: {},
      pollIntervalMs: 1_800_000,
      coolDownMs: 900_000,
      maxCoolDownMs: 14_400_000,
    });
    const source = createGoogleTrendsSource();
    expect(source).toMatchObject({ specVersion: "v1", id: "google-trends", displayName: "Google Trends", pollIntervalMs: 1_800_000 });
  });

  it("resolves each setting from the option, then the environment, then the default", () => {
    const environment = {
      GOOGLE_TRENDS_GEO: "de",
      GOOGLE_TRENDS_KEYWORDS: "bitcoin, ethereum ,",
      GOOGLE_TRENDS_TIMEFRAME: "today 3-m",
      GOOGLE_TRENDS_LANGUAGE: "de-DE",
      GOOGLE_TRENDS_BASE_URL: "https://trends-proxy.example.com/google/",
    };
    expect(resolveGoogleTrendsSettings({}, environment)).toMatchObject({
      geo: "DE",
      keywords: ["bitcoin", "ethereum"],
      timeframe: "today 3-m",
      language: "de-DE",
      baseURL: "https://trends-proxy.example.com/google",
    });
    expect(resolveGoogleTrendsSettings({ geo: "FR", keywords: ["velo"] }, environment)).toMatchObject({ geo: "FR", keywords: ["velo"] });
  });

  it("reads the process environment when the source is created", () => {
    vi.stubEnv("GOOGLE_TRENDS_GEO", "JP");
    expect(resolveGoogleTrendsSettings({}).geo).toBe("JP");
    vi.stubEnv("GOOGLE_TRENDS_GEO", "XX");
    expect(configError(() => createGoogleTrendsSource()).message).toMatch(
      /^createGoogleTrendsSource: GOOGLE_TRENDS_GEO: expected an ISO 3166-1/,
    );
  });

  it.each<[string, GoogleTrendsSourceOptions, RegExp]>([
    ["an unknown region", { geo: "XX" }, /options\.geo: expected an ISO 3166-1 alpha-2 region code such as "US" or "DE", got "XX"/],
    ["a region that is not a country code", { geo: "United States" }, /options\.geo: /],
    ["an empty keyword", { keywords: ["bitcoin", " "] }, /options\.keywords\.1: expected a non-empty keyword/],
    ["a duplicate keyword", { keywords: ["Bitcoin", "bitcoin"] }, /options\.keywords\.1: duplicate keyword "bitcoin"/],
    ["too many keywords", { keywords: Array.from({ length: 51 }, (_, index) => `k${index}`) }, /options\.keywords: expected at most 50/],
    ["an unknown timeframe", { timeframe: "last week" }, /options\.timeframe: expected "now 1-H"/],
    ["a bad language", { language: "english" }, /options\.language: expected a language tag/],
    ["a time zone out of range", { timezoneOffsetMinutes: 2_000 }, /options\.timezoneOffsetMinutes: /],
    ["a negative category", { category: -1 }, /options\.category: /],
    ["an unknown property", { property: "maps" as "news" }, /options\.property: /],
    ["a malformed URL", { baseURL: "trends.google.com" }, /options\.baseURL: expected an absolute http\(s\) URL/],
    ["a non-http URL", { baseURL: "ftp://trends.google.com" }, /options\.baseURL: /],
    ["a negative cool-down", { coolDownMs: -5 }, /options\.coolDownMs: /],
    ["a zero poll interval", { pollIntervalMs: 0 }, /options\.pollIntervalMs: /],
    [
      "a maximum cool-down below the first",
      { coolDownMs: 60_000, maxCoolDownMs: 1_000 },
      /options\.maxCoolDownMs: expected at least coolDownMs/,
    ],
    ["nothing to pull", { trendingSearches: false }, /options\.keywords: nothing to pull/],
    [
      "keywords with both keyword pulls off",
      { trendingSearches: false, keywords: ["x"], interestOverTime: false, relatedQueries: false },
      /options\.keywords: nothing to pull/,
    ],
    ["an unknown option", { region: "US" } as GoogleTrendsSourceOptions, /options: unrecognized key/i],
  ])("rejects %s with a ConfigError naming the field", (_label, options, message) => {
    const error = configError(() => createGoogleTrendsSource(options));
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toMatch(/^createGoogleTrendsSource: /);
    expect(error.message).toMatch(message);
  });

  it("accepts lowercase regions and date ranges", () => {
    expect(resolveGoogleTrendsSettings({ geo: " gb ", timeframe: "2025-01-01 2025-06-01" }, {})).toMatchObject({
      geo: "GB",
      timeframe: "2025-01-01 2025-06-01",
    });
  });
});
