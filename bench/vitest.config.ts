import { workspaceProject } from "../vitest.shared.js";

/** Benchmarks and dataset loaders, with the workspace packages they import resolved to their sources. */
export default workspaceProject("bench", {
  packages: ["index-hnswlib", "store-sqlite", "predict", "content", "video-heygen"],
});
