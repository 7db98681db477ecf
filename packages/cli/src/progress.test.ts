import { describe, expect, it } from "vitest";
import { createRecordingStream } from "./fake-io.js";
import { createProgress, formatDuration } from "./progress.js";

/** A clock that only moves when told to. */
function createFakeClock(start = 1_000_000) {
  let time = start;
  return {
    now: () => time,
    advance(milliseconds: number) {
      time += milliseconds;
    },
  };
}

const clearLine = "\r\u001b[K";

describe("createProgress on a terminal", () => {
  it("redraws one line with bar, percent, count, rate, ETA and detail", () => {
    const stream = createRecordingStream({ isTTY: true });
    const clock = createFakeClock();
    const progress = createProgress({ label: "scan", total: 100, stream, now: clock.now });
    clock.advance(2000);
    progress.update(20, "reddit");
    expect(stream.text()).toBe(`${clearLine}scan  [####----------------]   20%  20/100  10/s  ETA 8s  reddit`);
  });

  it("redraws at most every 100 ms, and always at completion", () => {
    const stream = createRecordingStream({ isTTY: true });
    const clock = createFakeClock();
    const progress = createProgress({ label: "scan", total: 50, stream, now: clock.now });
    for (let step = 0; step < 49; step += 1) {
      clock.advance(10);
      progress.increment();
    }
    // 490 ms of updates: one redraw at the first update, then one per 100 ms.
    expect(stream.text().split("\r").length - 1).toBe(5);
    progress.increment();
    expect(stream.text()).toContain("50/50");
  });

  it("shows a spinner, the count and the rate when the total is unknown", () => {
    const stream = createRecordingStream({ isTTY: true });
    const clock = createFakeClock();
    const progress = createProgress({ label: "pull", stream, now: clock.now });
    clock.advance(1000);
    progress.update(5);
    clock.advance(1000);
    progress.update(12, "hackernews");
    expect(stream.text()).toBe(`${clearLine}pull  |  5  5.0/s${clearLine}pull  /  12  6.0/s  hackernews`);
  });

  it("prints log messages above the progress line and ends with a summary", () => {
    const stream = createRecordingStream({ isTTY: true });
    const clock = createFakeClock();
    const progress = createProgress({ label: "scan", total: 4, stream, now: clock.now });
    progress.update(1);
    progress.log("reddit: rate limited, retrying");
    clock.advance(61_000);
    progress.done("4 sources pulled");
    progress.update(4);
    expect(stream.text().split(clearLine)).toEqual([
      "",
      "scan  [#####---------------]   25%  1/4",
      "reddit: rate limited, retrying\n",
      "scan  [#####---------------]   25%  1/4",
      "scan: 4 sources pulled in 1m01s\n",
    ]);
  });

  it("keeps the line shorter than the terminal", () => {
    const stream = createRecordingStream({ isTTY: true, columns: 20 });
    createProgress({ label: "a long label", total: 10, stream }).update(1, "and a long detail");
    expect(stream.text()).toBe(`${clearLine}a long label  [##--`);
  });

  it("draws the line but drops the summary in --json mode", () => {
    const stream = createRecordingStream({ isTTY: true });
    const clock = createFakeClock();
    const progress = createProgress({ label: "scan", total: 2, stream, json: true, now: clock.now });
    clock.advance(1000);
    progress.update(2);
    progress.done();
    expect(stream.text()).toBe(`${clearLine}scan  [####################]  100%  2/2  2.0/s${clearLine}`);
  });
});

describe("createProgress elsewhere", () => {
  it("prints a plain line every 10% and a summary", () => {
    const stream = createRecordingStream();
    const clock = createFakeClock();
    const progress = createProgress({ label: "scan", total: 200, stream, now: clock.now });
    for (let step = 0; step < 200; step += 1) progress.increment();
    clock.advance(3000);
    progress.done();
    const lines = stream.text().trimEnd().split("\n");
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe("scan: 20/200 (10%)");
    expect(lines[8]).toBe("scan: 180/200 (90%)");
    expect(lines[9]).toBe("scan: 200/200 done in 3s");
    expect(stream.text()).not.toContain("\r");
  });

  it("prints a line at most every lineIntervalMs when the total is unknown", () => {
    const stream = createRecordingStream();
    const clock = createFakeClock();
    const progress = createProgress({ label: "watch", stream, now: clock.now, lineIntervalMs: 10_000 });
    for (let second = 1; second <= 25; second += 1) {
      clock.advance(1000);
      progress.update(second * 3, "reddit");
    }
    expect(stream.text()).toBe("watch: 30  reddit\nwatch: 60  reddit\n");
  });

  it("prints only log messages in --json mode", () => {
    const stream = createRecordingStream();
    const progress = createProgress({ label: "scan", total: 10, stream, json: true });
    for (let step = 0; step < 10; step += 1) progress.increment();
    progress.log("github: token missing, skipped");
    progress.done();
    expect(stream.text()).toBe("github: token missing, skipped\n");
  });

  it("prints nothing with --quiet", () => {
    for (const isTTY of [true, false]) {
      const stream = createRecordingStream({ isTTY });
      const progress = createProgress({ label: "scan", total: 10, stream, quiet: true });
      progress.update(5);
      progress.log("message");
      progress.done();
      expect(stream.text()).toBe("");
    }
  });
});

describe("formatDuration", () => {
  it("formats seconds, minutes and hours", () => {
    expect(formatDuration(0.2)).toBe("1s");
    expect(formatDuration(59)).toBe("59s");
    expect(formatDuration(125)).toBe("2m05s");
    expect(formatDuration(7620)).toBe("2h07m");
  });
});
