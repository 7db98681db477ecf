import type { BaseChatModelParams } from "@langchain/core/language_models/chat_models";
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, type BaseMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";

/** One scripted answer: a tool call with `args`, or plain `text`, or a thrown `error`. */
export interface ScriptedTurn {
  args?: Record<string, unknown>;
  text?: string;
  usage?: { input_tokens: number; output_tokens: number };
  error?: Error;
  /** Wait this long before answering (to test abort). */
  delayMs?: number;
}

interface Shared {
  turns: ScriptedTurn[];
  next: number;
  received: BaseMessage[][];
  tools: unknown[];
}

/**
 * A real LangChain chat model (a `BaseChatModel` subclass) that answers from a script with tool calls, the way
 * OpenAI/Anthropic models answer `withStructuredOutput` in function-calling mode, with `usage_metadata`. Uses
 * LangChain's own `withStructuredOutput` (bindTools + tool-call parser), not a mock of our adapter.
 */
export class ScriptedToolChatModel extends BaseChatModel {
  private readonly shared: Shared;
  private toolName = "extract";
  readonly model = "scripted-tools-1";

  constructor(turns: ScriptedTurn[], params: BaseChatModelParams = {}, shared?: Shared) {
    super(params);
    this.shared = shared ?? { turns, next: 0, received: [], tools: [] };
  }

  /** The messages of every call, in order. */
  get received(): BaseMessage[][] {
    return this.shared.received;
  }

  /** The tools bound by `withStructuredOutput`. */
  get tools(): unknown[] {
    return this.shared.tools;
  }

  _llmType(): string {
    return "scripted-tools";
  }

  override bindTools(tools: unknown[]) {
    const bound = new ScriptedToolChatModel([], {}, this.shared);
    const first = tools[0] as { function?: { name?: string }; name?: string } | undefined;
    bound.toolName = first?.function?.name ?? first?.name ?? "extract";
    this.shared.tools.push(...tools);
    return bound;
  }

  async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"]): Promise<ChatResult> {
    this.shared.received.push(messages);
    const turn = this.shared.turns[Math.min(this.shared.next++, this.shared.turns.length - 1)] ?? {};
    if (turn.delayMs) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, turn.delayMs);
        options.signal?.addEventListener("abort", () => {
          clearTimeout(timer);
          reject(options.signal?.reason);
        });
      });
    }
    if (turn.error) throw turn.error;
    const message = new AIMessage({
      content: turn.text ?? "",
      tool_calls: turn.args ? [{ name: this.toolName, args: turn.args, id: `call_${this.shared.next}`, type: "tool_call" }] : [],
      ...(turn.usage && { usage_metadata: { ...turn.usage, total_tokens: turn.usage.input_tokens + turn.usage.output_tokens } }),
      response_metadata: { model_name: "scripted-tools-1-2026-01-01" },
    });
    return { generations: [{ text: turn.text ?? "", message }] };
  }
}
