"""The one formatting module: how every number, amount, share, date and list reads.

Tables, sentences, chart labels and alt text all format through here (the report registers
these functions as Jinja filters, see :data:`FILTERS`), so the same value always reads the
same: ``$168 million`` in a table, a sentence and a tooltip alike, ``7,000`` never ``7000.0``.
Missing values read as an em dash. Zero is never signed (``-0.0`` reads ``0``) and negative
numbers carry a real minus sign (−).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable, Iterable
from typing import Any

MISSING = "—"
MINUS = "−"

# ISO 4217 code -> symbol written before the amount (others: the code after the amount)
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "KRW": "₩", "RUB": "₽",
                    "CNY": "CN¥"}

_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_WORDS = {0: "zero", 1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six",
          7: "seven", 8: "eight", 9: "nine", 10: "ten", 11: "eleven", 12: "twelve"}
_MONTHS = ("January February March April May June July August September October November "
           "December").split()

QUALIFIER_WORDS = {
    "over": "over", "more_than": "more than", "at_least": "at least", "up_to": "up to",
    "approximately": "about", "exact": "exactly", "range": "range", "vague": "vague",
}
TRUST_WORDS = {
    "high": "high: the organisation's own page or a matter of record",
    "medium": "medium: the organisation's figure reported directly by a major outlet",
    "medium-low": "medium-low: one more hand in between (a lawmaker relaying a briefing, an "
                  "aggregator, state media relaying its own government)",
    "low-medium": "low: not confirmed at any stronger source, contradicted, or a wide range",
}


def number_or_none(value: Any) -> float | None:
    """A float from a number or numeric text; None for None, NaN, pandas NA and text."""
    if value is None or isinstance(value, bool):
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def _clean(v: float) -> float:
    return 0.0 if v == 0 else v  # no "-0"


def _sign(v: float, text: str) -> str:
    return f"{MINUS}{text}" if v < 0 else text


def number(value: Any, digits: int = 3) -> str:
    """7,000 · 0.5 · 1,234.5 · 2.174 · −504; at most ``digits`` decimals, no trailing zeros."""
    v = number_or_none(value)
    if v is None:
        return MISSING
    v = _clean(v)
    a = abs(v)
    if a == int(a) or a >= 1000:
        text = f"{a:,.0f}"
    else:
        text = f"{a:,.{digits}f}".rstrip("0").rstrip(".")
        if text in ("0", ""):  # smaller than the digits shown: keep two significant ones
            text = f"{a:.2g}"
    return _sign(v, text)


def count(value: Any) -> str:
    """A count of people or things: 7,000 (rounded to a whole number)."""
    v = number_or_none(value)
    return MISSING if v is None else _sign(_clean(round(v)), f"{abs(round(v)):,.0f}")


def _scaled(a: float, short: bool) -> str:
    for size, word in _SCALES:
        if a >= size:
            x = a / size
            shown = f"{x:,.0f}" if x >= 100 or x == int(x) else f"{x:,.3g}" if x >= 10 \
                else f"{x:,.2f}".rstrip("0").rstrip(".")
            return f"{shown}{word[0].upper() if short else ' ' + word}"
    return f"{a:,.0f}" if a == int(a) or a >= 100 else f"{a:,.2f}"


def money(value: Any, currency: str = "USD", short: bool = False) -> str:
    """$2,000 · $168 million · $1.2 billion · ₩1.2 trillion · 20 CHF. ``short``: $168M (charts)."""
    v = number_or_none(value)
    if v is None:
        return MISSING
    v = _clean(v)
    code = (currency or "USD").upper()
    body = _scaled(abs(v), short)
    symbol = CURRENCY_SYMBOLS.get(code)
    text = f"{symbol}{body}" if symbol else f"{body} {code}"
    return _sign(v, text)


def usd(value: Any, short: bool = False) -> str:
    """A US dollar amount (see :func:`money`)."""
    return money(value, "USD", short)


_PER_WORDS = {"/month": " a month", "/year": " a year"}


def per_words(unit: Any) -> str:
    """' a month' / ' a year' for a money unit with /month or /year, else ''."""
    u = str(unit or "")
    return next((w for tail, w in _PER_WORDS.items() if u.endswith(tail)), "")


def usd_amount(value: Any, unit: Any = "USD", low: Any = None, high: Any = None) -> str:
    """A converted amount: $880 million a year · $1,000–1,500 a month (``low``/``high``
    given and different: the range)."""
    lo, hi = number_or_none(low), number_or_none(high)
    if lo is not None and hi is not None and lo != hi:
        body = span(lo, hi, fmt=usd)
    else:
        body = usd(value if number_or_none(value) is not None else (lo if lo is not None
                                                                     else hi))
    return body + per_words(unit)


def fx_rate(units_per_usd: Any, currency: Any) -> str:
    """An exchange rate as it reads best: 1,363.98 ₩/$ · 151.46 ¥/$ · $1.0824/€ (a currency
    worth more than a dollar is quoted in dollars per unit)."""
    x = number_or_none(units_per_usd)
    if x is None or x <= 0:
        return MISSING
    code = str(currency or "").upper()
    sym = CURRENCY_SYMBOLS.get(code, code)
    if x >= 1:
        return f"{x:,.2f} {sym}/$" if x >= 100 else f"{x:,.4g} {sym}/$"
    return f"${1 / x:,.4f}/{sym}"


def pct(value: Any, digits: int = 0) -> str:
    """A fraction as a percentage: 0.5 → 50%; small shares keep a significant digit (0.4%)."""
    v = number_or_none(value)
    if v is None:
        return MISSING
    p = _clean(v * 100)
    if p != 0 and abs(p) < 1 and digits == 0:
        return _sign(p, f"{abs(p):.1g}%")
    return _sign(p, f"{abs(p):,.{digits}f}%")


def tonnes(value: Any) -> str:
    """650,000 tonnes · 1 million tonnes · 4.78 million tonnes."""
    v = number_or_none(value)
    if v is None:
        return MISSING
    v = _clean(v)
    a = abs(v)
    if a >= 1e6:
        return _sign(v, f"{_scaled(a, False)} tonnes")
    return _sign(v, f"{a:,.0f} tonnes")


def money_code(unit: Any) -> str | None:
    """The currency of a money unit as extraction writes it (``KRW``, ``EUR/month``)."""
    m = re.match(r"^([A-Z]{3})(?:/(?:month|year))?$", str(unit or "").strip())
    return m.group(1) if m else None


def _currency_of(unit: str) -> str | None:
    code = unit.split("/")[0].strip().upper()
    return code if len(code) == 3 and code.isalpha() and code not in ("TON",) else None


def value(v: Any, unit: str | None) -> str:
    """A figure in its unit: USD amounts, shares, percent, tonnes, troops, years, plain."""
    u = (unit or "").strip()
    low = u.lower()
    x = number_or_none(v)
    if x is None:
        return MISSING
    code = _currency_of(u) if u and low not in ("troops", "tonnes", "year", "date") else None
    if code:
        return money(x, code)
    if low in ("fraction", "share"):
        return pct(x)
    if low in ("percent", "%"):
        return f"{number(x)}%"
    if low.startswith("tonnes") or low == "t":
        return tonnes(x)
    if low == "year":
        return f"{x:.0f}"
    if low in ("troops", "soldiers", "people", "count"):
        return count(x)
    return number(x)


def span(low: Any, high: Any, unit: str | None = None, fmt: Callable | None = None) -> str:
    """600,000–700,000 · ≥ 7,000 · ≤ 10,000 · 7,000 (low = high) · — (neither)."""
    show = fmt or (lambda x: value(x, unit))
    lo, hi = number_or_none(low), number_or_none(high)
    if lo is not None and hi is not None:
        if lo == hi:
            return show(lo)
        a, b = show(lo), show(hi)
        ma, mb = _SPLIT.match(a), _SPLIT.match(b)
        # the unit once: 600,000–700,000 tonnes, 1.2–1.4 million tonnes, 10–15%
        if ma and mb and ma.group(2) == mb.group(2) and ma.group(2).strip() and \
                ma.group(1)[:1] not in CURRENCY_SYMBOLS.values():
            return f"{ma.group(1)}–{mb.group(1)}{mb.group(2)}"
        return f"{a}–{b}"
    if lo is not None:
        return f"≥ {show(lo)}"
    if hi is not None:
        return f"≤ {show(hi)}"
    return MISSING


_SPLIT = re.compile(r"^([−]?\d[\d,.]*)(\s.*|%)$")


def date(iso: Any) -> str:
    """2024-11-04 → 4 November 2024; 2024-11 → November 2024; 2024 → 2024; else as given."""
    text = "" if iso is None else str(iso).strip()
    try:
        if len(text) == 10:
            d = _dt.date.fromisoformat(text)
            return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"
        if len(text) == 7 and text[4] == "-":
            return f"{_MONTHS[int(text[5:7]) - 1]} {text[:4]}"
    except (ValueError, IndexError):
        return text
    return text or MISSING


def qualifier(q: Any) -> str:
    """over · more than · up to · about · exactly …"""
    text = "" if q is None or (isinstance(q, float) and math.isnan(q)) else str(q)
    return QUALIFIER_WORDS.get(text, text.replace("_", " "))


def trust(grade: Any) -> str:
    """A reference row's trust grade in words (data/external/README.md defines them)."""
    text = "" if grade is None or (isinstance(grade, float) and math.isnan(grade)) else str(grade)
    return TRUST_WORDS.get(text, text or "not graded")


