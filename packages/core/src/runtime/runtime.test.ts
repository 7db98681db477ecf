import { describe, expect, it } from "vitest";
import { createManualClock, systemClock } from "./clock.js";
import { createEventBus } from "./event-bus.js";
import { Mutex } from "./mutex.js";

type TestEvents = { ping: { n: number }; pong: { text: string } };

describe("createEventBus", () => {
  it("delivers typed payloads and unsubscribes with the function on() returns", () => {
    const bus = createEventBus<TestEvents>();
    const seen: number[] = [];
    const off = bus.on("ping", ({ n }) => seen.push(n));
    bus.emit("ping", { n: 1 });
    off();
    bus.emit("ping", { n: 2 });
    expect(seen).toEqual([1]);
    expect(bus.listenerCount("ping")).toBe(0);
  });

  it("delivers once() listeners a single time", () => {
    const bus = createEventBus<TestEvents>();
    const seen: string[] = [];
    bus.once("pong", ({ text }) => seen.push(text));
    bus.emit("pong", { text: "a" });
    bus.emit("pong", { text: "b" });
    expect(seen).toEqual(["a"]);
  });

  it("keeps delivering when a listener throws, and reports the error", () => {
    const errors: string[] = [];
    const bus = createEventBus<TestEvents>({ onListenerError: (error, name) => errors.push(`${name}: ${(error as Error).message}`) });
    const seen: number[] = [];
    bus.on("ping", () => {
      throw new Error("listener bug");
    });
    bus.on("ping", ({ n }) => seen.push(n));
    expect(() => bus.emit("ping", { n: 7 })).not.toThrow();
    expect(seen).toEqual([7]);
    expect(errors).toEqual(["ping: listener bug"]);
  });

  it("streams chosen events through an async iterator until aborted", async () => {
    const bus = createEventBus<TestEvents>();
    const controller = new AbortController();
    const stream = bus.stream(["ping"], { signal: controller.signal });
    bus.emit("ping", { n: 1 });
    bus.emit("pong", { text: "ignored" });
    bus.emit("ping", { n: 2 });
    const received: unknown[] = [];
    const consuming = (async () => {
      for await (const event of stream) received.push(event);
    })();
    await new Promise((resolve) => setTimeout(resolve, 5));
    bus.emit("ping", { n: 3 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await consuming;
    expect(received).toEqual([
      { type: "ping", payload: { n: 1 } },
      { type: "ping", payload: { n: 2 } },
      { type: "ping", payload: { n: 3 } },
    ]);
  });

  it("stops buffering when the consumer breaks out of the loop", async () => {
    const bus = createEventBus<TestEvents>();
    const stream = bus.stream();
    bus.emit("pong", { text: "first" });
    for await (const event of stream) {
      expect(event).toEqual({ type: "pong", payload: { text: "first" } });
      break;
    }
    bus.emit("pong", { text: "after break" });
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });
});

describe("clocks", () => {
  it("a manual clock wakes sleepers in deadline order as time advances", async () => {
    const clock = createManualClock(1_000);
    const woke: string[] = [];
    void clock.sleep(300).then(() => woke.push(`b@${clock.now()}`));
    void clock.sleep(100).then(() => woke.push(`a@${clock.now()}`));
    await clock.advance(200);
    expect(woke).toEqual(["a@1100"]);
    expect(clock.now()).toBe(1_200);
    await clock.advance(200);
    expect(woke).toEqual(["a@1100", "b@1300"]);
    expect(clock.pending).toBe(0);
  });

  it("sleep rejects with the abort reason", async () => {
    const clock = createManualClock();
    const controller = new AbortController();
    const sleeping = clock.sleep(1_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(sleeping).rejects.toThrow("stop");
    expect(clock.pending).toBe(0);
    const system = systemClock.sleep(10_000, controller.signal);
    await expect(system).rejects.toThrow("stop");
  });

  it("the system clock sleeps for real", async () => {
    const start = Date.now();
    await systemClock.sleep(15);
    expect(Date.now() - start).toBeGreaterThanOrEqual(10);
  });
});

describe("Mutex", () => {
  it("runs tasks one at a time in call order, surviving failures", async () => {
    const mutex = new Mutex();
    const order: string[] = [];
    const slow = mutex.run(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      order.push("slow");
    });
    const failing = mutex.run(async () => {
      order.push("failing");
      throw new Error("x");
    });
    const fast = mutex.run(() => order.push("fast"));
    await Promise.allSettled([slow, failing, fast]);
    expect(order).toEqual(["slow", "failing", "fast"]);
    await expect(failing).rejects.toThrow("x");
  });
});

describe("runtime option validation", () => {
  it("names the bad option of createEventBus and createManualClock", () => {
    expect(() => createEventBus({ onListenerError: "log" as never })).toThrow(
      /createEventBus: options\.onListenerError: expected a function/,
    );
    expect(() => createEventBus({ onListenerErrors: () => undefined } as never)).toThrow(/unrecognized key/);
    expect(() => createManualClock(new Date("invalid"))).toThrow(/createManualClock: start/);
    expect(() => createManualClock(Number.NaN)).toThrow(/createManualClock: start/);
    expect(createManualClock(new Date(5_000)).now()).toBe(5_000);
  });
});
