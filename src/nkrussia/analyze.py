"""Stage 02: turns extracted figures and reference context into the processed tables."""

# How inputs are resolved (the rule the report quotes)
# ----------------------------------------------------
# Inputs are found among the extracted figures by their `quantity` label, never by position.
# * The model document. The corpus-wide model (inputs.csv, scenarios, cumulative, Monte
#   Carlo, sensitivity, context) is built from ONE document's own figures plus the
#   parameters, never from figures pooled across documents. It is the document named by the
#   parameter `model_document`; by default ('') the document whose own figures resolve the
#   most of troops_low, troops_high, monthly_pay_usd and revenue_claim_usd (counted with the
#   claim checks' per-document resolution, _doc_resolve: inputs of origin `article`), ties
#   to the first doc_id. The documents are the doc_ids of figures.csv and documents.csv. A
#   `model_document` that is none of them is a ParamError listing the known doc_ids. With
#   one document it is that document and nothing changes. With several, every article
#   input's note ends `from document <doc_id> (<figure_id>), the model document, <how it was
#   chosen and how many of the 4 inputs it gives>; other documents, not used in the model:
#   <doc_id> (<n> of 4), …`, a missing input's note names a document that gives it (not
#   used), and parameters.csv lists model_document with the chosen doc_id (origin
#   `assumption` when automatic, `parameter` when set).
# * Article-backed parameters (troops_low, troops_high, monthly_pay_usd; schema default None):
#   a value set by the user wins (origin `parameter`); else the model document's figure is
#   used (origin `article`, with figure_id, doc_id, source and text); else the input is
#   `missing`, and every output needing it is reported as not computed / `not checkable` with
#   the reason while the rest still runs.
#   - troops_low  = its lowest troop estimate (low bound, else value),
#   - troops_high = its highest one (high bound, else value), over the labels in
#     nkrussia.vocab.TROOP_QUANTITIES. Vague figures ("thousands") give no number.
#   - monthly_pay_usd = its first pay_per_soldier_month figure (by offset); a
#     pay_per_soldier_year figure divided by 12 if there is none.
# * Claims (annual_revenue, rice_supplied, share_of_food_gap) always come from the articles:
#   they are what is checked, so they are never parameters (the model document's first
#   figure, by offset).
# * Reference-backed parameters (rice_price_usd_per_tonne, food_shortfall_tonnes) have origin
#   `reference` (with their row id in context_figures.csv) while they equal their default, and
#   `parameter` once the user changes them. Assumptions are `assumption` or `parameter` likewise.
# * The headline troop count follows `scenario`: low, high, or central = midpoint of low and
#   high, rounded half up.
# * These inputs feed the corpus-wide model (scenarios, Monte Carlo, context). The claim
#   checks instead resolve the inputs per document (same rule, on that document's figures
#   only, plus parameters): a claim is never checked with another document's troops or pay
#   (see _checks_by_document). troops_range_vs_reference is per document too when there are
#   several (`troops_range_vs_reference:<doc_id>`); only the fallback rows when no document
#   makes a claim read a resolution over all figures.
#
# Verdicts: a claim becomes an interval (qualifier `over`/`more_than` → (x, ∞), `at_least` →
# [x, ∞), `up_to` → [0, x], `range` → [low, high], `approximately`/`exact` → x ± 10 %, since
# stated figures are rounded; `vague` → not checkable). A recomputation inside the interval is
# `consistent`, outside `inconsistent`; lacking an input it is `not checkable`.
# Attribution: when a reference row gives the article's troop figure but names a different
# organisation than the article's source, the verdict is `not checkable` — two secondary
# sources disagreeing on who said it neither confirms nor refutes the article — and the
# explanation and context.csv name both.
# Cumulative revenue runs over a fixed horizon of CUMULATIVE_MONTHS (24) months.

from __future__ import annotations

import math
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from nkrussia import params as params_mod
from nkrussia.errors import StageDataError
from nkrussia.params import Params
from nkrussia.schemas import BOOL, EXTERNAL, EXTRACTED, PROCESSED, kinds
from nkrussia.vocab import TROOP_QUANTITIES

TOLERANCE = 0.10  # relative tolerance for `approximately` / `exact` figures and troop matches
CUMULATIVE_MONTHS = 24  # horizon of cumulative.csv: two years of deployment
HIST_BINS = 40  # montecarlo_hist.csv bins over [lowest, highest] possible revenue
FLOAT_FORMAT = "%.12g"  # processed CSVs: 12 significant digits, byte-stable
REF_FILES = ("context_figures.csv", "README.md")

# reference-backed parameters -> their row in context_figures.csv
REF_PARAMS = {
    "rice_price_usd_per_tonne": "rice_price_thai_2024_11",
    "food_shortfall_tonnes": "food_shortfall_wi",
}
ASSUMPTION_INPUTS = ("months", "state_share", "state_share_min", "state_share_max", "pay_spread")
LOWER_BOUNDED = ("over", "more_than", "at_least")
REVENUE_PARAMS = ["monthly_pay_usd", "months", "state_share"]
TROOP_PARAMS = ["troops_low", "troops_high"]

NO_PAY = "the article gives no pay per soldier; set monthly_pay_usd to model revenue"
NO_TROOPS = "the article gives no troop number; set troops_low and troops_high to model revenue"


# --------------------------------------------------------------------------------------------
# reading and writing tables
# --------------------------------------------------------------------------------------------

def _schema_message(label: str, exc: pa.errors.SchemaErrors | pa.errors.SchemaError) -> str:
    if isinstance(exc, pa.errors.SchemaErrors):
        cases = exc.failure_cases
        first = cases.iloc[0]
        column, check, case, index = (first.get(k) for k in ("column", "check", "failure_case",
                                                              "index"))
        if check == "column_in_dataframe" or column is None or pd.isna(column):
            return f"{label}: column '{case}' is missing"
        where = "" if index is None or pd.isna(index) else f" (line {int(index) + 2})"
        extra = len(cases.drop_duplicates(["column", "index"])) - 1
        more = f"; {extra} more failure(s)" if extra > 0 else ""
        return f"{label}: column '{column}' fails {check}: got {case!r}{where}{more}"
    return f"{label}: {exc}"


def validate(df: pd.DataFrame, schema: pa.DataFrameSchema, label: str) -> pd.DataFrame:
    """Validate (and coerce) a table; any violation raises StageDataError naming table/column."""
    missing = [c for c, col in schema.columns.items() if col.required and c not in df.columns]
    if missing:
        raise StageDataError(f"{label}: column '{missing[0]}' is missing")
    try:
        out = schema.validate(df, lazy=True)
    except (pa.errors.SchemaErrors, pa.errors.SchemaError) as exc:
        raise StageDataError(_schema_message(label, exc)) from None
    return out.reset_index(drop=True)


def _parse_bools(df: pd.DataFrame, schema: pa.DataFrameSchema, label: str) -> pd.DataFrame:
    truth = {"true": True, "false": False}
    for name, kind in kinds(schema).items():
        if kind != BOOL or name not in df.columns:
            continue
        raw = df[name]
        bad = raw.notna() & ~raw.astype(str).str.lower().isin(list(truth))
        if bad.any():
            line = int(bad.idxmax()) + 2
            raise StageDataError(
                f"{label}: column '{name}' expects True/False, got {raw[bad].iloc[0]!r} "
                f"(line {line})"
            )
        df[name] = raw.map(lambda v: pd.NA if pd.isna(v) else truth[str(v).lower()]).astype(
            "boolean")
    return df


def read_table(path: Path, schema: pa.DataFrameSchema, label: str) -> pd.DataFrame:
    """Read one CSV as text, then coerce and validate it against its schema."""
    if not path.is_file():
        raise StageDataError(f"{label}: file not found ({path})")
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""],
                         encoding="utf-8")
    except pd.errors.EmptyDataError:
        raise StageDataError(f"{label}: file is empty (no header row)") from None
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise StageDataError(f"{label}: not a readable UTF-8 CSV: {exc}".splitlines()[0]) from None
    return validate(_parse_bools(df, schema, label), schema, label)


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path) -> list[Path]:
    """Validate each processed table, then write `<name>.csv` byte-deterministically."""
    out_dir.mkdir(parents=True, exist_ok=True)
    unknown = sorted(set(tables) - set(PROCESSED))
    if unknown:
        raise StageDataError(f"unknown processed table(s): {', '.join(unknown)}")
    written = []
    for name in PROCESSED:
        if name not in tables:
            raise StageDataError(f"data/processed/{name}.csv: table not produced")
        label = f"data/processed/{name}.csv"
        df = validate(tables[name], PROCESSED[name], label)
        path = out_dir / f"{name}.csv"
        text = df.to_csv(index=False, lineterminator="\n", float_format=FLOAT_FORMAT)
        path.write_bytes(text.encode("utf-8"))
        written.append(path)
    return written


def read_processed(processed_dir: Path) -> dict[str, pd.DataFrame]:
    """Read and validate every processed table (what the report stage calls)."""
    return {
        name: read_table(processed_dir / f"{name}.csv", schema, f"data/processed/{name}.csv")
        for name, schema in PROCESSED.items()
    }


def read_extracted(extracted_dir: Path, names: tuple[str, ...] = ("figures",)) -> dict:
    """Read and validate the extracted tables the analysis needs (documents.csv if present)."""
    out = {
        name: read_table(extracted_dir / f"{name}.csv", EXTRACTED[name],
                         f"data/extracted/{name}.csv")
        for name in names
    }
    docs = extracted_dir / "documents.csv"
    out["documents"] = (
        read_table(docs, EXTRACTED["documents"], "data/extracted/documents.csv")
        if docs.is_file() else None
    )
    return out


