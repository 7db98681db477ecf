import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { createFakeIo } from "./fake-io.js";
import { createOutput } from "./output.js";

function outputFor(flags: { json?: boolean; quiet?: boolean; verbose?: boolean }, isTTY = false) {
  const io = createFakeIo({ cwd: tmpdir(), isTTY });
  const output = createOutput({ io, json: false, quiet: false, verbose: false, ...flags, color: () => "auto" });
  return { io, output };
}

describe("createOutput", () => {
  it("prints the human form of a result on stdout and messages on stderr", () => {
    const { io, output } = outputFor({});
    output.info("pulling 3 sources");
    output.result({ trends: 2 }, (value) => `${value.trends} trends`);
    expect(io.stdout.text()).toBe("2 trends\n");
    expect(io.stderr.text()).toBe("pulling 3 sources\n");
  });

  it("keeps stdout to exactly one JSON document with --json", () => {
    const { io, output } = outputFor({ json: true });
    output.info("pulling 3 sources");
    output.warn("reddit is degraded");
    const progress = output.progress({ label: "scan", total: 3 });
    progress.increment();
    progress.log("reddit: retrying");
    progress.done();
    output.result({ trends: 2 }, () => "2 trends");
    expect(JSON.parse(io.stdout.text())).toEqual({ trends: 2 });
    expect(io.stderr.text()).toBe("pulling 3 sources\nwarning: reddit is degraded\nreddit: retrying\n");
  });

  it("drops info and progress with --quiet but keeps warnings", () => {
    const { io, output } = outputFor({ quiet: true });
    output.info("pulling");
    output.debug("detail");
    output.progress({ label: "scan", total: 2 }).update(1);
    output.warn("reddit is degraded");
    expect(io.stderr.text()).toBe("warning: reddit is degraded\n");
  });

  it("prints debug messages only with --verbose", () => {
    const { io, output } = outputFor({ verbose: true });
    output.debug("GET https://hacker-news.firebaseio.com/v0/topstories.json");
    expect(io.stderr.text()).toBe("GET https://hacker-news.firebaseio.com/v0/topstories.json\n");
  });

  it("hands the human formatter a colour style on a terminal", () => {
    const { io, output } = outputFor({}, true);
    output.result("rising", (value, style) => style.green(value));
    expect(io.stdout.text()).toBe("\u001b[32mrising\u001b[39m\n");
  });
});
