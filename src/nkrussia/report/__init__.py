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

from nkrussia.report import views
from nkrussia.report.data import ReportData, load
from nkrussia.report.figures import FIGURES, render_figure
from nkrussia.report.render import HTML, render
from nkrussia.report.values import anchor_id
from nkrussia.report.views import Report

__all__ = ["Report", "ReportData", "open_report", "section", "figure", "load", "render",
           "anchor_id", "SECTIONS", "FIGURES"]


def _front(r: Report, title: str = "", publisher: str = "") -> dict[str, Any]:
    findings = views.findings(r)  # first: the summary comes before the sources on the page
    return {"title": title, "publisher": publisher, "date": views.build_date(r),
            "findings": findings, "sources": views.sources(r), "shown_sources": 12,
            "single": r.single}


# section name -> (template, the context it needs, the tables without which it is a note)
SECTIONS: dict[str, tuple[str, Callable[..., dict[str, Any]], tuple[str, ...]]] = {
    "front": ("front", _front, ("documents",)),
    "findings": ("findings", views.findings, ("figures", "claim_checks", "check_inputs")),
    "figures": ("figures_table", views.figures_table, ("figures",)),
    "claims": ("claims", views.claims, ("claim_checks", "check_inputs", "figures")),
    "people": ("people", views.people, ("entities", "quotes")),
    "inputs": ("inputs_table", views.method, ("inputs", "model_document")),
    "parameters": ("params_table", views.method, ("parameters",)),
    "context": ("context_table", views.method, ("context", "context_figures")),
    "sources": ("notes", lambda r: {"notes": r.notes.all()}, ()),
    "source_text": ("source_text", views.source_texts, ("documents",)),
    "reproducibility": ("repro", views.reproducibility, ()),
}


def open_report(data_dir: Path, root: Path | None = None) -> Report:
    """The report being built from the tables under ``data_dir``."""
    return Report(load(Path(data_dir), root=root))


def section(r: Report, name: str, **options: Any) -> HTML:
    """A data-driven section, rendered; a table it needs that is missing or invalid gives a
    visible "not computed because …" note naming the file and column instead."""
    template, build, needs = SECTIONS[name]
    if not r.data.ok(*needs):
        return HTML(render("not_computed", reason=r.data.why(*needs)))
    return HTML(render(template, **build(r, **options)))


def figure(r: Report, key: str) -> HTML:
    """Figure ``key`` of :data:`FIGURES`, numbered in the order the notebook shows them."""
    return HTML(render_figure(r, key))
