"""Rendering: offline Altair in notebook outputs, nbconvert HTML without CDNs, Chromium PDF."""

from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
from pathlib import Path
from typing import Any

from nkrussia.errors import RenderError

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


# --------------------------------------------------------------------------- HTML
def export_html(executed_notebook: Path, out_html: Path, cache_dir: Path | None = None,
                data_dir: Path | None = None) -> Path:
    """Executed notebook → the published page (see :func:`nkrussia.report.page.export_html`)."""
    from nkrussia.report import page

    return page.export_html(executed_notebook, out_html, cache_dir, data_dir)


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
    """Print the report HTML to an A4 PDF with Chromium, after every chart has drawn.

    Chromium is driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``):
    the same page setup as playwright's ``page.pdf`` without starting playwright's Node
    driver, which costs about a second.
    """
    global _PRELAUNCHED
    browser_path = find_chromium()
    pipe, _PRELAUNCHED = _PRELAUNCHED, None
    if pipe is None or pipe.browser != browser_path or pipe.proc.poll() is not None:
        if pipe is not None:
            pipe.close()
        pipe = _CdpPipe(browser_path)
    try:
        pdf = pipe.print_pdf(html_path, timeout_s)
    except _CdpError as exc:
        raise RenderError(f"Chromium ({browser_path}) failed to print {html_path}: {exc}") \
            from None
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    pdf_path.write_bytes(pdf)
    return pdf_path


class _CdpError(RuntimeError):
    pass


_PRELAUNCHED: _CdpPipe | None = None


def prelaunch_browser() -> None:
    """Start Chromium now so that the next :func:`print_pdf` finds it ready (the pipeline
    calls this while the report notebook runs). :func:`close_browser` ends it if unused."""
    global _PRELAUNCHED
    if _PRELAUNCHED is None:
        _PRELAUNCHED = _CdpPipe(find_chromium())


def close_browser() -> None:
    global _PRELAUNCHED
    pipe, _PRELAUNCHED = _PRELAUNCHED, None
    if pipe is not None:
        pipe.close()


