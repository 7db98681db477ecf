import { describeForecaster } from "@undercurrent/core/testing";
import { createAnalogueForecaster } from "./analogue.js";
import { createDriftForecaster, createNaiveForecaster, createSeasonalNaiveForecaster } from "./baselines.js";
import { createCurveForecaster } from "./curves.js";
import { createEnsembleForecaster } from "./ensemble.js";
import { createDampedHoltForecaster } from "./holt.js";
import { createMeanReversionForecaster } from "./mean-reversion.js";
import { createThetaForecaster } from "./theta.js";

describeForecaster("naive", { create: () => createNaiveForecaster() });
describeForecaster("seasonal naive", { create: () => createSeasonalNaiveForecaster() });
describeForecaster("drift", { create: () => createDriftForecaster() });
describeForecaster("damped Holt", { create: () => createDampedHoltForecaster() });
describeForecaster("theta", { create: () => createThetaForecaster() });
describeForecaster("mean reversion", { create: () => createMeanReversionForecaster() });
describeForecaster("growth-and-decay curve", { create: () => createCurveForecaster() });
describeForecaster("analogue", { create: () => createAnalogueForecaster() });
describeForecaster("ensemble", { create: () => createEnsembleForecaster() });
