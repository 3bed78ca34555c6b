"""The page around the report: the nbconvert template, the stylesheet, the chart loader, the
chart library beside the page, and the table of contents built from the rendered headings.
"""

from __future__ import annotations

import html as _html
import os
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
TEMPLATES = PACKAGE / "templates"  # nbconvert looks for templates/<name>/conf.json here
TEMPLATE_NAME = "nkrussia"
ASSETS = PACKAGE / "assets"
NOTEBOOK_ONLY_TAG = "nk-notebook-only"  # cells the published report leaves out
LIBRARY_DIR = "assets"  # report/assets/: the chart library, shared by every page


def library_name() -> str:
    """The chart library's file name, versioned by vl-convert (so a cached copy never lies)."""
    import vl_convert

    return f"vega-embed-{vl_convert.get_vega_embed_version()}-vlc{vl_convert.__version__}.js"


def library_code(cache_dir: Path | None = None) -> str:
    """vl-convert's Vega + Vega-Lite + vega-embed bundle, wrapped so that its top-level names
    stay private (it sets window.vegaEmbed), cached in the user's cache by version."""
    import vl_convert

    default = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "nkrussia"
    cache = (cache_dir or default) / library_name()
    if cache.is_file():
        return cache.read_text(encoding="utf-8")
    code = "(function(){\n" + vl_convert.javascript_bundle() + "\n})();\n"
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(code, encoding="utf-8")
    os.replace(tmp, cache)
    return code


def write_library(report_dir: Path, cache_dir: Path | None = None) -> Path:
    """report/assets/<library>.js, written beside the page (and only once per version)."""
    target = Path(report_dir) / LIBRARY_DIR / library_name()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.is_file():
        target.write_text(library_code(cache_dir), encoding="utf-8")
    return target


_DOWNLOAD = re.compile(r'download="([^"/\\]+\.csv)" href="data:text/csv;charset=utf-8,([^"]*)"')
DATA_DIR = f"{LIBRARY_DIR}/data"  # report/assets/data/: each chart's data as a CSV file


def downloads_to_files(page: str, report_dir: Path) -> str:
    """Each chart's data, carried in the notebook as a data: URL (so the notebook stands
    alone), becomes a file beside the page: the page stays small, the download the same."""
    import urllib.parse

    folder = Path(report_dir) / DATA_DIR

    def write(m: re.Match) -> str:
        name = m.group(1)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(urllib.parse.unquote(m.group(2)), encoding="utf-8")
        return f'download="{name}" href="{DATA_DIR}/{name}"'

    return _DOWNLOAD.sub(write, page)


FIGURES_DIR = f"{LIBRARY_DIR}/figures"  # report/assets/figures/: the static drawings
_DRAWINGS = re.compile(
    r'(<div class="nk-drawing" role="img" aria-label="([^"]*)">\s*)'
    r'<div class="nk-static nk-static-wide">(<svg.*?</svg>)</div>\s*'
    r'<div class="nk-static nk-static-narrow">(<svg.*?</svg>)</div>', re.S)
_FIGURE_ID = re.compile(r'<figure class="nk-figure" id="([^"]+)"')
_VIEWBOX = re.compile(r'viewBox="0 0 ([\d.]+) ([\d.]+)"')


def drawings_to_files(page: str, report_dir: Path) -> str:
    """Each chart's static drawings, inline in the notebook, become SVG files beside the
    page shown with <picture> (the narrow one on a phone): the page's HTML stays small and
    its DOM light, the drawings still show without JavaScript, and print as vectors."""
    folder = Path(report_dir) / FIGURES_DIR
    out, pos = [], 0
    for m in _DRAWINGS.finditer(page):
        figure = [f for f in _FIGURE_ID.finditer(page, 0, m.start())]
        key = figure[-1].group(1) if figure else f"figure-{len(out)}"
        folder.mkdir(parents=True, exist_ok=True)
        names = []
        for layout, svg in (("wide", m.group(3)), ("narrow", m.group(4))):
            name = f"{key}-{layout}.svg"
            (folder / name).write_text(svg, encoding="utf-8")
            box = _VIEWBOX.search(svg)
            names.append((name, box.groups() if box else ("660", "400")))
        (wide, (w, h)), (narrow, _) = names
        out.append(page[pos:m.start()] + m.group(1))
        # the image carries the alt text too: the tagged PDF's Figure takes it from there
        out.append(f'<picture class="nk-static"><source media="(max-width: 560px)" '
                   f'srcset="{FIGURES_DIR}/{narrow}"><img src="{FIGURES_DIR}/{wide}" '
                   f'alt="{m.group(2)}" '
                   f'width="{float(w):.0f}" height="{float(h):.0f}" decoding="async">'
                   "</picture>")
        pos = m.end()
    out.append(page[pos:])
    return "".join(out)


