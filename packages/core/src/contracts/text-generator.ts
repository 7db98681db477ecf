import type { z } from "zod";

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
