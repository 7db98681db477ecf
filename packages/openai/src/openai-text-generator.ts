import {
  type GenerateRequest,
  type GenerateResult,
  generateRequestSchema,
  parseInput,
  ResponseValidationError,
  type TextGenerator,
  type TextUsage,
  toValidationIssues,
  UndercurrentError,
  type ValidationIssue,
} from "@undercurrent/core";
import type OpenAI from "openai";
import { z } from "zod";
import {
  createClient,
  createUsageMeter,
  type OpenAIUsageTotals,
  parseFactoryOptions,
  resolveApiKey,
  resolveBaseURL,
} from "./openai-connection.js";
import { mapOpenAIError, notJsonError, redactSecrets } from "./openai-error.js";
import { costOf, findPrice, openAIPrices } from "./openai-prices.js";
import { type OpenAITextGeneratorOptions, openAITextGeneratorOptionsSchema } from "./openai-text-generator-options.js";
import { dropAddedNulls, type StructuredOutputSchema, toStructuredOutputSchema } from "./structured-output-schema.js";

const context = "createOpenAITextGenerator";

/** A `TextGenerator` on OpenAI's chat completions, with running usage totals. */
export interface OpenAITextGenerator extends TextGenerator {
  /** The model requests name. */
  readonly model: string;
  /** Tokens and cost of every request so far (repair retries included). */
  usage(): OpenAIUsageTotals;
}

// Lenient: only what is read.
const completionSchema = z.object({
  model: z.string().nullish(),
  choices: z
    .array(
      z.object({
        finish_reason: z.string().nullish(),
        message: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }),
      }),
    )
    .min(1, "expected at least one choice"),
  usage: z
    .object({
      prompt_tokens: z.number().nonnegative(),
      completion_tokens: z.number().nonnegative(),
      prompt_tokens_details: z.object({ cached_tokens: z.number().nonnegative().nullish() }).nullish(),
    })
    .nullish(),
});

type Completion = z.output<typeof completionSchema>;

/** o-series and gpt-5 reasoning models reject `temperature`. */
const isReasoningModel = (model: string) => /^(o\d|gpt-5)/.test(model);

type Attempt = { ok: true; value: unknown } | { ok: false; issues: ValidationIssue[]; content: string };

function readAnswer<Schema extends z.ZodType>(content: string, format: StructuredOutputSchema, schema: Schema): Attempt {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (error) {
    return { ok: false, content, issues: [{ path: "", message: `not valid JSON (${(error as Error).message})` }] };
  }
  if (format.wrapped) {
    if (typeof data !== "object" || data === null || !("value" in data)) {
      return { ok: false, content, issues: [{ path: "value", message: 'expected the answer under "value"' }] };
    }
    data = (data as { value: unknown }).value;
  }
  const cleaned = format.strict ? dropAddedNulls(data, format.original) : data;
  const result = schema.safeParse(cleaned);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, content, issues: toValidationIssues(result.error.issues) };
}

function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues
    .slice(0, 20)
    .map((issue) => `- ${issue.path || "(root)"}: ${issue.message}`)
    .join("\n");
}

/**
 * A `TextGenerator` on OpenAI's chat completions through the official SDK, with Structured Outputs: the request's
 * zod schema becomes a strict `response_format: { type: "json_schema" }` (see {@link toStructuredOutputSchema}), the
 * answer is parsed and validated with zod, and an invalid answer is sent back once with the validation errors
 * (`repair`). Refusals, content filtering and truncated answers are typed errors. Each result carries token usage
 * and its cost from the price table (both calls when repaired). The API key is read at call time.
 */
