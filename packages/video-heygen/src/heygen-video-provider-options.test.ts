import { ConfigError } from "@undercurrent/core";
import { afterEach, describe, expect, it } from "vitest";
import { createHeyGenVideoProvider } from "./heygen-video-provider.js";
import { createHeyGenMockServer, type HeyGenMockServer } from "./mock/heygen-mock-server.js";

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (ConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new TypeError("expected a ConfigError");
}

const saved = { key: process.env.HEYGEN_API_KEY, url: process.env.HEYGEN_BASE_URL };
let mock: HeyGenMockServer | undefined;
afterEach(async () => {
  for (const [name, value] of [
    ["HEYGEN_API_KEY", saved.key],
    ["HEYGEN_BASE_URL", saved.url],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await mock?.close();
  mock = undefined;
});

describe("options", () => {
  it.each([
    [{ baseURL: "api.heygen.com" }, /options\.baseURL: expected an absolute http\(s\) URL/],
    [{ apiKey: "  " }, /options\.apiKey: expected a non-empty API key/],
    [{ retries: 11 }, /options\.retries/],
    [{ timeoutMs: 0 }, /options\.timeoutMs/],
    [{ maxConcurrentRenders: 0 }, /options\.maxConcurrentRenders/],
    [{ webhookToleranceSeconds: -1 }, /options\.webhookToleranceSeconds/],
    [{ webhookHeaders: { signature: "bad header" } }, /options\.webhookHeaders\.signature: expected an HTTP header name/],
    [{ webhookSignedPayload: "header" }, /options\.webhookSignedPayload: expected body or timestamp\.body/],
    [{ webhookSecret: [] }, /options\.webhookSecret/],
    [{ pricing: { perSecond: { photo_avatar: { standard: -1, "4k": 0 } } } }, /options\.pricing\.perSecond\.photo_avatar\.standard/],
    [{ fetch: "not a function" }, /options\.fetch: expected a fetch function/],
    [{ clock: {} }, /options\.clock: expected a Clock/],
    [{ apiKeyy: "typo" }, /options: unrecognized key: "apiKeyy"/i],
  ])("rejects %j with a ConfigError naming the field", (options, message) => {
    const error = configError(() => createHeyGenVideoProvider(options as never));
    expect(error.message).toMatch(/^createHeyGenVideoProvider: /);
    expect(error.message).toMatch(message);
  });

  it("reads nothing at creation and HEYGEN_API_KEY and HEYGEN_BASE_URL when a request is made", async () => {
    delete process.env.HEYGEN_API_KEY;
    mock = await createHeyGenMockServer({ apiKey: "env-key-13579" });
    const provider = createHeyGenVideoProvider();
    expect(provider).toMatchObject({ specVersion: "v1", id: "heygen", maxConcurrentRenders: 10 });
    const missing = await provider.getBalance().catch((error: unknown) => error);
    expect(ConfigError.isInstance(missing)).toBe(true);
    expect((missing as Error).message).toBe("HeyGen: options.apiKey: missing: pass apiKey or set HEYGEN_API_KEY");
    process.env.HEYGEN_API_KEY = "env-key-13579";
    process.env.HEYGEN_BASE_URL = `${mock.url}/`;
    await expect(provider.getBalance()).resolves.toMatchObject({ billingType: "wallet" });
    process.env.HEYGEN_BASE_URL = "nonsense";
    const badUrl = await provider.getBalance().catch((error: unknown) => error);
    expect((badUrl as Error).message).toContain("HEYGEN_BASE_URL: expected an absolute http(s) URL");
  });
});
