"""Baseline forecasts with statsmodels for bench-predict (run by bench/src/predict/statsmodels.ts).

Reads one JSON object from stdin:
  {"tasks": [{"values": [...], "horizon": 7, "period": 7}, ...], "models": ["ets", "theta"], "level": 0.8,
   "pathsOnly": false}
Writes one JSON object to stdout:
  {"versions": {...}, "results": [{"ets": {"mean": [...], "lower": [...], "upper": [...]} | {"error": "..."},
   "theta": {...}}, ...], "seconds": {"ets": s, "theta": s}}
"ets" is ETSModel(error="add", trend="add", damped_trend=True); "theta" is ThetaModel(period=period)
(deseasonalised when its seasonality test passes). Times cover fitting and forecasting only.
"""
import json
import sys
import time
import warnings

import numpy as np
import pandas as pd
import statsmodels
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from statsmodels.tsa.forecasting.theta import ThetaModel


def finite_list(values):
    return [float(value) if np.isfinite(value) else None for value in values]


def run_ets(values, horizon, level, paths_only):
    # A pandas Series: ETS prediction results need an index (0.13.5 fails on a bare ndarray).
    model = ETSModel(pd.Series(values), error="add", trend="add", damped_trend=True)
    fit = model.fit(disp=False)
    if paths_only:
        return {"mean": finite_list(np.asarray(fit.forecast(horizon)))}
    frame = fit.get_prediction(start=len(values), end=len(values) + horizon - 1).summary_frame(alpha=1 - level)
    return {
        "mean": finite_list(frame["mean"].to_numpy()),
        "lower": finite_list(frame["pi_lower"].to_numpy()),
        "upper": finite_list(frame["pi_upper"].to_numpy()),
    }


def run_theta(values, horizon, period, level, paths_only):
    use_period = period if period and period > 1 and len(values) >= 2 * period else None
    model = ThetaModel(values, period=use_period, deseasonalize=use_period is not None)
    fit = model.fit()
    mean = np.asarray(fit.forecast(horizon))
    if paths_only:
        return {"mean": finite_list(mean)}
    intervals = np.asarray(fit.prediction_intervals(horizon, alpha=1 - level))
    return {"mean": finite_list(mean), "lower": finite_list(intervals[:, 0]), "upper": finite_list(intervals[:, 1])}


def main():
    request = json.load(sys.stdin)
    models = request.get("models", ["ets", "theta"])
    level = float(request.get("level", 0.8))
    paths_only = bool(request.get("pathsOnly", False))
    seconds = {name: 0.0 for name in models}
    results = []
    warnings.simplefilter("ignore")
    for task in request["tasks"]:
        values = np.asarray(task["values"], dtype=float)
        horizon = int(task["horizon"])
        period = int(task.get("period", 1))
        entry = {}
        for name in models:
            started = time.perf_counter()
            try:
                if name == "ets":
                    entry[name] = run_ets(values, horizon, level, paths_only)
                else:
                    entry[name] = run_theta(values, horizon, period, level, paths_only)
            except Exception as error:  # noqa: BLE001 - reported per task, the bench counts failures
                entry[name] = {"error": f"{type(error).__name__}: {error}"}
            seconds[name] += time.perf_counter() - started
        results.append(entry)
    versions = {"statsmodels": statsmodels.__version__, "numpy": np.__version__, "python": sys.version.split()[0]}
    json.dump({"versions": versions, "results": results, "seconds": seconds}, sys.stdout)


if __name__ == "__main__":
    main()
