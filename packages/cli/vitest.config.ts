import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineProject({
  // Test against the sources of core and store-sqlite so the tests run before `pnpm -r build`.
  resolve: {
    alias: [
      { find: /^@undercurrent\/core$/, replacement: source("../core/src/index.ts") },
      { find: /^@undercurrent\/store-sqlite$/, replacement: source("../store-sqlite/src/index.ts") },
    ],
  },
  test: { name: "cli", include: ["src/**/*.test.ts"], environment: "node" },
});
