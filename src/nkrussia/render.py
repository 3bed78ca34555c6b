"""Rendering: offline Altair in notebook outputs, nbconvert HTML without CDNs, Chromium PDF."""

from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).parent / "templates"
ASSETS = Path(__file__).parent / "assets"
TEMPLATE_NAME = "nkrussia"

# Flags Chromium needs as root on a machine without network (see shared/notes/rendering.md).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class RenderError(RuntimeError):
    """Rendering failed in a way the user can act on (no browser, charts that never drew)."""


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


def _altair_renderer(spec: dict, **_: Any) -> dict[str, str]:
    # JupyterLab draws the vega-lite mimetype itself; nbconvert picks text/html.
    from altair.utils.display import Displayable  # noqa: F401  (ensures altair present)

    return {
        "application/vnd.vegalite.v6+json": spec,
        "text/html": spec_html(spec, spec.get("description", "")),
        "text/plain": f"<chart: {spec.get('title', spec.get('description', 'Altair'))}>",
    }


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


# --------------------------------------------------------------------------- HTML
def export_html(executed_notebook: Path, out_html: Path, cache_dir: Path | None = None) -> Path:
    """Executed notebook → self-contained, offline HTML with code hidden."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(executed_notebook, as_version=4)
    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    # Wrapped in a function so the bundle's top-level `const`s stay private to it.
    bundle = vega_bundle(cache_dir).replace("</script", "<\\/script")
    resources = {
        "nkrussia": {
            "css": (ASSETS / "report.css").read_text(encoding="utf-8"),
            "vega_bundle": "(function(){\n" + bundle + "\n})();",
        },
        "metadata": {"name": nb.metadata.get("title", "report")},
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    out_html.parent.mkdir(parents=True, exist_ok=True)
    out_html.write_text(body, encoding="utf-8")
    return out_html


# --------------------------------------------------------------------------- Chromium
def _playwright_cache_browsers() -> list[Path]:
    base = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache/ms-playwright")
    found = sorted(base.glob("chromium-*/chrome-linux*/chrome"), reverse=True)
    found += sorted(base.glob("chromium_headless_shell-*/chrome-linux*/headless_shell"),
                    reverse=True)
    return found


def find_chromium() -> Path:
    """NKRUSSIA_CHROMIUM, then PATH, then playwright's browser cache."""
    env = os.environ.get("NKRUSSIA_CHROMIUM")
    if env:
        path = Path(env)
        if path.is_file() and os.access(path, os.X_OK):
            return path
        raise RenderError(f"NKRUSSIA_CHROMIUM={env} is not an executable file")
    for name in CHROMIUM_NAMES:
        hit = shutil.which(name)
        if hit:
            return Path(hit)
    cached = _playwright_cache_browsers()
    if cached:
        return cached[0]
    raise RenderError(
        "no Chromium found: install Debian's 'chromium' package (apt-get install chromium) "
        "or set NKRUSSIA_CHROMIUM to a Chrome/Chromium executable"
    )


FOOTER = (
    '<div style="font-size:8px;width:100%;padding:0 12mm;color:#666;'
    'font-family:Georgia,serif;display:flex;justify-content:space-between">'
    '<span class="title"></span><span>Page <span class="pageNumber"></span> of '
    '<span class="totalPages"></span></span></div>'
)

# Every chart has drawn (or failed) — printing earlier would give empty boxes.
_CHARTS_SETTLED = """() => {
  const charts = Array.from(document.querySelectorAll('.nk-chart'));
  return charts.every(el => el.hasAttribute('data-drawn') || el.hasAttribute('data-error'));
}"""


def print_pdf(html_path: Path, pdf_path: Path, timeout_s: float = 60) -> Path:
    """Print the report HTML to an A4 PDF with Chromium, after every chart has drawn."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    browser_path = find_chromium()
    # playwright gives every launch a fresh temporary profile of its own.
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=str(browser_path),
                args=CHROMIUM_ARGS,
            )
            try:
                page = browser.new_page()
                errors: list[str] = []
                page.on("pageerror", lambda exc: errors.append(str(exc)))
                page.route("**/*", lambda route: route.continue_()
                           if route.request.url.startswith(("file:", "data:"))
                           else route.abort())
                page.goto(html_path.resolve().as_uri(), wait_until="load")
                page.wait_for_function(_CHARTS_SETTLED, timeout=timeout_s * 1000)
                failed = page.eval_on_selector_all(
                    ".nk-chart[data-error]", "els => els.map(e => e.id + ': ' + "
                    "e.getAttribute('data-error'))")
                if failed:
                    raise RenderError("charts failed to draw: " + "; ".join(failed))
                page.emulate_media(media="print")
                pdf_path.parent.mkdir(parents=True, exist_ok=True)
                page.pdf(
                    path=str(pdf_path),
                    format="A4",
                    print_background=True,
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=FOOTER,
                    margin={"top": "16mm", "bottom": "18mm", "left": "14mm",
                            "right": "14mm"},
                    outline=True,
                    tagged=True,
                )
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise RenderError(f"Chromium ({browser_path}) failed to print "
                          f"{html_path}: {str(exc).splitlines()[0]}") from None
    return pdf_path
