import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { checkDependencyDirection, importSpecifiers } from "./check-dependency-direction.mjs";

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const script = path.join(repositoryRoot, "scripts/check-dependency-direction.mjs");
const temporary: string[] = [];

function workspace(
  packages: Record<string, { name: string; dependencies?: Record<string, string>; files?: Record<string, string> }>,
): string {
  const root = mkdtempSync(path.join(tmpdir(), "undercurrent-deps-"));
  temporary.push(root);
  for (const [directory, definition] of Object.entries(packages)) {
    const packageDirectory = path.join(root, directory);
    mkdirSync(path.join(packageDirectory, "src"), { recursive: true });
    writeFileSync(
      path.join(packageDirectory, "package.json"),
      JSON.stringify({ name: definition.name, dependencies: definition.dependencies ?? {} }),
    );
    for (const [file, text] of Object.entries(definition.files ?? { "index.ts": "export {};" })) {
      mkdirSync(path.dirname(path.join(packageDirectory, "src", file)), { recursive: true });
      writeFileSync(path.join(packageDirectory, "src", file), text);
    }
  }
  return root;
}

afterEach(() => {
  for (const directory of temporary.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe("dependency-direction check", () => {
  it("finds no violation in this repository", () => {
    expect(checkDependencyDirection(repositoryRoot)).toEqual([]);
  });

  it("catches core importing a package of ours, in code and in package.json", () => {
    const root = workspace({
      "packages/core": {
        name: "@undercurrent/core",
        dependencies: { "@undercurrent/store-sqlite": "workspace:^" },
        files: { "pipeline.ts": 'import { createSqliteStore } from "@undercurrent/store-sqlite";\nexport {};' },
      },
      "packages/store-sqlite": { name: "@undercurrent/store-sqlite", dependencies: { "@undercurrent/core": "workspace:^" } },
    });
    const messages = checkDependencyDirection(root).map((violation) => `${violation.file}: ${violation.message}`);
    expect(messages).toEqual([
      "packages/core/package.json: dependencies: core must not depend on @undercurrent/store-sqlite",
      'packages/core/src/pipeline.ts: imports "@undercurrent/store-sqlite": core must not depend on @undercurrent/store-sqlite',
    ]);
  });

  it("catches a layer-2 package importing another, including by a relative path or a dynamic import", () => {
    const root = workspace({
      "packages/core": { name: "@undercurrent/core" },
      "packages/calendar": {
        name: "@undercurrent/calendar",
        files: {
          "a.ts": 'export { forecast } from "@undercurrent/predict/models";',
          "b.ts": 'const module = await import("../../predict/src/index.js");\nexport { module };',
          "c.ts": 'import { z } from "zod";\nimport type { Item } from "@undercurrent/core";\nexport type { Item };\nexport { z };',
        },
      },
      "packages/predict": { name: "@undercurrent/predict" },
      "packages/cli": {
        name: "@undercurrent/cli",
        files: { "index.ts": 'import "@undercurrent/predict";\nimport "@undercurrent/calendar";' },
      },
      "examples/demo": { name: "demo", files: { "index.ts": 'import "@undercurrent/predict";' } },
    });
    const violations = checkDependencyDirection(root);
    expect(violations.map((violation) => violation.file)).toEqual(["packages/calendar/src/a.ts", "packages/calendar/src/b.ts"]);
    expect(violations[0]?.message).toContain("layer-2 package @undercurrent/calendar must not depend on @undercurrent/predict");
    expect(violations[1]?.message).toContain("reaches outside the package");
  });

  it("exits non-zero from the command line when there is a violation", () => {
    const root = workspace({
      "packages/core": { name: "@undercurrent/core", files: { "index.ts": 'import "@undercurrent/openai";' } },
    });
    const run = () => execFileSync(process.execPath, [script, root], { stdio: "pipe" });
    expect(run).toThrow(/core must not depend on @undercurrent\/openai/);
  });

  it("reads static, side-effect, re-export, dynamic and require imports", () => {
    const source = [
      'import a from "one";',
      'import "two";',
      'export * from "three";',
      'const four = await import("four");',
      'const five = require("five");',
      'import {\n  six,\n} from "six";',
    ].join("\n");
    expect(importSpecifiers(source)).toEqual(["one", "two", "three", "four", "five", "six"]);
  });
});
