import { type Logger, silentLogger, UndercurrentError } from "@undercurrent/core";
import { type HeyGenWebhookEvent, webhookResponseStatus } from "./heygen-webhook.js";

/** Options of {@link createHeyGenWebhookHandler}. */
export interface HeyGenWebhookHandlerOptions {
  /** Verifies deliveries: a provider from `createHeyGenVideoProvider` (it holds the secret and the dedupe ledger). */
  provider: {
    verifyWebhook(delivery: { rawBody: string | Uint8Array; headers: Headers }): Promise<HeyGenWebhookEvent>;
    forgetWebhookEvent?(eventId: string): Promise<void>;
  };
  /** Called once per new, verified event. When it throws, the delivery is answered 500 so HeyGen sends it again. */
  onEvent(event: HeyGenWebhookEvent): void | Promise<void>;
  /** Receives one line per rejected delivery (codes only, never bodies or secrets). */
  logger?: Logger;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

/**
 * A fetch-style handler (`(request: Request) => Promise<Response>`) for HeyGen webhooks: it reads the raw body,
 * verifies it, answers 401 for a bad signature, 400 for a stale, unsigned or malformed delivery, 200 for a duplicate
 * (not processed again) and 200 after `onEvent` handled a new event.
 */
export function createHeyGenWebhookHandler(options: HeyGenWebhookHandlerOptions): (request: Request) => Promise<Response> {
  const logger = options.logger ?? silentLogger;
  return async (request) => {
    if (request.method === "OPTIONS") return new Response(null, { status: 200 });
    if (request.method !== "POST") return json(405, { error: { code: "method_not_allowed", message: "webhooks are POSTed" } });
    const rawBody = new Uint8Array(await request.arrayBuffer());
    let event: HeyGenWebhookEvent;
    try {
      event = await options.provider.verifyWebhook({ rawBody, headers: request.headers });
    } catch (error) {
      const status = webhookResponseStatus(error);
      const code = UndercurrentError.isInstance(error) ? error.code : "WEBHOOK_ERROR";
      if (code === "WEBHOOK_DUPLICATE") return json(200, { received: true, duplicate: true });
      logger.warn("heygen webhook rejected", { code, status });
      return json(status, {
        error: { code, message: UndercurrentError.isInstance(error) ? error.message : "webhook verification failed" },
      });
    }
    try {
      await options.onEvent(event);
    } catch (error) {
      await options.provider.forgetWebhookEvent?.(event.eventId);
      logger.error("heygen webhook handler failed", {
        eventId: event.eventId,
        type: event.type,
        code: UndercurrentError.isInstance(error) ? error.code : "UNEXPECTED",
      });
      return json(500, { error: { code: "handler_failed", message: "the event could not be processed; send it again" } });
    }
    return json(200, { received: true });
  };
}
