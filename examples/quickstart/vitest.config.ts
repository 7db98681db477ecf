import { workspaceProject } from "../../vitest.shared.js";

export default workspaceProject("example-quickstart", { packages: ["store-sqlite"] });
