"""Lighthouse scores of the published report, served on loopback, for desktop and mobile.

    .venv/bin/python benchmarks/bench_lighthouse.py [report/report.html] [--runs 3]

Serves the report's folder on 127.0.0.1 as a static host would (text gzip-compressed;
``--no-gzip`` serves the bytes as they are), runs Lighthouse 12 (npm, node_modules/;
`npm ci` installs it) with Debian's Chromium, and prints the four category scores
(performance, accessibility, best practices, SEO) and the metrics behind performance, as
medians over ``--runs``. Targets: mobile performance ≥ 90, accessibility 100. A benchmark,
not a test: the numbers depend on the machine's load.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
           "cumulative-layout-shift", "speed-index")


TEXT_TYPES = (".html", ".js", ".css", ".svg", ".csv", ".json")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Static files; text gzip-compressed when the browser accepts it, as every static host
    (GitHub Pages, Netlify, nginx's gzip_static) serves it. ``gzip = False`` serves the bytes
    as they are (``--no-gzip``), which Lighthouse then reports as "enable text compression"."""

    gzip = True

    def log_message(self, *args):  # no request log on the terminal
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if (not self.gzip or path.suffix not in TEXT_TYPES or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        import gzip
        import io

        body = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(folder: Path, gzip: bool = True) -> tuple[http.server.ThreadingHTTPServer, int]:
    handler_class = type("_Handler", (_Quiet,), {"gzip": gzip})
    handler = functools.partial(handler_class, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    sys.exit("bench_lighthouse: no Chromium found (apt-get install chromium)")


def lighthouse(url: str, form: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="nkrussia-lh-") as tmp:
        out = Path(tmp) / "report.json"
        flags = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                 f"--disable-component-update --disable-sync --no-first-run "
                 f"--user-data-dir={tmp}/profile")
        cmd = ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json",
               f"--output-path={out}", f"--chrome-flags={flags}",
               f"--only-categories={','.join(CATEGORIES)}"]
        if form == "desktop":
            cmd.append("--preset=desktop")
        env = {**os.environ, "CHROME_PATH": chromium()}
        subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, timeout=300)
        data = json.loads(out.read_text(encoding="utf-8"))
    scores = {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}
    metrics = {m: data["audits"][m]["numericValue"] for m in METRICS}
    return {"scores": scores, "metrics": metrics}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("html", nargs="?", type=Path, default=ROOT / "report" / "report.html")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-gzip", action="store_true",
                    help="serve the files uncompressed (no static host does)")
    args = ap.parse_args()
    if not LIGHTHOUSE.is_file():
        sys.exit("bench_lighthouse: Lighthouse is not installed; run `npm ci`")
    server, port = serve(args.html.resolve().parent, gzip=not args.no_gzip)
    url = f"http://127.0.0.1:{port}/{args.html.name}"
    try:
        print(f"{args.html} ({args.html.stat().st_size / 1024:,.0f} KB), served at {url}"
              f" ({'uncompressed' if args.no_gzip else 'text gzip-compressed'})")
        print(f"{'form':<8}" + "".join(f"{c:>16}" for c in CATEGORIES)
              + "".join(f"{m.split('-')[0][:5] + '-' + m.split('-')[-1][:5]:>14}"
                        for m in METRICS))
        for form in ("desktop", "mobile"):
            runs = [lighthouse(url, form) for _ in range(args.runs)]
            scores = {c: statistics.median(r["scores"][c] for r in runs) for c in CATEGORIES}
            metrics = {m: statistics.median(r["metrics"][m] for r in runs) for m in METRICS}
            print(f"{form:<8}" + "".join(f"{scores[c]:>16.0f}" for c in CATEGORIES)
                  + "".join(f"{metrics[m]:>14.3f}" if m == "cumulative-layout-shift"
                            else f"{metrics[m] / 1000:>13.2f}s" for m in METRICS))
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
