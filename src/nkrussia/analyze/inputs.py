"""The model's inputs: found among one document's figures by what they measure, or set.

How inputs are resolved (the rule the report and the data dictionary quote)
---------------------------------------------------------------------------
Inputs are found among the extracted figures by their ``quantity`` label, never by position,
and always among ONE document's figures (plus the parameters): a claim is checked with its
own document's figures, and the corpus-wide model (inputs.csv, scenarios, Monte Carlo,
sensitivity, context) uses the *model document*'s.

* Article-backed parameters (``troops_low``, ``troops_high``, ``monthly_pay_usd``; schema
  default None): a value set by the user wins (origin ``parameter``, rule ``user``); else the
  document's figure (origin ``article``); else the input is ``missing`` and everything that
  needs it is reported as not computed, naming it, while the rest still runs.
  - ``troops_low`` = the lowest troop estimate (low bound, else value; rule
    ``lowest_estimate``), ``troops_high`` the highest (high bound, else value;
    ``highest_estimate``), over ``vocab.TROOP_QUANTITIES``. Vague figures ("thousands") give
    no number (rule ``vague_only`` when they are all the document has).
  - ``monthly_pay_usd`` = the first ``pay_per_soldier_month`` figure by offset
    (``first_figure``); else a ``pay_per_soldier_year`` figure divided by 12
    (``yearly_divided_by_12``).
* Money inputs are in US dollars: a figure the article states in another currency is
  converted (:mod:`nkrussia.analyze.currency`; the row's ``original_unit`` and ``rate_id`` say
  so); one that cannot be converted is not used (when it is all the document has, the input
  is missing with rule ``not_converted``).
* Claims (``revenue_claim_usd``, ``rice_supplied_tonnes``, ``share_of_food_gap``) always come
  from the article (they are what is checked): its first figure by offset; a monthly revenue
  claim is annualised × ``months`` (``monthly_times_months``), a percent share read as a
  fraction (``percent_as_fraction``).
* Reference-backed parameters (``rice_price_usd_per_tonne``, ``food_shortfall_tonnes``) have
  origin ``reference`` (with ``ref_id``) at their default, ``parameter`` once changed;
  assumptions are ``assumption`` or ``parameter`` likewise.
* ``troops_headline`` follows ``scenario``: ``low``, ``high``, or ``central`` = the midpoint of
  low and high rounded half up (origin ``assumption``: the midpoint is our choice).
* The model document is the parameter ``model_document``, or by default the document whose own
  figures give the most of :data:`MODEL_INPUTS` (ties to the first doc_id).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from nkrussia.analyze.common import Corpus, Record, References, lower, num, point, txt, upper
from nkrussia.analyze.currency import conversion, usd_point, usd_view
from nkrussia.errors import ParamError
from nkrussia.params import Params
from nkrussia.vocab import TROOP_QUANTITIES

MODEL_INPUTS = ("troops_low", "troops_high", "monthly_pay_usd", "revenue_claim_usd")
"""What makes a document the most complete model document (counted when from the article)."""

ASSUMPTION_INPUTS = ("months", "state_share", "state_share_min", "state_share_max",
                     "pay_spread")
REF_PARAMS = {
    "rice_price_usd_per_tonne": ("rice_price_thai_2024_11", "USD/tonne"),
    "food_shortfall_tonnes": ("food_shortfall_wi", "tonnes/year"),
}
PAY_FIGURES = ("pay_per_soldier_month", "pay_per_soldier_year")
REVENUE_CLAIMS = ("annual_revenue", "monthly_revenue")
# input -> the figure quantities that can give it (what a missing input looks for elsewhere)
SOURCES: dict[str, tuple[str, ...]] = {
    "troops_low": TROOP_QUANTITIES, "troops_high": TROOP_QUANTITIES,
    "monthly_pay_usd": PAY_FIGURES, "revenue_claim_usd": REVENUE_CLAIMS,
    "rice_supplied_tonnes": ("rice_supplied",), "share_of_food_gap": ("share_of_food_gap",),
}


@dataclass
class Input:
    """One resolved input: an inputs.csv row, plus the figure it came from (not written)."""

    input: str
    value: float | None
    origin: str
    rule: str
    unit: str | None = None
    low: float | None = None
    high: float | None = None
    candidates: int = 0
    figure_id: str | None = None
    doc_id: str | None = None
    source: str | None = None
    text: str | None = None
    ref_id: str | None = None
    elsewhere: str | None = None  # a missing input: another document's figure that gives it
    original_unit: str | None = None  # money stated in another currency: the article's unit
    rate_id: str | None = None  # … and the exchange_rates.csv row that converted it
    fig: Record | None = field(default=None, repr=False)
    scale: float = field(default=1.0, repr=False)

    def row(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in INPUT_COLUMNS}

    @property
    def missing(self) -> bool:
        return self.value is None


INPUT_COLUMNS = ("input", "value", "low", "high", "unit", "origin", "rule", "candidates",
                 "figure_id", "doc_id", "source", "text", "ref_id", "elsewhere",
                 "original_unit", "rate_id")

Inputs = dict[str, Input]


def _from_figure(name: str, value: float, fig: Record, unit: str, rule: str, candidates: int,
                 low: float | None = None, high: float | None = None,
                 scale: float = 1.0) -> Input:
    conv = conversion(fig)
    converted = conv is not None and conv.status == "converted"
    return Input(name, value, "article", rule, unit, low, high, candidates, fig["figure_id"],
                 str(fig["doc_id"]), txt(fig.get("source")), fig["text"],
                 original_unit=txt(fig.get("unit")) if converted else None,
                 rate_id=conv.rate.id if converted else None,
                 fig=usd_view(fig), scale=scale)


def _missing(name: str, unit: str, figures: list[Record]) -> Input:
    """A missing input; ``figures``: the document's figures of its kind (all vague or in a
    currency that could not be converted, if any)."""
    rule = "vague_only" if figures else "not_stated"
    unconverted = [f for f in figures if point(f) is not None and usd_point(f) is None]
    if unconverted:
        rule, figures = "not_converted", unconverted
    first = figures[0] if figures else None
    return Input(name, None, "missing", rule, unit, candidates=len(figures),
                 figure_id=first["figure_id"] if first else None,
                 doc_id=str(first["doc_id"]) if first else None,
                 text=first["text"] if first else None, fig=None)


def _default(name: str) -> Any:
    return Params.model_fields[name].default


def resolve(figs: list[Record], params: Params, refs: References | None = None) -> Inputs:
    """One document's inputs (``figs``: its figures, sorted by offset) plus the parameters."""
    out: Inputs = {}
    troops = [f for f in figs if f["quantity"] in TROOP_QUANTITIES]
    numeric = [(f, lower(f), upper(f)) for f in troops if point(f) is not None]
    for name, pick, rule in (("troops_low", 1, "lowest_estimate"),
                             ("troops_high", 2, "highest_estimate")):
        user = getattr(params, name)
        if user is not None:
            out[name] = Input(name, float(user), "parameter", "user", "troops")
        elif numeric:
            best = (min if pick == 1 else max)(numeric, key=lambda t: t[pick])
            out[name] = _from_figure(name, best[pick], best[0], "troops", rule, len(numeric))
        else:
            out[name] = _missing(name, "troops", troops)
    out["troops_headline"] = _headline(out, params)

    if params.monthly_pay_usd is not None:
        out["monthly_pay_usd"] = Input("monthly_pay_usd", float(params.monthly_pay_usd),
                                       "parameter", "user", "USD/month")
    else:
        monthly = [f for f in figs if f["quantity"] == "pay_per_soldier_month"]
        yearly = [f for f in figs if f["quantity"] == "pay_per_soldier_year"]
        pick = next((f for f in monthly if usd_point(f) is not None), None)
        if pick is not None:
            out["monthly_pay_usd"] = _from_figure("monthly_pay_usd", usd_point(pick), pick,
                                                  "USD/month", "first_figure", len(monthly))
        elif (pick := next((f for f in yearly if usd_point(f) is not None), None)) is not None:
            out["monthly_pay_usd"] = _from_figure(
                "monthly_pay_usd", usd_point(pick) / 12, pick, "USD/month",
                "yearly_divided_by_12", len(yearly))
        else:
            out["monthly_pay_usd"] = _missing("monthly_pay_usd", "USD/month", monthly + yearly)

    for name in ASSUMPTION_INPUTS:
        value = getattr(params, name)
        user = value != _default(name)
        out[name] = Input(name, float(value), "parameter" if user else "assumption",
                          "user" if user else "assumption")

    out["revenue_claim_usd"] = _claim(figs, "revenue_claim_usd", "USD/year", params)
    out["rice_supplied_tonnes"] = _claim(figs, "rice_supplied_tonnes", "tonnes", params)
    out["share_of_food_gap"] = _claim(figs, "share_of_food_gap", "fraction", params)

    for name, (ref_id, unit) in REF_PARAMS.items():
        value = getattr(params, name)
        if value == _default(name):
            org = None
            if refs is not None and refs.get(ref_id) is not None:
                org = refs.get(ref_id)["organisation"]
            out[name] = Input(name, float(value), "reference", "reference", unit, source=org,
                              ref_id=ref_id)
        else:
            out[name] = Input(name, float(value), "parameter", "user", unit)
    return out


