import type { TextGenerator } from "@undercurrent/core";
import { z } from "zod";
import { toneSchema } from "./tone.js";

const textGeneratorSchema = z.custom<TextGenerator>(
  (value) => typeof value === "object" && value !== null && typeof (value as TextGenerator).generate === "function",
  { message: "expected a TextGenerator (an object with generate())" },
);

/** How a script opens: a question, the strongest number, a plain statement, or chosen from the brief (`auto`). */
export const hookStyleSchema = z.enum(["auto", "question", "statistic", "statement"]);
/** How a script opens: `auto`, `question`, `statistic` or `statement`. */
export type HookStyle = z.infer<typeof hookStyleSchema>;

/** Options of {@link writeScript}. */
export const writeScriptOptionsSchema = z.strictObject({
  /** Target length of the video in seconds; the word budget is `durationSeconds × wordsPerMinute / 60`. */
  durationSeconds: z.number().min(5).max(1_200).default(60),
  /** Speaking rate used for the budget and the estimate. */
  wordsPerMinute: z.number().min(60).max(260).default(150),
  /** Share over the budget still accepted (0.1 = 10%); more is a `length-max` error. */
  lengthTolerance: z.number().min(0).max(0.5).default(0.1),
  tone: toneSchema.default("neutral"),
  /** Who the video is for, in plain words (`developers`, `small business owners`). */
  audience: z.string().trim().min(1).max(200).default("general audience"),
  /** BCP 47 language; defaults to the brief's. */
  language: z.string().min(2).optional(),
  hookStyle: hookStyleSchema.default("auto"),
  /** The angle of this video (campaigns give each video one): facts about it come first, and it shapes the title. */
  angle: z.string().trim().min(1).max(300).optional(),
  /** Sentences that must be said as given (a campaign's key messages); they need no source. */
  keyMessages: z.array(z.string().trim().min(1).max(500)).max(10).default([]),
  /** The closing line; a tone-appropriate one otherwise. */
  callToAction: z.string().trim().min(1).max(300).optional(),
  /** A title; derived from the topic and angle otherwise. */
  title: z.string().trim().min(1).max(200).optional(),
  /** Words and phrases the script must not contain (case-insensitive, whole words). */
  bannedWords: z.array(z.string().trim().min(1)).default([]),
  /** Writes with this model (asking for a structured script); the same QA runs on its answer. */
  textGenerator: textGeneratorSchema.optional(),
  /** When the generator fails or its script fails QA twice, write extractively instead of throwing. */
  fallbackToExtractive: z.boolean().default(true),
  /** Throw a `ScriptQaError` when the final script fails a QA check of severity `error`; else return it with the report. */
  requireQaPass: z.boolean().default(true),
  signal: z.custom<AbortSignal>((value) => value instanceof AbortSignal, { message: "expected an AbortSignal" }).optional(),
});
/** Options of {@link writeScript}. */
export type WriteScriptOptions = z.input<typeof writeScriptOptionsSchema>;
/** Options of {@link writeScript} with defaults applied. */
export type WriteScriptSettings = z.output<typeof writeScriptOptionsSchema>;

/** Words for a duration at a speaking rate. */
export function wordBudget(
  durationSeconds: number,
  wordsPerMinute: number,
  lengthTolerance = 0.1,
): { target: number; max: number; min: number } {
  const target = Math.max(1, Math.round((durationSeconds * wordsPerMinute) / 60));
  return { target, max: Math.floor(target * (1 + lengthTolerance)), min: Math.floor(target * 0.5) };
}