def resources(title: str) -> dict:
    """What the page template needs besides the notebook."""
    return {
        "css": (ASSETS / "report.css").read_text(encoding="utf-8"),
        "loader": (ASSETS / "charts.js").read_text(encoding="utf-8"),
        "library": f"{LIBRARY_DIR}/{library_name()}",
        "title": title,
        "css_title": TITLE_CSS_MARK,
    }


# --------------------------------------------------------------------------------------------
# contents
# --------------------------------------------------------------------------------------------

_HEADING = re.compile(r"<h([23])\b([^>]*)>(.*?)</h\1>", re.S)
_ID = re.compile(r'\bid="([^"]+)"')
_TAGS = re.compile(r"<[^>]+>")
TOC_MARK = "<!-- nk-contents -->"
TITLE_MARK = "\x00nk-title\x00"
TITLE_CSS_MARK = "\x00nk-css-title\x00"
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)


def _text(inner: str) -> str:
    inner = re.sub(r'<a class="anchor-link".*?</a>', "", inner, flags=re.S)
    return " ".join(_html.unescape(_TAGS.sub("", inner)).split())


def css_string(text: str) -> str:
    """Text for inside a double-quoted CSS string in a <style> element: every character
    that could end the string, the rule or the element is written as a CSS escape."""
    return "".join(c if c.isalnum() or c in " .,:;!?'()-–—·" else f"\\{ord(c):x} "
                   for c in text)


def contents(page: str) -> str:
    """Fill the contents (the ``<!-- nk-contents -->`` mark in a ``nav.nk-toc``) from the
    page's own h2 and figure headings after it: the outline is the rendered page's."""
    at = page.find(TOC_MARK)
    if at < 0:
        return page
    items: list[tuple[int, str, str]] = []
    for m in _HEADING.finditer(page, at):
        level, attrs, inner = int(m.group(1)), m.group(2), m.group(3)
        ident = _ID.search(attrs)
        if ident is None or "nk-summary-title" in attrs:
            continue
        if level == 3 and "nk-figure-title" not in attrs:
            continue
        items.append((level, ident.group(1), _text(inner)))
    out = ["<ol>"]
    open_sub = False
    for level, ident, text in items:
        if level == 3 and not open_sub:
            out[-1] = out[-1].removesuffix("</li>")
            out.append("<ol>")
            open_sub = True
        elif level == 2 and open_sub:
            out.append("</ol></li>")
            open_sub = False
        out.append(f'<li><a href="#{_html.escape(ident)}">{_html.escape(text)}'
                   f'<span class="nk-page" data-for="{_html.escape(ident)}"></span></a></li>')
    if open_sub:
        out.append("</ol></li>")
    out.append("</ol>")
    return page[:at] + "".join(out) + page[at + len(TOC_MARK):]


# --------------------------------------------------------------------------------------------
# the executed notebook → the page
# --------------------------------------------------------------------------------------------

def export_html(executed_notebook: Path, out_html: Path, cache_dir: Path | None = None,
                data_dir: Path | None = None, root: Path | None = None,
                pages_cache: Path | None = None) -> Path:
    """Executed report notebook → report.html (code hidden, notebook-only cells removed by
    :mod:`nkrussia.run.html`, contents filled in), the chart library beside it in
    ``assets/`` and, with several articles, each article's own page in ``articles/`` (from
    the tables in ``data_dir``; the articles' texts read from the project ``root``, default:
    found from the working directory; pages unchanged since they were kept in
    ``pages_cache`` are copied, not rendered: :func:`nkrussia.report.pages.write_articles`)."""
    from nkrussia.run.html import export_body

    body = export_body(executed_notebook, templates=TEMPLATES, template_name=TEMPLATE_NAME,
                       resources={"nkrussia": resources(TITLE_MARK),
                                  "metadata": {"name": "report"}})
    # the page's title is the report's own (its first h1, which the report_title sets)
    h1 = _H1.search(body)
    title = _text(h1.group(1)) if h1 else "Report"
    body = body.replace(TITLE_MARK, _html.escape(title)).replace(TITLE_CSS_MARK, css_string(title))
    out_html.parent.mkdir(parents=True, exist_ok=True)
    body = downloads_to_files(body, out_html.parent)
    body = drawings_to_files(body, out_html.parent)
    out_html.write_text(contents(body), encoding="utf-8")
    write_library(out_html.parent, cache_dir)
    if data_dir is not None:
        from nkrussia.paths import find_project_root
        from nkrussia.report import data, pages

        pages.write_articles(data.load(Path(data_dir), root=root or find_project_root()),
                             out_html.parent, title, cache=pages_cache)
    return out_html
