import { createHmac, timingSafeEqual } from "node:crypto";
import { UndercurrentError, type VideoRenderStatus, type VideoWebhookEvent } from "@undercurrent/core";
import { type HeyGenWebhookPayload, heyGenWebhookPayloadSchema } from "./heygen-api.js";
import type { WebhookEventLedger } from "./heygen-video-provider-options.js";

/** What a webhook signature covers: the raw body (HeyGen's scheme as known) or `"<timestamp>.<body>"`. */
export type HeyGenWebhookSignedPayload = "body" | "timestamp.body";

/** A verified HeyGen webhook: the contract's event plus HeyGen's fields. */
export interface HeyGenWebhookEvent extends VideoWebhookEvent {
  /** Your `callback_id`, echoed back (HeyGen's Video object does not carry it, so keep your own map too). */
  callbackId?: string;
  /** Whether the event type is a video render outcome this provider understands (`avatar_video.success|fail`). */
  known: boolean;
  /** The delivery time HeyGen signed (`Heygen-Timestamp`), epoch milliseconds. */
  timestamp: number;
  /** The parsed body as HeyGen sent it. */
  payload: HeyGenWebhookPayload;
}

/** The bytes a signature covers. The one place the signed payload is built (for the verifier and the mock). */
export function webhookSignedBytes(rawBody: string | Uint8Array, timestamp: string, scheme: HeyGenWebhookSignedPayload): Buffer {
  const body = typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : Buffer.from(rawBody);
  return scheme === "body" ? body : Buffer.concat([Buffer.from(`${timestamp}.`, "utf8"), body]);
}

/** `hex(HMAC-SHA256(secret, payload))`, with the secret used exactly as given (`whsec_` prefix included). */
export function signHeyGenWebhook(
  secret: string,
  rawBody: string | Uint8Array,
  timestamp: string,
  scheme: HeyGenWebhookSignedPayload = "body",
): string {
  return createHmac("sha256", secret)
    .update(webhookSignedBytes(rawBody, timestamp, scheme))
    .digest("hex");
}

/** An in-memory {@link WebhookEventLedger} remembering the last `capacity` event ids. */
export function createMemoryWebhookEventLedger(capacity = 10_000): WebhookEventLedger {
  const seen = new Set<string>();
  return {
    remember(eventId) {
      if (seen.has(eventId)) return false;
      seen.add(eventId);
      if (seen.size > capacity) seen.delete(seen.values().next().value as string);
      return true;
    },
    forget(eventId) {
      seen.delete(eventId);
    },
  };
}

function header(headers: Headers | Record<string, string>, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

function webhookError(code: string, message: string): UndercurrentError {
  return new UndercurrentError({ code, message, isRetryable: false });
}

function constantTimeEqualHex(expected: string, given: string): boolean {
  const expectedBytes = Buffer.from(expected, "utf8");
  const givenBytes = Buffer.from(
    given
      .trim()
      .toLowerCase()
      .replace(/^(sha256=|v1=)/, ""),
    "utf8",
  );
  // Compare equal-length buffers always, so the time does not depend on where they differ.
  const padded = Buffer.alloc(expectedBytes.length);
  givenBytes.copy(padded, 0, 0, Math.min(givenBytes.length, padded.length));
  return timingSafeEqual(expectedBytes, padded) && givenBytes.length === expectedBytes.length;
}

/** HeyGen's timestamp header in milliseconds: unix seconds, or milliseconds when it is that large, or an ISO date. */
function parseTimestamp(value: string): number | undefined {
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const number = Number(trimmed);
    return number > 1e12 ? number : number * 1000;
  }
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : date;
}

/** Settings of {@link verifyHeyGenWebhook}. */
export interface VerifyHeyGenWebhookSettings {
  secrets: readonly string[];
  headers: { signature: string; timestamp: string; eventId: string };
  toleranceSeconds: number;
  signedPayload: HeyGenWebhookSignedPayload;
  ledger: WebhookEventLedger;
  now: number;
}

