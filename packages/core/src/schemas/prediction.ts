import { z } from "zod";
import { idSchema, intervalSchema, metadataSchema, timestampSchema, unitIntervalSchema } from "./common.js";

/** What a prediction is about. */
export const predictionTypeSchema = z.enum([
  "peak-time",
  "peak-height",
  "decline-half-life",
  "engagement",
  "success-probability",
  "sustainability",
  "roi",
  "value-at",
]);
export type PredictionType = z.infer<typeof predictionTypeSchema>;

/**
 * One prediction about a trend or a piece of content. Holds every field of the `trend_predictions` table
 * (trend, prediction type, predicted value, confidence interval, prediction date, actual value, accuracy)
 * plus explicit intervals, the target moment and the model that made it.
 */
export const predictionSchema = z.object({
  id: idSchema,
  /** The trend it is about, if any. */
  trendId: idSchema.optional(),
  /** The content draft or item it is about, if any. */
  subjectId: idSchema.optional(),
  type: predictionTypeSchema,
  /** Point prediction. For `peak-time` it is epoch milliseconds; see `targetAt` too. */
  predictedValue: z.number().finite(),
  /** Intervals around the point, e.g. 80% and 95%. */
  intervals: z.array(intervalSchema).default([]),
  /** 0–1: how much to trust the prediction (`confidence_interval` of the seed schema). */
  confidence: unitIntervalSchema,
  /** When the prediction was made (`prediction_date`). */
  predictedAt: timestampSchema,
  /** The moment the prediction is about, when it has one (a peak time, an engagement horizon). */
  targetAt: timestampSchema.optional(),
  /** Filled in once the truth is known. */
  actualValue: z.number().finite().optional(),
  /** 0–1 once `actualValue` is known. */
  accuracy: unitIntervalSchema.optional(),
  /** Model id, e.g. `ensemble-v1`, `theta`. */
  model: z.string().min(1),
  metadata: metadataSchema.default({}),
});
export type Prediction = z.infer<typeof predictionSchema>;
export type PredictionInput = z.input<typeof predictionSchema>;

/** One forecast step: the point value and its intervals. */
export const forecastPointSchema = z.object({
  at: timestampSchema,
  value: z.number().finite(),
  intervals: z.array(intervalSchema).default([]),
});
export type ForecastPoint = z.infer<typeof forecastPointSchema>;

/** The output of a {@link Forecaster}: a path with intervals, and a peak estimate when one is expected. */
export const forecastSchema = z.object({
  model: z.string().min(1),
  points: z.array(forecastPointSchema),
  peak: z
    .object({
      at: timestampSchema,
      value: z.number().finite(),
      /** Interval around the peak time, as epoch milliseconds. */
      timeInterval: intervalSchema.optional(),
      /** Whether the peak is already in the observed data. */
      observed: z.boolean(),
    })
    .optional(),
  status: z.enum(["emerging", "rising", "peaking", "declining"]).optional(),
  /** Hours for the signal to halve after the peak. */
  declineHalfLifeHours: z.number().positive().optional(),
  /** 0–1; low for short, flat or noisy inputs. */
  confidence: unitIntervalSchema,
  /** Non-fatal notes, e.g. "series shorter than 7 points: fell back to drift". */
  warnings: z.array(z.string()).default([]),
});
export type Forecast = z.infer<typeof forecastSchema>;
