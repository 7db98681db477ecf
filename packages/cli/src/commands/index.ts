import type { CommandModule } from "../command-module.js";
import { configCommand } from "./config.js";
import { storeCommand } from "./store.js";

/** The subcommands of `undercurrent`, in the order `--help` lists them. Add a new command module here. */
export const commands: readonly CommandModule[] = [configCommand, storeCommand];
