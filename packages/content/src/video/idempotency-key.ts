import { createHash } from "node:crypto";
import { parseInput, type VideoRenderRequest, type VideoRenderRequestInput, videoRenderRequestSchema } from "@undercurrent/core";

/**
 * The request as it is sent and hashed: validated, defaults filled in (1080p, no captions), the script's
 * whitespace and Unicode normalised, and fields left out when undefined. Two requests that render the same video
 * normalise to the same value. A bad request is a `ValidationError` naming the field.
 */
export function normalizeRenderRequest(
  request: VideoRenderRequestInput,
  context = "normalizeRenderRequest",
  root = "request",
): VideoRenderRequest {
  const parsed = parseInput(videoRenderRequestSchema, request, context, root);
  const script = parsed.script === undefined ? undefined : normalizeScript(parsed.script);
  const title = parsed.title?.trim() || undefined;
  return dropUndefined({ ...parsed, script, title }) as VideoRenderRequest;
}

function normalizeScript(script: string): string {
  return script
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/[ \t\u00a0]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/**
 * The `Idempotency-Key` of a render: `<provider>-<48 hex chars of SHA-256>` over the provider id, the namespace and
 * the normalised request (keys sorted; `callbackUrl` left out, since where a result is delivered does not change
 * the video). The same content always yields the same key, so a retry or a restart never pays twice. The key uses
 * only `[A-Za-z0-9_:.-]` and is at most 80 characters, as HeyGen requires.
 */
export function renderIdempotencyKey(providerId: string, request: VideoRenderRequestInput, namespace = ""): string {
  const normalized = normalizeRenderRequest(request, "renderIdempotencyKey");
  const { callbackUrl: _callbackUrl, ...content } = normalized;
  const digest = createHash("sha256")
    .update(stableJson({ provider: providerId, namespace, request: content }))
    .digest("hex");
  const prefix = providerId.replace(/[^A-Za-z0-9_.-]/g, "_").slice(0, 24) || "video";
  return `${prefix}-${digest.slice(0, 48)}`;
}

/** JSON with object keys sorted, so equal values always serialise to equal text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${stableJson(entry)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
