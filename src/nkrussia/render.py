"""Rendering: offline Altair in notebook outputs, nbconvert HTML without CDNs, Chromium PDF."""

from __future__ import annotations

import hashlib
import html
import json
import os
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).parent / "templates"
ASSETS = Path(__file__).parent / "assets"
TEMPLATE_NAME = "nkrussia"

# The Chromium client and the HTML export are run machinery: nkrussia.run.chromium and
# nkrussia.run.html. Their names stay importable from here.
from nkrussia.run.chromium import (  # noqa: E402,F401
    CHROMIUM_ARGS,
    FOOTER,
    close_browser,
    find_chromium,
    prelaunch_browser,
    print_pdf,
)


def export_html(executed_notebook: Path, out_html: Path, cache_dir: Path | None = None) -> Path:
    """Executed notebook → offline HTML in the report's look (the export itself:
    :func:`nkrussia.run.html.export_html`)."""
    from nkrussia.run.html import export_html as _export

    return _export(executed_notebook, out_html, templates=TEMPLATES, template_name=TEMPLATE_NAME,
                   stylesheet=ASSETS / "report.css", vega_bundle=vega_bundle(cache_dir))


# --------------------------------------------------------------------------- Altair, offline
def _script_safe_json(value: Any) -> str:
    # JSON inside <script> must not be able to close the tag or open a comment: an
    # article quote containing "</script>" would otherwise escape into the page.
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--").replace("\u2028", "\\u2028")


def spec_html(spec: dict, alt_text: str = "") -> str:
    """A chart as a <div> plus a vegaEmbed call; the Vega bundle is in the page head."""
    payload = _script_safe_json(spec)
    chart_id = "vis-" + hashlib.sha256(payload.encode()).hexdigest()[:12]
    label = html.escape(alt_text or spec.get("description") or "chart", quote=True)
    options = {"renderer": "svg", "actions": {"export": True, "source": False,
                                              "compiled": False, "editor": False}}
    return (
        f'<div class="nk-chart" id="{chart_id}" role="img" aria-label="{label}"></div>\n'
        "<script>(function(){var el=document.getElementById(" + json.dumps(chart_id) + ");"
        "if(!window.vegaEmbed){el.textContent='Chart library missing.';return;}"
        "window.vegaEmbed(el," + payload + "," + _script_safe_json(options) + ")"
        ".then(function(){el.setAttribute('data-drawn','1');})"
        ".catch(function(e){el.setAttribute('data-error',String(e));"
        "console.error('chart '+el.id+': '+e);});})();</script>"
    )


def exporting() -> bool:
    """True when the pipeline runs the notebook (it sets NKRUSSIA_DATA_DIR) for HTML export."""
    return bool(os.environ.get("NKRUSSIA_DATA_DIR"))


def _altair_renderer(spec: dict, **_: Any) -> dict[str, Any]:
    if not exporting():
        # In JupyterLab: a static SVG drawn by vl-convert. Lab's own Vega knows only
        # vega-lite v5 and untrusted notebooks run no scripts; an SVG always shows.
        import vl_convert

        return {"image/svg+xml": vl_convert.vegalite_to_svg(spec),
                "text/plain": f"<chart: {spec.get('description', 'Altair')}>"}
    # For nbconvert: a div + vegaEmbed call (the bundle is in the page head).
    return {
        "text/html": spec_html(spec, spec.get("description", "")),
        "text/plain": f"<chart: {spec.get('title', spec.get('description', 'Altair'))}>",
    }


def chart_markup(spec: dict, alt_text: str = "") -> str:
    """HTML for one chart: interactive for the published report, a static SVG in JupyterLab."""
    if exporting():
        return spec_html(spec, alt_text)
    import vl_convert

    label = html.escape(alt_text or spec.get("description") or "chart", quote=True)
    return (f'<div class="nk-chart-static" role="img" aria-label="{label}">'
            f"{vl_convert.vegalite_to_svg(spec)}</div>")


def setup_notebook() -> None:
    """Call at the top of a notebook: Altair renders offline, with its data inline."""
    import altair as alt

    alt.renderers.register("nkrussia", _altair_renderer)
    alt.renderers.enable("nkrussia")
    alt.data_transformers.disable_max_rows()


def vega_bundle(cache_dir: Path | None = None) -> str:
    """vl-convert's Vega + Vega-Lite + vega-embed bundle, cached by vl-convert version."""
    import vl_convert

    version = vl_convert.get_vega_embed_version() + "-" + vl_convert.__version__
    # Derived from the installed package alone, so it lives in the user's cache, not build/.
    default = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "nkrussia"
    cache = (cache_dir or default) / f"vega-bundle-{version}.js"
    if cache.is_file():
        return cache.read_text(encoding="utf-8")
    bundle = vl_convert.javascript_bundle()
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(bundle, encoding="utf-8")
    os.replace(tmp, cache)
    return bundle
