"""HTML fragments of the published report, built from the tables under ``data/``.

Every number on the page is read from a table (never typed into prose) and carries one of
three visibly different styles:

* ``nk-art`` — a figure the article states; links to its highlighted span in the source text;
* ``nk-par`` — a parameter of this run (our assumption);
* ``nk-ext`` — external context, always shown with its organisation and URL.

Article text is always passed through :func:`html.escape`. A missing table or input gives a
visible "not computed because …" note instead of an exception.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import html
import json
import math
import re
import shlex
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from nkrussia import charts
from nkrussia.articles import safe_url

EXTRACTED = ("documents", "sentences", "figures", "entities", "events", "quotes")
PROCESSED = ("inputs", "troop_estimates", "claim_checks", "scenarios", "cumulative",
             "montecarlo_summary", "montecarlo_hist", "sensitivity", "context", "timeline",
             "parameters")
EXTERNAL = ("context_figures",)

# Section id -> title, in page order (the TOC and the PDF test read this).
SECTIONS: list[tuple[str, str]] = [
    ("findings", "Key findings"),
    ("figures", "The figures"),
    ("charts", "Charts"),
    ("claims", "Claim checks"),
    ("people", "People, organisations and statements"),
    ("method", "Method and assumptions"),
    ("source", "Source text"),
    ("repro", "Reproducibility"),
]
CHARTS: list[tuple[str, str]] = [
    ("chart-troops", "Troop estimates over time"),
    ("chart-revenue", "Revenue scenarios"),
    ("chart-montecarlo", "Monte Carlo distribution"),
    ("chart-sensitivity", "Sensitivity"),
    ("chart-rice", "Rice and the food shortfall"),
    ("chart-timeline", "Timeline"),
    ("chart-whatif", "What if?"),
]

E = html.escape


# =========================================================================== data
@dataclass
class ReportData:
    """Every table the report reads; a missing or unreadable one is None, with the reason."""

    data_dir: Path
    tables: dict[str, pd.DataFrame | None] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)
    root: Path | None = None
    manifest: dict = field(default_factory=dict)

    def get(self, name: str) -> pd.DataFrame | None:
        return self.tables.get(name)

    def why(self, name: str) -> str:
        return self.problems.get(name, f"the table {name} is missing")

    # ---- derived look-ups -------------------------------------------------------------
    def figure(self, figure_id: str | None) -> dict | None:
        figs = self.get("figures")
        if figs is None or not figure_id or "figure_id" not in figs.columns:
            return None
        hit = figs[figs["figure_id"].astype(str) == str(figure_id)]
        return hit.iloc[0].to_dict() if len(hit) else None

    def figures_of(self, quantity: str, doc_id: str | None = None) -> list[dict]:
        """Figures measuring ``quantity`` (of one document when ``doc_id`` is given)."""
        figs = self.get("figures")
        if figs is None or "quantity" not in figs.columns:
            return []
        sub = figs[figs["quantity"] == quantity]
        if doc_id is not None and "doc_id" in sub.columns:
            sub = sub[sub["doc_id"].astype(str) == str(doc_id)]
        sub = sub.sort_values(["doc_id", "start"])
        rows = [r for _, r in sub.iterrows()]
        # Figures with a number first ("over 7,000" before "thousands").
        return sorted(rows, key=lambda r: _num(r.get("value")) is None)

    def input_row(self, name: str) -> dict | None:
        inp = self.get("inputs")
        if inp is None or "input" not in inp.columns:
            return None
        hit = inp[inp["input"] == name]
        return hit.iloc[0].to_dict() if len(hit) else None

    def input_value(self, name: str) -> float | None:
        row = self.input_row(name)
        return _num(row.get("value")) if row else None

    def param(self, name: str) -> str | None:
        par = self.get("parameters")
        if par is None or "name" not in par.columns:
            return None
        hit = par[par["name"] == name]
        if not len(hit):
            return None
        value = hit.iloc[0].get("value")
        return None if _missing(value) else str(value)

    def param_num(self, name: str) -> float | None:
        return _num(self.param(name))

    def mc(self) -> dict[str, float | None]:
        return charts._summary_dict(self.get("montecarlo_summary"))

    def reference(self, ref_id: str) -> dict | None:
        ref = self.get("context_figures")
        if ref is None or "id" not in ref.columns:
            return None
        hit = ref[ref["id"] == ref_id]
        return hit.iloc[0].to_dict() if len(hit) else None

    # ---- documents ----------------------------------------------------------------------
    def doc_ids(self) -> list[str]:
        """Every document, in documents.csv order, then any other doc_id the figures name."""
        out: list[str] = []
        for name in ("documents", "figures"):
            t = self.get(name)
            if t is not None and "doc_id" in t.columns:
                out += [str(d) for d in t["doc_id"].dropna() if str(d) not in out]
        return out

    def multi(self) -> bool:
        """More than one article: the report then names the document behind every figure."""
        return len(self.doc_ids()) > 1

    def document(self, doc_id: Any) -> dict:
        docs = self.get("documents")
        if docs is None or "doc_id" not in docs.columns or _missing(doc_id):
            return {}
        hit = docs[docs["doc_id"].astype(str) == str(doc_id)]
        return hit.iloc[0].to_dict() if len(hit) else {}

    def doc_of_figure(self, figure_id: Any) -> str | None:
        fig = self.figure(_text(figure_id) or None)
        return _text(fig.get("doc_id")) or None if fig else None

    def model_docs(self) -> dict[str, list[str]]:
        """doc_id -> the model inputs it supplies (inputs.csv rows whose origin is article).

        The scenarios, the Monte Carlo run, the sensitivity and the what-if are computed from
        inputs.csv, so these are the documents behind them (one, or several when pooled).
        """
        inp = self.get("inputs")
        out: dict[str, list[str]] = {}
        if inp is None or not {"input", "origin"} <= set(inp.columns):
            return out
        for _, r in inp.iterrows():
            if _text(r.get("origin")) != "article":
                continue
            doc = _text(r.get("doc_id")) or self.doc_of_figure(r.get("figure_id"))
            if not doc and len(self.doc_ids()) == 1:
                doc = self.doc_ids()[0]
            if doc:
                out.setdefault(doc, []).append(_text(r.get("input")))
        return out

    def claim_usd(self) -> float | None:
        for name in ("revenue_claim_usd", "claim_usd", "annual_revenue", "claim"):
            v = self.input_value(name)
            if v is not None:
                return v
        v = self.mc().get("claim_usd")
        if v is not None:
            return v
        figs = self.figures_of("annual_revenue")
        return _num(figs[0].get("value")) if figs else None


def _read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"figure_id": str, "doc_id": str, "id": str,
                                    "check_id": str, "value": object}
                       if path.stem in ("parameters",) else
                       {"figure_id": str, "doc_id": str, "id": str, "check_id": str})


def load(data_dir: Path, root: Path | None = None) -> ReportData:
    """Read data/extracted, data/processed and data/external; never raises for a missing file."""
    data_dir = Path(data_dir)
    data = ReportData(data_dir=data_dir, root=root)
    for folder, names in (("extracted", EXTRACTED), ("processed", PROCESSED),
                          ("external", EXTERNAL)):
        for name in names:
            path = data_dir / folder / f"{name}.csv"
            if folder == "external" and not path.is_file() and root is not None:
                path = root / "data" / folder / f"{name}.csv"  # stage data staged elsewhere
            if not path.is_file():
                data.tables[name] = None
                data.problems[name] = f"{folder}/{name}.csv was not produced"
                continue
            try:
                data.tables[name] = _read_csv(path)
            except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError,
                    ValueError) as exc:
                data.tables[name] = None
                data.problems[name] = f"{folder}/{name}.csv could not be read ({exc})"
    data.manifest = _load_manifest(data_dir, root)
    return data


def _load_manifest(data_dir: Path, root: Path | None) -> dict:
    """The pipeline's data/manifest.json; run by hand, the same facts computed now."""
    path = data_dir / "manifest.json"
    if path.is_file():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, OSError):
            return {}
    if root is not None and (root / "notebooks").is_dir():
        from nkrussia import pipeline

        try:
            return pipeline.manifest_by_hand(root)
        except (OSError, ValueError):
            return {}
    return {}


# =========================================================================== formatting
def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return bool(isinstance(value, str) and not value.strip())


def _num(value: Any) -> float | None:
    return charts._num(value)


def _text(value: Any, default: str = "") -> str:
    return default if _missing(value) else str(value)


def fmt_count(v: float | None) -> str:
    return "—" if v is None else f"{v:,.0f}"


def fmt_usd(v: float | None) -> str:
    """$2,000 · $168 million · $1.2 billion."""
    if v is None:
        return "—"
    return charts.musd_text(v)


def fmt_pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.0f}%"


def fmt_tonnes(v: float | None) -> str:
    if v is None:
        return "—"
    if abs(v) >= 1e6:
        return f"{v / 1e6:,.2f} million tonnes".replace(".00 ", " ")
    return f"{v:,.0f} tonnes"


def fmt_value(v: float | None, unit: str | None) -> str:
    """A figure's value in its unit."""
    if v is None:
        return "—"
    u = (unit or "").lower()
    if "usd" in u or u in ("$", "dollars"):
        return fmt_usd(v) if "/" not in u or abs(v) >= 1e6 else f"${v:,.0f}"
    if u in ("fraction", "share"):
        return fmt_pct(v)
    if u in ("percent", "%"):
        return f"{v:g}%"
    if u.startswith("tonnes") and abs(v) >= 1e6:
        return f"{v / 1e6:,.2f} Mt".replace(".00 ", " ")
    if v == int(v):
        return f"{v:,.0f}"
    return f"{v:,.2f}"


