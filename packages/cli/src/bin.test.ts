import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url));
const binPath = fileURLToPath(new URL("./bin.ts", import.meta.url));

describe("bin", () => {
  it("runs as a real process and prints help", () => {
    // `--import tsx` resolves from the working directory: the repository root, where tsx is installed.
    const child = spawnSync(process.execPath, ["--import", "tsx", binPath, "--help"], {
      cwd: repositoryRoot,
      encoding: "utf8",
      timeout: 30_000,
      env: { ...process.env, NO_COLOR: "1" },
    });
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
    expect(child.stdout).toContain("Usage: undercurrent [options] [command]");
    expect(child.stdout).toContain("config");
  });
});
