import { randomBytes } from "node:crypto";
import type { MockLook, MockTemplate, MockVoice } from "./heygen-mock-catalogue.js";
import { MockCatalogueRoutes } from "./heygen-mock-catalogue-routes.js";
import { MockEndpointRoutes } from "./heygen-mock-endpoint-routes.js";
import type { HeyGenMockSettings } from "./heygen-mock-options.js";
import { fingerprintOf, hexId, type MockRender, renderEndsAt, renderStatusAt, toVideoObject } from "./heygen-mock-renders.js";
import { dataReply, errorReply, invalidParameter, type MockReply, pageReply } from "./heygen-mock-replies.js";
import { validateCreateVideo } from "./heygen-mock-validation.js";
import type { MockEndpoint, WebhookDispatcher } from "./heygen-mock-webhooks.js";

/** What the mock counts, for tests and benches. */
export interface HeyGenMockCounters {
  /** Every HTTP request received. */
  requests: number;
  /** Create requests (`POST /v3/videos` and template renders) received, replays and rejections included. */
  createRequests: number;
  /** Renders created and charged. A replayed `Idempotency-Key` does not add one. */
  paidRenders: number;
  /** Paid renders whose body (minus `callback_url`) equals an earlier paid render's: work paid twice. */
  duplicatePaidRenders: number;
  /** Responses replayed for a reused `Idempotency-Key`. */
  idempotentReplays: number;
  /** 409 `request_in_progress` answers. */
  requestInProgress: number;
  /** 429s because the plan's concurrent renders were all busy. */
  concurrencyRejections: number;
  /** 402 `insufficient_credit` answers. */
  insufficientCredit: number;
  /** Injected faults. */
  injectedRateLimits: number;
  injectedServerErrors: number;
  injectedTimeouts: number;
  /** Renders that reached `completed` / `failed`, and renders deleted. */
  completedRenders: number;
  failedRenders: number;
  deletedRenders: number;
  /** Most renders running at once. */
  peakConcurrentRenders: number;
  /** Webhook deliveries answered 2xx, and deliveries that failed every attempt. */
  webhooksDelivered: number;
  webhookDeliveryFailures: number;
}

/** A fresh set of counters at zero. */
export function emptyCounters(): HeyGenMockCounters {
  return {
    requests: 0,
    createRequests: 0,
    paidRenders: 0,
    duplicatePaidRenders: 0,
    idempotentReplays: 0,
    requestInProgress: 0,
    concurrencyRejections: 0,
    insufficientCredit: 0,
    injectedRateLimits: 0,
    injectedServerErrors: 0,
    injectedTimeouts: 0,
    completedRenders: 0,
    failedRenders: 0,
    deletedRenders: 0,
    peakConcurrentRenders: 0,
    webhooksDelivered: 0,
    webhookDeliveryFailures: 0,
  };
}

/** One parsed request. */
export interface MockRequest {
  method: string;
  url: URL;
  body: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The mock's state and the handlers of its render, template-render and account endpoints. */
export class HeyGenMockState {
  readonly renders = new Map<string, MockRender>();
  readonly endpoints = new Map<string, MockEndpoint>();
  /** Catalogue reads (looks, groups, voices, templates). */
  readonly catalogue: MockCatalogueRoutes;
  /** Webhook endpoint routes. */
  readonly webhookEndpoints: MockEndpointRoutes;
  readonly looks: Map<string, MockLook>;
  readonly voices: Map<string, MockVoice>;
  readonly templates: Map<string, MockTemplate>;
  balanceUsd: number;
  readonly #paidFingerprints = new Set<string>();

  constructor(
    private readonly settings: HeyGenMockSettings,
    readonly counters: HeyGenMockCounters,
    private readonly dispatcher: WebhookDispatcher,
    private readonly random: () => number,
    readonly now: () => number,
    catalogue: { looks: MockLook[]; voices: MockVoice[]; templates: MockTemplate[] },
  ) {
    this.looks = new Map(catalogue.looks.map((look) => [look.id, look]));
    this.voices = new Map(catalogue.voices.map((voice) => [voice.voice_id, voice]));
    this.templates = new Map(catalogue.templates.map((template) => [template.id, template]));
    this.balanceUsd = settings.balanceUsd;
    this.catalogue = new MockCatalogueRoutes(this.looks, this.voices, this.templates, settings);
    this.webhookEndpoints = new MockEndpointRoutes(this.endpoints, dispatcher, now, settings);
  }

  /** Renders running now (pending or processing, not deleted). */
  activeRenders(now = this.now()): MockRender[] {
    return [...this.renders.values()].filter((render) => !render.deleted && renderEndsAt(render) > now);
  }

  /** Counts, refunds and announces renders that reached an outcome. */
  settle(): void {
    const now = this.now();
    for (const render of this.renders.values()) {
      if (render.settled || render.deleted) continue;
      const status = renderStatusAt(render, now);
      if (status !== "completed" && status !== "failed") continue;
      render.settled = true;
      if (status === "failed") {
        this.counters.failedRenders++;
        this.balanceUsd += render.cost; // HeyGen does not charge failed renders
      } else {
        this.counters.completedRenders++;
      }
      this.#announce(render, status, now);
    }
  }

