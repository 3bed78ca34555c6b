"""The analysis stage boundary: schemas, byte-determinism, copies, and parameter isolation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from nkrussia import analyze
from nkrussia.params import Params
from nkrussia.schemas import PROCESSED

FIX = Path(__file__).parent / "fixtures" / "analysis"
EXTERNAL = FIX / "external"
DOC = "000_0699a36f70cc69c0"


def run(**values) -> dict[str, pd.DataFrame]:
    values.setdefault("n_draws", 1000)
    return analyze.run_analysis(FIX, EXTERNAL, Params(**values))


def extracted_copy(tmp_path: Path) -> Path:
    out = tmp_path / "extracted"
    out.mkdir(parents=True)
    shutil.copy(FIX / "figures.csv", out / "figures.csv")
    return out


# --- determinism ----------------------------------------------------------------------------

def test_two_runs_write_byte_identical_csvs(tmp_path):
    a = analyze.write_tables(run(), tmp_path / "a")
    b = analyze.write_tables(run(), tmp_path / "b")
    assert [p.name for p in a] == [f"{name}.csv" for name in PROCESSED]
    for pa_, pb in zip(a, b, strict=True):
        assert pa_.read_bytes() == pb.read_bytes(), pa_.name
        assert b"\r\n" not in pa_.read_bytes()


def test_read_processed_round_trips(tmp_path):
    analyze.write_tables(run(), tmp_path / "a")
    back = analyze.read_processed(tmp_path / "a")
    assert set(back) == set(PROCESSED)
    analyze.write_tables(back, tmp_path / "b")
    for name in PROCESSED:
        assert (tmp_path / "a" / f"{name}.csv").read_bytes() == (
            tmp_path / "b" / f"{name}.csv").read_bytes(), name
    assert back["scenarios"]["meets_claim"].dtype == "boolean"


def test_copy_external_is_byte_for_byte(tmp_path):
    out = analyze.copy_external(EXTERNAL, tmp_path / "external")
    assert [p.name for p in out] == ["context_figures.csv", "README.md"]
    for p in out:
        assert p.read_bytes() == (EXTERNAL / p.name).read_bytes()


# --- a parameter override changes exactly what depends on it --------------------------------

KEYS = {"inputs": "input", "claim_checks": "check_id", "check_inputs": "check_id",
        "context": "metric", "parameters": "name", "montecarlo_summary": "statistic",
        "sensitivity": "input", "model_document": "doc_id"}
CHECK_IDS = {"rice": f"rice_shortfall:reference_shortfall:{DOC}", "breakeven": f"breakeven:{DOC}",
             "revenue": [f"revenue:{DOC}-F0{i}" for i in (1, 2, 3)]}


def changed(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> set[str]:
    out = set()
    for name in PROCESSED:
        x, y = a[name], b[name]
        if name in KEYS:
            key = KEYS[name]
            xs, ys = x.set_index(key), y.set_index(key)
            for k in sorted(set(xs.index) | set(ys.index)):
                if k not in xs.index or k not in ys.index or not xs.loc[[k]].equals(ys.loc[[k]]):
                    out.add(f"{name}:{k}")
        elif not x.equals(y):
            out.add(name)
    return out


@pytest.fixture(scope="module")
def base():
    return run()


@pytest.mark.parametrize("override,expected", [
    ({"rice_price_usd_per_tonne": 600.0},
     {"inputs:rice_price_usd_per_tonne", "parameters:rice_price_usd_per_tonne",
      "context:rice_value_usd", "context:rice_value_share_of_exports_2023"}),
    ({"n_draws": 500},
     {"montecarlo_summary:p5", "montecarlo_summary:p50", "montecarlo_summary:p95",
      "montecarlo_summary:mean", "montecarlo_summary:prob_meets_claim",
      "montecarlo_summary:n_draws", "montecarlo_hist", "parameters:n_draws"}),
    ({"food_shortfall_tonnes": 1_300_000.0},
     {"inputs:food_shortfall_tonnes", "parameters:food_shortfall_tonnes",
      f"claim_checks:{CHECK_IDS['rice']}", f"check_inputs:{CHECK_IDS['rice']}",
      "context:rice_share_of_reference_shortfall"}),
    ({"grid_pay_step": 500.0}, {"scenarios", "parameters:grid_pay_step"}),
    ({"report_title": "Another title"}, {"parameters:report_title"}),
    # one document: naming it as the model document changes nothing but its parameters row
    ({"model_document": DOC}, {"parameters:model_document", f"model_document:{DOC}"}),
    ({"scenario": "high"},
     {"inputs:troops_headline", "parameters:scenario", "context:revenue_share_of_exports_2023",
      "context:revenue_vs_trade_russia_2023", "sensitivity:monthly_pay_usd",
      "sensitivity:state_share", "sensitivity:troops"}),
    ({"state_share": 0.8},  # the central share: not the Monte Carlo, which draws min..max
     {"inputs:state_share", "parameters:state_share", "scenarios", "cumulative",
      f"claim_checks:{CHECK_IDS['breakeven']}", f"check_inputs:{CHECK_IDS['breakeven']}",
      *(f"claim_checks:{c}" for c in CHECK_IDS["revenue"][1:]),  # F01 "thousands": no number
      *(f"check_inputs:{c}" for c in CHECK_IDS["revenue"]),
      "check_summary",  # 10,000 troops now fall short of the claim
      "context:revenue_share_of_exports_2023", "context:revenue_vs_trade_russia_2023",
      "sensitivity:monthly_pay_usd", "sensitivity:state_share", "sensitivity:troops"}),
])
def test_override_changes_only_its_dependants(base, override, expected):
    assert changed(base, run(**override)) == expected


def test_pay_override_leaves_rice_and_troop_checks_alone(base):
    diff = changed(base, run(monthly_pay_usd=2500.0))
    assert not {d for d in diff if d.startswith(("claim_checks:rice", "claim_checks:troops",
                                                 "claim_checks:attribution", "context:rice",
                                                 "context:troop_estimate"))}
    assert f"claim_checks:{CHECK_IDS['breakeven']}" in diff and "cumulative" in diff
    assert "scenarios" not in diff and "timeline" not in diff


# --- schema violations at the boundary ------------------------------------------------------

def test_bad_value_names_table_and_column(tmp_path):
    ext = extracted_copy(tmp_path)
    df = pd.read_csv(ext / "figures.csv", dtype=str, keep_default_na=False)
    df.loc[1, "value"] = "seven thousand"
    df.to_csv(ext / "figures.csv", index=False)
    with pytest.raises(analyze.StageDataError) as err:
        analyze.run_analysis(ext, EXTERNAL, Params(n_draws=100))
    msg = str(err.value)
    assert msg.startswith("data/extracted/figures.csv: column 'value'")
    assert "seven thousand" in msg and "line 3" in msg


def test_missing_column_names_table_and_column(tmp_path):
    ext = extracted_copy(tmp_path)
    df = pd.read_csv(ext / "figures.csv", dtype=str, keep_default_na=False)
    df.drop(columns=["quantity"]).to_csv(ext / "figures.csv", index=False)
    with pytest.raises(analyze.StageDataError,
                       match=r"^data/extracted/figures.csv: column 'quantity' is missing"):
        analyze.run_analysis(ext, EXTERNAL, Params(n_draws=100))


def test_unknown_quantity_label_is_refused(tmp_path):
    ext = extracted_copy(tmp_path)
    df = pd.read_csv(ext / "figures.csv", dtype=str, keep_default_na=False)
    df.loc[0, "quantity"] = "soldiers"
    df.to_csv(ext / "figures.csv", index=False)
    with pytest.raises(analyze.StageDataError, match=r"column 'quantity'.*soldiers"):
        analyze.run_analysis(ext, EXTERNAL, Params(n_draws=100))


def test_missing_or_empty_files_are_named(tmp_path):
    with pytest.raises(analyze.StageDataError, match="data/extracted/figures.csv: file not found"):
        analyze.run_analysis(tmp_path, EXTERNAL, Params(n_draws=100))
    (tmp_path / "figures.csv").write_text("")
    with pytest.raises(analyze.StageDataError, match="figures.csv: file is empty"):
        analyze.run_analysis(tmp_path, EXTERNAL, Params(n_draws=100))
    ext = extracted_copy(tmp_path / "x")
    with pytest.raises(analyze.StageDataError, match="data/external/context_figures.csv"):
        analyze.run_analysis(ext, tmp_path / "nowhere", Params(n_draws=100))


def test_bad_reference_is_named(tmp_path):
    ext = tmp_path / "external"
    ext.mkdir()
    refs = pd.read_csv(EXTERNAL / "context_figures.csv", dtype=str, keep_default_na=False)
    refs.loc[0, "low"] = "about five"
    refs.to_csv(ext / "context_figures.csv", index=False)
    with pytest.raises(analyze.StageDataError,
                       match=r"^data/external/context_figures.csv: column 'low'"):
        analyze.run_analysis(FIX, ext, Params(n_draws=100))


def test_write_tables_validates(tmp_path):
    tables = run()
    bad = tables["claim_checks"].copy()
    bad.loc[0, "verdict"] = "plausible"
    with pytest.raises(analyze.StageDataError,
                       match=r"^data/processed/claim_checks.csv: column 'verdict'"):
        analyze.write_tables({**tables, "claim_checks": bad}, tmp_path)
    missing = {k: v for k, v in tables.items() if k != "timeline"}
    with pytest.raises(analyze.StageDataError, match="timeline.csv: table not produced"):
        analyze.write_tables(missing, tmp_path)


def test_read_processed_rejects_a_bad_boolean(tmp_path):
    analyze.write_tables(run(), tmp_path)
    path = tmp_path / "scenarios.csv"
    path.write_text(path.read_text().replace(",False,", ",nope,", 1))
    with pytest.raises(analyze.StageDataError,
                       match=r"^data/processed/scenarios.csv: column 'meets_claim'"):
        analyze.read_processed(tmp_path)


def test_documents_csv_needs_only_doc_id_and_reference_date(tmp_path):
    ext = extracted_copy(tmp_path)
    (ext / "documents.csv").write_text("doc_id,reference_date\n000_0699a36f70cc69c0,2024-11-04\n")
    out = analyze.run_analysis(ext, EXTERNAL, Params(n_draws=100))
    assert set(out["troop_estimates"].query("kind == 'article'")["date"]) == {"2024-11-04"}
    (ext / "documents.csv").write_text("doc_id\n000_0699a36f70cc69c0\n")
    with pytest.raises(analyze.StageDataError,
                       match="data/extracted/documents.csv: column 'reference_date' is missing"):
        analyze.run_analysis(ext, EXTERNAL, Params(n_draws=100))
