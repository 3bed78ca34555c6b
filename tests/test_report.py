"""The report layer on fixture tables: templates, the typed hand-off, figures (no kernel).

The full notebook → HTML → PDF → Chromium path is in test_report_e2e.py.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import urllib.parse
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from nkrussia import analyze, fmt, model, report
from nkrussia.analyze import checks as registry
from nkrussia.params import Params
from nkrussia.report import figures, page, pages, views
from nkrussia.report.values import article_file

from .report_pages import (
    FIXTURE,
    MALICIOUS,
    MULTI,
    ROOT,
    add_malicious_article,
    render_all,
    visible,
)
from .report_pages import page as whole_page

DOC = "000_0699a36f70cc69c0"
GOLDEN = ROOT / "tests" / "fixtures" / "report" / "golden"


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    out = tmp_path / "data"
    shutil.copytree(FIXTURE, out)
    return out


def open_report(path: Path = FIXTURE) -> report.Report:
    return report.open_report(path, root=ROOT)


@pytest.fixture(scope="module")
def single() -> dict[str, str]:
    return render_all(open_report())


@pytest.fixture(scope="module")
def multi() -> dict[str, str]:
    return render_all(report.open_report(MULTI, root=ROOT / "tests" / "fixtures" / "report"
                                         / "multi"))


# --------------------------------------------------------------------------- escaping
def test_article_text_and_metadata_are_escaped(data_dir: Path, tmp_path: Path):
    fid = add_malicious_article(data_dir, tmp_path)
    r = report.open_report(data_dir, root=tmp_path)
    main = whole_page(r)
    written = pages.write_articles(r.data, tmp_path / "report", "T")
    html = main + "".join(p.read_text(encoding="utf-8") for p in written)
    low = html.lower()
    assert "<script>alert" not in low and "<img" not in low and "<b>" not in low
    assert "<i>evil" not in low and "javascript:" not in re.findall(r'href="([^"]*)"',
                                                                   low).__str__()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;/p&gt;&lt;b&gt;bold?&lt;/b&gt; &amp; more." in html  # text, not markup
    assert "&lt;i&gt;Evil&lt;/i&gt; article" in html and "&lt;b&gt;Outlet&lt;/b&gt;" in html
    # the figure inside the malicious text is still highlighted and anchored
    assert f'id="{report.anchor_id("fig", fid)}"' in html
    assert "<p>A second paragraph.</p>" in html


def test_the_title_is_escaped():
    front = str(report.section(open_report(), "front", title="<script>x</script>",
                               publisher="p"))
    assert "<script>x" not in front and "&lt;script&gt;x" in front


def test_templates_autoescape_and_refuse_undefined_names():
    from nkrussia.report.render import environment

    env = environment()
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    with pytest.raises(Exception, match="undefined"):
        env.from_string("{{ nothing.here }}").render()


# --------------------------------------------------------------------------- anchors, ids
def test_every_figure_is_anchored_and_linked(single):
    figs = pd.read_csv(FIXTURE / "extracted/figures.csv", dtype=str)
    text = (ROOT / "seeds" / f"{DOC}.txt").read_text(encoding="utf-8")
    for f in figs.itertuples():
        anchor = report.anchor_id("fig", f.figure_id)
        assert f'href="#{anchor}"' in single["figures"]
        m = re.search(rf'<mark class="[^"]*" id="{re.escape(anchor)}"[^>]*>(.*?)</mark>',
                      single["source_text"])
        assert m, anchor
        import html

        assert html.unescape(m.group(1)) == text[int(f.start):int(f.end)]


def test_every_link_lands_and_every_id_is_unique(single, multi):
    for rendered in (single, multi):
        html = "\n".join(rendered.values())
        ids = re.findall(r'\bid="([^"]+)"', html)
        dupes = {i for i in ids if ids.count(i) > 1}
        assert not dupes
        for target in set(re.findall(r'href="#([^"]+)"', html)):
            assert target in ids or target == "notes", target


def test_anchor_ids_of_slug_alike_keys_stay_apart():
    assert report.anchor_id("doc", "a b") != report.anchor_id("doc", "a_b")
    assert report.anchor_id("doc", "a_b") == "doc-a_b"
    assert re.fullmatch(r"[A-Za-z0-9_.:-]+", report.anchor_id("fig", "ü <x>-F01"))


def test_no_internal_identifier_in_visible_text(single, multi):
    for rendered in (single, multi):
        text = visible("\n".join(v for k, v in rendered.items() if k != "reproducibility"))
        assert "000_0699a36f70cc69c0" not in text
        assert ":F0" not in text and "-F0" not in text
        assert "a03_pay_and_revenue" not in text and "troops_hur_2024_10_late" not in text
        assert not re.search(r"\b\d{4,}\.0\b", text)  # no 2000.0, 1000000.0


def test_claim_rows_are_anchored_and_every_check_is_shown(single):
    cc = pd.read_csv(FIXTURE / "processed/claim_checks.csv", dtype=str)
    for cid in cc["check_id"]:
        assert f'id="{report.anchor_id("check", cid)}"' in single["claims"]
    assert single["claims"].count("How this was checked") == len(cc)


# --------------------------------------------------------------------------- findings
def test_findings_read_the_checks_by_kind(single):
    text = visible(single["findings"])
    assert "The article puts the North Korean troops sent to Russia at over 7,000" in text
    assert "7,000 troops give $168 million ( inconsistent )" in text
    assert "10,000 troops give $240 million ( consistent )" in text
    assert "The claim holds only from 8,334 troops upwards" in text
    assert "60–70%" in text and "20,000 simulated scenarios" in text


def test_findings_follow_the_data(data_dir: Path):
    cc = pd.read_csv(data_dir / "processed/claim_checks.csv", dtype=str)
    cc.loc[cc["kind"] == "breakeven", "recomputed_value"] = "9123"
    cc.to_csv(data_dir / "processed/claim_checks.csv", index=False)
    figs = pd.read_csv(data_dir / "extracted/figures.csv", dtype=str)
    figs.loc[figs["text"] == "over 7,000", "text"] = "over 7,300"
    figs.to_csv(data_dir / "extracted/figures.csv", index=False)
    text = visible(str(report.section(report.open_report(data_dir, root=ROOT), "findings")))
    assert "over 7,300" in text and "9,123 troops" in text and "8,334" not in text


def test_a_check_whose_words_say_needed_is_not_the_breakeven(data_dir: Path):
    """The report reads what a check is from its kind, never from its wording."""
    cc = pd.read_csv(data_dir / "processed/claim_checks.csv", dtype=str)
    be = cc["kind"] == "breakeven"
    cc.loc[be, "formula"] = "needed troops break-even rice"
    cc.loc[be, "kind"] = "troop_range"  # no longer a break-even, whatever it says
    cc.loc[be, "check_id"] = "troop_range:x"
    cc.to_csv(data_dir / "processed/claim_checks.csv", index=False)
    text = visible(str(report.section(report.open_report(data_dir, root=ROOT), "findings")))
    assert "holds only from" not in text and "8,334" not in text


def test_numbers_in_the_findings_all_come_from_data(single):
    text = visible(single["findings"])
    nums = re.findall(r"\d[\d,]*(?:\.\d+)?", text)
    allowed = set()
    for csv in FIXTURE.rglob("*.csv"):
        for cell in pd.read_csv(csv, dtype=str).to_numpy().ravel():
            if isinstance(cell, str):
                allowed.update(re.findall(r"\d[\d,]*(?:\.\d+)?", cell))
                v = fmt.number_or_none(cell)
                if v is not None:
                    allowed.update({f"{v:,.0f}", f"{v / 1e6:,.0f}", f"{v * 100:.0f}",
                                    fmt.count(v)})
    assert len(nums) >= 10 and [n for n in nums if n not in allowed] == []


# --------------------------------------------------------------------------- the contract
def test_an_invalid_processed_table_is_a_named_note(data_dir: Path):
    cc = pd.read_csv(data_dir / "processed/claim_checks.csv", dtype=str)
    cc.loc[0, "verdict"] = "probably fine"
    cc.to_csv(data_dir / "processed/claim_checks.csv", index=False)
    r = report.open_report(data_dir, root=ROOT)
    out = str(report.section(r, "claims"))
    text = visible(out)
    assert "Not computed because data/processed/claim_checks.csv: column 'verdict'" in text
    assert "probably fine" in text
    # the sections that do not need the table still render
    assert "nk-figures" in str(report.section(r, "figures"))


def test_a_missing_column_is_a_named_note(data_dir: Path):
    inputs = pd.read_csv(data_dir / "processed/inputs.csv", dtype=str)
    inputs.drop(columns=["origin"]).to_csv(data_dir / "processed/inputs.csv", index=False)
    out = str(report.section(report.open_report(data_dir, root=ROOT), "inputs"))
    assert "data/processed/inputs.csv: column 'origin' is missing" in visible(out)


def test_missing_tables_give_notes_not_errors(tmp_path: Path):
    rendered = render_all(report.open_report(tmp_path / "nothing", root=None))
    html = "\n".join(rendered.values())
    assert html.count("Not computed because") >= 14
    assert "figures.csv: file not found" in html


def test_a_registered_check_shows_up_in_the_claim_table(tmp_path: Path):
    """Adding a check is one decorated function: the driver runs it, the table shows it."""
    @registry.claim_check("casualty_ratio", unit="troops", formula="casualties ÷ troops",
                          applies=lambda d: d.troops)
    def casualty_ratio(d):
        yield registry.Check("not checkable", "no_references", key=f"x:{d.doc_id}",
                             claim=d.troops[0])

    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    try:
        tables = analyze.run_analysis(FIXTURE / "extracted", FIXTURE / "external",
                                      Params(n_draws=200))
        assert "casualty_ratio" in set(tables["claim_checks"]["kind"])
        analyze.write_tables(tables, data / "processed")
        html = str(report.section(report.open_report(data, root=ROOT), "claims"))
    finally:
        del registry.REGISTRY["casualty_ratio"]
    # once it is no longer registered, a table that holds it breaks the contract, by name
    assert "column 'kind'" in visible(str(report.section(
        report.open_report(data, root=ROOT), "claims")))
    assert f'data-check="casualty_ratio:x:{DOC}"' in html
    assert "casualties ÷ troops" in html  # the generic working, from the check's formula


def test_the_registry_refuses_a_kind_twice():
    with pytest.raises(ValueError, match="registered twice"):
        registry.claim_check("revenue", unit="x", formula="x", applies=lambda d: True)(
            lambda d: [])


# --------------------------------------------------------------------------- sources, notes
def test_external_context_is_always_a_numbered_note(single):
    html = "\n".join(single.values())
    cited = {int(n) for n in re.findall(r'href="#note-(\d+)"', html)}
    listed = {int(n) for n in re.findall(r'<li id="note-(\d+)"', single["sources"])}
    assert cited and cited == listed
    for span in re.findall(r'<span class="nk-ext">(.*?)</span></span>', single["findings"]):
        assert 'class="nk-note-ref"' in span
    notes = visible(single["sources"])
    assert "Reliability: medium-low" in notes and "Reliability: low" in notes
    assert "https://" in notes and "Source article" in notes


def test_notes_are_numbered_in_order_of_first_citation(single):
    html = "\n".join(single.values())
    order = [int(n) for n in re.findall(r'href="#note-(\d+)"', html)]
    firsts = list(dict.fromkeys(order))
    assert firsts == sorted(firsts)


def test_a_korean_quote_keeps_its_language_and_rendering():
    rendered = render_all(open_report())
    html = "\n".join(rendered.values())
    if "food_production_2024" not in html:  # cited only when the rice check shows it
        pytest.skip("the Korean-quoted reference is not cited by this fixture")
    assert 'lang="ko"' in html and "식량작물" in html and "in English:" in html


# --------------------------------------------------------------------------- figures
def test_chart_specs_are_valid_and_described(single):
    from altair.utils.schemapi import validate_jsonschema

    schema = alt.vegalite.v6.schema.core.load_schema()
    for key in report.FIGURES:
        html = single[f"figure:{key}"]
        m = re.search(r'<script type="application/json" class="nk-spec"[^>]*>(.*?)</script>',
                      html, re.S)
        assert m, key
        specs = json.loads(m.group(1))
        for layout in ("wide", "narrow"):
            validate_jsonschema(specs[layout], schema, rootschema=schema)
            assert len(specs[layout]["description"]) > 40
        label = re.search(r'class="nk-drawing" role="img" aria-label="([^"]+)"', html).group(1)
        assert label.startswith(specs["wide"]["description"][:30].replace("'", "&#39;")[:10])


def test_every_figure_is_numbered_with_a_static_drawing_caption_sources_and_data(single):
    for i, key in enumerate(report.FIGURES, start=1):
        html = single[f"figure:{key}"]
        assert f"Figure {i}." in html
        assert html.count("<svg") == 2 and 'aria-hidden="true"' in html
        assert 'class="nk-caption"' in html and 'class="nk-source"' in html
        href = re.search(r'href="(data:text/csv[^"]+)"', html).group(1)
        csv = urllib.parse.unquote(href.split(",", 1)[1])
        assert csv.count("\n") >= 2


def test_static_drawings_do_not_share_element_ids(single):
    ids = re.findall(r'<svg[^>]*>.*?</svg>', "\n".join(single.values()), re.S)
    inner = [i for svg in ids for i in re.findall(r'\bid="([^"]+)"', svg)]
    assert len(inner) == len(set(inner))


def test_the_what_if_receives_the_models_formula(single):
    html = single["figure:whatif"]
    specs = json.loads(re.search(r'class="nk-spec"[^>]*>(.*?)</script>', html, re.S).group(1))
    params = {p["name"]: p for p in specs["wide"]["params"]}
    assert {"troops", "pay", "share_pct"} <= {n for n, p in params.items() if "bind" in p}
    assert params["revenue"]["expr"] == model.VEGA_EXPRESSION.replace("share",
                                                                      "(share_pct / 100)")
    assert 'aria-live="polite"' in html
    assert visible(html).count("$204 million") >= 2  # the title and the caption, from data


def test_chart_builders_refuse_missing_columns():
    from nkrussia.errors import ChartDataError
    from nkrussia.report import charts

    with pytest.raises(ChartDataError, match="lacks column"):
        charts.troop_estimates(pd.DataFrame({"kind": ["article"]}))
    with pytest.raises(ChartDataError, match="was not produced"):
        charts.montecarlo(None, {})


def test_a_figure_without_data_is_a_numbered_note(data_dir: Path):
    (data_dir / "processed/scenarios.csv").unlink()
    r = report.open_report(data_dir, root=ROOT)
    report.figure(r, "troops")
    out = str(report.figure(r, "revenue"))
    assert "Figure 2." in out and "Not computed because data/processed/scenarios.csv" in out


# --------------------------------------------------------------------------- the rest
def test_claim_values_read_in_their_units(single):
    text = visible(single["claims"])
    assert "$168 million" in text and "8,334" in text
    assert "1.2–1.4 million tonnes" in text


def test_reproduce_command_lists_changed_parameters(data_dir: Path):
    params = pd.read_csv(data_dir / "processed/parameters.csv", dtype=str)
    params.loc[params["name"] == "monthly_pay_usd", ["value", "origin"]] = ["1500.0",
                                                                            "parameter"]
    params.loc[params["name"] == "months", ["value", "origin"]] = ["10", "parameter"]
    params.to_csv(data_dir / "processed/parameters.csv", index=False)
    cmd = views.reproduce_command(report.open_report(data_dir, root=ROOT))
    assert "-p monthly_pay_usd=1500.0" in cmd and "-p months=10" in cmd
    assert "random_seed" not in cmd


def test_repro_section_reads_the_manifest(data_dir: Path):
    (data_dir / "manifest.json").write_text(json.dumps({
        "git": {"commit": "abc123", "clean": True}, "python": "3.11.7",
        "inputs": {f"seeds/{DOC}.txt": "f" * 64}, "packages": {"pandas": "3.1.1"},
        "stage_keys": {"01_extract": "0" * 64}, "build_date": "2024-11-30"}))
    r = report.open_report(data_dir, root=ROOT)
    out = str(report.section(r, "reproducibility"))
    assert "abc123" in out and "f" * 64 in out and "pandas 3.1.1" in out and "5,700" in out
    assert "30 November 2024" in str(report.section(r, "front", title="T", publisher="p"))


def test_input_warnings_of_the_run_are_shown(data_dir: Path):
    manifest = json.loads((data_dir / "manifest.json").read_text())
    manifest["warnings"] = [{"file": "seeds/x.yaml", "field": "published",
                             "message": "publication date 2099-01-02 is in the future"}]
    (data_dir / "manifest.json").write_text(json.dumps(manifest))
    front = visible(str(report.section(report.open_report(data_dir, root=ROOT), "front",
                                       title="T", publisher="p")))
    assert "Warning about the input seeds/x.yaml (published): publication date 2099-01-02" \
        in front


def test_several_articles_read_across_and_each_has_its_own_page(multi, tmp_path):
    text = visible(multi["findings"])
    assert text.startswith("3 articles, published between")
    assert "Troops sent: " in text and "distinct estimates from" in text
    assert "The scenarios and the simulation use the figures of" in text
    assert "This article puts" not in text  # each article's own findings: on its page
    r = report.open_report(MULTI, root=ROOT / "tests" / "fixtures" / "report" / "multi")
    written = {p.name: p.read_text(encoding="utf-8") for p in
               pages.write_articles(r.data, tmp_path, "T")}
    assert set(written) == {article_file(d) for d in r.doc_ids} | {"index.html"}
    main = "\n".join(multi.values())
    for target in set(re.findall(r'href="articles/([^"#]+)(?:#([^"]+))?"', main)):
        page_html = written[target[0]]  # every link from the report lands on a page…
        if target[1]:
            assert f'id="{target[1]}"' in page_html, target  # …and on its anchor there
    for name, html in written.items():
        assert 'href="../report.html"' in html  # and back
        if name != "index.html":
            assert "What this article says" in html and 'class="nk-article"' in html
            assert "<script" not in html
    index = written["index.html"]
    assert all(f'href="{article_file(d)}"' in index for d in r.doc_ids)


def test_the_contents_are_built_from_the_rendered_headings():
    html = ('<nav class="nk-toc"><!-- nk-contents --></nav><h2 id="a">Alpha</h2>'
            '<h3 class="nk-figure-title" id="f1-h"><span>Figure 1.</span> Beta &amp; c</h3>'
            '<h3 id="x">not listed</h3><h2 id="b">Gamma<a class="anchor-link">¶</a></h2>')
    out = page.contents(html)
    assert '<a href="#a">Alpha' in out and "Figure 1. Beta &amp; c" in out
    assert "not listed</span>" not in out.split("</nav>")[0] and "Gamma<span" in out
    assert "¶" not in out.split("</nav>")[0]


# --------------------------------------------------------------------------- golden text
def test_single_article_report_reads_as_the_golden_text(single):
    """The visible words of the one-article report, byte for byte (NKRUSSIA_UPDATE_GOLDEN=1
    rewrites the snapshot after an intended change of wording)."""
    got = {name: visible(html) for name, html in single.items() if name != "reproducibility"}
    path = GOLDEN / "single.json"
    if os.environ.get("NKRUSSIA_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    want = json.loads(path.read_text(encoding="utf-8"))
    for name in want:
        assert got.get(name) == want[name], name
    assert MALICIOUS not in got["source_text"]
    assert figures.FIGURES.keys() == {k.split(":")[1] for k in got if k.startswith("figure:")}
