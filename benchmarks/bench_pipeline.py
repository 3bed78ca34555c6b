"""Benchmark `nkrussia run` against the plain papermill + nbconvert + Chromium way.

    .venv/bin/python benchmarks/bench_pipeline.py [--runs 3] [--json out.json]

Everything runs on a temporary copy of the project (the same notebooks, articles, external
data and parameters) with a frozen copy of ``src/nkrussia`` first on PYTHONPATH, so that edits
made to the working tree while the benchmark runs do not change what is measured.

Scenarios, each repeated ``--runs`` times (the median is printed):

* ``baseline``: ``papermill`` CLI for each notebook in turn (kernel ``nkrussia``, with
  ``NKRUSSIA_DATA_DIR`` pointing at a fresh data folder), then ``jupyter nbconvert --to html
  --no-input`` of the executed 03 notebook, then ``chromium --print-to-pdf``;
* ``cold``: ``nkrussia run`` with no ``build/`` cache and nothing published. The Vega
  JavaScript bundle cache in ``~/.cache/nkrussia`` is left in place: it is derived from the
  installed vl-convert package alone, not from the project;
* ``unchanged``: ``nkrussia run`` again with nothing changed;
* ``param``: ``nkrussia run -p random_seed=N`` with an N not seen before (analysis, report,
  HTML and PDF re-run; extraction is cached). Every kernel starts from scratch: nothing is
  left running between runs.

``--bytecode`` lets every process cache compiled bytecode in a temporary folder (filled by
the untimed warm-up), for machines where the venv has no ``.pyc`` files and
``PYTHONDONTWRITEBYTECODE`` is set; by default the environment is measured as it is.

Peak memory is the largest resident set of any one process of the scenario (``ru_maxrss`` of
the waited-for process tree, from ``os.wait4``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PROJECT_FILES = ("pyproject.toml", "requirements.lock", "params.yaml")
PROJECT_DIRS = ("notebooks", "seeds", "data/external")
NOTEBOOKS = ("01_extract", "02_analyze", "03_report")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run")
TARGETS = {"cold": 0.6, "unchanged": 0.1}


def run_timed(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one command and the processes it waited for."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"benchmark command failed ({proc.returncode}): {' '.join(cmd)}\n"
                 + err.decode(errors="replace")[-3000:])
    return seconds, usage.ru_maxrss


def make_project(tmp: Path, bytecode: bool = False) -> tuple[Path, dict[str, str]]:
    root = tmp / "project"
    root.mkdir()
    for name in PROJECT_FILES:
        shutil.copy2(REPO / name, root / name)
    for name in PROJECT_DIRS:
        shutil.copytree(REPO / name, root / name)
    src = tmp / "src"
    shutil.copytree(REPO / "src" / "nkrussia", src / "nkrussia",
                    ignore=shutil.ignore_patterns("__pycache__"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("NKRUSSIA_")}
    env["PYTHONPATH"] = str(src)
    if bytecode:  # every process may cache compiled modules (written during the warm-up)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return root, env


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        hit = shutil.which(name)
        if hit:
            return hit
    sys.exit("no Chromium found")


def baseline(root: Path, env: dict[str, str], work: Path) -> tuple[float, int]:
    shutil.rmtree(work, ignore_errors=True)
    (work / "data").mkdir(parents=True)
    env = dict(env, NKRUSSIA_ROOT=str(root), NKRUSSIA_DATA_DIR=str(work / "data"))
    total, peak = 0.0, 0
    steps: list[list[str]] = [
        [str(BIN / "papermill"), str(root / "notebooks" / f"{nb}.ipynb"),
         str(work / f"{nb}.ipynb"), "-k", "nkrussia", "--cwd", str(root / "notebooks")]
        for nb in NOTEBOOKS
    ]
    steps.append([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input",
                  str(work / "03_report.ipynb"), "--output-dir", str(work)])
    profile = work / "chromium-profile"
    steps.append([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                  f"--print-to-pdf={work / 'out.pdf'}", (work / "03_report.html").as_uri()])
    for cmd in steps:
        seconds, rss = run_timed(cmd, env, root)
        total += seconds
        peak = max(peak, rss)
    assert (work / "out.pdf").stat().st_size > 0
    return total, peak


def nkrussia(root: Path, env: dict[str, str], *args: str) -> tuple[float, int]:
    cmd = [sys.executable, "-m", "nkrussia", "--root", str(root), "run", "--quiet", *args]
    return run_timed(cmd, env, root)


def clear(root: Path) -> None:
    for rel in ("build", "data/extracted", "data/processed", "data/manifest.json", "report"):
        path = root / rel
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="repetitions per scenario")
    parser.add_argument("--json", type=Path, help="also write the raw timings here")
    parser.add_argument("--bytecode", action="store_true",
                        help="let every process cache compiled bytecode (in a temporary "
                             "PYTHONPYCACHEPREFIX), as if the venv had been installed with "
                             "compiled .pyc files; by default the environment is used as is")
    args = parser.parse_args(argv)

    times: dict[str, list[float]] = {k: [] for k in ("baseline", "cold", "unchanged", "param")}
    peaks: dict[str, int] = dict.fromkeys(times, 0)
    with tempfile.TemporaryDirectory(prefix="nkbench-") as tmp_name:
        tmp = Path(tmp_name)
        root, env = make_project(tmp, args.bytecode)
        # one untimed warm-up of each route: file-system caches, Chromium's first start
        baseline(root, env, tmp / "baseline")
        nkrussia(root, env)
        for i in range(args.runs):
            for name, fn in (
                ("baseline", lambda: baseline(root, env, tmp / "baseline")),
                ("cold", lambda: (clear(root), nkrussia(root, env))[1]),
                ("unchanged", lambda: nkrussia(root, env)),
                ("param", lambda i=i: nkrussia(root, env, "-p", f"random_seed={1000 + i}")),
            ):
                seconds, rss = fn()
                times[name].append(seconds)
                peaks[name] = max(peaks[name], rss)
                print(f"run {i + 1}/{args.runs} {name:<12} {seconds:6.2f} s  "
                      f"{rss / 1024:6.0f} MiB", file=sys.stderr, flush=True)

    med = {k: statistics.median(v) for k, v in times.items()}
    base = med["baseline"]
    print(f"\nmedian of {args.runs} runs; peak = largest process resident set"
          + ("; compiled bytecode cached" if args.bytecode else ""))
    print(f"{'scenario':<50} {'median s':>9} {'peak MiB':>9} {'× baseline':>11} {'× cold':>7}")
    labels = {"baseline": "baseline (papermill CLI ×3, nbconvert, chromium)",
              "cold": "nkrussia run, cold", "unchanged": "nkrussia run, nothing changed",
              "param": "nkrussia run, -p random_seed=N"}
    for k in times:
        print(f"{labels[k]:<50} {med[k]:9.2f} {peaks[k] / 1024:9.0f} {med[k] / base:11.2f} "
              f"{med[k] / med['cold']:7.2f}")
    checks = {
        "cold <= 0.6 x baseline": med["cold"] <= 0.6 * base,
        "unchanged <= 1.0 s": med["unchanged"] <= 1.0,
        "unchanged <= 0.1 x baseline": med["unchanged"] <= 0.1 * base,
        "param <= 0.7 x cold": med["param"] <= 0.7 * med["cold"],
    }
    print()
    for name, ok in checks.items():
        print(f"{'met' if ok else 'MISSED':<7} {name}")
    if args.json:
        args.json.write_text(json.dumps({"runs": times, "median": med, "peak_kib": peaks,
                                         "targets": checks}, indent=2) + "\n")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
