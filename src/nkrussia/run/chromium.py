"""Headless Chromium over its DevTools pipe: find it, print the report to PDF, reproducibly.

Chromium is driven over ``--remote-debugging-pipe`` with a minimal synchronous client: the
same page setup as playwright's ``page.pdf`` without starting playwright's Node driver, which
costs about a second. The pipe is read into one growing buffer scanned from where the last
scan stopped (linear in the size of the answer), and the PDF comes back as a stream read in
chunks (``transferMode: ReturnAsStream`` + ``IO.read``), each chunk with its own time limit,
so a large report is limited by progress, not by a fixed total.

The PDF's dates (``/CreationDate``, ``/ModDate`` in the Info dictionary; Chromium writes no
XMP packet and no trailer ``/ID``) are set to the run's build date, and the structure tree's
element IDs (named after DOM nodes) to numbers fixed by the structure, so the same inputs give
the same bytes. Both are rewritten in place at the same length: no object moves.
"""

from __future__ import annotations

import base64
import datetime
import json
import os
import re
import select
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from nkrussia.errors import RenderError
from nkrussia.run.pdf import finish, outline_pages, pdf_title, relative_links

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
    "--disable-breakpad",  # no crash handler process that could outlive the browser
]
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


SHORT_TMP = 60  # longest TMPDIR for Chromium: its socket path there must stay under 108 bytes
BASE_TIMEOUT_S = 60.0  # loading, drawing and printing a small report
TIMEOUT_S_PER_MB = 30.0  # … plus this much per MB of HTML


def page_timeout(html_path: Path) -> float:
    """How long loading, drawing and printing may take: grows with the page's size."""
    try:
        size = html_path.stat().st_size
    except OSError:
        size = 0
    return BASE_TIMEOUT_S + TIMEOUT_S_PER_MB * size / 1e6


# --------------------------------------------------------------------------- finding it
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


# --------------------------------------------------------------------------- the PDF's dates
_PDF_DATE = re.compile(rb"/(CreationDate|ModDate)(\s*)\((D:[0-9]{4}[^)]{0,40})\)")


def pdf_date(day: str) -> bytes:
    """``D:YYYYMMDD000000+00'00'`` for an ISO date (midnight UTC)."""
    d = datetime.date.fromisoformat(day)
    return f"D:{d:%Y%m%d}000000+00'00'".encode()


def set_pdf_dates(pdf: bytes, day: str) -> bytes:
    """The PDF with its creation and modification dates set to ``day``.

    Done in place, byte for byte: the new date string is no longer than Chromium's (it is
    written in the same format), and any difference is made up with spaces after the string,
    where PDF allows white space, so no object moves and the cross-reference table stays
    valid. No PDF library is in the lock, and this needs none.
    """
    new = pdf_date(day)

    def swap(match: re.Match) -> bytes:
        name, space, old = match.groups()
        if len(new) > len(old):  # cannot happen with Chromium's format; keep it valid
            return match.group(0)
        return b"/" + name + space + b"(" + new + b")" + b" " * (len(old) - len(new))

    return _PDF_DATE.sub(swap, pdf)


_NODE_PAIR = re.compile(rb"\((node[0-9]{8})\) ([0-9]+) 0 R")
_NODE_ID = re.compile(rb"\((node[0-9]{8})\)")
_ID_LEAF = re.compile(rb"/Limits \[\((node[0-9]{8})\) \((node[0-9]{8})\)\]\s*/Names \[([^\]]*)\]")


