import { EventEmitter } from "eventemitter3";
import { z } from "zod";
import type { UndercurrentError } from "../errors.js";
import type { VideoJob } from "../schemas/content.js";
import type { Alert, SourceHealth } from "../schemas/health.js";
import type { Item } from "../schemas/item.js";
import type { Forecast } from "../schemas/prediction.js";
import type { Trend, TrendStatus } from "../schemas/trend.js";
import { parseOptions } from "../validate.js";

/** Every event Undercurrent emits, by name, with its payload. Names are noun-verb, kebab-case. */
export interface UndercurrentEvents {
  /** A new item was stored (updates of known items do not emit). */
  "item-ingested": { item: Item };
  /** An item from a source failed validation and was not stored. */
  "item-rejected": { sourceId: string; reason: string; externalId?: string };
  /** A source pull finished. */
  "source-pulled": { sourceId: string; items: number; newItems: number; observations: number; durationMs: number; hasMore: boolean };
  /** A source reported non-fatal problems (skipped entries, unsupported options). */
  "source-warned": { sourceId: string; warnings: string[] };
  /** A source pull failed (health follows in `source-degraded`). */
  "source-failed": { sourceId: string; error: UndercurrentError };
  /** A source became degraded or down, or its reason changed. */
  "source-degraded": { sourceId: string; health: SourceHealth };
  /** A degraded or down source succeeded again. */
  "source-recovered": { sourceId: string; health: SourceHealth };
  /** A pipeline pass over all sources started. */
  "pipeline-started": { at: Date; sources: string[] };
  /** A pipeline pass (or `watch`) ended. */
  "pipeline-stopped": { at: Date; reason: "completed" | "stopped" };
  "trend-detected": { trend: Trend };
  "trend-updated": { trend: Trend };
  "trend-status-changed": { trend: Trend; previous: TrendStatus };
  "forecast-updated": { trendId: string; forecast: Forecast };
  "alert-raised": { alert: Alert };
  "video-job-updated": { job: VideoJob };
}

/** Event names. */
export type UndercurrentEventName = keyof UndercurrentEvents;

/** One event as yielded by {@link EventBus.stream}. */
export type UndercurrentEvent = {
  [Name in UndercurrentEventName]: { type: Name; payload: UndercurrentEvents[Name] };
}[UndercurrentEventName];

/** A typed event bus: `on` returns an unsubscribe function; `stream` is an async iterator over events. */
export interface EventBus<Events extends object = UndercurrentEvents> {
  /** Subscribes; returns a function that unsubscribes. */
  on<Name extends keyof Events & string>(name: Name, listener: (payload: Events[Name]) => void): () => void;
  /** Subscribes for one event; returns a function that unsubscribes. */
  once<Name extends keyof Events & string>(name: Name, listener: (payload: Events[Name]) => void): () => void;
  /** Delivers `payload` to the listeners of `name`. A throwing listener is reported to `onListenerError`, not to the emitter. */
  emit<Name extends keyof Events & string>(name: Name, payload: Events[Name]): void;
  /**
   * Async iterator over events of the given names (all when empty). Buffers events until consumed;
   * ends when `signal` aborts or the loop breaks.
   */
  stream<Name extends keyof Events & string>(
    names?: readonly Name[],
    options?: { signal?: AbortSignal },
  ): AsyncIterableIterator<{ [N in Name]: { type: N; payload: Events[N] } }[Name]>;
  /** Number of listeners for `name`. */
  listenerCount(name: keyof Events & string): number;
}

const eventBusOptionsSchema = z.strictObject({
  onListenerError: z
    .custom<(error: unknown, name: string) => void>((value) => typeof value === "function", "expected a function")
    .optional(),
});

/** Options of {@link createEventBus}. */
export interface EventBusOptions {
  /** Called when a listener throws; defaults to ignoring (listeners must not break the pipeline). */
  onListenerError?: (error: unknown, name: string) => void;
}

/** Creates a typed event bus on eventemitter3. */
export function createEventBus<Events extends object = UndercurrentEvents>(options: EventBusOptions = {}): EventBus<Events> {
  const settings = parseOptions(eventBusOptionsSchema, options, "createEventBus");
  type Listener = (payload: unknown) => void;
  const emitter = new EventEmitter();
  const streams = new Set<(name: string, payload: unknown) => void>();
  const guard =
    (name: string, listener: Listener): Listener =>
    (payload) => {
      try {
        listener(payload);
      } catch (error) {
        settings.onListenerError?.(error, name);
      }
    };

  const bus: EventBus<Events> = {
    on(name, listener) {
      const wrapped = guard(name, listener as Listener);
      emitter.on(name, wrapped);
      return () => {
        emitter.off(name, wrapped);
      };
    },
    once(name, listener) {
      const wrapped = guard(name, listener as Listener);
      emitter.once(name, wrapped);
      return () => {
        emitter.off(name, wrapped);
      };
    },
    emit(name, payload) {
      emitter.emit(name, payload);
      for (const push of streams) push(name, payload);
    },
    listenerCount: (name) => emitter.listenerCount(name),
    stream(names = [], { signal } = {}) {
      type Event = { type: string; payload: unknown };
      const wanted = new Set<string>(names);
      const buffer: Event[] = [];
      let wake: (() => void) | undefined;
      let done = false;
      const push = (type: string, payload: unknown) => {
        if (wanted.size > 0 && !wanted.has(type)) return;
        buffer.push({ type, payload });
        wake?.();
      };
      const finish = () => {
        done = true;
        streams.delete(push);
        wake?.();
      };
      streams.add(push);
      if (signal?.aborted) finish();
      signal?.addEventListener("abort", finish, { once: true });
      const iterator: AsyncIterableIterator<Event> = {
        [Symbol.asyncIterator]() {
          return iterator;
        },
        async next() {
          while (buffer.length === 0 && !done) await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          const event = buffer.shift();
          return event ? { value: event, done: false } : { value: undefined, done: true };
        },
        async return() {
          finish();
          buffer.length = 0;
          return { value: undefined, done: true };
        },
      };
      return iterator as never;
    },
  };
  return bus;
}
