import type { ContentDraftInput, Platform } from "@undercurrent/core";
import type { RepurposePlatform } from "./platform-rules.js";
import type { PlatformVariant, RepurposeResult } from "./platform-variant.js";

const draftShapes: Record<RepurposePlatform, { platform: Platform; format: ContentDraftInput["format"] }> = {
  x: { platform: "x", format: "post" },
  "x-thread": { platform: "x", format: "thread" },
  bluesky: { platform: "bluesky", format: "post" },
  threads: { platform: "threads", format: "post" },
  mastodon: { platform: "mastodon", format: "post" },
  linkedin: { platform: "linkedin", format: "post" },
  instagram: { platform: "instagram", format: "caption" },
  tiktok: { platform: "tiktok", format: "caption" },
  youtube: { platform: "youtube", format: "caption" },
};

/** Options of {@link variantsToDrafts}. */
export interface VariantsToDraftsOptions {
  /** Creation time of the drafts; now by default. */
  now?: Date;
  /** The trend the piece rides. */
  trendId?: string;
  /** URLs of the sources the piece is based on. */
  sourceUrls?: string[];
  /** Only the variants that passed every check (default `true`). */
  onlyPassed?: boolean;
}

/**
 * Turns repurposed variants into core `ContentDraft`s for `Store.putContentDrafts`: one draft per variant, id
 * `<piece>:<platform>:<letter>`, `variantOf` the piece, thread parts in `parts`, and the checks' figures in `metadata`.
 */
export function variantsToDrafts(result: RepurposeResult, options: VariantsToDraftsOptions = {}): ContentDraftInput[] {
  const now = options.now ?? new Date();
  return result.variants
    .filter((variant) => !(options.onlyPassed ?? true) || variant.passed)
    .map((variant: PlatformVariant) => ({
      id: variant.id,
      ...(options.trendId !== undefined && { trendId: options.trendId }),
      ...draftShapes[variant.platform],
      ...(variant.title !== undefined && { title: variant.title }),
      text: variant.text,
      parts: variant.parts.length > 1 ? variant.parts : [],
      hashtags: variant.hashtags,
      sourceUrls: options.sourceUrls ?? [],
      status: "draft" as const,
      variantOf: result.pieceId,
      createdAt: now,
      updatedAt: now,
      metadata: {
        repurposePlatform: variant.platform,
        variant: variant.variant,
        hookStyle: variant.hookStyle,
        length: variant.length,
        limit: variant.limit,
        similarity: variant.preservation.similarity,
        keyTermsMissing: variant.preservation.keyTermsMissing,
        preflightPassed: variant.preflight.passed,
        writer: variant.writer,
      },
    }));
}
