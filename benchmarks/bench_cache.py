"""The per-article extraction cache (issue 14): cold, cached, one article changed, Dask.

    .venv/bin/python -m tests.corpus 1000 /tmp/bench/seeds
    .venv/bin/python benchmarks/bench_cache.py /tmp/bench --runs 3

Each scenario runs in a fresh interpreter (spaCy loaded there, as in the extract notebook's
kernel) and prints one JSON line: wall seconds of ``extract_documents`` + ``write_extraction``,
CPU seconds and peak resident memory of that process and of its worker processes, and what
the cache did. The CSVs of every scenario are compared with the cold serial ones (byte for
byte). Scenarios:

``serial``      no cache, one process for everything (``n_process=1``)
``ner2``        no cache, as before issue 14 (the recogniser alone in two processes)
``cold``        empty cache: every article extracted, across the cores
``cached``      every article from the cache
``one``         one article changed (its text gains a sentence), the rest from the cache
``dask``        empty cache, the misses on a ``LocalCluster(n_workers=2, processes=True)``
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

SCENARIOS = ("serial", "ner2", "cold", "cached", "one", "dask")


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.glob("*.csv"))}


def scenario(name: str, work: Path) -> dict:
    from nkrussia import extract

    seeds, cache, out = work / "seeds", work / "cache", work / f"out-{name}"
    kw: dict = {}
    cluster = None
    if name == "serial":
        kw = {"n_process": 1}
    elif name in ("cold", "dask"):
        shutil.rmtree(cache, ignore_errors=True)
        kw = {"cache": cache}
    elif name in ("cached", "one"):
        kw = {"cache": cache}
    original = None
    if name == "one":
        seed = sorted(seeds.glob("*.txt"))[len(list(seeds.glob("*.txt"))) // 2]
        original = seed.read_bytes()
        seed.write_text(original.decode("utf-8")
                        + f"\nOfficials said {int(time.time()) % 9000 + 1000} more troops "
                        "arrived.\n", encoding="utf-8")
    if name == "dask":
        from distributed import LocalCluster

        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        kw["scheduler"] = cluster.scheduler_address
    paths = extract.find_articles(seeds)
    c0, t0 = time.process_time(), time.perf_counter()
    ex = extract.extract_documents(paths, **kw)
    extract.write_extraction(ex, out)
    wall = time.perf_counter() - t0
    if original is not None:  # the seeds as they were, for the scenarios after this one
        seed.write_bytes(original)
    result = {"scenario": name, "wall_s": round(wall, 2),
              "cpu_s": round(time.process_time() - c0, 2),
              "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    result["workers_cpu_s"] = round(children.ru_utime + children.ru_stime, 2)
    result["workers_peak_rss_mib"] = children.ru_maxrss // 1024
    if cluster is not None:
        from distributed import Client

        with Client(cluster) as client:
            rss = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        result["workers_peak_rss_mib"] = max(rss.values()) // 1024
        cluster.close()
    s = ex.stats
    result.update(cached=s.cached, extracted=s.extracted, how=s.how, workers=s.workers)
    return result


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("work", type=Path, help="folder with seeds/ (from python -m tests.corpus)")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--only", nargs="*", default=list(SCENARIOS))
    ap.add_argument("--scenario", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.scenario:
        print(json.dumps(scenario(args.scenario, args.work)))
        return 0
    serial = args.work / "out-serial"
    reference = digests(serial) if serial.is_dir() and "serial" not in args.only else None
    for name in args.only:
        for _ in range(args.runs):
            proc = subprocess.run([sys.executable, __file__, str(args.work), "--scenario", name],
                                  capture_output=True, text=True, check=True)
            line = json.loads(proc.stdout.strip().splitlines()[-1])
            got = digests(args.work / f"out-{name}")
            if name == "serial":
                reference = reference or got
            elif name != "one" and reference is not None:
                line["identical_to_serial"] = got == reference
            print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
