import type { LengthUnit, RepurposePlatform } from "./platform-rules.js";
import type { RepurposeHookStyle } from "./repurpose-options.js";

/** One pre-flight check of a variant. */
export interface PreflightCheck {
  /** `length`, `title-length`, `parts`, `hashtag-count`, `hashtag-format`, `links`, `preview`, `empty`, `characters`. */
  name: string;
  passed: boolean;
  /** `error`: the platform would reject or mangle it; `warning`: it would post, but worse. */
  severity: "error" | "warning";
  message: string;
}

/** Whether a variant still says what the piece says. */
export interface MessagePreservation {
  keyTermsKept: string[];
  keyTermsMissing: string[];
  /** Cosine similarity of the piece's and the variant's embeddings. */
  similarity: number;
  threshold: number;
  /** Embedder that measured it. */
  embedder: string;
  /** Every key term kept and the similarity at or above the threshold. */
  passed: boolean;
}

/** One variant of the piece for one platform. */
export interface PlatformVariant {
  /** `<piece id>:<platform>:<letter>`. */
  id: string;
  platform: RepurposePlatform;
  /** A/B letter: `A`, `B`, … */
  variant: string;
  hookStyle: RepurposeHookStyle;
  /** The opening line. */
  hook: string;
  /** What to post: the post, the caption, the thread's parts joined by blank lines, or YouTube's description. */
  text: string;
  /** Posts of a thread in order (one entry for single posts). */
  parts: string[];
  /** YouTube's title. */
  title?: string;
  /** Hashtags used, without `#`. */
  hashtags: string[];
  /** Links in the text. */
  links: string[];
  /** Length as the platform counts it (the longest part of a thread). */
  length: number;
  limit: number;
  /** How the platform counts `length` and `limit`. */
  unit: LengthUnit;
  preservation: MessagePreservation;
  preflight: { passed: boolean; checks: PreflightCheck[] };
  /** Pre-flight and preservation both passed. */
  passed: boolean;
  /** `extractive`, or the id of the `TextGenerator` that wrote it. */
  writer: string;
  warnings: string[];
}

/** What {@link repurpose} returns. */
export interface RepurposeResult {
  pieceId: string;
  /** The terms every variant was checked for. */
  keyTerms: string[];
  /** Every variant, platform by platform (in the order asked), A before B. */
  variants: PlatformVariant[];
  /** Every variant passed. */
  passed: boolean;
  /** Things worth knowing (fewer distinct hooks than variants asked, …). */
  warnings: string[];
}
