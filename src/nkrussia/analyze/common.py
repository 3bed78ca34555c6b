"""What every part of the analysis shares: figures and references as plain records, intervals.

The analysis works on lists of dicts (one per figure or reference row), grouped by document
once, so that each step costs time in proportion to the figures it reads (a corpus of a
thousand articles is a thousand small lists, not a thousand filters over one big table).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from nkrussia.vocab import TROOP_QUANTITIES

TOLERANCE = 0.10  # relative tolerance for `approximately` / `exact` figures and troop matches
LOWER_BOUNDED = ("over", "more_than", "at_least")

Record = dict[str, Any]


def num(x: Any) -> float | None:
    if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return None
    return float(x)


def txt(x: Any) -> str | None:
    if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return None
    text = str(x)
    return text if text else None


def point(fig: Record) -> float | None:
    """A figure's single number: its value, else its low, else its high bound."""
    for key in ("value", "low", "high"):
        if num(fig.get(key)) is not None:
            return num(fig[key])
    return None


def lower(fig: Record) -> float | None:
    return num(fig.get("low")) if num(fig.get("low")) is not None else point(fig)


def upper(fig: Record) -> float | None:
    return num(fig.get("high")) if num(fig.get("high")) is not None else point(fig)


Interval = tuple[float, float, bool]  # (low, high, low bound excluded)


def interval(fig: Record, scale: float = 1.0) -> Interval | None:
    """A claim as the interval its wording allows; None when it gives no number (vague).

    `over`/`more_than` → (x, ∞); `at_least` → [x, ∞); `up_to` → [0, x]; `range` → [low, high];
    `approximately`/`exact` → x ± 10 % (stated figures are rounded). ``scale`` converts the
    claim's unit (a monthly claim × months, a percent × 0.01).
    """
    q = txt(fig.get("qualifier")) or "exact"
    lo, hi, val = num(fig.get("low")), num(fig.get("high")), num(fig.get("value"))
    if q == "vague":
        return None
    if q in LOWER_BOUNDED:
        base = lo if lo is not None else val
        return None if base is None else (base * scale, math.inf, q != "at_least")
    if q == "up_to":
        base = hi if hi is not None else val
        return None if base is None else (0.0, base * scale, False)
    if q == "range" and lo is not None and hi is not None:
        return (lo * scale, hi * scale, False)
    base = val if val is not None else point(fig)
    if base is None:
        return None
    return (base * scale * (1 - TOLERANCE), base * scale * (1 + TOLERANCE), False)


def inside(x: float, iv: Interval) -> bool:
    lo, hi, strict = iv
    return (x > lo if strict else x >= lo) and x <= hi


def overlaps(a_lo: float, a_hi: float, iv: Interval) -> bool:
    lo, hi, strict = iv
    return (a_hi > lo if strict else a_hi >= lo) and a_lo <= hi


def date_iso(text: str | None) -> str | None:
    """The ISO date (YYYY-MM or YYYY-MM-DD) a text starts with, else None."""
    if not text:
        return None
    m = re.match(r"^(\d{4}-\d{2}(?:-\d{2})?)", text.strip())
    return m.group(1) if m else None


def join(items: list[str | None]) -> str | None:
    """Distinct non-empty items, in order, `;`-joined (None when there are none)."""
    seen = list(dict.fromkeys(i for i in items if i))
    return ";".join(seen) if seen else None


# --------------------------------------------------------------------------------------------
# the corpus: figures grouped by document, references indexed by id
# --------------------------------------------------------------------------------------------

def records(df: pd.DataFrame | None) -> list[Record]:
    """A validated table as plain dicts, missing cells as None."""
    if df is None or df.empty:
        return []
    out = df.astype(object).where(df.notna(), None).to_dict("records")
    return out


# Values no real report of this story states: an article figure outside these bounds is not
# used (a model input "10^30 troops" would make every result absurd) and is listed in
# flags.csv, so the reader sees it. The troop and pay bounds are the ranges a user may set
# for the same parameters (nkrussia.params); money in USD; shares as fractions or percent.
PLAUSIBLE: dict[str, tuple[float, float]] = {
    "troops_deployed": (1, 1_000_000), "troops_expected": (1, 1_000_000),
    "casualties": (1, 1_000_000),
    "pay_per_soldier_month": (0, 100_000), "pay_per_soldier_year": (0, 1_200_000),
    "monthly_revenue": (0, 1e11), "annual_revenue": (0, 1e12), "total_revenue": (0, 1e13),
    "rice_supplied": (0, 1e8), "food_supplied": (0, 1e8), "food_shortfall": (0, 1e8),
    "share_of_food_gap": (0, 100),
}


