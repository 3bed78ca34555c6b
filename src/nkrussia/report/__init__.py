"""Stage 03: the published report, assembled by ``notebooks/03_report.ipynb``.

The notebook holds the report's outline and fixed prose (markdown cells, in page order); each
data-driven passage is one code cell, ``report.section(r, "findings")`` or
``report.figure(r, "troops")``, which renders a template of ``templates/report/`` with the
context :mod:`~nkrussia.report.views` builds from the validated tables
(:mod:`~nkrussia.report.data`). To change a sentence, grep for it: it is in the notebook or in
a template. To add a section: a view function, a template, and a cell.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from nkrussia.report import corpus_views, views
from nkrussia.report.data import ReportData, load
from nkrussia.report.figures import FIGURES, render_figure
from nkrussia.report.render import HTML, render
from nkrussia.report.values import ARTICLE_INDEX, anchor_id
from nkrussia.report.views import Report

__all__ = ["Report", "ReportData", "open_report", "section", "figure", "load", "render",
           "anchor_id", "SECTIONS", "FIGURES"]


def _corpus(r: Report) -> dict[str, Any]:
    """What the sections reading across articles need (several articles only)."""
    return {"overview": corpus_views.overview(r),
            "extremes": [x for x in (corpus_views.extremes(r, q) for q in
                                     ("troops_deployed", "casualties")) if x],
            "conflicts": corpus_views.conflicts(r), "checks": corpus_views.check_summary(r)}


def _findings(r: Report) -> dict[str, Any]:
    out = views.findings(r)
    if not r.single:
        out["corpus"] = _corpus(r)
        out["docs"] = []  # each article's own findings are on its page
    return out


def _figures(r: Report) -> dict[str, Any]:
    if r.single:
        return views.figures_table(r)
    return {"single": False, "origins": corpus_views.origins(r), "articles": len(r.doc_ids)}


def _claims(r: Report) -> dict[str, Any]:
    if r.single:
        return views.claims(r)
    return {"single": False, "checks": corpus_views.check_summary(r)}


ARTICLES_SHOWN = 25  # articles listed in the main report (all of them: articles/index.html)


def _source_text(r: Report) -> dict[str, Any]:
    if r.single:
        return views.source_texts(r)
    return {"single": False, "rows": corpus_views.article_rows(r, ARTICLES_SHOWN),
            "total": len(r.doc_ids), "index": ARTICLE_INDEX}


def _several(build: Callable[[Report], dict[str, Any]]) -> Callable[[Report], Any]:
    """A section shown only with several articles (None: nothing to show)."""
    return lambda r: None if r.single else build(r)


def _front(r: Report, title: str = "", publisher: str = "", cite_as: str = "",
           licence: str = "") -> dict[str, Any]:
    findings = _findings(r)  # first: the summary comes before the sources on the page
    return {"title": title, "publisher": publisher, "date": views.build_date(r),
            "cite_as": cite_as or views.citation(r, title, publisher), "licence": licence,
            "warnings": [w for w in r.data.manifest.get("warnings") or []
                         if isinstance(w, dict)],
            "findings": findings, "sources": views.sources(r), "shown_sources": 12,
            "single": r.single}


# section name -> (template, the context it needs, the tables without which it is a note)
SECTIONS: dict[str, tuple[str, Callable[..., dict[str, Any]], tuple[str, ...]]] = {
    "front": ("front", _front, ("documents",)),
    "findings": ("findings", _findings, ("figures", "claim_checks", "check_inputs")),
    "figures": ("figures_table", _figures, ("figures",)),
    "disagreements": ("disagreements", _several(lambda r: {
        "conflicts": corpus_views.conflicts(r)}), ("conflicts", "estimates")),
    "copies": ("copies", _several(lambda r: {"copies": corpus_views.copies(r)}), ("copies",)),
    "claims": ("claims", _claims, ("claim_checks", "check_inputs", "figures")),
    "people": ("people", views.people, ("entities", "quotes")),
    "inputs": ("inputs_table", views.method, ("inputs", "model_document")),
    "parameters": ("params_table", views.method, ("parameters",)),
    "context": ("context_table", views.method, ("context", "context_figures")),
    "sources": ("notes", lambda r: {"notes": r.notes.all()}, ()),
    "source_text": ("source_text", _source_text, ("documents",)),
    "reproducibility": ("repro", views.reproducibility, ()),
}


def open_report(data_dir: Path, root: Path | None = None) -> Report:
    """The report being built from the tables under ``data_dir``."""
    return Report.for_data(load(Path(data_dir), root=root))


def section(r: Report, name: str, **options: Any) -> HTML:
    """A data-driven section, rendered; a table it needs that is missing or invalid gives a
    visible "not computed because …" note naming the file and column instead."""
    template, build, needs = SECTIONS[name]
    if not r.data.ok(*needs):
        return HTML(render("not_computed", reason=r.data.why(*needs)))
    context = build(r, **options)
    return HTML("" if context is None else render(template, **context))


def figure(r: Report, key: str) -> HTML:
    """Figure ``key`` of :data:`FIGURES`, numbered in the order the notebook shows them."""
    return HTML(render_figure(r, key))
