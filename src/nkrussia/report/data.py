"""What the report reads: every table under data/, validated against its schema, and indexed.

Each table is read with the same schema the stage that wrote it used
(:mod:`nkrussia.schemas`). A missing or invalid table is None and its problem is kept, named
by file and column — the sections that need it then show "not computed because …" with that
message, so a broken contract is visible, never a quiet gap. Look-ups (a figure by id, a
document's figures, a check's inputs) are dictionaries built once, so the report costs time
in proportion to what it shows, whatever the size of the corpus.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from nkrussia.analyze.io import read_table
from nkrussia.errors import StageDataError
from nkrussia.schemas import EXTERNAL, EXTRACTED, PROCESSED

Row = dict[str, Any]

TABLES: dict[str, tuple[str, Any]] = {
    **{name: ("extracted", schema) for name, schema in EXTRACTED.items()},
    **{name: ("processed", schema) for name, schema in PROCESSED.items()},
    **{name: ("external", schema) for name, schema in EXTERNAL.items()},
}


def clean(value: Any) -> Any:
    """None for NaN / pandas NA; numpy scalars as Python numbers; anything else as it is."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    return value


def rows_of(df: pd.DataFrame | None) -> list[Row]:
    if df is None or df.empty:
        return []
    return [{k: clean(v) for k, v in r.items()} for r in df.to_dict("records")]


@dataclass
class ReportData:
    """Every table the report reads, validated; the problems of those that are not there."""

    data_dir: Path
    root: Path | None = None
    tables: dict[str, pd.DataFrame | None] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)
    manifest: dict = field(default_factory=dict)
    _rows: dict[str, list[Row]] = field(default_factory=dict, repr=False)
    _index: dict[str, Any] = field(default_factory=dict, repr=False)

    # ---- tables ------------------------------------------------------------------------
    def ok(self, *names: str) -> bool:
        return all(self.tables.get(n) is not None for n in names)

    def why(self, *names: str) -> str:
        """Why the first of ``names`` that is unusable cannot be used (for a visible note)."""
        for name in names:
            if self.tables.get(name) is None:
                return self.problems.get(name, f"the table {name} was not produced")
        return ""

    def rows(self, name: str) -> list[Row]:
        if name not in self._rows:
            self._rows[name] = rows_of(self.tables.get(name))
        return self._rows[name]

    def _by(self, name: str, key: str) -> dict[Any, Row]:
        ix = f"{name}.{key}"
        if ix not in self._index:
            self._index[ix] = {r[key]: r for r in self.rows(name)}
        return self._index[ix]

    def _group(self, name: str, key: str) -> dict[Any, list[Row]]:
        ix = f"{name}[{key}]"
        if ix not in self._index:
            groups: dict[Any, list[Row]] = defaultdict(list)
            for r in self.rows(name):
                groups[r[key]].append(r)
            self._index[ix] = dict(groups)
        return self._index[ix]

    # ---- look-ups ----------------------------------------------------------------------
    def figure(self, figure_id: Any) -> Row | None:
        return self._by("figures", "figure_id").get(figure_id) if figure_id else None

    def figures_of(self, doc_id: str, *quantities: str) -> list[Row]:
        figs = self._group("figures", "doc_id").get(doc_id, [])
        return [f for f in figs if not quantities or f["quantity"] in quantities]

    def document(self, doc_id: Any) -> Row:
        return self._by("documents", "doc_id").get(doc_id, {"doc_id": doc_id})

    def doc_ids(self) -> list[str]:
        """Every document: documents.csv's order, then any other doc_id the figures name."""
        if "doc_ids" not in self._index:
            seen = dict.fromkeys(str(r["doc_id"]) for r in self.rows("documents"))
            seen.update(dict.fromkeys(str(r["doc_id"]) for r in self.rows("figures")))
            self._index["doc_ids"] = list(seen)
        return self._index["doc_ids"]

    def input(self, name: str) -> Row | None:
        return self._by("inputs", "input").get(name)

    def param(self, name: str) -> Row | None:
        return self._by("parameters", "name").get(name)

    def reference(self, ref_id: Any) -> Row | None:
        return self._by("context_figures", "id").get(ref_id) if ref_id else None

    def conversion(self, figure_id: Any) -> Row | None:
        """A money figure's row of conversions.csv (its US-dollar amount and rate)."""
        return self._by("conversions", "figure_id").get(figure_id) if figure_id else None

    def rate(self, rate_id: Any) -> Row | None:
        return self._by("exchange_rates", "id").get(rate_id) if rate_id else None

    def check(self, check_id: str) -> Row | None:
        return self._by("claim_checks", "check_id").get(check_id)

    def checks_of(self, doc_id: str, kind: str | None = None) -> list[Row]:
        rows = self._group("claim_checks", "doc_id").get(doc_id, [])
        return [r for r in rows if kind is None or r["kind"] == kind]

    def check_inputs(self, check_id: str) -> list[Row]:
        return self._group("check_inputs", "check_id").get(check_id, [])

    def statistic(self, name: str) -> Row | None:
        return self._by("montecarlo_summary", "statistic").get(name)

    def context_row(self, metric: str) -> Row | None:
        return self._by("context", "metric").get(metric)

    def model_document(self) -> str | None:
        return next((r["doc_id"] for r in self.rows("model_document") if r["model"]), None)

    def flagged(self, figure_id: str) -> Row | None:
        return self._by("flags", "figure_id").get(figure_id)


def load(data_dir: Path, root: Path | None = None) -> ReportData:
    """Read and validate data/extracted, data/processed and data/external; never raises for a
    missing or invalid table (its problem is kept for the sections that need it)."""
    data_dir = Path(data_dir)
    data = ReportData(data_dir=data_dir, root=root)
    for name, (folder, schema) in TABLES.items():
        path = data_dir / folder / f"{name}.csv"
        if folder == "external" and not path.is_file() and root is not None:
            path = root / "data" / folder / f"{name}.csv"  # stage data staged elsewhere
        label = f"data/{folder}/{name}.csv"
        try:
            data.tables[name] = read_table(path, schema, label)
        except StageDataError as exc:
            data.tables[name] = None
            data.problems[name] = str(exc)
    data.manifest = _load_manifest(data_dir, root)
    return data


def _load_manifest(data_dir: Path, root: Path | None) -> dict:
    """The pipeline's data/manifest.json; run by hand, the same facts computed now."""
    path = data_dir / "manifest.json"
    if path.is_file():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, OSError):
            return {}
    if root is not None and (root / "notebooks").is_dir():
        from nkrussia.run.stages import manifest_by_hand

        try:
            return manifest_by_hand(root)
        except (OSError, ValueError):
            return {}
    return {}