def read_reference(external_dir: Path) -> pd.DataFrame:
    return read_table(external_dir / "context_figures.csv", EXTERNAL["context_figures"],
                      "data/external/context_figures.csv")


def copy_external(reference_dir: Path, external_dir: Path) -> list[Path]:
    """Copy context_figures.csv and its README.md byte-for-byte into data/external/."""
    external_dir.mkdir(parents=True, exist_ok=True)
    out = []
    for name in REF_FILES:
        src = reference_dir / name
        if not src.is_file():
            raise StageDataError(f"reference file not found: {src}")
        dst = external_dir / name
        dst.write_bytes(src.read_bytes())
        shutil.copymode(src, dst)
        out.append(dst)
    return out


# --------------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------------

def _num(x: Any) -> float | None:
    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA:
        return None
    return float(x)


def _txt(x: Any) -> str | None:
    if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return None
    return str(x)


def _point(fig: pd.Series) -> float | None:
    for key in ("value", "low", "high"):
        if _num(fig[key]) is not None:
            return _num(fig[key])
    return None


def _lower(fig: pd.Series) -> float | None:
    return _num(fig["low"]) if _num(fig["low"]) is not None else _point(fig)


def _upper(fig: pd.Series) -> float | None:
    return _num(fig["high"]) if _num(fig["high"]) is not None else _point(fig)


def _n(x: float | None) -> str:
    """A number for prose: 7,000 / 0.5 / 1,234.5."""
    if x is None:
        return "n/a"
    if float(x).is_integer():
        return f"{x:,.0f}"
    return f"{x:,.4g}" if abs(x) < 1000 else f"{x:,.1f}"


def _usd(x: float | None) -> str:
    if x is None:
        return "n/a"
    if abs(x) >= 1e6:
        return f"${x / 1e6:,.4g}M"
    return f"${_n(x)}"


def _mt(x: float) -> str:
    return f"{x / 1e6:.4g} Mt"


def _join(items: list[str | None]) -> str | None:
    seen = []
    for item in items:
        if item and item not in seen:
            seen.append(item)
    return ";".join(seen) if seen else None


def _short_id(fid: str) -> str:
    return fid.rsplit("-", 1)[-1] if "-" in fid else fid


def _interval(fig: pd.Series) -> tuple[float, float, bool] | None:
    """A claim figure as (lo, hi, strict_lo); None when it gives no number (vague)."""
    q = _txt(fig["qualifier"]) or "exact"
    lo, hi, val = _num(fig["low"]), _num(fig["high"]), _num(fig["value"])
    if q == "vague":
        return None
    if q in LOWER_BOUNDED:
        base = lo if lo is not None else val
        return None if base is None else (base, math.inf, q != "at_least")
    if q == "up_to":
        base = hi if hi is not None else val
        return None if base is None else (0.0, base, False)
    if q == "range" and lo is not None and hi is not None:
        return (lo, hi, False)
    base = val if val is not None else _point(fig)
    if base is None:
        return None
    return (base * (1 - TOLERANCE), base * (1 + TOLERANCE), False)


def _inside(x: float, iv: tuple[float, float, bool]) -> bool:
    lo, hi, strict = iv
    return (x > lo if strict else x >= lo) and x <= hi


def _overlaps(a_lo: float, a_hi: float, iv: tuple[float, float, bool]) -> bool:
    lo, hi, strict = iv
    return (a_hi > lo if strict else a_hi >= lo) and a_lo <= hi


def _iv_text(iv: tuple[float, float, bool], fmt: Callable[[float], str]) -> str:
    lo, hi, strict = iv
    if hi == math.inf:
        return f"{'>' if strict else '≥'} {fmt(lo)}"
    if lo == 0:
        return f"≤ {fmt(hi)}"
    return f"{fmt(lo)}–{fmt(hi)}"


def _date_iso(text: str | None) -> str | None:
    if not text:
        return None
    m = re.match(r"^(\d{4}-\d{2}(?:-\d{2})?)", text.strip())
    return m.group(1) if m else None


_STOP = {"the", "of", "and", "from", "sources", "source", "according", "to", "via", "citing",
         "a", "an", "s", "report", "reports", "said", "says"}
_COUNTRIES = {"south", "north", "korea", "ukrai", "russi", "us", "u", "unite", "state", "ameri",
              "japan", "china", "chine", "pyong", "seoul", "kyiv", "mosco", "washi"}


_ALIASES = {"pentagon": "us department of defense", "nis": "national intelligence service",
            "hur": "ukraine defence intelligence", "gur": "ukraine defence intelligence",
            "jcs": "joint chiefs of staff"}


def _words(text: str) -> set[str]:
    words = re.findall(r"[a-z]+", text.lower())
    words = [x for w in words for x in _ALIASES.get(w, w).split()]
    return {w[:5] for w in words if w not in _STOP}


def _same_source(article_source: str | None, organisation: str) -> bool:
    """Heuristic: same body if no conflicting country words and ≥ 1 shared other word.

    "South Korean intelligence" matches "South Korea National Intelligence Service" but not
    "Ukraine Defence Intelligence (HUR)" (other country) nor "US Department of Defense".
    """
    if not article_source:
        return False
    a, b = _words(article_source), _words(organisation)
    ca, cb = a & _COUNTRIES, b & _COUNTRIES
    if ca and cb and not ca & cb:
        return False
    return len((a - _COUNTRIES) & (b - _COUNTRIES)) >= 1


# --------------------------------------------------------------------------------------------
# input resolution
# --------------------------------------------------------------------------------------------

def _sorted_figures(figures: pd.DataFrame) -> pd.DataFrame:
    return figures.sort_values(["doc_id", "start", "figure_id"], kind="mergesort").reset_index(
        drop=True)


def _fig_row(name: str, value: float | None, fig: pd.Series, unit: str, note: str | None = None,
             low: float | None = None, high: float | None = None) -> dict:
    return {
        "input": name, "value": value, "low": low, "high": high, "unit": unit,
        "origin": "article", "figure_id": fig["figure_id"], "doc_id": fig["doc_id"],
        "source": _txt(fig["source"]), "text": fig["text"], "note": note, "_fig": fig,
    }


def _plain_row(name: str, value: float | None, origin: str, unit: str | None,
               note: str | None = None, figure_id: str | None = None,
               source: str | None = None) -> dict:
    return {
        "input": name, "value": value, "low": None, "high": None, "unit": unit,
        "origin": origin, "figure_id": figure_id, "doc_id": None, "source": source,
        "text": None, "note": note, "_fig": None,
    }


def _first(figures: pd.DataFrame, quantity: str) -> tuple[pd.Series | None, int]:
    rows = figures[figures["quantity"] == quantity]
    return (rows.iloc[0] if len(rows) else None), len(rows)


def _default(name: str) -> Any:
    return Params.model_fields[name].default


