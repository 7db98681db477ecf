import type { CommandModule } from "../command-module.js";
import { configCommand } from "./config.js";
import { renderCommand } from "./render.js";
import { replayCommand } from "./replay.js";
import { scanCommand } from "./scan.js";
import { storeCommand } from "./store.js";
import { trendsCommand } from "./trends.js";
import { watchCommand } from "./watch.js";

/** The subcommands of `undercurrent`, in the order `--help` lists them. Add a new command module here. */
export const commands: readonly CommandModule[] = [
  scanCommand,
  watchCommand,
  replayCommand,
  trendsCommand,
  configCommand,
  storeCommand,
  renderCommand,
];
