import { workspaceProject } from "../../vitest.shared.js";

export default workspaceProject("example-repurpose", { packages: ["content"] });
