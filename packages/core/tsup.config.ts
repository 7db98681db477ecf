import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };

export default defineConfig({
  entry: { index: "src/index.ts", testing: "src/testing/index.ts" },
  format: ["esm", "cjs"],
  // tsup 8.5 injects `baseUrl` into the dts build; TypeScript 6 rejects it (TS5101) unless silenced.
  dts: { compilerOptions: { ignoreDeprecations: "6.0" } },
  // p-limit ships ESM only: bundled, so the CommonJS build works too (tsup's interop would hand `require` callers the
  // module namespace instead of the function).
  noExternal: ["p-limit", "yocto-queue"],
  define: { __UNDERCURRENT_CORE_VERSION__: JSON.stringify(version) },
  sourcemap: true,
  clean: true,
  target: "node20",
});
