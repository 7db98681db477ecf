import { isAbortError, type TextGenerator, UndercurrentError } from "@undercurrent/core";
import { z } from "zod";
import type { ComposedVariant } from "./compose-variant.js";
import type { PieceAnalysis } from "./piece-analysis.js";
import { toHashtag } from "./piece-analysis.js";
import type { PlatformRules } from "./platform-rules.js";
import type { RepurposeSettings } from "./repurpose-options.js";

/** The shape a `TextGenerator` is asked for when rewriting a variant. */
export const generatedVariantSchema = z.object({
  /** YouTube only. */
  title: z.string().min(1).max(200).optional(),
  /** One entry per post (several only for a thread), without hashtags or links. */
  parts: z.array(z.string().min(1)).min(1).max(25),
  /** Hashtags without `#`. */
  hashtags: z.array(z.string().min(1)).default([]),
});

/** Asks the generator to rewrite an extractive variant for its platform; returns the rewrite, or why there is none. */
export async function rewriteWithGenerator(
  generator: TextGenerator,
  analysis: PieceAnalysis,
  rules: PlatformRules,
  draft: ComposedVariant,
  settings: RepurposeSettings,
): Promise<{ composed: ComposedVariant } | { warning: string }> {
  const maxHashtags = Math.min(settings.hashtagCounts[rules.platform] ?? rules.defaultHashtags, rules.maxHashtags);
  const thread = rules.platform === "x-thread";
  const prompt = [
    `Rewrite this content for ${rules.label}${thread ? " as a thread" : ""}${rules.platform === "youtube" ? " as a video title and description" : ""}.`,
    `Each post at most ${rules.limit - (thread ? 6 : 0) - 40} ${rules.unit}${rules.titleLimit ? `; the title at most ${rules.titleLimit} characters` : ""}.`,
    `Open with this hook (${draft.hook.style}): ${draft.hook.text}`,
    analysis.keyTerms.length > 0 ? `Keep these terms word for word: ${analysis.keyTerms.join(", ")}.` : "",
    `Return at most ${maxHashtags} hashtags separately, without #; put no hashtags and no links in the text.`,
    "Change the wording, not the facts: add no claim and no number that the original does not state.",
    `Original:\n${[analysis.piece.title, analysis.piece.text].filter(Boolean).join("\n\n")}`,
  ]
    .filter(Boolean)
    .join("\n");
  let answer: z.infer<typeof generatedVariantSchema>;
  try {
    const result = await generator.generate({
      prompt,
      system: `You adapt content to social platforms. Tone: ${settings.tone}. Language: ${analysis.piece.language}.`,
      schema: generatedVariantSchema,
      schemaName: "platform_variant",
      ...(settings.signal !== undefined && { signal: settings.signal }),
    });
    answer = result.object;
  } catch (error) {
    if (isAbortError(error)) throw error;
    const code = UndercurrentError.isInstance(error) ? `${error.code}: ` : "";
    return {
      warning: `${generator.id} failed (${code}${error instanceof Error ? error.message : String(error)}); kept the extractive variant`,
    };
  }

  const hashtags = answer.hashtags
    .map(toHashtag)
    .filter((tag): tag is string => tag !== undefined)
    .slice(0, maxHashtags);
  const link = analysis.piece.url && rules.linksClickable ? analysis.piece.url : undefined;
  const closing = [link, hashtags.length > 0 ? hashtags.map((tag) => `#${tag}`).join(" ") : undefined].filter(Boolean).join("\n\n");
  const parts = thread ? [...answer.parts] : [answer.parts.join("\n\n")];
  if (closing) parts[parts.length - 1] = `${parts.at(-1)}${rules.platform === "tiktok" ? " " : "\n\n"}${closing}`;
  const numbered = thread && parts.length > 1 ? parts.map((part, index) => `${part} ${index + 1}/${parts.length}`) : parts;
  const hookText = answer.parts[0]!.split(/(?<=[.!?])\s/)[0] ?? draft.hook.text;
  return {
    composed: {
      hook: { style: draft.hook.style, text: hookText },
      text: numbered.join("\n\n"),
      parts: numbered,
      ...(rules.platform === "youtube" && { title: answer.title ?? draft.title ?? hookText }),
      hashtags,
    },
  };
}
