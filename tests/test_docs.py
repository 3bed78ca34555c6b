"""docs/data.md is generated from the schemas and kept in step with them."""

from __future__ import annotations

from nkrussia import schemas

from .conftest import REPO


def test_data_dictionary_is_current():
    """`make docs` regenerates docs/data.md from src/nkrussia/schemas.py."""
    assert (REPO / "docs" / "data.md").read_text(encoding="utf-8") == schemas.data_dictionary()


def test_every_column_of_every_table_is_described():
    for folder in (schemas.EXTRACTED, schemas.EXTERNAL, schemas.PROCESSED):
        for name, schema in folder.items():
            assert schema.description, name
            for col_name, col in schema.columns.items():
                assert col.description and len(col.description) > 3, f"{name}.{col_name}"
    text = schemas.data_dictionary()
    assert "| `recomputed_value` | float | yes |" in text
    assert "### `check_inputs.csv`" in text and "### `model_document.csv`" in text
