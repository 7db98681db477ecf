import { workspaceProject } from "../../vitest.shared.js";

/** The workspace packages the CLI imports, tested against their sources. */
export default workspaceProject("cli", {
  packages: [
    "store-sqlite",
    "index-hnswlib",
    "sources-github",
    "sources-google-trends",
    "sources-hackernews",
    "sources-mastodon",
    "sources-reddit",
    "sources-rss",
    "content",
    "video-heygen",
  ],
});
