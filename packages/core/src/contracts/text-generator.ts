import { z } from "zod";

/** Token usage and cost of one generation. */
export interface TextUsage {
  inputTokens: number;
  outputTokens: number;
  /** Cost in US dollars, when the implementation knows the price. */
  costUsd?: number;
}

/** One structured generation request. */
export interface GenerateRequest<Schema extends z.ZodType> {
  /** The task. */
  prompt: string;
  /** Standing instructions (tone, audience, rules). */
  system?: string;
  /** The shape wanted; the result is validated against it. */
  schema: Schema;
  /** Name of the schema, for providers that want one. */
  schemaName?: string;
  temperature?: number;
  maxOutputTokens?: number;
  signal?: AbortSignal;
}

/** A validated generation. */
export interface GenerateResult<T> {
  object: T;
  usage?: TextUsage;
  /** Model that answered. */
  model?: string;
  warnings?: string[];
}

/**
 * Prompt plus zod schema in, validated object out. Implementations repair or retry once on invalid
 * output and throw a `ResponseValidationError` if it is still invalid.
 */
export interface TextGenerator {
  /** Contract version this object implements. */
  readonly specVersion: "v1";
  /** Model or implementation id, e.g. `gpt-4.1-mini`, `extractive`. */
  readonly id: string;
  /** Generates an object matching `request.schema`. */
  generate<Schema extends z.ZodType>(request: GenerateRequest<Schema>): Promise<GenerateResult<z.output<Schema>>>;
}

/**
 * Checks a {@link GenerateRequest} before a generator spends anything: a non-empty prompt, a zod schema, a schema
 * name providers accept, temperature 0–2, a positive token budget, an `AbortSignal`. Generators pass it to
 * `parseInput` so a bad request is a `ValidationError` naming the field.
 */
export const generateRequestSchema = z.object({
  prompt: z.string({ error: "expected a string" }).refine((value) => value.trim().length > 0, "expected a non-empty prompt"),
  system: z.string().optional(),
  schema: z.custom<z.ZodType>((value) => typeof value === "object" && value !== null && "_zod" in value, {
    error: "expected a zod schema",
  }),
  schemaName: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "expected 1–64 letters, digits, _ or -")
    .optional(),
  temperature: z.number().min(0).max(2, "expected 0–2").optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  signal: z.instanceof(AbortSignal, { error: "expected an AbortSignal" }).optional(),
});
