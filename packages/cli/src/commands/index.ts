import type { CommandModule } from "../command-module.js";
import { configCommand } from "./config.js";

/** The subcommands of `undercurrent`, in the order `--help` lists them. Add a new command module here. */
export const commands: readonly CommandModule[] = [configCommand];