def _resolve(figures: pd.DataFrame, params: Params, refs: pd.DataFrame | None = None,
             strict: bool = True) -> dict[str, dict]:
    """The model inputs from `figures` (the rule at the top). strict=False skips the
    troops_low ≤ troops_high check (used for one document's inputs; the corpus is checked)."""
    figs = _sorted_figures(figures)
    out: dict[str, dict] = {}
    troops = figs[figs["quantity"].isin(TROOP_QUANTITIES)]
    numeric = [(f, _lower(f), _upper(f)) for _, f in troops.iterrows() if _point(f) is not None]

    # troops_low / troops_high
    for name, pick in (("troops_low", 1), ("troops_high", 2)):
        user = getattr(params, name)
        if user is not None:
            out[name] = _plain_row(name, float(user), "parameter", "troops", "set by the user")
        elif numeric:
            best = (min if pick == 1 else max)(numeric, key=lambda t: t[pick])
            bound = "low bound, else value" if pick == 1 else "high bound, else value"
            note = (f"{'lowest' if pick == 1 else 'highest'} of {len(numeric)} troop estimate(s) "
                    f"in the article(s) ({bound})")
            out[name] = _fig_row(name, best[pick], best[0], "troops", note)
        else:
            out[name] = _plain_row(name, None, "missing", "troops", NO_TROOPS)
    lo, hi = out["troops_low"]["value"], out["troops_high"]["value"]
    if strict and lo is not None and hi is not None and lo > hi:
        raise params_mod.ParamError(
            f"troops_low ({_n(lo)}, {out['troops_low']['origin']}) exceeds troops_high "
            f"({_n(hi)}, {out['troops_high']['origin']}); set both")

    # headline troop count
    if lo is None or hi is None:
        out["troops_headline"] = _plain_row("troops_headline", None, "missing", "troops",
                                            NO_TROOPS)
    else:
        value = {"low": lo, "high": hi, "central": math.floor((lo + hi) / 2 + 0.5)}[
            params.scenario]
        origins = {out["troops_low"]["origin"], out["troops_high"]["origin"]}
        # The midpoint is our choice, not a number the article states: label it so.
        if origins != {"article"}:
            origin = "parameter"
        else:
            origin = "article" if params.scenario != "central" else "assumption"
        how = {"low": "troops_low", "high": "troops_high",
               "central": "midpoint of troops_low and troops_high, rounded half up"}
        out["troops_headline"] = _plain_row(
            "troops_headline", float(value), origin, "troops",
            f"scenario={params.scenario}: {how[params.scenario]}")

    # pay
    if params.monthly_pay_usd is not None:
        out["monthly_pay_usd"] = _plain_row("monthly_pay_usd", float(params.monthly_pay_usd),
                                            "parameter", "USD/month", "set by the user")
    else:
        fig, count = _first(figs, "pay_per_soldier_month")
        per_year = False
        if fig is None:
            fig, count = _first(figs, "pay_per_soldier_year")
            per_year = fig is not None
        if fig is None or _point(fig) is None:
            out["monthly_pay_usd"] = _plain_row("monthly_pay_usd", None, "missing", "USD/month",
                                                NO_PAY)
        else:
            value = _point(fig) / 12 if per_year else _point(fig)
            notes = ["yearly pay divided by 12"] if per_year else []
            if count > 1:
                notes.append(f"first of {count} pay figures")
            out["monthly_pay_usd"] = _fig_row("monthly_pay_usd", value, fig, "USD/month",
                                              "; ".join(notes) or None)

    # assumptions
    for name in ASSUMPTION_INPUTS:
        value = getattr(params, name)
        changed = value != _default(name)
        out[name] = _plain_row(name, float(value), "parameter" if changed else "assumption",
                               None, Params.model_fields[name].description)

    # claims: article only
    claims = (
        ("revenue_claim_usd", "annual_revenue", "USD/year",
         "the article gives no annual revenue claim; nothing to check revenue against"),
        ("rice_supplied_tonnes", "rice_supplied", "tonnes",
         "the article gives no rice tonnage; the rice checks are not computed"),
        ("share_of_food_gap", "share_of_food_gap", "fraction",
         "the article gives no share of the food shortage; the rice checks are not computed"),
    )
    for name, quantity, unit, missing in claims:
        fig, count = _first(figs, quantity)
        scale, extra = 1.0, ""
        if fig is None and quantity == "annual_revenue":
            # a monthly revenue claim, annualised like the model (× months)
            fig, count = _first(figs, "monthly_revenue")
            scale, extra = float(params.months), f"; monthly claim × {params.months} months"
        if fig is None or _point(fig) is None:
            out[name] = _plain_row(name, None, "missing", unit, missing)
            continue
        if quantity == "share_of_food_gap" and (
                _txt(fig["unit"]) == "percent" or (_point(fig) or 0) > 1):
            scale, extra = 0.01, "; percent as a fraction"
        value = _num(fig["value"])
        if value is None:
            value = _point(fig)
        low, high = _num(fig["low"]), _num(fig["high"])
        note = f"claim ({_txt(fig['qualifier']) or 'exact'}){extra}"
        if count > 1:
            note += f"; first of {count} {quantity} figures"
        out[name] = _fig_row(name, value * scale, fig, unit, note,
                             low * scale if low is not None else None,
                             high * scale if high is not None else None)
        out[name]["_scale"] = scale

    # reference-backed
    for name, ref_id in REF_PARAMS.items():
        value = getattr(params, name)
        unit = "USD/tonne" if "price" in name else "tonnes/year"
        if value == _default(name):
            org = None
            if refs is not None and ref_id in set(refs["id"]):
                org = refs.set_index("id").loc[ref_id, "organisation"]
            out[name] = _plain_row(name, float(value), "reference", unit,
                                   Params.model_fields[name].description, f"ref:{ref_id}", org)
        else:
            out[name] = _plain_row(name, float(value), "parameter", unit, "set by the user")
    return out


def _doc_ids(figs: pd.DataFrame) -> list[str]:
    return sorted(set(figs["doc_id"].dropna().astype(str)))


def _inputs_frame(res: dict[str, dict]) -> pd.DataFrame:
    cols = list(PROCESSED["inputs"].columns)
    return pd.DataFrame([{k: r[k] for k in cols} for r in res.values()], columns=cols)