def implausible(fig: Record) -> tuple[float, float] | None:
    """The bounds a figure breaks (its value or either bound), else None."""
    limits = PLAUSIBLE.get(fig["quantity"])
    if limits is None:
        return None
    conv = fig.get("_conv")  # money: the bounds are in US dollars
    if conv is not None and not conv.ok:
        return None  # not converted: cannot be judged against USD bounds (and is not used)
    for key in ("value", "low", "high"):
        v = num(getattr(conv, f"usd_{key}") if conv is not None else fig.get(key))
        if v is not None and not limits[0] <= v <= limits[1]:
            return limits
    return None


@dataclass
class Corpus:
    """The figures by document (each list sorted by offset) and every document's reference
    date; ``docs``: every doc_id (figures.csv and documents.csv), sorted; ``flagged``: the
    implausible figures (see :data:`PLAUSIBLE`), which are left out of ``figures``."""

    figures: dict[str, list[Record]]
    docs: list[str]
    dates: dict[str, str | None] = field(default_factory=dict)
    flagged: list[Record] = field(default_factory=list)

    @classmethod
    def build(cls, figures: pd.DataFrame, documents: pd.DataFrame | None = None,
              rates: Any = None) -> Corpus:
        """``rates``: a :class:`nkrussia.analyze.currency.Rates`; every money figure is given
        its US-dollar conversion (``_conv``) before the plausibility bounds (in USD) apply."""
        from nkrussia.analyze.currency import annotate

        by_doc: dict[str, list[Record]] = defaultdict(list)
        flagged = []
        dates: dict[str, str | None] = {}
        docs: set[str] = set()
        for row in records(documents):
            docs.add(str(row["doc_id"]))
            dates[str(row["doc_id"])] = txt(row.get("reference_date"))
        figs_all = records(figures)
        annotate(figs_all, rates, dates)
        for fig in figs_all:
            if implausible(fig) is not None:
                flagged.append(fig)
                continue
            by_doc[str(fig["doc_id"])].append(fig)
        for figs in by_doc.values():
            figs.sort(key=lambda f: (f["start"], f["figure_id"]))
        docs |= set(by_doc)
        docs |= {str(f["doc_id"]) for f in flagged}
        return cls(dict(by_doc), sorted(docs), dates, flagged)

    def of(self, doc: str) -> list[Record]:
        return self.figures.get(doc, [])

    def all(self) -> list[Record]:
        return [f for doc in self.docs for f in self.of(doc)]

    def with_quantity(self, doc: str, quantities: tuple[str, ...]) -> list[Record]:
        return [f for f in self.of(doc) if f["quantity"] in quantities]

    def troops(self, doc: str) -> list[Record]:
        return self.with_quantity(doc, TROOP_QUANTITIES)


@dataclass
class References:
    """data/external/context_figures.csv: rows by id, and the troop estimates by date."""

    rows: list[Record]
    by_id: dict[str, Record]
    troops: list[Record]  # topic troops, with `_value` and `_date`, sorted by date then id

    @classmethod
    def build(cls, refs: pd.DataFrame) -> References:
        rows = records(refs)
        troops = []
        for r in rows:
            if r["topic"] == "troops":
                troops.append({**r, "_value": ref_value(r),
                               "_date": date_iso(txt(r.get("refers_to"))) or ""})
        troops.sort(key=lambda r: (r["_date"], r["id"]))
        return cls(rows, {r["id"]: r for r in rows}, troops)

    def get(self, ref_id: str) -> Record | None:
        return self.by_id.get(ref_id)

    def value(self, ref_id: str) -> float | None:
        row = self.by_id.get(ref_id)
        return None if row is None else ref_value(row)


def ref_value(row: Record) -> float | None:
    try:
        return float(row["figure"])
    except (TypeError, ValueError):
        return None
