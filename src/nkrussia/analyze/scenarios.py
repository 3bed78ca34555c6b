"""What the model document's figures imply: a scenario grid, cumulative revenue, a Monte Carlo
simulation and a one-at-a-time sensitivity — all through :func:`nkrussia.model.annual_revenue`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from nkrussia import model
from nkrussia.analyze.common import Interval, inside, interval, join
from nkrussia.analyze.inputs import Inputs
from nkrussia.params import Params
from nkrussia.schemas import PROCESSED

CUMULATIVE_MONTHS = 24  # horizon of cumulative.csv: two years of deployment
HIST_BINS = 40  # montecarlo_hist.csv bins over [lowest, highest] possible revenue
MC_PARAMS = ["troops_low", "troops_high", "monthly_pay_usd", "pay_spread", "state_share_min",
             "state_share_max", "months", "n_draws", "random_seed"]
MC_STATISTICS = ("p5", "p50", "p95", "mean", "prob_meets_claim", "n_draws", "random_seed",
                 "claim_usd")


def claim_interval(res: Inputs) -> Interval | None:
    """The revenue claim as an annual interval (a monthly claim scaled by ``months``)."""
    claim = res["revenue_claim_usd"]
    return None if claim.fig is None else interval(claim.fig, claim.scale)


def claim_line(res: Inputs) -> float | None:
    """The one number a chart draws for the claim: its lower bound, else its upper one."""
    iv = claim_interval(res)
    return None if iv is None else (iv[0] if iv[0] > 0 else iv[1])


def _figs(res: Inputs, *names: str) -> str | None:
    return join([res[n].figure_id for n in names if res[n].origin == "article"])


def _steps(lo: float, hi: float, step: float) -> list[float]:
    count = int(math.floor((hi - lo) / step + 1e-9)) + 1
    return [lo + i * step for i in range(count)]


def scenarios(res: Inputs, params: Params) -> pd.DataFrame:
    """Annual revenue over the grid of troop counts × monthly pay (our parameters)."""
    iv = claim_interval(res)
    claim = claim_line(res)
    used = join(["grid_troops_min", "grid_troops_max", "grid_troops_step", "grid_pay_min",
                 "grid_pay_max", "grid_pay_step", "months", "state_share"])
    figs = _figs(res, "revenue_claim_usd")
    rows = []
    for troops in range(params.grid_troops_min, params.grid_troops_max + 1,
                        params.grid_troops_step):
        for pay in _steps(params.grid_pay_min, params.grid_pay_max, params.grid_pay_step):
            revenue = model.annual_revenue(troops, pay, params.months, params.state_share)
            rows.append({
                "troops": troops, "monthly_pay_usd": pay, "annual_revenue_usd": revenue,
                "claim_usd": claim, "meets_claim": None if iv is None else inside(revenue, iv),
                "figures_used": figs, "params_used": used,
            })
    df = pd.DataFrame(rows, columns=list(PROCESSED["scenarios"].columns))
    df["meets_claim"] = df["meets_claim"].astype("boolean")
    return df


def cumulative(res: Inputs, params: Params) -> pd.DataFrame:
    """Revenue summed month by month over two years, at the low and the high troop count."""
    pay = res["monthly_pay_usd"].value
    rows = []
    if pay is not None:
        for scenario in ("low", "high"):
            troops = res[f"troops_{scenario}"].value
            if troops is None:
                continue
            for month in range(1, CUMULATIVE_MONTHS + 1):
                rows.append({
                    "scenario": scenario, "troops": int(troops), "month": month,
                    "cumulative_revenue_usd": model.annual_revenue(troops, pay, month,
                                                                   params.state_share),
                    "figures_used": _figs(res, f"troops_{scenario}", "monthly_pay_usd"),
                    "params_used": f"troops_{scenario};monthly_pay_usd;state_share",
                })
    return pd.DataFrame(rows, columns=list(PROCESSED["cumulative"].columns))


def _missing_model_input(res: Inputs) -> str | None:
    for name in ("monthly_pay_usd", "troops_low", "troops_high"):
        if res[name].missing:
            return name
    return None


def montecarlo(res: Inputs, params: Params) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Annual revenue with troops ~ U[low, high], pay ~ U[pay (1 ∓ spread)] and the share
    kept ~ U[min, max]; the summary and a 40-bin histogram."""
    iv = claim_interval(res)
    claim = claim_line(res)
    used = join(MC_PARAMS)
    figs = _figs(res, "troops_low", "troops_high", "monthly_pay_usd", "revenue_claim_usd")
    hist_cols = list(PROCESSED["montecarlo_hist"].columns)
    summary_cols = list(PROCESSED["montecarlo_summary"].columns)
    gap = _missing_model_input(res)
    if gap is not None:
        values = {"n_draws": params.n_draws, "random_seed": params.random_seed,
                  "claim_usd": claim}
        rows = [{"statistic": s, "value": values.get(s),
                 "missing": None if s in values else gap, "figures_used": figs,
                 "params_used": used} for s in MC_STATISTICS]
        return pd.DataFrame(rows, columns=summary_cols), pd.DataFrame([], columns=hist_cols)
    pay, lo, hi = (res[k].value for k in ("monthly_pay_usd", "troops_low", "troops_high"))
    rng = np.random.default_rng(params.random_seed)
    n = params.n_draws
    troops = rng.uniform(lo, hi, n)
    pays = rng.uniform(pay * (1 - params.pay_spread), pay * (1 + params.pay_spread), n)
    share = rng.uniform(params.state_share_min, params.state_share_max, n)
    revenue = model.annual_revenue(troops, pays, params.months, share)
    p5, p50, p95 = np.percentile(revenue, [5, 50, 95])
    prob = None
    if iv is not None:
        meets = revenue > iv[0] if iv[2] else revenue >= iv[0]
        if iv[1] != math.inf:
            meets &= revenue <= iv[1]
        prob = float(np.mean(meets))
    values = {"p5": p5, "p50": p50, "p95": p95, "mean": float(np.mean(revenue)),
              "prob_meets_claim": prob, "n_draws": n, "random_seed": params.random_seed,
              "claim_usd": claim}
    summary = pd.DataFrame(
        [{"statistic": s, "value": None if values[s] is None else float(values[s]),
          "missing": "revenue_claim_usd" if s == "prob_meets_claim" and prob is None else None,
          "figures_used": figs, "params_used": used} for s in MC_STATISTICS],
        columns=summary_cols)
    low = model.annual_revenue(lo, pay * (1 - params.pay_spread), params.months,
                               params.state_share_min)
    high = model.annual_revenue(hi, pay * (1 + params.pay_spread), params.months,
                                params.state_share_max)
    if high <= low:
        high = low + 1.0
    edges = np.linspace(low, high, HIST_BINS + 1)
    counts, _ = np.histogram(revenue, bins=edges)
    hist = pd.DataFrame({"bin_start": edges[:-1], "bin_end": edges[1:], "count": counts,
                         "figures_used": figs, "params_used": used}, columns=hist_cols)
    return summary, hist


