"""End to end: 03_report.ipynb under papermill → HTML → PDF, checked in headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from nkrussia import render, report

from .report_pages import FIXTURE, MULTI, add_malicious_article, run_report_notebook

pytestmark = pytest.mark.slow

TITLE = "North Korean troops for Russia: what the numbers say"
SECTION_TITLES = ("Key findings", "The figures", "Charts", "Claim checks",
                  "People, organisations and statements", "Method and assumptions",
                  "Source text", "Reproducibility", "Sources")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """Run the report notebook on the one-article fixture tables."""
    tmp = tmp_path_factory.mktemp("report")
    data = tmp / "data"
    shutil.copytree(FIXTURE, data)
    out_html, out_pdf = render_report(data, tmp)
    return {"html": out_html, "pdf": out_pdf, "tmp": tmp}


@pytest.fixture(scope="module")
def built_evil(tmp_path_factory) -> dict:
    """The same plus a malicious second article: a report across two articles, each with
    its own page."""
    tmp = tmp_path_factory.mktemp("report_evil")
    data = tmp / "data"
    shutil.copytree(FIXTURE, data)
    evil_fid = add_malicious_article(data, tmp)
    out_html, out_pdf = render_report(data, tmp)
    return {"html": out_html, "pdf": out_pdf, "evil_fid": evil_fid, "tmp": tmp}


def render_report(data: Path, tmp: Path) -> tuple[Path, Path]:
    """The report notebook under papermill on the tables in ``data``, then HTML and PDF."""
    out_html = run_report_notebook(data, tmp, TITLE)
    return out_html, render.print_pdf(out_html, tmp / "report" / "report.pdf")


def open_page(browser, html: Path, width: int = 1280, javascript: bool = True):
    """The report opened from disk; records console errors, dialogs and outside requests."""
    ctx = browser.new_context(viewport={"width": width, "height": 900},
                              java_script_enabled=javascript)
    pg = ctx.new_page()
    pg.nk = {"errors": [], "warnings": [], "dialogs": [], "outside": []}

    def on_route(route):
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            pg.nk["outside"].append(url)
            route.abort()

    pg.route("**/*", on_route)
    pg.on("console", lambda m: pg.nk["errors"].append(m.text) if m.type == "error"
          else pg.nk["warnings"].append(m.text) if m.type == "warning" else None)
    pg.on("pageerror", lambda e: pg.nk["errors"].append(str(e)))

    def on_dialog(d):
        pg.nk["dialogs"].append(d.message)
        d.dismiss()

    pg.on("dialog", on_dialog)
    pg.goto(html.as_uri(), wait_until="load")
    return pg


def draw_all(pg) -> None:
    """Scroll every figure into view (charts load when seen) and wait until all have drawn."""
    for i in range(pg.locator("figure.nk-figure").count()):
        pg.locator("figure.nk-figure").nth(i).scroll_into_view_if_needed()
    pg.wait_for_function("() => [...document.querySelectorAll('figure.nk-figure')].every("
                         "f => f.hasAttribute('data-drawn') || f.hasAttribute('data-error'))",
                         timeout=60_000)


@pytest.fixture()
def page(built, browser):
    pg = open_page(browser, built["html"])
    yield pg
    pg.context.close()


def test_every_chart_draws_offline_without_errors(page):
    # before scrolling, the chart library has not even loaded: the page painted without it
    assert page.evaluate("typeof window.vegaEmbed") == "undefined"
    draw_all(page)
    n = page.locator("figure.nk-figure").count()
    assert n == len(report.FIGURES)
    assert page.locator("figure.nk-figure[data-drawn] .nk-live svg.marks").count() == n
    assert page.locator("figure.nk-figure[data-error]").count() == 0
    assert page.locator(".nk-static:visible").count() == 0  # the live charts replaced them
    assert page.nk["errors"] == [] and page.nk["warnings"] == []
    assert page.nk["outside"] == [] and page.nk["dialogs"] == []


def test_without_javascript_every_chart_is_a_drawing(built, browser):
    pg = open_page(browser, built["html"], javascript=False)
    try:
        drawings = pg.locator("figure.nk-figure picture.nk-static img:visible")
        assert drawings.count() == len(report.FIGURES)
        pg.wait_for_function("() => [...document.querySelectorAll('picture.nk-static img')]"
                             ".every(i => i.complete && i.naturalWidth > 0)", timeout=10_000)
        assert all(drawings.nth(i).evaluate("i => i.currentSrc").endswith("-wide.svg")
                   for i in range(drawings.count()))
        assert pg.locator(".nk-js-only:visible").count() == 0  # "move the sliders" is hidden
        text = pg.locator("main").inner_text()
        assert "Move the sliders" not in text and "Figure 7." in text
    finally:
        pg.context.close()


def test_contents_are_the_pages_own_headings(page):
    links = page.locator(".nk-toc a")
    assert links.count() >= len(SECTION_TITLES) + len(report.FIGURES)
    toc = page.locator(".nk-toc").inner_text()
    for title in SECTION_TITLES:
        assert title in toc
    for i in range(links.count()):
        target = links.nth(i).get_attribute("href")[1:]
        assert page.locator(f'[id="{target}"]').count() == 1, target
    assert page.title() == TITLE
    assert page.locator(".jp-InputArea-editor").count() == 0  # code cells are not there
    assert "The report notebook" not in page.locator("main").inner_text()  # notebook-only


def test_what_if_sliders_recompute_and_announce(page):
    fig = page.locator("#chart-whatif")
    fig.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('#chart-whatif')"
                           ".hasAttribute('data-drawn')", timeout=30_000)
    live = page.locator('#chart-whatif [aria-live="polite"]')
    assert "$204 million" in live.inner_text() and "8,500" in live.inner_text()
    slider = page.locator("#chart-whatif .nk-controls input[type=range]").first
    slider.evaluate("el => { el.value = 12000; el.dispatchEvent(new Event('input', "
                    "{bubbles: true})); }")
    page.wait_for_function("() => document.querySelector('#chart-whatif [aria-live]')"
                           ".textContent.includes('$288 million')", timeout=5000)
    assert "12,000 soldiers" in live.inner_text()
    readout = page.locator("#chart-whatif .nk-controls input + span").first
    assert readout.inner_text() == "12,000"


def test_figure_link_lands_on_highlighted_span(page):
    fid = report.anchor_id("fig", "000_0699a36f70cc69c0-F02")
    page.locator(f'a.nk-art[href="#{fid}"]').first.click()
    page.wait_for_function(f"() => location.hash === '#{fid}'")
    mark = page.locator(f"mark#{fid}")
    assert mark.inner_text() == "over 7,000"
    box = mark.bounding_box()
    assert box is not None and 0 <= box["y"] < 900
    bg = mark.evaluate("el => getComputedStyle(el).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent")


def test_malicious_article_is_text(built_evil, browser):
    from nkrussia.report.values import article_file

    main = open_page(browser, built_evil["html"])
    try:
        draw_all(main)
        assert main.nk["dialogs"] == [] and main.nk["errors"] == []
        assert main.locator('a[href^="javascript"]').count() == 0
        link = main.locator(f'a[href="articles/{article_file("999_evil")}"]').first
        assert "<i>Evil</i> article" in link.inner_text()
    finally:
        main.context.close()
    page = open_page(browser, built_evil["html"].parent / "articles" / article_file("999_evil"))
    try:
        text = page.locator("main").inner_text()
        assert "<script>alert(1)</script>" in text
        assert "<img src=x onerror=alert(1)>" in text
        assert page.locator(".nk-article script, .nk-article img").count() == 0
        assert page.locator(f'mark#{report.anchor_id("fig", built_evil["evil_fid"])}').count() == 1
        assert page.locator('a[href^="javascript"]').count() == 0
        assert "javascript:alert(5)" in text  # the sidecar's URL, as text
        assert page.nk["dialogs"] == [] and page.nk["errors"] == []
    finally:
        page.context.close()


@pytest.mark.parametrize("width", [390, 320])
def test_phone_widths_have_no_page_level_horizontal_scroll(built, browser, width):
    pg = open_page(browser, built["html"], width=width)
    try:
        draw_all(pg)
        assert pg.evaluate("document.documentElement.scrollWidth") <= width + 1
        srcs = pg.evaluate("[...document.querySelectorAll('picture.nk-static img')]"
                           ".map(i => i.currentSrc)")
        assert len(srcs) == len(report.FIGURES) and all(s.endswith("-narrow.svg") for s in srcs)
    finally:
        pg.context.close()


def test_pdf_reads_and_prints_well(built, tmp_path):
    """Contents with the right page numbers, no page more than half blank but a section's
    last, no lone table row, no words run together in the text layer, alt text on every
    figure, the footer marked as pagination, title and language in XMP."""
    from .pdf_checks import blank_fractions, glued_words, page_texts
    from .report_pages import visible

    pdf, html = built["pdf"], built["html"].read_text(encoding="utf-8")
    pages = page_texts(pdf)
    flat = [re.sub(r"\s+", " ", p) for p in pages]
    toc = re.findall(r"^\s*(?:\d+\.\s+)?(.+?)\s{2,}(\d+)\s*$", pages[0] + pages[1], re.M)
    toc = [(t.strip(), int(n)) for t, n in toc if int(n) <= len(pages)]
    assert len(toc) >= len(SECTION_TITLES) + len(report.FIGURES) - 2
    for title, number in toc:
        head = re.sub(r"\s+", " ", title)[:40]
        assert head in flat[number - 1] or head.upper() in flat[number - 1], (title, number)
    blank = blank_fractions(pdf, tmp_path)
    starts = [i for i, text in enumerate(flat) if any(
        text.lstrip().startswith(t) for t in SECTION_TITLES)]
    for i, b in enumerate(blank[:-1]):
        assert b <= 0.5 or i + 1 in starts, f"page {i + 1} is {b:.0%} blank"
    for i, text in enumerate(pages[:-1]):
        lines = [ln for ln in text.splitlines() if ln.strip() and "Page " not in ln]
        assert len(lines) >= 5, f"page {i + 1} holds only {len(lines)} lines"
    assert glued_words(pdf, visible(html)) == []
    raw = pdf.read_bytes()
    assert raw.count(b"/Alt (") + raw.count(b"/Alt <") >= len(report.FIGURES)
    meta = subprocess.run(["pdfinfo", "-meta", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    assert f"<rdf:li xml:lang=\"x-default\">{TITLE}</rdf:li>" in meta
    assert "<dc:language><rdf:Bag><rdf:li>en</rdf:li>" in meta
    assert all(f"Page {i} of {len(pages)}" in p for i, p in enumerate(pages, start=1))


def test_pdf_text_and_pages(built):
    pdf = built["pdf"]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = re.sub(r"\s+", " ", text)
    for needle in ("7,000", "$200 million", "600,000", TITLE.split(":")[0], "Figure 7."):
        assert needle in flat, needle
    for title in SECTION_TITLES:
        assert title in flat, title
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 6 <= pages <= 40
    # sliders and "how this was checked" toggles are not printed; the working is
    assert "Share of pay kept by the state (%)" not in flat
    assert "How this was checked" not in flat and "paid soldiers" in flat
    assert "North Korea's involvement in Russia's war" in flat  # the source text


@pytest.fixture(scope="module")
def built_multi(tmp_path_factory) -> dict:
    """The report notebook on the three-article fixture (tests/fixtures/report/multi)."""
    tmp = tmp_path_factory.mktemp("report_multi")
    data = tmp / "data"
    shutil.copytree(MULTI, data)
    out_html, out_pdf = render_report(data, tmp)
    return {"html": out_html, "pdf": out_pdf}


def test_multi_article_report_in_browser_and_pdf(built_multi, browser):
    pg = open_page(browser, built_multi["html"])
    try:
        draw_all(pg)
        assert pg.nk["errors"] == []
        assert pg.locator("table.nk-origins").count() >= 1  # read across the articles
        assert pg.locator("table.nk-articles tbody tr").count() == 3
        assert pg.locator("table.nk-figures").count() == 0  # each article's are on its page
    finally:
        pg.context.close()
    text = subprocess.run(["pdftotext", "-layout", str(built_multi["pdf"]), "-"],
                          capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", " ", text)
    assert "Based on 3 news articles" in flat
    assert "000_0699a36f70cc69c0" not in flat.split("Reproducibility")[0]
    pages = list((built_multi["html"].parent / "articles").glob("*.html"))
    assert len(pages) == 4  # three articles and the index
