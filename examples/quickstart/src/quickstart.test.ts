import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("README quickstart", () => {
  it("ingests both releases and reports the source as ok", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...values: unknown[]) => void lines.push(values.map(String).join(" ")));
    await import("./quickstart.js");
    expect(lines).toEqual(["new: Rust 2.0 released", "new: Bun 2.0: a faster JavaScript runtime", "releases: ok, 2 new"]);
  });
});

describe("core README snippet", () => {
  it("finds the two Stable Diffusion stories for a related query", async () => {
    const printed: unknown[] = [];
    vi.spyOn(console, "log").mockImplementation((value: unknown) => void printed.push(value));
    await import("./similar-titles.js");
    const matches = printed[0] as { id: string; score: number }[];
    expect(matches.map((match) => match.id).sort()).toEqual(["demo:0", "demo:1"]);
  });
});

describe("core README trend engine snippet", () => {
  it("replays the burst recording and prints the one cross-source trend, GitHub five hours ahead", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...values: unknown[]) => void lines.push(values.map(String).join(" ")));
    await import("./trend-engine.js");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Stable Diffusion \| github\+hackernews \| \w+ \| first seen: github 0 h, hackernews -5 h$/);
  }, 30_000);
});

describe("store-sqlite README snippets", () => {
  it("stores an item in a file database, lists it and inspects the file", async () => {
    const directory = mkdtempSync(path.join(tmpdir(), "undercurrent-example-"));
    const previous = process.cwd();
    process.chdir(directory);
    try {
      const printed: unknown[][] = [];
      vi.spyOn(console, "log").mockImplementation((...values: unknown[]) => void printed.push(values));
      await import("./sqlite-store.js");
      expect(printed).toEqual([[["Show HN: a trend radar for your terminal"]], [true, 0]]);
      expect(existsSync(path.join(directory, ".undercurrent/undercurrent.db"))).toBe(true);
    } finally {
      process.chdir(previous);
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
