"""Unit tests of the report's HTML fragments and chart specs (fast; no kernel, no browser)."""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from nkrussia import charts, report

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "report" / "data"
MALICIOUS = ("Officials said <script>alert(1)</script> and <img src=x onerror=alert(1)> "
             "while about 5,000 troops waited. </p><b>bold?</b> & more.\n"
             "A second paragraph.")


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    out = tmp_path / "data"
    shutil.copytree(FIXTURE, out)
    return out


def load(path: Path) -> report.ReportData:
    return report.load(path, root=ROOT)


def add_malicious_article(data_dir: Path, folder: Path) -> str:
    """A second document whose text tries to inject markup; returns its figure id."""
    path = folder / "evil.txt"
    path.write_text(MALICIOUS, encoding="utf-8")
    docs = pd.read_csv(data_dir / "extracted/documents.csv", dtype=str)
    docs = pd.concat([docs, pd.DataFrame([{
        "doc_id": "999_evil", "path": str(path),
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "characters": str(len(MALICIOUS)), "reference_date": "2024-11",
        "reference_date_source": "test", "title": "<i>Evil</i> article"}])])
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
    quotes = pd.read_csv(data_dir / "extracted/quotes.csv", dtype=str)
    qs = MALICIOUS.index("<script>")
    quotes = pd.concat([quotes, pd.DataFrame([{
        "doc_id": "999_evil", "quote_id": "999_evil-Q01", "start": str(qs),
        "end": str(qs + len("<script>alert(1)</script>")),
        "text": "<script>alert(1)</script>", "speaker": "<b>Mallory</b>",
        "speaker_role": "<img src=z onerror=alert(4)>"}])])
    quotes.to_csv(data_dir / "extracted/quotes.csv", index=False)
    return fid


# --------------------------------------------------------------------------- escaping
def test_article_text_is_escaped(data_dir: Path, tmp_path: Path):
    fid = add_malicious_article(data_dir, tmp_path)
    data = load(data_dir)
    page = "".join([report.title_block(data, "T"), report.figures_section(data),
                    report.people_section(data), report.source_section(data)])
    assert "<script>" not in page.lower()
    assert "<img" not in page.lower()
    assert "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    # the injected </p> does not close the paragraph: it is text
    assert "&lt;/p&gt;&lt;b&gt;bold?&lt;/b&gt; &amp; more." in page
    # the figure inside the malicious text is still highlighted and anchored
    assert f'id="fig-{fid}"' in page
    assert '<p>A second paragraph.</p>' in page


def test_highlight_escapes_and_wraps():
    text = "a <b>7,000</b> c"
    out = report.highlight(text, [(5, 10, "fig-x", "nk-fig")])
    assert out == ('<p>a &lt;b&gt;<mark class="nk-fig" id="fig-x" tabindex="-1">7,000</mark>'
                   "&lt;/b&gt; c</p>")


def test_title_is_escaped(data_dir: Path):
    out = report.title_block(load(data_dir), "<script>x</script>")
    assert "<script>x" not in out and "&lt;script&gt;x" in out


# --------------------------------------------------------------------------- anchors
def test_every_figure_is_anchored_and_linked(data_dir: Path):
    data = load(data_dir)
    source = report.source_section(data)
    table = report.figures_section(data)
    figs = pd.read_csv(data_dir / "extracted/figures.csv", dtype=str)
    text = (ROOT / "seeds/000_0699a36f70cc69c0.txt").read_text(encoding="utf-8")
    for f in figs.itertuples():
        anchor = report.anchor_id("fig", f.figure_id)
        assert f'href="#{anchor}"' in table
        m = re.search(rf'<mark class="[^"]*" id="{re.escape(anchor)}"[^>]*>(.*?)</mark>', source)
        assert m, anchor
        assert html.unescape(m.group(1)) == text[int(f.start):int(f.end)]


def test_claim_rows_are_anchored(data_dir: Path):
    data = load(data_dir)
    claims = report.claims_section(data)
    cc = pd.read_csv(data_dir / "processed/claim_checks.csv", dtype=str)
    for cid in cc["check_id"]:
        assert f'id="{report.anchor_id("check", cid)}"' in claims
    # every link in the findings points at an anchor that exists on the page
    page = "".join([report.key_findings(data), report.figures_section(data), claims,
                    report.method_section(data), report.source_section(data)]
                   + [build(data) for build in report.CHART_BUILDERS])
    ids = set(re.findall(r'id="([^"]+)"', page))
    for target in re.findall(r'href="#([^"]+)"', report.key_findings(data)):
        assert target in ids, target


