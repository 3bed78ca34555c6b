"""Claim checks: a registry of checks and one driver that runs them over every document.

Adding a check is one decorated function (and, if its working needs words of its own, one
block in ``templates/report/claims.html.j2``)::

    @claim_check("troops", unit="troops", applies=lambda d: d.troops)
    def troops(doc: DocumentContext) -> Iterable[Check]:
        ...

The driver runs every registered check on every document, with that document's own figures
and inputs only (a claim is never checked with another article's troops or pay). It turns a
check whose ``needs`` are missing into one ``not checkable`` row naming the missing input (and
another document's figure that gives it, not used), so a check function handles only the
computable case. Each row says *what* was found as codes (``verdict``, ``reason``, ``missing``)
and numbers (``recomputed_*``; the inputs and intermediate results in ``check_inputs``); the
report's templates put that into words.

Verdicts: a claim is an interval (see :func:`nkrussia.analyze.common.interval`); a
recomputation inside it is ``consistent``, outside ``inconsistent``; lacking an input it is
``not checkable``. Two secondary sources disagreeing on who said a figure neither confirm nor
refute an attribution: ``not checkable``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from nkrussia import model
from nkrussia.analyze.common import (
    TOLERANCE,
    Corpus,
    Interval,
    Record,
    References,
    inside,
    interval,
    join,
    overlaps,
    point,
    ref_value,
    txt,
)
from nkrussia.analyze.currency import conversion, original, provenance
from nkrussia.analyze.inputs import REVENUE_CLAIMS, Input, Inputs, Resolver
from nkrussia.params import Params

REVENUE_PARAMS = ["monthly_pay_usd", "months", "state_share"]
TROOP_PARAMS = ["troops_low", "troops_high"]
ATTRIBUTION_TOLERANCE = 0.005  # "the same figure": within half a percent


# --------------------------------------------------------------------------------------------
# what a check returns
# --------------------------------------------------------------------------------------------

@dataclass
class Term:
    """One input or intermediate result of a check (a check_inputs.csv row)."""

    input: str
    value: float | None
    role: str
    unit: str | None = None
    low: float | None = None
    high: float | None = None
    origin: str | None = None
    figure_id: str | None = None
    ref_id: str | None = None

    @classmethod
    def of(cls, inp: Input, role: str) -> Term:
        return cls(inp.input, inp.value, role, inp.unit, inp.low, inp.high, inp.origin,
                   inp.figure_id, inp.ref_id)

    @classmethod
    def figure(cls, name: str, fig: Record, role: str, value: float | None = None) -> Term:
        return cls(name, point(fig) if value is None else value, role, txt(fig.get("unit")),
                   origin="article", figure_id=fig["figure_id"])

    @classmethod
    def reference(cls, row: Record, role: str, name: str = "reference") -> Term:
        return cls(name, ref_value(row), role, txt(row.get("unit")), origin="reference",
                   ref_id=row["id"])

    @classmethod
    def computed(cls, name: str, value: float | None, unit: str | None = None,
                 low: float | None = None, high: float | None = None) -> Term:
        return cls(name, value, name, unit, low, high, "computed")


@dataclass
class Check:
    """One claim check. ``key`` tells apart several checks of one kind in one document."""

    verdict: str
    reason: str
    key: str | None = None
    claim: Record | None = None  # the article figure whose claim is checked
    recomputed: tuple[float | None, float | None, float | None] = (None, None, None)
    basis: str | None = None
    missing: str | None = None
    elsewhere: str | None = None
    terms: list[Term] = field(default_factory=list)
    params_used: list[str] = field(default_factory=list)


@dataclass
class DocumentContext:
    """What a check sees: one document's figures and inputs, the parameters, the references."""

    doc_id: str
    figures: list[Record]
    inputs: Inputs
    params: Params
    refs: References

    def of(self, *quantities: str) -> list[Record]:
        return [f for f in self.figures if f["quantity"] in quantities]

    @property
    def troops(self) -> list[Record]:
        from nkrussia.vocab import TROOP_QUANTITIES

        return self.of(*TROOP_QUANTITIES)


@dataclass(frozen=True)
class CheckSpec:
    kind: str
    fn: Callable[[DocumentContext], Iterable[Check]]
    unit: str
    formula: str
    needs: tuple[str, ...]
    applies: Callable[[DocumentContext], Any]
    params: tuple[str, ...]


