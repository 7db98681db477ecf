import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

const core = (file: string) => fileURLToPath(new URL(`../core/src/${file}`, import.meta.url));

export default defineProject({
  // test against core's sources so tests run before a build
  resolve: {
    alias: [
      { find: /^@undercurrent\/core\/testing$/, replacement: core("testing/index.ts") },
      { find: /^@undercurrent\/core$/, replacement: core("index.ts") },
    ],
  },
  test: {
    name: "index-hnswlib",
    include: ["src/**/*.test.ts"],
    exclude: process.env.UNDERCURRENT_LIVE === "1" ? [] : ["src/**/*.live.test.ts"],
    environment: "node",
  },
});
