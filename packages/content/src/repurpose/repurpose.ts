import { createLocalEmbedder, parseInput, parseOptions, ValidationError } from "@undercurrent/core";
import { type ComposedVariant, composeVariant, type Hook, hooksFor } from "./compose-variant.js";
import { type ContentPiece, type ContentPieceInput, contentPieceSchema } from "./content-piece-schema.js";
import { rewriteWithGenerator } from "./generated-variant.js";
import { analyzePiece } from "./piece-analysis.js";
import { platformRules, type RepurposePlatform } from "./platform-rules.js";
import type { PlatformVariant, RepurposeResult } from "./platform-variant.js";
import { preflight } from "./preflight.js";
import { measurePreservation } from "./preservation.js";
import { type RepurposeOptions, repurposeOptionsSchema } from "./repurpose-options.js";
import { findUrls } from "./text-length.js";

const context = "repurpose";
const letters = "ABCDEFGH";

/**
 * Adapts one piece of content to every platform asked for, within each platform's real limits (X 280 weighted
 * characters and threads, Bluesky 300 graphemes, Threads and Mastodon 500, LinkedIn 3,000, Instagram 2,200 with at
 * most 30 hashtags, a TikTok caption, a YouTube title of 100 and a description), with `variants` A/B versions per
 * platform that open with different hooks.
 *
 * Each variant is checked and the result reported on it: the core message (every key term kept, and the cosine
 * similarity of its embedding to the piece's at least `similarityThreshold`, with any `Embedder`, core's local one by
 * default) and pre-flight checks per platform (length, posts in a thread, title, hashtag count and form, links, hook
 * before "more"). Deterministic offline; with a `textGenerator` each variant is rewritten and the same checks decide
 * whether the rewrite is kept.
 *
 * Throws a `ValidationError` naming the field for an empty piece (`piece.text`) or a bad piece field, and a
 * `ConfigError` (a `ValidationError` too) for bad options, e.g. an unknown platform (`options.platforms.0`).
 */
export async function repurpose(piece: ContentPieceInput | string, options: RepurposeOptions = {}): Promise<RepurposeResult> {
  const settings = parseOptions(repurposeOptionsSchema, options, context);
  const parsed: ContentPiece = parseInput(contentPieceSchema, typeof piece === "string" ? { text: piece } : piece, context, "piece");
  settings.signal?.throwIfAborted();
  const analysis = await analyzePiece(parsed, settings.keyTermCount);
  if (analysis.sentences.length === 0) {
    throw new ValidationError({ context, issues: [{ path: "piece.text", message: "expected at least one sentence with words" }] });
  }
  const hooks = hooksFor(analysis, settings.tone);
  const warnings: string[] = [];
  const count = Math.min(settings.variants, hooks.length);
  if (count < settings.variants)
    warnings.push(`only ${count} distinct hooks for this piece, so ${count} variants per platform instead of ${settings.variants}`);

  const drafts: {
    platform: RepurposePlatform;
    letter: string;
    hook: Hook;
    composed: ComposedVariant;
    writer: string;
    warnings: string[];
  }[] = [];
  for (const platform of [...new Set(settings.platforms)]) {
    const rules = platformRules[platform];
    const hashtagCount = settings.hashtagCounts[platform] ?? rules.defaultHashtags;
    const target = settings.targetLengths[platform] ?? rules.targetLength;
    for (let index = 0; index < count; index++) {
      const hook = hooks[index]!;
      const composed = composeVariant(analysis, rules, hook, hashtagCount, target);
      drafts.push({ platform, letter: letters[index]!, hook, composed, writer: "extractive", warnings: [] });
    }
  }

  const embedder = settings.embedder ?? createLocalEmbedder();
  const original = [parsed.title, parsed.text].filter(Boolean).join("\n\n");
  const measured = (composed: ComposedVariant) => [composed.title, composed.parts.join("\n\n")].filter(Boolean).join("\n\n");

  if (settings.textGenerator) {
    for (const draft of drafts) {
      const rewrite = await rewriteWithGenerator(settings.textGenerator, analysis, platformRules[draft.platform], draft.composed, settings);
      if ("composed" in rewrite) {
        const [check] = await measurePreservation(
          original,
          [measured(rewrite.composed)],
          analysis.keyTerms,
          embedder,
          settings.similarityThreshold,
          settings.signal,
        );
        if (check!.passed && preflight({ ...rewrite.composed, hook: rewrite.composed.hook.text }, platformRules[draft.platform]).passed) {
          draft.composed = rewrite.composed;
          draft.writer = settings.textGenerator.id;
          continue;
        }
        draft.warnings.push(`${settings.textGenerator.id}'s rewrite failed the checks; kept the extractive variant`);
      } else {
        draft.warnings.push(rewrite.warning);
      }
    }
  }

  const preservation = await measurePreservation(
    original,
    drafts.map((draft) => measured(draft.composed)),
    analysis.keyTerms,
    embedder,
    settings.similarityThreshold,
    settings.signal,
  );
  const variants: PlatformVariant[] = drafts.map((draft, index) => {
    const rules = platformRules[draft.platform];
    const { composed } = draft;
    const flight = preflight({ ...composed, hook: composed.hook.text }, rules);
    const kept = preservation[index]!;
    return {
      id: `${parsed.id}:${draft.platform}:${draft.letter}`,
      platform: draft.platform,
      variant: draft.letter,
      hookStyle: composed.hook.style,
      hook: composed.hook.text,
      text: composed.text,
      parts: composed.parts,
      ...(composed.title !== undefined && { title: composed.title }),
      hashtags: composed.hashtags,
      links: [...new Set(composed.parts.flatMap(findUrls))],
      length: Math.max(...composed.parts.map((part) => rules.measure(part))),
      limit: rules.limit,
      unit: rules.unit,
      preservation: kept,
      preflight: flight,
      passed: flight.passed && kept.passed,
      writer: draft.writer,
      warnings: draft.warnings,
    };
  });
  return { pieceId: parsed.id, keyTerms: analysis.keyTerms, variants, passed: variants.every((variant) => variant.passed), warnings };
}
