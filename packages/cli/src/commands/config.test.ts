import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFakeIo } from "../fake-io.js";
import { runCli } from "../run-cli.js";

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), "undercurrent-cli-"));
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function writeConfig(content: unknown, name = "undercurrent.config.json"): void {
  writeFileSync(join(cwd, name), typeof content === "string" ? content : JSON.stringify(content));
}

describe("undercurrent config show", () => {
  it("resolves default < file < env < flag and says where each value came from", async () => {
    writeConfig({ store: { path: "file.db" }, lookbackHours: 12, pollIntervalMinutes: 5 });
    const io = createFakeIo({ cwd, env: { UNDERCURRENT_STORE_PATH: "env.db", UNDERCURRENT_LOOKBACK_HOURS: "48" } });
    expect(await runCli(["config", "show", "--store", "flag.db"], io)).toBe(0);
    const lines = io.stdout.text().split("\n");
    expect(lines[0]).toBe(`Config file: ${join(cwd, "undercurrent.config.json")}`);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}store\.path +"flag\.db" +flag --store$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}lookbackHours +48 +env UNDERCURRENT_LOOKBACK_HOURS$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}pollIntervalMinutes +5 +file undercurrent\.config\.json$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}output\.color +"auto" +default$/));
  });

  it("is the default subcommand of config", async () => {
    const io = createFakeIo({ cwd });
    expect(await runCli(["config"], io)).toBe(0);
    expect(io.stdout.text()).toContain("Config file: none");
  });

  it("prints exactly one JSON document on stdout with --json", async () => {
    writeConfig({ lookbackHours: 6 });
    const io = createFakeIo({ cwd, env: { UNDERCURRENT_CONFIG: "undercurrent.config.json" } });
    expect(await runCli(["--json", "config", "show"], io)).toBe(0);
    const report = JSON.parse(io.stdout.text());
    expect(report.file).toBe(join(cwd, "undercurrent.config.json"));
    expect(report.config.lookbackHours).toBe(6);
    expect(report.origins.lookbackHours).toEqual({ source: "file", name: "undercurrent.config.json" });
    expect(io.stderr.text()).toBe("");
  });

  it("redacts secrets in both forms", async () => {
    writeConfig({ sources: { github: { token: "ghp_secret", repos: ["vercel/ai"] }, openai: { apiKey: "sk-secret" } } });
    const human = createFakeIo({ cwd });
    await runCli(["config", "show"], human);
    const json = createFakeIo({ cwd });
    await runCli(["config", "show", "--json"], json);
    for (const output of [human.stdout.text(), json.stdout.text()]) {
      expect(output).not.toContain("ghp_secret");
      expect(output).not.toContain("sk-secret");
      expect(output).toContain("[redacted]");
      expect(output).toContain("vercel/ai");
    }
  });

  it("prints a bad config's field and file on stderr and exits 2", async () => {
    writeConfig({ lookbackHours: "12" });
    const io = createFakeIo({ cwd });
    expect(await runCli(["config", "show"], io)).toBe(2);
    expect(io.stderr.text()).toBe("error CONFIG_INVALID: undercurrent.config.json: lookbackHours: expected number, received string\n");
    expect(io.stdout.text()).toBe("");
  });

  it("reports malformed JSON, as JSON with --json", async () => {
    writeConfig("{ nope");
    const io = createFakeIo({ cwd });
    expect(await runCli(["config", "show", "--json"], io)).toBe(2);
    const { error } = JSON.parse(io.stdout.text());
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toMatch(/^undercurrent\.config\.json: invalid JSON: /);
  });

  it("records --no-color as a flag", async () => {
    const io = createFakeIo({ cwd, isTTY: true });
    await runCli(["--no-color", "config", "show"], io);
    expect(io.stdout.text()).toMatch(/output\.color +false +flag --no-color/);
    expect(io.stdout.text()).not.toContain("\u001b[");
  });

  it("uses colour on a terminal unless the config turns it off", async () => {
    const terminal = createFakeIo({ cwd, isTTY: true });
    await runCli(["config", "show"], terminal);
    expect(terminal.stdout.text()).toContain("\u001b[1mConfig file:");

    writeConfig({ output: { color: false } });
    const configured = createFakeIo({ cwd, isTTY: true });
    await runCli(["config", "show"], configured);
    expect(configured.stdout.text()).not.toContain("\u001b[");
  });
});

describe("undercurrent config path", () => {
  it("prints the file in use", async () => {
    writeConfig({}, "custom.json");
    const io = createFakeIo({ cwd });
    expect(await runCli(["--config", "custom.json", "config", "path"], io)).toBe(0);
    expect(io.stdout.text()).toBe(`${join(cwd, "custom.json")}\n`);
  });

  it("says when there is none", async () => {
    const io = createFakeIo({ cwd });
    expect(await runCli(["config", "path"], io)).toBe(0);
    expect(io.stdout.text()).toMatch(/^none \(no undercurrent\.config\.json in /);
    const json = createFakeIo({ cwd });
    await runCli(["config", "path", "--json"], json);
    expect(JSON.parse(json.stdout.text())).toEqual({ file: null, source: null });
  });

  it("fails with exit code 2 when --config names a missing file", async () => {
    const io = createFakeIo({ cwd });
    expect(await runCli(["--config", "missing.json", "config", "path"], io)).toBe(2);
    expect(io.stderr.text()).toBe("error CONFIG_INVALID: missing.json: file not found (named by --config)\n");
  });
});
