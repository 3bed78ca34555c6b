"""Money figures in US dollars: which rate of data/external/exchange_rates.csv, and the sums.

Extraction keeps each money figure in the currency the article states (``unit`` is an ISO 4217
code with an optional ``/month`` or ``/year``: ``KRW``, ``EUR/month``). The analysis converts
here, and every converted amount carries the rate it used (id, period, organisation).

How a rate is picked (:meth:`Rates.pick`)
-----------------------------------------
* The date is the figure's own resolved date (``date_resolved``) when it has one, else its
  article's reference date (documents.csv ``reference_date``); ``date_basis`` says which.
* Among the rows of that currency, a period that contains the date wins (a month over a year:
  ``2024-11`` over ``2024``); else the nearest period that ended before it (``rate_match``
  ``same_period`` or ``earlier_period``). A rate is never taken from a later period.
* Not converted, and said so (``status`` ``not_converted`` with a ``reason``), never a guess:
  a currency with no row (e.g. ``KPW``, which has no published market rate), a figure with no
  date and an undated article, a date before the table's first period of that currency, or a
  rates table that is missing or invalid.

``value``, ``low`` and ``high`` are each divided by the rate (units per US dollar); the
``/month`` or ``/year`` stays (``KRW/month`` → ``USD/month``). US-dollar figures pass
unchanged (``status`` ``usd``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from nkrussia.analyze.common import Record, num, point, records, txt

RATES_FILE = "data/external/exchange_rates.csv"
_MONEY = re.compile(r"^([A-Z]{3})(/(?:month|year))?$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
STATUSES = ("usd", "converted", "not_converted")


def money_unit(unit: Any) -> tuple[str, str] | None:
    """(currency, per) of a money unit — ``("KRW", "/month")``, ``("USD", "")`` — else None."""
    m = _MONEY.match(str(unit or "").strip())
    return (m.group(1), m.group(2) or "") if m else None


def _date(text: Any) -> str | None:
    """The ISO date (YYYY, YYYY-MM or YYYY-MM-DD) a text starts with, else None."""
    m = _DATE.match(str(text or "").strip())
    if not m:
        return None
    return "-".join(p for p in m.groups() if p)


@dataclass(frozen=True)
class Rate:
    """One row of exchange_rates.csv."""

    id: str
    currency: str
    period: str  # YYYY (annual average) or YYYY-MM (monthly average)
    units_per_usd: float
    organisation: str
    source: str | None = None
    url: str | None = None
    trust: str | None = None

    @property
    def end(self) -> str:
        """A string that sorts after every date inside the period."""
        return self.period + ("-99" if len(self.period) == 7 else "-99-99")

    def covers(self, date: str) -> bool:
        return date.startswith(self.period)

    def before(self, date: str) -> bool:
        """The period ended before ``date`` began."""
        return self.period < date[:len(self.period)]


@dataclass(frozen=True)
class Conversion:
    """A money figure in US dollars, or why it is not."""

    status: str  # usd | converted | not_converted
    currency: str
    per: str = ""  # "", "/month" or "/year"
    usd_value: float | None = None
    usd_low: float | None = None
    usd_high: float | None = None
    rate: Rate | None = None
    date: str | None = None  # the date the rate was picked for
    date_basis: str | None = None  # figure | article
    rate_match: str | None = None  # same_period | earlier_period
    reason: str | None = None  # not_converted: why, in words

    @property
    def usd_unit(self) -> str | None:
        return None if self.status == "not_converted" else f"USD{self.per}"

    @property
    def ok(self) -> bool:
        return self.status != "not_converted"


class Rates:
    """exchange_rates.csv by currency; ``problem``: why there is no table (it is missing or
    invalid), given as the reason of every figure that would have needed it."""

    def __init__(self, rows: list[Rate], problem: str | None = None):
        self.problem = problem
        self.by_currency: dict[str, list[Rate]] = {}
        for r in rows:
            self.by_currency.setdefault(r.currency, []).append(r)
        for items in self.by_currency.values():
            items.sort(key=lambda r: (r.end, len(r.period), r.id))

    @classmethod
    def build(cls, df: pd.DataFrame | None, problem: str | None = None) -> Rates:
        if df is None:
            return cls([], problem or f"{RATES_FILE} is missing")
        rows = []
        for r in records(df):
            rows.append(Rate(str(r["id"]), str(r["currency"]).upper(), str(r["period"]),
                             float(r["units_per_usd"]), str(r["organisation"]),
                             txt(r.get("source")), txt(r.get("url")), txt(r.get("trust"))))
        return cls(rows, problem)

    def get(self, rate_id: str) -> Rate | None:
        return next((r for rs in self.by_currency.values() for r in rs if r.id == rate_id),
                    None)

    def pick(self, currency: str, date: str | None) -> tuple[Rate | None, str | None, str]:
        """(rate, same_period | earlier_period, reason when there is none)."""
        if self.problem and not self.by_currency:
            return None, None, f"there is no rate table ({self.problem})"
        rows = self.by_currency.get(currency)
        if not rows:
            return None, None, f"{RATES_FILE} has no rate for {currency}"
        if not date:
            return None, None, ("neither the figure nor its article has a date to pick a "
                                "rate by")
        covering = [r for r in rows if r.covers(date)]
        if covering:
            return max(covering, key=lambda r: (len(r.period), r.id)), "same_period", ""
        earlier = [r for r in rows if r.before(date)]
        if earlier:
            return max(earlier, key=lambda r: (r.end, len(r.period), r.id)), \
                "earlier_period", ""
        return None, None, (f"{RATES_FILE} has no {currency} rate for {date} or before "
                            f"(its first is {rows[0].period})")


def convert(fig: Record, rates: Rates, article_date: str | None = None) -> Conversion | None:
    """The figure in US dollars (None when it is not a money figure)."""
    unit = money_unit(fig.get("unit"))
    if unit is None:
        return None
    currency, per = unit
    value, low, high = (num(fig.get(k)) for k in ("value", "low", "high"))
    if currency == "USD":
        return Conversion("usd", currency, per, value, low, high)
    own = _date(fig.get("date_resolved"))
    date, basis = (own, "figure") if own else (_date(article_date), "article")
    if date is None:
        basis = None
    rate, match, reason = rates.pick(currency, date)
    if rate is None:
        return Conversion("not_converted", currency, per, date=date, date_basis=basis,
                          reason=reason)

    def usd(x: float | None) -> float | None:
        return None if x is None else x / rate.units_per_usd

    return Conversion("converted", currency, per, usd(value), usd(low), usd(high), rate, date,
                      basis, match)


def annotate(figs: list[Record], rates: Rates | None, dates: dict[str, str | None]) -> None:
    """Set ``_conv`` (a :class:`Conversion`, or None) on every figure record, in place."""
    rates = rates if rates is not None else Rates([], f"{RATES_FILE} was not read")
    for f in figs:
        f["_conv"] = convert(f, rates, dates.get(str(f["doc_id"])))


def conversion(fig: Record) -> Conversion | None:
    return fig.get("_conv")


def usd_point(fig: Record) -> float | None:
    """The figure's single number in US dollars for a money figure (None when it could not
    be converted); the plain number for any other figure."""
    conv = conversion(fig)
    if conv is None:
        return point(fig)
    if not conv.ok:
        return None
    for x in (conv.usd_value, conv.usd_low, conv.usd_high):
        if x is not None:
            return x
    return None


def usd_view(fig: Record) -> Record:
    """The record with value, low, high and unit in US dollars (``_orig``: the record as
    extracted); the record itself when it is not a converted money figure."""
    conv = conversion(fig)
    if conv is None or conv.status != "converted":
        return fig
    return {**fig, "value": conv.usd_value, "low": conv.usd_low, "high": conv.usd_high,
            "unit": conv.usd_unit, "_orig": fig}


def original(fig: Record | None) -> Record | None:
    return None if fig is None else fig.get("_orig", fig)


def provenance(conv: Conversion | None) -> dict[str, Any]:
    """The rate columns a processed table carries for a money figure."""
    if conv is None:
        return {"usd_value": None, "usd_low": None, "usd_high": None, "usd_unit": None,
                "rate_id": None}
    return {"usd_value": conv.usd_value, "usd_low": conv.usd_low, "usd_high": conv.usd_high,
            "usd_unit": conv.usd_unit, "rate_id": conv.rate.id if conv.rate else None}


CONVERSION_COLUMNS = ("doc_id", "figure_id", "quantity", "text", "value", "low", "high", "unit",
                      "status", "usd_value", "usd_low", "usd_high", "usd_unit", "rate_id",
                      "rate_period", "units_per_usd", "rate_organisation", "rate_match",
                      "date", "date_basis", "reason")


def conversion_rows(figs: list[Record]) -> list[dict[str, Any]]:
    """conversions.csv: every money figure (by document, then offset) in US dollars."""
    rows = []
    for f in sorted(figs, key=lambda f: (str(f["doc_id"]), f["start"], f["figure_id"])):
        conv = conversion(f)
        if conv is None:
            continue
        rate = conv.rate
        rows.append({
            "doc_id": str(f["doc_id"]), "figure_id": f["figure_id"], "quantity": f["quantity"],
            "text": f["text"], "value": num(f.get("value")), "low": num(f.get("low")),
            "high": num(f.get("high")), "unit": txt(f.get("unit")), "status": conv.status,
            "usd_value": conv.usd_value, "usd_low": conv.usd_low, "usd_high": conv.usd_high,
            "usd_unit": conv.usd_unit, "rate_id": rate.id if rate else None,
            "rate_period": rate.period if rate else None,
            "units_per_usd": rate.units_per_usd if rate else None,
            "rate_organisation": rate.organisation if rate else None,
            "rate_match": conv.rate_match, "date": conv.date, "date_basis": conv.date_basis,
            "reason": conv.reason})
    return rows