def trust_short(grade: Any) -> str:
    """high · medium · medium-low · low (low-medium reads 'low')."""
    return trust(grade).split(":")[0]


def words(n: Any) -> str:
    """A small count in words (one … twelve), larger ones in digits."""
    v = number_or_none(n)
    if v is None:
        return MISSING
    return _WORDS.get(int(v), count(v)) if v == int(v) else number(v)


def plural(n: Any, noun: str, plural_form: str | None = None, spell: bool = True) -> str:
    """'one article', 'three articles', '14 articles' (``spell=False``: '1 article')."""
    v = int(number_or_none(n) or 0)
    shown = words(v) if spell else count(v)
    return f"{shown} {noun if v == 1 else plural_form or noun + 's'}"


def and_list(items: Iterable[Any]) -> str:
    """'a' · 'a and b' · 'a, b and c'."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def sentence(text: Any) -> Any:
    """The first letter upper case, leaving markup and the rest alone (Jinja's capitalize
    would lower-case the rest, links included)."""
    from markupsafe import Markup

    s = str(text)
    i, depth = 0, 0
    while i < len(s):
        if s[i] == "<":
            depth += 1
        elif s[i] == ">":
            depth -= 1
        elif depth == 0 and not s[i].isspace():
            if s[i].isalpha():  # "30 news articles" stays as it is
                s = s[:i] + s[i].upper() + s[i + 1:]
            break
        i += 1
    return Markup(s) if isinstance(text, Markup) else s


def param(v: Any, unit: str | None = None) -> str:
    """A parameter's value for readers: 2,000 · 0.6 · 1 million tonnes · central."""
    x = number_or_none(v)
    if x is None or isinstance(v, str) and not _numeric_text(v):
        return MISSING if v is None or v == "" else str(v)
    return value(x, unit) if unit else number(x)


def _numeric_text(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


# d3-format strings for chart axes and tooltips: the charts' side of the same styles
D3_COUNT = ",.0f"
D3_USD = "$,.0f"
D3_PCT = ".0%"


FILTERS: dict[str, Callable[..., str]] = {
    "number": number, "count": count, "money": money, "usd": usd, "pct": pct,
    "tonnes": tonnes, "value": value, "span": span, "date": date, "qualifier": qualifier,
    "trust": trust, "trust_short": trust_short, "words": words, "plural": plural,
    "and_list": and_list, "param": param, "sentence": sentence, "usd_amount": usd_amount,
    "fx_rate": fx_rate, "per_words": per_words,
}
"""Every formatter, by the name templates use it under (``{{ x | usd }}``)."""