def _headline(out: Inputs, params: Params) -> Input:
    lo, hi = out["troops_low"], out["troops_high"]
    if lo.missing or hi.missing:
        return Input("troops_headline", None, "missing", "needs_troop_range", "troops")
    value = {"low": lo.value, "high": hi.value,
             "central": math.floor((lo.value + hi.value) / 2 + 0.5)}[params.scenario]
    if {lo.origin, hi.origin} != {"article"}:
        origin = "parameter"
    else:  # the midpoint is our choice, not a number the article states
        origin = "article" if params.scenario != "central" else "assumption"
    rule = {"low": "scenario_low", "high": "scenario_high", "central": "midpoint"}
    return Input("troops_headline", float(value), origin, rule[params.scenario], "troops")


def _claim(figs: list[Record], name: str, unit: str, params: Params) -> Input:
    quantity = {"revenue_claim_usd": "annual_revenue", "rice_supplied_tonnes": "rice_supplied",
                "share_of_food_gap": "share_of_food_gap"}[name]
    rows = [f for f in figs if f["quantity"] == quantity]
    scale, rule = 1.0, "first_figure"
    if not rows and name == "revenue_claim_usd":
        rows = [f for f in figs if f["quantity"] == "monthly_revenue"]
        scale, rule = float(params.months), "monthly_times_months"
    fig = next((f for f in rows if usd_point(f) is not None), None)
    if fig is None:
        return _missing(name, unit, rows)
    if name == "share_of_food_gap" and (txt(fig.get("unit")) == "percent" or point(fig) > 1):
        scale, rule = 0.01, "percent_as_fraction"
    view = usd_view(fig)  # money in US dollars (the figure itself when it is not money)
    value = num(view.get("value"))
    value = point(view) if value is None else value
    low, high = num(view.get("low")), num(view.get("high"))
    return _from_figure(name, value * scale, fig, unit, rule, len(rows),
                        None if low is None else low * scale,
                        None if high is None else high * scale, scale)


