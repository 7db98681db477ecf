import type { ContentPieceInput } from "@undercurrent/content";

/** The post the example adapts: a blog post about a trending JavaScript runtime release. */
export const samplePost: ContentPieceInput = {
  id: "bun-12-post",
  title: "Bun 1.2 makes the JavaScript runtime race interesting again",
  text: [
    "Bun 1.2 shipped this week with a built-in S3 client, a Postgres client and a text-based lockfile.",
    "The Bun team says its S3 client is 5x faster than the AWS SDK running on Node.js.",
    "Node.js compatibility is the bigger story: 96% of the Node.js test suite now passes on Bun.",
    "Early benchmarks on Reddit show Express apps serving 3x more requests per second with 40% less memory.",
    "One team cut CI install times from 41 seconds to 6 seconds across 120 repositories.",
    "The GitHub repository passed 80,000 stars the same week.",
    "Not everything is rosy: some native addons still fail, and teams report gaps in the http2 module.",
    "If you run Node.js in production, test Bun 1.2 on one service before migrating everything.",
    "The JavaScript runtime race is on again, and that is good news for everyone who ships JavaScript.",
  ].join(" "),
  url: "https://example.com/blog/bun-1-2",
  hashtags: ["Bun", "JavaScript"],
};
