import { tmpdir } from "node:os";
import { ConfigError, UndercurrentError } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { defineCommand } from "./command-module.js";
import { createFakeIo } from "./fake-io.js";
import { runCli } from "./run-cli.js";
import { cliVersion } from "./version.js";

const cwd = tmpdir();

/** A command whose action throws `error`, to exercise the error convention. */
function failingCommand(error: unknown) {
  return defineCommand({
    name: "fail",
    description: "fails",
    register(command) {
      command.action(() => {
        throw error;
      });
    },
  });
}

describe("runCli", () => {
  it("prints help that lists the commands, the global options and examples", async () => {
    const io = createFakeIo({ cwd });
    const exitCode = await runCli(["--help"], io);
    const help = io.stdout.text();
    expect(exitCode).toBe(0);
    expect(help).toContain("Usage: undercurrent [options] [command]");
    expect(help).toContain("trend on social media");
    for (const option of ["--json", "--config <file>", "--quiet", "--verbose", "--no-color"]) expect(help).toContain(option);
    expect(help).toMatch(/^ {2}config +show the resolved config/m);
    expect(help).toMatch(/^ {2}store +create and inspect the database/m);
    expect(help).toMatch(/^ {2}scan \[options\] +pull the last hours from every source once/m);
    expect(help).toMatch(/^ {2}watch \[options\] +keep pulling on an interval/m);
    expect(help).toMatch(/^ {2}replay \[options\] <file> +replay a recording under a virtual clock/m);
    expect(help).toMatch(/^ {2}trends +list the trends in the database/m);
    expect(help).toContain("$ undercurrent scan ");
    expect(help).toContain("0 done (scan also when sources are down: its report says so)");
    expect(help).toContain("$ undercurrent store init");
    expect(help).toContain("$ undercurrent config show --json");
    expect(help).toContain("UNDERCURRENT_LOOKBACK_HOURS");
    expect(io.stderr.text()).toBe("");
  });

  it("prints the package version", async () => {
    const io = createFakeIo({ cwd });
    expect(await runCli(["--version"], io)).toBe(0);
    expect(io.stdout.text()).toBe(`${cliVersion()}\n`);
    expect(cliVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("rejects an unknown command with a suggestion and exit code 2", async () => {
    const io = createFakeIo({ cwd });
    expect(await runCli(["confg"], io)).toBe(2);
    expect(io.stderr.text()).toContain("unknown command 'confg'");
    expect(io.stderr.text()).toContain("Did you mean config?");
    expect(io.stderr.text()).toContain("undercurrent --help");
    expect(io.stdout.text()).toBe("");
  });

  it("shows help on stderr and exits 2 when no command is given", async () => {
    const io = createFakeIo({ cwd });
    expect(await runCli([], io)).toBe(2);
    expect(io.stderr.text()).toContain("Usage: undercurrent");
  });

  it("reports a usage error as one JSON document with --json", async () => {
    const io = createFakeIo({ cwd });
    expect(await runCli(["--json", "nope"], io)).toBe(2);
    expect(JSON.parse(io.stdout.text())).toEqual({
      error: { code: "USAGE_ERROR", message: expect.stringContaining("unknown command 'nope'") },
    });
  });

  it("rejects --quiet with --verbose", async () => {
    const io = createFakeIo({ cwd });
    expect(await runCli(["--quiet", "--verbose", "config"], io)).toBe(2);
    expect(io.stderr.text()).toContain("cannot be used with");
  });

  it("prints an UndercurrentError as `error CODE: message` and exits 1", async () => {
    const io = createFakeIo({ cwd });
    const error = new UndercurrentError({ code: "SOURCE_DOWN", message: "reddit did not answer" });
    expect(await runCli(["fail"], io, { commands: [failingCommand(error)] })).toBe(1);
    expect(io.stderr.text()).toBe("error SOURCE_DOWN: reddit did not answer\n");
    expect(io.stdout.text()).toBe("");
  });

  it("exits 2 on a ConfigError", async () => {
    const io = createFakeIo({ cwd });
    const error = new ConfigError({ context: "--lookback", message: "expected a number" });
    expect(await runCli(["fail"], io, { commands: [failingCommand(error)] })).toBe(2);
    expect(io.stderr.text()).toBe("error CONFIG_INVALID: --lookback: expected a number\n");
  });

  it("prints an UndercurrentError as JSON on stdout with --json", async () => {
    const io = createFakeIo({ cwd });
    const error = new UndercurrentError({ code: "SOURCE_DOWN", message: "reddit did not answer" });
    expect(await runCli(["fail", "--json"], io, { commands: [failingCommand(error)] })).toBe(1);
    expect(JSON.parse(io.stdout.text())).toEqual({ error: { code: "SOURCE_DOWN", message: "reddit did not answer" } });
  });

  it("prints any other error's message, and its stack only with --verbose", async () => {
    const quiet = createFakeIo({ cwd });
    expect(await runCli(["fail"], quiet, { commands: [failingCommand(new TypeError("boom"))] })).toBe(1);
    expect(quiet.stderr.text()).toContain("error: boom\n");
    expect(quiet.stderr.text()).not.toContain("    at ");

    const verbose = createFakeIo({ cwd });
    expect(await runCli(["--verbose", "fail"], verbose, { commands: [failingCommand(new TypeError("boom"))] })).toBe(1);
    expect(verbose.stderr.text()).toContain("error: boom\n");
    expect(verbose.stderr.text()).toContain("    at ");
  });

  it("colours the error prefix only on a terminal without --no-color", async () => {
    const error = new UndercurrentError({ code: "SOURCE_DOWN", message: "down" });
    const terminal = createFakeIo({ cwd, isTTY: true });
    await runCli(["fail"], terminal, { commands: [failingCommand(error)] });
    expect(terminal.stderr.text()).toContain("\u001b[31merror SOURCE_DOWN\u001b[39m");

    const noColor = createFakeIo({ cwd, isTTY: true });
    await runCli(["--no-color", "fail"], noColor, { commands: [failingCommand(error)] });
    expect(noColor.stderr.text()).toBe("error SOURCE_DOWN: down\n");

    const noColorEnv = createFakeIo({ cwd, isTTY: true, env: { NO_COLOR: "1" } });
    await runCli(["fail"], noColorEnv, { commands: [failingCommand(error)] });
    expect(noColorEnv.stderr.text()).toBe("error SOURCE_DOWN: down\n");
  });

  it("returns the exit code a command set after printing its result", async () => {
    const partial = defineCommand({
      name: "partial",
      description: "prints, then says not everything worked",
      register(command, context) {
        command.action(() => {
          context.output().result({ reached: 0 }, () => "nothing reached");
          context.setExitCode(3);
        });
      },
    });
    const io = createFakeIo({ cwd });
    expect(await runCli(["partial", "--json"], io, { commands: [partial] })).toBe(3);
    expect(JSON.parse(io.stdout.text())).toEqual({ reached: 0 });
  });

  it("reports an abort (Ctrl-C) as `stopped` with exit code 130", async () => {
    const abort = new DOMException("stopped by SIGINT", "AbortError");
    const io = createFakeIo({ cwd });
    expect(await runCli(["fail"], io, { commands: [failingCommand(abort)] })).toBe(130);
    expect(io.stderr.text()).toBe("stopped: stopped by SIGINT\n");
    const json = createFakeIo({ cwd });
    expect(await runCli(["fail", "--json"], json, { commands: [failingCommand(abort)] })).toBe(130);
    expect(JSON.parse(json.stdout.text())).toEqual({ error: { code: "ABORTED", message: "stopped by SIGINT" } });
  });

  it("refuses a second result, which would break --json", async () => {
    const twice = defineCommand({
      name: "twice",
      description: "prints twice",
      register(command, context) {
        command.action(() => {
          context.output().result({ n: 1 }, () => "one");
          context.output().result({ n: 2 }, () => "two");
        });
      },
    });
    const io = createFakeIo({ cwd });
    expect(await runCli(["twice"], io, { commands: [twice] })).toBe(1);
    expect(io.stdout.text()).toBe("one\n");
    expect(io.stderr.text()).toContain("error CLI_RESULT_WRITTEN");

    const json = createFakeIo({ cwd });
    expect(await runCli(["twice", "--json"], json, { commands: [twice] })).toBe(1);
    expect(JSON.parse(json.stdout.text())).toEqual({ n: 1 });
    expect(json.stderr.text()).toContain("error CLI_RESULT_WRITTEN");
  });
});
