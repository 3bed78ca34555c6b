"""The revenue model, written once: what the deployment earns the North Korean state a year.

Analysis (scenarios, Monte Carlo, sensitivity, claim checks, context), the report's sentences
and the what-if chart all use these functions and this formula; the what-if receives
:data:`VEGA_EXPRESSION` instead of writing the formula again in JavaScript.

    annual revenue = troops × monthly pay × months × share kept by the state
"""

from __future__ import annotations

import math

FORMULA = "troops × monthly pay × months × share kept by the state"
"""The formula in words, as the report and the data dictionary print it."""

TERMS = ("troops", "monthly_pay_usd", "months", "state_share")
"""The model's inputs, in the formula's order (names of inputs.csv rows and parameters)."""

VEGA_EXPRESSION = "troops * pay * months * share"
"""The same formula in Vega's expression language, over the what-if's signals of these names
(``share`` is a fraction; the what-if's slider shows it in percent and divides by 100)."""


def annual_revenue(troops, monthly_pay, months, share):
    """Revenue a year in USD: works on floats and on numpy arrays alike."""
    return troops * monthly_pay * months * share


def per_soldier(monthly_pay: float, months: float, share: float) -> float:
    """What one soldier earns the state a year (the model with troops = 1)."""
    return annual_revenue(1.0, monthly_pay, months, share)


def breakeven_troops(claim_low: float, monthly_pay: float, months: float, share: float,
                     strict: bool) -> int | None:
    """The fewest soldiers whose pay reaches ``claim_low`` a year (``strict``: exceeds it, as
    for "over $200 million"). None when no troop count can reach it (nothing is retained)."""
    each = per_soldier(monthly_pay, months, share)
    if each <= 0:
        return None
    ratio = claim_low / each
    return math.floor(ratio) + 1 if strict else math.ceil(ratio)
