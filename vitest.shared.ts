import { fileURLToPath } from "node:url";
import { defineProject, type UserWorkspaceConfig } from "vitest/config";

const packagesDirectory = new URL("./packages/", import.meta.url);
const packageEntry = (file: string) => fileURLToPath(new URL(file, packagesDirectory));

/**
 * Aliases resolving `@undercurrent/core`, `@undercurrent/core/testing` and the named packages to their sources, so
 * every project's tests run before `pnpm build`.
 */
export function workspaceAliases(packages: readonly string[] = []) {
  return [
    { find: /^@undercurrent\/core\/testing$/, replacement: packageEntry("core/src/testing/index.ts") },
    { find: /^@undercurrent\/core$/, replacement: packageEntry("core/src/index.ts") },
    ...packages.map((name) => ({ find: new RegExp(`^@undercurrent/${name}$`), replacement: packageEntry(`${name}/src/index.ts`) })),
  ];
}

/**
 * The vitest project of a workspace package: its co-located `src/**\/*.test.ts`, with the workspace packages it
 * imports resolved to their sources. Live tests (`*.live.test.ts`) run only with `UNDERCURRENT_LIVE=1`.
 */
export function workspaceProject(name: string, options: { packages?: readonly string[] } = {}): UserWorkspaceConfig {
  return defineProject({
    resolve: { alias: workspaceAliases(options.packages) },
    test: {
      name,
      include: ["src/**/*.test.ts"],
      exclude: process.env.UNDERCURRENT_LIVE === "1" ? [] : ["src/**/*.live.test.ts"],
      environment: "node",
    },
  });
}
