"""Pandera schemas of every table the stages hand each other, with a description per column.

These are the contracts between stages: extraction writes ``data/extracted/``, the analysis
validates it on read and writes ``data/processed/``, the report validates every table it reads.
``docs/data.md`` is generated from the descriptions here (:func:`data_dictionary`; a test
fails when it is stale) — edit a description here, then run ``make docs``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandera.pandas as pa

from nkrussia.vocab import QUANTITIES

# Column kinds. Every column is coerced on read, so a CSV's text becomes the declared type
# or the read fails with the table and column named.
TEXT, FLOAT, INT, BOOL = "text", "float", "int", "bool"
_DTYPES = {TEXT: str, FLOAT: float, INT: "Int64", BOOL: "boolean"}

VERDICTS = ("consistent", "inconsistent", "not checkable")
ORIGINS = ("article", "parameter", "reference", "assumption", "missing")
INPUT_ORIGINS = PARAM_ORIGINS = ORIGINS
TERM_ORIGINS = (*ORIGINS, "computed")
QUALIFIERS = ("exact", "approximately", "over", "more_than", "at_least", "up_to", "range", "vague")
CHECK_KINDS = ("revenue", "breakeven", "rice_shortfall", "troops", "troop_range", "attribution")


@dataclass(frozen=True)
class Col:
    kind: str
    description: str
    nullable: bool = True
    checks: tuple = ()
    required: bool = True


def _isin(values) -> tuple:
    return (pa.Check.isin(list(values)),)


_NONNEG = (pa.Check.ge(0),)


def _registered_kinds(series):
    from nkrussia.analyze.checks import REGISTRY  # the registry is the vocabulary

    return series.isin(list(REGISTRY))


_REGISTERED_KIND = pa.Check(_registered_kinds, name="registered_claim_check_kind",
                            element_wise=False)


def _schema(description: str, columns: dict[str, Col], *, strict: bool = True,
            unique: list[str] | None = None) -> pa.DataFrameSchema:
    """``strict`` False lets extra columns pass (a later extractor may add some)."""
    cols = {
        name: pa.Column(_DTYPES[c.kind], nullable=c.nullable, coerce=True,
                        checks=list(c.checks) or None, required=c.required,
                        description=c.description, title=c.kind)
        for name, c in columns.items()
    }
    return pa.DataFrameSchema(cols, strict=strict, ordered=strict is True, unique=unique,
                              description=description)


def kinds(schema: pa.DataFrameSchema) -> dict[str, str]:
    """Column name -> kind (text, float, int, bool) of a schema built here."""
    back = {"str": TEXT, "float64": FLOAT, "Int64": INT, "boolean": BOOL}
    return {name: back.get(str(col.dtype), TEXT) for name, col in schema.columns.items()}


FIGURES_USED = Col(TEXT, "the article figures (figure_ids, `;`-separated) the row depends on")
PARAMS_USED = Col(TEXT, "the parameters (names, `;`-separated) the row depends on")
REF_IDS = Col(TEXT, "the reference rows (ids in data/external/context_figures.csv, "
                    "`;`-separated) the row depends on")

# --- data/extracted/ (written by nkrussia.extract) -------------------------------------------
EXTRACTED: dict[str, pa.DataFrameSchema] = {
    "documents": _schema("One row per article: where it came from and how its dates resolve.", {
        "doc_id": Col(TEXT, "the article's id: its file name without `.txt`; for a row of a "
                             "`.jsonl`/`.csv` file its `id`, else `<file name>-<the first 12 "
                             "hex digits of the text's SHA-256>`", False),
        "path": Col(TEXT, "the file, relative to the project (never an absolute path); for a "
                          "row of a `.jsonl`/`.csv` file `<file>#row=<n>` (JSONL: the line; "
                          "CSV: the row, the header being row 1)", required=False),
        "sha256": Col(TEXT, "SHA-256 of the article's text in UTF-8 (for a `.txt`, of the "
                            "file's bytes)", required=False),
        "characters": Col(INT, "length of the text in characters", required=False),
        "words": Col(INT, "number of words", required=False),
        "sentences": Col(INT, "number of sentences", required=False),
        "reference_date": Col(TEXT, "the date (ISO, maybe only YYYY or YYYY-MM) that dates "
                                    "without a year resolve against: the sidecar's (or the "
                                    "row's) `published`, else inferred from the text"),
        "reference_date_source": Col(TEXT, "`sidecar` (the sidecar's or the row's "
                                           "`published`), `inferred: <why>` or `none`",
                                     required=False),
        "title": Col(TEXT, "from the sidecar or the row", required=False),
        "outlet": Col(TEXT, "from the sidecar or the row", required=False),
        "url": Col(TEXT, "from the sidecar or the row (shown as a link only when it is "
                         "http/https)", required=False),
    }, strict=False, unique=["doc_id"]),
    "sentences": _schema("Every sentence of every article, with its offsets.", {
        "doc_id": Col(TEXT, "the article", False),
        "sentence": Col(INT, "its number in the article, from 0", False),
        "start": Col(INT, "offset of its first character", False),
        "end": Col(INT, "offset after its last character", False),
        "text": Col(TEXT, "the sentence exactly as in the article (text == article[start:end])"),
    }, strict=False),
    "figures": _schema("Every figure an article states, with its exact place and who says so.", {
        "doc_id": Col(TEXT, "the article", False),
        "figure_id": Col(TEXT, "`<doc_id>-F<nn>`, numbered in text order", False),
        "start": Col(INT, "offset of the figure's first character", False, _NONNEG),
        "end": Col(INT, "offset after its last character", False, _NONNEG),
        "text": Col(TEXT, "the span exactly as in the article, with its qualifier words",
                    False),
        "value": Col(FLOAT, "the number (midpoint of a range; empty for vague figures and "
                            "dates); money in the currency of `unit` (a hundredth in its "
                            "currency: \"64.2 cents\" is 0.642 USD)"),
        "low": Col(FLOAT, "lower bound, where the wording gives one"),
        "high": Col(FLOAT, "upper bound, where the wording gives one"),
        "qualifier": Col(TEXT, "exact, approximately, over, more_than, at_least, up_to, range "
                               "or vague"),
        "unit": Col(TEXT, "troops, tonnes, fraction, percent, date, year, or a currency code "
                          "(USD, KRW …) with an optional /month or /year"),
        "date": Col(TEXT, "for dates: ISO, `--MM-DD` when the text gives no year"),
        "date_resolved": Col(TEXT, "the date with the year from the reference date"),
        "date_inferred": Col(TEXT, "`true` when the year was inferred"),
        "quantity": Col(TEXT, "what it measures: a label of nkrussia.vocab.QUANTITIES", False,
                        _isin(QUANTITIES)),
        "subject": Col(TEXT, "the noun phrase it counts or belongs to"),
        "source": Col(TEXT, "who the article says states it (attribution)"),
        "sentence": Col(INT, "the sentence it is in"),
        "change": Col(TEXT, "`increase` or `decrease` when the figure is a change the "
                            "article reports (\"fell by 3%\": value -3), else empty",
                      checks=_isin(("increase", "decrease")), required=False),
    }, strict=False, unique=["figure_id"]),
    "entities": _schema("People and organisations the articles name.", {
        "doc_id": Col(TEXT, "the article", False),
        "entity_id": Col(TEXT, "`<doc_id>-E<nn>`", False),
        "kind": Col(TEXT, "person, organisation, country or place"),
        "name": Col(TEXT, "as written"), "canonical": Col(TEXT, "normalised name"),
        "role": Col(TEXT, "title or role the article gives"),
        "start": Col(INT, "offset"), "end": Col(INT, "offset after"),
        "sentence": Col(INT, "the sentence it is in"),
    }, strict=False),
    "events": _schema("Dated events: a date figure and what happened on it.", {
        "doc_id": Col(TEXT, "the article", False),
        "event_id": Col(TEXT, "`<doc_id>-V<nn>`", False),
        "date": Col(TEXT, "as in figures.csv"), "date_resolved": Col(TEXT, "with the year"),
        "what": Col(TEXT, "the article's words for what happened"),
        "who": Col(TEXT, "who took part (`;`-separated)"),
        "start": Col(INT, "offset"), "end": Col(INT, "offset after"),
        "sentence": Col(INT, "the sentence"), "figure_id": Col(TEXT, "the date figure"),
    }, strict=False),
    "quotes": _schema("Direct quotations and who speaks them.", {
        "doc_id": Col(TEXT, "the article", False),
        "quote_id": Col(TEXT, "`<doc_id>-Q<nn>`", False),
        "start": Col(INT, "offset"), "end": Col(INT, "offset after"),
        "text": Col(TEXT, "the quoted words"), "speaker": Col(TEXT, "who says them"),
        "speaker_role": Col(TEXT, "the speaker's role"),
        "sentence": Col(INT, "the sentence"),
    }, strict=False),
}

# --- data/external/ (copied unchanged from shared/reference) ---------------------------------
EXTERNAL: dict[str, pa.DataFrameSchema] = {
    "context_figures": _schema(
        "Cited figures from public reporting (external context; see data/external/README.md).", {
            "id": Col(TEXT, "stable identifier", False),
            "topic": Col(TEXT, "troops, casualties, revenue, food, economy, arms, prices, treaty",
                         False),
            "figure": Col(TEXT, "the headline value (a date for unit `date`)", False),
            "low": Col(FLOAT, "lower bound"), "high": Col(FLOAT, "upper bound"),
            "unit": Col(TEXT, "what is counted"), "refers_to": Col(TEXT, "when it applies"),
            "organisation": Col(TEXT, "who produced the figure", False),
            "reported_by": Col(TEXT, "the outlet where it was read"),
            "title": Col(TEXT, "the page's title"), "url": Col(TEXT, "the page", False),
            "quote": Col(TEXT, "the sentence as on the page, in its language"),
            "trust": Col(TEXT, "high, medium, medium-low or low-medium (README)"),
            "note": Col(TEXT, "caveats; an English rendering of a non-English quote"),
        }, strict=False, unique=["id"]),
    "exchange_rates": _schema(
        "Reference exchange rates to the US dollar, one row per currency and period, each "
        "cited (read from stored copies of the source where found, else entered by hand: "
        "see data/external/README.md); used by "
        "nkrussia.analyze.currency to convert money figures.", {
            "id": Col(TEXT, "stable identifier, `<publisher>_<currency>_<period>`", False),
            "currency": Col(TEXT, "ISO 4217 code, as in figures.csv `unit`", False,
                            (pa.Check.str_matches(r"^[A-Z]{3}$"),)),
            "period": Col(TEXT, "the period the rate averages: `YYYY` (annual average) or "
                                "`YYYY-MM` (monthly average)", False,
                          (pa.Check.str_matches(r"^\d{4}(-(0[1-9]|1[0-2]))?$"),)),
            "units_per_usd": Col(FLOAT, "units of the currency per one US dollar (a publisher "
                                        "quoting US dollars per unit, as the Federal Reserve "
                                        "does for EUR and GBP, is inverted: `note` gives its "
                                        "own figure)", False, (pa.Check.gt(0),)),
            "organisation": Col(TEXT, "who publishes the rate (US Federal Reserve, Bank of "
                                      "Korea …)", False),
            "source": Col(TEXT, "the named publication or series", False),
            "url": Col(TEXT, "where the publication is", False),
            "trust": Col(TEXT, "high, medium, medium-low or low-medium (README)", False,
                         _isin(("high", "medium", "medium-low", "low-medium"))),
            "note": Col(TEXT, "how the value was entered; caveats"),
        }, unique=["id"]),
}

# --- data/processed/ (written by nkrussia.analyze, read by the report) -------------------------
_CHECK_ID = Col(TEXT, "the claim check (claim_checks.csv)", False)

PROCESSED: dict[str, pa.DataFrameSchema] = {
    "inputs": _schema(
        "The model's inputs, from the model document's own figures plus the parameters "
        "(rule: nkrussia.analyze.inputs).", {
            "input": Col(TEXT, "troops_low, troops_high, troops_headline, monthly_pay_usd, "
                               "months, state_share, state_share_min, state_share_max, "
                               "pay_spread, revenue_claim_usd, rice_supplied_tonnes, "
                               "share_of_food_gap, rice_price_usd_per_tonne, "
                               "food_shortfall_tonnes", False),
            "value": Col(FLOAT, "the value used (empty when missing)"),
            "low": Col(FLOAT, "lower bound of a claim"), "high": Col(FLOAT, "upper bound"),
            "unit": Col(TEXT, "troops, USD/month, USD/year, tonnes, fraction …"),
            "origin": Col(TEXT, "article, parameter (set by the user), reference, assumption or "
                                "missing", False, _isin(ORIGINS)),
            "rule": Col(TEXT, "how it was found: lowest_estimate, highest_estimate, "
                              "first_figure, yearly_divided_by_12, monthly_times_months, "
                              "percent_as_fraction, midpoint, scenario_low, scenario_high, "
                              "user, assumption, reference, vague_only (the article's figures "
                              "of this kind give no number), not_converted (they are in a "
                              "currency that could not be converted to US dollars: "
                              "conversions.csv says why), not_stated, needs_troop_range",
                        False),
            "candidates": Col(INT, "how many of the document's figures could have given it"),
            "figure_id": Col(TEXT, "the article figure it came from (for vague_only: the vague "
                                   "figure)"),
            "doc_id": Col(TEXT, "that figure's document"),
            "source": Col(TEXT, "its attribution, or the organisation of a reference value"),
            "text": Col(TEXT, "the figure's words"),
            "ref_id": Col(TEXT, "the reference row of a reference value"),
            "elsewhere": Col(TEXT, "for a missing input: another document's figure that gives "
                                   "it (not used: the model uses one document)"),
            "original_unit": Col(TEXT, "when the article states the money figure in another "
                                       "currency: its unit (KRW, EUR/month …); `value` is then "
                                       "the US-dollar conversion"),
            "rate_id": Col(TEXT, "that conversion's rate (an id in "
                                 "data/external/exchange_rates.csv)"),
        }, unique=["input"]),
    "model_document": _schema(
        "Which document's figures feed the model: the parameter model_document, else the one "
        "whose own figures give the most of troops_low, troops_high, monthly_pay_usd and "
        "revenue_claim_usd (ties to the first doc_id).", {
            "doc_id": Col(TEXT, "the document", False),
            "inputs_given": Col(INT, "how many of the four model inputs its own figures give",
                                False, _NONNEG),
            "inputs_total": Col(INT, "four", False),
            "rank": Col(INT, "1 = most complete (ties broken by doc_id)", False),
            "model": Col(BOOL, "true for the model document", False),
            "how": Col(TEXT, "for the model document: automatic or parameter"),
        }, unique=["doc_id"]),
    "flags": _schema(
        "Article figures left out of the analysis because no real report states such a "
        "value (bounds: nkrussia.analyze.common.PLAUSIBLE).", {
            "doc_id": Col(TEXT, "the article", False),
            "figure_id": Col(TEXT, "the figure", False),
            "quantity": Col(TEXT, "what it measures", False),
            "value": Col(FLOAT, "its value"), "low": Col(FLOAT, "its lower bound"),
            "high": Col(FLOAT, "its upper bound"),
            "limit_low": Col(FLOAT, "the lowest plausible value (money: in US dollars, "
                                    "against the figure's conversion)", False),
            "limit_high": Col(FLOAT, "the highest plausible value", False),
        }, unique=["figure_id"]),
    "conversions": _schema(
        "Every money figure in US dollars (nkrussia.analyze.currency), by document then "
        "offset: the amount as the article states it, the converted amount and the rate used, "
        "or why it is not converted.", {
            "doc_id": Col(TEXT, "the article", False),
            "figure_id": Col(TEXT, "the figure", False),
            "quantity": Col(TEXT, "what it measures", False),
            "text": Col(TEXT, "the figure's words"),
            "value": Col(FLOAT, "its number, in the article's currency"),
            "low": Col(FLOAT, "lower bound, in the article's currency"),
            "high": Col(FLOAT, "upper bound, in the article's currency"),
            "unit": Col(TEXT, "the article's currency (ISO 4217) with an optional /month or "
                              "/year", False),
            "status": Col(TEXT, "usd (stated in US dollars), converted or not_converted",
                          False, _isin(("usd", "converted", "not_converted"))),
            "usd_value": Col(FLOAT, "the number in US dollars (value ÷ units_per_usd)"),
            "usd_low": Col(FLOAT, "lower bound in US dollars"),
            "usd_high": Col(FLOAT, "upper bound in US dollars"),
            "usd_unit": Col(TEXT, "USD with the same /month or /year (empty: not converted)"),
            "rate_id": Col(TEXT, "the rate used (an id in data/external/exchange_rates.csv)"),
            "rate_period": Col(TEXT, "the period that rate averages (YYYY or YYYY-MM)"),
            "units_per_usd": Col(FLOAT, "the rate: units of the currency per US dollar"),
            "rate_organisation": Col(TEXT, "who publishes that rate"),
            "rate_match": Col(TEXT, "same_period (the period contains the date) or "
                                    "earlier_period (the nearest period before it)"),
            "date": Col(TEXT, "the date the rate was picked for"),
            "date_basis": Col(TEXT, "figure (the figure's resolved date) or article (its "
                                    "article's reference date)"),
            "reason": Col(TEXT, "not_converted: why, in words (no rate for the currency, no "
                                "date, no rate that early, no rate table)"),
        }, unique=["figure_id"]),
    "troop_estimates": _schema(
        "Every troop estimate: the articles' (sorted by document, offset) then the cited "
        "ones (by date).", {
            "kind": Col(TEXT, "article or external", False, _isin(["article", "external"])),
            "id": Col(TEXT, "figure_id or reference id", False),
            "doc_id": Col(TEXT, "the article (article rows)"),
            "value": Col(FLOAT, "the estimate"), "low": Col(FLOAT, "lower bound"),
            "high": Col(FLOAT, "upper bound"),
            "qualifier": Col(TEXT, "as in figures.csv"),
            "quantity": Col(TEXT, "troops_deployed or troops_expected"),
            "source": Col(TEXT, "the attribution, or the organisation"),
            "date": Col(TEXT, "the date it refers to (article rows: the article's reference "
                              "date)"),
            "url": Col(TEXT, "the page (external rows)"),
            "quote": Col(TEXT, "the figure's words, or the reference's quote"),
            "trust": Col(TEXT, "the reference's trust grade (external rows)"),
            "vs_model_range": Col(TEXT, "external rows: below, within or above the model "
                                        "document's troop range"),
        }, unique=["kind", "id"]),
    "claim_checks": _schema(
        "Each claim recomputed from its own document's figures and the parameters "
        "(registry: nkrussia.analyze.checks).", {
            "check_id": Col(TEXT, "`<kind>:<figure_id>` or `<kind>:<doc_id>` "
                                  "(`rice_shortfall:<basis>:<doc_id>`)", False),
            "kind": Col(TEXT, "the check: revenue, breakeven, rice_shortfall, troops, "
                              "troop_range, attribution, or any other registered in "
                              "nkrussia.analyze.checks", False, (_REGISTERED_KIND,)),
            "doc_id": Col(TEXT, "the document whose claim it is", False),
            "figure_id": Col(TEXT, "the article figure that states the claim"),
            "claimed_value": Col(FLOAT, "the claim's value"),
            "claimed_low": Col(FLOAT, "its lower bound"), "claimed_high": Col(FLOAT, "upper"),
            "claimed_qualifier": Col(TEXT, "its qualifier"),
            "unit": Col(TEXT, "unit of the recomputed values", False),
            "recomputed_value": Col(FLOAT, "revenue: troops × pay × months × share; breakeven: "
                                           "troops needed; rice_shortfall: the shortfall the "
                                           "claim implies; troops/attribution: the article "
                                           "figure"),
            "recomputed_low": Col(FLOAT, "lower bound of the recomputation (rice_shortfall; "
                                         "troop_range: the lowest reference estimate)"),
            "recomputed_high": Col(FLOAT, "upper bound (troop_range: the highest reference)"),
            "verdict": Col(TEXT, "consistent, inconsistent or not checkable", False,
                           _isin(VERDICTS)),
            "reason": Col(TEXT, "why, as a code: within_claim, below_claim, above_claim, "
                                "within_range, high_end_only, beyond_highest, nothing_retained, "
                                "no_minimum, matches_share, contradicts_share, near_reference, "
                                "far_from_references, within_references, outside_references, "
                                "same_body, other_body, no_reference_figure, no_references, "
                                "reference_missing, no_troop_figure, vague_troop_figure, "
                                "missing_input", False),
            "missing": Col(TEXT, "for missing_input: the input that is missing"),
            "elsewhere": Col(TEXT, "another document's figure that gives it (not used)"),
            "basis": Col(TEXT, "rice_shortfall: reference_shortfall or "
                               "fao_requirement_minus_harvest"),
            "formula": Col(TEXT, "what is computed, in words"),
            "figures_used": FIGURES_USED, "ref_ids": REF_IDS, "params_used": PARAMS_USED,
            "claimed_unit": Col(TEXT, "the claim's unit as the article states it (a currency "
                                      "code for money)"),
            "claimed_usd_value": Col(FLOAT, "money claims: the claim's value in US dollars "
                                            "(the check compares in US dollars)"),
            "claimed_usd_low": Col(FLOAT, "its lower bound in US dollars"),
            "claimed_usd_high": Col(FLOAT, "its upper bound in US dollars"),
            "rate_id": Col(TEXT, "the rate that converted a claim stated in another currency "
                                 "(data/external/exchange_rates.csv)"),
        }, unique=["check_id"]),
    "check_inputs": _schema(
        "The inputs and intermediate results of every claim check, one row each.", {
            "check_id": _CHECK_ID,
            "input": Col(TEXT, "an inputs.csv name, troops, reference, shortfall, "
                               "share_covered …", False),
            "role": Col(TEXT, "its part in the check: claim, troops, article, near, far, "
                              "lowest, highest, same_body, other_body, computed …", False),
            "value": Col(FLOAT, "its value"), "low": Col(FLOAT, "lower bound"),
            "high": Col(FLOAT, "upper bound"), "unit": Col(TEXT, "unit"),
            "origin": Col(TEXT, "as in inputs.csv, or computed", checks=_isin(TERM_ORIGINS)),
            "figure_id": Col(TEXT, "the article figure"),
            "ref_id": Col(TEXT, "the reference row"),
        }),
    "scenarios": _schema("Annual revenue over the grid of troops × monthly pay (troops "
                         "ascending, then pay).", {
        "troops": Col(INT, "troop count", False),
        "monthly_pay_usd": Col(FLOAT, "pay per soldier per month", False),
        "annual_revenue_usd": Col(FLOAT, "troops × pay × months × share", False),
        "claim_usd": Col(FLOAT, "the model document's revenue claim (its lower bound)"),
        "meets_claim": Col(BOOL, "whether the revenue is within the claim"),
        "figures_used": FIGURES_USED, "params_used": Col(TEXT, PARAMS_USED.description, False),
    }),
    "cumulative": _schema("Revenue summed month by month over two years (empty without pay "
                          "or troops).", {
        "scenario": Col(TEXT, "low or high troop count", False, _isin(["low", "high"])),
        "troops": Col(INT, "troop count", False), "month": Col(INT, "1 … 24", False),
        "cumulative_revenue_usd": Col(FLOAT, "revenue up to that month", False),
        "figures_used": FIGURES_USED, "params_used": Col(TEXT, PARAMS_USED.description, False),
    }),
    "montecarlo_summary": _schema("The simulated annual revenue, summarised.", {
        "statistic": Col(TEXT, "p5, p50, p95, mean, prob_meets_claim (share of draws within "
                               "the claim), n_draws, random_seed, claim_usd", False),
        "value": Col(FLOAT, "its value (empty when not computed)"),
        "missing": Col(TEXT, "the input whose absence left it empty"),
        "figures_used": FIGURES_USED, "params_used": Col(TEXT, PARAMS_USED.description, False),
    }, unique=["statistic"]),
    "montecarlo_hist": _schema("40 equal bins from the lowest to the highest revenue the "
                               "ranges allow.", {
        "bin_start": Col(FLOAT, "bin start, USD", False),
        "bin_end": Col(FLOAT, "bin end, USD", False),
        "count": Col(INT, "draws in the bin", False, _NONNEG),
        "figures_used": FIGURES_USED, "params_used": Col(TEXT, PARAMS_USED.description, False),
    }),
    "sensitivity": _schema("Each input from its low to its high value, the others at the "
                           "headline case (largest swing first).", {
        "input": Col(TEXT, "troops, monthly_pay_usd or state_share", False),
        "low_value": Col(FLOAT, "its low end", False),
        "high_value": Col(FLOAT, "its high end", False),
        "revenue_low": Col(FLOAT, "revenue at the low end", False),
        "revenue_high": Col(FLOAT, "revenue at the high end", False),
        "swing": Col(FLOAT, "|revenue_high − revenue_low|", False, _NONNEG),
        "base_revenue": Col(FLOAT, "revenue of the headline case", False),
        "figures_used": FIGURES_USED, "params_used": Col(TEXT, PARAMS_USED.description, False),
    }, unique=["input"]),
    "context": _schema("The model's revenue and the rice set against cited figures.", {
        "metric": Col(TEXT, "revenue_share_of_exports_2023, claim_share_of_exports_2023, "
                            "revenue_vs_trade_russia_2023, pay_reference, rice_value_usd, "
                            "rice_value_share_of_exports_2023, rice_share_of_reference_shortfall,"
                            " rice_share_of_fao_requirement_minus_harvest", False),
        "value": Col(FLOAT, "the ratio or amount (empty when not computed)"),
        "low": Col(FLOAT, "lower bound"), "high": Col(FLOAT, "upper bound"),
        "unit": Col(TEXT, "fraction, ratio, USD, USD/month"),
        "figures_used": FIGURES_USED, "ref_ids": REF_IDS, "params_used": PARAMS_USED,
        "missing": Col(TEXT, "the input whose absence left it empty"),
    }, unique=["metric"]),
    "food_balance": _schema("The rice the articles say Russia supplies, against estimates of "
                            "North Korea's food shortfall.", {
        "item": Col(TEXT, "rice_supplied, reference_shortfall, half_reference_shortfall or "
                          "fao_requirement_minus_harvest", False),
        "kind": Col(TEXT, "article, external or derived", False,
                    _isin(["article", "external", "derived"])),
        "doc_id": Col(TEXT, "the article (rice rows)"),
        "figure_id": Col(TEXT, "the rice figure"), "ref_ids": REF_IDS,
        "low": Col(FLOAT, "tonnes, low", False), "high": Col(FLOAT, "tonnes, high", False),
    }),
    "timeline": _schema("Dated events (sorted by date, kind, id).", {
        "date": Col(TEXT, "ISO date, possibly YYYY-MM", False),
        "kind": Col(TEXT, "article or external", False, _isin(["article", "external"])),
        "id": Col(TEXT, "figure_id or reference id", False),
        "doc_id": Col(TEXT, "the article (article rows)"),
        "what": Col(TEXT, "what happened: the article's words, or the reference's step"),
        "text": Col(TEXT, "the date's words, or the reference's quote"),
        "source": Col(TEXT, "attribution or organisation"), "url": Col(TEXT, "the page"),
    }),
    "estimates": _schema(
        "Every figure of a followed quantity across the articles, with who made it "
        "(nkrussia.analyze.corpus), in publication order.", {
            "doc_id": Col(TEXT, "the article", False),
            "figure_id": Col(TEXT, "the figure", False),
            "quantity": Col(TEXT, "what it measures", False),
            "value": Col(FLOAT, "its number", False), "low": Col(FLOAT, "lower bound"),
            "high": Col(FLOAT, "upper bound"), "qualifier": Col(TEXT, "its qualifier"),
            "unit": Col(TEXT, "its unit"),
            "date": Col(TEXT, "the article's reference date"),
            "period": Col(TEXT, "that date's month (YYYY-MM)"),
            "origin": Col(TEXT, "who made the estimate, normalised (nis, hur, pentagon …; "
                                "`unattributed`; `other:<words>`)", False),
            "origin_label": Col(TEXT, "the origin in words", False),
            "outlet": Col(TEXT, "the outlet that published the article"),
            "copy_group": Col(TEXT, "the first article of its group of near-copies", False),
            "repeat_of": Col(TEXT, "an earlier figure with the same number, quantity and "
                                   "origin (copies of one story, for unattributed numbers)"),
            "counted": Col(BOOL, "false for a repeat: a number counts once per origin", False),
            "usd_value": Col(FLOAT, "money: the number in US dollars (conversions.csv)"),
            "usd_low": Col(FLOAT, "money: lower bound in US dollars"),
            "usd_high": Col(FLOAT, "money: upper bound in US dollars"),
            "usd_unit": Col(TEXT, "money: USD with its /month or /year (empty: not "
                                  "converted)"),
            "rate_id": Col(TEXT, "money stated in another currency: the rate that converted "
                                 "it"),
        }, unique=["figure_id"]),
    "origins": _schema("Per quantity and origin: how often and how high it was reported.", {
        "quantity": Col(TEXT, "what it measures", False),
        "origin": Col(TEXT, "as in estimates.csv", False),
        "origin_label": Col(TEXT, "in words", False),
        "estimates": Col(INT, "distinct estimates (repeats counted once)", False, _NONNEG),
        "min": Col(FLOAT, "the smallest number (money: in US dollars; a money figure that "
                          "could not be converted is left out of this table)", False),
        "max": Col(FLOAT, "the largest", False),
        "first_date": Col(TEXT, "the first article's date"),
        "last_date": Col(TEXT, "the last article's date"),
        "latest_value": Col(FLOAT, "the number in the last article (money: US dollars)"),
        "latest_figure_id": Col(TEXT, "that figure"),
        "articles": Col(INT, "articles that give it", False, _NONNEG),
    }),
    "conflicts": _schema(
        "Per quantity and month, estimates from different origins that cannot both hold "
        "(their intervals do not overlap): the pair furthest apart, and how many pairs.", {
            "quantity": Col(TEXT, "what they measure", False),
            "period": Col(TEXT, "the month (YYYY-MM)", False),
            "pairs": Col(INT, "pairs of estimates that do not overlap", False, _NONNEG),
            "estimates": Col(INT, "counted estimates that month", False, _NONNEG),
            "low_figure_id": Col(TEXT, "the estimate with the lowest upper bound", False),
            "low_doc_id": Col(TEXT, "its article", False),
            "low_origin": Col(TEXT, "its origin", False),
            "low_value": Col(FLOAT, "its number", False),
            "low_high": Col(FLOAT, "its upper bound (empty: unbounded)"),
            "high_figure_id": Col(TEXT, "the estimate with the highest lower bound", False),
            "high_doc_id": Col(TEXT, "its article", False),
            "high_origin": Col(TEXT, "its origin", False),
            "high_value": Col(FLOAT, "its number", False),
            "high_low": Col(FLOAT, "its lower bound", False),
            "gap": Col(FLOAT, "how far apart the two intervals are (money: the bounds and "
                              "the gap in US dollars; a figure not converted is left out)",
                       False),
        }),
    "copies": _schema("Near-duplicate articles (the same story in several outlets), found "
                      "with MinHash LSH over five-word shingles.", {
        "doc_id": Col(TEXT, "the article", False),
        "copy_group": Col(TEXT, "the first article of its group (itself when unique)", False),
        "similarity": Col(FLOAT, "estimated Jaccard similarity to that article", False),
        "group_size": Col(INT, "articles in the group", False, _NONNEG),
        "outlet": Col(TEXT, "its outlet"),
    }, unique=["doc_id"]),
    "check_summary": _schema("The claim checks across articles: per kind and verdict.", {
        "kind": Col(TEXT, "the check", False), "verdict": Col(TEXT, "its verdict", False),
        "checks": Col(INT, "how many checks", False, _NONNEG),
        "articles": Col(INT, "how many articles", False, _NONNEG),
        "examples": Col(TEXT, "the first five articles (doc_ids, `;`-separated)"),
    }),
    "parameters": _schema("Every parameter of the run.", {
        "name": Col(TEXT, "the parameter", False), "value": Col(TEXT, "the value used"),
        "origin": Col(TEXT, "article (taken from the article), reference, assumption or "
                            "parameter (set by the user)", False, _isin(ORIGINS)),
        "default": Col(TEXT, "its default"), "description": Col(TEXT, "what it means"),
    }, unique=["name"]),
}


# --------------------------------------------------------------------------------------------
# docs/data.md
# --------------------------------------------------------------------------------------------

_FOLDERS = (("data/extracted", "stage 01, `nkrussia.extract`", EXTRACTED),
            ("data/external", "cited reference data, copied from shared/reference", EXTERNAL),
            ("data/processed", "stage 02, `nkrussia.analyze`", PROCESSED))

_PREAMBLE = """\
# Data dictionary

