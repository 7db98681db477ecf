import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, type BaseMessage, HumanMessage, SystemMessage } from "@langchain/core/messages";
import {
  ConfigError,
  type GenerateRequest,
  type GenerateResult,
  generateRequestSchema,
  parseInput,
  parseOptions,
  ResponseValidationError,
  type TextGenerator,
  type TextUsage,
  toValidationIssues,
  type ValidationIssue,
} from "@undercurrent/core";
import { z } from "zod";
import { isOutputParsingError, mapLangChainError } from "./langchain-error.js";

/** US dollars per million tokens, for `usage.costUsd`. */
export interface LangChainPrice {
  inputPerMillionTokens: number;
  outputPerMillionTokens: number;
}

/** Options of {@link fromLangChainChatModel}. */
export interface LangChainChatModelOptions {
  /** The generator's `id`. Defaults to the model's `model`/`modelName` field, then its LangChain name. */
  id?: string;
  /**
   * How the model is asked for structure, passed to `withStructuredOutput`: `jsonSchema` (native structured output),
   * `functionCalling` (a tool call) or `jsonMode`. Defaults to the model's own choice.
   */
  method?: "jsonSchema" | "functionCalling" | "jsonMode";
  /** Passed to `withStructuredOutput` for providers that support strict schemas. */
  strict?: boolean;
  /** Ask once more, quoting the validation errors, when the answer does not match the schema. Defaults to `true`. */
  repair?: boolean;
  /** Price of the model, for `usage.costUsd`. Without it, cost is left out. */
  price?: LangChainPrice;
  /** Time allowed for one model call, in milliseconds (LangChain's `timeout` call option). */
  timeoutMs?: number;
}

const optionsSchema = z.strictObject({
  id: z.string().trim().min(1).optional(),
  method: z.enum(["jsonSchema", "functionCalling", "jsonMode"], { error: "expected jsonSchema, functionCalling or jsonMode" }).optional(),
  strict: z.boolean().optional(),
  repair: z.boolean().default(true),
  price: z.strictObject({ inputPerMillionTokens: z.number().nonnegative(), outputPerMillionTokens: z.number().nonnegative() }).optional(),
  timeoutMs: z.number().int().positive().optional(),
});

type StructuredRunnable = { invoke(input: BaseMessage[], options?: { signal?: AbortSignal; timeout?: number }): Promise<unknown> };

/** What one structured call gave back. */
interface Answer {
  candidate: unknown;
  /** The answer as text, for the repair message. */
  text: string;
  raw: AIMessage | undefined;
  parseError?: string;
}

function modelName(model: BaseChatModel): string {
  const fields = model as unknown as { model?: unknown; modelName?: unknown };
  if (typeof fields.model === "string" && fields.model) return fields.model;
  if (typeof fields.modelName === "string" && fields.modelName) return fields.modelName;
  return model.getName();
}

function textOf(message: AIMessage): string {
  if (typeof message.content === "string") return message.content;
  return message.content
    .map((block) => (typeof block === "object" && block !== null && "text" in block ? String(block.text) : ""))
    .join("");
}

function readOutput(output: unknown): Answer {
  if (typeof output === "object" && output !== null && "raw" in output && AIMessage.isInstance((output as { raw: unknown }).raw)) {
    const { raw, parsed } = output as { raw: AIMessage; parsed: unknown };
    const toolArgs = raw.tool_calls?.[0]?.args;
    const text = toolArgs !== undefined ? JSON.stringify(toolArgs) : textOf(raw);
    if (parsed !== null && parsed !== undefined) return { candidate: parsed, text, raw };
    if (toolArgs !== undefined) return { candidate: toolArgs, text, raw };
    try {
      return { candidate: JSON.parse(text), text, raw };
    } catch (error) {
      return { candidate: undefined, text, raw, parseError: `not valid JSON (${(error as Error).message})` };
    }
  }
  return { candidate: output, text: JSON.stringify(output) ?? "", raw: undefined };
}

/**
 * Turns any @langchain/core chat model into a `TextGenerator`: the request's zod schema goes to
 * `model.withStructuredOutput(schema, { includeRaw: true })` (a non-object root is wrapped in `{ value }`), the answer
 * is validated with zod, an invalid one is sent back once with the validation errors (`repair`), and token usage is
 * read from the raw message's `usage_metadata` when the model reports it. `temperature` and `maxOutputTokens` belong
 * to the LangChain model's own settings: a request's values are ignored with a warning.
 */
