"""The shared vocabulary of `quantity` labels: how extraction names what a figure measures.

Money figures keep their original currency: ``unit`` is the ISO 4217 code (``USD``, ``KRW``,
``EUR/month``); the analysis converts.
"""

from __future__ import annotations

# label -> one-line meaning. Extraction assigns exactly one label per figure; analysis
# finds its inputs by these labels (never by a figure's position in the article).
QUANTITIES: dict[str, str] = {
    "troops_deployed": "soldiers sent, deployed, stationed or present (now or already)",
    "troops_expected": "soldiers expected, planned or could be deployed in future",
    "casualties": "soldiers killed, wounded or captured",
    "pay_per_soldier_month": "pay per soldier per month (USD)",
    "pay_per_soldier_year": "pay per soldier per year (USD)",
    "pay_per_worker_month": "pay per worker (labourers, not soldiers) per month (currency/month)",
    "pay_per_worker_year": "pay per worker (labourers, not soldiers) per year (currency/year)",
    "monthly_revenue": "money the state earns per month from the deployment (USD/month)",
    "annual_revenue": "money the state earns per year from the deployment (USD/year)",
    "total_revenue": "money earned in total or over an unstated period (USD)",
    "arms_value": "value of arms or munitions supplied (USD)",
    "munitions_supplied": "shells, rockets, missiles or containers of munitions supplied (count)",
    "rice_supplied": "rice supplied (tonnes)",
    "food_supplied": "other food or fuel supplied (tonnes)",
    "fuel_supplied": "oil, fuel or gas supplied (tonnes or barrels)",
    "materials_supplied": "coal, iron ore, metals or other raw materials (tonnes)",
    "food_shortfall": "a country's food shortfall or gap (tonnes)",
    "share_of_food_gap": "share of the food shortfall covered (fraction or percent)",
    "trade_value": "trade, exports or imports (USD)",
    "economy": "GDP, GNI, budget or other economy-wide money figure",
    "event_date": "a calendar date something happened or will happen",
    "year": "a bare year",
    "duration": "a length of time (days, weeks, months, years)",
    "count": "a count of people or things not covered above",
    "share": "a share or percentage not covered above",
    "money": "a money figure not covered above",
    "other": "anything else",
}

TROOP_QUANTITIES = ("troops_deployed", "troops_expected")
