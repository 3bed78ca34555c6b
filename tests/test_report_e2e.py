"""End to end: 03_report.ipynb under papermill → HTML → PDF, checked in headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from nkrussia import render, report

from .test_report import FIXTURE, MALICIOUS, ROOT, add_malicious_article

pytestmark = pytest.mark.slow

TITLE = "North Korean troops for Russia: what the numbers say"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """Run the report notebook on the fixture tables plus a malicious article."""
    tmp = tmp_path_factory.mktemp("report")
    data = tmp / "data"
    shutil.copytree(FIXTURE, data)
    evil_fid = add_malicious_article(data, tmp)
    out_html, out_pdf = render_report(data, tmp)
    return {"html": out_html, "pdf": out_pdf, "evil_fid": evil_fid, "tmp": tmp}


def render_report(data: Path, tmp: Path) -> tuple[Path, Path]:
    """The report notebook under papermill on the tables in ``data``, then HTML and PDF."""
    import papermill as pm

    old = os.environ.get("NKRUSSIA_DATA_DIR")
    os.environ["NKRUSSIA_DATA_DIR"] = str(data)
    try:
        pm.execute_notebook(str(ROOT / "notebooks/03_report.ipynb"), str(tmp / "03.ipynb"),
                            kernel_name="nkrussia", cwd=str(ROOT), progress_bar=False,
                            parameters={"report_title": TITLE})
    finally:
        if old is None:
            os.environ.pop("NKRUSSIA_DATA_DIR", None)
        else:
            os.environ["NKRUSSIA_DATA_DIR"] = old
    out_html = render.export_html(tmp / "03.ipynb", tmp / "report.html")
    return out_html, render.print_pdf(out_html, tmp / "report.pdf")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(render.find_chromium()),
                               args=render.CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(built, browser):
    """The report opened from disk; records console errors, dialogs and outside requests."""
    pg = browser.new_page(viewport={"width": 1280, "height": 900})
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
    pg.goto(built["html"].as_uri(), wait_until="load")
    pg.wait_for_function("() => [...document.querySelectorAll('.nk-chart')].every("
                         "e => e.hasAttribute('data-drawn') || e.hasAttribute('data-error'))",
                         timeout=60_000)
    yield pg
    pg.close()


def test_every_chart_draws_offline_without_errors(page):
    n_charts = page.locator(".nk-chart").count()
    assert n_charts == len(report.CHART_BUILDERS)
    # vega-embed puts the SVG in a .chart-wrapper: `.vega-embed > .marks` matches nothing here.
    assert page.locator(".vega-embed > .chart-wrapper > svg.marks").count() == n_charts
    assert page.locator(".nk-chart[data-error]").count() == 0
    assert page.nk["errors"] == []
    assert page.nk["warnings"] == []  # Vega-Lite warns about conflicting encodings here
    assert page.nk["outside"] == []
    assert page.nk["dialogs"] == []


def test_sections_and_toc(page):
    for sec_id, title in report.SECTIONS:
        assert page.locator(f"section#{sec_id} h2").inner_text().strip() == title
        assert page.locator(f'.nk-toc a[href="#{sec_id}"]').count() == 1
    assert page.title() == TITLE
    # code cells are hidden
    assert page.locator(".jp-InputArea:visible").count() == 0


def _whatif_headline(page) -> str:
    return page.locator("#chart-whatif svg text").filter(has_text="your scenario:").text_content()


def test_what_if_slider_recomputes_revenue(page):
    before = _whatif_headline(page)
    assert "$204 million" in before
    slider = page.locator("#chart-whatif .vega-bindings input[type=range]").first
    slider.evaluate("el => { el.value = 12000; el.dispatchEvent(new Event('input', "
                    "{bubbles: true})); }")
    page.wait_for_function("() => [...document.querySelectorAll('#chart-whatif svg text')]"
                           ".some(t => t.textContent.includes('$288 million'))", timeout=5000)
    after = _whatif_headline(page)
    assert after != before and "$288 million" in after and "above the claim" in after


def test_figure_link_lands_on_highlighted_span(page):
    fid = report.anchor_id("fig", "000_0699a36f70cc69c0-F02")
    page.locator(f'#figures a.nk-art[href="#{fid}"]').click()
    page.wait_for_function(f"() => location.hash === '#{fid}'")
    mark = page.locator(f"mark#{fid}")
    assert mark.inner_text() == "over 7,000"
    assert "nk-fig" in mark.get_attribute("class")
    box = mark.bounding_box()
    assert box is not None and 0 <= box["y"] < 900
    bg = mark.evaluate("el => getComputedStyle(el).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent")


def test_malicious_article_is_text(page, built):
    text = page.locator("#source").inner_text()
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert page.locator("#source script, #source img").count() == 0
    assert page.locator(f'mark#{report.anchor_id("fig", built["evil_fid"])}').count() == 1
    assert page.nk["dialogs"] == []


def test_phone_width_has_no_page_level_horizontal_scroll(built, browser):
    pg = browser.new_page(viewport={"width": 390, "height": 844})
    pg.goto(built["html"].as_uri(), wait_until="load")
    pg.wait_for_function("() => [...document.querySelectorAll('.nk-chart')].every("
                         "e => e.hasAttribute('data-drawn'))", timeout=60_000)
    assert pg.evaluate("document.documentElement.scrollWidth") <= 392
    pg.close()


def test_pdf_text_and_pages(built):
    pdf = built["pdf"]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = re.sub(r"\s+", " ", text)
    for needle in ("7,000", "$200 million", "600,000", TITLE.split(":")[0]):
        assert needle in flat, needle
    for _, title in report.SECTIONS:
        assert title in flat, title
    assert "<script>alert(1)</script>" in flat
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 6 <= pages <= 40
    # sliders are hidden in print: their labels do not appear
    assert "Share kept by the state (%)" not in flat
    assert MALICIOUS.split("\n")[1] in flat


@pytest.fixture(scope="module")
def built_multi(tmp_path_factory) -> dict:
    """The report notebook on the three-article fixture (tests/fixtures/report/multi)."""
    from .test_report import MULTI

    tmp = tmp_path_factory.mktemp("report_multi")
    data = tmp / "data"
    shutil.copytree(MULTI / "data", data)
    out_html, out_pdf = render_report(data, tmp)
    return {"html": out_html, "pdf": out_pdf}


def test_multi_article_report_in_browser_and_pdf(built_multi, browser):
    pg = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(built_multi["html"].as_uri(), wait_until="load")
    pg.wait_for_function("() => [...document.querySelectorAll('.nk-chart')].every("
                         "e => e.hasAttribute('data-drawn'))", timeout=60_000)
    assert errors == []
    assert pg.locator(".nk-doc-figures").count() == 3
    assert pg.locator(".nk-findings-group[data-doc]").count() == 3
    assert "Red marks what the articles state" in pg.locator("#charts").inner_text()
    pg.close()
    text = subprocess.run(["pdftotext", "-layout", str(built_multi["pdf"]), "-"],
                          capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", " ", text)
    assert "What three news articles say" in flat
    assert "one news article" not in flat
    for doc in ("000_0699a36f70cc69c0", "a03_pay_and_revenue", "blind_g01_wire_kursk"):
        # each figures table is headed by its document, on every page it spans
        assert f"{doc} · " in flat, doc