  #announce(render: MockRender, status: "completed" | "failed", now: number): void {
    const video = toVideoObject(render, now);
    const eventType = status === "completed" ? "avatar_video.success" : "avatar_video.fail";
    const eventData: Record<string, unknown> =
      status === "completed"
        ? {
            video_id: render.id,
            url: video.video_url,
            gif_download_url: video.gif_url,
            video_share_page_url: `https://app.heygen.com/share/${render.id.slice(0, 8)}`,
            folder_id: render.folderId,
            callback_id: render.callbackId,
          }
        : { video_id: render.id, msg: render.failure?.message, failure_code: render.failure?.code, callback_id: render.callbackId };
    const event = {
      event_id: `evt_${randomBytes(8).toString("hex")}`,
      event_type: eventType,
      created_at: new Date(now).toISOString(),
      event_data: eventData,
    };
    const targets: { url: string; secret: string }[] = [];
    if (render.callbackUrl) targets.push({ url: render.callbackUrl, secret: this.settings.callbackSecret });
    for (const endpoint of this.endpoints.values()) {
      if (endpoint.status === "enabled" && (endpoint.events === null || endpoint.events.includes(eventType))) {
        targets.push({ url: endpoint.url, secret: endpoint.secret });
      }
    }
    const copies = this.random() < this.settings.faults.webhookDuplicateRate ? 2 : 1;
    if (targets.length > 0) this.dispatcher.send(event, targets, copies);
    else this.dispatcher.events.push(event);
  }

