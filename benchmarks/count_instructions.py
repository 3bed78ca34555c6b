"""Instructions per document of figure extraction, counted by valgrind (cachegrind).

    .venv/bin/python benchmarks/count_instructions.py [--docs 80] [--dense] [--what figures]

CPU-second rates on a shared VM move by 2x from one hour to the next; an instruction count
does not (the same total for the same binary, inputs and environment). The script runs the
extractor under ``valgrind --tool=cachegrind`` twice in fresh interpreters with
``PYTHONHASHSEED=0`` — once over warm-up only, once over the warm-up and the first ``--docs``
documents of ``bench_extract.py``'s seed-like corpus — and prints the difference per document,
so import, corpus building and the first call's compilation are subtracted.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import sys
sys.path.insert(0, {bench!r}); sys.path.insert(0, {src!r})
from bench_extract import build_corpus
from nkrussia.extract_figures import extract_text
docs = build_corpus({n}, dense={dense})
extract_text(docs[0])  # warm-up: regex compilation, caches
for d in docs[1:1 + {count}]:
    extract_text(d)
"""


def count(n_docs: int, dense: bool) -> int:
    """Total instructions of one child run over ``n_docs`` documents after the warm-up."""
    code = CHILD.format(bench=str(ROOT / "benchmarks"), src=str(ROOT / "src"),
                        n=81 if n_docs <= 80 else n_docs + 1, dense=dense, count=n_docs)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cg.out"
        env = dict(os.environ, PYTHONHASHSEED="0")
        run = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no",
                              f"--cachegrind-out-file={out}", sys.executable, "-c", code],
                             env=env, capture_output=True, text=True)
        if run.returncode:
            raise SystemExit(run.stderr[-2000:])
        m = re.search(r"I\s+refs:\s+([\d,]+)", run.stderr)
        if not m:
            raise SystemExit("valgrind printed no instruction count:\n" + run.stderr[-2000:])
        return int(m.group(1).replace(",", ""))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=80)
    ap.add_argument("--dense", action="store_true", help="the figure-dense corpus")
    args = ap.parse_args(argv)
    base = count(0, args.dense)
    full = count(args.docs, args.dense)
    per = (full - base) / args.docs
    print(f"{per / 1e6:.3f} M instructions per document ({args.docs} "
          f"{'dense' if args.dense else 'seed-like'} documents; {base / 1e6:.0f} M of import "
          f"and warm-up subtracted)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
