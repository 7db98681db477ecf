import { readFileSync } from "node:fs";
import { packageBuild } from "../../tsup.shared.js";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };

export default packageBuild({
  entry: { index: "src/index.ts", testing: "src/testing/index.ts" },
  // p-limit ships ESM only: bundled, so the CommonJS build works too (tsup's interop would hand `require` callers the
  // module namespace instead of the function).
  noExternal: ["p-limit", "yocto-queue"],
  define: { __UNDERCURRENT_CORE_VERSION__: JSON.stringify(version) },
});
