import { randomBytes } from "node:crypto";
import type { MockLook } from "./heygen-mock-catalogue.js";

/** A render the mock holds. Its status follows from its timings and the mock's clock. */
export interface MockRender {
  id: string;
  title: string | null;
  /** Epoch ms. */
  createdAt: number;
  pendingMs: number;
  processingMs: number;
  failure: { code: string; message: string } | null;
  deleted: boolean;
  /** Output seconds (for the duration and the price). */
  seconds: number;
  captions: { burnIn: boolean } | null;
  look: MockLook | null;
  /** USD charged at creation (refunded when the render fails or is deleted before it completes). */
  cost: number;
  /** Whether the outcome was counted, refunded and announced. */
  settled: boolean;
  callbackUrl: string | null;
  callbackId: string | null;
  folderId: string | null;
  fingerprint: string;
}

/** Render status at `now`: `pending` → `processing` → `completed` | `failed`. */
export function renderStatusAt(render: MockRender, now: number): "pending" | "processing" | "completed" | "failed" {
  const elapsed = now - render.createdAt;
  if (elapsed < render.pendingMs) return "pending";
  if (elapsed < render.pendingMs + render.processingMs) return "processing";
  return render.failure ? "failed" : "completed";
}

/** When the render ends, epoch ms. */
export function renderEndsAt(render: MockRender): number {
  return render.createdAt + render.pendingMs + render.processingMs;
}

/** A 32-hex-digit id like HeyGen's. */
export function hexId(): string {
  return randomBytes(16).toString("hex");
}

/** The Video object of `GET /v3/videos/{id}` at `now`, field for field. */
export function toVideoObject(render: MockRender, now: number): Record<string, unknown> {
  const status = renderStatusAt(render, now);
  const completed = status === "completed";
  const short = render.id.slice(0, 8);
  const expires = Math.floor(now / 1000) + 7 * 86_400;
  const file = (kind: string, extension: string) =>
    `https://files.heygen.ai/${kind}/${short}.${extension}?Expires=${expires}&Signature=mock${short}`;
  return {
    id: render.id,
    title: render.title,
    status,
    created_at: Math.floor(render.createdAt / 1000),
    completed_at: status === "completed" || status === "failed" ? Math.floor(renderEndsAt(render) / 1000) : null,
    duration: completed ? render.seconds : null,
    video_url: completed ? file("video", "mp4") : null,
    thumbnail_url: completed ? file("thumbnail", "jpg") : null,
    gif_url: completed ? file("gif", "gif") : null,
    captioned_video_url: completed && render.captions?.burnIn ? file("video_captioned", "mp4") : null,
    subtitle_url: completed && render.captions ? file("subtitle", "srt") : null,
    video_page_url: completed ? `https://app.heygen.com/videos/${render.id}` : null,
    folder_id: render.folderId,
    output_language: null,
    failure_code: status === "failed" ? (render.failure?.code ?? null) : null,
    failure_message: status === "failed" ? (render.failure?.message ?? null) : null,
  };
}

/** A stable fingerprint of a create body (minus `callback_url`, which carries hosts and ports), to spot paid duplicates. */
export function fingerprintOf(route: string, body: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (typeof value === "object" && value !== null) {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([key]) => key !== "callback_url")
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, inner]) => [key, canonical(inner)]),
      );
    }
    return value;
  };
  return `${route} ${JSON.stringify(canonical(body))}`;
}