def sensitivity(res: Inputs, params: Params) -> pd.DataFrame:
    """One at a time: each input at its low and high end, the others at the headline case."""
    cols = list(PROCESSED["sensitivity"].columns)
    if _missing_model_input(res) is not None:
        return pd.DataFrame([], columns=cols)
    pay, lo, hi, head = (res[k].value for k in ("monthly_pay_usd", "troops_low", "troops_high",
                                                 "troops_headline"))
    base = {"troops": head, "monthly_pay_usd": pay, "state_share": params.state_share}
    ranges = {
        "troops": (lo, hi, "troops_low;troops_high;scenario"),
        "monthly_pay_usd": (pay * (1 - params.pay_spread), pay * (1 + params.pay_spread),
                            "monthly_pay_usd;pay_spread"),
        "state_share": (params.state_share_min, params.state_share_max,
                        "state_share_min;state_share_max"),
    }

    def revenue(v: dict) -> float:
        return model.annual_revenue(v["troops"], v["monthly_pay_usd"], params.months,
                                    v["state_share"])

    base_rev = revenue(base)
    rows = []
    for name, (low, high, used) in ranges.items():
        r_lo, r_hi = revenue({**base, name: low}), revenue({**base, name: high})
        rows.append({
            "input": name, "low_value": low, "high_value": high, "revenue_low": r_lo,
            "revenue_high": r_hi, "swing": abs(r_hi - r_lo), "base_revenue": base_rev,
            "figures_used": _figs(res, "troops_low", "troops_high", "monthly_pay_usd"),
            "params_used": join([*used.split(";"), "troops_low", "troops_high", "scenario",
                                 "monthly_pay_usd", "months", "state_share"]),
        })
    rows.sort(key=lambda r: (-r["swing"], r["input"]))
    return pd.DataFrame(rows, columns=cols)