# --------------------------------------------------------------------------- findings
def _numbers(text: str) -> list[str]:
    plain = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return re.findall(r"\d[\d,]*(?:\.\d+)?", plain)


def _data_numbers(data_dir: Path) -> set[str]:
    """Every way a number in the data may be written in prose."""
    out: set[str] = set()
    for csv in data_dir.rglob("*.csv"):
        df = pd.read_csv(csv, dtype=str)
        for cell in df.to_numpy().ravel():
            if not isinstance(cell, str):
                continue
            out.update(re.findall(r"\d[\d,]*(?:\.\d+)?", cell))
            try:
                v = float(cell)
            except ValueError:
                continue
            out.update({f"{v:,.0f}", f"{v:g}", f"{v / 1e6:,.0f}", f"{v * 100:.0f}",
                        f"{v / 1e9:,.1f}"})
    return out


def test_findings_numbers_come_from_data(data_dir: Path):
    findings = report.key_findings(load(data_dir))
    allowed = _data_numbers(data_dir)
    nums = _numbers(findings)
    assert len(nums) >= 8
    assert [n for n in nums if n not in allowed] == []
    for expected in ("7,000", "10,000", "$2,000", "$200 million", "8,334", "600,000"):
        assert expected in html.unescape(re.sub(r"<[^>]+>", "", findings))
    assert 4 <= findings.count("<li>") <= 6


def test_findings_follow_the_data(data_dir: Path):
    figs = pd.read_csv(data_dir / "extracted/figures.csv", dtype=str)
    figs.loc[figs["text"] == "over 7,000", "text"] = "over 7,300"
    figs.to_csv(data_dir / "extracted/figures.csv", index=False)
    cc = pd.read_csv(data_dir / "processed/claim_checks.csv", dtype=str)
    cc.loc[cc["check_id"] == "revenue_breakeven", "recomputed_value"] = "9123"
    cc.to_csv(data_dir / "processed/claim_checks.csv", index=False)
    text = re.sub(r"<[^>]+>", "", report.key_findings(load(data_dir)))
    assert "over 7,300" in text and "9,123 troops" in text
    assert "8,334" not in text


def test_external_context_always_names_organisation_and_url(data_dir: Path):
    findings = report.key_findings(load(data_dir))
    for span in re.findall(r'<span class="nk-ext">.*?</span></span>', findings):
        assert 'class="nk-cite"' in span and 'href="http' in span


# --------------------------------------------------------------------------- robustness
def test_missing_tables_give_notes_not_errors(tmp_path: Path):
    data = report.load(tmp_path / "nothing", root=None)
    parts = [report.title_block(data, "T"), report.toc(), report.key_findings(data),
             report.figures_section(data), report.claims_section(data),
             report.people_section(data), report.method_section(data),
             report.source_section(data), report.repro_section(data)]
    parts += [build(data) for build in report.CHART_BUILDERS]
    page = "".join(parts)
    assert page.count("Not computed because") >= 10
    assert "figures.csv was not produced" in page


def test_no_pay_figure(data_dir: Path):
    figs = pd.read_csv(data_dir / "extracted/figures.csv", dtype=str)
    figs[figs["quantity"] != "pay_per_soldier_month"].to_csv(
        data_dir / "extracted/figures.csv", index=False)
    inputs = pd.read_csv(data_dir / "processed/inputs.csv", dtype=str)
    inputs[inputs["input"] != "monthly_pay_usd"].to_csv(data_dir / "processed/inputs.csv",
                                                        index=False)
    params = pd.read_csv(data_dir / "processed/parameters.csv", dtype=str)
    params.loc[params["name"] == "monthly_pay_usd", "value"] = None
    params.to_csv(data_dir / "processed/parameters.csv", index=False)
    for name in ("scenarios", "sensitivity"):
        (data_dir / f"processed/{name}.csv").unlink()
    data = load(data_dir)
    what_if = report.chart_whatif(data)
    assert "Not computed because no monthly pay figure" in what_if
    assert "Not computed because" in report.chart_revenue(data)
    assert "gives no monthly pay figure" in report.key_findings(data)


