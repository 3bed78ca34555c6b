"""The one parameter schema: names, types, ranges, defaults, descriptions and who reads them."""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from nkrussia.errors import ParamError

# Which notebook (stage) reads a parameter. The pipeline hashes only a stage's own
# parameters, so changing an analysis parameter does not re-run extraction.
EXTRACT, ANALYZE, REPORT = "01_extract", "02_analyze", "03_report"

# Where a default comes from, shown by `nkrussia params` and in the report:
#   article    - None means "take the article's own figure"; a value overrides it
#   reference  - read from data/external/context_figures.csv (row id given)
#   assumption - our modelling choice, documented in the description
ARTICLE, REFERENCE, ASSUMPTION = "article", "reference", "assumption"


def _param(default: Any, description: str, stages: tuple[str, ...], origin: str, **limits: Any):
    return Field(
        default,
        description=description,
        json_schema_extra={"stages": list(stages), "origin": origin},
        **limits,
    )


class Params(BaseModel):
    """Every parameter of a run. Validated before any notebook starts."""

    model_config = ConfigDict(extra="forbid", strict=True, validate_default=True)

    # --- analysis inputs the article normally states --------------------------------
    troops_low: int | None = _param(
        None, "Lowest troop count modelled; default: the article's lowest troop estimate.",
        (ANALYZE,), ARTICLE, ge=1, le=1_000_000)
    troops_high: int | None = _param(
        None, "Highest troop count modelled; default: the article's highest troop estimate.",
        (ANALYZE,), ARTICLE, ge=1, le=1_000_000)
    monthly_pay_usd: float | None = _param(
        None, "Pay per soldier per month in USD; default: the article's pay figure.",
        (ANALYZE,), ARTICLE, ge=0, le=100_000)
    model_document: str = _param(
        "", "doc_id of the one document whose own figures (troops, pay, revenue claim) feed "
        "the corpus-wide model (inputs, scenarios, Monte Carlo, sensitivity, context); "
        "default '' = automatic: the document giving the most of troops_low, troops_high, "
        "monthly_pay_usd and revenue_claim_usd, ties to the first doc_id. Claim checks always "
        "use each document's own figures.",
        (ANALYZE,), ASSUMPTION, max_length=200)
    # --- assumptions ------------------------------------------------------------------
    months: int = _param(
        12, "Months of deployment per year used to annualise pay.",
        (ANALYZE,), ASSUMPTION, ge=1, le=12)
    state_share: float = _param(
        1.0, "Share of soldiers' pay retained by the North Korean state (central case).",
        (ANALYZE,), ASSUMPTION, ge=0, le=1)
    state_share_min: float = _param(
        0.6, "Lowest share retained by the state in the Monte Carlo and sensitivity runs.",
        (ANALYZE,), ASSUMPTION, ge=0, le=1)
    state_share_max: float = _param(
        1.0, "Highest share retained by the state in the Monte Carlo and sensitivity runs.",
        (ANALYZE,), ASSUMPTION, ge=0, le=1)
    pay_spread: float = _param(
        0.25, "Relative spread of monthly pay around its central value (0.25 = ±25%).",
        (ANALYZE,), ASSUMPTION, ge=0, le=0.95)
    rice_price_usd_per_tonne: float = _param(
        510.0, "Rice price used to value the rice supplied (reference: rice_price_thai_2024_11).",
        (ANALYZE,), REFERENCE, gt=0, le=10_000)
    food_shortfall_tonnes: float = _param(
        1_000_000.0, "Annual food shortfall of North Korea, tonnes (reference: food_shortfall_wi).",
        (ANALYZE,), REFERENCE, gt=0, le=20_000_000)
    n_draws: int = _param(
        20_000, "Monte Carlo draws.", (ANALYZE,), ASSUMPTION, ge=100, le=2_000_000)
    random_seed: int = _param(
        20241104, "Seed of the Monte Carlo random generator (same seed, same numbers).",
        (ANALYZE,), ASSUMPTION, ge=0, le=2**32 - 1)
    grid_troops_min: int = _param(
        1_000, "Smallest troop count in the revenue scenario grid.",
        (ANALYZE,), ASSUMPTION, ge=1, le=1_000_000)
    grid_troops_max: int = _param(
        15_000, "Largest troop count in the revenue scenario grid.",
        (ANALYZE,), ASSUMPTION, ge=1, le=1_000_000)
    grid_troops_step: int = _param(
        1_000, "Step between troop counts in the scenario grid.",
        (ANALYZE,), ASSUMPTION, ge=1, le=1_000_000)
    grid_pay_min: float = _param(
        500.0, "Lowest monthly pay (USD) in the scenario grid.",
        (ANALYZE,), ASSUMPTION, ge=0, le=100_000)
    grid_pay_max: float = _param(
        3_000.0, "Highest monthly pay (USD) in the scenario grid.",
        (ANALYZE,), ASSUMPTION, ge=0, le=100_000)
    grid_pay_step: float = _param(
        250.0, "Step between monthly pay values in the scenario grid.",
        (ANALYZE,), ASSUMPTION, gt=0, le=100_000)
    scenario: Literal["low", "central", "high"] = _param(
        "central", "Troop scenario the report headlines and the what-if starts from "
        "(low / high estimate, or their midpoint).", (ANALYZE,), ASSUMPTION)
    # --- presentation -----------------------------------------------------------------
    report_title: str = _param(
        "North Korean troops for Russia: what the numbers say",
        "Title of the published report.", (REPORT,), ASSUMPTION, min_length=1, max_length=200)
    publisher: str = _param(
        "nkrussia", "Who publishes the report: the byline and the first words of the citation.",
        (REPORT,), ASSUMPTION, min_length=1, max_length=200)
    cite_as: str = _param(
        "", "How to cite the report; '' = automatic: publisher, title, date and the commit it "
        "was built from.", (REPORT,), ASSUMPTION, max_length=500)
    licence: str = _param(
        "Text and charts: CC BY 4.0. Code: MIT. Cited figures and article quotes remain "
        "their sources'.", "The licence line printed with the report.", (REPORT,), ASSUMPTION,
        min_length=1, max_length=500)

    @model_validator(mode="after")
    def _ordered_bounds(self) -> Params:
        pairs = [
            ("troops_low", "troops_high"),
            ("state_share_min", "state_share_max"),
            ("grid_troops_min", "grid_troops_max"),
            ("grid_pay_min", "grid_pay_max"),
        ]
        for low, high in pairs:
            a, b = getattr(self, low), getattr(self, high)
            if a is not None and b is not None and a > b:
                raise ValueError(f"{low} ({a}) must not exceed {high} ({b})")
        return self

    def for_stage(self, stage: str) -> dict[str, Any]:
        """The parameters one notebook reads (what papermill injects, what its cache hashes)."""
        return {
            name: getattr(self, name)
            for name, field in type(self).model_fields.items()
            if stage in field.json_schema_extra["stages"]
        }