<!-- Generated from the pandera schemas in src/nkrussia/schemas.py by `make docs`
     (python -m nkrussia.schemas). Do not edit by hand: tests/test_docs.py fails when this
     file and the schemas differ. -->

Stages talk only through these files. Each is validated against its schema where it is
written and again where the next stage reads it; a violation stops the run with one line
naming the file, the column and the first bad value. Conventions for every CSV: UTF-8, `\\n`
line endings, a header row, rows in a documented deterministic order, empty cell = missing,
processed floats with 12 significant digits. Same inputs and parameters give byte-identical
files. Column kinds: text, int, float, bool (`True`/`False`).
"""


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def data_dictionary() -> str:
    """docs/data.md: every table, every column, its kind, whether it may be empty, and what
    it means — from the schemas above."""
    out = [_PREAMBLE]
    for folder, what, schemas in _FOLDERS:
        out.append(f"\n## {folder}/ ({what})\n")
        for name, schema in schemas.items():
            out.append(f"\n### `{name}.csv`\n\n{schema.description}\n")
            if not schema.strict:
                out.append("\nFurther columns may follow (they are kept and not checked).\n")
            out.append("\n| column | kind | empty? | meaning |\n|---|---|---|---|\n")
            for col_name, col in schema.columns.items():
                empty = "yes" if col.nullable else "no"
                if not col.required:
                    empty += " (column optional)"
                out.append(f"| `{col_name}` | {col.title} | {empty} | "
                           f"{_cell(col.description or '')} |\n")
    return "".join(out)


if __name__ == "__main__":  # `make docs`
    import sys
    from pathlib import Path

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/data.md")
    target.write_text(data_dictionary(), encoding="utf-8")
    print(f"wrote {target}")
