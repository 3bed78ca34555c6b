"""The three kinds of number the reader sees, as plain values the templates style.

* :class:`Art` — a figure an article states; links to its highlighted place in the source;
* :class:`Par` — a parameter of this run (our assumption); links to the parameters table;
* :class:`Ext` — external context: cited as a numbered note (organisation, outlet, date, URL
  and the source's trust), never mixed into the articles' own figures;

plus :class:`Num`, a number this analysis computed from them, linking to where it is worked
out. Python builds these from the tables; ``templates/report/macros.html.j2`` turns them
into markup (escaped). Internal identifiers live only in ``href``/``data-`` attributes.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from nkrussia import fmt
from nkrussia.articles import safe_url


def anchor_id(prefix: str, key: Any) -> str:
    """A safe, unique HTML id: ``fig-<figure_id>``, ``check-<check_id>`` …

    Keys that would slug alike ("a b" and "a_b") stay apart: when the slug differs from the
    key, six hex digits of the key's hash are appended.
    """
    raw = str(key)
    slug = re.sub(r"[^A-Za-z0-9_.:-]", "_", raw)
    if slug != raw:
        slug += "-" + hashlib.sha256(raw.encode()).hexdigest()[:6]
    return f"{prefix}-{slug}"


ARTICLE_INDEX = "articles/index.html"  # the article pages' index, from the main report


def article_file(doc_id: Any) -> str:
    """The file of an article's own page under report/articles/ (safe, unique per doc_id)."""
    return anchor_id("a", doc_id)[2:] + ".html"


@dataclass(frozen=True)
class Art:
    """An article figure: the article's own words, linking to them (on this page, or on the
    article's own page: ``page``)."""

    text: str
    figure_id: str | None
    note: str = ""  # tooltip: who the article says states it
    page: str = ""
    # money stated in another currency: "≈ $880 million a year at 1,363.98 ₩/$, Bank of Korea
    # 2024 average" (or "not converted to US dollars: …"), and the rate's numbered note
    converted: str = ""
    converted_notes: tuple = ()
    style: str = field(default="art", init=False)

    @property
    def href(self) -> str | None:
        return f"{self.page}#{anchor_id('fig', self.figure_id)}" if self.figure_id else None


@dataclass(frozen=True)
class Par:
    """A parameter of this run, formatted."""

    shown: str
    name: str
    style: str = field(default="par", init=False)

    @property
    def href(self) -> str:
        return f"#{anchor_id('param', self.name)}"


class NoteRef:
    """A citation whose number is given when it is first rendered, so that notes are
    numbered in page order whatever order the sections' values were built in."""

    __slots__ = ("book", "kind", "key", "build")

    def __init__(self, book: Notes, kind: str, key: str, build):
        self.book, self.kind, self.key, self.build = book, kind, key, build

    @property
    def number(self) -> int:
        return self.book.cite(self.kind, self.key, self.build)

    def __str__(self) -> str:
        return str(self.number)

    def __int__(self) -> int:
        return self.number


@dataclass(frozen=True)
class Ext:
    """External context: a value and the numbered note(s) that cite it."""

    shown: str
    notes: tuple[NoteRef, ...]
    organisation: str = ""
    style: str = field(default="ext", init=False)


@dataclass(frozen=True)
class Num:
    """A number this analysis computed; ``href``: where it is worked out."""

    shown: str
    href: str | None = None
    style: str = field(default="num", init=False)


# --------------------------------------------------------------------------------------------
# numbered notes: every source cited once, numbered in order of first citation
# --------------------------------------------------------------------------------------------

@dataclass
class Note:
    number: int
    kind: str  # article | reference | rate
    key: str  # doc_id or reference id
    organisation: str = ""
    outlet: str = ""
    title: str = ""
    date: str = ""
    url: str = ""
    link: bool = False  # the URL may be a link (http/https)
    trust: str = ""
    quote: str = ""
    rendering: str = ""  # an English rendering of a quote in another language
    caveat: str = ""

    @property
    def anchor(self) -> str:
        return f"note-{self.number}"


class Notes:
    """The report's numbered notes, in order of first citation (page order: the notebook's
    cells run top to bottom, and each cites as it builds its section)."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], Note] = {}

    def cite(self, kind: str, key: str, build) -> int:
        if (kind, key) not in self.by_key:
            note = build(len(self.by_key) + 1)
            self.by_key[(kind, key)] = note
        return self.by_key[(kind, key)].number

    def all(self) -> list[Note]:
        return sorted(self.by_key.values(), key=lambda n: n.number)

    def ref(self, kind: str, key: str, build) -> NoteRef:
        return NoteRef(self, kind, key, build)


def reference_note(row: dict, number: int) -> Note:
    note_text = str(row.get("note") or "")
    quote = str(row.get("quote") or "")
    rendering = ""
    m = re.search(r"in English \(our rendering\):\s*[\"“](.+?)[\"”](?:\s|$)", note_text)
    if m:
        rendering = m.group(1)
    url = str(row.get("url") or "")
    return Note(number, "reference", str(row["id"]), organisation=str(row["organisation"]),
                outlet=str(row.get("reported_by") or ""), title=str(row.get("title") or ""),
                date=str(row.get("refers_to") or ""), url=url, link=safe_url(url) is not None,
                trust=str(row.get("trust") or ""), quote=quote, rendering=rendering,
                caveat=note_text)


def period_words(period: Any) -> str:
    """'2024 average' · 'November 2024 average' for a rate's period."""
    p = str(period or "")
    return f"{fmt.date(p)} average" if p else ""


def rate_note(row: dict, number: int) -> Note:
    """A row of exchange_rates.csv as a numbered note (kind ``rate``)."""
    url = str(row.get("url") or "")
    return Note(number, "rate", str(row["id"]), organisation=str(row["organisation"]),
                title=str(row.get("source") or ""),
                date=f"{row['currency']} per US dollar, {period_words(row.get('period'))}",
                url=url, link=safe_url(url) is not None, trust=str(row.get("trust") or ""),
                caveat=str(row.get("note") or ""))


def article_note(doc: dict, label: str, number: int) -> Note:
    url = str(doc.get("url") or "")
    return Note(number, "article", str(doc["doc_id"]), organisation="",
                outlet=str(doc.get("outlet") or ""), title=label,
                date=fmt.date(doc.get("reference_date")) if doc.get("reference_date") else "",
                url=url, link=safe_url(url) is not None)
