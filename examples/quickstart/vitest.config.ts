import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

export default defineProject({
  resolve: {
    alias: [{ find: /^@undercurrent\/core$/, replacement: fileURLToPath(new URL("../../packages/core/src/index.ts", import.meta.url)) }],
  },
  test: { name: "example-quickstart", include: ["src/**/*.test.ts"], environment: "node" },
});