def test_reproduce_command_lists_changed_parameters(data_dir: Path):
    p = pd.read_csv(data_dir / "processed/parameters.csv", dtype=str)
    p.loc[p["name"] == "state_share", "value"] = "0.8"
    p.to_csv(data_dir / "processed/parameters.csv", index=False)
    cmd = report.reproduce_command(load(data_dir))
    assert "nkrussia run -p state_share=0.8" in cmd
    assert "scenario=" not in cmd and "report_title" not in cmd


def test_repro_section_hashes_inputs(data_dir: Path):
    # No manifest beside the data (run by hand): the same facts are computed from the project.
    assert not (data_dir / "manifest.json").exists()
    out = report.repro_section(load(data_dir))
    seed = ROOT / "seeds/000_0699a36f70cc69c0.txt"
    assert hashlib.sha256(seed.read_bytes()).hexdigest() in out
    assert "pandas" in out and "nkrussia run" in out and "Stage keys" in out


def test_repro_section_reads_the_pipeline_manifest(data_dir: Path):
    manifest = {"git": {"commit": "abc123def4567890", "clean": False},
                "inputs": {"seeds/x.txt": "f" * 64}, "packages": {"pandas": "9.9"},
                "python": "3.11.7", "stage_keys": {"01_extract": "1234567890abcdef9999"},
                "command": "nkrussia run"}
    (data_dir / "manifest.json").write_text(json.dumps(manifest))
    out = report.repro_section(load(data_dir))
    assert "abc123def4567890" in out and "with uncommitted changes" in out
    assert "f" * 64 in out and "pandas 9.9" in out and "01_extract 1234567890abcdef" in out
    assert "git checkout abc123def456" in out


def test_csv_link_round_trips():
    df = pd.DataFrame({"a": [1, 2], "b": ["x,y", "<z>"]})
    link = report.csv_link(df, "t.csv")
    href = re.search(r'href="data:text/csv;charset=utf-8,([^"]+)"', link).group(1)
    import urllib.parse

    assert urllib.parse.unquote(html.unescape(href)) == df.to_csv(index=False)


# --------------------------------------------------------------------------- charts
def _tables() -> dict[str, pd.DataFrame]:
    return {p.stem: pd.read_csv(p) for p in (FIXTURE / "processed").glob("*.csv")}


def test_chart_specs_are_valid_and_described():
    t = _tables()
    data = report.load(FIXTURE, root=ROOT)
    built = [
        charts.troop_estimates(t["troop_estimates"]),
        charts.revenue_heatmap(t["scenarios"], 200e6),
        charts.montecarlo(t["montecarlo_hist"], t["montecarlo_summary"]),
        charts.tornado(t["sensitivity"], 200e6),
        charts.rice_vs_shortfall(report.rice_rows(data)),
        charts.timeline(t["timeline"], "2024-11"),
        charts.what_if(8500, 2000, 1.0, 12, 200e6),
    ]
    for chart in built:
        spec = chart.to_dict()  # validates against the Vega-Lite schema
        assert spec["title"]["text"]
        assert len(spec["description"]) > 40


def test_what_if_binds_three_sliders():
    spec = charts.what_if(8500, 2000, 1.0, 12, 200e6).to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert set(params) == {"troops", "pay", "share_pct"}
    assert all(p["bind"]["input"] == "range" for p in params.values())
    assert params["troops"]["value"] == 8500 and params["share_pct"]["value"] == 100
    assert "$204 million" in spec["description"]


def test_chart_builders_refuse_missing_columns():
    with pytest.raises(charts.ChartDataError):
        charts.troop_estimates(pd.DataFrame({"kind": ["article"]}))
    with pytest.raises(charts.ChartDataError):
        charts.montecarlo(None)


@pytest.mark.parametrize("exporting, marker", [(True, 'class="nk-chart"'),
                                               (False, 'class="nk-chart-static"')])
def test_every_chart_block_has_caption_source_and_csv(monkeypatch, tmp_path, exporting, marker):
    # Exported by the pipeline: an interactive chart; run by hand in Lab: a static SVG.
    if exporting:
        monkeypatch.setenv("NKRUSSIA_DATA_DIR", str(tmp_path))
    else:
        monkeypatch.delenv("NKRUSSIA_DATA_DIR", raising=False)
    data = report.load(FIXTURE, root=ROOT)
    for build in report.CHART_BUILDERS:
        block = build(data)
        assert marker in block, build.__name__
        assert 'aria-label="' in block and "nk-caption" in block and "Source:" in block
        assert 'download="' in block and "data:text/csv" in block


