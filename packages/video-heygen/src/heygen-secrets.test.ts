import type { Logger } from "@undercurrent/core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createHeyGenVideoProvider } from "./heygen-video-provider.js";
import { createHeyGenMockServer, type HeyGenMockServer } from "./mock/heygen-mock-server.js";

const apiKey = "sk-live-heygen-SECRET-9f8e7d6c5b4a";
let mock: HeyGenMockServer;
beforeAll(async () => {
  mock = await createHeyGenMockServer({ apiKey, concurrency: 1, renderTiming: { pendingMs: 60_000, processingMs: 60_000 } });
});
afterAll(() => mock.close());

/** Everything an error carries, its causes included, as text. */
function everything(error: unknown, depth = 0): string {
  if (depth > 5 || error === undefined || error === null) return "";
  if (typeof error !== "object") return String(error);
  const record = error as Record<string, unknown> & { message?: string; stack?: string; cause?: unknown };
  const own = JSON.stringify({ ...record, message: record.message, stack: record.stack });
  return own + everything(record.cause, depth + 1);
}

it("never puts the API key in errors, causes or log lines", async () => {
  const lines: string[] = [];
  const record = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    lines.push(`${level} ${message} ${JSON.stringify(fields)}`);
  const logger: Logger = { debug: record("debug"), info: record("info"), warn: record("warn"), error: record("error") };
  const provider = createHeyGenVideoProvider({ apiKey, baseURL: mock.url, logger, minBackoffMs: 1, retries: 2, maxRetryAfterMs: 50 });
  const request = { avatarId: "8f3c1e2a9b7d4c6e8a1f0b2c3d4e5f60", script: "One.", aspectRatio: "9:16" as const };
  const errors: unknown[] = [];
  const collect = (promise: Promise<unknown>) => promise.catch((error: unknown) => errors.push(error));

  await provider.start(request, { idempotencyKey: "secret-1" });
  await collect(provider.start({ ...request, script: "Two." }, { idempotencyKey: "secret-2" })); // 429: concurrency
  mock.setFaults({ serverErrorRate: 1 });
  await collect(provider.listAvatars({ refresh: true })); // 5xx, retried and logged
  mock.setFaults({});
  await collect(provider.status("missing-video")); // 404
  await collect(provider.start({ ...request, avatarId: "nope" }, { idempotencyKey: "secret-3" }));
  await collect(createHeyGenVideoProvider({ apiKey: `${apiKey}-wrong`, baseURL: mock.url }).getBalance()); // 401
  await collect(provider.verifyWebhook({ rawBody: "{}", headers: {} }));

  expect(errors).toHaveLength(6);
  expect(lines.length).toBeGreaterThan(0);
  for (const error of errors) expect(everything(error)).not.toContain(apiKey);
  for (const line of lines) expect(line).not.toContain(apiKey);
  // The mock records requests but never the key.
  expect(JSON.stringify(mock.requests)).not.toContain(apiKey);
});
