import { workspaceProject } from "../../vitest.shared.js";

export default workspaceProject("example-all-sources", {
  packages: [
    "sources-github",
    "sources-google-trends",
    "sources-hackernews",
    "sources-mastodon",
    "sources-reddit",
    "sources-rss",
    "store-sqlite",
  ],
});