def set_pdf_node_ids(pdf: bytes) -> bytes:
    """The tagged PDF's structure-element IDs made independent of the page's DOM history.

    Chromium names each element of the structure tree that has an ID after its DOM node
    (``/ID (node00000155)``), and the node numbers depend on the order the page created its
    nodes (the charts draw asynchronously), so two prints of one page differ there. Each ID
    becomes ``node`` + the number of the element's PDF object (fixed by the structure), in
    place and at the same length, and the ID tree's entries are re-sorted by the new keys
    (a name tree must be sorted). Left as it is when the ID tree is not a single leaf.
    """
    leaves = list(_ID_LEAF.finditer(pdf))
    if len(leaves) != 1:
        return pdf
    pairs = _NODE_PAIR.findall(leaves[0].group(3))
    new = {old: b"node%08d" % int(obj) for old, obj in pairs}
    if len(set(new.values())) != len(new) or any(len(v) != 12 for v in new.values()):
        return pdf
    leaf = leaves[0]
    entries = sorted((new[old], obj) for old, obj in pairs)
    names = b" ".join(b"(%s) %s 0 R" % entry for entry in entries)
    if len(names) != len(leaf.group(3)):
        return pdf
    rebuilt = (pdf[:leaf.start(1)] + entries[0][0] + pdf[leaf.end(1):leaf.start(2)]
               + entries[-1][0] + pdf[leaf.end(2):leaf.start(3)] + names + pdf[leaf.end(3):])
    head, tail = rebuilt[:leaf.start()], rebuilt[leaf.end():]
    middle = rebuilt[leaf.start():leaf.end()]
    rename = lambda m: b"(" + new.get(m.group(1), m.group(1)) + b")"  # noqa: E731
    return _NODE_ID.sub(rename, head) + middle + _NODE_ID.sub(rename, tail)


