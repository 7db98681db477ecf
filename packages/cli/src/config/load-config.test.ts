import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "@undercurrent/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultConfig } from "./config-schema.js";
import { findConfigFile, loadConfig } from "./load-config.js";
import { REDACTED, redactSecrets } from "./redact.js";

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), "undercurrent-config-"));
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function writeConfig(content: unknown, name = "undercurrent.config.json"): void {
  writeFileSync(join(cwd, name), typeof content === "string" ? content : JSON.stringify(content));
}

function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (ConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("returns the defaults when there is no file, variable or flag", () => {
    const loaded = loadConfig({ cwd, env: {} });
    expect(loaded.config).toEqual(defaultConfig);
    expect(loaded.file).toBeUndefined();
    expect(loaded.origins["store.path"]).toEqual({ source: "default" });
  });

  it("applies default < file < env < flag, recording each value's origin", () => {
    writeConfig({ store: { path: "file.db" }, lookbackHours: 12, pollIntervalMinutes: 5 });
    const loaded = loadConfig({
      cwd,
      env: { UNDERCURRENT_STORE_PATH: "env.db", UNDERCURRENT_LOOKBACK_HOURS: "48" },
      flags: { "--store": { store: { path: "flag.db" } }, "--unused": { lookbackHours: undefined } },
    });
    expect(loaded.config).toMatchObject({
      store: { path: "flag.db" },
      lookbackHours: 48,
      pollIntervalMinutes: 5,
      output: { color: "auto" },
    });
    expect(loaded.origins).toMatchObject({
      "store.path": { source: "flag", name: "--store" },
      lookbackHours: { source: "env", name: "UNDERCURRENT_LOOKBACK_HOURS" },
      pollIntervalMinutes: { source: "file", name: "undercurrent.config.json" },
      "output.color": { source: "default" },
    });
  });

  it("turns colour off with NO_COLOR, and ignores empty variables", () => {
    const loaded = loadConfig({ cwd, env: { NO_COLOR: "1", UNDERCURRENT_STORE_PATH: "" } });
    expect(loaded.config.output.color).toBe(false);
    expect(loaded.config.store.path).toBe(defaultConfig.store.path);
  });

  it("keeps per-source options as given, for the source plugins to validate", () => {
    writeConfig({ sources: { reddit: { subreddits: ["programming"], limit: 50 } } });
    const loaded = loadConfig({ cwd, env: {} });
    expect(loaded.config.sources).toEqual({ reddit: { subreddits: ["programming"], limit: 50 } });
    expect(loaded.origins["sources.reddit.subreddits"]).toEqual({ source: "file", name: "undercurrent.config.json" });
  });

  it("names the field and the file when a value has the wrong type", () => {
    writeConfig({ lookbackHours: "12" });
    const error = configErrorOf(() => loadConfig({ cwd, env: {} }));
    expect(error.message).toBe("undercurrent.config.json: lookbackHours: expected number, received string");
    expect(error.code).toBe("CONFIG_INVALID");
  });

  it("names an unknown key", () => {
    writeConfig({ store: { path: "a.db", size: 3 } });
    expect(configErrorOf(() => loadConfig({ cwd, env: {} })).message).toBe('undercurrent.config.json: store: unrecognized key: "size"');
  });

  it("reports malformed JSON with the parse error and the file", () => {
    writeConfig('{ "lookbackHours": 12, }');
    const error = configErrorOf(() => loadConfig({ cwd, env: {} }));
    expect(error.message).toMatch(/^undercurrent\.config\.json: invalid JSON: .+/);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it("names the environment variable that holds a bad value", () => {
    const error = configErrorOf(() => loadConfig({ cwd, env: { UNDERCURRENT_POLL_INTERVAL_MINUTES: "soon" } }));
    expect(error.message).toBe("UNDERCURRENT_POLL_INTERVAL_MINUTES: pollIntervalMinutes: expected number, received string");
  });

  it("names the flag that holds a bad value", () => {
    const error = configErrorOf(() => loadConfig({ cwd, env: {}, flags: { "--lookback": { lookbackHours: -1 } } }));
    expect(error.message).toBe("--lookback: lookbackHours: too small: expected number to be >0");
  });
});

describe("findConfigFile", () => {
  it("prefers --config, then UNDERCURRENT_CONFIG, then the file in the current directory", () => {
    mkdirSync(join(cwd, "conf"));
    writeConfig({}, "conf/flag.json");
    writeConfig({}, "conf/env.json");
    writeConfig({});
    const env = { UNDERCURRENT_CONFIG: "conf/env.json" };
    expect(findConfigFile({ cwd, env, configPath: "conf/flag.json" })).toEqual({
      path: join(cwd, "conf/flag.json"),
      displayPath: join("conf", "flag.json"),
      source: "flag",
    });
    expect(findConfigFile({ cwd, env })?.source).toBe("env");
    expect(findConfigFile({ cwd, env: {} })).toEqual({
      path: join(cwd, "undercurrent.config.json"),
      displayPath: "undercurrent.config.json",
      source: "cwd",
    });
  });

  it("fails when the file named by --config or UNDERCURRENT_CONFIG is missing", () => {
    expect(configErrorOf(() => findConfigFile({ cwd, env: {}, configPath: "missing.json" })).message).toBe(
      "missing.json: file not found (named by --config)",
    );
    expect(configErrorOf(() => findConfigFile({ cwd, env: { UNDERCURRENT_CONFIG: "gone.json" } })).message).toBe(
      "gone.json: file not found (named by UNDERCURRENT_CONFIG)",
    );
  });
});

describe("redactSecrets", () => {
  it("redacts every key that names a key, token, secret or password, at any depth", () => {
    const redacted = redactSecrets({
      sources: {
        github: { token: "ghp_1", repos: ["a"] },
        openai: { apiKey: "sk-1", maxTokens: 500, nested: [{ clientSecret: "s", api_key: "k", accessToken: "t" }] },
        trends: { keywords: ["rust"], key: "k2" },
      },
      password: { value: "p" },
      path: "x",
    });
    expect(redacted).toEqual({
      sources: {
        github: { token: REDACTED, repos: ["a"] },
        openai: { apiKey: REDACTED, maxTokens: 500, nested: [{ clientSecret: REDACTED, api_key: REDACTED, accessToken: REDACTED }] },
        trends: { keywords: ["rust"], key: REDACTED },
      },
      password: REDACTED,
      path: "x",
    });
  });
});
