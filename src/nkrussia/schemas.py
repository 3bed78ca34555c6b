"""Pandera schemas of the tables the analysis reads (extracted, external) and writes (processed)."""

from __future__ import annotations

import pandera.pandas as pa

from nkrussia.vocab import QUANTITIES

# Column kinds. Every column is coerced on read, so a CSV's text becomes the declared type
# or the read fails with the table and column named.
TEXT, FLOAT, INT, BOOL = "text", "float", "int", "bool"
_DTYPES = {TEXT: str, FLOAT: float, INT: "Int64", BOOL: "boolean"}

VERDICTS = ("consistent", "inconsistent", "not checkable")
INPUT_ORIGINS = ("article", "parameter", "reference", "assumption", "missing")
PARAM_ORIGINS = ("article", "parameter", "reference", "assumption", "missing")
QUALIFIERS = ("exact", "approximately", "over", "more_than", "at_least", "up_to", "range", "vague")


def _schema(
    columns: dict[str, tuple[str, bool] | tuple[str, bool, list[pa.Check]]],
    *,
    strict: bool | str = True,
    unique: list[str] | None = None,
    optional: tuple[str, ...] = (),
) -> pa.DataFrameSchema:
    """columns: name -> (kind, nullable[, checks]); `strict` False lets extra columns pass;
    `optional` columns may be absent (checked when present)."""
    cols = {}
    for name, spec in columns.items():
        kind, nullable, *rest = spec
        cols[name] = pa.Column(
            _DTYPES[kind], nullable=nullable, coerce=True, checks=rest[0] if rest else None,
            required=name not in optional,
        )
    return pa.DataFrameSchema(cols, strict=strict, ordered=strict is True, unique=unique)


def kinds(schema: pa.DataFrameSchema) -> dict[str, str]:
    """Column name -> kind (text, float, int, bool) of a schema built here."""
    back = {"str": TEXT, "float64": FLOAT, "Int64": INT, "boolean": BOOL}
    return {name: back.get(str(col.dtype), TEXT) for name, col in schema.columns.items()}


_nonneg = [pa.Check.ge(0)]

# --- data/extracted/ (written by nkrussia.extract; the analysis reads figures and documents) ---
EXTRACTED: dict[str, pa.DataFrameSchema] = {
    "documents": _schema({
        "doc_id": (TEXT, False), "path": (TEXT, True), "sha256": (TEXT, True),
        "characters": (INT, True), "words": (INT, True), "sentences": (INT, True),
        "reference_date": (TEXT, True), "reference_date_source": (TEXT, True),
        "title": (TEXT, True), "outlet": (TEXT, True), "url": (TEXT, True),
    }, strict=False, unique=["doc_id"],
        # the analysis only needs doc_id and reference_date from documents.csv
        optional=("path", "sha256", "characters", "words", "sentences", "reference_date_source",
                  "title", "outlet", "url")),
    "sentences": _schema({
        "doc_id": (TEXT, False), "sentence": (INT, False), "start": (INT, False),
        "end": (INT, False), "text": (TEXT, True),
    }, strict=False),
    "figures": _schema({
        "doc_id": (TEXT, False), "figure_id": (TEXT, False),
        "start": (INT, False, _nonneg), "end": (INT, False, _nonneg),
        "text": (TEXT, False), "value": (FLOAT, True), "low": (FLOAT, True),
        "high": (FLOAT, True), "qualifier": (TEXT, True), "unit": (TEXT, True),
        "date": (TEXT, True), "date_resolved": (TEXT, True), "date_inferred": (TEXT, True),
        "quantity": (TEXT, False, [pa.Check.isin(list(QUANTITIES))]),
        "subject": (TEXT, True), "source": (TEXT, True), "sentence": (INT, True),
    }, strict=False, unique=["figure_id"]),
    "entities": _schema({
        "doc_id": (TEXT, False), "entity_id": (TEXT, False), "kind": (TEXT, True),
        "name": (TEXT, True), "canonical": (TEXT, True), "role": (TEXT, True),
        "start": (INT, True), "end": (INT, True), "sentence": (INT, True),
    }, strict=False),
    "events": _schema({
        "doc_id": (TEXT, False), "event_id": (TEXT, False), "date": (TEXT, True),
        "date_resolved": (TEXT, True), "what": (TEXT, True), "who": (TEXT, True),
        "start": (INT, True), "end": (INT, True), "sentence": (INT, True),
        "figure_id": (TEXT, True),
    }, strict=False),
    "quotes": _schema({
        "doc_id": (TEXT, False), "quote_id": (TEXT, False), "start": (INT, True),
        "end": (INT, True), "text": (TEXT, True), "speaker": (TEXT, True),
        "speaker_role": (TEXT, True), "sentence": (INT, True),
    }, strict=False),
}

