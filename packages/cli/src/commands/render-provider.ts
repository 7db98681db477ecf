import { ConfigError, type VideoProvider } from "@undercurrent/core";
import { createHeyGenMockServer, createHeyGenVideoProvider } from "@undercurrent/video-heygen";
import type { CliIo } from "../cli-io.js";

/** The provider a `render` run talks to, and how to let go of it. */
export interface RenderProvider {
  provider: VideoProvider;
  /** `heygen`, or `heygen mock at http://127.0.0.1:…`. */
  description: string;
  /** Polling suited to the provider: HeyGen renders take minutes, the mock's seconds. */
  polling: { initialIntervalMs: number; maxIntervalMs: number };
  close(): Promise<void>;
}

/** How fast the `--mock` server renders: a video is pending 0.3 s, then processing 1.2 s. */
export const mockRenderTiming = { pendingMs: 300, processingMs: 1_200 } as const;

/**
 * HeyGen with `HEYGEN_API_KEY` (and `HEYGEN_BASE_URL` when set) from the CLI's environment, or with `mock` a fresh
 * HeyGen mock server on loopback. Without a key and without `--mock` it is a `ConfigError` saying what to do.
 */
export async function openRenderProvider(io: CliIo, options: { mock: boolean }): Promise<RenderProvider> {
  if (options.mock) {
    const server = await createHeyGenMockServer({ renderTiming: mockRenderTiming });
    return {
      provider: createHeyGenVideoProvider({ apiKey: server.apiKey, baseURL: server.url }),
      description: `heygen mock at ${server.url}`,
      polling: { initialIntervalMs: 250, maxIntervalMs: 1_000 },
      close: () => server.close(),
    };
  }
  const apiKey = io.env.HEYGEN_API_KEY?.trim();
  if (!apiKey) {
    throw new ConfigError({
      context: "render",
      message: "HEYGEN_API_KEY is not set: set it to render with HeyGen, or pass --mock to render on a local HeyGen mock",
    });
  }
  const baseURL = io.env.HEYGEN_BASE_URL?.trim();
  return {
    provider: createHeyGenVideoProvider({ apiKey, ...(baseURL && { baseURL }) }),
    description: baseURL ? `heygen at ${baseURL}` : "heygen",
    polling: { initialIntervalMs: 5_000, maxIntervalMs: 30_000 },
    close: async () => {},
  };
}
