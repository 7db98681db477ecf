import type { SeriesPoint } from "../schemas/item.js";
import type { Forecast } from "../schemas/prediction.js";

/** Options of one forecast. */
export interface ForecastOptions {
  /** Steps ahead, in the series' own spacing. */
  horizon: number;
  /** Interval levels wanted, e.g. `[0.8, 0.95]`. */
  levels?: readonly number[];
  signal?: AbortSignal;
}

/** Forecasts a series: a path with intervals, and where relevant the peak and the decline. */
export interface Forecaster {
  /** Contract version this object implements. */
  readonly specVersion: "v1";
  /** Model id, e.g. `theta`, `gompertz`, `ensemble`. */
  readonly id: string;
  /**
   * Forecasts `horizon` steps after the last point. Short, flat or gappy input gives a forecast with low
   * `confidence` and a warning, or a `ConfigError` naming the problem; never NaN.
   */
  forecast(points: readonly SeriesPoint[], options: ForecastOptions): Promise<Forecast>;
}
