import type { Embedder } from "../contracts/embedder.js";
import type { Forecaster } from "../contracts/forecaster.js";
import type { Notifier } from "../contracts/notifier.js";
import type { PullRequest, PullResult, Source, SourceItem } from "../contracts/source.js";
import type { TextGenerator } from "../contracts/text-generator.js";
import {
  type VideoAvatar,
  type VideoProvider,
  type VideoRenderStatus,
  type VideoVoice,
  videoRenderRequestSchema,
} from "../contracts/video-provider.js";
import { UndercurrentError, ValidationError } from "../errors.js";
import type { Alert } from "../schemas/health.js";
import { parseInput } from "../validate.js";
import { createLocalEmbedder } from "../vectors/local-embedder.js";

/** Options of {@link createMockSource}. */
export interface MockSourceOptions {
  id?: string;
  /** Items the source holds, served in this order. */
  items?: SourceItem[];
  /** Items per pull; the cursor is the offset of the next one. */
  pageSize?: number;
  /** Called before each pull with the pull's number (0-based); a returned error is thrown. */
  failure?: (pullNumber: number) => Error | undefined;
  pollIntervalMs?: number;
}

/** A {@link Source} serving fixed items page by page, recording every request. */
export interface MockSource extends Source {
  readonly requests: PullRequest[];
  /** Adds items as if they had just been published. */
  publish(items: SourceItem[]): void;
}

/** Creates a {@link MockSource}. The cursor is `{ offset }`; pulls resume from it and never repeat an item. */
export function createMockSource(options: MockSourceOptions = {}): MockSource {
  const items = [...(options.items ?? [])];
  const pageSize = options.pageSize ?? 50;
  const requests: PullRequest[] = [];
  return {
    specVersion: "v1",
    id: options.id ?? "mock",
    displayName: "Mock source",
    ...(options.pollIntervalMs !== undefined && { pollIntervalMs: options.pollIntervalMs }),
    requests,
    publish: (more) => items.push(...more),
    async pull(request, context): Promise<PullResult> {
      context.signal.throwIfAborted();
      const failure = options.failure?.(requests.length);
      requests.push(request);
      if (failure) throw failure;
      const cursor = request.cursor as { offset?: number } | undefined;
      const offset = cursor?.offset ?? 0;
      const page = items.slice(offset, offset + Math.min(pageSize, request.limit));
      return { items: page, cursor: { offset: offset + page.length }, hasMore: offset + page.length < items.length };
    },
  } satisfies MockSource;
}

/** An {@link Embedder} (the local one) that records every call. */
export function createMockEmbedder(options: { dimensions?: number } = {}): Embedder & { readonly calls: string[][] } {
  const inner = createLocalEmbedder({ dimensions: options.dimensions ?? 64 });
  const calls: string[][] = [];
  return {
    specVersion: "v1",
    id: `mock-${inner.id}`,
    dimensions: inner.dimensions,
    calls,
    async embed(texts, embedOptions) {
      calls.push([...texts]);
      return inner.embed(texts, embedOptions);
    },
  };
}

/**
 * A {@link TextGenerator} answering with `respond(request)`, validated against the request's schema
 * (an invalid answer is a `RESPONSE_INVALID` error, as a real implementation's would be).
 */
export function createMockTextGenerator(respond: (request: { prompt: string; system?: string }) => unknown): TextGenerator & {
  readonly prompts: string[];
} {
  const prompts: string[] = [];
  return {
    specVersion: "v1",
    id: "mock-text",
    prompts,
    async generate(request) {
      request.signal?.throwIfAborted();
      prompts.push(request.prompt);
      const answer = respond({ prompt: request.prompt, ...(request.system !== undefined && { system: request.system }) });
      const parsed = request.schema.safeParse(answer);
      if (!parsed.success)
        throw new UndercurrentError({
          code: "RESPONSE_INVALID",
          message: `mock answer does not match the schema: ${parsed.error.message}`,
        });
      return {
        object: parsed.data,
        usage: { inputTokens: request.prompt.length, outputTokens: JSON.stringify(answer).length },
        model: "mock-text",
      };
    },
  };
}

/** A {@link Forecaster} that repeats the last value, with intervals widening by `spread` per step. */
export function createMockForecaster(spread = 0.1): Forecaster {
  return {
    specVersion: "v1",
    id: "mock-naive",
    async forecast(points, { horizon, levels = [0.8, 0.95], signal }) {
      signal?.throwIfAborted();
      const last = points.at(-1);
      if (!last) throw new ValidationError({ context: "forecast", issues: [{ path: "points", message: "expected at least one point" }] });
      if (!Number.isInteger(horizon) || horizon < 1) {
        throw new ValidationError({
          context: "forecast",
          issues: [{ path: "options.horizon", message: "expected a positive whole number" }],
        });
      }
      const step = points.length > 1 ? last.at.getTime() - points.at(-2)!.at.getTime() : 3_600_000;
      return {
        model: "mock-naive",
        points: Array.from({ length: horizon }, (_, index) => ({
          at: new Date(last.at.getTime() + step * (index + 1)),
          value: last.value,
          intervals: levels.map((level) => {
            const width = Math.abs(last.value) * spread * (index + 1) * (level / 0.8);
            return { level, lower: last.value - width, upper: last.value + width };
          }),
        })),
        confidence: 0.5,
        warnings: [],
      };
    },
  };
}

