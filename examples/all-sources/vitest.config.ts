import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

const packageSource = (name: string, file = "index.ts") => fileURLToPath(new URL(`../../packages/${name}/src/${file}`, import.meta.url));
const ours = [
  "sources-github",
  "sources-google-trends",
  "sources-hackernews",
  "sources-mastodon",
  "sources-reddit",
  "sources-rss",
  "store-sqlite",
];

export default defineProject({
  // run against the packages' sources so the tests need no build
  resolve: {
    alias: [
      { find: /^@undercurrent\/core\/testing$/, replacement: packageSource("core", "testing/index.ts") },
      { find: /^@undercurrent\/core$/, replacement: packageSource("core") },
      ...ours.map((name) => ({ find: new RegExp(`^@undercurrent/${name}$`), replacement: packageSource(name) })),
    ],
  },
  test: { name: "example-all-sources", include: ["src/**/*.test.ts"], environment: "node" },
});
