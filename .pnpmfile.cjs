// pnpm >= 11 passes only an allow-list of env vars to dependency build scripts and ignores
// `nodedir` in .npmrc, so node-gyp would try to download Node headers (no internet here).
// Point node-gyp at the headers that ship with the running Node instead.
const fs = require("node:fs");
const path = require("node:path");
const prefix = path.resolve(path.dirname(process.execPath), "..");
const hasHeaders = fs.existsSync(path.join(prefix, "include", "node", "node_version.h"));
module.exports = {
  hooks: {
    updateConfig(config) {
      if (hasHeaders && !process.env.npm_config_nodedir) {
        config.extraEnv = { ...(config.extraEnv ?? {}), npm_config_nodedir: prefix };
      }
      return config;
    },
  },
};