/** A {@link Notifier} that keeps what it is given. */
export function createMockNotifier(): Notifier & { readonly alerts: Alert[] } {
  const alerts: Alert[] = [];
  return {
    specVersion: "v1",
    id: "mock-notifier",
    alerts,
    async notify(alert) {
      alerts.push(alert);
      return { delivered: true };
    },
  };
}

/** Options of {@link createMockVideoProvider}. */
export interface MockVideoProviderOptions {
  /** Status calls a render stays pending before it completes. */
  pollsUntilDone?: number;
  /** Renders whose script contains this text fail. */
  failWhenScriptIncludes?: string;
  avatars?: VideoAvatar[];
  voices?: VideoVoice[];
  /** Credits per second of speech (scripts are read at 150 words a minute). */
  creditsPerSecond?: number;
}

/** A {@link VideoProvider} with a render state machine, idempotent starts and a count of paid renders. */
export interface MockVideoProvider extends VideoProvider {
  /** Renders actually started (paid); a replayed idempotency key does not add one. */
  readonly paidRenders: number;
}

/** Creates a {@link MockVideoProvider}. */
export function createMockVideoProvider(options: MockVideoProviderOptions = {}): MockVideoProvider {
  const avatars = options.avatars ?? [
    { id: "avatar-anna", name: "Anna", gender: "female", tags: ["professional"], defaultVoiceId: "voice-en-f" },
    { id: "avatar-ben", name: "Ben", gender: "male", tags: ["casual"], defaultVoiceId: "voice-en-m" },
  ];
  const voices = options.voices ?? [
    { id: "voice-en-f", name: "Emma", language: "en-US", gender: "female", tags: ["warm"] },
    { id: "voice-en-m", name: "Liam", language: "en-US", gender: "male", tags: ["energetic"] },
  ];
  const renders = new Map<string, { status: VideoRenderStatus; polls: number; fails: boolean }>();
  const byKey = new Map<string, string>();
  const creditsPerSecond = options.creditsPerSecond ?? 1 / 60;
  const seconds = (script: string | undefined) => ((script?.split(/\s+/).filter(Boolean).length ?? 0) / 150) * 60;
  let paid = 0;

  return {
    specVersion: "v1",
    id: "mock-video",
    maxConcurrentRenders: 3,
    get paidRenders() {
      return paid;
    },
    async listAvatars() {
      return structuredClone(avatars);
    },
    async listVoices() {
      return structuredClone(voices);
    },
    async estimateCost(input) {
      const request = parseInput(videoRenderRequestSchema, input, "estimateCost", "request");
      return { amount: Math.max(1, Math.ceil(seconds(request.script) * creditsPerSecond * 100) / 100), unit: "credits" };
    },
    async start(input, { idempotencyKey, signal }) {
      signal?.throwIfAborted();
      const request = parseInput(videoRenderRequestSchema, input, "start", "request");
      if (!avatars.some((avatar) => avatar.id === request.avatarId)) {
        throw new UndercurrentError({ code: "VIDEO_UNKNOWN_AVATAR", message: `unknown avatar "${request.avatarId}"` });
      }
      if (request.voiceId && !voices.some((voice) => voice.id === request.voiceId)) {
        throw new UndercurrentError({ code: "VIDEO_UNKNOWN_VOICE", message: `unknown voice "${request.voiceId}"` });
      }
      const known = byKey.get(idempotencyKey);
      if (known) return structuredClone(renders.get(known)!.status);
      paid++;
      const providerJobId = `render-${paid}`;
      const fails = options.failWhenScriptIncludes !== undefined && (request.script ?? "").includes(options.failWhenScriptIncludes);
      renders.set(providerJobId, { status: { providerJobId, status: "pending", progress: 0 }, polls: 0, fails });
      byKey.set(idempotencyKey, providerJobId);
      return { providerJobId, status: "pending", progress: 0 };
    },
    async status(providerJobId) {
      const render = renders.get(providerJobId);
      if (!render) throw new UndercurrentError({ code: "VIDEO_NOT_FOUND", message: `no render "${providerJobId}"` });
      if (render.status.status === "pending") {
        render.polls++;
        const total = options.pollsUntilDone ?? 2;
        if (render.polls >= total) {
          render.status = render.fails
            ? {
                providerJobId,
                status: "failed",
                error: { code: "VIDEO_RENDER_FAILED", message: "the script could not be rendered", isRetryable: false },
              }
            : {
                providerJobId,
                status: "completed",
                progress: 1,
                result: { videoUrl: `https://videos.example.com/${providerJobId}.mp4`, durationSeconds: 30 },
              };
        } else {
          render.status = { ...render.status, progress: render.polls / total };
        }
      }
      return structuredClone(render.status);
    },
    async cancel(providerJobId) {
      const render = renders.get(providerJobId);
      if (render && render.status.status === "pending") {
        render.status = { providerJobId, status: "failed", error: { code: "VIDEO_CANCELLED", message: "cancelled", isRetryable: false } };
      }
    },
  };
}