def check_bounds(res: Inputs) -> None:
    """troops_low ≤ troops_high, or a ParamError saying which is which."""
    lo, hi = res["troops_low"], res["troops_high"]
    if not lo.missing and not hi.missing and lo.value > hi.value:
        raise ParamError(
            f"troops_low ({lo.value:,.0f}, {lo.origin}) exceeds troops_high "
            f"({hi.value:,.0f}, {hi.origin}); set both")


# --------------------------------------------------------------------------------------------
# per document, and the model document
# --------------------------------------------------------------------------------------------

class Resolver:
    """Every document's inputs, resolved once, and the model document chosen from them."""

    def __init__(self, corpus: Corpus, params: Params, refs: References | None):
        self.corpus, self.params, self.refs = corpus, params, refs
        self._cache: dict[str, Inputs] = {}
        self._firsts: dict[tuple[str, ...], list[Record]] = {}

    def of(self, doc: str) -> Inputs:
        if doc not in self._cache:
            res = resolve(self.corpus.of(doc), self.params, self.refs)
            for name, quantities in SOURCES.items():
                if res[name].missing:
                    other = self.elsewhere(doc, quantities)
                    res[name].elsewhere = other["figure_id"] if other else None
            self._cache[doc] = res
        return self._cache[doc]

    def elsewhere(self, doc: str, quantities: tuple[str, ...]) -> Record | None:
        """The first figure with a number of another document that measures ``quantities``
        (at most two candidates are kept per kind, so this stays O(1) per call)."""
        if quantities not in self._firsts:
            found: list[Record] = []
            for d in self.corpus.docs:
                fig = next((f for f in self.corpus.with_quantity(d, quantities)
                            if usd_point(f) is not None), None)
                if fig is not None:
                    found.append(fig)
                    if len(found) == 2:
                        break
            self._firsts[quantities] = found
        return next((f for f in self._firsts[quantities] if str(f["doc_id"]) != doc), None)

    def counts(self) -> dict[str, int]:
        return {doc: sum(self.of(doc)[n].origin == "article" for n in MODEL_INPUTS)
                for doc in self.corpus.docs}

    def model_document(self) -> dict[str, Any]:
        """{"doc_id", "how" ('parameter' | 'automatic' | None), "counts"}; a model_document
        naming no known document is a ParamError listing the known ones."""
        counts = self.counts()
        docs = self.corpus.docs
        wanted = self.params.model_document
        if wanted:
            if wanted not in docs:
                raise ParamError(
                    f"model_document '{wanted}' is not among the articles; known doc_ids: "
                    f"{', '.join(docs) or 'none'}")
            return {"doc_id": wanted, "how": "parameter", "counts": counts}
        if not docs:
            return {"doc_id": None, "how": None, "counts": counts}
        best = max(docs, key=lambda d: counts[d])  # the first doc_id among the most complete
        return {"doc_id": best, "how": "automatic", "counts": counts}

    def model_inputs(self) -> tuple[Inputs, dict[str, Any]]:
        """The model document's inputs (troops_low ≤ troops_high checked) and the choice."""
        model = self.model_document()
        doc = model["doc_id"]
        res = self.of(doc) if doc is not None else resolve([], self.params, self.refs)
        check_bounds(res)
        return res, model


def model_document_rows(model: dict[str, Any]) -> list[dict[str, Any]]:
    """model_document.csv: one row per document, how many model inputs its figures give."""
    counts = model["counts"]
    rank = {d: i for i, d in enumerate(sorted(counts, key=lambda d: (-counts[d], d)), 1)}
    return [{"doc_id": doc, "inputs_given": counts[doc], "inputs_total": len(MODEL_INPUTS),
             "rank": rank[doc], "model": doc == model["doc_id"],
             "how": model["how"] if doc == model["doc_id"] else None}
            for doc in sorted(counts)]