class _CdpPipe:
    """A minimal, synchronous DevTools-protocol client over Chromium's debugging pipe."""

    def __init__(self, browser: Path):
        import subprocess
        import tempfile

        self.browser = browser
        self.profile = tempfile.mkdtemp(prefix="nkrussia-chromium-")
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        # bash moves our pipe ends to fds 3 and 4, where Chromium expects them (dash, as
        # /bin/sh, cannot redirect fds above 9).
        redirect = f'exec "$0" "$@" 3<&{to_chrome_r} 4>&{from_chrome_w}'
        cmd = [shutil.which("bash") or "/bin/bash", "-c", redirect,
               str(browser), *CHROMIUM_ARGS, f"--user-data-dir={self.profile}",
               "--remote-debugging-pipe", "about:blank"]
        try:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                         pass_fds=(to_chrome_r, from_chrome_w),
                                         start_new_session=True)
        finally:
            os.close(to_chrome_r)
            os.close(from_chrome_w)
        self._buffer = b""
        self._next_id = 0
        self.session: str | None = None

    # -- transport
    def _send(self, method: str, params: dict | None = None, session: bool = True) -> int:
        self._next_id += 1
        msg: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        try:
            os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        except BrokenPipeError:
            raise _CdpError("Chromium exited" + self._last_error()) from None
        return self._next_id

    def _last_error(self) -> str:
        err = ""
        if self.proc.stderr and self.proc.poll() is not None:
            err = self.proc.stderr.read().decode(errors="replace")
        lines = [ln for ln in err.splitlines() if "unexpected operator" not in ln]
        return f": {lines[-1]}" if lines else ""

    def _read(self, deadline: float) -> dict:
        import select
        import time

        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise _CdpError("timed out waiting for Chromium")
            ready, _, _ = select.select([self._from_chrome], [], [], left)
            if ready:
                chunk = os.read(self._from_chrome, 1 << 20)
                if not chunk:
                    self.proc.wait()
                    raise _CdpError("Chromium exited" + self._last_error())
                self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def _handle_event(self, msg: dict) -> None:
        # Only file: and data: URLs may load: the report must not reach the network.
        if msg.get("method") == "Fetch.requestPaused":
            req = msg["params"]
            url = req["request"]["url"]
            if url.startswith(("file:", "data:")):
                self._send("Fetch.continueRequest", {"requestId": req["requestId"]})
            else:
                self._send("Fetch.failRequest", {"requestId": req["requestId"],
                                                 "errorReason": "BlockedByClient"})
        self.events.append(msg)

    def call(self, method: str, params: dict | None = None, timeout_s: float = 30,
             session: bool = True) -> dict:
        import time

        wanted = self._send(method, params, session)
        deadline = time.monotonic() + timeout_s
        while True:
            msg = self._read(deadline)
            if msg.get("id") == wanted:
                if "error" in msg:
                    raise _CdpError(f"{method}: {msg['error'].get('message')}")
                return msg.get("result", {})
            if "method" in msg:
                self._handle_event(msg)

    def wait_event(self, method: str, timeout_s: float) -> dict:
        import time

        for i, msg in enumerate(self.events):
            if msg.get("method") == method:
                return self.events.pop(i)
        deadline = time.monotonic() + timeout_s
        while True:
            msg = self._read(deadline)
            if msg.get("method") == method:
                return msg
            if "method" in msg:
                self._handle_event(msg)

    # -- the job
    def print_pdf(self, html_path: Path, timeout_s: float) -> bytes:
        import base64

        self.events: list[dict] = []
        try:
            target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)
            self.session = self.call("Target.attachToTarget", {
                "targetId": target["targetId"], "flatten": True}, session=False)["sessionId"]
            self.call("Fetch.enable", {"patterns": [{"urlPattern": "*"}]})
            self.call("Page.enable")
            self.call("Page.navigate", {"url": html_path.resolve().as_uri()})
            self.wait_event("Page.loadEventFired", timeout_s)
            settled = self.call("Runtime.evaluate", {
                "expression": _CHARTS_SETTLED_PROMISE % int(timeout_s * 1000),
                "awaitPromise": True, "returnByValue": True}, timeout_s=timeout_s + 5)
            value = settled.get("result", {}).get("value")
            if value is None:
                raise _CdpError("timed out waiting for the charts to draw")
            if value:
                raise RenderError("charts failed to draw: " + "; ".join(value))
            self.call("Emulation.setEmulatedMedia", {"media": "print"})
            mm = 1 / 25.4
            result = self.call("Page.printToPDF", {
                "paperWidth": 8.27, "paperHeight": 11.7,  # A4, as playwright sizes it
                "printBackground": True, "displayHeaderFooter": True,
                "headerTemplate": "<span></span>", "footerTemplate": FOOTER,
                "marginTop": 16 * mm, "marginBottom": 18 * mm,
                "marginLeft": 14 * mm, "marginRight": 14 * mm,
                "generateDocumentOutline": True, "generateTaggedPDF": True,
                "preferCSSPageSize": False,
            }, timeout_s=timeout_s)
            return base64.b64decode(result["data"])
        finally:
            self.close()

    def close(self) -> None:
        import signal

        # The PDF is in hand and the profile is thrown away: a clean Browser.close would
        # only cost half a second, so end the browser's whole process group at once.
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except OSError:
            pass
        self.proc.wait()
        for fd in (self._to_chrome, self._from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass
        if self.proc.stderr:
            self.proc.stderr.close()
        shutil.rmtree(self.profile, ignore_errors=True)


# Resolves with null on timeout, else with the list of charts that failed (empty: all drew).
_CHARTS_SETTLED_PROMISE = """new Promise(resolve => {
  const start = Date.now();
  const check = () => {
    const charts = Array.from(document.querySelectorAll('.nk-chart'));
    if (charts.every(el => el.hasAttribute('data-drawn') || el.hasAttribute('data-error'))) {
      resolve(charts.filter(el => el.hasAttribute('data-error'))
                    .map(el => el.id + ': ' + el.getAttribute('data-error')));
    } else if (Date.now() - start > %d) { resolve(null); } else { setTimeout(check, 20); }
  };
  check();
})"""
