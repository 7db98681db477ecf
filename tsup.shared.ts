import { defineConfig, type Options } from "tsup";

/**
 * The build of a published package: ESM and CommonJS from `src/index.ts` with type declarations for both, for
 * Node 20. A package passes `overrides` for what is its own (more entry points, bundled dependencies, defines).
 */
export function packageBuild(overrides: Options = {}) {
  return defineConfig({
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    // tsup 8.5 injects `baseUrl` into the dts build; TypeScript 6 rejects it (TS5101) unless silenced.
    dts: { compilerOptions: { ignoreDeprecations: "6.0" } },
    sourcemap: true,
    clean: true,
    target: "node20",
    ...overrides,
  });
}
