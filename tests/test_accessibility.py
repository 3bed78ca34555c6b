"""Accessibility in the real browser: axe-core (WCAG 2.2 A/AA and best practice) on the
published page at desktop and phone widths, and the keyboard reaching every control."""

from __future__ import annotations

import json
import shutil

import pytest

from .report_pages import FIXTURE, MULTI, ROOT
from .test_report_e2e import draw_all, open_page, render_report

pytestmark = pytest.mark.slow

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict:
    if not AXE.is_file():
        pytest.fail("axe-core is not installed: run `npm ci` (make test does)")
    out = {}
    for name, source in (("single", FIXTURE), ("multi", MULTI)):
        tmp = tmp_path_factory.mktemp(f"a11y_{name}")
        data = tmp / "data"
        shutil.copytree(source, data)
        out[name] = render_report(data, tmp)[0]
    return out




def axe_violations(pg) -> list[dict]:
    pg.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = pg.evaluate(
        "async (rules) => await axe.run(document, {runOnly: {type: 'tag', values: rules},"
        " resultTypes: ['violations']})", RULES)
    return [{"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"]),
             "where": [n["target"] for n in v["nodes"][:3]]} for v in result["violations"]]


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("which", ["single", "multi"])
def test_axe_finds_no_violation(pages, browser, width, which):
    pg = open_page(browser, pages[which], width=width)
    try:
        draw_all(pg)  # the live charts, sliders included, are part of the page
        violations = axe_violations(pg)
        assert violations == [], json.dumps(violations, indent=1)
    finally:
        pg.context.close()


def test_an_article_page_has_no_violation(pages, browser):
    article = next(p for p in (pages["multi"].parent / "articles").glob("*.html")
                   if p.name != "index.html")
    for page in (article, article.parent / "index.html"):
        pg = open_page(browser, page, width=390)
        try:
            assert axe_violations(pg) == []
        finally:
            pg.context.close()


def test_the_keyboard_reaches_every_control_with_visible_focus(pages, browser):
    pg = open_page(browser, pages["single"])
    try:
        draw_all(pg)
        controls = pg.evaluate("""() => { const all = [...document.querySelectorAll(
            'a[href], input, summary, [tabindex="0"]')].filter(e => e.checkVisibility());
            all.forEach((e, i) => e.setAttribute('data-nk-tab', i)); return all.length; }""")
        seen, outlines = set(), []
        for _ in range(controls + 5):
            pg.keyboard.press("Tab")
            info = pg.evaluate("""() => { const e = document.activeElement;
                const s = getComputedStyle(e);
                return {key: e.getAttribute('data-nk-tab'), outline: s.outlineStyle,
                        width: parseFloat(s.outlineWidth), tag: e.tagName}; }""")
            if info["tag"] == "BODY":
                break
            seen.add(info["key"])
            outlines.append(info["outline"] != "none" and info["width"] >= 2)
        assert len(seen) >= controls * 0.95
        assert all(outlines)
        sliders = pg.locator("input[type=range]")
        assert sliders.count() == 3
        sliders.first.focus()
        before = sliders.first.input_value()
        pg.keyboard.press("ArrowRight")
        assert sliders.first.input_value() != before
    finally:
        pg.context.close()
