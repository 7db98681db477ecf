import { idSchema } from "@undercurrent/core";
import { z } from "zod";
import { toneSchema } from "./tone.js";

/** What a scene does in the script. */
export const sceneRoleSchema = z.enum(["hook", "body", "call-to-action"]);
/** What a scene does: `hook`, `body` or `call-to-action`. */
export type SceneRole = z.infer<typeof sceneRoleSchema>;

/** One scene: a few sentences the avatar speaks, with what to show and where the claims come from. */
export const scriptSceneSchema = z.object({
  /** 0-based position. */
  index: z.number().int().nonnegative(),
  role: sceneRoleSchema,
  /** What the avatar says. */
  text: z.string().trim().min(1),
  /** A short on-screen caption (a number, a phrase). */
  onScreenText: z.string().optional(),
  /** Ids of the items the scene's claims come from; empty for a hook or call to action that states no facts. */
  sourceItemIds: z.array(idSchema).default([]),
  /** True for a sentence the user gave (a campaign's key message), which needs no source. */
  userProvided: z.boolean().default(false),
  wordCount: z.number().int().nonnegative(),
  estimatedSeconds: z.number().nonnegative(),
});
/** One scene of a script (see {@link scriptSceneSchema}). */
export type ScriptScene = z.infer<typeof scriptSceneSchema>;

/** One QA check of a script. */
export const scriptCheckSchema = z.object({
  /** Check id: `structure`, `length-max`, `length-min`, `provider-limit`, `sources-traceable`, `numbers-traceable`, `banned-words`, `key-messages`. */
  name: z.string(),
  passed: z.boolean(),
  /** `error` fails the script; `warning` is reported only. */
  severity: z.enum(["error", "warning"]),
  message: z.string(),
  /** Path of the offending part, e.g. `scenes.2.text`, when there is one. */
  path: z.string().optional(),
});
/** One QA check of a script (see {@link scriptCheckSchema}). */
export type ScriptCheck = z.infer<typeof scriptCheckSchema>;

/** Result of {@link checkScript}. */
export const scriptQaReportSchema = z.object({
  /** True when no check of severity `error` failed. */
  passed: z.boolean(),
  checks: z.array(scriptCheckSchema),
  /** Failed checks of severity `error`. */
  errors: z.array(scriptCheckSchema),
  /** Failed checks of severity `warning`. */
  warnings: z.array(scriptCheckSchema),
});
/** The QA report of a script (see {@link scriptQaReportSchema}). */
export type ScriptQaReport = z.infer<typeof scriptQaReportSchema>;

/**
 * A video script: hook, body and call to action split into scenes, with the full spoken `text`, its length, the
 * sources of every claim and the QA report. Made by {@link writeScript}.
 */
export const videoScriptSchema = z.object({
  /** Stable id derived from the text (`script-<hash>`): the same words always get the same id. */
  id: idSchema,
  /** A title for the video. */
  title: z.string().trim().min(1),
  topic: z.string().trim().min(1),
  trendId: idSchema.optional(),
  /** The opening line. */
  hook: z.string().trim().min(1),
  /** The middle, as spoken. */
  body: z.string().trim().min(1),
  callToAction: z.string().trim().min(1),
  scenes: z.array(scriptSceneSchema).min(1),
  /** Everything the avatar says, scene after scene. */
  text: z.string().trim().min(1),
  wordCount: z.number().int().nonnegative(),
  /** Speaking time at `wordsPerMinute`. */
  estimatedSeconds: z.number().nonnegative(),
  /** The duration asked for. */
  targetSeconds: z.number().positive(),
  wordsPerMinute: z.number().positive(),
  tone: toneSchema,
  audience: z.string(),
  language: z.string().min(2),
  /** Every item cited by a scene. */
  sourceItemIds: z.array(idSchema).default([]),
  /** `extractive`, or the id of the `TextGenerator` that wrote it. */
  writer: z.string(),
  qa: scriptQaReportSchema,
  /** Things worth knowing (a generator's draft failed QA and the extractive writer took over, …). */
  warnings: z.array(z.string()).default([]),
});
/** A video script (output of {@link videoScriptSchema}). */
export type VideoScript = z.infer<typeof videoScriptSchema>;
/** A video script as accepted by {@link checkScript} (defaults may be left out). */
export type VideoScriptInput = z.input<typeof videoScriptSchema>;
