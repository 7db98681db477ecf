import { randomBytes } from "node:crypto";
import { signHeyGenWebhook } from "../heygen-webhook.js";

/** A registered webhook endpoint in the mock. */
export interface MockEndpoint {
  endpoint_id: string;
  url: string;
  events: string[] | null;
  status: "enabled" | "disabled";
  created_at: string;
  secret: string;
}

/** One delivery attempt the mock made. */
export interface MockWebhookDelivery {
  eventId: string;
  eventType: string;
  url: string;
  attempt: number;
  /** HTTP status the receiver answered; undefined when the connection failed. */
  status?: number;
  error?: string;
}

/** An event the mock sent, as `GET /v3/webhooks/events` lists it. */
export interface MockWebhookEvent {
  event_id: string;
  event_type: string;
  created_at: string;
  event_data: Record<string, unknown>;
}

/** A new `whsec_…` secret. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64url")}`;
}

/** Delivers signed events with retries; `idle()` resolves when every delivery has finished. */
export class WebhookDispatcher {
  readonly deliveries: MockWebhookDelivery[] = [];
  readonly events: MockWebhookEvent[] = [];
  #inFlight = new Set<Promise<void>>();
  #closed = false;
  readonly #stop = new AbortController();

  constructor(
    private readonly settings: { attempts: number; signedPayload: "body" | "timestamp.body"; now: () => number },
    private readonly counters: { webhooksDelivered: number; webhookDeliveryFailures: number },
  ) {}

  /** Sends `event` to each target (URL and the secret to sign with), `copies` times each. */
  send(event: MockWebhookEvent, targets: { url: string; secret: string }[], copies = 1): void {
    this.events.push(event);
    const rawBody = JSON.stringify(event);
    for (const target of targets) {
      for (let copy = 0; copy < copies; copy++) {
        const delivery = this.#deliver(event, target, rawBody).finally(() => this.#inFlight.delete(delivery));
        this.#inFlight.add(delivery);
      }
    }
  }

  async #deliver(event: MockWebhookEvent, target: { url: string; secret: string }, rawBody: string): Promise<void> {
    for (let attempt = 1; attempt <= this.settings.attempts && !this.#closed; attempt++) {
      const timestamp = String(Math.floor(this.settings.now() / 1000));
      const record: MockWebhookDelivery = { eventId: event.event_id, eventType: event.event_type, url: target.url, attempt };
      try {
        const response = await fetch(target.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "heygen-signature": signHeyGenWebhook(target.secret, rawBody, timestamp, this.settings.signedPayload),
            "heygen-timestamp": timestamp,
            "heygen-event-id": event.event_id,
            "user-agent": "HeyGen-Webhooks/mock",
          },
          body: rawBody,
          signal: AbortSignal.any([AbortSignal.timeout(10_000), this.#stop.signal]),
        });
        await response.arrayBuffer().catch(() => undefined);
        record.status = response.status;
        this.deliveries.push(record);
        if (response.ok) {
          this.counters.webhooksDelivered++;
          return;
        }
      } catch (error) {
        record.error = error instanceof Error ? error.message : String(error);
        this.deliveries.push(record);
      }
      if (attempt < this.settings.attempts) await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** (attempt - 1)));
    }
    this.counters.webhookDeliveryFailures++;
  }

  /** Resolves when every delivery started so far has finished (including its retries). */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** Stops retrying and abandons deliveries in flight. */
  close(): void {
    this.#closed = true;
    this.#stop.abort();
  }
}
