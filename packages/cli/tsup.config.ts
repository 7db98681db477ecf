import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };
const define = { __UNDERCURRENT_CLI_VERSION__: JSON.stringify(version) };

export default defineConfig([
  {
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    // tsup 8.5 injects `baseUrl` into the dts build; TypeScript 6 rejects it (TS5101) unless silenced.
    dts: { compilerOptions: { ignoreDeprecations: "6.0" } },
    define,
    // The version fallback reads package.json through import.meta.url; the shim makes that work in the CJS build.
    shims: true,
    sourcemap: true,
    // Both configs build in parallel into dist/, so this clean must leave the bin's files alone.
    clean: ["!bin.js", "!bin.js.map"],
    target: "node20",
  },
  {
    entry: { bin: "src/bin.ts" },
    format: ["esm"],
    banner: { js: "#!/usr/bin/env node" },
    define,
    sourcemap: true,
    target: "node20",
  },
]);
