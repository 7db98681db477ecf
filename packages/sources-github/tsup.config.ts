import { readFileSync } from "node:fs";
import { packageBuild } from "../../tsup.shared.js";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };

export default packageBuild({ define: { __UNDERCURRENT_SOURCES_GITHUB_VERSION__: JSON.stringify(version) } });
