"""The report's rendering, by the names its callers know.

* HTML: :func:`export_html` — the executed report notebook in the report's own look
  (:mod:`nkrussia.report.page`), exported by the run machinery (:mod:`nkrussia.run.html`).
* PDF: Debian's Chromium driven over its DevTools pipe (:mod:`nkrussia.run.chromium`).
"""

from __future__ import annotations

from pathlib import Path

from nkrussia.run.chromium import (  # noqa: F401  (re-exported)
    CHROMIUM_ARGS,
    close_browser,
    find_chromium,
    prelaunch_browser,
    print_pdf,
)


def export_html(executed_notebook: Path, out_html: Path, cache_dir: Path | None = None,
                data_dir: Path | None = None, root: Path | None = None,
                pages_cache: Path | None = None) -> Path:
    """Executed notebook → the published page (see :func:`nkrussia.report.page.export_html`)."""
    from nkrussia.report import page

    return page.export_html(executed_notebook, out_html, cache_dir, data_dir, root,
                            pages_cache=pages_cache)
