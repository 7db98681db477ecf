import type { CommandContext } from "../command-module.js";
import { defineCommand } from "../command-module.js";
import { CONFIG_FILE_NAME } from "../config/config-schema.js";
import { formatConfigReport, toConfigReport } from "../config/describe-config.js";

/** `undercurrent config`: the resolved config (`show`, the default) and the file in use (`path`). */
export const configCommand = defineCommand({
  name: "config",
  description: "show the resolved config and the file it comes from",
  register(command, context) {
    command
      .command("show", { isDefault: true })
      .description("print the resolved config and where each value came from (default, file, env, flag); secrets are redacted")
      .action(() => showConfig(context));
    command
      .command("path")
      .description("print the path of the config file in use, or say there is none")
      .action(() => showConfigPath(context));
  },
});

function showConfig(context: CommandContext): void {
  const report = toConfigReport(context.loadConfig());
  context.output().result(report, (value, style) => formatConfigReport(value, style, context.io.cwd));
}

function showConfigPath(context: CommandContext): void {
  const file = context.configFile();
  const result = { file: file?.path ?? null, source: file?.source ?? null };
  context
    .output()
    .result(result, () => file?.path ?? `none (no ${CONFIG_FILE_NAME} in ${context.io.cwd}, no --config, no UNDERCURRENT_CONFIG)`);
}