def test_claim_check_values_in_their_units(data_dir: Path):
    claims = report.claims_section(load(data_dir))
    cells = re.findall(r'<td class="nk-num">(.*?)</td>', claims)
    assert "$168 million" in cells and "$240 million" in cells and "8,334" in cells
    assert any(c.startswith("1.30 Mt") for c in cells)


# --------------------------------------------------------------------------- several articles
# tests/fixtures/report/multi: the pipeline's tables for three articles (the seed article,
# a03_pay_and_revenue and blind_g01_wire_kursk); the analysis models one of them (the seed,
# chosen automatically). Regenerate: copy the three articles into a project's seeds/, run
# `nkrussia run --no-warm` and copy its data/extracted and data/processed CSVs here.
MULTI = ROOT / "tests" / "fixtures" / "report" / "multi"
GOLDEN = ROOT / "tests" / "fixtures" / "report" / "single_golden"
THE_ARTICLE = re.compile(r"\bthe article\b(?!s)", re.IGNORECASE)


@pytest.fixture()
def multi_dir(tmp_path: Path) -> Path:
    out = tmp_path / "multi"
    shutil.copytree(MULTI, out)
    return out


def load_multi(root: Path) -> report.ReportData:
    return report.load(root / "data", root=root)


def _plain(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", fragment)))


def _plain_cells(row: str) -> str:
    """A table row with the markup inside its cells removed (cells kept)."""
    return re.sub(r"<td([^>]*)>(.*?)</td>",
                  lambda m: f"<td{m.group(1)}>{_plain(m.group(2))}</td>", row, flags=re.S)


def _docs(root: Path) -> list[str]:
    return list(pd.read_csv(root / "data/extracted/documents.csv", dtype=str)["doc_id"])


def _fig_docs(root: Path) -> dict[str, str]:
    figs = pd.read_csv(root / "data/extracted/figures.csv", dtype=str)
    return dict(zip(figs["figure_id"], figs["doc_id"], strict=True))


def _check_docs(root: Path) -> dict[str, str]:
    cc = pd.read_csv(root / "data/processed/claim_checks.csv", dtype=str)
    return {c: (d if isinstance(d, str) else "") for c, d in zip(cc["check_id"], cc["doc_id"],
                                                                   strict=True)}


def _linked_docs(fragment: str, root: Path) -> set[str]:
    """The documents whose figures or claim checks a fragment links to."""
    figs = {report.anchor_id("fig", f): d for f, d in _fig_docs(root).items()}
    checks = {report.anchor_id("check", c): d for c, d in _check_docs(root).items()}
    out = set()
    for target in re.findall(r'href="#([^"]+)"', fragment):
        if target in figs:
            out.add(figs[target])
        elif target in checks:
            out.add(checks[target] or "(corpus)")
    return out


def _single_fragments(data: report.ReportData) -> dict[str, str]:
    import datetime

    parts = {
        "title_block": report.title_block(data, "T", datetime.date(2024, 12, 1)),
        "key_findings": report.key_findings(data),
        "figures_section": report.figures_section(data),
        "charts_intro": report.charts_intro(data),
        "claims_section": report.claims_section(data),
        "people_section": report.people_section(data),
        "method_section": report.method_section(data),
        "source_section": report.source_section(data),
    }
    for build in report.CHART_BUILDERS:
        parts[build.__name__] = "".join(re.findall(r"<figcaption>.*?</figcaption>",
                                                   build(data), re.S))
    return {k: re.sub(r'href="data:text/csv[^"]*"', 'href="data:…"', v) + "\n"
            for k, v in parts.items()}


def test_single_article_report_is_unchanged(data_dir: Path):
    """With one article the wording is the one-article wording, byte for byte (snapshot taken
    before the report learnt about several articles; NKRUSSIA_UPDATE_GOLDEN=1 rewrites it)."""
    import os

    got = _single_fragments(load(data_dir))
    if os.environ.get("NKRUSSIA_UPDATE_GOLDEN"):
        for name, text in got.items():
            (GOLDEN / f"{name}.html").write_text(text, encoding="utf-8")
    for name, text in got.items():
        assert text == (GOLDEN / f"{name}.html").read_text(encoding="utf-8"), name
    assert "What one news article says" in got["title_block"]
    assert "The article puts the North Korean troops" in got["key_findings"]
    assert "the source article “000_0699a36f70cc69c0”" in got["chart_revenue"]


def test_multi_lead_counts_and_names_the_articles(multi_dir: Path):
    data = load_multi(multi_dir)
    lead = report.title_block(data, "T")
    text = _plain(lead)
    assert "What three news articles say" in text and "what their numbers imply" in text
    assert "one news article" not in text
    for doc in _docs(multi_dir):
        assert f'href="#{report.anchor_id("doc", doc)}"><code>{doc}</code>' in lead
    # the model's document, from inputs.csv
    assert "each article's claims are checked with its own figures only" in text.lower()
    assert ("The scenarios and the simulation use the figures of 000_0699a36f70cc69c0; the "
            "figures of the other two articles are listed and checked but do not enter them."
            ) in text
    assert "stated by an article" in text


def test_multi_every_figure_row_names_its_document(multi_dir: Path):
    data = load_multi(multi_dir)
    section = report.figures_section(data)
    assert "in the three source articles, one table per article" in _plain(section)
    tables = section.split('<div class="nk-doc-figures" data-doc="')[1:]
    assert [t.split('"', 1)[0] for t in tables] == _docs(multi_dir)
    seen = {}
    for t in tables:
        doc = t.split('"', 1)[0]
        head = re.search(r'<tr class="nk-group-row">(.*?)</tr>', t).group(1)
        assert f"<code>{doc}</code>" in head  # the table is headed by its document
        for fid, row_doc in re.findall(r'<tr id="row-([^"]+)" data-doc="([^"]+)">', t):
            assert row_doc == doc
            seen[fid] = doc
    assert seen == _fig_docs(multi_dir)


def test_multi_findings_never_mix_documents(multi_dir: Path):
    data = load_multi(multi_dir)
    findings = report.key_findings(data)
    groups = re.findall(r'<div class="nk-findings-group" data-doc="([^"]+)">(.*?)</div>',
                        findings, re.S)
    assert [g[0] for g in groups] == _docs(multi_dir)
    for doc, body in groups:
        assert _linked_docs(body, multi_dir) <= {doc}, doc
    sentences = re.findall(r"<li>(.*?)</li>", findings, re.S)
    assert len(sentences) >= 8
    for s in sentences:
        assert len(_linked_docs(s, multi_dir)) <= 1, _plain(s)
    text = _plain(findings)
    assert not THE_ARTICLE.search(text), text
    assert "7,000 troops give $168 million" in text
    assert "12,000 troops give $288 million" in text and "roughly $288 million" in text
    assert ("This article's revenue claim of several hundred million could not be recomputed "
            "because the claim states no number") in text
    assert "exceed the claim of over $200 million in 000_0699a36f70cc69c0" in text
    assert [n for n in _numbers(findings) if n not in _data_numbers(multi_dir / "data")] == []
    ids = set(re.findall(r'id="([^"]+)"', "".join(
        [report.figures_section(data), report.claims_section(data),
         report.method_section(data), report.source_section(data)]
        + [b(data) for b in report.CHART_BUILDERS])))
    for target in re.findall(r'href="#([^"]+)"', findings):
        assert target in ids, target


def test_multi_wording_never_assumes_one_article(multi_dir: Path):
    data = load_multi(multi_dir)
    parts = [report.title_block(data, "T"), report.key_findings(data),
             report.figures_section(data), report.charts_intro(data),
             report.people_section(data)]
    parts += ["".join(re.findall(r"<figcaption>.*?</figcaption>", b(data), re.S))
              for b in report.CHART_BUILDERS]
    # the report's own sentences (claim texts and input notes are the analysis' words)
    parts.append(re.search(r'<p class="nk-lead">.*?</p>', report.claims_section(data)).group(0))
    parts.append(report.method_section(data).split("<h3>Inputs of the model</h3>")[0])
    parts.append(re.search(r'<p class="nk-lead">.*?</p>', report.source_section(data)).group(0))
    for part in parts:
        assert not THE_ARTICLE.search(_plain(part)), _plain(part)[:300]
    assert "Red marks what the articles state" in report.charts_intro(data)


def test_multi_chart_sources_name_the_right_documents(multi_dir: Path):
    data = load_multi(multi_dir)

    def source(build) -> str:
        return _plain(re.search(r'<p class="nk-source">(.*?)</p>', build(data), re.S).group(1))

    troops = source(report.chart_troops)
    assert "the source articles 000_0699a36f70cc69c0 and blind_g01_wire_kursk (red)" in troops
    assert "a03_pay_and_revenue has none, so its troop figures are not shown" in _plain(
        report.chart_troops(data))
    model = "the figures of 000_0699a36f70cc69c0 (troops, pay, claim)"
    for build in (report.chart_revenue, report.chart_montecarlo, report.chart_sensitivity,
                  report.chart_whatif):
        assert model in source(build), build.__name__
    assert "the source article 000_0699a36f70cc69c0 (red)" in source(report.chart_rice)
    assert "Rice from Russia (000_0699a36f70cc69c0)" in set(report.rice_rows(data)["label"])
    assert "the source articles 000_0699a36f70cc69c0 and blind_g01_wire_kursk" in source(
        report.chart_timeline)


def test_multi_pooled_model_inputs_name_each_document(multi_dir: Path):
    """Tables whose model inputs come from two documents (as an earlier analysis wrote them):
    the report names which input came from which document."""
    inputs = pd.read_csv(multi_dir / "data/processed/inputs.csv", dtype=str)
    for name, fid, text in (("troops_low", "blind_g01_wire_kursk-F02", "between 10,000 and 12,000"),
                            ("troops_high", "blind_g01_wire_kursk-F11", "as many as 15,000")):
        row = inputs["input"] == name
        inputs.loc[row, ["figure_id", "doc_id", "text"]] = [fid, "blind_g01_wire_kursk", text]
    inputs.to_csv(multi_dir / "data/processed/inputs.csv", index=False)
    data = load_multi(multi_dir)
    assert sorted(data.model_docs()) == ["000_0699a36f70cc69c0", "blind_g01_wire_kursk"]
    sentence = _plain(report.model_sentence(data))
    assert sentence.startswith("The model's inputs (scenarios, simulation and context "
                               "comparisons) pool figures from two articles: ")
    assert "the troop range from blind_g01_wire_kursk" in sentence
    assert sentence in _plain(report.title_block(data, "T"))
    assert sentence in _plain(report.method_section(data))
    src = _plain(re.search(r'<p class="nk-source">(.*?)</p>',
                           report.chart_revenue(data), re.S).group(1))
    assert "blind_g01_wire_kursk (troops)" in src and "000_0699a36f70cc69c0 (pay, claim)" in src


def test_multi_model_document_explained_once_above_the_inputs(multi_dir: Path):
    method = report.method_section(load_multi(multi_dir))
    text = _plain(method)
    assert "This document was chosen automatically: its own figures give 4 of the 4" in text
    assert text.count("chosen automatically") == 1
    assert text.count("the model document") >= 4  # each article input still says so
    params = report.parameters_table(load_multi(multi_dir))
    row = re.search(r'<tr id="param-model_document">(.*?)</tr>', params, re.S).group(1)
    assert re.findall(r"<td[^>]*>(.*?)</td>", _plain_cells(row))[:4] == [
        "model_document", "000_0699a36f70cc69c0", "(automatic)", "assumption"]
    # derived by the analysis, not set by the user: not part of the command to reproduce
    assert "model_document" not in report.reproduce_command(load_multi(multi_dir))


def test_multi_titles_name_the_documents_and_are_escaped(multi_dir: Path):
    docs = pd.read_csv(multi_dir / "data/extracted/documents.csv", dtype=str)
    docs.loc[docs["doc_id"] == "a03_pay_and_revenue", "title"] = "<b>Pay</b> & revenue"
    docs.to_csv(multi_dir / "data/extracted/documents.csv", index=False)
    data = load_multi(multi_dir)
    page = "".join([report.title_block(data, "T"), report.key_findings(data),
                    report.figures_section(data), report.claims_section(data),
                    report.source_section(data)])
    assert "<b>" not in page
    assert page.count("“&lt;b&gt;Pay&lt;/b&gt; &amp; revenue”") >= 4


def test_multi_claims_are_grouped_by_document(multi_dir: Path):
    claims = report.claims_section(load_multi(multi_dir))
    order = re.findall(r'<tr class="nk-group-row" data-doc="([^"]*)">'
                       r'|<tr id="check-([^"]+)"', claims)
    group, groups = None, []
    checks = {report.anchor_id("check", c)[len("check-"):]: d
              for c, d in _check_docs(multi_dir).items()}
    for g, cid in order:
        if not cid:
            group = g
            groups.append(g)
            continue
        assert checks[cid] == group, cid
    # every check belongs to one article, the troop range too (one per article): no
    # "Across the articles" group
    assert groups == _docs(multi_dir)
    assert all(f"troops_range_vs_reference:{d}" in claims for d in _docs(multi_dir))
    assert "grouped by article" in _plain(claims)
