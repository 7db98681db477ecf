import { parseInput, ValidationError } from "@undercurrent/core";
import { z } from "zod";
import { dataSchema, heyGenTemplateSchema, heyGenTemplateSummarySchema, heyGenVideoSchema } from "./heygen-api.js";
import type { CatalogueCache } from "./heygen-catalogue-cache.js";
import { checkIdempotencyKey, type HeyGenClient, notFoundAs } from "./heygen-client.js";
import { toRenderStatus } from "./heygen-mapping.js";
import type { HeyGenVideoProviderSettings } from "./heygen-video-provider-options.js";
import type { HeyGenTemplate, HeyGenTemplateRenderInput, HeyGenVideoProvider } from "./heygen-video-provider-types.js";

const templateRenderInputSchema = z.strictObject({
  variables: z.record(z.string().min(1), z.union([z.string(), z.record(z.string(), z.unknown())])),
  title: z.string().max(200).optional(),
  caption: z.boolean().optional(),
  dimension: z
    .strictObject({
      width: z.number().int().min(128).max(4096).multipleOf(2, "expected an even number"),
      height: z.number().int().min(128).max(4096).multipleOf(2, "expected an even number"),
    })
    .optional(),
  fps: z.union([z.literal(25), z.literal(30), z.literal(60)], { error: "expected 25, 30 or 60" }).optional(),
  sceneIds: z.array(z.string().min(1)).min(1).optional(),
  callbackUrl: z.url({ protocol: /^https?$/ }).optional(),
  callbackId: z.string().min(1).max(255).optional(),
  folderId: z.string().min(1).optional(),
});

/** The provider's template calls: list (cached), read variables and scenes (cached), render with variables. */
export function createTemplateOperations(
  client: HeyGenClient,
  cache: CatalogueCache,
  settings: HeyGenVideoProviderSettings,
): Pick<HeyGenVideoProvider, "listTemplates" | "getTemplate" | "renderTemplate"> {
  const { call, listAll } = client;
  const operations: Pick<HeyGenVideoProvider, "listTemplates" | "getTemplate" | "renderTemplate"> = {
    async listTemplates({ signal, refresh } = {}) {
      const templates = await cache.get(
        "templates",
        () => listAll("/v3/templates", heyGenTemplateSummarySchema, { limit: 100 }, signal),
        refresh,
      );
      return templates.map((template) => ({
        id: template.id,
        name: template.name,
        ...(template.aspect_ratio && { aspectRatio: template.aspect_ratio }),
        ...(template.thumbnail_url && { thumbnailUrl: template.thumbnail_url }),
      }));
    },

    async getTemplate(templateId, { signal, refresh } = {}) {
      return cache.get(
        `template:${templateId}`,
        async (): Promise<HeyGenTemplate> => {
          const { data } = await call(`/v3/templates/${encodeURIComponent(templateId)}`, {
            schema: dataSchema(heyGenTemplateSchema),
            ...(signal && { signal }),
          }).catch((error: unknown) => {
            throw notFoundAs(error, "HEYGEN_TEMPLATE_NOT_FOUND", `HeyGen has no template "${templateId}"`);
          });
          return {
            id: data.id,
            name: data.name,
            ...(data.aspect_ratio && { aspectRatio: data.aspect_ratio }),
            ...(data.thumbnail_url && { thumbnailUrl: data.thumbnail_url }),
            sceneIds: data.scene_ids ?? [],
            scenes: (data.scenes ?? []).map((scene) => ({
              sceneId: scene.scene_id,
              ...(scene.script && { script: scene.script }),
              variables: (scene.variables ?? []).map((variable) => ({ name: variable.name, type: variable.variable_type })),
            })),
            variables: data.variables ?? {},
          };
        },
        refresh,
      );
    },

    async renderTemplate(templateId, input: HeyGenTemplateRenderInput, { idempotencyKey, signal }) {
      signal?.throwIfAborted();
      const request = parseInput(templateRenderInputSchema, input, "renderTemplate", "input");
      const key = checkIdempotencyKey(idempotencyKey, "renderTemplate");
      if (settings.validateIds) {
        const template = await operations.getTemplate(templateId, signal ? { signal } : {});
        const known = new Set([
          ...Object.keys(template.variables),
          ...template.scenes.flatMap((scene) => scene.variables.map((v) => v.name)),
        ]);
        const unknown = Object.keys(request.variables).filter((name) => !known.has(name));
        if (unknown.length > 0) {
          throw new ValidationError({
            context: "renderTemplate",
            issues: unknown.map((name) => ({
              path: `input.variables.${name}`,
              message: `template "${templateId}" has no such variable (it has ${[...known].join(", ") || "none"})`,
            })),
          });
        }
      }
      const variables = Object.fromEntries(
        Object.entries(request.variables).map(([name, value]) => [
          name,
          typeof value === "string" ? { name, type: "text", properties: { content: value } } : { name, ...value },
        ]),
      );
      const body: Record<string, unknown> = { variables };
      if (request.title !== undefined) body.title = request.title;
      if (request.caption !== undefined) body.caption = request.caption;
      if (request.dimension) body.dimension = request.dimension;
      if (request.fps !== undefined) body.fps = request.fps;
      if (request.sceneIds) body.scene_ids = request.sceneIds;
      if (request.callbackUrl) body.callback_url = request.callbackUrl;
      if (request.callbackId) body.callback_id = request.callbackId;
      if (request.folderId) body.folder_id = request.folderId;
      const { data } = await call(`/v3/templates/${encodeURIComponent(templateId)}`, {
        method: "POST",
        json: body,
        schema: dataSchema(heyGenVideoSchema),
        idempotencyKey: key,
        paidCreate: true,
        ...(signal && { signal }),
      }).catch((error: unknown) => {
        throw notFoundAs(error, "HEYGEN_TEMPLATE_NOT_FOUND", `HeyGen has no template "${templateId}"`);
      });
      return toRenderStatus(data);
    },
  };
  return operations;
}
