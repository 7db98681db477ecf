import { packageBuild } from "../../tsup.shared.js";

// zod is @undercurrent/core's dependency (and ours at dev time): share that copy instead of bundling 780 KB of it.
export default packageBuild({ external: ["zod"] });
