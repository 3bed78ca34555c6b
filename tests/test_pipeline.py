"""End to end: real kernels, real HTML in real Chromium, a real PDF."""

from __future__ import annotations

import json
import subprocess

import pytest

from .browser import open_page
from .conftest import run_cli

pytestmark = pytest.mark.slow


def test_run_publishes_html_and_pdf(published):
    html = published / "report" / "report.html"
    pdf = published / "report" / "report.pdf"
    assert html.stat().st_size > 100_000 and pdf.stat().st_size > 10_000
    for nb in ("01_extract", "02_analyze", "03_report"):
        assert (published / "build" / f"{nb}.ipynb").is_file()
    assert (published / "data" / "extracted" / "figures.csv").is_file()
    assert (published / "data" / "processed" / "claim_checks.csv").is_file()


def test_pdf_has_pages_and_the_title(published):
    pdf = published / "report" / "report.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(next(line.split()[-1] for line in info.stdout.splitlines()
                     if line.startswith("Pages:")))
    assert pages >= 1
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "North Korean troops for Russia" in " ".join(text.split())


def test_html_draws_charts_offline(published):
    with open_page(published / "report" / "report.html") as (page, log):
        charts = page.locator("figure.nk-figure").count()
        drawn = page.locator("figure.nk-figure[data-drawn] .nk-live svg.marks").count()
        assert charts >= 1 and drawn == charts
        assert log.blocked == [] and log.page_errors == [] and log.console_errors == []


def test_html_has_no_cdn_or_code(published):
    html = (published / "report" / "report.html").read_text()
    for needle in ("cdn.jsdelivr", "require.min.js", "MathJax.js", "unpkg.com",
                   "jp-InputArea-editor"):
        assert needle not in html


def test_manifest_records_inputs_params_and_versions(published):
    manifest = json.loads((published / "data" / "manifest.json").read_text())
    assert any(k.startswith("seeds/") for k in manifest["inputs"])
    assert manifest["params"]["months"] == 12
    assert manifest["packages"]["papermill"]


def test_a_bad_article_exits_2_and_names_the_file(project):
    (project / "seeds" / "broken.txt").write_bytes(b"\xff\xfe not utf-8 \x00\x01")
    result = run_cli(project, "run")
    assert result.returncode == 2, result.stderr
    assert "broken.txt" in result.stderr and "Traceback" not in result.stderr
    assert not (project / "report").exists()


def test_missing_seeds_folder_is_a_clear_error(project):
    import shutil

    shutil.rmtree(project / "seeds")
    result = run_cli(project, "run")
    assert result.returncode == 2
    assert "seeds" in result.stderr and "Traceback" not in result.stderr