export function createOpenAITextGenerator(options: OpenAITextGeneratorOptions = {}): OpenAITextGenerator {
  const settings = parseFactoryOptions(openAITextGeneratorOptionsSchema, options, context);
  const prices = { ...openAIPrices, ...settings.prices };
  const meter = createUsageMeter(settings.onUsage);
  const logger = settings.logger;

  const generate = async <Schema extends z.ZodType>(request: GenerateRequest<Schema>): Promise<GenerateResult<z.output<Schema>>> => {
    const checked = parseInput(generateRequestSchema, request, "OpenAITextGenerator.generate", "request");
    const signal = request.signal;
    signal?.throwIfAborted();
    const warnings: string[] = [];
    const format = toStructuredOutputSchema(request.schema);
    warnings.push(...format.warnings);

    const temperature = checked.temperature ?? settings.temperature;
    const maxOutputTokens = checked.maxOutputTokens ?? settings.maxOutputTokens;
    const sendTemperature = temperature !== undefined && !isReasoningModel(settings.model);
    if (temperature !== undefined && !sendTemperature) warnings.push(`temperature is not supported by ${settings.model}; ignored`);

    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [];
    if (checked.system) messages.push({ role: "system", content: checked.system });
    messages.push({ role: "user", content: checked.prompt });

    const apiKey = await resolveApiKey(settings, context);
    const baseURL = resolveBaseURL(settings, context);
    const url = `${baseURL}/chat/completions`;
    const client = createClient(settings, apiKey, baseURL);
    const usage: Required<TextUsage> & { priced: boolean } = { inputTokens: 0, outputTokens: 0, costUsd: 0, priced: true };
    let answeringModel = settings.model;

    const call = async (): Promise<Completion> => {
      let raw: unknown;
      try {
        raw = await client.chat.completions.create(
          {
            model: settings.model,
            messages,
            response_format: {
              type: "json_schema",
              json_schema: { name: checked.schemaName ?? "result", strict: format.strict, schema: format.jsonSchema },
            },
            ...(sendTemperature && { temperature }),
            ...(maxOutputTokens !== undefined && { max_completion_tokens: maxOutputTokens }),
          },
          { signal, timeout: settings.timeoutMs },
        );
      } catch (error) {
        throw mapOpenAIError(error, { url, signal, secrets: [apiKey], timeoutMs: settings.timeoutMs });
      }
      if (typeof raw === "string") throw notJsonError(raw, url);
      const parsed = completionSchema.safeParse(raw);
      if (!parsed.success) throw new ResponseValidationError({ url, issues: toValidationIssues(parsed.error.issues) });
      const completion = parsed.data;
      answeringModel = completion.model ?? settings.model;
      const tokens = {
        inputTokens: completion.usage?.prompt_tokens ?? 0,
        outputTokens: completion.usage?.completion_tokens ?? 0,
        cachedInputTokens: completion.usage?.prompt_tokens_details?.cached_tokens ?? 0,
      };
      const price = findPrice(answeringModel, prices) ?? findPrice(settings.model, prices);
      const costUsd = price ? costOf(tokens, price) : undefined;
      usage.inputTokens += tokens.inputTokens;
      usage.outputTokens += tokens.outputTokens;
      if (costUsd === undefined) usage.priced = false;
      else usage.costUsd += costUsd;
      meter.record({
        operation: "generate",
        model: answeringModel,
        inputTokens: tokens.inputTokens,
        outputTokens: tokens.outputTokens,
        ...(costUsd !== undefined && { costUsd }),
      });
      return completion;
    };

    const contentOf = (completion: Completion): string => {
      const choice = completion.choices[0]!;
      const refusal = choice.message.refusal;
      if (refusal) {
        throw new UndercurrentError({ code: "OPENAI_REFUSED", message: `${answeringModel} refused: ${redactSecrets(refusal, [apiKey])}` });
      }
      if (choice.finish_reason === "content_filter") {
        throw new UndercurrentError({
          code: "OPENAI_CONTENT_FILTERED",
          message: `${answeringModel}'s answer was blocked by the content filter`,
        });
      }
      if (choice.finish_reason === "length") {
        throw new UndercurrentError({
          code: "OPENAI_OUTPUT_TRUNCATED",
          message: `${answeringModel} stopped at the output token limit${maxOutputTokens ? ` (${maxOutputTokens})` : ""} before the JSON was complete; raise maxOutputTokens`,
        });
      }
      return choice.message.content ?? "";
    };

    let attempt = readAnswer(contentOf(await call()), format, request.schema);
    if (!attempt.ok && settings.repair) {
      logger.debug("openai answer did not match the schema; repairing", { model: settings.model, issues: attempt.issues.length });
      warnings.push(`the first answer did not match the schema (${attempt.issues.length} issue(s)); repaired`);
      messages.push(
        { role: "assistant", content: attempt.content.slice(0, 20_000) },
        {
          role: "user",
          content: `Your answer does not match the required JSON schema:\n${describeIssues(attempt.issues)}\nAnswer again with the complete JSON object, corrected.`,
        },
      );
      attempt = readAnswer(contentOf(await call()), format, request.schema);
    }
    if (!attempt.ok) {
      throw new ResponseValidationError({ code: "OPENAI_OUTPUT_INVALID", url, issues: attempt.issues });
    }
    return {
      object: attempt.value as z.output<Schema>,
      usage: {
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        ...(usage.priced && { costUsd: Math.round(usage.costUsd * 1e8) / 1e8 }),
      },
      model: answeringModel,
      ...(warnings.length > 0 && { warnings }),
    };
  };

  return {
    specVersion: "v1",
    id: settings.model,
    model: settings.model,
    generate,
    usage: meter.totals,
  } satisfies OpenAITextGenerator;
}