def source_date() -> str | None:
    """``SOURCE_DATE_EPOCH`` as an ISO date, or None when it is not set (or not a number)."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        return datetime.datetime.fromtimestamp(int(raw), datetime.UTC).date() \
            .isoformat() if raw else None
    except (ValueError, OverflowError, OSError):
        return None


# --------------------------------------------------------------------------- printing
_PRELAUNCHED: _CdpPipe | None = None


def print_pdf(html_path: Path, pdf_path: Path, timeout_s: float | None = None,
              build_date: str | None = None, temp: Path | None = None) -> Path:
    """Print the report HTML to an A4 PDF with Chromium, after every chart has drawn.

    ``timeout_s``: for loading, drawing and printing (default: grows with the page size);
    reading the PDF back is limited per chunk. ``build_date``: the date the PDF carries
    (default: ``SOURCE_DATE_EPOCH``, else Chromium's own clock).
    """
    global _PRELAUNCHED
    browser_path = find_chromium()
    pipe, _PRELAUNCHED = _PRELAUNCHED, None
    if pipe is None or pipe.browser != browser_path or pipe.proc.poll() is not None:
        if pipe is not None:
            pipe.close()
        pipe = _CdpPipe(browser_path, temp)
    try:
        pdf = pipe.print_pdf(html_path, timeout_s or page_timeout(html_path))
    except _CdpError as exc:
        raise RenderError(f"Chromium ({browser_path}) failed to print {html_path}: {exc}") \
            from None
    pdf = relative_links(pdf, Path(html_path).resolve().parent.as_uri() + "/")
    pdf = set_pdf_node_ids(pdf)
    day = build_date or source_date()
    if day:
        pdf = set_pdf_dates(pdf, day)
    pdf = finish(pdf, pdf_title(pdf), "en", day)
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    pdf_path.write_bytes(pdf)
    return pdf_path


class _CdpError(RenderError):
    """Chromium misbehaved (exited, timed out, answered with an error)."""


def prelaunch_browser(temp: Path | None = None) -> None:
    """Start Chromium now so that the next :func:`print_pdf` finds it ready (the pipeline
    calls this while the report notebook runs). :func:`close_browser` ends it if unused."""
    global _PRELAUNCHED
    if _PRELAUNCHED is None:
        _PRELAUNCHED = _CdpPipe(find_chromium(), temp)


def close_browser() -> None:
    global _PRELAUNCHED
    pipe, _PRELAUNCHED = _PRELAUNCHED, None
    if pipe is not None:
        pipe.close()


class PipeReader:
    """NUL-separated JSON messages from a file descriptor, in time linear in their size:
    one buffer that grows by appending, scanned for the separator only from where the last
    scan stopped, and compacted once what was consumed outweighs what is left."""

    def __init__(self, fd: int, on_eof=lambda: "the other end closed the pipe"):
        self.fd = fd
        self.on_eof = on_eof
        self.buffer = bytearray()
        self.start = 0  # first byte not yet returned
        self.scanned = 0  # no separator in buffer[start:scanned]

    def read(self, deadline: float) -> dict:
        while True:
            end = self.buffer.find(b"\0", self.scanned)
            if end >= 0:
                raw = bytes(self.buffer[self.start:end])
                self.start = self.scanned = end + 1
                if self.start > len(self.buffer) // 2:
                    del self.buffer[:self.start]
                    self.start = self.scanned = 0
                return json.loads(raw)
            self.scanned = len(self.buffer)
            left = deadline - time.monotonic()
            if left <= 0:
                raise _CdpError("timed out waiting for Chromium")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                chunk = os.read(self.fd, 1 << 20)
                if not chunk:
                    raise _CdpError(self.on_eof())
                self.buffer += chunk


class _CdpPipe:
    """A minimal, synchronous DevTools-protocol client over Chromium's debugging pipe."""

    def __init__(self, browser: Path, temp: Path | None = None):
        self.browser = browser
        self.profile = tempfile.mkdtemp(prefix="nkrussia-chromium-", dir=temp)
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        # bash moves our pipe ends to fds 3 and 4, where Chromium expects them (dash, as
        # /bin/sh, cannot redirect fds above 9).
        redirect = f'exec "$0" "$@" 3<&{to_chrome_r} 4>&{from_chrome_w}'
        cmd = [shutil.which("bash") or "/bin/bash", "-c", redirect,
               str(browser), *CHROMIUM_ARGS, f"--user-data-dir={self.profile}",
               "--remote-debugging-pipe", "about:blank"]
        # Chromium's own temporary files (a .org.chromium.Chromium.* folder with a Unix
        # socket in it, left behind when it is killed) go into a folder removed with the
        # profile; a socket path may not exceed 107 bytes, so that folder must be short
        self.scratch = self.profile if len(self.profile) <= SHORT_TMP else tempfile.mkdtemp(
            prefix=f"nkrussia-run-{os.getpid()}-c", dir="/tmp")
        env = {**os.environ, "TMPDIR": self.scratch}
        try:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                         pass_fds=(to_chrome_r, from_chrome_w), env=env,
                                         start_new_session=True)
        except OSError as exc:
            shutil.rmtree(self.profile, ignore_errors=True)
            shutil.rmtree(self.scratch, ignore_errors=True)
            raise RenderError(f"Chromium ({browser}) could not be started "
                              f"({exc.strerror})") from None
        finally:
            os.close(to_chrome_r)
            os.close(from_chrome_w)
        self.reader = PipeReader(self._from_chrome, self._exited)
        self._next_id = 0
        self.session: str | None = None
        self.events: list[dict] = []

    # -- transport
    def _exited(self) -> str:
        self.proc.wait()
        return "Chromium exited" + self._last_error()

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
        wanted = self._send(method, params, session)
        deadline = time.monotonic() + timeout_s
        while True:
            msg = self.reader.read(deadline)
            if msg.get("id") == wanted:
                if "error" in msg:
                    raise _CdpError(f"{method}: {msg['error'].get('message')}")
                return msg.get("result", {})
            if "method" in msg:
                self._handle_event(msg)

    def wait_event(self, method: str, timeout_s: float) -> dict:
        for i, msg in enumerate(self.events):
            if msg.get("method") == method:
                return self.events.pop(i)
        deadline = time.monotonic() + timeout_s
        while True:
            msg = self.reader.read(deadline)
            if msg.get("method") == method:
                return msg
            if "method" in msg:
                self._handle_event(msg)

    def read_stream(self, handle: str, chunk_timeout_s: float = 30) -> bytes:
        """A DevTools IO stream, whole: chunks appended to a list, joined once."""
        parts: list[bytes] = []
        while True:
            got = self.call("IO.read", {"handle": handle, "size": 1 << 20},
                            timeout_s=chunk_timeout_s)
            data = got.get("data", "")
            parts.append(base64.b64decode(data) if got.get("base64Encoded") else data.encode())
            if got.get("eof"):
                break
        self.call("IO.close", {"handle": handle})
        return b"".join(parts)

    # -- the job
    def print_pdf(self, html_path: Path, timeout_s: float) -> bytes:
        self.events = []
        try:
            target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)
            self.session = self.call("Target.attachToTarget", {
                "targetId": target["targetId"], "flatten": True}, session=False)["sessionId"]
            self.call("Fetch.enable", {"patterns": [{"urlPattern": "*"}]})
            self.call("Page.enable")
            self.call("Page.navigate", {"url": html_path.resolve().as_uri()})
            self.wait_event("Page.loadEventFired", timeout_s)
            settled = self.call("Runtime.evaluate", {
                "expression": _IMAGES_LOADED_PROMISE % int(timeout_s * 1000),
                "awaitPromise": True, "returnByValue": True}, timeout_s=timeout_s + 5)
            value = settled.get("result", {}).get("value")
            if value is None:
                raise _CdpError("timed out waiting for the page's drawings to load")
            if value:
                raise RenderError("drawings failed to load: " + "; ".join(value))
            self.call("Emulation.setEmulatedMedia", {"media": "print"})
            pdf = self._print(timeout_s)
            # the contents get the page numbers the first print gave their headings; the
            # numbers sit in space the entries already had, so the pages do not move
            numbered = self.call("Runtime.evaluate", {
                "expression": _NUMBER_CONTENTS % json.dumps(outline_pages(pdf)),
                "returnByValue": True}).get("result", {}).get("value")
            return self._print(timeout_s) if numbered else pdf
        finally:
            self.close()

    def _print(self, timeout_s: float) -> bytes:
        mm = 1 / 25.4
        result = self.call("Page.printToPDF", {
            "paperWidth": 8.27, "paperHeight": 11.7,  # A4, as playwright sizes it
            "printBackground": True,
            # the footer is the page's own CSS (@page margin boxes): part of the document,
            # tagged with it, not a separate template outside the structure tree
            "displayHeaderFooter": False,
            "marginTop": 16 * mm, "marginBottom": 18 * mm,
            "marginLeft": 14 * mm, "marginRight": 14 * mm,
            "generateDocumentOutline": True, "generateTaggedPDF": True,
            "preferCSSPageSize": False, "transferMode": "ReturnAsStream",
        }, timeout_s=timeout_s)
        if result.get("stream"):
            return self.read_stream(result["stream"])
        return base64.b64decode(result["data"])

    def close(self) -> None:
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
        shutil.rmtree(self.scratch, ignore_errors=True)


