"""Stage 02: the extracted figures and the cited reference figures → the processed tables.

One step per module: :mod:`~nkrussia.analyze.io` (read and write validated tables),
:mod:`~nkrussia.analyze.inputs` (which figure is which model input, per document, and the
model document), :mod:`~nkrussia.analyze.checks` (the claim-check registry and its driver),
:mod:`~nkrussia.analyze.scenarios` (grid, cumulative, Monte Carlo, sensitivity) and
:mod:`~nkrussia.analyze.context` (cited context, troop estimates, food balance, timeline,
parameters); :mod:`~nkrussia.analyze.currency` puts money figures stated in other currencies
into US dollars first (data/external/exchange_rates.csv; conversions.csv).
:func:`run_analysis` reads, :func:`analyse` computes, :func:`write_tables` writes; the tables
and their columns are described in docs/data.md.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from nkrussia.analyze import checks as _checks
from nkrussia.analyze import corpus as _corpus
from nkrussia.analyze.common import Corpus, References
from nkrussia.analyze.context import context, food_balance, parameters, timeline, troop_estimates
from nkrussia.analyze.currency import Rates, conversion_rows
from nkrussia.analyze.inputs import INPUT_COLUMNS, Resolver, model_document_rows
from nkrussia.analyze.io import (
    FLOAT_FORMAT,
    copy_external,
    read_extracted,
    read_processed,
    read_rates,
    read_reference,
    read_table,
    validate,
    write_tables,
)
from nkrussia.analyze.scenarios import (
    CUMULATIVE_MONTHS,
    HIST_BINS,
    cumulative,
    montecarlo,
    scenarios,
    sensitivity,
)
from nkrussia.errors import StageDataError
from nkrussia.params import Params
from nkrussia.schemas import EXTERNAL, EXTRACTED, PROCESSED

__all__ = [
    "analyse", "run_analysis", "resolve_inputs", "write_tables", "read_processed",
    "read_extracted", "read_reference", "read_rates", "read_table", "copy_external",
    "validate",
    "StageDataError", "PROCESSED", "EXTRACTED", "EXTERNAL", "CUMULATIVE_MONTHS", "HIST_BINS",
    "FLOAT_FORMAT",
]


def _frame(name: str, rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(PROCESSED[name].columns))


def analyse(figures: pd.DataFrame, refs: pd.DataFrame, params: Params,
            documents: pd.DataFrame | None = None, events: pd.DataFrame | None = None,
            sentences: pd.DataFrame | None = None, rates: pd.DataFrame | None = None,
            rates_problem: str | None = None) -> dict[str, pd.DataFrame]:
    """All processed tables from validated frames (no file access). ``rates``: the validated
    exchange_rates.csv (None: no money figure is converted, ``rates_problem`` says why)."""
    corpus = Corpus.build(figures, documents, Rates.build(rates, rates_problem))
    references = References.build(refs)
    resolver = Resolver(corpus, params, references)
    res, model = resolver.model_inputs()
    check_rows, term_rows = _checks.run_checks(corpus, resolver, params, references)
    summary, hist = montecarlo(res, params)
    groups = _corpus.copy_groups(_corpus.documents_texts(sentences))
    for doc in corpus.docs:
        groups.setdefault(doc, (doc, 1.0))
    est = _corpus.estimates(corpus, documents, groups)
    tables = {
        "inputs": _frame("inputs", [inp.row() for inp in res.values()]),
        "model_document": _frame("model_document", model_document_rows(model)),
        "flags": _frame("flags", _flag_rows(corpus)),
        "conversions": _frame("conversions", conversion_rows(corpus.all() + corpus.flagged)),
        "troop_estimates": troop_estimates(corpus, references, res),
        "claim_checks": _frame("claim_checks", check_rows),
        "check_inputs": _frame("check_inputs", term_rows),
        "scenarios": scenarios(res, params),
        "cumulative": cumulative(res, params),
        "montecarlo_summary": summary,
        "montecarlo_hist": hist,
        "sensitivity": sensitivity(res, params),
        "context": context(res, params, references),
        "food_balance": food_balance(corpus, references),
        "timeline": timeline(corpus, references, events),
        "estimates": est,
        "origins": _corpus.origin_summary(est),
        "conflicts": _corpus.conflicts(est),
        "copies": _corpus.copies(groups, documents),
        "check_summary": _corpus.check_summary(check_rows),
        "parameters": parameters(res, params, model),
    }
    return {name: validate(df, PROCESSED[name], f"data/processed/{name}.csv")
            for name, df in tables.items()}


def _flag_rows(corpus: Corpus) -> list[dict]:
    from nkrussia.analyze.common import implausible, num

    rows = []
    for fig in corpus.flagged:
        lo, hi = implausible(fig)
        rows.append({"doc_id": str(fig["doc_id"]), "figure_id": fig["figure_id"],
                     "quantity": fig["quantity"], "value": num(fig.get("value")),
                     "low": num(fig.get("low")), "high": num(fig.get("high")),
                     "limit_low": lo, "limit_high": hi})
    return rows


def resolve_inputs(figures: pd.DataFrame, params: Params,
                   documents: pd.DataFrame | None = None,
                   rates: pd.DataFrame | None = None) -> pd.DataFrame:
    """The inputs table alone: the model document's own figures plus the parameters."""
    resolver = Resolver(Corpus.build(figures, documents, Rates.build(rates)), params, None)
    res, _ = resolver.model_inputs()
    return pd.DataFrame([inp.row() for inp in res.values()], columns=list(INPUT_COLUMNS))


def run_analysis(extracted_dir: Path, external_dir: Path,
                 params: Params) -> dict[str, pd.DataFrame]:
    """Read and validate data/extracted and data/external; return the processed tables."""
    extracted = read_extracted(Path(extracted_dir), ("figures",),
                               optional=("documents", "events", "sentences"))
    refs = read_reference(Path(external_dir))
    rates, problem = read_rates(Path(external_dir))
    return analyse(extracted["figures"], refs, params, extracted["documents"],
                   extracted["events"], extracted["sentences"], rates, problem)