# --- data/external/ (copied unchanged from shared/reference) -------------------------------
EXTERNAL: dict[str, pa.DataFrameSchema] = {
    "context_figures": _schema({
        "id": (TEXT, False), "topic": (TEXT, False), "figure": (TEXT, False),
        "low": (FLOAT, True), "high": (FLOAT, True), "unit": (TEXT, True),
        "refers_to": (TEXT, True), "organisation": (TEXT, False), "reported_by": (TEXT, True),
        "title": (TEXT, True), "url": (TEXT, False), "quote": (TEXT, True),
        "trust": (TEXT, True), "note": (TEXT, True),
    }, strict=False, unique=["id"]),
}

# --- data/processed/ (written by nkrussia.analyze, read by the report) ----------------------
PROCESSED: dict[str, pa.DataFrameSchema] = {
    "inputs": _schema({
        "input": (TEXT, False), "value": (FLOAT, True), "low": (FLOAT, True),
        "high": (FLOAT, True), "unit": (TEXT, True),
        "origin": (TEXT, False, [pa.Check.isin(list(INPUT_ORIGINS))]),
        "figure_id": (TEXT, True), "doc_id": (TEXT, True), "source": (TEXT, True),
        "text": (TEXT, True), "note": (TEXT, True),
    }, unique=["input"]),
    "troop_estimates": _schema({
        "kind": (TEXT, False, [pa.Check.isin(["article", "external"])]),
        "id": (TEXT, False), "doc_id": (TEXT, True), "value": (FLOAT, True),
        "low": (FLOAT, True), "high": (FLOAT, True), "qualifier": (TEXT, True),
        "quantity": (TEXT, True), "source": (TEXT, True), "date": (TEXT, True),
        "url": (TEXT, True), "quote": (TEXT, True),
    }, unique=["kind", "id"]),
    "claim_checks": _schema({
        "check_id": (TEXT, False), "claim": (TEXT, False), "figure_id": (TEXT, True),
        "doc_id": (TEXT, True), "claimed_value": (FLOAT, True), "claimed_low": (FLOAT, True),
        "claimed_high": (FLOAT, True), "recomputed_value": (FLOAT, True),
        "recomputed_low": (FLOAT, True), "recomputed_high": (FLOAT, True),
        "formula": (TEXT, True), "inputs": (TEXT, True),
        "verdict": (TEXT, False, [pa.Check.isin(list(VERDICTS))]),
        "explanation": (TEXT, False), "figures_used": (TEXT, True), "params_used": (TEXT, True),
    }, unique=["check_id"]),
    "scenarios": _schema({
        "troops": (INT, False), "monthly_pay_usd": (FLOAT, False),
        "annual_revenue_usd": (FLOAT, False), "claim_usd": (FLOAT, True),
        "meets_claim": (BOOL, True), "figures_used": (TEXT, True), "params_used": (TEXT, False),
    }),
    "cumulative": _schema({
        "scenario": (TEXT, False, [pa.Check.isin(["low", "high"])]), "troops": (INT, False),
        "month": (INT, False), "cumulative_revenue_usd": (FLOAT, False),
        "figures_used": (TEXT, True), "params_used": (TEXT, False),
    }),
    "montecarlo_summary": _schema({
        "statistic": (TEXT, False), "value": (FLOAT, True), "note": (TEXT, True),
        "figures_used": (TEXT, True), "params_used": (TEXT, False),
    }, unique=["statistic"]),
    "montecarlo_hist": _schema({
        "bin_start": (FLOAT, False), "bin_end": (FLOAT, False), "count": (INT, False, _nonneg),
        "figures_used": (TEXT, True), "params_used": (TEXT, False),
    }),
    "sensitivity": _schema({
        "input": (TEXT, False), "low_value": (FLOAT, False), "high_value": (FLOAT, False),
        "revenue_low": (FLOAT, False), "revenue_high": (FLOAT, False),
        "swing": (FLOAT, False, _nonneg), "base_revenue": (FLOAT, False),
        "figures_used": (TEXT, True), "params_used": (TEXT, False),
    }, unique=["input"]),
    "context": _schema({
        "metric": (TEXT, False), "value": (FLOAT, True), "low": (FLOAT, True),
        "high": (FLOAT, True), "unit": (TEXT, True), "formula": (TEXT, True),
        "inputs": (TEXT, True), "figures_used": (TEXT, True), "ref_ids": (TEXT, True),
        "organisation": (TEXT, True), "url": (TEXT, True),
        "kind": (TEXT, False, [pa.Check.isin(["external"])]), "note": (TEXT, True),
        "params_used": (TEXT, True),
    }, unique=["metric"]),
    "timeline": _schema({
        "date": (TEXT, False), "label": (TEXT, False),
        "kind": (TEXT, False, [pa.Check.isin(["article", "external"])]),
        "source": (TEXT, True), "id": (TEXT, False), "value": (FLOAT, True), "url": (TEXT, True),
    }),
    "parameters": _schema({
        "name": (TEXT, False), "value": (TEXT, True),
        "origin": (TEXT, False, [pa.Check.isin(list(PARAM_ORIGINS))]),
        "default": (TEXT, True), "description": (TEXT, True),
    }, unique=["name"]),
}