REGISTRY: dict[str, CheckSpec] = {}


def claim_check(kind: str, *, unit: str, formula: str, applies: Callable[[DocumentContext], Any],
                needs: tuple[str, ...] = (), params: tuple[str, ...] = ()):
    """Register a check of ``kind``: run on each document for which ``applies`` is true; when
    one of ``needs`` (inputs.csv names) is missing the driver reports it not checkable."""
    def register(fn: Callable[[DocumentContext], Iterable[Check]]):
        if kind in REGISTRY:
            raise ValueError(f"claim check {kind!r} is registered twice")
        REGISTRY[kind] = CheckSpec(kind, fn, unit, formula, needs, applies, params)
        return fn
    return register


# --------------------------------------------------------------------------------------------
# the driver
# --------------------------------------------------------------------------------------------

CHECK_COLUMNS = ("check_id", "kind", "doc_id", "figure_id", "claimed_value", "claimed_low",
                 "claimed_high", "claimed_qualifier", "unit", "recomputed_value",
                 "recomputed_low", "recomputed_high", "verdict", "reason", "missing",
                 "elsewhere", "basis", "formula", "figures_used", "ref_ids", "params_used",
                 "claimed_unit", "claimed_usd_value", "claimed_usd_low", "claimed_usd_high",
                 "rate_id")
TERM_COLUMNS = ("check_id", "input", "role", "value", "low", "high", "unit", "origin",
                "figure_id", "ref_id")


def run_checks(corpus: Corpus, resolver: Resolver, params: Params,
               refs: References) -> tuple[list[dict], list[dict]]:
    """(claim_checks rows, check_inputs rows): every registered check on every document."""
    rows: list[dict] = []
    terms: list[dict] = []
    for doc in corpus.docs:
        ctx = DocumentContext(doc, corpus.of(doc), resolver.of(doc), params, refs)
        for spec in REGISTRY.values():
            if not spec.applies(ctx):
                continue
            for check in _run_one(spec, ctx):
                row, row_terms = _row(spec, ctx, check)
                rows.append(row)
                terms.extend(row_terms)
    return rows, terms


def _run_one(spec: CheckSpec, ctx: DocumentContext) -> Iterable[Check]:
    gap = next((name for name in spec.needs if ctx.inputs[name].missing), None)
    if gap is None:
        return spec.fn(ctx)
    inp = ctx.inputs[gap]
    claim = _claim_figure(ctx, spec)
    return [Check("not checkable", "missing_input", claim=claim, missing=gap,
                  elsewhere=inp.elsewhere,
                  terms=[Term.of(ctx.inputs[n], n) for n in spec.needs],
                  params_used=list(spec.params))]


def _claim_figure(ctx: DocumentContext, spec: CheckSpec) -> Record | None:
    """The figure a not-checkable row is about: the claim the check would have checked."""
    for name in spec.needs:
        inp = ctx.inputs[name]
        if name in ("revenue_claim_usd", "share_of_food_gap", "rice_supplied_tonnes"):
            if inp.fig is not None:
                return inp.fig
    claims = {"revenue": REVENUE_CLAIMS, "breakeven": REVENUE_CLAIMS,
              "rice_shortfall": ("share_of_food_gap", "rice_supplied")}.get(spec.kind, ())
    found = ctx.of(*claims)
    return found[0] if found else None


def _row(spec: CheckSpec, ctx: DocumentContext, c: Check) -> tuple[dict, list[dict]]:
    key = c.key or (f"{c.basis}:{ctx.doc_id}" if c.basis else ctx.doc_id)
    check_id = f"{spec.kind}:{key}"
    fig = original(c.claim)  # the claim as the article states it (not its USD view)
    conv = conversion(fig) if fig else None
    money = provenance(conv)
    figures = [t.figure_id for t in c.terms] + ([fig["figure_id"]] if fig else [])
    row = {
        "check_id": check_id, "kind": spec.kind, "doc_id": ctx.doc_id,
        "figure_id": fig["figure_id"] if fig else None,
        "claimed_value": _n(fig, "value"), "claimed_low": _n(fig, "low"),
        "claimed_high": _n(fig, "high"),
        "claimed_qualifier": txt(fig.get("qualifier")) if fig else None,
        "unit": spec.unit, "recomputed_value": c.recomputed[0],
        "recomputed_low": c.recomputed[1], "recomputed_high": c.recomputed[2],
        "verdict": c.verdict, "reason": c.reason, "missing": c.missing,
        "elsewhere": c.elsewhere, "basis": c.basis, "formula": spec.formula,
        "figures_used": join(figures), "ref_ids": join([t.ref_id for t in c.terms]),
        "params_used": join(c.params_used),
        "claimed_unit": txt(fig.get("unit")) if fig else None,
        "claimed_usd_value": money["usd_value"], "claimed_usd_low": money["usd_low"],
        "claimed_usd_high": money["usd_high"], "rate_id": money["rate_id"],
    }
    terms = [{"check_id": check_id, **{k: getattr(t, k) for k in TERM_COLUMNS[1:]}}
             for t in c.terms]
    return row, terms