def anchor_id(prefix: str, key: Any) -> str:
    """A safe HTML id: fig-<figure_id>, check-<check_id>, …"""
    return f"{prefix}-" + re.sub(r"[^A-Za-z0-9_.:-]", "_", str(key))


def art(text: str, figure_id: str | None, title: str = "") -> str:
    """An article figure: red, linking to its highlighted span in the source text."""
    t = E(text)
    tip = f' title="{E(title)}"' if title else ""
    if figure_id:
        return f'<a class="nk-art" href="#{anchor_id("fig", figure_id)}"{tip}>{t}</a>'
    return f'<span class="nk-art"{tip}>{t}</span>'


def par(text: str, name: str) -> str:
    """A parameter of this run (our assumption)."""
    return (f'<a class="nk-par" href="#{anchor_id("param", name)}" '
            f'title="parameter {E(name)}">{E(text)}</a>')


def ext(text: str, organisation: str | None, url: str | None) -> str:
    """External context: the value, then its organisation and URL, always."""
    cite = E(_text(organisation, "unknown organisation"))
    if url and not _missing(url):
        # context rows joining several references give their URLs as "a | b"
        cite += ", " + " ".join(_url(u.strip()) for u in str(url).split(" | ") if u.strip())
    return (f'<span class="nk-ext"><span class="nk-ext-value">{E(text)}</span> '
            f'<span class="nk-cite">({cite})</span></span>')


def check_link(check_id: str, text: str) -> str:
    return f'<a class="nk-check-link" href="#{anchor_id("check", check_id)}">{E(text)}</a>'


def note(reason: str) -> str:
    """A visible 'not computed' note."""
    return f'<p class="nk-note nk-missing">Not computed because {E(reason)}.</p>'


def badge(verdict: str) -> str:
    v = _text(verdict, "not checkable")
    cls = {"consistent": "ok", "inconsistent": "bad"}.get(v, "na")
    return f'<span class="nk-badge nk-badge-{cls}">{E(v)}</span>'


def section(sec_id: str, body: str, intro: str = "") -> str:
    title = dict(SECTIONS)[sec_id]
    lead = f'<p class="nk-lead">{intro}</p>' if intro else ""
    return (f'<section class="nk-section" id="{sec_id}" aria-labelledby="{sec_id}-h">'
            f'<h2 id="{sec_id}-h">{E(title)}</h2>{lead}{body}</section>')


def _table(head: list[tuple[str, str]], rows: Iterable[str], cls: str = "",
           caption: str = "", top: str = "") -> str:
    """head: (label, css class); rows: ready <tr> strings; top: an optional first header row
    (a <tr>), repeated with the column names on every printed page the table spans; the
    columns then get a <colgroup> (nk-col-1, nk-col-2, …) for their widths."""
    ths = "".join(f'<th scope="col" class="{c}">{E(h)}</th>' for h, c in head)
    cap = f"<caption>{caption}</caption>" if caption else ""
    cols = ("<colgroup>" + "".join(f'<col class="nk-col-{i}">' for i in range(1, len(head) + 1))
            + "</colgroup>") if top else ""
    return (f'<div class="nk-table-wrap"><table class="nk-table {cls}">{cap}{cols}<thead>{top}'
            f"<tr>{ths}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


def csv_link(df: pd.DataFrame, filename: str, label: str = "Download the data (CSV)") -> str:
    """A download link with the CSV embedded as a data: URL (no file beside the report)."""
    payload = urllib.parse.quote(df.to_csv(index=False, lineterminator="\n"), safe="")
    return (f'<a class="nk-download" download="{E(filename)}" '
            f'href="data:text/csv;charset=utf-8,{payload}">{E(label)}: {E(filename)}</a>')


# =========================================================================== documents
# With one article the report speaks of "the article"; with several it names the document
# behind every figure, groups the claims by document and says which document(s) the model's
# inputs come from (inputs.csv: the doc_id of its article-origin rows).
_NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven",
                 8: "eight", 9: "nine", 10: "ten", 11: "eleven", 12: "twelve"}

# Model inputs in words (pooled-model sentence) and as short roles (chart source notes).
_INPUT_WORDS = {"troops_low": "the lowest troop figure", "troops_high": "the highest troop figure",
                "troops_headline": "the headline troop figure",
                "monthly_pay_usd": "the monthly pay", "revenue_claim_usd": "the revenue claim",
                "rice_supplied_tonnes": "the rice tonnage",
                "share_of_food_gap": "the share of the food gap"}
_INPUT_ROLES = {"troops_low": "troops", "troops_high": "troops", "troops_headline": "troops",
                "monthly_pay_usd": "pay", "revenue_claim_usd": "claim",
                "rice_supplied_tonnes": "rice", "share_of_food_gap": "share of the food gap"}
MODEL_INPUTS = ("troops_low", "troops_high", "troops_headline", "monthly_pay_usd",
                "revenue_claim_usd")


def count_words(n: int, noun: str) -> str:
    """'three articles', 'one article', '14 articles'."""
    return f"{_NUMBER_WORDS.get(n, str(n))} {noun}{'' if n == 1 else 's'}"