def names() -> list[str]:
    return list(Params.model_fields)


def _closest(name: str) -> str:
    match = difflib.get_close_matches(name, names(), n=1, cutoff=0.5)
    if not match:  # a prefix or fragment, e.g. "pay" → "monthly_pay_usd"
        match = [n for n in names() if len(name) >= 3 and name.lower() in n]
    if match:
        return f"; did you mean '{match[0]}'?"
    return "; `nkrussia params` lists the valid names"


def _expected(name: str) -> str:
    field = Params.model_fields[name]
    kind = {int: "an integer", float: "a number", str: "text", bool: "true/false"}
    ann = field.annotation
    base = getattr(ann, "__args__", (ann,))
    types = [kind.get(t, getattr(t, "__name__", str(t))) for t in base if t is not type(None)]
    if getattr(ann, "__origin__", None) is Literal:
        return "one of " + ", ".join(map(repr, ann.__args__))
    text = " or ".join(types) if types else str(ann)
    rng = range_text(name)
    return f"{text}{' in ' + rng if rng else ''}"


def range_text(name: str) -> str:
    """Human range of a parameter, e.g. '[0, 1]' or '> 0'."""
    meta = {type(m).__name__: m for m in Params.model_fields[name].metadata}
    lo = ("[", meta["Ge"].ge) if "Ge" in meta else ("(", meta["Gt"].gt) if "Gt" in meta else None
    hi = ("]", meta["Le"].le) if "Le" in meta else ("(", meta["Lt"].lt) if "Lt" in meta else None
    if "MinLen" in meta or "MaxLen" in meta:
        return ""
    if lo and hi:
        return f"{lo[0]}{lo[1]:,}, {hi[1]:,}{hi[0] if hi[0] == ']' else ')'}"
    if lo:
        return f"{'≥' if lo[0] == '[' else '>'} {lo[1]:,}"
    if hi:
        return f"≤ {hi[1]:,}"
    return ""


