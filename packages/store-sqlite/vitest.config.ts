import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineProject({
  // Test against core's sources so the suite runs before `pnpm -r build`. The more specific alias comes first.
  resolve: {
    alias: [
      { find: /^@undercurrent\/core\/testing$/, replacement: source("../core/src/testing/index.ts") },
      { find: /^@undercurrent\/core$/, replacement: source("../core/src/index.ts") },
    ],
  },
  test: { name: "store-sqlite", include: ["src/**/*.test.ts"], environment: "node" },
});
