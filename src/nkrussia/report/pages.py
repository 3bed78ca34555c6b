"""The report's appendix: one page per article (report/articles/<doc>.html) and an index.

With several articles the main report reads across them and each article's own detail —
its findings, its figures highlighted in its text, its claim checks with their working — is
on its own page, linked both ways. The pages are rendered straight from the templates (no
notebook, no scripts), so a thousand of them take seconds.

Given a ``cache`` folder (the pipeline passes ``build/cache/pages``), a page is rendered only
when something it shows changed. While a page renders, :meth:`ReportData.recording` lists
every look-up it makes (this document's figures, that figure's conversion, the neighbours'
titles, a whole table…); the entry keeps the page with that list and a digest of what each
look-up returned. In the next run the same look-ups are made on the new tables: the same
digest, the same page (it is a function of those values, the templates and the code, which
are in the entry's key), so it is copied instead of rendered. Which look-ups a page makes
depends only on what they return, so an unchanged digest also means the same look-ups.
Hand-written rather than taken from a build tool (doit, Snakemake, …): the dependencies are
rows of tables inside one process, which those tools cannot see.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from nkrussia.articles import safe_url
from nkrussia.paths import keep_cache_entry
from nkrussia.report import corpus_views
from nkrussia.report.data import ReportData
from nkrussia.report.render import environment
from nkrussia.report.values import Notes, article_file
from nkrussia.report.views import Report
from nkrussia.run.inputs import digest

FOLDER = "articles"
FORMAT = 1  # of a cache entry


@dataclass
class PageStats:
    """What :func:`write_articles` did: pages rendered, pages copied from the cache."""

    rendered: int = 0
    reused: int = 0
    rendered_ids: list[str] = field(default_factory=list)


def pages_code() -> str:
    """Digest of what makes an article page besides the data: the code and templates (their
    import closure and every non-Python file of the package: templates, the stylesheet), the
    Python version and the installed distributions (Jinja2, MarkupSafe…)."""
    import platform

    from nkrussia.run.cache import code_hash, installed_packages

    return digest([code_hash({"nkrussia.report.pages"}), platform.python_version(),
                   installed_packages()])


def _entry_path(cache: Path, doc: str) -> Path:
    return cache / (article_file(doc)[:-5] + ".json")


def _cached_page(cache: Path, doc: str, key: str, data: ReportData) -> str | None:
    """The page kept for ``doc`` if its key matches and every look-up it made returns the
    same now; else None (a damaged entry is a miss)."""
    try:
        entry = json.loads(_entry_path(cache, doc).read_text(encoding="utf-8"))
        if entry.get("format") != FORMAT or entry.get("key") != key:
            return None
        deps = [tuple(t) for t in entry["deps"]]
        if data.fingerprint(deps) != entry["fingerprint"]:
            return None
        html = entry["html"]
        return html if isinstance(html, str) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _keep_page(cache: Path, doc: str, key: str, deps: set, fingerprint: str,
               html: str) -> None:
    body = json.dumps({"format": FORMAT, "doc_id": doc, "key": key, "fingerprint": fingerprint,
                       "deps": sorted(deps, key=repr),
                       "html": html}, ensure_ascii=False, default=str)
    keep_cache_entry(_entry_path(cache, doc), body)


def _prune(cache: Path, docs: list[str]) -> None:
    keep = {_entry_path(cache, d).name for d in docs}
    with contextlib.suppress(OSError):
        for name in os.listdir(cache):
            if name.endswith(".json") and name not in keep:
                with contextlib.suppress(OSError):
                    (cache / name).unlink()


def write_articles(data: ReportData, report_dir: Path, title: str, cache: Path | None = None,
                   stats: PageStats | None = None) -> list[Path]:
    """Write report/articles/index.html and, with several articles, one page per article;
    returns the files written. With a single article the report itself holds its detail and
    the index says so (the folder always exists, so a run replaces an earlier one's pages).
    ``cache``: a folder of rendered pages to reuse where nothing they show changed (see the
    module's text); the files written are the same with or without it."""
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
    stats = stats if stats is not None else PageStats()
    copies = {c["doc_id"]: c["copy_group"] for c in data.rows("copies")}
    code = pages_code() if cache is not None else ""
    for i, doc in enumerate(docs if len(docs) > 1 else []):
        group = copies.get(doc)
        # what the page is made with besides the look-ups it records
        key = digest([FORMAT, code, title, doc, i, len(docs), docs[i - 1] if i else None,
                      docs[i + 1] if i + 1 < len(docs) else None, group])
        html = _cached_page(cache, doc, key, data) if cache is not None else None
        if html is None:
            with data.recording() as deps:
                r = Report(data, notes=Notes(), articles_at="", here=doc)
                a = corpus_views.article_page(r, doc)
                a["url_link"] = safe_url(a["url"]) is not None
                a["copy_of"] = r.doc(group) if group and group != doc else None
                # the notes are numbered as the page cites them and listed at its end
                html = page_t.render(**base, a=a, number=i + 1, total=len(docs),
                                     book=r.notes,
                                     previous=r.doc(docs[i - 1]) if i else None,
                                     next=r.doc(docs[i + 1]) if i + 1 < len(docs) else None)
            if cache is not None:
                _keep_page(cache, doc, key, deps, data.fingerprint(deps), html)
            stats.rendered += 1
            stats.rendered_ids.append(doc)
        else:
            stats.reused += 1
        path = out_dir / article_file(doc)
        path.write_text(html, encoding="utf-8")
        written.append(path)
    if cache is not None:
        _prune(cache, docs if len(docs) > 1 else [])
    index = Report(data, notes=Notes(), articles_at="" if len(docs) > 1 else "../report.html")
    rows = corpus_views.article_rows(index) if len(docs) > 1 else []
    (out_dir / "index.html").write_text(index_t.render(
        **base, rows=rows, total=len(docs), index="index.html"), encoding="utf-8")
    written.append(out_dir / "index.html")
    return written