def coerce_cli_value(name: str, raw: str) -> Any:
    """Parse the text after ``-p NAME=`` with YAML rules (so 7000 is an int, 0.5 a float)."""
    if name not in Params.model_fields:
        raise ParamError(f"unknown parameter '{name}'{_closest(name)}")
    try:
        value = yaml.safe_load(raw) if raw.strip() else None
    except yaml.YAMLError:
        value = raw
    if value is None and raw.strip().lower() not in ("null", "~", "none", ""):
        value = raw
    if Params.model_fields[name].annotation is str and not isinstance(value, str):
        value = raw.strip()  # text fields keep the text: `model_document=001`, `=` (empty)
    if isinstance(value, str) and float in _allowed(name):
        # YAML 1.1 reads 2e3 (no dot) as text; it is a number
        try:
            value = float(value)
        except ValueError:
            pass
    return value


def _allowed(name: str) -> tuple:
    ann = Params.model_fields[name].annotation
    return getattr(ann, "__args__", (ann,))


def _loosen(name: str, value: Any) -> Any:
    # Strict mode refuses 2000 for a float field; an int is a perfectly good number there.
    if isinstance(value, int) and not isinstance(value, bool) and float in _allowed(name):
        return float(value)
    if isinstance(value, float) and value == 0:
        return 0.0  # -0.0 is 0 (the report would print "× -0 = -0")
    return value


def validate(values: dict[str, Any]) -> Params:
    """Build a Params from a mapping, turning pydantic's report into one clear line."""
    for name in values:
        if name not in Params.model_fields:
            raise ParamError(f"unknown parameter '{name}'{_closest(name)}")
    values = {k: _loosen(k, v) for k, v in values.items()}
    try:
        return Params(**values)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = err["loc"][0] if err["loc"] else None
        if loc in Params.model_fields:
            got = values.get(loc)
            raise ParamError(
                f"parameter '{loc}': expected {_expected(loc)}, got {got!r}"
            ) from None
        raise ParamError(f"parameters: {err['msg'].removeprefix('Value error, ')}") from None


def read_yaml(path: Path) -> dict[str, Any]:
    """Read a params YAML file: a mapping of names to values (empty file = no values)."""
    import stat

    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ParamError(f"params file '{path}' not found") from None
    except OSError as exc:
        raise ParamError(f"params file '{path}' cannot be read ({exc.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise ParamError(f"params file '{path}' is a folder, not a YAML file")
    if not stat.S_ISREG(st.st_mode):
        raise ParamError(f"params file '{path}' is not a regular file (a pipe or device?)")
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise ParamError(f"params file '{path}' cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ParamError(f"params file '{path}' is not UTF-8 text") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ParamError(f"params file '{path}' is not valid YAML: {exc}".splitlines()[0]) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParamError(f"params file '{path}' must hold a mapping of name: value")
    return data


def resolve(
    params_file: Path | None = None,
    extra_files: list[Path] | None = None,
    overrides: list[str] | None = None,
) -> Params:
    """params.yaml, then each --params file, then each -p NAME=VALUE, validated once."""
    values: dict[str, Any] = {}
    if params_file is not None and os.path.lexists(params_file):
        values.update(read_yaml(params_file))
    for extra in extra_files or []:
        values.update(read_yaml(extra))
    for item in overrides or []:
        if "=" not in item:
            raise ParamError(f"-p expects NAME=VALUE, got '{item}'")
        name, raw = item.split("=", 1)
        name = name.strip()
        values[name] = coerce_cli_value(name, raw)
    return validate(values)


def table() -> list[dict[str, str]]:
    """One row per parameter, for `nkrussia params` and the report's method section."""
    rows = []
    for name, field in Params.model_fields.items():
        extra = field.json_schema_extra
        ann = field.annotation
        if getattr(ann, "__origin__", None) is Literal:
            type_name = "choice"
            rng = " | ".join(ann.__args__)
        else:
            args = [a.__name__ for a in getattr(ann, "__args__", (ann,)) if a is not type(None)]
            type_name = args[0] if len(args) == 1 else "|".join(args)
            rng = range_text(name)
        default = field.default
        rows.append({
            "name": name,
            "type": type_name,
            "default": "(from article)" if default is None else repr(default)
            if isinstance(default, str) else f"{default}",
            "range": rng,
            "origin": extra["origin"],
            "notebooks": ", ".join(extra["stages"]),
            "description": field.description or "",
        })
    return rows


def stage_defaults(stage: str) -> dict[str, Any]:
    """The defaults one notebook's `parameters` cell must carry (a test keeps them equal)."""
    return Params().for_stage(stage)


def from_notebook(namespace: dict[str, Any], stage: str) -> Params:
    """Validate the values a notebook's `parameters` cell ended up with (papermill or by hand)."""
    return validate({name: namespace[name] for name in stage_defaults(stage) if name in namespace})
