import {
  type Clock,
  type EventBus,
  type Logger,
  parseOptions,
  type Store,
  silentLogger,
  UndercurrentError,
  type UndercurrentEvents,
  type VideoProvider,
} from "@undercurrent/core";
import { z } from "zod";
import { applyVideoWebhook, type VideoWebhookResult } from "./video-webhook.js";

/** Options of {@link createVideoWebhookReceiver}. */
export interface VideoWebhookReceiverOptions {
  /** Verifies deliveries with its `verifyWebhook` (signature, timestamp window, event-id dedupe). */
  provider: VideoProvider;
  /** The job ledger the batches write. */
  store: Store;
  /** Gets `video-job-updated` for every job a webhook finishes; share it with `runVideoBatch` to wake it at once. */
  events?: EventBus<UndercurrentEvents>;
  /** Only jobs of this batch are matched. Default: the whole ledger. */
  batchId?: string;
  /** Called with what each verified event did to the ledger (after it was written). A throw is logged, not answered. */
  onResult?: (result: VideoWebhookResult) => void;
  /** One line per rejected delivery or failed write: codes only, never bodies or secrets. */
  logger?: Logger;
  /** Sets the jobs' `updatedAt`. */
  clock?: Clock;
}

/** What the receiver answers a delivery with: the HTTP status, a small JSON body, and what happened to the ledger. */
export interface VideoWebhookReceipt {
  /** 200 recorded, ignored or a duplicate; 400 stale, unsigned or malformed; 401 bad signature; 405 not a POST; 500 the ledger could not be written (the provider should send it again). */
  status: number;
  body: {
    received: boolean;
    outcome?: VideoWebhookResult["outcome"];
    reason?: string;
    duplicate?: boolean;
    error?: { code: string; message: string };
  };
  /** The ledger outcome, for a verified event. */
  result?: VideoWebhookResult;
}

/** A webhook endpoint that completes ledger jobs: `handle` for fetch-style servers, `receive` for any other. */
export interface VideoWebhookReceiver {
  /** Reads the raw body of a `Request`, and answers with a JSON `Response`. */
  handle(request: Request): Promise<Response>;
  /** Verifies one delivery (the raw body exactly as received, and its headers) and records it in the ledger. */
  receive(delivery: {
    rawBody: string | Uint8Array;
    headers: Headers | Record<string, string>;
    method?: string;
  }): Promise<VideoWebhookReceipt>;
}

const receiverOptionsSchema = z.strictObject({
  provider: z.custom<VideoProvider>(
    (value) =>
      typeof value === "object" &&
      value !== null &&
      typeof (value as VideoProvider).id === "string" &&
      typeof (value as VideoProvider).verifyWebhook === "function",
    { message: "expected a VideoProvider with verifyWebhook (webhooks need a provider that can verify them)" },
  ),
  store: z.custom<Store>((value) => typeof value === "object" && value !== null, { message: "expected a Store" }),
  events: z.custom<EventBus<UndercurrentEvents>>((value) => typeof value === "object" && value !== null).optional(),
  batchId: z.string().trim().min(1).optional(),
  onResult: z.custom<(result: VideoWebhookResult) => void>((value) => typeof value === "function", "expected a function").optional(),
  logger: z.custom<Logger>((value) => typeof value === "object" && value !== null, { message: "expected a Logger" }).optional(),
  clock: z.custom<Clock>((value) => typeof value === "object" && value !== null, { message: "expected a Clock" }).optional(),
});

const rejectionStatus: Record<string, number> = {
  WEBHOOK_SIGNATURE_INVALID: 401,
  WEBHOOK_STALE: 400,
  WEBHOOK_HEADERS_MISSING: 400,
  WEBHOOK_PAYLOAD_INVALID: 400,
};

/**
 * A webhook endpoint that finishes video jobs without polling: each delivery is verified by the provider's
 * `verifyWebhook` and recorded with {@link applyVideoWebhook} in the ledger a batch reads. A bad signature is answered
 * 401, a stale, unsigned or malformed delivery 400 (nothing is written for either), a replayed event id 200 without
 * writing again, an event for a render no job holds 200 (`outcome: "ignored"`), and a ledger that could not be written
 * 500, after telling the provider to forget the event id (when it can) so its retry is processed.
 *
 * A provider without `verifyWebhook` is a `ConfigError` naming `options.provider`.
 */
export function createVideoWebhookReceiver(options: VideoWebhookReceiverOptions): VideoWebhookReceiver {
  const settings = parseOptions(receiverOptionsSchema, options, "createVideoWebhookReceiver");
  const { provider, store } = settings;
  const logger = settings.logger ?? silentLogger;
  const verify = provider.verifyWebhook?.bind(provider) as NonNullable<VideoProvider["verifyWebhook"]>;
  const forget = (provider as { forgetWebhookEvent?: (eventId: string) => Promise<void> | void }).forgetWebhookEvent;

  const receive: VideoWebhookReceiver["receive"] = async ({ rawBody, headers, method = "POST" }) => {
    if (method.toUpperCase() !== "POST") {
      return { status: 405, body: { received: false, error: { code: "METHOD_NOT_ALLOWED", message: "webhooks are POSTed" } } };
    }
    let event: Awaited<ReturnType<typeof verify>>;
    try {
      event = await verify({ rawBody, headers });
    } catch (error) {
      const code = UndercurrentError.isInstance(error) ? error.code : "WEBHOOK_ERROR";
      if (code === "WEBHOOK_DUPLICATE") return { status: 200, body: { received: true, duplicate: true } };
      const status = rejectionStatus[code] ?? 500;
      logger.warn("video webhook rejected", { provider: provider.id, code, status });
      const message = UndercurrentError.isInstance(error) ? error.message : "webhook verification failed";
      return { status, body: { received: false, error: { code, message } } };
    }
    let result: VideoWebhookResult;
    try {
      result = await applyVideoWebhook(store, event, {
        providerId: provider.id,
        ...(settings.batchId !== undefined && { batchId: settings.batchId }),
        ...(settings.events !== undefined && { events: settings.events }),
        ...(settings.clock !== undefined && { clock: settings.clock }),
      });
    } catch (error) {
      // The provider remembered the event id; unless it forgets it, its retry would be dropped as a duplicate.
      await Promise.resolve(forget?.call(provider, event.eventId)).catch(() => undefined);
      const code = UndercurrentError.isInstance(error) ? error.code : "UNEXPECTED";
      logger.error("video webhook not recorded", { provider: provider.id, eventId: event.eventId, code });
      return {
        status: 500,
        body: { received: false, error: { code: "LEDGER_WRITE_FAILED", message: "the event could not be recorded; send it again" } },
      };
    }
    try {
      settings.onResult?.(result);
    } catch {
      logger.warn("video webhook onResult threw", { provider: provider.id, eventId: event.eventId });
    }
    const reason = result.outcome === "ignored" ? result.reason : undefined;
    return { status: 200, body: { received: true, outcome: result.outcome, ...(reason && { reason }) }, result };
  };

  return {
    receive,
    async handle(request) {
      const rawBody = request.method === "POST" ? new Uint8Array(await request.arrayBuffer()) : new Uint8Array();
      const receipt = await receive({ rawBody, headers: request.headers, method: request.method });
      return new Response(JSON.stringify(receipt.body), { status: receipt.status, headers: { "content-type": "application/json" } });
    },
  };
}
