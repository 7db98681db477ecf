export { defaultPlatformProfiles, type PlatformProfile, platformProfileSchema, reachAt } from "./platform-profiles.js";
export { bestPublishWindow, type PublishWindow, type PublishWindowInput, publishWindowInputSchema } from "./publish-window.js";
export { estimateRoi, type RoiEstimate, type RoiInput, roiInputSchema } from "./roi.js";
export {
  assessSustainability,
  type SustainabilityFeatures,
  type SustainabilityInput,
  type SustainabilityScore,
  sustainabilityInputSchema,
} from "./sustainability.js";
export { type UncertainQuantity, uncertainQuantitySchema } from "./uncertain-quantity.js";
