import type { Alert } from "../schemas/health.js";

/** The outcome of one delivery. */
export interface NotifyResult {
  delivered: boolean;
  /** Transport detail, e.g. the HTTP status of a webhook. */
  detail?: string;
}

/** Delivers alerts: a callback, a signed webhook, a Slack-compatible payload… */
export interface Notifier {
  /** Contract version this object implements. */
  readonly specVersion: "v1";
  /** Implementation id, e.g. `webhook`. */
  readonly id: string;
  /** Delivers one alert. Throws an `UndercurrentError` when delivery fails. */
  notify(alert: Alert, options?: { signal?: AbortSignal }): Promise<NotifyResult>;
}