export function fromLangChainChatModel(model: BaseChatModel, options: LangChainChatModelOptions = {}): TextGenerator {
  if (typeof (model as { withStructuredOutput?: unknown })?.withStructuredOutput !== "function") {
    throw new ConfigError({
      context: "fromLangChainChatModel",
      issues: [{ path: "model", message: "expected a LangChain chat model with withStructuredOutput()" }],
    });
  }
  const settings = parseOptions(optionsSchema, options ?? {}, "fromLangChainChatModel");
  const id = settings.id ?? modelName(model);

  const generate = async <Schema extends z.ZodType>(request: GenerateRequest<Schema>): Promise<GenerateResult<z.output<Schema>>> => {
    const checked = parseInput(generateRequestSchema, request, "LangChainTextGenerator.generate", "request");
    const signal = request.signal;
    signal?.throwIfAborted();
    const warnings: string[] = [];
    if (checked.temperature !== undefined) warnings.push("temperature is set on the LangChain model; the request's value was ignored");
    if (checked.maxOutputTokens !== undefined)
      warnings.push("maxOutputTokens is set on the LangChain model; the request's value was ignored");

    const wrapped = !(request.schema instanceof z.ZodObject);
    const outputSchema = wrapped ? z.object({ value: request.schema }) : request.schema;
    const structured = (model.withStructuredOutput as (schema: unknown, config: object) => StructuredRunnable).call(model, outputSchema, {
      name: checked.schemaName ?? "result",
      includeRaw: true,
      ...(settings.method && { method: settings.method }),
      ...(settings.strict !== undefined && { strict: settings.strict }),
    });

    const messages: BaseMessage[] = [];
    if (checked.system) messages.push(new SystemMessage(checked.system));
    messages.push(new HumanMessage(checked.prompt));
    const usage: TextUsage = { inputTokens: 0, outputTokens: 0 };
    let reported = false;
    let answeringModel = id;

    const call = async (): Promise<Answer> => {
      let output: unknown;
      try {
        output = await structured.invoke(messages, {
          ...(signal && { signal }),
          ...(settings.timeoutMs && { timeout: settings.timeoutMs }),
        });
      } catch (error) {
        signal?.throwIfAborted();
        if (isOutputParsingError(error))
          return { candidate: undefined, text: "", raw: undefined, parseError: `unparseable answer (${(error as Error).message})` };
        throw mapLangChainError(error, `${id} structured call`);
      }
      signal?.throwIfAborted(); // a model that ignores the signal must not return after an abort
      const answer = readOutput(output);
      const metadata = answer.raw?.usage_metadata;
      if (metadata) {
        reported = true;
        usage.inputTokens += metadata.input_tokens ?? 0;
        usage.outputTokens += metadata.output_tokens ?? 0;
      }
      const responseModel = answer.raw?.response_metadata?.model_name ?? answer.raw?.response_metadata?.model;
      if (typeof responseModel === "string" && responseModel) answeringModel = responseModel;
      return answer;
    };

    const validate = (answer: Answer): { ok: true; value: unknown } | { ok: false; issues: ValidationIssue[] } => {
      if (answer.parseError) return { ok: false, issues: [{ path: "", message: answer.parseError }] };
      const result = outputSchema.safeParse(answer.candidate);
      if (!result.success) return { ok: false, issues: toValidationIssues(result.error.issues) };
      return { ok: true, value: wrapped ? (result.data as { value: unknown }).value : result.data };
    };

    let answer = await call();
    let verdict = validate(answer);
    if (!verdict.ok && settings.repair) {
      warnings.push(`the first answer did not match the schema (${verdict.issues.length} issue(s)); repaired`);
      const list = verdict.issues
        .slice(0, 20)
        .map((issue) => `- ${issue.path || "(root)"}: ${issue.message}`)
        .join("\n");
      if (answer.text) messages.push(new AIMessage(answer.text.slice(0, 20_000)));
      messages.push(
        new HumanMessage(`Your answer does not match the required schema:\n${list}\nAnswer again with the complete, corrected object.`),
      );
      answer = await call();
      verdict = validate(answer);
    }
    if (!verdict.ok)
      throw new ResponseValidationError({ code: "LANGCHAIN_OUTPUT_INVALID", url: `langchain:${id}`, issues: verdict.issues });

    const price = settings.price;
    if (reported && price) {
      const cost = (usage.inputTokens * price.inputPerMillionTokens + usage.outputTokens * price.outputPerMillionTokens) / 1_000_000;
      usage.costUsd = Math.round(cost * 1e8) / 1e8;
    }
    return {
      object: verdict.value as z.output<Schema>,
      ...(reported ? { usage } : {}),
      model: answeringModel,
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  };

  return { specVersion: "v1", id, generate } satisfies TextGenerator;
}
