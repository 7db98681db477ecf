import { runCli } from "./run-cli.js";

// `undercurrent … | head` closes stdout early; stop quietly instead of crashing with EPIPE.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});

// The first Ctrl-C (or SIGTERM) asks the command to stop cleanly: `watch` finishes its in-flight pulls and closes
// the store. A second one exits at once.
const controller = new AbortController();
const stop = (signal: NodeJS.Signals) => {
  if (controller.signal.aborted) process.exit(130);
  controller.abort(new DOMException(`stopped by ${signal}`, "AbortError"));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});
