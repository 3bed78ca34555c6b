"""How the pipeline's cost grows with the number of articles.

    .venv/bin/python benchmarks/bench_corpus.py [--sizes 1 10 100 1000] [--json out.json]

For each size N a temporary project is made with N synthetic articles (``tests.corpus``:
never real article text) and a frozen copy of ``src/nkrussia`` first on PYTHONPATH (edits to
the working tree while it runs change nothing). Then, per size:

* ``cold``: ``nkrussia run`` with no ``build/`` cache and nothing published, time per stage
  (as the run prints it) and in all;
* ``one changed``: one article's text edited (a sentence with a figure appended), run again:
  what a corpus of N costs when one article is corrected;
* peak memory: the largest sum of proportional set sizes (PSS: each shared page counted once
  across the processes that share it, so the sum is what the tree really holds) over the
  run's whole process tree (the command, its kernels, their workers and Chromium), sampled
  every 0.2 s with psutil; and the largest resident set of a single process;
* the published ``report.html`` size, the size of the per-article pages, and the PDF's pages.

Last, the growth exponent of each stage between consecutive sizes and over the whole range
(slope of log time against log N; 1 is linear). Small sizes are dominated by fixed costs
(kernel starts, Chromium), so the exponent between the two largest sizes is the one to read.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests import corpus  # noqa: E402 - the synthetic corpus generator lives with the tests

BIN = Path(sys.executable).parent
PROJECT_FILES = ("pyproject.toml", "requirements.lock", "params.yaml")
PROJECT_DIRS = ("notebooks", "data/external")
STAGE_LINE = re.compile(r"^(\S+)\s+(ran|cached)\s+([\d.]+) s", re.M)
TARGETS_AT_1000 = {"cold_s": 120, "one_changed_share": 0.15, "peak_mib": 1024,
                   "html_mb": 3.0, "pdf_pages": 40}


def make_project(tmp: Path, n: int) -> tuple[Path, dict[str, str]]:
    root = tmp / f"corpus-{n}"
    root.mkdir()
    for name in PROJECT_FILES:
        shutil.copy2(REPO / name, root / name)
    for name in PROJECT_DIRS:
        shutil.copytree(REPO / name, root / name)
    corpus.write_seeds(corpus.generate(n), root / "seeds")
    src = tmp / "src"
    if not src.exists():
        shutil.copytree(REPO / "src" / "nkrussia", src / "nkrussia",
                        ignore=shutil.ignore_patterns("__pycache__"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("NKRUSSIA_")}
    env["PYTHONPATH"] = str(src)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return root, env


class TreeMemory:
    """Peak resident memory of a process and all its descendants, sampled in a thread."""

    def __init__(self, pid: int, every: float = 0.2):
        self.root = psutil.Process(pid)
        self.every = every
        self.peak_total = 0
        self.peak_one = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                break
            pss, rss = [], []
            for p in procs:
                try:
                    info = p.memory_full_info()
                except psutil.Error:
                    continue
                pss.append(info.pss)
                rss.append(info.rss)
            if pss:
                self.peak_total = max(self.peak_total, sum(pss))
                self.peak_one = max(self.peak_one, max(rss))
            self._stop.wait(self.every)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run(root: Path, env: dict[str, str], *args: str) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "nkrussia", "--root", str(root), "run",
                             *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    memory = TreeMemory(proc.pid)
    out, _ = proc.communicate()
    memory.stop()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"nkrussia run failed in {root}:\n{out}")
    stages = {name: float(sec) for name, _, sec in STAGE_LINE.findall(out)}
    ran = [name for name, how, _ in STAGE_LINE.findall(out) if how == "ran"]
    return {"wall_s": round(wall, 2), "stages_s": stages, "ran": ran,
            "peak_total_mib": round(memory.peak_total / 2**20),
            "peak_process_mib": round(memory.peak_one / 2**20)}


def pdf_pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", out, re.M)
    return int(m.group(1)) if m else -1


def change_one(root: Path) -> str:
    article = sorted((root / "seeds").glob("*.txt"))[len(list((root / "seeds").glob("*.txt")))
                                                    // 2]
    with article.open("a", encoding="utf-8") as fh:
        fh.write("\nA later estimate put the number of soldiers at 9,500, officials said.\n")
    return article.stem


def measure(tmp: Path, n: int) -> dict:
    root, env = make_project(tmp, n)
    cold = run(root, env)
    report = root / "report"
    pages = report / "articles"
    sizes = {"html_bytes": (report / "report.html").stat().st_size,
             "article_pages_bytes": sum(p.stat().st_size for p in pages.glob("*.html")),
             "pdf_bytes": (report / "report.pdf").stat().st_size,
             "pdf_pages": pdf_pages(report / "report.pdf")}
    changed_doc = change_one(root)
    one = run(root, env)
    return {"articles": n, "cold": cold, "one_changed": {**one, "article": changed_doc},
            **sizes}


def exponent(n1: int, t1: float, n2: int, t2: float) -> float | None:
    if n1 == n2 or t1 <= 0 or t2 <= 0:
        return None
    return round(math.log(t2 / t1) / math.log(n2 / n1), 2)


def growth(results: list[dict]) -> dict[str, list]:
    stages = sorted({s for r in results for s in r["cold"]["stages_s"]})
    table: dict[str, list] = {}
    for stage in [*stages, "wall"]:
        def t(r, stage=stage):
            return r["cold"]["wall_s"] if stage == "wall" else r["cold"]["stages_s"].get(stage, 0)
        steps = [exponent(a["articles"], t(a), b["articles"], t(b))
                 for a, b in zip(results, results[1:], strict=False)]
        table[stage] = steps
    return table


def print_results(results: list[dict]) -> None:
    stages = sorted({s for r in results for s in r["cold"]["stages_s"]})
    head = ["articles", *stages, "cold", "1 changed", "peak MiB (tree PSS/one RSS)", "report.html",
            "pages/", "PDF pages"]
    print(" | ".join(head))
    for r in results:
        share = r["one_changed"]["wall_s"] / r["cold"]["wall_s"]
        row = [str(r["articles"]), *(f'{r["cold"]["stages_s"].get(s, 0):.1f}' for s in stages),
               f'{r["cold"]["wall_s"]:.1f}',
               f'{r["one_changed"]["wall_s"]:.1f} ({share:.0%})',
               f'{r["cold"]["peak_total_mib"]}/{r["cold"]["peak_process_mib"]}',
               f'{r["html_bytes"] / 1e6:.2f} MB', f'{r["article_pages_bytes"] / 1e6:.1f} MB',
               str(r["pdf_pages"])]
        print(" | ".join(row))
    print("\ngrowth exponents (cold, between consecutive sizes):")
    for stage, steps in growth(results).items():
        print(f"  {stage:<11} " + "  ".join("—" if s is None else f"{s:.2f}" for s in steps))
    big = next((r for r in results if r["articles"] == 1000), None)
    if big:
        print("\nat 1,000 articles against the targets:")
        share = big["one_changed"]["wall_s"] / big["cold"]["wall_s"]
        checks = {"cold_s": big["cold"]["wall_s"], "one_changed_share": round(share, 3),
                  "peak_mib": big["cold"]["peak_total_mib"],
                  "html_mb": round(big["html_bytes"] / 1e6, 2), "pdf_pages": big["pdf_pages"]}
        for key, value in checks.items():
            target = TARGETS_AT_1000[key]
            print(f"  {key:<18} {value:>8}  target ≤ {target}  "
                  f"{'met' if value <= target else 'NOT met'}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100, 1000])
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--keep", type=Path, help="make the projects here and keep them")
    args = ap.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="nkrussia-bench-corpus-") as tmpdir:
        tmp = args.keep or Path(tmpdir)
        tmp.mkdir(parents=True, exist_ok=True)
        for n in sorted(args.sizes):
            results.append(measure(tmp, n))
            print(f"{n} articles: cold {results[-1]['cold']['wall_s']} s", file=sys.stderr,
                  flush=True)
    print_results(results)
    if args.json:
        args.json.write_text(json.dumps({"results": results, "growth": growth(results)},
                                        indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
