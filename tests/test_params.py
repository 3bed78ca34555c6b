"""The parameter schema and its errors: one clear line, exit 2, and no notebook started."""

from __future__ import annotations

import pytest

from nkrussia import params as P

from .conftest import run_cli


def test_defaults_validate_and_articles_fill_the_none_defaults():
    prm = P.validate({})
    assert prm.troops_low is None and prm.monthly_pay_usd is None
    assert prm.months == 12 and prm.random_seed == 20241104


def test_cli_values_parse_with_yaml_rules():
    prm = P.resolve(overrides=["monthly_pay_usd=2500", "troops_low=5000", "scenario=high"])
    assert (prm.monthly_pay_usd, prm.troops_low, prm.scenario) == (2500.0, 5000, "high")


def test_model_document_is_text_and_automatic_by_default():
    assert P.validate({}).model_document == ""
    # text stays text on the command line: a doc_id of digits, or empty for automatic
    for raw, value in [("a03_pay_and_revenue", "a03_pay_and_revenue"), ("001", "001"),
                       ("", ""), ("2024-11-04", "2024-11-04")]:
        assert P.resolve(overrides=[f"model_document={raw}"]).model_document == value
    row = {r["name"]: r for r in P.table()}["model_document"]
    assert (row["type"], row["default"], row["origin"], row["notebooks"]) == (
        "str", "''", "assumption", "02_analyze")
    assert "automatic" in row["description"]
    assert P.stage_defaults(P.ANALYZE)["model_document"] == ""
    with pytest.raises(P.ParamError, match="parameter 'model_document': expected text, got 1"):
        P.validate({"model_document": 1})  # in a YAML file, quote a doc_id of digits


def test_files_then_overrides(tmp_path):
    base = tmp_path / "a.yaml"
    base.write_text("months: 6\nstate_share: 0.5\n")
    extra = tmp_path / "b.yaml"
    extra.write_text("months: 9\n")
    prm = P.resolve(base, [extra], ["state_share=0.7"])
    assert (prm.months, prm.state_share) == (9, 0.7)


@pytest.mark.parametrize("values, message", [
    ({"troop_low": 5}, "unknown parameter 'troop_low'; did you mean 'troops_low'?"),
    ({"montly_pay": 5}, "did you mean 'monthly_pay_usd'?"),
    ({"troops_low": "many"}, "parameter 'troops_low': expected an integer in [1, 1,000,000], "
                             "got 'many'"),
    ({"state_share": 1.5}, "parameter 'state_share': expected a number in [0, 1], got 1.5"),
    ({"months": 6.5}, "parameter 'months': expected an integer in [1, 12], got 6.5"),
    ({"scenario": "mid"}, "parameter 'scenario': expected one of 'low', 'central', 'high'"),
    ({"troops_low": 9000, "troops_high": 100}, "troops_low (9000) must not exceed troops_high"),
    ({"n_draws": -1}, "parameter 'n_draws': expected an integer"),
])
def test_bad_values_give_one_clear_line(values, message):
    with pytest.raises(P.ParamError) as info:
        P.validate(values)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_table_lists_every_parameter_with_range_and_notebooks():
    rows = {r["name"]: r for r in P.table()}
    assert set(rows) == set(P.names())
    assert rows["state_share"]["range"] == "[0, 1]"
    assert rows["troops_low"]["default"] == "(from article)"
    assert all(r["description"] and r["notebooks"] for r in rows.values())


@pytest.mark.parametrize("args, message", [
    (["-p", "troop_low=5000"], "unknown parameter 'troop_low'; did you mean 'troops_low'?"),
    (["-p", "monthly_pay_usd=lots"], "parameter 'monthly_pay_usd': expected a number"),
    (["-p", "state_share=2"], "parameter 'state_share': expected a number in [0, 1], got 2"),
    (["-p", "months"], "-p expects NAME=VALUE"),
    (["--params", "missing.yaml"], "params file 'missing.yaml' not found"),
])
def test_run_with_a_bad_parameter_exits_2_before_any_notebook(project, args, message):
    result = run_cli(project, "run", *args)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    # papermill writes executed copies under build/: none may exist.
    assert not list(project.glob("build/**/*.ipynb"))
    assert not (project / "report").exists()


def test_bad_value_in_params_yaml_exits_2(project):
    (project / "params.yaml").write_text("state_share: high\n")
    result = run_cli(project, "run")
    assert result.returncode == 2
    assert "parameter 'state_share': expected a number in [0, 1], got 'high'" in result.stderr


def test_params_command_prints_the_table(project):
    result = run_cli(project, "params")
    assert result.returncode == 0
    for name in P.names():
        assert name in result.stdout
    assert "NAME" in result.stdout and "RANGE" in result.stdout and "NOTEBOOKS" in result.stdout


def test_unknown_model_document_stops_the_run_with_one_line(project):
    # which documents exist is known only after extraction: the analysis stage refuses it
    # (exit 2, bad input, like every other bad parameter)
    result = run_cli(project, "run", "-p", "model_document=a03_pay_and_revenue")
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.strip().splitlines() == [
        "nkrussia: error: model_document 'a03_pay_and_revenue' is not among the articles; "
        "known doc_ids: 000_0699a36f70cc69c0 (found by 02_analyze.ipynb); nothing was "
        "published"]
    assert not (project / "report").exists()


def test_a_number_in_exponent_form_is_a_number():
    # YAML 1.1 reads 2e3 (no dot) as text; on the command line it is the number it looks like
    prm = P.resolve(overrides=["monthly_pay_usd=2e3", "rice_price_usd_per_tonne=5.1E2"])
    assert (prm.monthly_pay_usd, prm.rice_price_usd_per_tonne) == (2000.0, 510.0)
    with pytest.raises(P.ParamError, match="expected an integer"):
        P.resolve(overrides=["months=1e1"])  # an integer parameter wants an integer


def test_negative_zero_is_zero():
    import math

    for source in (P.resolve(overrides=["state_share=-0.0"]), P.validate({"state_share": -0.0}),
                   P.from_notebook({"state_share": -0.0}, P.ANALYZE)):
        assert source.state_share == 0.0 and math.copysign(1, source.state_share) == 1.0


@pytest.mark.parametrize("make, message", [
    (lambda d: d, "is a folder, not a YAML file"),
    (lambda d: d / "missing.yaml", "not found"),
    (lambda d: [(d / "x.yaml").write_bytes(b"\xff\xfe"), d / "x.yaml"][1], "is not UTF-8 text"),
])
def test_a_params_file_that_cannot_be_used_is_named(tmp_path, make, message):
    with pytest.raises(P.ParamError, match=message):
        P.read_yaml(make(tmp_path))