def _n(fig: Record | None, key: str) -> float | None:
    if fig is None:
        return None
    value = fig.get(key)
    return None if value is None else float(value)


def _claim_iv(inp: Input) -> Interval | None:
    """A claim input as an interval in its model unit (a monthly claim scaled by months)."""
    return None if inp.fig is None else interval(inp.fig, inp.scale)


# --------------------------------------------------------------------------------------------
# the checks
# --------------------------------------------------------------------------------------------

def _has_revenue_context(d: DocumentContext) -> bool:
    return bool(d.troops or d.of(*REVENUE_CLAIMS))


@claim_check("revenue", unit="USD/year", formula=model.FORMULA, applies=_has_revenue_context,
             needs=("revenue_claim_usd", "monthly_pay_usd"), params=tuple(REVENUE_PARAMS))
def revenue(d: DocumentContext) -> Iterable[Check]:
    """Each of the document's troop figures × its pay, against its revenue claim."""
    claim, pay = d.inputs["revenue_claim_usd"], d.inputs["monthly_pay_usd"]
    iv = _claim_iv(claim)
    months, share = d.params.months, d.params.state_share
    base = [Term.of(claim, "claim"), Term.of(pay, "monthly_pay_usd"),
            Term.of(d.inputs["months"], "months"), Term.of(d.inputs["state_share"], "state_share")]
    if not d.troops:
        yield Check("not checkable", "no_troop_figure", claim=claim.fig, terms=base,
                    params_used=REVENUE_PARAMS)
    for t in d.troops:
        n = point(t)
        terms = [Term.figure("troops", t, "troops"), *base]
        if n is None:
            yield Check("not checkable", "vague_troop_figure", key=t["figure_id"],
                        claim=claim.fig, terms=terms, params_used=REVENUE_PARAMS)
            continue
        value = model.annual_revenue(n, pay.value, months, share)
        if inside(value, iv):
            verdict, reason = "consistent", "within_claim"
        else:
            verdict = "inconsistent"
            below = value < iv[0] or (iv[2] and value == iv[0])
            reason = "below_claim" if below else "above_claim"
        yield Check(verdict, reason, key=t["figure_id"], claim=claim.fig,
                    recomputed=(value, None, None), terms=terms, params_used=REVENUE_PARAMS)


@claim_check("breakeven", unit="troops",
             formula=f"the fewest troops for which {model.FORMULA} reaches the claim",
             applies=lambda d: d.of(*REVENUE_CLAIMS),
             needs=("revenue_claim_usd", "monthly_pay_usd"),
             params=tuple(REVENUE_PARAMS + TROOP_PARAMS))
def breakeven(d: DocumentContext) -> Iterable[Check]:
    """How many paid soldiers the revenue claim needs, against the document's troop range."""
    claim, pay = d.inputs["revenue_claim_usd"], d.inputs["monthly_pay_usd"]
    lo, hi = d.inputs["troops_low"], d.inputs["troops_high"]
    iv = _claim_iv(claim)
    terms = [Term.of(claim, "claim"), Term.of(pay, "monthly_pay_usd"),
             Term.of(d.inputs["months"], "months"), Term.of(d.inputs["state_share"], "state_share"),
             Term.of(lo, "troops_low"), Term.of(hi, "troops_high")]
    used = REVENUE_PARAMS + TROOP_PARAMS
    if iv[0] <= 0:
        yield Check("not checkable", "no_minimum", claim=claim.fig, terms=terms,
                    params_used=used)
        return
    needed = model.breakeven_troops(iv[0], pay.value, d.params.months, d.params.state_share,
                                    strict=iv[2])
    if needed is None:
        yield Check("inconsistent", "nothing_retained", claim=claim.fig, terms=terms,
                    params_used=used)
        return
    rec = (float(needed), None, None)
    if lo.missing or hi.missing:
        gap = lo if lo.missing else hi
        yield Check("not checkable", "missing_input", claim=claim.fig, recomputed=rec,
                    missing=gap.input, elsewhere=gap.elsewhere, terms=terms, params_used=used)
    elif hi.value >= needed:
        reason = "within_range" if lo.value >= needed else "high_end_only"
        yield Check("consistent", reason, claim=claim.fig, recomputed=rec, terms=terms,
                    params_used=used)
    else:
        yield Check("inconsistent", "beyond_highest", claim=claim.fig, recomputed=rec,
                    terms=terms, params_used=used)


