import type { Embedder, TextGenerator } from "@undercurrent/core";
import { z } from "zod";
import { toneSchema } from "../script/tone.js";
import { repurposePlatformSchema, repurposePlatforms } from "./platform-rules.js";

/** Opening styles of the A/B variants, in the order variants get them. */
export const hookStyleOrder = ["headline", "statistic", "question", "takeaway"] as const;
/** How a variant opens. */
export type RepurposeHookStyle = (typeof hookStyleOrder)[number];

const platformNumbers = z.partialRecord(repurposePlatformSchema, z.number().int().nonnegative());

/** Options of {@link repurpose}. */
export const repurposeOptionsSchema = z.strictObject({
  /** Platforms to write for; all of them by default. */
  platforms: z
    .array(repurposePlatformSchema)
    .min(1)
    .default([...repurposePlatforms]),
  /** A/B variants per platform, each with a different hook (headline, statistic, question, takeaway). */
  variants: z.number().int().min(1).max(hookStyleOrder.length).default(1),
  /** Embeds the piece and every variant to check the message is kept; core's local embedder by default. */
  embedder: z
    .custom<Embedder>((value) => typeof value === "object" && value !== null && typeof (value as Embedder).embed === "function", {
      message: "expected an Embedder (an object with embed())",
    })
    .optional(),
  /**
   * Lowest cosine similarity between the piece and a variant for the message to count as kept. The default suits core's
   * lexical local embedder (a faithful 280-character summary scores about 0.4–0.6, an unrelated text about 0); with a
   * hosted semantic embedder 0.5 or more is stricter.
   */
  similarityThreshold: z.number().min(0).max(1).default(0.3),
  /** Key terms every variant must keep (the piece's own `keyTerms` first, then its most frequent key phrases). */
  keyTermCount: z.number().int().min(0).max(10).default(3),
  /** Hashtags added per platform, overriding the platform's default (never above its maximum). */
  hashtagCounts: platformNumbers.default({}),
  /** Lengths to aim for per platform, overriding the defaults (never above the limit). */
  targetLengths: platformNumbers.default({}),
  /** Tone of the question hook. */
  tone: toneSchema.default("neutral"),
  /** Rewrites each variant with this model; the same limits and checks apply, and a failing answer falls back to the extractive variant. */
  textGenerator: z
    .custom<TextGenerator>(
      (value) => typeof value === "object" && value !== null && typeof (value as TextGenerator).generate === "function",
      {
        message: "expected a TextGenerator (an object with generate())",
      },
    )
    .optional(),
  signal: z.custom<AbortSignal>((value) => value instanceof AbortSignal, { message: "expected an AbortSignal" }).optional(),
});
/** Options of {@link repurpose}. */
export type RepurposeOptions = z.input<typeof repurposeOptionsSchema>;
/** Options of {@link repurpose} with defaults applied. */
export type RepurposeSettings = z.output<typeof repurposeOptionsSchema>;
