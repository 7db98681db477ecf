export { type ContentPiece, type ContentPieceInput, contentPieceSchema } from "./content-piece-schema.js";
export { generatedVariantSchema } from "./generated-variant.js";
export { containsTerm, toHashtag } from "./piece-analysis.js";
export { pieceFromBrief, pieceFromScript } from "./piece-from.js";
export {
  type LengthUnit,
  type PlatformRules,
  platformRules,
  type RepurposePlatform,
  repurposePlatformSchema,
  repurposePlatforms,
} from "./platform-rules.js";
export type { MessagePreservation, PlatformVariant, PreflightCheck, RepurposeResult } from "./platform-variant.js";
export { findHashtags, type PreflightInput, preflight } from "./preflight.js";
export { cosineSimilarity, measurePreservation } from "./preservation.js";
export { repurpose } from "./repurpose.js";
export { hookStyleOrder, type RepurposeHookStyle, type RepurposeOptions, repurposeOptionsSchema } from "./repurpose-options.js";
export { countBytes, countCharacters, countGraphemes, countMastodon, countXWeighted, findUrls } from "./text-length.js";
export { type VariantsToDraftsOptions, variantsToDrafts } from "./variants-to-drafts.js";