def _rice_context(d: DocumentContext) -> bool:
    return bool(d.of("rice_supplied", "share_of_food_gap"))


@claim_check("rice_shortfall", unit="tonnes",
             formula="food shortfall implied = rice supplied / share of the shortfall covered",
             applies=_rice_context, needs=("rice_supplied_tonnes", "share_of_food_gap"),
             params=("food_shortfall_tonnes",))
def rice_shortfall(d: DocumentContext) -> Iterable[Check]:
    """The shortfall the rice claim implies, against two estimates of the real one."""
    sf = d.inputs["food_shortfall_tonnes"]
    yield _shortfall(d, "reference_shortfall", sf.value, [Term.of(sf, "shortfall")],
                     ["food_shortfall_tonnes"])
    req, prod = d.refs.get("food_requirement_fao"), d.refs.get("food_production_2024")
    if req is None or prod is None:
        yield Check("not checkable", "reference_missing", basis="fao_requirement_minus_harvest",
                    claim=d.inputs["share_of_food_gap"].fig)
        return
    gap = (ref_value(req) - ref_value(prod)) * 1e6
    yield _shortfall(d, "fao_requirement_minus_harvest", gap,
                     [Term.reference(req, "requirement"), Term.reference(prod, "harvest"),
                      Term.computed("shortfall", gap, "tonnes")], [])


def _shortfall(d: DocumentContext, basis: str, shortfall: float, extra: list[Term],
               params_used: list[str]) -> Check:
    rice, share = d.inputs["rice_supplied_tonnes"], d.inputs["share_of_food_gap"]
    r_lo = rice.low if rice.low is not None else rice.value
    r_hi = rice.high if rice.high is not None else rice.value
    iv = _claim_iv(share)
    terms = [Term.of(rice, "rice"), Term.of(share, "share"), *extra]
    s_lo, s_hi, _ = iv
    if s_hi == math.inf:  # "more than half": the shortfall must be below rice / share
        bounds = (rice.value / s_lo, r_lo / s_lo, r_hi / s_lo)
    elif s_lo == 0:  # "up to": the shortfall must be at least rice / share
        bounds = (rice.value / s_hi, r_lo / s_hi, r_hi / s_hi)
    else:
        bounds = (rice.value / ((s_lo + s_hi) / 2), r_lo / s_hi, r_hi / s_lo)
    covered = (r_lo / shortfall, r_hi / shortfall)
    terms.append(Term.computed("share_covered", None, "fraction", *covered))
    ok = overlaps(covered[0], covered[1], iv)
    return Check("consistent" if ok else "inconsistent", "matches_share" if ok else
                 "contradicts_share", basis=basis, claim=share.fig, recomputed=bounds,
                 terms=terms, params_used=params_used)


@claim_check("troops", unit="troops",
             formula=f"|reference − article| ≤ {TOLERANCE:.0%} × article",
             applies=lambda d: d.troops)
def troops(d: DocumentContext) -> Iterable[Check]:
    """Each troop figure against every reference estimate: one within ±10 % confirms it."""
    trefs = d.refs.troops
    for t in d.troops:
        n = point(t)
        if n is None:
            continue
        near = [r for r in trefs if r["_value"] is not None
                and abs(r["_value"] - n) <= TOLERANCE * n]
        terms = [Term.figure("troops", t, "article")]
        terms += [Term.reference(r, "near" if r in near else "far") for r in trefs]
        if near:
            verdict, reason = "consistent", "near_reference"
        elif trefs:
            verdict, reason = "inconsistent", "far_from_references"
        else:
            verdict, reason = "not checkable", "no_references"
        yield Check(verdict, reason, key=t["figure_id"], claim=t, recomputed=(n, None, None),
                    terms=terms)