# Resolves with null on timeout, else with the list of charts that failed (empty: all drew).
# Resolves with null on timeout, else with the images that failed to load (empty: all did).
# The PDF prints each chart's static drawing (an SVG file beside the page).
_IMAGES_LOADED_PROMISE = """new Promise(resolve => {
  const start = Date.now();
  const check = () => {
    const images = Array.from(document.images);
    if (images.every(img => img.complete)) {
      resolve(images.filter(img => !img.naturalWidth).map(img => img.getAttribute('src')));
    } else if (Date.now() - start > %d) { resolve(null); } else { setTimeout(check, 20); }
  };
  check();
})"""

# Put each heading's page (from the PDF's outline, in document order) into the contents:
# entries are matched to headings by their words, in order; returns how many were numbered.
_NUMBER_CONTENTS = """((pages) => {
  const norm = s => (s || '').toLowerCase().replace(/[^a-z0-9]+/g, '');
  const queue = new Map();
  for (const [title, page] of pages) {
    const k = norm(title);
    if (!queue.has(k)) queue.set(k, []);
    queue.get(k).push(page);
  }
  let n = 0;
  for (const span of document.querySelectorAll('.nk-toc .nk-page[data-for]')) {
    const target = document.getElementById(span.getAttribute('data-for'));
    const found = target && queue.get(norm(target.textContent));
    if (found && found.length) { span.textContent = String(found.shift()); n += 1; }
  }
  return n;
})(%s)"""
