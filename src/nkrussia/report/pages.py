"""The report's appendix: one page per article (report/articles/<doc>.html) and an index.

With several articles the main report reads across them and each article's own detail —
its findings, its figures highlighted in its text, its claim checks with their working — is
on its own page, linked both ways. The pages are rendered straight from the templates (no
notebook, no scripts), so a thousand of them take seconds.
"""

from __future__ import annotations

from pathlib import Path

from nkrussia.articles import safe_url
from nkrussia.report import corpus_views
from nkrussia.report.data import ReportData
from nkrussia.report.render import environment
from nkrussia.report.values import Notes, article_file
from nkrussia.report.views import Report

FOLDER = "articles"


def write_articles(data: ReportData, report_dir: Path, title: str) -> list[Path]:
    """Write report/articles/index.html and, with several articles, one page per article;
    returns the files written. With a single article the report itself holds its detail and
    the index says so (the folder always exists, so a run replaces an earlier one's pages)."""
    docs = data.doc_ids()
    out_dir = Path(report_dir) / FOLDER
    out_dir.mkdir(parents=True, exist_ok=True)
    from markupsafe import Markup

    from nkrussia.report.page import ASSETS

    css = Markup((ASSETS / "report.css").read_text(encoding="utf-8"))  # our own stylesheet
    env = environment()
    page_t, index_t = env.get_template("article_page.html.j2"), env.get_template(
        "articles_index.html.j2")
    base = {"css": css, "report_title": title, "home": "../report.html"}
    written = []
    copies = {c["doc_id"]: c["copy_group"] for c in data.rows("copies")}
    for i, doc in enumerate(docs if len(docs) > 1 else []):
        r = Report(data, notes=Notes(), articles_at="", here=doc)
        a = corpus_views.article_page(r, doc)
        a["url_link"] = safe_url(a["url"]) is not None
        group = copies.get(doc)
        a["copy_of"] = r.doc(group) if group and group != doc else None
        # the notes are numbered as the page cites them and listed at its end
        html = page_t.render(**base, a=a, number=i + 1, total=len(docs), book=r.notes,
                             previous=r.doc(docs[i - 1]) if i else None,
                             next=r.doc(docs[i + 1]) if i + 1 < len(docs) else None)
        path = out_dir / article_file(doc)
        path.write_text(html, encoding="utf-8")
        written.append(path)
    index = Report(data, notes=Notes(), articles_at="" if len(docs) > 1 else "../report.html")
    rows = corpus_views.article_rows(index) if len(docs) > 1 else []
    (out_dir / "index.html").write_text(index_t.render(
        **base, rows=rows, total=len(docs), index="index.html"), encoding="utf-8")
    written.append(out_dir / "index.html")
    return written
