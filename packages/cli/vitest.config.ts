import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

export default defineProject({
  // Test against core's sources so the tests run before `pnpm -r build`.
  resolve: {
    alias: [{ find: /^@undercurrent\/core$/, replacement: fileURLToPath(new URL("../core/src/index.ts", import.meta.url)) }],
  },
  test: { name: "cli", include: ["src/**/*.test.ts"], environment: "node" },
});