def resolve_inputs(figures: pd.DataFrame, params: Params,
                   documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """The inputs table: one row per model input with its value and origin (rule above):
    the model document's own figures plus the parameters."""
    return _inputs_frame(model_inputs(figures, params, None, documents)[0])


def _describe(res: dict[str, dict], name: str, label: str, fmt: Callable = _n) -> str:
    r = res[name]
    where = ""
    if r["origin"] == "article":
        src = f", {r['source']}" if r["source"] else ""
        where = f" (article {_short_id(r['figure_id'])} '{r['text']}'{src})"
    elif r["origin"] == "reference":
        where = f" (reference {r['figure_id'][4:]})"
    else:
        where = f" ({r['origin']})"
    return f"{label} {fmt(r['value'])}{where}"


def _fid(res: dict[str, dict], name: str) -> str | None:
    return res[name]["figure_id"]


def _figs(res: dict[str, dict], *names: str) -> str | None:
    """The figure_ids behind some inputs (those that came from an article), `;`-joined."""
    return _join([res[n]["figure_id"] for n in names if n in res])


# --------------------------------------------------------------------------------------------
# claim checks
# --------------------------------------------------------------------------------------------

def _check(check_id: str, claim: str, verdict: str, explanation: str, *,
           fig: pd.Series | None = None, formula: str | None = None, inputs: str | None = None,
           recomputed: tuple[float | None, float | None, float | None] = (None, None, None),
           figures_used: list[str | None] | None = None,
           params_used: list[str] | None = None) -> dict:
    return {
        "check_id": check_id, "claim": claim,
        "figure_id": fig["figure_id"] if fig is not None else None,
        "doc_id": fig["doc_id"] if fig is not None else None,
        "claimed_value": _num(fig["value"]) if fig is not None else None,
        "claimed_low": _num(fig["low"]) if fig is not None else None,
        "claimed_high": _num(fig["high"]) if fig is not None else None,
        "recomputed_value": recomputed[0], "recomputed_low": recomputed[1],
        "recomputed_high": recomputed[2], "formula": formula, "inputs": inputs,
        "verdict": verdict, "explanation": explanation,
        "figures_used": _join(figures_used or []), "params_used": _join(params_used or []),
    }


def _claim_text(fig: pd.Series) -> str:
    src = _txt(fig["source"])
    return f"'{fig['text']}'" + (f" ({src})" if src else "")


def _revenue_checks(figs: pd.DataFrame, res: dict, params: Params,
                    suffix: str = "") -> list[dict]:
    """Revenue checks of one document's claim with `res`, that document's own inputs (the
    whole corpus when there is a single document); explanations for missing inputs are the
    inputs' notes. `suffix` (`:<doc_id>` with several documents) keeps check_ids unique."""
    rows = []
    claim = res["revenue_claim_usd"]["_fig"]
    pay = res["monthly_pay_usd"]["value"]
    no_pay = res["monthly_pay_usd"]["note"]
    per_soldier = None if pay is None else pay * params.months * params.state_share
    troops = figs[figs["quantity"].isin(TROOP_QUANTITIES)]
    if claim is None:
        return [_check(f"revenue{suffix}", "annual revenue from the deployment", "not checkable",
                       res["revenue_claim_usd"]["note"], params_used=REVENUE_PARAMS)]
    iv = _claim_iv(res)
    claim_label = f"{_claim_text(claim)} annual revenue"
    base_inputs = [_describe(res, "monthly_pay_usd", "pay/month", _usd),
                   f"months {params.months} ({res['months']['origin']})",
                   f"share retained {_n(params.state_share)} ({res['state_share']['origin']})"]
    for _, t in troops.iterrows():
        n = _point(t)
        cid = f"revenue:{t['figure_id']}"
        used = [t["figure_id"], claim["figure_id"], _fid(res, "monthly_pay_usd")]
        t_desc = f"troops {_n(n)} (article {_short_id(t['figure_id'])} '{t['text']}'" + (
            f", {_txt(t['source'])})" if _txt(t["source"]) else ")")
        inputs = "; ".join([t_desc, *base_inputs, f"claim {_claim_text(claim)}"])
        if n is None:
            rows.append(_check(cid, claim_label, "not checkable",
                               f"'{t['text']}' gives no troop number to multiply",
                               fig=claim, inputs=inputs, figures_used=used,
                               params_used=REVENUE_PARAMS))
            continue
        if per_soldier is None:
            rows.append(_check(cid, claim_label, "not checkable", no_pay, fig=claim,
                               inputs=inputs, figures_used=used, params_used=REVENUE_PARAMS))
            continue
        revenue = n * per_soldier
        formula = (f"troops × monthly pay × months × share = {_n(n)} × {_n(pay)} × "
                   f"{params.months} × {_n(params.state_share)} = {_n(revenue)}")
        if iv is None:
            verdict, why = "not checkable", f"the claim '{claim['text']}' gives no number"
        elif _inside(revenue, iv):
            verdict = "consistent"
            why = (f"{_n(n)} troops at {_usd(pay)} a month give {_usd(revenue)} a year, "
                   f"within the claimed {_iv_text(iv, _usd)}")
        else:
            verdict = "inconsistent"
            side = "short of" if revenue < iv[0] or (iv[2] and revenue == iv[0]) else "above"
            why = (f"{_n(n)} troops at {_usd(pay)} a month give {_usd(revenue)} a year, "
                   f"{side} the claimed {_iv_text(iv, _usd)}")
        rows.append(_check(cid, claim_label, verdict, why, fig=claim, formula=formula,
                           inputs=inputs, recomputed=(revenue, None, None), figures_used=used,
                           params_used=REVENUE_PARAMS))

    # break-even troop count
    cid = f"revenue_breakeven{suffix}"
    used = [claim["figure_id"], _fid(res, "monthly_pay_usd"), _fid(res, "troops_low"),
            _fid(res, "troops_high")]
    p_used = REVENUE_PARAMS + TROOP_PARAMS
    label = f"troops needed for {_claim_text(claim)} annual revenue"
    lo_t, hi_t = res["troops_low"]["value"], res["troops_high"]["value"]
    inputs = "; ".join([*base_inputs, f"claim {_claim_text(claim)}",
                        _describe(res, "troops_low", "troops low"),
                        _describe(res, "troops_high", "troops high")])
    if per_soldier is None:
        rows.append(_check(cid, label, "not checkable", no_pay, fig=claim, inputs=inputs,
                           figures_used=used, params_used=p_used))
    elif iv is None or iv[0] <= 0:
        rows.append(_check(cid, label, "not checkable", "the claim sets no minimum revenue",
                           fig=claim, inputs=inputs, figures_used=used, params_used=p_used))
    elif per_soldier == 0:
        rows.append(_check(cid, label, "inconsistent",
                           "with zero pay retained no troop count reaches the claim",
                           fig=claim, inputs=inputs, figures_used=used, params_used=p_used))
    else:
        ratio = iv[0] / per_soldier
        needed = math.floor(ratio) + 1 if iv[2] else math.ceil(ratio)
        op = "floor(claim / (pay × months × share)) + 1" if iv[2] else \
            "ceil(claim / (pay × months × share))"
        formula = (f"{op} = {_n(iv[0])} / ({_n(pay)} × {params.months} × "
                   f"{_n(params.state_share)}) → {_n(needed)}")
        if lo_t is None or hi_t is None:
            no_troops = res["troops_low" if lo_t is None else "troops_high"]["note"]
            verdict, why = "not checkable", f"the claim needs {_n(needed)} troops; {no_troops}"
        elif hi_t >= needed:
            verdict = "consistent"
            why = (f"the claim needs at least {_n(needed)} paid soldiers, within reach of the "
                   f"highest estimate ({_n(hi_t)})")
            if lo_t < needed:
                why += f" but not of the lowest ({_n(lo_t)}): it holds only at the high end"
        else:
            verdict = "inconsistent"
            why = (f"the claim needs at least {_n(needed)} paid soldiers, more than the highest "
                   f"estimate ({_n(hi_t)})")
        rows.append(_check(cid, label, verdict, why, fig=claim, formula=formula, inputs=inputs,
                           recomputed=(float(needed), None, None), figures_used=used,
                           params_used=p_used))
    return rows


def _shortfall_check(cid: str, res: dict, shortfall: float | None, shortfall_desc: str,
                     used_extra: list[str], params_used: list[str], missing: str | None) -> dict:
    rice, share = res["rice_supplied_tonnes"], res["share_of_food_gap"]
    share_fig = share["_fig"]
    label = "share of the annual food shortage covered by the rice"
    if share_fig is not None:
        label = f"rice covers {_claim_text(share_fig)} of the annual food shortage"
    used = [rice["figure_id"], share["figure_id"], *used_extra]
    if rice["_fig"] is None or share_fig is None:
        why = rice["note"] if rice["_fig"] is None else share["note"]
        return _check(cid, label, "not checkable", why, fig=share_fig, figures_used=used,
                      params_used=params_used)
    r_lo = rice["low"] if rice["low"] is not None else rice["value"]
    r_hi = rice["high"] if rice["high"] is not None else rice["value"]
    r_mid = rice["value"]
    iv = _interval(share_fig)
    scale = share.get("_scale", 1.0)
    if iv is not None:
        iv = (iv[0] * scale, iv[1] * scale if iv[1] != math.inf else math.inf, iv[2])
    inputs = "; ".join([_describe(res, "rice_supplied_tonnes", "rice t"),
                        _describe(res, "share_of_food_gap", "share"), shortfall_desc])
    if iv is None or shortfall is None:
        why = missing or f"the claim '{share_fig['text']}' gives no number"
        return _check(cid, label, "not checkable", why, fig=share_fig, inputs=inputs,
                      figures_used=used, params_used=params_used)
    s_lo, s_hi, strict = iv
    if s_hi == math.inf:  # "more than half": the shortfall must be below rice / share
        bounds = (r_mid / s_lo, r_lo / s_lo, r_hi / s_lo)
        implied = f"shortfall {'<' if strict else '≤'} {_mt(bounds[1])}–{_mt(bounds[2])}"
        formula = (f"shortfall < rice / share = {_n(r_lo)}–{_n(r_hi)} t / {_n(s_lo)} = "
                   f"{_mt(bounds[1])}–{_mt(bounds[2])}")
    elif s_lo == 0:  # "up to": the shortfall must be at least rice / share
        bounds = (r_mid / s_hi, r_lo / s_hi, r_hi / s_hi)
        implied = f"shortfall ≥ {_mt(bounds[1])}–{_mt(bounds[2])}"
        formula = f"shortfall ≥ rice / share = {_n(r_lo)}–{_n(r_hi)} t / {_n(s_hi)}"
    else:
        bounds = (r_mid / ((s_lo + s_hi) / 2), r_lo / s_hi, r_hi / s_lo)
        implied = f"shortfall {_mt(bounds[1])}–{_mt(bounds[2])}"
        formula = f"shortfall = rice / share = {_n(r_lo)}–{_n(r_hi)} t / {_n(s_lo)}–{_n(s_hi)}"
    covered_lo, covered_hi = r_lo / shortfall, r_hi / shortfall
    ok = _overlaps(covered_lo, covered_hi, iv)
    cover = f"{_n(r_lo)}–{_n(r_hi)} t cover {covered_lo:.0%}–{covered_hi:.0%} of it"
    if ok:
        why = (f"the claim implies {implied}; {shortfall_desc} is within that, and "
               f"{cover}, matching '{share_fig['text']}'")
    else:
        why = (f"the claim implies {implied}; {shortfall_desc} is not, and {cover}, "
               f"not '{share_fig['text']}'")
    return _check(cid, label, "consistent" if ok else "inconsistent", why, fig=share_fig,
                  formula=formula, inputs=inputs, recomputed=bounds, figures_used=used,
                  params_used=params_used)


def _ref(refs: pd.DataFrame, ref_id: str) -> pd.Series | None:
    rows = refs[refs["id"] == ref_id]
    return rows.iloc[0] if len(rows) else None


def _ref_value(row: pd.Series) -> float | None:
    try:
        return float(row["figure"])
    except ValueError:
        return None


def _rice_checks(res: dict, params: Params, refs: pd.DataFrame,
                 suffix: str = "") -> list[dict]:
    """The rice / food-share checks of one document's claims (see _revenue_checks)."""
    rows = []
    sf = res["food_shortfall_tonnes"]
    desc = f"the reference shortfall of {_mt(sf['value'])} ({sf['origin']}"
    desc += f" {sf['figure_id'][4:]}, {sf['source']})" if sf["origin"] == "reference" else ")"
    rows.append(_shortfall_check(
        f"rice_vs_reference_shortfall{suffix}", res, sf["value"], desc, [sf["figure_id"]],
        ["food_shortfall_tonnes"], None))
    req, prod = _ref(refs, "food_requirement_fao"), _ref(refs, "food_production_2024")
    gap, missing = None, None
    if req is None or prod is None:
        missing = "reference rows food_requirement_fao / food_production_2024 not found"
        desc = "FAO requirement minus RDA production (not available)"
    else:
        gap = (_ref_value(req) - _ref_value(prod)) * 1e6
        desc = (f"the gap between the FAO requirement ({_ref_value(req)} Mt) and the RDA 2024 "
                f"harvest ({_ref_value(prod)} Mt), {_mt(gap)}")
    rows.append(_shortfall_check(
        f"rice_vs_fao_requirement_minus_harvest{suffix}", res, gap, desc,
        ["ref:food_requirement_fao", "ref:food_production_2024"], [], missing))
    return rows


def _troop_refs(refs: pd.DataFrame) -> pd.DataFrame:
    t = refs[refs["topic"] == "troops"].copy()
    t["_value"] = [_ref_value(r) for _, r in t.iterrows()]
    t["_date"] = [_date_iso(_txt(r["refers_to"])) or "" for _, r in t.iterrows()]
    return t.sort_values(["_date", "id"], kind="mergesort")


def _troop_checks(figs: pd.DataFrame, res: dict, refs: pd.DataFrame,
                  params: Params) -> list[dict]:
    rows = []
    trefs = _troop_refs(refs)
    listing = "; ".join(f"{_n(r['_value'])} ({r['organisation']}, {r['refers_to']})"
                        for _, r in trefs.iterrows())
    troops = figs[figs["quantity"].isin(TROOP_QUANTITIES)]
    for _, t in troops.iterrows():
        n = _point(t)
        if n is None:
            continue
        near = trefs[(trefs["_value"] - n).abs() <= TOLERANCE * n]
        used = [t["figure_id"], *(f"ref:{i}" for i in trefs["id"])]
        claim = f"{_claim_text(t)} troops ({t['quantity']})"
        if len(near):
            who = "; ".join(f"{_n(r['_value'])} by {r['organisation']} ({r['refers_to']})"
                            for _, r in near.iterrows())
            verdict, why = "consistent", f"reference estimates within ±{TOLERANCE:.0%}: {who}"
        elif len(trefs):
            verdict = "inconsistent"
            why = f"no reference estimate within ±{TOLERANCE:.0%} of {_n(n)}: {listing}"
        else:
            verdict, why = "not checkable", "no troop estimates in the reference data"
        rows.append(_check(
            f"troops:{t['figure_id']}", claim, verdict, why, fig=t,
            formula=f"|reference − {_n(n)}| ≤ {TOLERANCE:.0%} × {_n(n)}",
            inputs=f"article {_n(n)}; reference estimates: {listing}",
            recomputed=(n, None, None), figures_used=used))

    # each article's range against the whole run of estimates (one document: the bare id)
    if len(_doc_ids(figs)) <= 1:
        rows.append(_range_check("troops_range_vs_reference",
                                 "the article's troop estimates, low to high", res, trefs,
                                 listing))
        return rows
    for doc in _doc_ids(troops):
        own = _resolve(figs[figs["doc_id"] == doc], params, refs, strict=False)
        row = _range_check(f"troops_range_vs_reference:{doc}",
                           f"document {doc}'s troop estimates, low to high", own, trefs,
                           listing)
        row["doc_id"] = doc
        rows.append(row)
    return rows


def _range_check(check_id: str, claim: str, res: dict, trefs: pd.DataFrame,
                 listing: str) -> dict:
    """troops_low–troops_high of ``res`` against the range of the reference estimates."""
    lo, hi = res["troops_low"], res["troops_high"]
    used = [lo["figure_id"], hi["figure_id"], *(f"ref:{i}" for i in trefs["id"])]
    if lo["value"] is None or hi["value"] is None or not len(trefs):
        why = NO_TROOPS if lo["value"] is None else "no troop estimates in the reference data"
        return _check(check_id, claim, "not checkable", why,
                      figures_used=used, params_used=TROOP_PARAMS)
    r_lo, r_hi = float(trefs["_value"].min()), float(trefs["_value"].max())
    ok = lo["value"] >= r_lo * (1 - TOLERANCE) and hi["value"] <= r_hi * (1 + TOLERANCE)
    first = trefs.loc[trefs["_value"].idxmin()]
    last = trefs.loc[trefs["_value"].idxmax()]
    why = (f"{_n(lo['value'])}–{_n(hi['value'])} {'lies within' if ok else 'falls outside'} "
           f"the reference estimates of {_n(r_lo)}–{_n(r_hi)}, from "
           f"{_n(first['_value'])} ({first['organisation']}, {first['refers_to']}) to "
           f"{_n(last['_value'])} ({last['organisation']}, {last['refers_to']})")
    return _check(
        check_id, claim, "consistent" if ok else "inconsistent", why,
        formula="reference min × 0.9 ≤ troops_low and troops_high ≤ reference max × 1.1",
        inputs="; ".join([_describe(res, "troops_low", "troops low"),
                          _describe(res, "troops_high", "troops high"),
                          f"reference estimates: {listing}"]),
        recomputed=(None, r_lo, r_hi), figures_used=used, params_used=TROOP_PARAMS)


def _attributions(figs: pd.DataFrame, refs: pd.DataFrame) -> list[tuple[pd.Series, pd.DataFrame]]:
    """(article troop figure with a source, reference rows giving the same number)."""
    trefs = _troop_refs(refs)
    out = []
    troops = figs[figs["quantity"].isin(TROOP_QUANTITIES)]
    for _, t in troops.iterrows():
        n = _point(t)
        if n is None or not _txt(t["source"]) or _txt(t["qualifier"]) == "vague":
            continue
        out.append((t, trefs[(trefs["_value"] - n).abs() <= 0.005 * n]))
    return out


def _attribution_checks(figs: pd.DataFrame, refs: pd.DataFrame) -> list[dict]:
    rows = []
    for t, same in _attributions(figs, refs):
        n, src = _point(t), _txt(t["source"])
        claim = f"{_n(n)} troops according to {src}"
        used = [t["figure_id"], *(f"ref:{i}" for i in same["id"])]
        formula = "reference rows with the same figure (±0.5%), organisation compared by name"
        if not len(same):
            rows.append(_check(f"attribution:{t['figure_id']}", claim, "not checkable",
                               f"no reference row gives {_n(n)} troops", fig=t,
                               formula=formula, figures_used=used))
            continue
        orgs = "; ".join(f"{r['organisation']} ({r['id']}, {r['reported_by']})"
                         for _, r in same.iterrows())
        matches = [r for _, r in same.iterrows() if _same_source(src, r["organisation"])]
        if matches:
            verdict = "consistent"
            why = (f"the reference also gives {_n(n)} from {matches[0]['organisation']}, "
                   f"a body matching the article's attribution to {src}")
        else:
            verdict = "not checkable"
            why = (f"the reference attributes {_n(n)} to {orgs}, not to {src}; the reference "
                   f"holds no figure of {_n(n)} from {src} to confirm the attribution, and a "
                   f"different attribution elsewhere does not by itself refute it")
        rows.append(_check(f"attribution:{t['figure_id']}", claim, verdict, why, fig=t,
                           formula=formula, inputs=f"article: {_claim_text(t)}; reference: {orgs}",
                           recomputed=(n, None, None), figures_used=used))
    return rows


REVENUE_CLAIMS = ("annual_revenue", "monthly_revenue")
RICE_CLAIMS = ("rice_supplied", "share_of_food_gap")
PAY_FIGURES = ("pay_per_soldier_month", "pay_per_soldier_year")
# input -> (figure quantities that give it, what it is, the parameter that fills the gap)
DOC_INPUTS = {
    "monthly_pay_usd": (PAY_FIGURES, "pay per soldier", "set monthly_pay_usd to check its claim"),
    "troops_low": (TROOP_QUANTITIES, "troop number",
                   "set troops_low and troops_high to check its claim"),
    "troops_high": (TROOP_QUANTITIES, "troop number",
                    "set troops_low and troops_high to check its claim"),
    "revenue_claim_usd": (REVENUE_CLAIMS, "revenue claim", "nothing to check"),
    "rice_supplied_tonnes": (("rice_supplied",), "rice tonnage",
                             "its rice claim is not checked"),
    "share_of_food_gap": (("share_of_food_gap",), "share of the food shortage",
                          "its rice claim is not checked"),
}


CHECKED_ALONE = "a document's claims are checked with its own figures only"
# what fills a gap in the model document (as DOC_INPUTS' third item does for a claim check)
MODEL_FIXES = {
    "monthly_pay_usd": "set monthly_pay_usd to model revenue",
    "troops_low": "set troops_low and troops_high to model revenue",
    "troops_high": "set troops_low and troops_high to model revenue",
    "revenue_claim_usd": "the model has no claim to compare revenue with",
    "rice_supplied_tonnes": "the rice context is not computed",
    "share_of_food_gap": "the model has no food-share claim",
}
MODEL_ALONE = ("the model uses one document's figures only; set model_document to model "
               "another document")


def _elsewhere(figs: pd.DataFrame, doc: str, quantities: tuple[str, ...], what: str,
               why: str = CHECKED_ALONE) -> str:
    """' (another document gives one: …, not used …)' naming the first other document's figure."""
    others = figs[(figs["doc_id"] != doc) & figs["quantity"].isin(quantities)]
    for _, f in others.iterrows():
        if _point(f) is not None:
            return (f" (document {f['doc_id']} gives a {what}, {f['figure_id']} "
                    f"'{f['text']}', not used: {why})")
    return ""


def _note_gaps(res: dict[str, dict], figs: pd.DataFrame, doc: str, fixes: dict[str, str],
               why: str = CHECKED_ALONE, who: str = "document") -> dict[str, dict]:
    """Missing inputs of one document's resolution say so, naming the document, what fills
    the gap, and another document that gives the figure (not used)."""
    own = figs[figs["doc_id"] == doc]
    for name, (quantities, what, _) in DOC_INPUTS.items():
        if res[name]["origin"] != "missing":
            continue
        vague = own[own["quantity"].isin(quantities)]
        if len(vague):  # the document has the figure, but without a number ("thousands")
            f = vague.iloc[0]
            gap = f"{who} {doc} gives no number for its {what} ({f['figure_id']} '{f['text']}')"
        else:
            gap = f"{who} {doc} gives no {what}"
        res[name]["note"] = f"{gap}; {fixes[name]}" + _elsewhere(figs, doc, quantities, what,
                                                                   why)
    return res


def _doc_resolve(figs: pd.DataFrame, doc: str, params: Params,
                 refs: pd.DataFrame | None) -> dict[str, dict]:
    """One document's own inputs (plus the parameters); missing ones say so, naming the
    document, and name another document that gives the figure without using it."""
    res = _resolve(figs[figs["doc_id"] == doc], params, refs, strict=False)
    return _note_gaps(res, figs, doc, {name: v[2] for name, v in DOC_INPUTS.items()})


# --------------------------------------------------------------------------------------------
# the model document
# --------------------------------------------------------------------------------------------

MODEL_INPUTS = ("troops_low", "troops_high", "monthly_pay_usd", "revenue_claim_usd")


def _all_doc_ids(figs: pd.DataFrame, documents: pd.DataFrame | None) -> list[str]:
    """The articles: doc_ids in figures.csv and (when present) documents.csv, sorted."""
    docs = set(_doc_ids(figs))
    if documents is not None and "doc_id" in documents.columns:
        docs |= set(documents["doc_id"].dropna().astype(str))
    return sorted(docs)


def model_document(figures: pd.DataFrame, params: Params, refs: pd.DataFrame | None = None,
                   documents: pd.DataFrame | None = None) -> dict[str, Any]:
    """Which document's own figures feed the corpus-wide model (rule at the top).

    Returns {"doc_id": str | None, "how": "automatic" | "parameter" | None, "docs": all
    doc_ids, "counts": {doc_id: how many of MODEL_INPUTS its own figures give}}. A
    `model_document` naming no known document raises ParamError listing the known ones."""
    figs = _sorted_figures(figures)
    docs = _all_doc_ids(figs, documents)
    counts = {doc: sum(_doc_resolve(figs, doc, params, refs)[name]["origin"] == "article"
                       for name in MODEL_INPUTS) for doc in docs}
    if params.model_document:
        if params.model_document not in docs:
            raise params_mod.ParamError(
                f"model_document '{params.model_document}' is not among the articles; known "
                f"doc_ids: {', '.join(docs) or 'none'}")
        return {"doc_id": params.model_document, "how": "parameter", "docs": docs,
                "counts": counts}
    if not docs:
        return {"doc_id": None, "how": None, "docs": docs, "counts": counts}
    best = max(docs, key=lambda doc: counts[doc])  # the first doc_id among the most complete
    return {"doc_id": best, "how": "automatic", "docs": docs, "counts": counts}


def _model_note(model: dict[str, Any]) -> str:
    """Why the model document is the model document, and which documents are left out."""
    doc, counts, n = model["doc_id"], model["counts"], len(MODEL_INPUTS)
    gives = f"its own figures give {counts[doc]} of the {n} model inputs"
    if model["how"] == "parameter":
        why = f"set by the parameter model_document ({gives})"
    else:
        tied = [d for d in model["docs"] if d != doc and counts[d] == counts[doc]]
        why = (f"chosen automatically: {gives} ({', '.join(MODEL_INPUTS)}), the most of "
               f"{len(model['docs'])} documents")
        if tied:
            why += f", tied with {', '.join(tied)} and first by doc_id"
    others = ", ".join(f"{d} ({counts[d]} of {n})" for d in model["docs"] if d != doc)
    return f"the model document, {why}; other documents, not used in the model: {others}"


def model_inputs(figures: pd.DataFrame, params: Params, refs: pd.DataFrame | None = None,
                 documents: pd.DataFrame | None = None) -> tuple[dict[str, dict], dict]:
    """The corpus-wide model's inputs: the model document's own figures plus the parameters
    (troops_low ≤ troops_high checked). With several documents every article-backed input's
    note names its document and why it is the model document, and a missing input's note
    names a document that gives it (not used)."""
    figs = _sorted_figures(figures)
    model = model_document(figs, params, refs, documents)
    doc = model["doc_id"]
    own = figs if doc is None else figs[figs["doc_id"] == doc]
    res = _resolve(own, params, refs)
    if len(model["docs"]) > 1:
        _note_gaps(res, figs, doc, MODEL_FIXES, MODEL_ALONE, "model document")
        why = _model_note(model)
        for row in res.values():
            if row["origin"] == "article":
                where = f"from document {row['doc_id']} ({row['figure_id']}), {why}"
                row["note"] = f"{row['note']}; {where}" if row["note"] else where
    return res, model


def _docs_with(figs: pd.DataFrame, quantities: tuple[str, ...]) -> list[str]:
    return _doc_ids(figs[figs["quantity"].isin(quantities)])


def _checks_by_document(figs: pd.DataFrame, res: dict, params: Params,
                        refs: pd.DataFrame) -> list[dict]:
    """Revenue, break-even and rice checks, each document's claims with its own figures.

    One document: the bare check_ids (`revenue:<troop figure_id>`, `revenue_breakeven`,
    `rice_vs_…`). Several: per document that makes a revenue claim, `revenue:<troop
    figure_id>` for its own troop figures and `revenue_breakeven:<doc_id>`; `revenue:<doc_id>`
    (not checkable) for a document with troop figures but no revenue claim; per document with
    a rice or food-share figure, `rice_vs_…:<doc_id>`.
    """
    docs = _doc_ids(figs)
    if len(docs) <= 1:
        return _revenue_checks(figs, res, params) + _rice_checks(res, params, refs)
    claimants = _docs_with(figs, REVENUE_CLAIMS)
    rows: list[dict] = []
    for doc in docs:
        doc_figs = figs[figs["doc_id"] == doc]
        troops = doc_figs[doc_figs["quantity"].isin(TROOP_QUANTITIES)]
        if doc in claimants:
            doc_res = _doc_resolve(figs, doc, params, refs)
            if doc_res["revenue_claim_usd"]["_fig"] is None:  # a claim without a number
                claim = doc_figs[doc_figs["quantity"].isin(REVENUE_CLAIMS)].iloc[0]
                rows.append(_check(
                    f"revenue:{doc}", f"{_claim_text(claim)} annual revenue", "not checkable",
                    doc_res["revenue_claim_usd"]["note"], fig=claim,
                    figures_used=[claim["figure_id"], *troops["figure_id"]],
                    params_used=REVENUE_PARAMS))
            else:
                rows += _with_doc(_revenue_checks(doc_figs, doc_res, params, f":{doc}"), doc)
        elif len(troops):
            others = ", ".join(claimants) or "none"
            rows.append(_with_doc([_check(
                f"revenue:{doc}", f"annual revenue implied by document {doc}'s troop figures",
                "not checkable",
                f"document {doc} makes no annual revenue claim; its troop figures are not "
                f"checked against another document's claim (documents making one: {others})",
                figures_used=list(troops["figure_id"]), params_used=REVENUE_PARAMS)], doc)[0])
    if not rows:
        rows = _revenue_checks(figs, res, params)
    rice_docs = _docs_with(figs, RICE_CLAIMS)
    if not rice_docs:
        return rows + _rice_checks(res, params, refs)
    for doc in rice_docs:
        rows += _with_doc(_rice_checks(_doc_resolve(figs, doc, params, refs), params, refs,
                                       f":{doc}"), doc)
    return rows


def _with_doc(rows: list[dict], doc: str) -> list[dict]:
    """Per-document checks name their document even when the claim figure is missing."""
    for row in rows:
        if row["doc_id"] is None:
            row["doc_id"] = doc
    return rows


def claim_checks(figures: pd.DataFrame, res: dict, params: Params,
                 refs: pd.DataFrame) -> pd.DataFrame:
    figs = _sorted_figures(figures)
    rows = (_checks_by_document(figs, res, params, refs)
            + _troop_checks(figs, res, refs, params) + _attribution_checks(figs, refs))
    return pd.DataFrame(rows, columns=list(PROCESSED["claim_checks"].columns))


# --------------------------------------------------------------------------------------------
# scenarios, Monte Carlo, sensitivity
# --------------------------------------------------------------------------------------------

def _steps(lo: float, hi: float, step: float) -> list[float]:
    count = int(math.floor((hi - lo) / step + 1e-9)) + 1
    return [lo + i * step for i in range(count)]


def _claim_iv(res: dict) -> tuple[float, float, bool] | None:
    """The revenue claim as an annual interval (a monthly claim is scaled by `months`)."""
    row = res["revenue_claim_usd"]
    iv = None if row["_fig"] is None else _interval(row["_fig"])
    if iv is None:
        return None
    k = row.get("_scale", 1.0)
    return (iv[0] * k, iv[1] * k if iv[1] != math.inf else math.inf, iv[2])


def scenarios(res: dict, params: Params) -> pd.DataFrame:
    iv = _claim_iv(res)
    claim = None if iv is None else (iv[0] if iv[0] > 0 else iv[1])
    used = _join(["grid_troops_min", "grid_troops_max", "grid_troops_step", "grid_pay_min",
                  "grid_pay_max", "grid_pay_step", "months", "state_share"])
    figs = _figs(res, "revenue_claim_usd")
    rows = []
    for troops in range(params.grid_troops_min, params.grid_troops_max + 1,
                        params.grid_troops_step):
        for pay in _steps(params.grid_pay_min, params.grid_pay_max, params.grid_pay_step):
            revenue = troops * pay * params.months * params.state_share
            rows.append({
                "troops": troops, "monthly_pay_usd": pay, "annual_revenue_usd": revenue,
                "claim_usd": claim, "meets_claim": None if iv is None else _inside(revenue, iv),
                "figures_used": figs, "params_used": used,
            })
    df = pd.DataFrame(rows, columns=list(PROCESSED["scenarios"].columns))
    df["meets_claim"] = df["meets_claim"].astype("boolean")
    return df


def cumulative(res: dict, params: Params) -> pd.DataFrame:
    pay = res["monthly_pay_usd"]["value"]
    rows = []
    if pay is not None:
        for scenario in ("low", "high"):
            troops = res[f"troops_{scenario}"]["value"]
            if troops is None:
                continue
            for month in range(1, CUMULATIVE_MONTHS + 1):
                rows.append({
                    "scenario": scenario, "troops": int(troops), "month": month,
                    "cumulative_revenue_usd": troops * pay * params.state_share * month,
                    "figures_used": _figs(res, f"troops_{scenario}", "monthly_pay_usd"),
                    "params_used": f"troops_{scenario};monthly_pay_usd;state_share",
                })
    return pd.DataFrame(rows, columns=list(PROCESSED["cumulative"].columns))


MC_PARAMS = ["troops_low", "troops_high", "monthly_pay_usd", "pay_spread", "state_share_min",
             "state_share_max", "months", "n_draws", "random_seed"]


def montecarlo(res: dict, params: Params) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Annual revenue with troops ~ U[low, high], pay ~ U[pay(1∓spread)], share ~ U[min, max]."""
    pay, lo, hi = (res[k]["value"] for k in ("monthly_pay_usd", "troops_low", "troops_high"))
    iv = _claim_iv(res)
    claim = None if iv is None else (iv[0] if iv[0] > 0 else iv[1])
    used = _join(MC_PARAMS)
    figs = _figs(res, "troops_low", "troops_high", "monthly_pay_usd", "revenue_claim_usd")
    stats = ["p5", "p50", "p95", "mean", "prob_exceeds_claim", "n_draws", "random_seed",
             "claim_usd"]
    hist_cols = list(PROCESSED["montecarlo_hist"].columns)
    if pay is None or lo is None or hi is None:
        why = "not computed: " + (NO_PAY if pay is None else NO_TROOPS)
        values = {"n_draws": params.n_draws, "random_seed": params.random_seed,
                  "claim_usd": claim}
        rows = [{"statistic": s, "value": values.get(s), "note": None if s in values else why,
                 "figures_used": figs, "params_used": used} for s in stats]
        return (pd.DataFrame(rows, columns=list(PROCESSED["montecarlo_summary"].columns)),
                pd.DataFrame([], columns=hist_cols))
    rng = np.random.default_rng(params.random_seed)
    n = params.n_draws
    troops = rng.uniform(lo, hi, n)
    pays = rng.uniform(pay * (1 - params.pay_spread), pay * (1 + params.pay_spread), n)
    share = rng.uniform(params.state_share_min, params.state_share_max, n)
    revenue = troops * pays * params.months * share
    p5, p50, p95 = np.percentile(revenue, [5, 50, 95])
    if iv is None:
        prob, note = None, "the article gives no revenue claim"
    else:
        above = revenue > iv[0] if iv[2] else revenue >= iv[0]
        if iv[1] != math.inf:
            above &= revenue <= iv[1]
        prob = float(np.mean(above))
        note = f"share of draws with annual revenue {_iv_text(iv, _usd)} (the claim)"
    values = {"p5": p5, "p50": p50, "p95": p95, "mean": float(np.mean(revenue)),
              "prob_exceeds_claim": prob, "n_draws": n, "random_seed": params.random_seed,
              "claim_usd": claim}
    notes = {"prob_exceeds_claim": note}
    summary = pd.DataFrame(
        [{"statistic": s, "value": None if values[s] is None else float(values[s]),
          "note": notes.get(s), "figures_used": figs, "params_used": used} for s in stats],
        columns=list(PROCESSED["montecarlo_summary"].columns))
    low = lo * pay * (1 - params.pay_spread) * params.months * params.state_share_min
    high = hi * pay * (1 + params.pay_spread) * params.months * params.state_share_max
    if high <= low:
        high = low + 1.0
    edges = np.linspace(low, high, HIST_BINS + 1)
    counts, _ = np.histogram(revenue, bins=edges)
    hist = pd.DataFrame({"bin_start": edges[:-1], "bin_end": edges[1:], "count": counts,
                         "figures_used": figs, "params_used": used}, columns=hist_cols)
    return summary, hist


def sensitivity(res: dict, params: Params) -> pd.DataFrame:
    """One at a time: each input at its low and high end, the others at the headline case."""
    cols = list(PROCESSED["sensitivity"].columns)
    pay, lo, hi, head = (res[k]["value"] for k in ("monthly_pay_usd", "troops_low",
                                                    "troops_high", "troops_headline"))
    if pay is None or lo is None or hi is None:
        return pd.DataFrame([], columns=cols)
    base = {"troops": head, "monthly_pay_usd": pay, "state_share": params.state_share}
    ranges = {
        "troops": (lo, hi, "troops_low;troops_high;scenario"),
        "monthly_pay_usd": (pay * (1 - params.pay_spread), pay * (1 + params.pay_spread),
                            "monthly_pay_usd;pay_spread"),
        "state_share": (params.state_share_min, params.state_share_max,
                        "state_share_min;state_share_max"),
    }

    def revenue(values: dict) -> float:
        return values["troops"] * values["monthly_pay_usd"] * params.months * values[
            "state_share"]

    base_rev = revenue(base)
    rows = []
    for name, (low, high, used) in ranges.items():
        r_lo, r_hi = revenue({**base, name: low}), revenue({**base, name: high})
        rows.append({
            "input": name, "low_value": low, "high_value": high, "revenue_low": r_lo,
            "revenue_high": r_hi, "swing": abs(r_hi - r_lo), "base_revenue": base_rev,
            "figures_used": _figs(res, "troops_low", "troops_high", "monthly_pay_usd"),
            "params_used": _join([*used.split(";"), "troops_low", "troops_high", "scenario",
                                  "monthly_pay_usd", "months", "state_share"]),
        })
    rows.sort(key=lambda r: (-r["swing"], r["input"]))
    return pd.DataFrame(rows, columns=cols)


# --------------------------------------------------------------------------------------------
# context, troop estimates, timeline, parameters
# --------------------------------------------------------------------------------------------

def _ctx(metric: str, value: float | None, unit: str, formula: str | None, inputs: str | None,
         refs_used: list[pd.Series], *, low: float | None = None, high: float | None = None,
         figures_used: list[str | None] | None = None, note: str | None = None,
         params_used: list[str] | None = None) -> dict:
    ids = [f"ref:{r['id']}" for r in refs_used]
    return {
        "metric": metric, "value": value, "low": low, "high": high, "unit": unit,
        "formula": formula, "inputs": inputs, "figures_used": _join((figures_used or []) + ids),
        "ref_ids": _join([r["id"] for r in refs_used]),
        "organisation": " | ".join(dict.fromkeys(r["organisation"] for r in refs_used)) or None,
        "url": " | ".join(dict.fromkeys(r["url"] for r in refs_used)) or None,
        "kind": "external", "note": note, "params_used": _join(params_used or []),
    }


def _ref_param(res: dict, name: str, refs: pd.DataFrame) -> list[pd.Series]:
    """The reference row behind a reference-backed parameter, if it is still at its default."""
    if res[name]["origin"] != "reference":
        return []
    row = _ref(refs, REF_PARAMS[name])
    return [] if row is None else [row]


def context(figures: pd.DataFrame, res: dict, params: Params, refs: pd.DataFrame) -> pd.DataFrame:
    rows = []
    figs = _sorted_figures(figures)
    exports = _ref(refs, "exports_2023")
    head, pay = res["troops_headline"]["value"], res["monthly_pay_usd"]["value"]
    rev_params = ["troops_low", "troops_high", "scenario", *REVENUE_PARAMS]
    rev_figs = [_fid(res, "troops_low"), _fid(res, "troops_high"), _fid(res, "monthly_pay_usd")]
    revenue = None
    if head is not None and pay is not None:
        revenue = head * pay * params.months * params.state_share
    rev_desc = (f"revenue {_usd(revenue)} ({_n(head)} troops × {_usd(pay)} × {params.months} × "
                f"{_n(params.state_share)}, scenario {params.scenario})")
    not_computed = "not computed: " + (NO_PAY if pay is None else NO_TROOPS)
    if exports is not None:
        ex = _ref_value(exports) * 1e6
        rows.append(_ctx(
            "revenue_share_of_exports_2023", None if revenue is None else revenue / ex,
            "fraction", "headline annual revenue / North Korea's 2023 exports",
            f"{rev_desc}; exports {_usd(ex)}", [exports], figures_used=rev_figs,
            params_used=rev_params + ["months"],
            note=None if revenue is not None else not_computed))
        claim = res["revenue_claim_usd"]
        if claim["_fig"] is not None:
            cv = claim["low"] if claim["low"] is not None else claim["value"]
            rows.append(_ctx(
                "claim_share_of_exports_2023", cv / ex, "fraction",
                "claimed annual revenue / North Korea's 2023 exports",
                f"claim {_claim_text(claim['_fig'])} = {_usd(cv)}; exports {_usd(ex)}", [exports],
                figures_used=[claim["figure_id"]]))
    trade_ru = _ref(refs, "trade_russia_2023")
    if trade_ru is not None:
        tr = _ref_value(trade_ru) * 1e6
        rows.append(_ctx(
            "revenue_vs_trade_russia_2023", None if revenue is None else revenue / tr, "ratio",
            "headline annual revenue / Russia–North Korea trade in 2023",
            f"{rev_desc}; trade {_usd(tr)}", [trade_ru], figures_used=rev_figs,
            params_used=rev_params, note=None if revenue is not None else not_computed))
    pay_ref = _ref(refs, "pay_nis_2024")
    if pay_ref is not None:
        rows.append(_ctx(
            "pay_reference", _ref_value(pay_ref), "USD/month", "reference figure",
            f"article pay {_usd(pay)} ({res['monthly_pay_usd']['origin']}); reference "
            f"{_usd(_ref_value(pay_ref))}", [pay_ref], figures_used=[_fid(res, "monthly_pay_usd")],
            note=_txt(pay_ref["note"]), params_used=["monthly_pay_usd"]))

    # rice
    rice = res["rice_supplied_tonnes"]
    price_refs = _ref_param(res, "rice_price_usd_per_tonne", refs)
    price = params.rice_price_usd_per_tonne
    price_desc = f"price ${_n(price)}/t ({res['rice_price_usd_per_tonne']['origin']})"
    if rice["_fig"] is not None:
        r_lo = rice["low"] if rice["low"] is not None else rice["value"]
        r_hi = rice["high"] if rice["high"] is not None else rice["value"]
        r_mid = rice["value"]
        rice_desc = f"rice {_n(r_lo)}–{_n(r_hi)} t (article {_short_id(rice['figure_id'])})"
        rows.append(_ctx(
            "rice_value_usd", r_mid * price, "USD", "rice tonnes × rice price",
            f"{rice_desc}; {price_desc}", price_refs, low=r_lo * price, high=r_hi * price,
            figures_used=[rice["figure_id"]], params_used=["rice_price_usd_per_tonne"],
            note="valued at a Thai export quote; Russian rice is not priced like Thai rice"))
        if exports is not None:
            ex = _ref_value(exports) * 1e6
            rows.append(_ctx(
                "rice_value_share_of_exports_2023", r_mid * price / ex, "fraction",
                "rice tonnes × rice price / North Korea's 2023 exports",
                f"{rice_desc}; {price_desc}; exports {_usd(ex)}", [*price_refs, exports],
                low=r_lo * price / ex, high=r_hi * price / ex, figures_used=[rice["figure_id"]],
                params_used=["rice_price_usd_per_tonne"]))
        sf = params.food_shortfall_tonnes
        rows.append(_ctx(
            "rice_share_of_reference_shortfall", r_mid / sf, "fraction",
            "rice tonnes / annual food shortfall",
            f"{rice_desc}; shortfall {_mt(sf)} ({res['food_shortfall_tonnes']['origin']})",
            _ref_param(res, "food_shortfall_tonnes", refs), low=r_lo / sf, high=r_hi / sf,
            figures_used=[rice["figure_id"]], params_used=["food_shortfall_tonnes"]))
        req, prod = _ref(refs, "food_requirement_fao"), _ref(refs, "food_production_2024")
        if req is not None and prod is not None:
            gap = (_ref_value(req) - _ref_value(prod)) * 1e6
            rows.append(_ctx(
                "rice_share_of_fao_requirement_minus_harvest", r_mid / gap, "fraction",
                "rice tonnes / (FAO requirement − RDA 2024 harvest)",
                f"{rice_desc}; requirement {_ref_value(req)} Mt − harvest {_ref_value(prod)} Mt "
                f"= {_mt(gap)}", [req, prod], low=r_lo / gap, high=r_hi / gap,
                figures_used=[rice["figure_id"]],
                note="the two sources may not measure food the same way"))

    # troop estimates placed against the article's range
    lo, hi = res["troops_low"]["value"], res["troops_high"]["value"]
    art = f"article {_n(lo)}–{_n(hi)}" if lo is not None else "article: no troop number"
    for _, r in _troop_refs(refs).iterrows():
        v = r["_value"]
        if lo is None or hi is None:
            place = "not placed: the article gives no troop number"
        else:
            place = "below" if v < lo else "above" if v > hi else "within"
            place = f"{place} the article's range"
        rows.append(_ctx(
            f"troop_estimate:{r['id']}", v, "troops", "reference figure",
            f"{art}; {r['organisation']} {_n(v)} ({r['unit']}, {r['refers_to']})", [r],
            low=_num(r["low"]), high=_num(r["high"]),
            figures_used=[_fid(res, "troops_low"), _fid(res, "troops_high")],
            params_used=TROOP_PARAMS, note=place))
    # the same figure attributed elsewhere
    for t, same in _attributions(figs, refs):
        for _, r in same.iterrows():
            if _same_source(_txt(t["source"]), r["organisation"]):
                continue
            rows.append(_ctx(
                f"attribution:{t['figure_id']}:{r['id']}", _point(t), "troops",
                "same figure, different attribution",
                f"article {_claim_text(t)}; reference {r['organisation']} "
                f"({r['reported_by']}): \"{r['quote']}\"", [r], figures_used=[t["figure_id"]],
                note=(f"the article attributes {_n(_point(t))} to {_txt(t['source'])}; "
                      f"{r['reported_by']} attributes it to {r['organisation']}")))
    return pd.DataFrame(rows, columns=list(PROCESSED["context"].columns))


def troop_estimates(figures: pd.DataFrame, refs: pd.DataFrame,
                    documents: pd.DataFrame | None) -> pd.DataFrame:
    figs = _sorted_figures(figures)
    dates = {} if documents is None else {
        r["doc_id"]: _txt(r["reference_date"]) for _, r in documents.iterrows()}
    rows = []
    for _, f in figs[figs["quantity"].isin(TROOP_QUANTITIES)].iterrows():
        rows.append({
            "kind": "article", "id": f["figure_id"], "doc_id": f["doc_id"], "value": _point(f),
            "low": _num(f["low"]), "high": _num(f["high"]), "qualifier": _txt(f["qualifier"]),
            "quantity": f["quantity"], "source": _txt(f["source"]),
            "date": dates.get(f["doc_id"]), "url": None, "quote": f["text"],
        })
    for _, r in _troop_refs(refs).iterrows():
        lo, hi = _num(r["low"]), _num(r["high"])
        qual = "exact" if lo is not None and lo == hi else "more_than" if hi is None else \
            "up_to" if lo is None else "range"
        rows.append({
            "kind": "external", "id": r["id"], "doc_id": None, "value": r["_value"], "low": lo,
            "high": hi, "qualifier": qual,
            "quantity": "troops_expected" if "expected" in str(r["unit"]) else "troops_deployed",
            "source": r["organisation"], "date": r["_date"] or None, "url": r["url"],
            "quote": _txt(r["quote"]),
        })
    return pd.DataFrame(rows, columns=list(PROCESSED["troop_estimates"].columns))


def timeline(figures: pd.DataFrame, refs: pd.DataFrame,
             documents: pd.DataFrame | None) -> pd.DataFrame:
    rows = []
    figs = _sorted_figures(figures)
    for _, f in figs.iterrows():
        date = _date_iso(_txt(f["date_resolved"])) or (
            _date_iso(_txt(f["date"])) if re.match(r"^\d{4}-\d{2}-\d{2}$",
                                                   _txt(f["date"]) or "") else None)
        if date is None:
            continue
        what = _txt(f["subject"]) or f["text"]
        rows.append({"date": date, "label": f"article: {what} ({f['text']})", "kind": "article",
                     "source": _txt(f["source"]), "id": f["figure_id"], "value": None,
                     "url": None})
    if documents is not None:
        dates = {r["doc_id"]: _date_iso(_txt(r["reference_date"])) for _, r in
                 documents.iterrows()}
        for _, f in figs[figs["quantity"].isin(TROOP_QUANTITIES)].iterrows():
            if dates.get(f["doc_id"]) and _point(f) is not None:
                rows.append({
                    "date": dates[f["doc_id"]],
                    "label": f"article: '{f['text']}' troops ({f['quantity']})",
                    "kind": "article", "source": _txt(f["source"]), "id": f["figure_id"],
                    "value": _point(f), "url": None})
    for _, r in refs.iterrows():
        if r["topic"] == "treaty":
            date = _date_iso(r["figure"])
            label = f"treaty: {r['id'].removeprefix('treaty_').replace('_', ' ')}"
            value = None
        elif r["topic"] == "troops":
            date = _date_iso(_txt(r["refers_to"]))
            label = f"{_n(_ref_value(r))} {r['unit']}"
            value = _ref_value(r)
        else:
            continue
        if date:
            rows.append({"date": date, "label": label, "kind": "external",
                         "source": r["organisation"], "id": r["id"], "value": value,
                         "url": r["url"]})
    df = pd.DataFrame(rows, columns=list(PROCESSED["timeline"].columns))
    return df.sort_values(["date", "kind", "id"], kind="mergesort").reset_index(drop=True)


def _fmt_value(value: Any) -> str | None:
    if value is None:
        return None
    return f"{value}"


def parameters(res: dict, params: Params, model: dict[str, Any] | None = None) -> pd.DataFrame:
    """Every parameter of the run; article-backed ones show the value taken from the article,
    model_document the document chosen (listed only when set or with several documents)."""
    rows = []
    for row in params_mod.table():
        name = row["name"]
        value = getattr(params, name)
        default = _default(name)
        if name == "model_document":
            if not value and (model is None or len(model["docs"]) <= 1):
                continue  # one document: nothing to choose (and the table stays as it was)
            value = model["doc_id"] if model is not None and model["doc_id"] else value
            origin = "parameter" if params.model_document else row["origin"]
        elif name in res and row["origin"] == "article" and value is None:
            value = res[name]["value"]
            origin = res[name]["origin"]
        elif value != default:
            origin = "parameter"
        else:
            origin = row["origin"]
        if isinstance(value, float) and name in ("troops_low", "troops_high"):
            value = int(value)
        rows.append({"name": name, "value": _fmt_value(value), "origin": origin,
                     "default": row["default"], "description": row["description"]})
    return pd.DataFrame(rows, columns=list(PROCESSED["parameters"].columns))


# --------------------------------------------------------------------------------------------
# the stage
# --------------------------------------------------------------------------------------------

def analyse(figures: pd.DataFrame, refs: pd.DataFrame, params: Params,
            documents: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """All processed tables from validated frames (no file access)."""
    res, model = model_inputs(figures, params, refs, documents)
    # the claim checks resolve each document's own inputs themselves; what they take from a
    # corpus resolution (the troop range against the reference; gaps when no document makes
    # a claim) is as before: over all figures
    corpus = res if len(model["docs"]) <= 1 else _resolve(figures, params, refs, strict=False)
    summary, hist = montecarlo(res, params)
    tables = {
        "inputs": _inputs_frame(res),
        "troop_estimates": troop_estimates(figures, refs, documents),
        "claim_checks": claim_checks(figures, corpus, params, refs),
        "scenarios": scenarios(res, params),
        "cumulative": cumulative(res, params),
        "montecarlo_summary": summary,
        "montecarlo_hist": hist,
        "sensitivity": sensitivity(res, params),
        "context": context(figures, res, params, refs),
        "timeline": timeline(figures, refs, documents),
        "parameters": parameters(res, params, model),
    }
    return {name: validate(df, PROCESSED[name], f"data/processed/{name}.csv")
            for name, df in tables.items()}


def run_analysis(extracted_dir: Path, external_dir: Path,
                 params: Params) -> dict[str, pd.DataFrame]:
    """Read and validate data/extracted and data/external; return the processed tables."""
    extracted = read_extracted(Path(extracted_dir))
    refs = read_reference(Path(external_dir))
    return analyse(extracted["figures"], refs, params, extracted["documents"])
