import { readFileSync } from "node:fs";

// Replaced with the package.json version by tsup's `define` at build time.
declare const __UNDERCURRENT_CLI_VERSION__: string | undefined;

/** The version of `@undercurrent/cli`: set at build time, read from package.json when run from source. */
export function cliVersion(): string {
  if (typeof __UNDERCURRENT_CLI_VERSION__ === "string") return __UNDERCURRENT_CLI_VERSION__;
  const packageJson: unknown = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  const version = (packageJson as { version?: unknown }).version;
  return typeof version === "string" ? version : "0.0.0-dev";
}
