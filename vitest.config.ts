import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: ["packages/*", "examples/*", "scripts", "bench"],
    coverage: {
      provider: "v8",
      include: ["packages/*/src/**/*.ts"],
      exclude: ["**/*.test.ts", "**/__fixtures__/**", "packages/*/src/bin.ts"],
      reporter: ["text-summary", "json-summary"],
    },
  },
});
