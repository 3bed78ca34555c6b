"""Each notebook runs as it is, as JupyterLab's Run All would: no papermill, no pipeline."""

from __future__ import annotations

import os

import nbformat
import pytest
from nbclient import NotebookClient

from .conftest import copy_project

pytestmark = pytest.mark.slow


def test_notebooks_run_by_hand_in_order(tmp_path, monkeypatch):
    root = copy_project(tmp_path)
    for key in [k for k in os.environ if k.startswith("NKRUSSIA_")]:
        monkeypatch.delenv(key)
    outputs = {}
    for name in ("01_extract", "02_analyze", "03_report"):
        nb = nbformat.read(root / "notebooks" / f"{name}.ipynb", as_version=4)
        NotebookClient(nb, kernel_name="nkrussia", timeout=300,
                       resources={"metadata": {"path": str(root / "notebooks")}}).execute()
        outputs[name] = nb
    # Run by hand, the stages write into the project's own data/ folder.
    assert (root / "data" / "extracted" / "figures.csv").is_file()
    assert (root / "data" / "processed" / "claim_checks.csv").is_file()
    # The report's sections show in Lab as they will be published; charts as static SVG
    # drawn at build time: no script to run, nothing from a CDN.
    from nkrussia.report import FIGURES

    html = "".join(out.get("data", {}).get("text/html", "") for cell in outputs["03_report"].cells
                   if cell.cell_type == "code" for out in cell.outputs)
    assert html.count('class="nk-static nk-static-wide"') == len(FIGURES) and "<svg" in html
    # every section computed (a copy outside git cannot name its commit: the one note)
    assert html.count("Not computed because") == 1 and "not made from a git checkout" in html
    assert "vegaEmbed" not in html and "<script src" not in html
