"""The model set against cited public reporting (data/external/context_figures.csv): context
ratios, every troop estimate, the food balance, the timeline, and the parameters of the run.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from nkrussia import model
from nkrussia.analyze.common import (
    Corpus,
    Record,
    References,
    date_iso,
    join,
    num,
    point,
    ref_value,
    txt,
)
from nkrussia.analyze.inputs import Inputs
from nkrussia.params import Params
from nkrussia.params import table as params_table
from nkrussia.schemas import PROCESSED

REVENUE_PARAMS = ["troops_low", "troops_high", "scenario", "monthly_pay_usd", "months",
                  "state_share"]


def _row(metric: str, value: float | None, unit: str, refs_used: list[Record], *,
         low: float | None = None, high: float | None = None,
         figures: list[str | None] | None = None, params_used: list[str] | None = None,
         missing: str | None = None) -> dict[str, Any]:
    return {"metric": metric, "value": value, "low": low, "high": high, "unit": unit,
            "figures_used": join(figures or []), "ref_ids": join([r["id"] for r in refs_used]),
            "params_used": join(params_used or []), "missing": missing}


def headline_revenue(res: Inputs, params: Params) -> float | None:
    head, pay = res["troops_headline"].value, res["monthly_pay_usd"].value
    if head is None or pay is None:
        return None
    return model.annual_revenue(head, pay, params.months, params.state_share)


def context(res: Inputs, params: Params, refs: References) -> pd.DataFrame:
    """Ratios of the model's revenue and the article's rice to cited economy and food figures."""
    rows = []
    revenue = headline_revenue(res, params)
    gap = None if revenue is not None else (
        "monthly_pay_usd" if res["monthly_pay_usd"].missing else "troops_headline")
    rev_figs = [res[n].figure_id for n in ("troops_low", "troops_high", "monthly_pay_usd")]
    exports = refs.get("exports_2023")
    if exports is not None:
        ex = ref_value(exports) * 1e6
        rows.append(_row("revenue_share_of_exports_2023",
                         None if revenue is None else revenue / ex, "fraction", [exports],
                         figures=rev_figs, params_used=REVENUE_PARAMS, missing=gap))
        claim = res["revenue_claim_usd"]
        if claim.fig is not None:
            cv = claim.low if claim.low is not None else claim.value
            rows.append(_row("claim_share_of_exports_2023", cv / ex, "fraction", [exports],
                             figures=[claim.figure_id]))
    trade = refs.get("trade_russia_2023")
    if trade is not None:
        tr = ref_value(trade) * 1e6
        rows.append(_row("revenue_vs_trade_russia_2023", None if revenue is None else revenue / tr,
                         "ratio", [trade], figures=rev_figs, params_used=REVENUE_PARAMS,
                         missing=gap))
    pay_ref = refs.get("pay_nis_2024")
    if pay_ref is not None:
        rows.append(_row("pay_reference", ref_value(pay_ref), "USD/month", [pay_ref],
                         figures=[res["monthly_pay_usd"].figure_id],
                         params_used=["monthly_pay_usd"]))
    rice = res["rice_supplied_tonnes"]
    if rice.fig is not None:
        rows += _rice_rows(res, params, refs, exports)
    return pd.DataFrame(rows, columns=list(PROCESSED["context"].columns))


def _rice_rows(res: Inputs, params: Params, refs: References,
               exports: Record | None) -> list[dict[str, Any]]:
    rice = res["rice_supplied_tonnes"]
    r_lo = rice.low if rice.low is not None else rice.value
    r_hi = rice.high if rice.high is not None else rice.value
    price = params.rice_price_usd_per_tonne
    price_ref = _ref_param(res, "rice_price_usd_per_tonne", refs)
    rows = [_row("rice_value_usd", rice.value * price, "USD", price_ref, low=r_lo * price,
                 high=r_hi * price, figures=[rice.figure_id],
                 params_used=["rice_price_usd_per_tonne"])]
    if exports is not None:
        ex = ref_value(exports) * 1e6
        rows.append(_row("rice_value_share_of_exports_2023", rice.value * price / ex, "fraction",
                         [*price_ref, exports], low=r_lo * price / ex, high=r_hi * price / ex,
                         figures=[rice.figure_id], params_used=["rice_price_usd_per_tonne"]))
    sf = params.food_shortfall_tonnes
    rows.append(_row("rice_share_of_reference_shortfall", rice.value / sf, "fraction",
                     _ref_param(res, "food_shortfall_tonnes", refs), low=r_lo / sf,
                     high=r_hi / sf, figures=[rice.figure_id],
                     params_used=["food_shortfall_tonnes"]))
    req, prod = refs.get("food_requirement_fao"), refs.get("food_production_2024")
    if req is not None and prod is not None:
        gap = (ref_value(req) - ref_value(prod)) * 1e6
        rows.append(_row("rice_share_of_fao_requirement_minus_harvest", rice.value / gap,
                         "fraction", [req, prod], low=r_lo / gap, high=r_hi / gap,
                         figures=[rice.figure_id]))
    return rows


def _ref_param(res: Inputs, name: str, refs: References) -> list[Record]:
    """The reference row behind a reference-backed parameter, while it is at its default."""
    inp = res[name]
    row = refs.get(inp.ref_id) if inp.origin == "reference" and inp.ref_id else None
    return [] if row is None else [row]


# --------------------------------------------------------------------------------------------
# troop estimates, the food balance, the timeline
# --------------------------------------------------------------------------------------------

def _qualifier_of_reference(lo: float | None, hi: float | None) -> str:
    if lo is not None and lo == hi:
        return "exact"
    return "more_than" if hi is None else "up_to" if lo is None else "range"


def troop_estimates(corpus: Corpus, refs: References, res: Inputs) -> pd.DataFrame:
    """Every troop estimate: the articles' (dated by their reference date) and the cited ones
    (dated by what they refer to, placed against the model document's troop range)."""
    rows = []
    for doc in corpus.docs:
        for f in corpus.troops(doc):
            rows.append({
                "kind": "article", "id": f["figure_id"], "doc_id": doc, "value": point(f),
                "low": num(f.get("low")), "high": num(f.get("high")),
                "qualifier": txt(f.get("qualifier")), "quantity": f["quantity"],
                "source": txt(f.get("source")), "date": corpus.dates.get(doc), "url": None,
                "quote": f["text"], "trust": None, "vs_model_range": None})
    lo, hi = res["troops_low"].value, res["troops_high"].value
    for r in refs.troops:
        low, high = num(r.get("low")), num(r.get("high"))
        v = r["_value"]
        place = None
        if lo is not None and hi is not None and v is not None:
            place = "below" if v < lo else "above" if v > hi else "within"
        rows.append({
            "kind": "external", "id": r["id"], "doc_id": None, "value": v, "low": low,
            "high": high, "qualifier": _qualifier_of_reference(low, high),
            "quantity": "troops_expected" if "expected" in str(r.get("unit")) else
            "troops_deployed", "source": r["organisation"], "date": r["_date"] or None,
            "url": r["url"], "quote": txt(r.get("quote")), "trust": txt(r.get("trust")),
            "vs_model_range": place})
    return pd.DataFrame(rows, columns=list(PROCESSED["troop_estimates"].columns))


def food_balance(corpus: Corpus, refs: References) -> pd.DataFrame:
    """The rice the articles say Russia supplies against estimates of the food shortfall."""
    rows = []
    for doc in corpus.docs:
        for f in corpus.with_quantity(doc, ("rice_supplied",)):
            v, lo, hi = num(f.get("value")), num(f.get("low")), num(f.get("high"))
            if v is None and lo is None and hi is None:
                continue
            rows.append({"item": "rice_supplied", "kind": "article", "doc_id": doc,
                         "figure_id": f["figure_id"], "ref_ids": None,
                         "low": lo if lo is not None else v, "high": hi if hi is not None else v})
    if rows:
        short = refs.get("food_shortfall_wi")
        if short is not None and ref_value(short) is not None:
            scale = 1e6 if "million" in str(short.get("unit")) else 1
            t = ref_value(short) * scale
            rows.append({"item": "reference_shortfall", "kind": "external", "doc_id": None,
                         "figure_id": None, "ref_ids": short["id"], "low": t, "high": t})
            rows.append({"item": "half_reference_shortfall", "kind": "derived", "doc_id": None,
                         "figure_id": None, "ref_ids": short["id"], "low": t / 2, "high": t / 2})
        req, prod = refs.get("food_requirement_fao"), refs.get("food_production_2024")
        if req is not None and prod is not None:
            gap = (ref_value(req) - ref_value(prod)) * 1e6
            rows.append({"item": "fao_requirement_minus_harvest", "kind": "external",
                         "doc_id": None, "figure_id": None,
                         "ref_ids": f"{req['id']};{prod['id']}", "low": gap, "high": gap})
    return pd.DataFrame(rows, columns=list(PROCESSED["food_balance"].columns))


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def timeline(corpus: Corpus, refs: References, events: pd.DataFrame | None) -> pd.DataFrame:
    """Dated events: the articles' calendar dates (in their own words where the extraction
    found the event) and the cited steps of the 2024 treaty."""
    what: dict[str, str] = {}
    if events is not None and not events.empty:
        for fid, words in zip(events["figure_id"], events["what"], strict=True):
            if txt(fid) and txt(words):
                what[str(fid)] = str(words)
    rows = []
    for doc in corpus.docs:
        for f in corpus.of(doc):
            date = date_iso(txt(f.get("date_resolved")))
            if date is None and _ISO_DAY.match(txt(f.get("date")) or ""):
                date = txt(f.get("date"))
            if date is None:
                continue
            rows.append({"date": date, "kind": "article", "id": f["figure_id"], "doc_id": doc,
                         "what": what.get(f["figure_id"]) or txt(f.get("subject")) or f["text"],
                         "text": f["text"], "source": txt(f.get("source")), "url": None})
    for r in refs.rows:
        if r["topic"] != "treaty":
            continue
        date = date_iso(txt(r.get("figure")))
        if date:
            rows.append({"date": date, "kind": "external", "id": r["id"], "doc_id": None,
                         "what": r["id"].removeprefix("treaty_").replace("_", " "),
                         "text": txt(r.get("quote")), "source": r["organisation"],
                         "url": r["url"]})
    df = pd.DataFrame(rows, columns=list(PROCESSED["timeline"].columns))
    return df.sort_values(["date", "kind", "id"], kind="mergesort").reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# the parameters of the run
# --------------------------------------------------------------------------------------------

def parameters(res: Inputs, params: Params, model_doc: dict[str, Any]) -> pd.DataFrame:
    """Every parameter of the run; article-backed ones show the value taken from the article,
    model_document the document chosen (listed only when set or with several documents)."""
    rows = []
    for row in params_table():
        name = row["name"]
        value = getattr(params, name)
        default = Params.model_fields[name].default
        if name == "model_document":
            if not value and len(model_doc["counts"]) <= 1:
                continue  # one document: nothing to choose
            value = model_doc["doc_id"] or value
            origin = "parameter" if params.model_document else row["origin"]
        elif name in res and row["origin"] == "article" and value is None:
            value, origin = res[name].value, res[name].origin
        elif value != default:
            origin = "parameter"
        else:
            origin = row["origin"]
        if isinstance(value, float) and name in ("troops_low", "troops_high"):
            value = int(value)
        rows.append({"name": name, "value": None if value is None else f"{value}",
                     "origin": origin, "default": row["default"],
                     "description": row["description"]})
    return pd.DataFrame(rows, columns=list(PROCESSED["parameters"].columns))
