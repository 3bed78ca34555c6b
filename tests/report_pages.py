"""Helpers for the report tests: render the sections as the notebook does, read visible text."""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

from nkrussia import report

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "report" / "data"
MULTI = ROOT / "tests" / "fixtures" / "report" / "multi" / "data"
SECTIONS = ("findings", "figures", "claims", "people", "inputs", "parameters", "context",
            "source_text", "reproducibility", "sources")
MALICIOUS = ("Officials said <script>alert(1)</script> and <img src=x onerror=alert(1)> "
             "while about 5,000 troops waited. </p><b>bold?</b> & more.\n"
             "A second paragraph.")


def render_all(r: report.Report, title: str = "North Korean troops for Russia") -> dict:
    """Every section and figure in the notebook's order (the notes come last, as there)."""
    out = {"front": str(report.section(r, "front", title=title, publisher="nkrussia",
                                       licence="CC BY 4.0"))}
    for name in ("findings", "figures", "disagreements", "copies"):
        out[name] = str(report.section(r, name))
    for key in report.FIGURES:
        out[f"figure:{key}"] = str(report.figure(r, key))
    for name in SECTIONS[2:]:
        out[name] = str(report.section(r, name))
    return out


def page(r: report.Report, title: str = "North Korean troops for Russia") -> str:
    return "\n".join(render_all(r, title).values())


class _Visible(HTMLParser):
    """The text a reader sees: no tags, attributes, scripts, styles or drawings."""

    HIDDEN = {"script", "style", "svg", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def visible(html: str) -> str:
    p = _Visible()
    p.feed(html)
    return " ".join(" ".join(p.parts).split())


def add_malicious_article(data_dir: Path, folder: Path) -> str:
    """A second document whose text and metadata try to inject markup; returns its figure id."""
    path = folder / "evil.txt"
    path.write_text(MALICIOUS, encoding="utf-8")
    docs = pd.read_csv(data_dir / "extracted/documents.csv", dtype=str)
    docs = pd.concat([docs, pd.DataFrame([{
        "doc_id": "999_evil", "path": "evil.txt",
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "characters": str(len(MALICIOUS)), "reference_date": "2024-11",
        "reference_date_source": "test", "title": "<i>Evil</i> article",
        "outlet": "<b>Outlet</b>", "url": "javascript:alert(5)"}])])
    docs.to_csv(data_dir / "extracted/documents.csv", index=False)
    figs = pd.read_csv(data_dir / "extracted/figures.csv", dtype=str)
    start = MALICIOUS.index("about 5,000")
    fid = "999_evil-F01"
    figs = pd.concat([figs, pd.DataFrame([{
        "doc_id": "999_evil", "figure_id": fid, "start": str(start),
        "end": str(start + len("about 5,000")), "text": "about 5,000", "value": "5000",
        "qualifier": "approximately", "unit": "troops", "quantity": "count",
        "subject": "<script>alert(2)</script>", "source": "<img src=y onerror=alert(3)>"}])])
    figs.to_csv(data_dir / "extracted/figures.csv", index=False)
    sents = pd.read_csv(data_dir / "extracted/sentences.csv", dtype=str)
    sents = pd.concat([sents, pd.DataFrame([{"doc_id": "999_evil", "sentence": "0",
                                             "start": "0", "end": str(len(MALICIOUS)),
                                             "text": MALICIOUS}])])
    sents.to_csv(data_dir / "extracted/sentences.csv", index=False)
    quotes = pd.read_csv(data_dir / "extracted/quotes.csv", dtype=str)
    qs = MALICIOUS.index("<script>")
    quotes = pd.concat([quotes, pd.DataFrame([{
        "doc_id": "999_evil", "quote_id": "999_evil-Q01", "start": str(qs),
        "end": str(qs + len("<script>alert(1)</script>")),
        "text": "<script>alert(1)</script>", "speaker": "<b>Mallory</b>",
        "speaker_role": "<img src=z onerror=alert(4)>"}])])
    quotes.to_csv(data_dir / "extracted/quotes.csv", index=False)
    return fid


def run_report_notebook(data: Path, tmp: Path, title: str) -> Path:
    """The real report notebook under papermill on the tables in ``data``, exported to
    ``tmp/report/report.html`` (with the article pages beside it)."""
    import os

    import papermill as pm

    from nkrussia import render

    old = os.environ.get("NKRUSSIA_DATA_DIR")
    os.environ["NKRUSSIA_DATA_DIR"] = str(data)
    try:
        pm.execute_notebook(str(ROOT / "notebooks/03_report.ipynb"), str(tmp / "03.ipynb"),
                            kernel_name="nkrussia", cwd=str(ROOT), progress_bar=False,
                            parameters={"report_title": title})
    finally:
        if old is None:
            os.environ.pop("NKRUSSIA_DATA_DIR", None)
        else:
            os.environ["NKRUSSIA_DATA_DIR"] = old
    return render.export_html(tmp / "03.ipynb", tmp / "report" / "report.html",
                              data_dir=data)