@claim_check("troop_range", unit="troops",
             formula="lowest reference × 0.9 ≤ troops_low and troops_high ≤ highest reference × "
                     "1.1", applies=lambda d: d.troops, needs=("troops_low", "troops_high"),
             params=tuple(TROOP_PARAMS))
def troop_range(d: DocumentContext) -> Iterable[Check]:
    """The document's troop range against the run of reference estimates."""
    lo, hi = d.inputs["troops_low"], d.inputs["troops_high"]
    trefs = [r for r in d.refs.troops if r["_value"] is not None]
    terms = [Term.of(lo, "troops_low"), Term.of(hi, "troops_high")]
    if not trefs:
        yield Check("not checkable", "no_references", terms=terms, params_used=TROOP_PARAMS)
        return
    first = min(trefs, key=lambda r: r["_value"])
    last = max(trefs, key=lambda r: r["_value"])
    r_lo, r_hi = first["_value"], last["_value"]
    terms += [Term.reference(first, "lowest"), Term.reference(last, "highest")]
    ok = lo.value >= r_lo * (1 - TOLERANCE) and hi.value <= r_hi * (1 + TOLERANCE)
    yield Check("consistent" if ok else "inconsistent", "within_references" if ok
                else "outside_references", recomputed=(None, r_lo, r_hi), terms=terms,
                params_used=TROOP_PARAMS)


@claim_check("attribution", unit="troops",
             formula="reference rows giving the same figure (±0.5%), organisations compared by "
                     "name", applies=lambda d: d.troops)
def attribution(d: DocumentContext) -> Iterable[Check]:
    """Who the reference data credits with the article's troop figure, against the article."""
    for t, same in attributions(d.troops, d.refs):
        src = txt(t.get("source"))
        matches = [r for r in same if same_source(src, r["organisation"])]
        terms = [Term.figure("troops", t, "article")]
        terms += [Term.reference(r, "same_body" if r in matches else "other_body")
                  for r in same]
        if not same:
            verdict, reason = "not checkable", "no_reference_figure"
        elif matches:
            verdict, reason = "consistent", "same_body"
        else:
            verdict, reason = "not checkable", "other_body"
        yield Check(verdict, reason, key=t["figure_id"], claim=t,
                    recomputed=(point(t), None, None), terms=terms)


def attributions(troop_figures: list[Record], refs: References
                 ) -> list[tuple[Record, list[Record]]]:
    """(attributed troop figure with a number, reference rows giving the same number)."""
    out = []
    for t in troop_figures:
        n = point(t)
        if n is None or not txt(t.get("source")) or txt(t.get("qualifier")) == "vague":
            continue
        out.append((t, [r for r in refs.troops if r["_value"] is not None
                        and abs(r["_value"] - n) <= ATTRIBUTION_TOLERANCE * n]))
    return out


# --------------------------------------------------------------------------------------------
# "the same body": organisation names compared by their words
# --------------------------------------------------------------------------------------------

_STOP = {"the", "of", "and", "from", "sources", "source", "according", "to", "via", "citing",
         "a", "an", "s", "report", "reports", "said", "says"}
_COUNTRIES = {"south", "north", "korea", "ukrai", "russi", "us", "u", "unite", "state", "ameri",
              "japan", "china", "chine", "pyong", "seoul", "kyiv", "mosco", "washi"}
_ALIASES = {"pentagon": "us department of defense", "nis": "national intelligence service",
            "hur": "ukraine defence intelligence", "gur": "ukraine defence intelligence",
            "jcs": "joint chiefs of staff"}


def _words(text: str) -> set[str]:
    words = re.findall(r"[a-z]+", text.lower())
    words = [x for w in words for x in _ALIASES.get(w, w).split()]
    return {w[:5] for w in words if w not in _STOP}


def same_source(article_source: str | None, organisation: str) -> bool:
    """Same body if no conflicting country words and at least one shared other word:
    "South Korean intelligence" matches "South Korea National Intelligence Service" but not
    "Ukraine Defence Intelligence (HUR)" (another country) nor "US Department of Defense"."""
    if not article_source:
        return False
    a, b = _words(article_source), _words(organisation)
    ca, cb = a & _COUNTRIES, b & _COUNTRIES
    if ca and cb and not ca & cb:
        return False
    return len((a - _COUNTRIES) & (b - _COUNTRIES)) >= 1