def and_list(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def doc_name(data: ReportData, doc_id: Any) -> str:
    """A document's title, else its doc_id (plain text; escape it before use)."""
    return _text(data.document(doc_id).get("title")) or str(doc_id)


def doc_label(data: ReportData, doc_id: Any) -> str:
    """A document's name as HTML: “Title”, or its doc_id as code."""
    title = _text(data.document(doc_id).get("title"))
    return f"“{E(title)}”" if title else f"<code>{E(str(doc_id))}</code>"


def doc_ref(data: ReportData, doc_id: Any) -> str:
    """A document named in prose, linking to its source text."""
    return (f'<a class="nk-doc" href="#{anchor_id("doc", doc_id)}">'
            f"{doc_label(data, doc_id)}</a>")


def _ordered_docs(data: ReportData, doc_ids: Iterable[Any]) -> list[str]:
    wanted = {str(d) for d in doc_ids if not _missing(d)}
    known = data.doc_ids()
    return [d for d in known if d in wanted] + sorted(wanted - set(known))


def _input_words(names: list[str]) -> str:
    words = [_INPUT_WORDS.get(n, n.replace("_", " ")) for n in names]
    if "troops_low" in names and "troops_high" in names:
        words = ["the troop range"] + [w for n, w in zip(names, words, strict=True)
                                       if n not in ("troops_low", "troops_high")]
    return and_list(list(dict.fromkeys(words)))


# How the analysis marks, in an input's note, the document the model takes its figures from
# (analyze._model_note): the explanation after it is shown once, above the inputs table.
MODEL_NOTE_MARK = ", the model document, "


def model_sentence(data: ReportData) -> str:
    """Which document(s) the scenarios and the simulation take their figures from."""
    docs = data.model_docs()
    n = len(data.doc_ids())
    if not docs:
        return ("The scenarios and the simulation use no article figure: every model input is "
                "a parameter of this run or external context.")
    if len(docs) == 1:
        doc = next(iter(docs))
        s = f"The scenarios and the simulation use the figures of {doc_ref(data, doc)}"
        others = n - 1
        if others == 1:
            s += "; the other article's figures are listed and checked but do not enter them"
        elif others > 1:
            s += (f"; the figures of the other {count_words(others, 'article')} are listed and "
                  "checked but do not enter them")
        return s + "."
    bits = [f"{_input_words(names)} from {doc_ref(data, doc)}" for doc, names in docs.items()]
    return (f"The model's inputs (scenarios, simulation and context comparisons) pool figures "
            f"from {count_words(len(docs), 'article')}: " + "; ".join(bits) + ".")


def _src_docs(data: ReportData, doc_ids: Iterable[Any]) -> str:
    """'the source articles A, B and C' — the documents a chart shows figures of."""
    docs = _ordered_docs(data, doc_ids)
    if not docs:
        return "no article"
    refs = [doc_ref(data, d) for d in docs]
    return f"the source article{'s' if len(docs) > 1 else ''} {and_list(refs)}"


def _src_model(data: ReportData, names: Iterable[str] = MODEL_INPUTS) -> str:
    """The document(s) behind the model inputs ``names``, e.g. 'the figures of A (troops, pay,
    claim)' or, when pooled, 'figures pooled from A (troops); B (pay, claim)'."""
    groups: dict[str, list[str]] = {}
    for name in names:
        row = data.input_row(name) or {}
        if _text(row.get("origin")) != "article":
            continue
        doc = _text(row.get("doc_id")) or data.doc_of_figure(row.get("figure_id"))
        if doc:
            role = _INPUT_ROLES.get(name, name.replace("_", " "))
            if role not in groups.setdefault(doc, []):
                groups[doc].append(role)
    if not groups:
        return "no article figure (the model's inputs are parameters of this run)"
    if len(groups) == 1:
        doc, roles = next(iter(groups.items()))
        return f"the figures of {doc_ref(data, doc)} ({', '.join(roles)})"
    return "figures pooled from " + "; ".join(
        f"{doc_ref(data, d)} ({', '.join(r)})" for d, r in groups.items())


def _by_doc(table: pd.DataFrame | None, doc_id: str | None) -> pd.DataFrame | None:
    """The rows of one document (all rows when doc_id is None)."""
    if table is None or doc_id is None or "doc_id" not in table.columns:
        return table
    return table[table["doc_id"].astype(str) == str(doc_id)]


# =========================================================================== title, TOC
def title_block(data: ReportData, title: str, run_date: _dt.date | None = None) -> str:
    run_date = run_date or _dt.date.today()
    docs = data.get("documents")
    items = []
    if docs is not None:
        for r in docs.itertuples():
            name = _text(getattr(r, "title", None)) or _text(getattr(r, "path", None)) or r.doc_id
            # With several articles, each is named as everywhere else: title, else doc_id.
            shown = doc_label(data, r.doc_id) if data.multi() else E(name)
            outlet = _text(getattr(r, "outlet", None))
            ref = _text(getattr(r, "reference_date", None), "unknown")
            how = _text(getattr(r, "reference_date_source", None))
            url = _text(getattr(r, "url", None))
            link = f" — {_url(url)}" if url else ""
            items.append(
                f'<li><a href="#{anchor_id("doc", r.doc_id)}">{shown}</a>'
                f"{' (' + E(outlet) + ')' if outlet else ''}{link}; reference date "
                f"<strong>{E(ref)}</strong>"
                f"{' <span class=nk-muted>(' + E(how) + ')</span>' if how else ''}</li>")
    sources = (f'<ul class="nk-sources">{"".join(items)}</ul>' if items
               else note(data.why("documents")))
    n = len(data.doc_ids())
    if n > 1:
        subtitle = (f"What {count_words(n, 'news article')} say about North Korean troops in "
                    "Russia, what their numbers imply when recomputed, and how they compare "
                    "with later public reporting.")
        sources += (f'<p class="nk-meta nk-model">Each article\'s claims are checked with its '
                    f"own figures only. {model_sentence(data)}</p>")
    else:
        subtitle = ("What one news article says about North Korean troops in Russia, what its "
                    "numbers imply when recomputed, and how they compare with later public "
                    "reporting.")
    return (
        '<header class="nk-title-block">'
        '<p class="nk-kicker">Research brief · North Korea–Russia military cooperation</p>'
        f'<h1 class="nk-title">{E(title)}</h1>'
        f'<p class="nk-subtitle">{subtitle}</p>'
        f'<p class="nk-meta">Report run on <time datetime="{run_date.isoformat()}">'
        f"{run_date.strftime('%d %B %Y')}</time>. Source article"
        f"{'s' if len(items) != 1 else ''}:</p>{sources}"
        + legend(n) + "</header>")


def legend(n_docs: int = 1) -> str:
    """The three styles, explained once at the top and again in the method section."""
    by = "an article" if n_docs > 1 else "the article"
    return (
        '<p class="nk-legend"><span class="nk-legend-title">How to read the numbers:</span> '
        f'<span class="nk-art">article figure</span> — stated by {by}, links to the '
        'sentence; <span class="nk-par">our parameter</span> — an assumption of this analysis; '
        '<span class="nk-ext"><span class="nk-ext-value">external context</span> '
        '<span class="nk-cite">(organisation, URL)</span></span> — from other public '
        "reporting.</p>")


def toc() -> str:
    items = []
    for sec_id, title in SECTIONS:
        sub = ""
        if sec_id == "charts":
            sub = "<ol>" + "".join(f'<li><a href="#{cid}">{E(t)}</a></li>'
                                   for cid, t in CHARTS) + "</ol>"
        items.append(f'<li><a href="#{sec_id}">{E(title)}</a>{sub}</li>')
    return (f'<nav class="nk-toc" aria-label="Contents"><h2 class="nk-toc-title">Contents</h2>'
            f'<ol>{"".join(items)}</ol></nav>')


# =========================================================================== findings
def _fig_text(fig: dict) -> str:
    return _text(fig.get("text")) or fmt_value(_num(fig.get("value")), fig.get("unit"))


def _checks(data: ReportData) -> pd.DataFrame | None:
    cc = data.get("claim_checks")
    if cc is None or "check_id" not in cc.columns:
        return None
    return cc


def _parse_inputs(text: Any) -> dict[str, float]:
    out = {}
    for part in re.split(r"[;,]\s*", _text(text)):
        m = re.match(r"\s*([A-Za-z_]+)\s*=\s*([-+0-9.eE]+)\s*$", part)
        if m:
            try:
                out[m.group(1)] = float(m.group(2))
            except ValueError:
                pass
    return out


def revenue_checks(data: ReportData, doc_id: str | None = None) -> list[dict]:
    """Claim checks whose recomputed value is annual revenue at a given troop count (of one
    document when ``doc_id`` is given)."""
    cc = _by_doc(_checks(data), doc_id)
    if cc is None:
        return []
    claim_figs = {f["figure_id"] for f in data.figures_of("annual_revenue")}
    out = []
    for _, r in cc.iterrows():
        inputs = _parse_inputs(r.get("inputs"))
        troops = next((v for k, v in inputs.items() if k.startswith("troops")), None)
        cid = str(r.get("check_id"))
        if troops is None and cid.startswith("revenue:"):
            fig = data.figure(cid.split(":", 1)[1]) or {}
            troops = _num(fig.get("value"))
        rec = _num(r.get("recomputed_value"))
        if rec is None or troops is None:
            continue
        if str(r.get("figure_id")) in claim_figs or "revenue" in _text(r.get("claim")).lower():
            if rec > 1e5:  # a money figure, not a troop count
                out.append({**r.to_dict(), "troops": troops,
                            "pay": next((v for k, v in inputs.items() if "pay" in k), None)})
    return sorted(out, key=lambda d: d["troops"])


def breakeven_check(data: ReportData, doc_id: str | None = None) -> dict | None:
    cc = _by_doc(_checks(data), doc_id)
    if cc is None:
        return None
    for _, r in cc.iterrows():
        words = (_text(r.get("claim")) + " " + _text(r.get("check_id")) + " "
                 + _text(r.get("formula"))).lower()
        rec = _num(r.get("recomputed_value"))
        if rec is not None and rec < 1e6 and ("break" in words or "troops needed" in words
                                              or "needed" in words or "÷" in words):
            if "rice" in words or "food" in words or "shortfall" in words:
                continue
            return r.to_dict()
    return None


def _inline_note(reason: str) -> str:
    return note(reason).replace("<p", "<span").replace("</p>", "</span>")


def _used_figure(row: dict, candidates: list) -> Any:
    """The candidate figure a claim check used (from its figures_used), else the first."""
    used = {t.strip() for t in _text(row.get("figures_used")).split(";")}
    hit = [f for f in candidates if str(f["figure_id"]) in used]
    return (hit or candidates)[0]


def _doc_findings(data: ReportData, doc: str | None) -> list[str]:
    """The findings about one document's own figures and claim checks; ``doc`` None: the
    whole corpus, worded for a single article (the report with one source)."""
    one = doc is None
    the = "The article" if one else "This article"
    whose = "the" if one else "this article's"  # … claimed X; … claim holds only from
    sentences: list[str] = []
    # 1. Troops, as the article states them.
    deployed = data.figures_of("troops_deployed", doc)
    expected = data.figures_of("troops_expected", doc)
    if deployed or expected:
        parts = []
        if deployed:
            f = deployed[0]
            src = _text(f.get("source"))
            parts.append(f"puts the North Korean troops moved to Russia at "
                         f"{art(_fig_text(f), f['figure_id'])}"
                         + (f", citing {E(src)}" if src else ""))
        if expected:
            f = expected[0]
            parts.append(f"says there could soon be {art(_fig_text(f), f['figure_id'])}")
        sentences.append(f"{the} " + " and ".join(parts) + ".")
    elif one:
        sentences.append(_inline_note("the extraction found no troop figure in the article"))

    # 2. Revenue claim recomputed from the article's own figures.
    claim_figs = data.figures_of("annual_revenue", doc)
    pay_figs = data.figures_of("pay_per_soldier_month", doc)
    rev = revenue_checks(data, doc)
    if claim_figs and pay_figs and rev:
        cf, pf = claim_figs[0], pay_figs[0]
        if not one:  # the claim and the pay figure this document's checks used
            cf = data.figure(rev[0].get("figure_id")) or cf
            pf = _used_figure(rev[0], pay_figs)
        months = data.param_num("months") or data.input_value("months")
        bits = []
        for r in rev:
            bits.append(f"{fmt_count(r['troops'])} troops give "
                        f"{check_link(r['check_id'], fmt_usd(_num(r['recomputed_value'])))} "
                        f"({badge(r['verdict'])})")
        months_txt = f" over {par(f'{months:g} months', 'months')}" if months else ""
        sentences.append(
            f"At {art(_fig_text(pf), pf['figure_id'])} per soldier a month{months_txt}, "
            + "; ".join(bits) + f" a year, against {whose} claimed "
            f"{art(_fig_text(cf), cf['figure_id'])}.")
    elif claim_figs:
        cf = claim_figs[0]
        who = "the article" if one else "this article"
        why = (f"{who} gives no monthly pay figure" if not pay_figs
               else data.why("claim_checks") if _checks(data) is None
               else "the claim states no number" if _num(cf.get("value")) is None and not one
               else "no claim check recomputes the revenue")
        s = (f"{the}'s revenue claim of {art(_fig_text(cf), cf['figure_id'])} could not be "
             f"recomputed because {E(why)}")
        cc = _by_doc(_checks(data), doc)
        if not one and cc is not None and "figure_id" in cc.columns:
            hit = cc[cc["figure_id"].astype(str) == str(cf["figure_id"])]
            if len(hit):
                s += f" ({check_link(str(hit.iloc[0]['check_id']), 'see its claim check')})"
        sentences.append(s + ".")
    be = breakeven_check(data, doc)
    if be is not None and claim_figs:
        sentences.append(
            f"{whose.capitalize()} claim holds only from "
            f"{check_link(be['check_id'], fmt_count(_num(be['recomputed_value'])) + ' troops')}"
            f" upwards ({badge(be['verdict'])}).")
    if one:
        sentences.append("")  # the Monte Carlo sentence goes here (corpus-wide)

    # 4. Rice against the shortfall (external context, attributed).
    rice = data.figures_of("rice_supplied", doc)
    share = data.figures_of("share_of_food_gap", doc)
    ctx = _context_row(data, "rice_share_of_shortfall", ("rice", "shortfall"))
    if not one:  # the comparison is computed from the model's rice input: its document only
        row = data.input_row("rice_supplied_tonnes") or {}
        if (_text(row.get("doc_id")) or data.doc_of_figure(row.get("figure_id"))) != doc:
            ctx = None
    if rice:
        s = f"Russia's {art(_fig_text(rice[0]), rice[0]['figure_id'])} of rice"
        if share:
            shown = art(_fig_text(share[0]), share[0]["figure_id"])
            s += f" would, {the.lower()} says, cover {shown}"
            s += " of North Korea's annual food shortfall"
        if ctx is not None:
            s += ("; set against a shortfall reported elsewhere it is "
                  + ext(_range_text(ctx, fmt_pct), ctx.get("organisation"), ctx.get("url")))
        sentences.append(s + ".")
    return sentences


def _montecarlo_finding(data: ReportData) -> str | None:
    mc = data.mc()
    if not all(mc.get(k) is not None for k in ("p5", "p50", "p95")):
        return None
    s = (f"Across {par(fmt_count(mc.get('n_draws')), 'n_draws')} simulated scenarios "
         if mc.get("n_draws") else "Across simulated scenarios ")
    s += (f'the median revenue is <a class="nk-check-link" href="#chart-montecarlo">'
          f'{fmt_usd(mc["p50"])}</a> a '
          f"year (90% between {fmt_usd(mc['p5'])} and {fmt_usd(mc['p95'])})")
    if mc.get("prob_exceeds_claim") is not None:
        s += f", and {fmt_pct(mc['prob_exceeds_claim'])} of them exceed "
        if not data.multi():
            s += "the article's claim"
        else:  # name the claim the simulation used, and its document
            row = data.input_row("revenue_claim_usd") or {}
            doc = _text(row.get("doc_id")) or data.doc_of_figure(row.get("figure_id"))
            if _text(row.get("origin")) == "article" and doc:
                fid = _text(row.get("figure_id")) or None
                shown = _text(row.get("text")) or fmt_usd(_num(row.get("value")))
                s += f"the claim of {art(shown, fid)} in {doc_ref(data, doc)}"
            else:
                s += f"the claim the model uses ({fmt_usd(mc.get('claim_usd'))})"
    return s + "."


def _later_finding(data: ReportData) -> str | None:
    te = data.get("troop_estimates")
    if te is None or not {"kind", "value", "date"} <= set(te.columns):
        return None
    later = te[te["kind"] == "external"].copy()
    later["value"] = pd.to_numeric(later["value"], errors="coerce")
    later = later.dropna(subset=["value"]).sort_values("date")
    if not len(later):
        return None
    last = later.iloc[-1]
    return ("Later reporting put the number higher: "
            + ext(f"{fmt_count(last['value'])} troops ({_text(last['date'])})",
                  last.get("source"), last.get("url")) + ".")


def key_findings(data: ReportData) -> str:
    """4–6 sentences; every number is read from data/ and links to its evidence.

    With several articles the findings are grouped by document (each group uses that
    document's figures and claim checks only), then the model and later reporting.
    """
    if not data.multi():
        sentences = _doc_findings(data, None)
        mc = _montecarlo_finding(data)
        i = sentences.index("")
        sentences[i:i + 1] = [mc] if mc else []
        later = _later_finding(data)
        if later:
            sentences.append(later)
        body = "".join(f"<li>{s}</li>" for s in sentences[:6])
        return section("findings", f'<ul class="nk-findings">{body}</ul>')
    docs = data.doc_ids()
    groups = []
    for doc in docs:
        sentences = _doc_findings(data, doc) or [
            "The extraction found no troop, revenue or rice figure in this article."]
        groups.append(
            f'<div class="nk-findings-group" data-doc="{E(doc)}">'
            f'<h3 class="nk-findings-doc">{doc_ref(data, doc)}</h3>'
            '<ul class="nk-findings">' + "".join(f"<li>{s}</li>" for s in sentences)
            + "</ul></div>")
    model = [model_sentence(data)] + [s for s in (_montecarlo_finding(data),
                                                  _later_finding(data)) if s]
    groups.append('<div class="nk-findings-group nk-findings-model">'
                  '<h3 class="nk-findings-doc">The model and later reporting</h3>'
                  '<ul class="nk-findings">' + "".join(f"<li>{s}</li>" for s in model)
                  + "</ul></div>")
    intro = (f"The {count_words(len(docs), 'article')} are summarised one by one: each "
             "article's claims are recomputed from its own figures only.")
    return section("findings", "".join(groups), intro)


def _range_text(row: dict, fmt: Callable[[float | None], str]) -> str:
    lo, hi, v = _num(row.get("low")), _num(row.get("high")), _num(row.get("value"))
    if lo is not None and hi is not None and lo != hi:
        return f"{fmt(lo)}–{fmt(hi)}"
    return fmt(v)


def _context_row(data: ReportData, metric: str, words: tuple[str, ...]) -> dict | None:
    ctx = data.get("context")
    if ctx is None or "metric" not in ctx.columns:
        return None
    hit = ctx[ctx["metric"] == metric]
    if not len(hit):
        mask = ctx["metric"].astype(str).apply(lambda m: all(w in m for w in words))
        hit = ctx[mask]
    return hit.iloc[0].to_dict() if len(hit) else None


# =========================================================================== figures table
def figures_section(data: ReportData) -> str:
    """Every extracted figure; with several articles, one table per document under its name."""
    figs = data.get("figures")
    if figs is None:
        return section("figures", note(data.why("figures")))
    if figs.empty:
        return section("figures", note("the extraction found no figure in the articles"))
    head = [("In the text", ""), ("Value", "nk-num"), ("Range", "nk-num"),
            ("Qualifier", ""), ("Unit", ""), ("What it measures", ""), ("Attributed to", "")]
    figs = figs.sort_values(["doc_id", "start"])
    if not data.multi():
        table = _table(head, [_figure_row(f) for _, f in figs.iterrows()], "nk-figures")
        intro = ("Every figure the extraction found in the source article. Click a figure to "
                 "see it highlighted in its sentence.")
        return section("figures", table + csv_link(figs, "figures.csv"), intro)
    docs = _ordered_docs(data, figs["doc_id"].astype(str))
    parts = []
    for doc in docs:
        sub = figs[figs["doc_id"].astype(str) == doc]
        ref = _text(data.document(doc).get("reference_date"))
        # The document's name heads its table (in print, on every page the table spans).
        top = (f'<tr class="nk-group-row"><th colspan="{len(head)}" scope="colgroup" '
               f'id="{anchor_id("figs", doc)}">{doc_ref(data, doc)} '
               f'<span class="nk-muted">· {len(sub)} figure{"" if len(sub) == 1 else "s"}'
               f"{' · reference date ' + E(ref) if ref else ''}</span></th></tr>")
        parts.append(
            f'<div class="nk-doc-figures" data-doc="{E(doc)}">'
            + _table(head, [_figure_row(f, doc) for _, f in sub.iterrows()], "nk-figures",
                     top=top)
            + "</div>")
    n_docs = len(data.doc_ids())
    without = n_docs - len(docs)
    intro = (f"Every figure the extraction found in the {count_words(n_docs, 'source article')}"
             f", one table per article"
             + (f" ({count_words(without, 'article')} without any figure)" if without else "")
             + ". Click a figure to see it highlighted in its sentence.")
    return section("figures", "".join(parts) + csv_link(figs, "figures.csv"), intro)


def _figure_row(f: Any, doc: str | None = None) -> str:
    """One row of the figures table (``doc``: recorded on the row with several articles)."""
    from nkrussia.vocab import QUANTITIES

    unit = _text(f.get("unit"))
    q = _text(f.get("quantity"))
    subject = _text(f.get("subject"))
    qual = _text(f.get("qualifier"))
    data_doc = f' data-doc="{E(doc)}"' if doc is not None else ""
    return (
        f'<tr id="{anchor_id("row", f["figure_id"])}"{data_doc}>'
        f"<td>{art(_text(f.get('text')), f['figure_id'], 'figure ' + str(f['figure_id']))}"
        "</td>"
        f'<td class="nk-num">{E(_fig_value(f))}</td><td class="nk-num">{E(_fig_range(f))}</td>'
        f"<td>{E(charts.QUALIFIER_WORDS.get(qual, qual))}</td><td>{E(unit)}</td>"
        f'<td><span class="nk-qty" title="{E(QUANTITIES.get(q, ""))}">'
        f"{E(q.replace('_', ' '))}</span>"
        + (f'<br><span class="nk-muted">{E(subject)}</span>' if subject else "")
        + f"</td><td>{E(_text(f.get('source'), '—'))}</td></tr>")


def _fig_value(f: Any) -> str:
    date = _text(f.get("date_resolved")) or _text(f.get("date"))
    if date:
        return date
    unit = _text(f.get("unit"))
    v = _num(f.get("value"))
    if unit == "year" and v is not None:
        return f"{v:.0f}"
    return fmt_value(v, unit)


def _fig_range(f: Any) -> str:
    """'600,000–700,000', '≥ 7,000' (over …), '≤ 10,000' (up to …) or ''."""
    unit = _text(f.get("unit"))
    lo, hi = _num(f.get("low")), _num(f.get("high"))
    if lo is not None and hi is not None:
        return "" if lo == hi else f"{fmt_value(lo, unit)}–{fmt_value(hi, unit)}"
    if lo is not None:
        return f"≥ {fmt_value(lo, unit)}"
    if hi is not None:
        return f"≤ {fmt_value(hi, unit)}"
    return ""


# =========================================================================== charts
def figure(anchor: str, chart: Any, caption: str, source: str, data: pd.DataFrame,
           filename: str) -> str:
    """A chart with caption, source note and CSV download, as one HTML block."""
    from nkrussia import render

    # Not validated against the Vega-Lite schema here (a fifth of the report's chart time):
    # tests/test_report.py validates every chart, and a spec the browser cannot draw fails
    # the PDF stage by name.
    spec = chart.to_dict(validate=False)
    title = dict(CHARTS).get(anchor, "")
    return (f'<figure class="nk-figure" id="{anchor}">'
            f'<h3 class="nk-figure-title">{E(title)}</h3>'
            f'{render.chart_markup(spec, spec.get("description", ""))}'
            f'<figcaption><p class="nk-caption">{caption}</p>'
            f'<p class="nk-source">Source: {source}</p>'
            f'<p class="nk-download-wrap">{csv_link(data, filename)}</p></figcaption></figure>')


def missing_figure(anchor: str, reason: str) -> str:
    title = dict(CHARTS).get(anchor, "")
    return (f'<figure class="nk-figure nk-figure-missing" id="{anchor}">'
            f'<h3 class="nk-figure-title">{E(title)}</h3>{note(reason)}</figure>')


def _safe(anchor: str, build: Callable[[], str]) -> str:
    try:
        return build()
    except charts.ChartDataError as exc:
        return missing_figure(anchor, str(exc))
    except (KeyError, ValueError, TypeError) as exc:
        return missing_figure(anchor, f"the chart could not be built ({type(exc).__name__}: "
                                      f"{exc})")


def charts_intro(data: ReportData | None = None) -> str:
    """The charts' heading (worded for one article when ``data`` is not given)."""
    states = "the articles state" if data is not None and data.multi() else "the article states"
    return (f'<section class="nk-section nk-charts" id="charts" aria-labelledby="charts-h">'
            f'<h2 id="charts-h">{E(dict(SECTIONS)["charts"])}</h2>'
            f'<p class="nk-lead">Red marks what {states}, blue what other public '
            "reporting says, amber our own assumptions. Each chart's data can be downloaded "
            "below it.</p></section>")


def _src_article(data: ReportData) -> str:
    docs = data.get("documents")
    if docs is None or docs.empty:
        return "the source article"
    names = [_text(r.get("title")) or _text(r.get("doc_id")) for _, r in docs.iterrows()]
    return "the source article " + ", ".join(f"“{E(n)}”" for n in names)


def _chart_table(data: ReportData, name: str) -> pd.DataFrame:
    """The table a chart is drawn from; its absence becomes the chart's "not drawn" note."""
    table = data.get(name)
    if table is None:
        raise charts.ChartDataError(data.why(name))
    return table


def _article_count(df: pd.DataFrame) -> int:
    """How many articles a chart's red (article) rows come from."""
    if "doc_id" not in df.columns or "kind" not in df.columns:
        return 1
    return max(1, df.loc[df["kind"] == "article", "doc_id"].dropna().nunique())


def chart_troops(data: ReportData) -> str:
    def build():
        te = _chart_table(data, "troop_estimates")
        ch = charts.troop_estimates(te, articles=_article_count(te))
        ext_rows = te[te["kind"] == "external"]
        orgs = "; ".join(f"{E(_text(r.source))} ({_url(r.url)})"
                         for r in ext_rows.drop_duplicates("url").itertuples())
        whose, src = "The article's figures sit at its reference date", _src_article(data)
        if data.multi() and "doc_id" in te.columns:
            rows = te[(te["kind"] == "article") & pd.to_numeric(te["value"], errors="coerce")
                      .notna()]
            dated = rows["date"].map(lambda d: bool(_text(d)))
            whose = "Each article's figures sit at that article's reference date"
            unplaced = _ordered_docs(data, set(rows.loc[~dated, "doc_id"])
                                     - set(rows.loc[dated, "doc_id"]))
            if unplaced:
                whose += (f" ({and_list([doc_ref(data, d) for d in unplaced])} "
                          f"{'has' if len(unplaced) == 1 else 'have'} none, so "
                          f"{'its' if len(unplaced) == 1 else 'their'} troop figures are not "
                          "shown)")
            src = _src_docs(data, rows.loc[dated, "doc_id"])
        return figure(
            "chart-troops", ch,
            "Each point is one estimate of North Korean troops in Russia, placed at the date "
            f"it refers to. {whose}; triangles show "
            "one-sided figures (“over”, “up to”), vertical lines stated ranges.",
            f"{src} (red); external context (blue): {orgs or 'none'}.",
            te, "troop_estimates.csv")
    return _safe("chart-troops", build)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + " …"


def _url(url: Any) -> str:
    """A URL as a link when it is http(s); anything else (``javascript:``…) as plain text."""
    u = _text(url)
    if not u:
        return "no URL"
    if safe_url(u) is None:
        return f'<span class="nk-url nk-url-text">{E(u)}</span>'
    return f'<a class="nk-url" href="{E(u)}">{E(u)}</a>'


def chart_revenue(data: ReportData) -> str:
    def build():
        sc = _chart_table(data, "scenarios")
        claim = data.claim_usd()
        pts = []
        pay = data.input_value("monthly_pay_usd")
        for name in ("troops_low", "troops_high"):
            t = data.input_value(name)
            row = data.input_row(name) or {}
            if t is not None and pay is not None:
                pts.append({"troops": t, "monthly_pay_usd": pay,
                            "label": _text(row.get("text")) or fmt_count(t)})
        ch = charts.revenue_heatmap(sc, claim, pd.DataFrame(pts) if pts else None)
        cf = data.figures_of("annual_revenue")
        claim_txt = art(_fig_text(cf[0]), cf[0]["figure_id"]) if cf else "the claim"
        caption = (f"Annual revenue for every combination of troops and monthly pay in the "
                   f"scenario grid. The dashed line is where revenue equals the article's "
                   f"claim of {claim_txt}; everything to its right exceeds it. Circles are the "
                   "article's own troop figures at its pay figure.")
        src = f"{_src_article(data)} (troops, pay, claim)"
        if data.multi():
            caption = (f"Annual revenue for every combination of troops and monthly pay in the "
                       f"scenario grid. The dashed line is where revenue equals "
                       f"{_model_claim(data)}; everything to its right exceeds it. Circles are "
                       "the troop figures the model uses, at its pay figure.")
            src = _src_model(data)
        return figure(
            "chart-revenue", ch, caption,
            f"{src}; grid and share kept by the state: "
            f"{par('parameters of this run', 'grid_troops_min')}.",
            sc, "scenarios.csv")
    return _safe("chart-revenue", build)


def _model_claim(data: ReportData) -> str:
    """'the claim of <figure> in <document>': the revenue claim the model's charts draw."""
    row = data.input_row("revenue_claim_usd") or {}
    doc = _text(row.get("doc_id")) or data.doc_of_figure(row.get("figure_id"))
    shown = _text(row.get("text")) or fmt_usd(_num(row.get("value")))
    if _text(row.get("origin")) == "article" and doc:
        return f"the claim of {art(shown, _text(row.get('figure_id')) or None)} in " \
               f"{doc_ref(data, doc)}"
    claim = data.claim_usd()
    return f"the claim the model uses ({fmt_usd(claim)})" if claim is not None else "the claim"


def chart_montecarlo(data: ReportData) -> str:
    def build():
        h = _chart_table(data, "montecarlo_hist")
        s = data.get("montecarlo_summary")
        ch = charts.montecarlo(h, s)
        out = h.copy()
        return figure(
            "chart-montecarlo", ch,
            "Distribution of annual revenue when troops, pay and the share kept by the state "
            "are drawn at random within their ranges. Dashed lines: 5th percentile, median, "
            "95th percentile; red line: "
            + (f"{_model_claim(data)}." if data.multi() else "the article's claim."),
            (f"{_src_model(data)}; " if data.multi() else
             f"{_src_article(data)} (ranges of troops and pay); ") +
            f"{par('spread, share range, draws and seed', 'pay_spread')}: parameters of this "
            "run.", out, "montecarlo_hist.csv")
    return _safe("chart-montecarlo", build)


def chart_sensitivity(data: ReportData) -> str:
    def build():
        s = _chart_table(data, "sensitivity")
        ch = charts.tornado(s, data.claim_usd())
        return figure(
            "chart-sensitivity", ch,
            "How far annual revenue moves when one input goes from its low to its high value "
            "while the others stay at the central case. Longer bars matter more. Labels give "
            "the input value at each end.",
            f"{_src_model(data) if data.multi() else _src_article(data)}; ranges: "
            f"{par('parameters of this run', 'pay_spread')}.",
            s, "sensitivity.csv")
    return _safe("chart-sensitivity", build)


def rice_rows(data: ReportData) -> pd.DataFrame:
    """Rows for the rice chart: the article's rice figure, then reference shortfalls."""
    rows = []
    multi = data.multi()
    for f in data.figures_of("rice_supplied"):
        v, lo, hi = _num(f.get("value")), _num(f.get("low")), _num(f.get("high"))
        name = _clip(doc_name(data, f.get("doc_id")), 40) if multi else ""
        rows.append({"label": f"Rice from Russia ({name or 'article'})", "kind": "article",
                     "low": lo if lo is not None else v, "high": hi if hi is not None else v,
                     "source": name or "the article", "url": "", "id": f["figure_id"]})
    if not rows:
        raise charts.ChartDataError("no article gives a rice figure" if multi
                                    else "the article gives no rice figure")
    short = data.reference("food_shortfall_wi")
    if short is not None:
        v = _num(short.get("figure"))
        scale = 1e6 if "million" in _text(short.get("unit")) else 1
        if v is not None:
            rows.append({"label": "Food shortfall (Wi Sung-lac)", "kind": "external",
                         "low": v * scale, "high": v * scale,
                         "source": _text(short.get("organisation")),
                         "url": _text(short.get("url")), "id": "food_shortfall_wi"})
            rows.append({"label": "Half of that shortfall", "kind": "external",
                         "low": v * scale / 2, "high": v * scale / 2,
                         "source": "derived: half of the row above",
                         "url": _text(short.get("url")), "id": "food_shortfall_wi"})
    req, prod = data.reference("food_requirement_fao"), data.reference("food_production_2024")
    if req is not None and prod is not None:
        a, b = _num(req.get("figure")), _num(prod.get("figure"))
        if a is not None and b is not None:
            rows.append({"label": "FAO requirement minus 2024 harvest (RDA)", "kind": "external",
                         "low": (a - b) * 1e6, "high": (a - b) * 1e6,
                         "source": f"{_text(req.get('organisation'))} and "
                                   f"{_text(prod.get('organisation'))}",
                         "url": f"{_text(req.get('url'))} ; {_text(prod.get('url'))}",
                         "id": "food_requirement_fao;food_production_2024"})
    return pd.DataFrame(rows)


def chart_rice(data: ReportData) -> str:
    def build():
        rows = rice_rows(data)
        articles = int((rows["kind"] == "article").sum()) if "kind" in rows.columns else 1
        ch = charts.rice_vs_shortfall(rows, articles=articles)
        ext_rows = rows[rows["kind"] == "external"].drop_duplicates("id")
        cites = "; ".join(f"{E(r.source)} ({' '.join(_url(u.strip()) for u in r.url.split(';'))})"
                          for r in ext_rows.itertuples()) or "none available"
        share = data.figures_of("share_of_food_gap")
        claim = (f" The article says the rice covers "
                 f"{art(_fig_text(share[0]), share[0]['figure_id'])} of the shortfall; the bar "
                 "“Half of that shortfall” is the line it must cross." if share else "")
        what, src = "The rice the article says", _src_article(data)
        if data.multi():
            docs = _ordered_docs(data, [f.get("doc_id") for f in
                                        data.figures_of("rice_supplied")])
            claims = []
            for doc in docs:
                sh = data.figures_of("share_of_food_gap", doc)
                if sh:
                    who = "It" if len(docs) == 1 else doc_ref(data, doc)
                    claims.append(f"{who} says the rice covers "
                                  f"{art(_fig_text(sh[0]), sh[0]['figure_id'])} of the "
                                  "shortfall")
            claim = (" " + "; ".join(claims) + "; the bar “Half of that shortfall” is the "
                     "line a “more than half” claim must cross." if claims else "")
            what = ("The rice each article says" if len(docs) > 1
                    else f"The rice that {doc_ref(data, docs[0])} says")
            src = _src_docs(data, docs)
        return figure(
            "chart-rice", ch,
            f"{what} Russia supplies, against estimates of North Korea's "
            f"annual food shortfall from other sources.{claim}",
            f"{src} (red); external context (blue): {cites}.",
            rows, "rice_vs_shortfall.csv")
    return _safe("chart-rice", build)


def chart_timeline(data: ReportData) -> str:
    def build():
        tl = _chart_table(data, "timeline")
        docs = data.get("documents")
        ref = None
        # One dashed "article's date" line; with several articles there is no single one.
        if docs is not None and "reference_date" in docs.columns and len(docs) \
                and not data.multi():
            ref = _text(docs["reference_date"].dropna().max()) or None
        # Troop estimates have their own chart; the timeline shows dated events.
        if "value" in tl.columns and tl["value"].isna().any():
            tl = tl[tl["value"].isna()]
        tl = tl.copy()
        events = data.get("events")
        if events is not None and {"figure_id", "what"} <= set(events.columns) \
                and "id" in tl.columns:
            # The article's own words for what happened on a date it gives.
            what = {str(k): _text(v) for k, v in zip(events["figure_id"], events["what"],
                                                      strict=True) if _text(v)}
            tl["label"] = [f"article: “{_clip(what[str(i)], 56)}”" if str(i) in what else lab
                           for i, lab in zip(tl["id"], tl["label"], strict=True)]
        docs = {data.doc_of_figure(i) for i in tl.loc[tl["kind"] == "article", "id"]} \
            if {"kind", "id"} <= set(tl.columns) else set()
        ch = charts.timeline(tl, ref, articles=max(1, len(docs - {None, ""})))
        ext_rows = tl[tl["kind"] == "external"] if "kind" in tl.columns else tl.iloc[:0]
        cites = "; ".join(f"{E(_text(r.source))} ({_url(getattr(r, 'url', ''))})"
                          for r in ext_rows.itertuples()) or "none"
        who, src = "the article dates", _src_article(data)
        if data.multi():
            who = "the articles date"
            art_ids = tl[tl["kind"] == "article"]["id"] if {"kind", "id"} <= set(tl.columns) \
                else []
            src = _src_docs(data, [data.doc_of_figure(i) for i in art_ids])
        return figure(
            "chart-timeline", ch,
            f"Events with a calendar date: those {who}, and the steps of the 2024 "
            "Russia–North Korea treaty from external sources. Dated troop estimates are in the "
            "first chart.",
            f"{src} (red); external context (blue): {cites}.",
            tl, "timeline.csv")
    return _safe("chart-timeline", build)


def central_scenario(data: ReportData) -> dict[str, float | None]:
    """The what-if's starting point: the analysis' headline scenario."""
    lo, hi = data.input_value("troops_low"), data.input_value("troops_high")
    scenario = data.param("scenario") or "central"
    central = (data.input_value("troops_headline") or data.input_value("troops_central")
               or data.input_value("troops"))
    if central is None and lo is not None and hi is not None:
        central = {"low": lo, "high": hi}.get(scenario, (lo + hi) / 2)
    elif central is None:
        central = lo if lo is not None else hi
    pay = data.input_value("monthly_pay_usd") or data.param_num("monthly_pay_usd")
    share = data.input_value("state_share")
    if share is None:
        share = data.param_num("state_share")
    months = data.input_value("months") or data.param_num("months") or 12.0
    return {"troops": central, "pay": pay, "share": 1.0 if share is None else share,
            "months": months, "claim": data.claim_usd(), "scenario": scenario}


def chart_whatif(data: ReportData) -> str:
    def build():
        c = central_scenario(data)
        if c["troops"] is None:
            raise charts.ChartDataError("no troop figure was available to start from")
        if c["pay"] is None:
            raise charts.ChartDataError(
                f"no monthly pay figure was available (the "
                f"{'articles give' if data.multi() else 'article gives'} none and the parameter "
                "monthly_pay_usd is unset)")
        ch = charts.what_if(c["troops"], c["pay"], c["share"], c["months"], c["claim"])
        revenue = c["troops"] * c["pay"] * c["months"] * c["share"]
        df = pd.DataFrame([{"troops": c["troops"], "monthly_pay_usd": c["pay"],
                            "state_share": c["share"], "months": c["months"],
                            "annual_revenue_usd": revenue, "claim_usd": c["claim"]}])
        return figure(
            "chart-whatif", ch,
            f"Move the sliders to change troops, monthly pay and the share of pay the state "
            f"keeps; the revenue is recomputed in your browser. It starts from the "
            f"{E(str(c['scenario']))} scenario of this run "
            f"({fmt_count(c['troops'])} troops, {fmt_usd(c['pay'])} a month, "
            f"{fmt_pct(c['share'])} kept, {c['months']:g} months), which gives "
            f"{fmt_usd(revenue)} a year. In print the sliders are hidden and this default "
            "scenario is shown.",
            (_src_model(data) if data.multi() else f"{_src_article(data)} (troops, pay, claim)")
            + f"; share kept and months: {par('parameters of this run', 'state_share')}.",
            df, "what_if_default.csv")
    return _safe("chart-whatif", build)


CHART_BUILDERS: list[Callable[[ReportData], str]] = [
    chart_troops, chart_revenue, chart_montecarlo, chart_sensitivity, chart_rice,
    chart_timeline, chart_whatif,
]


# =========================================================================== claim checks
def claims_section(data: ReportData) -> str:
    cc = _checks(data)
    if cc is None:
        return section("claims", note(data.why("claim_checks")))
    if cc.empty:
        return section("claims", note("the analysis found no checkable claim"))
    rows = []
    multi = data.multi() and "doc_id" in cc.columns
    order = list(cc.iterrows())
    if multi:  # grouped by document (in the documents' order), corpus-wide checks last
        docs = _ordered_docs(data, cc["doc_id"])
        rank = {d: i for i, d in enumerate(docs)}
        order.sort(key=lambda ir: rank.get(_text(ir[1].get("doc_id")), len(docs)))
    group = None
    for _, r in order:
        if multi and _text(r.get("doc_id")) != group:
            group = _text(r.get("doc_id"))
            label = (doc_ref(data, group) if group else
                     "Across the articles <span class=\"nk-muted\">(checks of all their troop "
                     "figures together)</span>")
            rows.append(f'<tr class="nk-group-row" data-doc="{E(group)}"><th colspan="4" '
                        f'scope="colgroup">{label}</th></tr>')
        fig = data.figure(r.get("figure_id"))
        claim = E(_text(r.get("claim")))
        if fig is not None:
            claim += f'<br><span class="nk-muted">article: </span>' \
                     f'{art(_fig_text(fig), fig["figure_id"])}'
        lo, hi = _num(r.get("recomputed_low")), _num(r.get("recomputed_high"))
        rec = _num(r.get("recomputed_value"))
        unit_hint = check_unit(r)
        recomputed = fmt_value(rec, unit_hint)
        if lo is not None and hi is not None and lo != hi:
            recomputed += (f'<br><span class="nk-muted">{E(fmt_value(lo, unit_hint))}–'
                           f"{E(fmt_value(hi, unit_hint))}</span>")
        used = _used(data, r.get("figures_used"), r.get("params_used"))
        rows.append(
            f'<tr id="{anchor_id("check", r["check_id"])}" class="nk-verdict-'
            f'{E(_text(r.get("verdict"), "na").replace(" ", "-"))}">'
            f'<td>{claim}<div class="nk-id">{E(str(r["check_id"]))}</div></td>'
            f'<td class="nk-num">{recomputed}</td><td>{badge(r.get("verdict"))}</td>'
            f"<td>{E(_text(r.get('explanation')))}"
            f"<div class=\"nk-formula\">{E(_text(r.get('formula')))}</div>"
            + (f'<div class="nk-inputs-text">{E(_text(r.get("inputs")))}</div>'
               if _text(r.get("inputs")) else "")
            + f"{used}</td></tr>")
    table = _table([("Claim", "nk-w-claim"), ("Recomputed", "nk-num nk-w-num"),
                    ("Verdict", "nk-w-verdict"), ("Why", "nk-w-why")], rows, "nk-claims")
    intro = ("Each claim of the article recomputed from its own figures and our stated "
             "parameters. “Consistent” means the recomputation supports the claim as worded.")
    if multi:
        intro = ("Each article's claims recomputed from that article's own figures and our "
                 "stated parameters, grouped by article. “Consistent” means the recomputation "
                 "supports the claim as worded.")
    return section("claims", table + csv_link(cc, "claim_checks.csv"), intro)


def check_unit(r: Any) -> str:
    """What a claim check's recomputed value is measured in, from its id and wording."""
    rec = _num(r.get("recomputed_value"))
    for key in ("check_id", "claim", "formula"):
        words = _text(r.get(key)).lower()
        if any(w in words for w in ("breakeven", "break-even", "troops needed")):
            return "troops"
        if any(w in words for w in ("rice", "shortfall", "food")):
            return "fraction" if rec is not None and rec <= 1 else "tonnes"
        if "revenue" in words:
            return "USD"
        if any(w in words for w in ("troops", "attribution")):
            return "troops"
    return ""


def _used(data: ReportData, figures_used: Any, params_used: Any) -> str:
    bits = []
    for token in filter(None, (t.strip() for t in _text(figures_used).split(";"))):
        if token.startswith("ref:"):
            ref = data.reference(token[4:]) or {}
            bits.append(ext(token[4:], ref.get("organisation"), ref.get("url")))
        else:
            fig = data.figure(token)
            bits.append(art(_fig_text(fig) if fig else token, token))
    for token in filter(None, (t.strip() for t in _text(params_used).split(";"))):
        bits.append(par(token, token))
    return f'<div class="nk-used">Uses: {" · ".join(bits)}</div>' if bits else ""


# =========================================================================== people
def people_section(data: ReportData) -> str:
    ents, quotes = data.get("entities"), data.get("quotes")
    parts = []
    if ents is None:
        parts.append(note(data.why("entities")))
    elif ents.empty:
        parts.append(note("the extraction found no person or organisation"))
    else:
        ents = ents.copy()
        ents["who"] = ents.get("canonical", ents["name"]).fillna(ents["name"])
        for kind, title in (("person", "People"), ("organisation", "Organisations"),
                            ("country", "Countries")):
            sub = ents[ents["kind"] == kind]
            if sub.empty:
                continue
            sub = sub.sort_values("start").drop_duplicates("who")
            items = "".join(
                f'<li><a href="#{anchor_id("ent", r.entity_id)}">{E(_text(r.who))}</a>'
                + (f' — <span class="nk-role">{E(_text(r.role))}</span>' if _text(r.role) else "")
                +
                "</li>" for r in sub.itertuples())
            parts.append(f'<div class="nk-people-group"><h3>{E(title)}</h3>'
                         f'<ul class="nk-people">{items}</ul></div>')
        parts = ['<div class="nk-people-grid">' + "".join(parts) + "</div>"]
    if quotes is None:
        parts.append(note(data.why("quotes")))
    elif quotes.empty:
        parts.append('<p class="nk-muted">The article'
                     + ("s quote" if data.multi() else " quotes") + " nobody directly.</p>")
    else:
        multi = data.multi() and "doc_id" in quotes.columns
        qs = []
        for r in quotes.itertuples():
            role = _text(getattr(r, "speaker_role", None))
            where = (f"(in {doc_label(data, r.doc_id)})" if multi else "(in the text)")
            qs.append(
                f'<blockquote class="nk-quote" id="{anchor_id("quote", r.quote_id)}">'
                f"<p>“{E(_text(r.text))}”</p><footer>— "
                f"{E(_text(r.speaker, 'unattributed'))}"
                f"{', ' + E(role) if role else ''} "
                f'<a class="nk-muted" href="#{anchor_id("q", r.quote_id)}">{where}</a>'
                "</footer></blockquote>")
        parts.append(f"<h3>Statements quoted in the article{'s' if multi else ''}</h3>"
                     + "".join(qs))
    return section("people", "".join(parts))


# =========================================================================== method
def method_section(data: ReportData) -> str:
    multi = data.multi()
    outside, by, own = (("the articles", "an article", "the articles'") if multi
                        else ("the article", "the article", "the article's"))
    parts = [
        "<h3>How the figures were extracted</h3>",
        "<p>Each article is split into sentences. Numbers, ranges, qualifiers (“over”, “up "
        "to”, “approximately”) and dates are found with rules that read the words around "
        "them; each figure gets one label for what it measures, a subject and, where the "
        f"sentence gives one, an attribution. Nothing is inferred from outside {outside} at "
        "this stage. The figures table and the highlighted source text show exactly what was "
        "found.</p>",
        "<h3>Three kinds of number</h3>",
        '<ul class="nk-kinds">'
        f'<li><span class="nk-art">Article figure</span>: stated by {by}; every one '
        "links to its place in the source text.</li>"
        '<li><span class="nk-par">Our parameter</span>: a modelling choice of this run '
        "(listed below); change it with <code>-p NAME=VALUE</code>.</li>"
        '<li><span class="nk-ext"><span class="nk-ext-value">External context</span> '
        '<span class="nk-cite">(organisation, URL)</span></span>: public reporting from '
        f"outside {outside}, always shown with who produced it and where it was read. It is "
        f"never mixed into {own} own figures.</li></ul>",
    ]
    inputs = data.get("inputs")
    if inputs is None:
        parts.append(note(data.why("inputs")))
    else:
        rows = []
        why_model = ""
        for _, r in inputs.iterrows():
            origin = _text(r.get("origin"))
            note_text = _text(r.get("note"))
            # The analysis repeats why this document is the model document on every row it
            # supplies; say it once, above the table.
            head, sep, why = note_text.partition(MODEL_NOTE_MARK)
            if sep:
                note_text, why_model = head + MODEL_NOTE_MARK.rstrip(", "), why_model or why
            v = _num(r.get("value"))
            shown = fmt_value(v, _text(r.get("unit")))
            name = _text(r.get("input"))
            origin_cell = E(origin)
            if origin == "article":
                cell = art(_text(r.get("text")) or shown, _text(r.get("figure_id")) or None)
                doc = _text(r.get("doc_id")) or data.doc_of_figure(r.get("figure_id"))
                if multi and doc:
                    origin_cell += f'<br><span class="nk-muted">{doc_ref(data, doc)}</span>'
            elif origin in ("parameter", "assumption"):
                cell = par(shown, name)
            elif origin == "reference":
                src = _text(r.get("source"))
                ref = data.reference(src[4:]) if src.startswith("ref:") else None
                cell = ext(shown, (ref or {}).get("organisation", src),
                           (ref or {}).get("url"))
            else:
                cell = '<span class="nk-missing">missing</span>'
            rows.append(f'<tr><td><code>{E(name)}</code></td><td class="nk-num nk-wrap">{cell}</td>'

                        f"<td>{origin_cell}</td><td>{E(note_text)}</td></tr>")
        lead = model_sentence(data) + (f" This document was {E(why_model)}."
                                       if why_model else "")
        parts.append("<h3>Inputs of the model</h3>"
                     + (f"<p>{lead}</p>" if multi else "") + _table(
            [("Input", ""), ("Value", "nk-num"), ("Origin", ""), ("Note", "")], rows,
            "nk-inputs"))
    parts.append(parameters_table(data))
    parts.append(context_table(data))
    return section("method", "".join(parts))


def parameters_table(data: ReportData) -> str:
    p = data.get("parameters")
    if p is None:
        return "<h3>Parameters of this run</h3>" + note(data.why("parameters"))
    rows = []
    for _, r in p.iterrows():
        v, d = _text(r.get("value"), "—"), _default_text(r.get("default"))
        changed = bool(d) and v != d or _text(r.get("origin")) == "parameter"
        if not d:  # no fixed default: the article's figure, or chosen by the analysis
            d = "(automatic)" if _text(r.get("default")) in ("''", '""') else "(from article)"
        rows.append(
            f'<tr id="{anchor_id("param", r["name"])}"{" class=nk-changed" if changed else ""}>'
            f"<td><code>{E(str(r['name']))}</code></td>"
            f'<td class="nk-num nk-wrap"><span class="nk-par-plain">{E(v)}</span></td>'
            f'<td class="nk-num nk-wrap">{E(d)}</td><td>{E(_text(r.get("origin")))}</td>'
            f"<td>{E(_text(r.get('description')))}</td></tr>")
    return ("<h3>Parameters of this run</h3>" + _table(
        [("Name", ""), ("Value", "nk-num"), ("Default", "nk-num"), ("Origin", ""),
         ("Description", "")], rows, "nk-params") + csv_link(p, "parameters.csv"))


def context_table(data: ReportData) -> str:
    ctx = data.get("context")
    head = "<h3>External context used</h3>"
    if ctx is None:
        return head + note(data.why("context"))
    rows = []
    for _, r in ctx.iterrows():
        unit = _text(r.get("unit"))
        shown = _range_text(r.to_dict(), lambda v, u=unit: fmt_value(v, u))
        rows.append(
            f"<tr><td>{E(_text(r.get('metric')).replace('_', ' '))}</td>"
            f'<td class="nk-num">{E(shown)}</td>'
            f"<td>{E(_text(r.get('formula')))}</td>"
            f"<td>{ext(_text(r.get('ref_ids')), r.get('organisation'), r.get('url'))}</td>"
            f"</tr>")
    return head + _table([("Comparison", ""), ("Value", "nk-num"), ("How", ""),
                          ("External source", "")], rows, "nk-context") + csv_link(
        ctx, "context.csv")


# =========================================================================== source text
def document_text(data: ReportData, doc: dict) -> tuple[str | None, str]:
    """The article's text: from its file (if it still matches its hash) or its sentences."""
    path = _text(doc.get("path"))
    root = data.root
    if path:
        cands = [Path(path)] if Path(path).is_absolute() else (
            [root / path] if root else []) + [Path.cwd() / path]
        for cand in cands:
            if cand.is_file():
                raw = cand.read_bytes()
                sha = _text(doc.get("sha256"))
                if not sha or hashlib.sha256(raw).hexdigest() == sha:
                    return raw.decode("utf-8"), str(cand)
    sents = data.get("sentences")
    if sents is not None and {"doc_id", "start", "text"} <= set(sents.columns):
        sub = sents[sents["doc_id"].astype(str) == str(doc["doc_id"])].sort_values("start")
        if len(sub):
            out: list[str] = []
            pos = 0
            for r in sub.itertuples():
                start = int(r.start)
                if start > pos:
                    out.append(" " * (start - pos))
                    pos = start
                t = _text(r.text)
                if start < pos:
                    t = t[pos - start:]
                out.append(t)
                pos += len(t)
            return "".join(out), "sentences.csv"
    return None, ""


def highlight(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """Escape ``text`` and wrap each (start, end, id, class) span in a <mark>; paragraphs on \\n.

    Overlapping spans: the first one (by start) wins; later ones inside it are skipped.
    """
    out: list[str] = []
    pos = 0
    for start, end, span_id, cls in sorted(spans):
        if start < pos or end <= start or end > len(text):
            continue
        out.append(E(text[pos:start]))
        out.append(f'<mark class="{cls}" id="{E(span_id)}" tabindex="-1">'
                   f"{E(text[start:end]).replace(chr(10), ' ')}</mark>")
        pos = end
    out.append(E(text[pos:]))
    joined = "".join(out)
    paras = [p for p in re.split(r"\n\s*\n|\n", joined) if p.strip()]
    return "".join(f"<p>{p}</p>" for p in paras)


def source_section(data: ReportData) -> str:
    docs = data.get("documents")
    if docs is None:
        return section("source", note(data.why("documents")))
    figs = data.get("figures")
    ents, quotes = data.get("entities"), data.get("quotes")
    parts = []
    for _, d in docs.iterrows():
        doc = d.to_dict()
        text, where = document_text(data, doc)
        head = (f'<h3 id="{anchor_id("doc", doc["doc_id"])}">'
                f"{E(_text(doc.get('title')) or str(doc['doc_id']))}</h3>"
                f'<p class="nk-muted">Document <code>{E(str(doc["doc_id"]))}</code>; reference '
                f"date {E(_text(doc.get('reference_date'), 'unknown'))}.</p>")
        if text is None:
            parts.append(head + note("the article's text is no longer available (its file is "
                                     "missing or changed and no sentences were stored)"))
            continue
        spans: list[tuple[int, int, str, str]] = []
        unplaced = []
        if figs is not None and "doc_id" in figs.columns:
            for _, f in figs[figs["doc_id"].astype(str) == str(doc["doc_id"])].iterrows():
                s, e, t = int(f["start"]), int(f["end"]), _text(f.get("text"))
                if text[s:e] != t and t:
                    found = text.find(t)
                    s, e = (found, found + len(t)) if found >= 0 else (-1, -1)
                if s < 0:
                    unplaced.append(f)
                    continue
                spans.append((s, e, anchor_id("fig", f["figure_id"]),
                              f"nk-fig nk-fig-{E(_text(f.get('quantity')))}"))
        for table, prefix, key in ((ents, "ent", "entity_id"), (quotes, "q", "quote_id")):
            if table is None or not {"start", "end", key}.issubset(table.columns):
                continue
            sub = table[table["doc_id"].astype(str) == str(doc["doc_id"])]
            for _, r in sub.iterrows():
                s, e = _num(r.get("start")), _num(r.get("end"))
                if s is None or e is None:
                    continue
                spans.append((int(s), int(e), anchor_id(prefix, r[key]),
                              "nk-entity" if prefix == "ent" else "nk-quote-span"))
        # Figures take precedence over entities/quotes that overlap them.
        spans = _resolve(spans)
        body = highlight(text, spans)
        extra = ""
        if unplaced:
            extra = note("these figures could not be located in the text: " + ", ".join(
                f"{_text(f.get('figure_id'))} “{_text(f.get('text'))}”" for f in unplaced))
        parts.append(head + f'<div class="nk-article">{body}</div>{extra}')
    intro = ("The article as it was read, with every extracted figure highlighted. "
             "The text is shown exactly as stored; nothing in it is run or formatted.")
    if data.multi():
        intro = (f"The {count_words(len(data.doc_ids()), 'article')} as they were read, one "
                 "after the other, with every extracted figure highlighted. The text is shown "
                 "exactly as stored; nothing in it is run or formatted.")
    return section("source", "".join(parts), intro)


def _resolve(spans: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    figs = [s for s in spans if s[3].startswith("nk-fig")]
    others = [s for s in spans if not s[3].startswith("nk-fig")]
    kept = list(figs)
    for o in sorted(others):
        if not any(o[0] < k[1] and k[0] < o[1] for k in kept):
            kept.append(o)
    return kept


# =========================================================================== reproducibility
def repro_section(data: ReportData) -> str:
    """Commit, input hashes, parameters, versions and stage keys, from the run's manifest."""
    m = data.manifest
    parts = []
    git = m.get("git") or {}
    commit = git.get("commit")
    if commit and commit != "unknown":
        state = "clean" if git.get("clean") else "with uncommitted changes"
        parts.append(f'<p>Git commit <code class="nk-hash">{E(commit)}</code>, working tree '
                     f"<strong>{E(state)}</strong> (the published report and data excepted)."
                     "</p>")
    else:
        parts.append(note("this run was not made from a git checkout, so no commit can be "
                          "named"))
    rows = []
    for rel, digest in sorted((m.get("inputs") or {}).items()):
        p = data.root / rel if data.root else Path(rel)
        size = f"{p.stat().st_size:,}" if p.is_file() else "—"
        rows.append(f"<tr><td><code>{E(rel)}</code></td><td class=\"nk-num\">{size}</td>"
                    f'<td><code class="nk-hash">{E(digest)}</code></td></tr>')
    if rows:
        parts.append("<h3>Inputs (SHA-256)</h3>" + _table(
            [("File", ""), ("Bytes", "nk-num"), ("SHA-256", "")], rows, "nk-hashes"))
    else:
        parts.append(note("no run manifest was found, so the inputs cannot be listed"))
    parts.append("<h3>Parameters</h3>")
    p = data.get("parameters")
    if p is None:
        parts.append(note(data.why("parameters")))
    else:
        parts.append('<p class="nk-params-inline">' + " · ".join(
            f"<code>{E(str(r['name']))}={E(_text(r.get('value'), 'null'))}</code>"
            for _, r in p.iterrows()) + "</p>")
    vers = [("python", m.get("python", "?")), *sorted((m.get("packages") or {}).items())]
    parts.append("<h3>Package versions</h3><p class=\"nk-versions\">" + " · ".join(
        f"<code>{E(n)} {E(v)}</code>" for n, v in vers) + "</p>")
    keys = m.get("stage_keys") or {}
    if keys:
        # `nkrussia status` compares these with the current inputs: a stale report shows.
        parts.append("<h3>Stage keys</h3><p class=\"nk-versions\">" + " · ".join(
            f"<code>{E(k)} {E(str(v)[:16])}</code>" for k, v in keys.items()) + "</p>")
    parts.append("<h3>To reproduce</h3><pre class=\"nk-command\"><code>"
                 + E(reproduce_command(data)) + "</code></pre>")
    return section("repro", "".join(parts))


def _default_text(value: Any) -> str:
    """'central' → central, '(from article)' → '' (no fixed default)."""
    d = _text(value)
    if d == "(from article)":
        return ""
    if len(d) >= 2 and d[0] == d[-1] and d[0] in "'\"":
        d = d[1:-1]
    return d


def reproduce_command(data: ReportData) -> str:
    """`nkrussia run` with a -p for every parameter that differs from its default."""
    cmd = ["nkrussia", "run"]
    p = data.get("parameters")
    if p is not None and {"name", "value", "default"} <= set(p.columns):
        for _, r in p.iterrows():
            v, d = _text(r.get("value")), _default_text(r.get("default"))
            origin = _text(r.get("origin"))
            if d and v and v != d:
                cmd += ["-p", f"{r['name']}={v}"]
            elif not d and v and origin == "parameter":  # set by the user, not derived
                cmd += ["-p", f"{r['name']}={v}"]
    commit = (data.manifest.get("git") or {}).get("commit")
    lines = []
    if commit and commit != "unknown":
        lines.append(f"git checkout {commit[:12]}")
    lines.append("make report    # or, inside the project's venv:")
    lines.append(" ".join(shlex.quote(c) for c in cmd))
    return "\n".join(lines)


# =========================================================================== whole page
def footer() -> str:
    return ('<footer class="nk-footer"><p>Built by nkrussia from the files listed under '
            '<a href="#repro">Reproducibility</a>. Charts drawn with Vega-Lite; all data '
            "embedded in this page.</p></footer>")
