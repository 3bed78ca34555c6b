"""Reading and writing the tables at the stage boundaries, validated against their schemas.

Every table is read as text, then coerced and validated with its pandera schema
(:mod:`nkrussia.schemas`); any violation is a :class:`~nkrussia.errors.StageDataError` whose
one-line message names the table, the column and the first bad value. Writing validates too
and is byte-deterministic (12 significant digits, ``\\n`` line ends).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from nkrussia.errors import StageDataError
from nkrussia.schemas import BOOL, EXTERNAL, EXTRACTED, PROCESSED, kinds

FLOAT_FORMAT = "%.12g"  # processed CSVs: 12 significant digits, byte-stable
REF_FILES = ("context_figures.csv", "README.md")


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


def read_extracted(extracted_dir: Path, names: tuple[str, ...] = ("figures",),
                   optional: tuple[str, ...] = ("documents",)) -> dict:
    """Read and validate the extracted tables the analysis needs; each of ``optional`` is
    read when its file is there, else None."""
    out = {
        name: read_table(extracted_dir / f"{name}.csv", EXTRACTED[name],
                         f"data/extracted/{name}.csv")
        for name in names
    }
    for name in optional:
        path = extracted_dir / f"{name}.csv"
        out[name] = (read_table(path, EXTRACTED[name], f"data/extracted/{name}.csv")
                     if path.is_file() else None)
    return out


def read_reference(external_dir: Path) -> pd.DataFrame:
    return read_table(external_dir / "context_figures.csv", EXTERNAL["context_figures"],
                      "data/external/context_figures.csv")


def read_rates(external_dir: Path) -> tuple[pd.DataFrame | None, str | None]:
    """exchange_rates.csv, validated: (table, None), or (None, why not) when it is missing or
    invalid — the analysis then converts nothing and says why for every figure."""
    try:
        return (read_table(external_dir / "exchange_rates.csv", EXTERNAL["exchange_rates"],
                           "data/external/exchange_rates.csv"), None)
    except StageDataError as exc:
        return None, str(exc)


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
