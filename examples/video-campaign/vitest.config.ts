import { workspaceProject } from "../../vitest.shared.js";

export default workspaceProject("example-video-campaign", { packages: ["store-sqlite", "content", "video-heygen"] });
