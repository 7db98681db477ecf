import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The workspace packages the CLI imports, tested against their sources. */
const workspacePackages = [
  "store-sqlite",
  "index-hnswlib",
  "sources-github",
  "sources-google-trends",
  "sources-hackernews",
  "sources-mastodon",
  "sources-reddit",
  "sources-rss",
];

export default defineProject({
  // Test against the sources of core and the other packages so the tests run before `pnpm -r build`.
  resolve: {
    alias: [
      { find: /^@undercurrent\/core$/, replacement: source("../core/src/index.ts") },
      { find: /^@undercurrent\/core\/testing$/, replacement: source("../core/src/testing/index.ts") },
      ...workspacePackages.map((name) => ({
        find: new RegExp(`^@undercurrent/${name}$`),
        replacement: source(`../${name}/src/index.ts`),
      })),
    ],
  },
  test: { name: "cli", include: ["src/**/*.test.ts"], environment: "node" },
});