/** The render outcome a HeyGen event reports. */
export function toWebhookRender(payload: HeyGenWebhookPayload): { render: VideoRenderStatus; known: boolean } {
  const data = payload.event_data ?? {};
  const providerJobId = data.video_id ?? "";
  if (payload.event_type === "avatar_video.success" && data.url) {
    return { known: true, render: { providerJobId, status: "completed", progress: 1, result: { videoUrl: data.url } } };
  }
  if (payload.event_type === "avatar_video.fail") {
    const message = data.failure_message ?? data.msg ?? data.message ?? "HeyGen reported the render as failed";
    return {
      known: true,
      render: { providerJobId, status: "failed", error: { code: data.failure_code ?? "rendering_failed", message, isRetryable: false } },
    };
  }
  return { known: false, render: { providerJobId, status: "pending" } };
}

/**
 * Verifies a HeyGen webhook delivery: both headers present (else `WEBHOOK_HEADERS_MISSING`), an HMAC-SHA256 of
 * the raw body matching one of the secrets in constant time (else `WEBHOOK_SIGNATURE_INVALID`), a timestamp within
 * the window (else `WEBHOOK_STALE`), a HeyGen event body (else `WEBHOOK_PAYLOAD_INVALID`), and an event id not seen
 * before (else `WEBHOOK_DUPLICATE`). Dedupes on `Heygen-Event-Id`, else `event_id`, else video id and event type.
 */
export async function verifyHeyGenWebhook(
  delivery: { rawBody: string | Uint8Array; headers: Headers | Record<string, string> },
  settings: VerifyHeyGenWebhookSettings,
): Promise<HeyGenWebhookEvent> {
  const signature = header(delivery.headers, settings.headers.signature);
  const timestampHeader = header(delivery.headers, settings.headers.timestamp);
  if (!signature || !timestampHeader) {
    const missing = [!signature && settings.headers.signature, !timestampHeader && settings.headers.timestamp]
      .filter(Boolean)
      .join(" and ");
    throw webhookError("WEBHOOK_HEADERS_MISSING", `HeyGen webhook rejected: missing ${missing} header`);
  }
  const matches = settings.secrets.some((secret) =>
    constantTimeEqualHex(signHeyGenWebhook(secret, delivery.rawBody, timestampHeader, settings.signedPayload), signature),
  );
  if (!matches) throw webhookError("WEBHOOK_SIGNATURE_INVALID", "HeyGen webhook rejected: the signature does not match the raw body");
  const timestamp = parseTimestamp(timestampHeader);
  if (timestamp === undefined)
    throw webhookError("WEBHOOK_STALE", `HeyGen webhook rejected: unreadable ${settings.headers.timestamp} header`);
  const skewSeconds = Math.abs(settings.now - timestamp) / 1000;
  if (skewSeconds > settings.toleranceSeconds) {
    throw webhookError(
      "WEBHOOK_STALE",
      `HeyGen webhook rejected: timestamp is ${Math.round(skewSeconds)} s from now, outside the ${settings.toleranceSeconds} s window`,
    );
  }
  const text = typeof delivery.rawBody === "string" ? delivery.rawBody : Buffer.from(delivery.rawBody).toString("utf8");
  let payload: HeyGenWebhookPayload;
  try {
    const parsed = heyGenWebhookPayloadSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw parsed.error;
    payload = parsed.data;
  } catch {
    throw webhookError(
      "WEBHOOK_PAYLOAD_INVALID",
      "HeyGen webhook rejected: the body is not a HeyGen event (expected JSON with event_type)",
    );
  }
  const eventId =
    header(delivery.headers, settings.headers.eventId) ??
    payload.event_id ??
    `${payload.event_data?.video_id ?? "unknown"}:${payload.event_type}`;
  if (!(await settings.ledger.remember(eventId))) {
    throw webhookError("WEBHOOK_DUPLICATE", `HeyGen webhook ${eventId} was already received; answer 200 and ignore it`);
  }
  const { render, known } = toWebhookRender(payload);
  const callbackId = payload.event_data?.callback_id;
  return { eventId, type: payload.event_type, render, known, timestamp, payload, ...(callbackId && { callbackId }) };
}

/** The HTTP status to answer a webhook with after `verifyWebhook` threw `error` (HeyGen retries non-2xx). */
export function webhookResponseStatus(error: unknown): number {
  const code = UndercurrentError.isInstance(error) ? error.code : undefined;
  if (code === "WEBHOOK_DUPLICATE") return 200;
  if (code === "WEBHOOK_SIGNATURE_INVALID") return 401;
  if (code === "WEBHOOK_STALE" || code === "WEBHOOK_HEADERS_MISSING" || code === "WEBHOOK_PAYLOAD_INVALID") return 400;
  return 500;
}
