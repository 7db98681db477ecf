export {
  type AuthorBaseline,
  authorBaselineSchema,
  type ContentDraft,
  type ContentDraftInput,
  type ContentExample,
  type ContentExampleInput,
  contentDraftSchema,
  contentExampleSchema,
} from "./content-draft.js";
export { createContentPerformanceModel, loadContentPerformanceModel } from "./content-performance-model.js";
export {
  type ContentPerformanceEstimate,
  type ContentPerformanceModel,
  type ContentPerformanceModelJson,
  type ContentPerformanceOptions,
  type ContentTrainingSummary,
  contentPerformanceErrorCodes,
  contentPerformanceModelJsonSchema,
  contentPerformanceOptionsSchema,
} from "./content-performance-types.js";
export {
  type EarlyObservation,
  type EarlyObservationInput,
  type EarlyPopularityExample,
  type EarlyPopularityExampleInput,
  type EarlyPopularityInput,
  type EarlyPopularityInputValue,
  earlyObservationSchema,
  earlyPopularityExampleSchema,
  earlyPopularityInputSchema,
} from "./early-curve.js";
export { loadEarlyPopularityModel, trainEarlyPopularityModel, trainSzaboHubermanModel } from "./early-popularity-model.js";
export {
  type EarlyPopularityModel,
  type EarlyPopularityModelJson,
  type EarlyPopularityOptions,
  earlyPopularityModelJsonSchema,
  earlyPopularityOptionsSchema,
  type PopularityEstimate,
} from "./early-popularity-types.js";