  /** Checks the plan's concurrency and the wallet, then creates and charges a render. */
  #admit(
    input: Omit<MockRender, "id" | "createdAt" | "pendingMs" | "processingMs" | "deleted" | "settled" | "cost" | "failure">,
    script: string | null,
    resolution: string,
  ): MockReply | MockRender {
    const now = this.now();
    const active = this.activeRenders(now);
    if (active.length >= this.settings.concurrency) {
      this.counters.concurrencyRejections++;
      const nextFree = Math.min(...active.map(renderEndsAt));
      const seconds = Math.max(1, Math.ceil((nextFree - now) / 1000));
      return errorReply(
        429,
        "rate_limit_exceeded",
        `Concurrent render limit of ${this.settings.concurrency} reached; retry after ${seconds} s`,
        undefined,
        { "retry-after": String(seconds) },
      );
    }
    const tier = input.look?.avatar_type ?? "studio_avatar";
    const price = this.settings.pricePerSecond[tier][resolution === "4k" ? "4k" : "standard"];
    const cost = Math.round(input.seconds * price * 10_000) / 10_000;
    if (cost > this.balanceUsd + 1e-9) {
      this.counters.insufficientCredit++;
      return errorReply(
        402,
        "insufficient_credit",
        `Your account has $${this.balanceUsd.toFixed(2)} but this video requires $${cost.toFixed(2)}.`,
      );
    }
    this.balanceUsd = Math.round((this.balanceUsd - cost) * 10_000) / 10_000;
    const fails =
      (this.settings.failWhenScriptIncludes !== undefined && (script ?? "").includes(this.settings.failWhenScriptIncludes)) ||
      this.random() < this.settings.renderFailureRate;
    const render: MockRender = {
      ...input,
      id: hexId(),
      createdAt: now,
      pendingMs: this.settings.renderTiming.pendingMs,
      processingMs: this.settings.renderTiming.processingMs,
      deleted: false,
      settled: false,
      cost,
      failure: fails ? { code: "rendering_failed", message: "Avatar rendering timed out" } : null,
    };
    this.renders.set(render.id, render);
    this.counters.paidRenders++;
    if (this.#paidFingerprints.has(render.fingerprint)) this.counters.duplicatePaidRenders++;
    this.#paidFingerprints.add(render.fingerprint);
    this.counters.peakConcurrentRenders = Math.max(this.counters.peakConcurrentRenders, active.length + 1);
    return render;
  }

  createVideo(request: MockRequest): MockReply {
    const valid = validateCreateVideo(request.body, this, 150);
    if ("status" in valid) return valid;
    const body = request.body as Record<string, unknown>;
    const admitted = this.#admit(
      {
        title: typeof body.title === "string" ? body.title : null,
        seconds: valid.seconds,
        captions: valid.captions,
        look: valid.look,
        callbackUrl: typeof body.callback_url === "string" ? body.callback_url : null,
        callbackId: typeof body.callback_id === "string" ? body.callback_id : null,
        folderId: typeof body.folder_id === "string" ? body.folder_id : null,
        fingerprint: fingerprintOf("POST /v3/videos", body),
      },
      valid.script,
      valid.resolution,
    );
    if ("status" in admitted) return admitted;
    return dataReply({ video_id: admitted.id, status: "waiting", output_format: body.output_format === "webm" ? "webm" : "mp4" });
  }

  getVideo(id: string): MockReply {
    const render = this.renders.get(id);
    if (!render || render.deleted) return errorReply(404, "not_found", `Video ${id} not found`);
    return dataReply(toVideoObject(render, this.now()));
  }

  listVideos(request: MockRequest): MockReply {
    const now = this.now();
    const videos = [...this.renders.values()]
      .filter((render) => !render.deleted)
      .reverse()
      .map((render) => toVideoObject(render, now));
    return pageReply(videos, request.url.searchParams, { min: 1, max: 100, fallback: 10 }, this.settings.maxPageSize);
  }

  deleteVideo(id: string): MockReply {
    const render = this.renders.get(id);
    if (!render || render.deleted) return errorReply(404, "not_found", `Video ${id} not found`);
    const status = renderStatusAt(render, this.now());
    render.deleted = true;
    this.counters.deletedRenders++;
    if (status !== "completed" && status !== "failed") this.balanceUsd += render.cost; // never finished, never charged
    return dataReply({ id, deleted: true });
  }

  videoStatuses(request: MockRequest): MockReply {
    const ids = (request.url.searchParams.get("video_ids") ?? "")
      .split(",")
      .map((id) => id.trim())
      .filter(Boolean);
    if (ids.length === 0) return invalidParameter("video_ids", "video_ids is required (comma-separated)");
    if (ids.length > 100) return invalidParameter("video_ids", "at most 100 video_ids per request");
    const now = this.now();
    const data = ids.map((id) => {
      const render = this.renders.get(id);
      if (!render || render.deleted) return { video_id: id, status: "not_found", error: null };
      const status = renderStatusAt(render, now);
      return {
        video_id: id,
        status: status === "pending" ? "queued" : status,
        error: status === "failed" ? { code: render.failure?.code, message: render.failure?.message } : null,
      };
    });
    return { status: 200, body: { data, has_more: false, next_token: null } };
  }

  renderTemplate(id: string, request: MockRequest): MockReply {
    const template = this.templates.get(id);
    if (!template) return errorReply(404, "template_not_found", `Template ${id} not found`);
    const body = request.body;
    if (!isObject(body) || !isObject(body.variables))
      return invalidParameter("variables", "variables is required (an object keyed by variable name)");
    const texts: Record<string, string> = {};
    for (const [name, value] of Object.entries(body.variables)) {
      if (!(name in template.variables)) return invalidParameter(`variables.${name}`, `template ${id} has no variable ${name}`);
      if (!isObject(value) || typeof value.type !== "string" || !isObject(value.properties)) {
        return invalidParameter(`variables.${name}`, "each variable is {name, type, properties}");
      }
      if (value.type === "text") texts[name] = String(value.properties.content ?? "");
    }
    if (body.dimension !== undefined && body.dimension !== null) {
      const dimension = body.dimension as { width?: unknown; height?: unknown };
      const ok = [dimension.width, dimension.height].every(
        (side) => Number.isInteger(side) && (side as number) % 2 === 0 && (side as number) >= 128 && (side as number) <= 4096,
      );
      if (!ok) return invalidParameter("dimension", "width and height must be even integers from 128 to 4096");
    }
    if (body.fps !== undefined && ![25, 30, 60].includes(body.fps as number)) return invalidParameter("fps", "fps must be 25, 30 or 60");
    const sceneIds = Array.isArray(body.scene_ids) ? (body.scene_ids as string[]) : template.scene_ids;
    for (const sceneId of sceneIds)
      if (!template.scene_ids.includes(sceneId)) return invalidParameter("scene_ids", `template ${id} has no scene ${sceneId}`);
    const script = sceneIds
      .map((sceneId) => template.scenes.find((scene) => scene.scene_id === sceneId)?.script ?? "")
      .join(" ")
      .replace(/\{\{(\w+)\}\}/g, (_, name: string) => texts[name] ?? String(template.variables[name]?.properties.content ?? ""));
    const words = script.split(/\s+/).filter(Boolean).length;
    const character = template.variables.presenter?.properties.character_id;
    const admitted = this.#admit(
      {
        title: typeof body.title === "string" ? body.title : template.name,
        seconds: Math.max(1, Math.round((words / 150) * 600) / 10),
        captions: body.caption === true || isObject(body.subtitles) ? { burnIn: true } : null,
        look: (typeof character === "string" && this.looks.get(character)) || null,
        callbackUrl: typeof body.callback_url === "string" ? body.callback_url : null,
        callbackId: typeof body.callback_id === "string" ? body.callback_id : null,
        folderId: typeof body.folder_id === "string" ? body.folder_id : null,
        fingerprint: fingerprintOf(`POST /v3/templates/${id}`, body),
      },
      script,
      "1080p",
    );
    if ("status" in admitted) return admitted;
    return dataReply(toVideoObject(admitted, this.now()));
  }

  me(): MockReply {
    return dataReply({
      username: "ops@example.com",
      email: "ops@example.com",
      first_name: "Ops",
      last_name: null,
      billing_type: "wallet",
      wallet: {
        currency: "usd",
        remaining_balance: Math.round(this.balanceUsd * 100) / 100,
        auto_reload: { enabled: false, amount_usd: null, threshold_usd: null },
      },
      subscription: null,
      usage_based: null,
    });
  }
}
