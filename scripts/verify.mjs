#!/usr/bin/env node
// Runs every check a change must pass, in order, and ends with the test totals alone on the last line:
// build, typecheck, lint, dependency direction, tests with coverage, package lint (publint + attw), docs.
// Every step runs even when an earlier one fails, so one run shows everything that is wrong.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const resultsFile = path.join(root, "coverage", "test-results.json");
// vitest writes coverage/ itself; the results file goes there too, so one folder holds a run's reports.

/** @type {{ name: string, args: string[] }[]} each runs as `pnpm <args>` */
const steps = [
  { name: "build", args: ["run", "build"] },
  { name: "CommonJS builds", args: ["run", "check:cjs"] },
  { name: "typecheck", args: ["run", "typecheck"] },
  { name: "lint", args: ["run", "lint"] },
  { name: "dependency direction", args: ["run", "check:deps"] },
  {
    name: "tests",
    args: ["exec", "vitest", "run", "--coverage", "--reporter=default", "--reporter=json", `--outputFile.json=${resultsFile}`],
  },
  { name: "package lint", args: ["run", "lint:pkg"] },
  { name: "docs", args: ["run", "docs:build"] },
];

mkdirSync(path.dirname(resultsFile), { recursive: true });
rmSync(resultsFile, { force: true });

const outcomes = [];
for (const { name, args } of steps) {
  console.log(`\n▶ ${name}: pnpm ${args.join(" ")}`);
  const started = Date.now();
  const { status } = spawnSync("pnpm", args, { cwd: root, stdio: "inherit", env: process.env });
  outcomes.push({ name, ok: status === 0, seconds: (Date.now() - started) / 1000 });
}

console.log("\nverify summary");
for (const { name, ok, seconds } of outcomes) console.log(`  ${ok ? "ok  " : "FAIL"}  ${name} (${seconds.toFixed(1)} s)`);

// Line coverage per package, from the tests step's json-summary.
const coverageFile = path.join(root, "coverage", "coverage-summary.json");
if (existsSync(coverageFile)) {
  /** @type {Record<string, { lines: { total: number, covered: number } }>} */
  const summary = JSON.parse(readFileSync(coverageFile, "utf8"));
  /** @type {Map<string, { total: number, covered: number }>} */
  const byPackage = new Map();
  for (const [file, { lines }] of Object.entries(summary)) {
    const match = /packages\/([^/]+)\/src\//.exec(file);
    if (!match?.[1]) continue;
    const entry = byPackage.get(match[1]) ?? { total: 0, covered: 0 };
    entry.total += lines.total;
    entry.covered += lines.covered;
    byPackage.set(match[1], entry);
  }
  const parts = [...byPackage].map(([name, { total, covered }]) => `${name} ${((100 * covered) / Math.max(total, 1)).toFixed(1)}%`);
  console.log(`  line coverage: ${parts.join(", ")}`);
}

let passed = 0;
let failed = 0;
if (existsSync(resultsFile)) {
  const results = JSON.parse(readFileSync(resultsFile, "utf8"));
  passed = results.numPassedTests;
  failed = results.numFailedTests;
} else {
  failed = 1; // the test run did not even report: count it as a failure
}
if (outcomes.some((outcome) => !outcome.ok)) process.exitCode = 1;
console.log(`${passed} passed, ${failed} failed`);
