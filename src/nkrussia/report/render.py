"""The Jinja environment of the report: autoescaping templates, strict about undefined names,
with the formatting module's functions as filters (``{{ x | usd }}``).

Templates live in ``src/nkrussia/templates/report/``: one per data-driven section, and
``macros.html.j2`` for the three number styles, verdict badges and "not computed" notes.
Escaping is the default; ``Markup`` is used only for markup a template itself produced.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from nkrussia import fmt

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "report"


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "j2"),
                                            default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
    )
    env.filters.update(fmt.FILTERS)
    return env


def render(template: str, **context: Any) -> Markup:
    """A template rendered with ``context``: escaped markup, ready to display."""
    return Markup(environment().get_template(f"{template}.html.j2").render(**context))


class HTML:
    """Rendered markup that Jupyter (and nbconvert) shows as HTML."""

    def __init__(self, markup: str):
        self.markup = str(markup)

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup
