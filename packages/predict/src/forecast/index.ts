export {
  type AnalogueForecasterOptions,
  type AnalogueOptions,
  analogueCore,
  createAnalogueForecaster,
  defaultAnalogueWindow,
  syntheticShapeLibrary,
} from "./analogue.js";
export {
  createDriftForecaster,
  createNaiveForecaster,
  createSeasonalNaiveForecaster,
  driftCore,
  naiveCore,
  seasonalNaiveCore,
} from "./baselines.js";
export { conformalMultiplier } from "./conformal.js";
export { type CurveFamily, type CurveFamilyId, curveFamilies, curveValue } from "./curve-families.js";
export {
  type CurveChoice,
  type CurveFit,
  type CurveForecasterOptions,
  createCurveForecaster,
  curveCore,
  fitCurve,
  fitSeriesCurve,
  maximumCurvePoints,
  minimumCurvePoints,
} from "./curves.js";
export {
  createEnsembleForecaster,
  defaultEnsembleMembers,
  type EnsembleFit,
  type EnsembleForecaster,
  type EnsembleForecasterOptions,
  type EnsembleMember,
  ensembleCore,
} from "./ensemble.js";
export { createDampedHoltForecaster, type DampedHoltFit, dampedHoltCore, fitDampedHolt } from "./holt.js";
export { createMeanReversionForecaster, meanReversionCore, meanReversionWindow } from "./mean-reversion.js";
export {
  createModelForecaster,
  defaultSeasonality,
  empiricalPeak,
  episodeLength,
  type ForecasterSettings,
  type ModelContext,
  type ModelCore,
  type ModelOutput,
  normalMultiplier,
  normalQuantile,
  type PeakEstimate,
  toForecast,
} from "./model.js";
export { type CheckedForecastOptions, checkForecastOptions, type PreparedSeries, prepareSeries } from "./series.js";
export { createThetaForecaster, seasonalIndices, thetaCore } from "./theta.js";
