import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

const core = (file: string) => fileURLToPath(new URL(`../packages/core/src/${file}`, import.meta.url));

export default defineProject({
  resolve: {
    alias: [
      { find: /^@undercurrent\/core\/testing$/, replacement: core("testing/index.ts") },
      { find: /^@undercurrent\/core$/, replacement: core("index.ts") },
    ],
  },
  test: { name: "bench", include: ["src/**/*.test.ts"], environment: "node" },
});
