import type { CliIo, CliStream } from "./cli-io.js";

/** A {@link CliStream} that records what is written (for tests). */
export interface RecordingStream extends CliStream {
  readonly isTTY: boolean;
  /** Everything written so far. */
  text(): string;
}

/** A recording stream; `isTTY` and `columns` as given. */
export function createRecordingStream(options: { isTTY?: boolean; columns?: number } = {}): RecordingStream {
  const chunks: string[] = [];
  return {
    isTTY: options.isTTY ?? false,
    columns: options.columns,
    write(text) {
      chunks.push(text);
      return true;
    },
    text: () => chunks.join(""),
  };
}

/** Streams, environment and directory for running the CLI in-process (for tests). */
export interface FakeIo extends CliIo {
  stdout: RecordingStream;
  stderr: RecordingStream;
}

/** A {@link FakeIo}: empty environment, non-terminal streams, `cwd` as given. */
export function createFakeIo(options: { cwd: string; env?: Record<string, string>; isTTY?: boolean }): FakeIo {
  return {
    stdout: createRecordingStream({ isTTY: options.isTTY }),
    stderr: createRecordingStream({ isTTY: options.isTTY }),
    env: options.env ?? {},
    cwd: options.cwd,
  };
}
