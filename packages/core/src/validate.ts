import type { z } from "zod";
import { ConfigError, toValidationIssues, ValidationError } from "./errors.js";

/**
 * Validates options with a strict zod schema and returns the parsed value.
 * A failure is a {@link ConfigError} whose message names each field and what was expected,
 * prefixed with `context` (the factory or method name), under `root` (`options` unless told otherwise).
 */
export function parseOptions<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  context: string,
  root = "options",
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ConfigError({ context, issues: toValidationIssues(result.error.issues, root) });
}

/**
 * Validates data (not options) with a schema and returns the parsed value.
 * A failure is a {@link ValidationError} naming each field under `root`, prefixed with `context`.
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, value: unknown, context: string, root = ""): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError({ context, issues: toValidationIssues(result.error.issues, root) });
}
