"""Money figures in US dollars (#12): the rate table, rate selection, conversion, and a
synthetic article through extraction, analysis and the report.

The article texts here are written for these tests; they are not reporting.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest

from nkrussia import analyze, fmt, report
from nkrussia.analyze import currency
from nkrussia.analyze.io import read_table
from nkrussia.params import Params
from nkrussia.schemas import EXTERNAL

from .report_pages import ROOT, render_all, run_report_notebook, visible

EXTERNAL_DIR = ROOT / "data" / "external"
RATES_CSV = EXTERNAL_DIR / "exchange_rates.csv"


def rates_frame(rows: list[dict]) -> pd.DataFrame:
    base = {"organisation": "Test Bank", "source": "test series", "url": "https://example.org",
            "trust": "medium", "note": ""}
    return pd.DataFrame([{**base, **r} for r in rows],
                        columns=list(EXTERNAL["exchange_rates"].columns))


TEST_RATES = currency.Rates.build(rates_frame([
    {"id": "krw_2023", "currency": "KRW", "period": "2023", "units_per_usd": 1300.0},
    {"id": "krw_2024", "currency": "KRW", "period": "2024", "units_per_usd": 1400.0},
    {"id": "krw_2024_11", "currency": "KRW", "period": "2024-11", "units_per_usd": 1390.0},
    {"id": "eur_2024", "currency": "EUR", "period": "2024", "units_per_usd": 0.9},
]))


def fig(unit: str = "KRW", value: float | None = 1.4e12, low: float | None = None,
        high: float | None = None, date_resolved: str | None = None, **extra) -> dict:
    low = value if low is None else low
    high = value if high is None else high
    return {"doc_id": "d", "figure_id": "d-F01", "start": 0, "text": "x", "value": value,
            "low": low, "high": high, "unit": unit, "qualifier": "exact",
            "quantity": "money", "date_resolved": date_resolved, **extra}


# --------------------------------------------------------------------------- the table
def test_the_rate_table_is_valid_cited_and_covers_the_extractors_currencies():
    df = read_table(RATES_CSV, EXTERNAL["exchange_rates"], "data/external/exchange_rates.csv")
    assert df["id"].is_unique
    assert set(df["trust"]) <= {"high", "medium", "medium-low", "low-medium"}
    assert df["url"].str.startswith("https://").all()
    # each row says how its value was got: read from a stored copy of a source, or entered by
    # hand and not verified (never both)
    read = df["note"].str.contains(r"Read from a (?:stored|third-party) copy")
    by_hand = df["note"].str.contains("by hand") & df["note"].str.contains("Not verified")
    assert (read ^ by_hand).all()
    from nkrussia.extract_grammar import CURRENCY_UNITS

    known = set(CURRENCY_UNITS.values()) - {"USD", "KPW"}  # KPW: no published market rate
    for code in known:
        periods = set(df.loc[df["currency"] == code, "period"])
        assert {"2023", "2024", "2025"} <= periods, code
    assert "KPW" not in set(df["currency"])


def test_dollar_per_unit_quotes_are_inverted_and_say_so():
    df = read_table(RATES_CSV, EXTERNAL["exchange_rates"], "x").set_index("id")
    for rid in ("fed_eur_2024", "fed_gbp_2024"):
        usd_per_unit = float(re.search(r"per (?:EUR|GBP): ([\d.]+)", df.loc[rid, "note"])[1])
        assert df.loc[rid, "units_per_usd"] == pytest.approx(1 / usd_per_unit, rel=1e-5)


def test_a_bad_rate_row_is_refused_by_name(tmp_path: Path):
    bad = rates_frame([{"id": "x", "currency": "KRW", "period": "2024-13",
                        "units_per_usd": 1400}])
    bad.to_csv(tmp_path / "exchange_rates.csv", index=False)
    table, problem = analyze.read_rates(tmp_path)
    assert table is None and "column 'period'" in problem


# --------------------------------------------------------------------------- rate choice
@pytest.mark.parametrize(("date", "rate_id", "match"), [
    ("2024-03-05", "krw_2024", "same_period"),      # the year contains the date
    ("2024-11-14", "krw_2024_11", "same_period"),   # a month wins over its year
    ("2024-11", "krw_2024_11", "same_period"),
    ("2024", "krw_2024", "same_period"),            # a date known only to the year
    ("2025-06-01", "krw_2024", "earlier_period"),   # the latest period that ended before
    ("2026", "krw_2024", "earlier_period"),
])
def test_the_rate_is_the_period_containing_the_date_else_the_nearest_earlier(date, rate_id,
                                                                              match):
    rate, how, reason = TEST_RATES.pick("KRW", date)
    assert (rate.id, how, reason) == (rate_id, match, "")


def test_a_rate_is_never_taken_from_a_later_period():
    rate, _, reason = TEST_RATES.pick("KRW", "2022-12-31")
    assert rate is None and "no KRW rate for 2022-12-31 or before" in reason
    assert "2023" in reason


def test_the_figures_own_date_wins_over_the_articles():
    conv = currency.convert(fig(date_resolved="2023-05-01"), TEST_RATES, "2024-11-14")
    assert (conv.rate.id, conv.date, conv.date_basis) == ("krw_2023", "2023-05-01", "figure")
    conv = currency.convert(fig(), TEST_RATES, "2024-11-14")
    assert (conv.rate.id, conv.date_basis) == ("krw_2024_11", "article")


@pytest.mark.parametrize(("f", "article_date", "words"), [
    (fig(unit="KPW"), "2024-11-14", "has no rate for KPW"),
    (fig(unit="CHF"), "2024-11-14", "has no rate for CHF"),
    (fig(), None, "neither the figure nor its article has a date"),
    (fig(), "undated", "neither the figure nor its article has a date"),
])
def test_unknown_currency_and_no_date_are_not_converted_and_say_why(f, article_date, words):
    conv = currency.convert(f, TEST_RATES, article_date)
    assert conv.status == "not_converted" and words in conv.reason
    assert conv.usd_value is None and conv.usd_unit is None and conv.rate is None
    assert currency.usd_point({**f, "_conv": conv}) is None  # never used as dollars


def test_without_a_rate_table_nothing_is_converted_and_the_reason_names_the_file():
    conv = currency.convert(fig(), currency.Rates.build(None), "2024-11-14")
    assert conv.status == "not_converted"
    assert "data/external/exchange_rates.csv is missing" in conv.reason


# --------------------------------------------------------------------------- conversion
def test_a_range_per_month_is_converted_bound_by_bound_and_keeps_its_period():
    f = fig(unit="KRW/month", value=2.1e6, low=1.4e6, high=2.8e6)
    conv = currency.convert(f, TEST_RATES, "2024-06-01")
    assert conv.status == "converted" and conv.usd_unit == "USD/month"
    assert (conv.usd_low, conv.usd_value, conv.usd_high) == pytest.approx((1000, 1500, 2000))
    view = currency.usd_view({**f, "_conv": conv})
    assert (view["value"], view["unit"], view["_orig"]["unit"]) == (
        pytest.approx(1500), "USD/month", "KRW/month")


def test_per_year_and_open_bounds():
    conv = currency.convert(fig(unit="EUR/year", value=9e6, high=math.nan), TEST_RATES, "2024")
    assert conv.usd_unit == "USD/year" and conv.usd_value == pytest.approx(1e7)
    assert conv.usd_high is None  # "over €9 million": no upper bound, none invented


def test_us_dollars_pass_unchanged_and_other_units_are_not_money():
    conv = currency.convert(fig(unit="USD/month", value=2000), TEST_RATES, None)
    assert (conv.status, conv.usd_value, conv.usd_unit, conv.rate) == (
        "usd", 2000, "USD/month", None)
    assert currency.convert(fig(unit="troops", value=10_000), TEST_RATES, None) is None
    assert currency.convert(fig(unit="tonnes", value=1), TEST_RATES, None) is None


def test_rates_read_as_they_are_quoted():
    assert fmt.fx_rate(1363.98, "KRW") == "1,363.98 ₩/$"
    assert fmt.fx_rate(1 / 1.0824, "EUR") == "$1.0824/€"
    assert fmt.fx_rate(40.15, "UAH") == "40.15 UAH/$"
    assert fmt.usd_amount(8.8e8, "USD/year") == "$880 million a year"
    assert fmt.usd_amount(1500, "USD/month", 1000, 2000) == "$1,000–$2,000 a month"


# --------------------------------------------------------------------------- end to end
ARTICLE = """Seoul, 14 November 2024. Officials in Seoul said the North may earn \
₩1.2 trillion a year from the troops it sent to Russia, according to the National \
Intelligence Service.
A European institute said Moscow had pledged €20 million in aid to Pyongyang.
Each soldier is paid about 2 million won a month, the agency said.
About 10,000 soldiers have been deployed, officials said.
"""


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> dict:
    from nkrussia.extract import extract_documents, write_extraction

    tmp = tmp_path_factory.mktemp("currency")
    (tmp / "fx_article.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp / "fx_article.yaml").write_text("published: 2024-11-14\ntitle: A won and euro test\n"
                                         "outlet: Test Wire\n", encoding="utf-8")
    data = tmp / "data"
    write_extraction(extract_documents([tmp / "fx_article.txt"], n_process=1),
                     data / "extracted")
    tables = analyze.run_analysis(data / "extracted", EXTERNAL_DIR, Params(n_draws=500))
    analyze.write_tables(tables, data / "processed")
    figures = pd.read_csv(data / "extracted" / "figures.csv", dtype=str)
    by_text = {t: fid for t, fid in zip(figures["text"], figures["figure_id"], strict=True)}
    return {"data": data, "tables": tables, "ids": by_text}


def test_extraction_keeps_the_currencies(synthetic):
    conv = synthetic["tables"]["conversions"].set_index("text")
    assert conv.loc["₩1.2 trillion", "unit"] == "KRW/year"
    assert conv.loc["€20 million", "unit"] == "EUR"


def test_the_analysis_converts_with_the_rate_of_the_articles_year(synthetic):
    conv = synthetic["tables"]["conversions"].set_index("text")
    won, euro = conv.loc["₩1.2 trillion"], conv.loc["€20 million"]
    assert (won["status"], won["rate_id"], won["date"], won["date_basis"]) == (
        "converted", "bok_krw_2024", "2024-11-14", "article")
    assert won["usd_value"] == pytest.approx(1.2e12 / 1363.98)
    assert won["usd_unit"] == "USD/year"
    assert euro["rate_id"] == "fed_eur_2024"
    assert euro["usd_value"] == pytest.approx(20e6 * 1.0820, rel=1e-5)


def test_model_inputs_use_dollars_and_say_they_were_converted(synthetic):
    inputs = synthetic["tables"]["inputs"].set_index("input")
    pay, claim = inputs.loc["monthly_pay_usd"], inputs.loc["revenue_claim_usd"]
    assert pay["value"] == pytest.approx(2e6 / 1363.98)
    assert (pay["unit"], pay["original_unit"], pay["rate_id"]) == (
        "USD/month", "KRW/month", "bok_krw_2024")
    assert claim["value"] == pytest.approx(1.2e12 / 1363.98)
    assert (claim["original_unit"], claim["rate_id"]) == ("KRW/year", "bok_krw_2024")
    # a pay of two million won a month is judged against the dollar bounds: not flagged
    assert synthetic["tables"]["flags"].empty


def test_the_claim_check_compares_in_dollars(synthetic):
    checks = synthetic["tables"]["claim_checks"].set_index("kind")
    rev = checks.loc["revenue"]
    assert rev["claimed_value"] == 1.2e12 and rev["claimed_unit"] == "KRW/year"
    assert rev["claimed_usd_value"] == pytest.approx(1.2e12 / 1363.98)
    # 10,000 × $1,466 × 12 ≈ $176 million, short of the ≈ $880 million claimed
    assert rev["recomputed_value"] == pytest.approx(10_000 * 2e6 / 1363.98 * 12)
    assert (rev["verdict"], rev["reason"]) == ("inconsistent", "below_claim")
    est = synthetic["tables"]["estimates"].set_index("unit")
    assert est.loc["KRW/year", "usd_value"] == pytest.approx(1.2e12 / 1363.98)


def test_the_report_shows_the_original_and_the_converted_amount(synthetic):
    r = report.open_report(synthetic["data"], root=ROOT)
    out = render_all(r, title="Currency test")
    won = ("₩1.2 trillion (≈ $880 million a year at 1,363.98 ₩/$, Bank of Korea 2024 "
           "average note")
    euro = "€20 million (≈ $21.6 million at $1.0820/€, US Federal Reserve 2024 average note"
    figures_text = visible(out["figures"])
    assert won in figures_text and euro in figures_text
    assert won in visible(out["claims"])
    assert won in visible(out["findings"])
    assert "≈ $1,466 a month at 1,363.98 ₩/$" in visible(out["inputs"])
    # the working of the check quotes the claim in dollars, never the won number as dollars
    assert "$1.2 trillion" not in visible("".join(out.values()))
    sources = visible(out["sources"])
    assert "Bank of Korea: “Bank of Korea Economic Statistics System (ECOS)" in sources
    assert "https://ecos.bok.or.kr/" in sources and "check against the cited source" in sources
    # the euro's 2024 rate was read from a copy of the Fed's FRED series AEXUSEU (README)
    assert "/datasets/pi-officeqa-pro-v2/documents/fred__aexuseu.txt" in sources


def test_the_report_says_when_a_figure_is_not_converted(synthetic, tmp_path: Path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(synthetic["data"], data)
    conv = pd.read_csv(data / "processed" / "conversions.csv", dtype=str)
    euro = conv["text"] == "€20 million"
    conv.loc[euro, ["status", "reason"]] = ["not_converted", "no rate for the test"]
    conv.loc[euro, ["usd_value", "usd_low", "usd_high", "usd_unit", "rate_id"]] = None
    conv.to_csv(data / "processed" / "conversions.csv", index=False)
    out = render_all(report.open_report(data, root=ROOT), title="Currency test")
    assert "€20 million (not converted to US dollars: no rate for the test)" in visible(
        out["figures"])


def test_the_report_notebook_shows_the_conversion(synthetic, tmp_path: Path):
    """The real notebook under papermill on the synthetic tables, exported to HTML."""
    html = run_report_notebook(synthetic["data"], tmp_path, "Currency test")
    text = visible(Path(html).read_text(encoding="utf-8"))
    assert "₩1.2 trillion (≈ $880 million a year at 1,363.98 ₩/$, Bank of Korea 2024" in text
    assert "€20 million (≈ $21.6 million at $1.0820/€" in text


def test_a_pay_in_a_currency_without_a_rate_leaves_the_input_missing_and_says_why(tmp_path):
    from nkrussia.extract import extract_documents, write_extraction

    (tmp_path / "kpw.txt").write_text(
        "Pyongyang, 2 March 2025. Each soldier is paid 2,000,000 KPW a month, officials said. "
        "About 3,000 soldiers have been deployed, officials said. The deployment earns the "
        "North $100 million a year, officials said.\n", encoding="utf-8")
    data = tmp_path / "data"
    write_extraction(extract_documents([tmp_path / "kpw.txt"], n_process=1), data / "extracted")
    tables = analyze.run_analysis(data / "extracted", EXTERNAL_DIR, Params(n_draws=200))
    pay = tables["inputs"].set_index("input").loc["monthly_pay_usd"]
    assert (pay["origin"], pay["rule"]) == ("missing", "not_converted")
    conv = tables["conversions"].set_index("figure_id").loc[pay["figure_id"]]
    assert conv["status"] == "not_converted" and "no rate for KPW" in conv["reason"]
    analyze.write_tables(tables, data / "processed")
    out = render_all(report.open_report(data, root=ROOT), title="Currency test")
    text = visible(out["inputs"])
    assert "not converted to US dollars: data/external/exchange_rates.csv has no rate for KPW" \
        in text
    assert "a currency that could not be converted to US dollars" in text
    # the claim check that needs the pay says the article gives it only in that currency
    claims = visible(out["claims"])
    assert "gives its pay per soldier only as 2,000,000 KPW (not converted to US dollars" in claims
