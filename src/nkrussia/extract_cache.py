"""Extraction one article at a time: a cache entry per article, misses across cores or a
Dask cluster.

Each article's rows of the six tables depend on that article alone: its text, its sidecar
(the reference date comes from the sidecar's ``published`` or from the article's own text),
and the extractor's code and spaCy model. Figure, entity, event and quote ids are numbered per
document (``<doc_id>-F01``). The one thing shared between articles is the entity recogniser's
``nlp.pipe`` over several texts at once; its entities for a text do not depend on which texts
share its batch (checked on 300 synthetic and every fixture article: see
``tests/test_extract_cache.py``), so rows extracted alone, in a worker or in one batch are
the same, and a cached extraction writes the same bytes as a cold one.

An entry is ``<cache>/<doc_id>.json``: the article's key and its rows as lists in
:data:`nkrussia.extract.COLUMNS` order (JSON keeps str, int, float, bool and None exactly,
the only values the rows hold; rows holding anything else are not cached). The key covers the
article's bytes, its sidecar's bytes, the code of every module extraction imports
(:func:`nkrussia.run.cache.code_closure` of ``nkrussia.extract``), the entry format and the
versions of spaCy, thinc and the model. An entry whose key differs is re-extracted and
replaced; one that cannot be read is treated the same way. Entries are written to a temporary
file and renamed; entries of articles no longer extracted are removed, so the cache holds at
most one entry per article.

Misses are extracted here (few), in fresh interpreters across the cores (many: see
:data:`PARALLEL_MIN_ARTICLES`), or, when a Dask scheduler is named (``scheduler=`` or the
environment variable :data:`SCHEDULER_ENV`), as ``Client(address).map(extract_one_article,
…)``; every worker must run the same extractor (its :func:`extractor_hash` is checked
first, else nothing is extracted there). The ``path`` column is always set here, by the
process that writes the tables, so a worker elsewhere (or an entry written from another
working folder) cannot change it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nkrussia.articles import Article, source_of

FORMAT = 1
SCHEDULER_ENV = "NKRUSSIA_DASK_SCHEDULER"
"""``tcp://host:8786``: extract the misses on this Dask cluster (``nkrussia run --scheduler``
sets it). The address is not a parameter of the report: it never changes what is written."""
PARALLEL_MIN_ARTICLES = 64
"""Misses are spread over worker processes from this many on. Each worker is a fresh
interpreter that imports the extractor and loads the spaCy pipeline (~3 CPU-seconds). Below
this, one process (which itself starts one recogniser worker from
:data:`nkrussia.extract_nlp.PARALLEL_MIN_PIECES` = 64 pieces on, so at 64 misses both ways
pay one worker and spreading whole articles does more with it). Measured on the shared 2-core
machine, best of three fresh runs, short synthetic articles (benchmarks/README.md,
"Per-article cache"): 16 misses 2.0 s here / 6.7 s in two processes, 32: 2.3 / 6.2, 48: 3.0 /
3.8, 64: 8.3 / 5.7, 96: 5.1 / 13.3, 128: 7.0 / 6.3 (load average 4-9 from other jobs: the
noise is as large as the difference, so the threshold rests on the reasoning above)."""
STALE_TMP_SECONDS = 3600
CONNECT_TIMEOUT = "20s"  # to reach the Dask scheduler

Rows = dict[str, list[dict[str, Any]]]


@dataclass
class CacheStats:
    """What one extraction did: how many articles came from the cache, how many were
    extracted (and which), where, and how long it took."""

    articles: int = 0
    cached: int = 0
    extracted: int = 0
    unreadable: int = 0  # entries that could not be read (re-extracted)
    pruned: int = 0  # entries removed: their article is gone
    how: str = "serial"  # serial | parallel | dask
    workers: int = 1
    seconds: float = 0.0
    extracted_ids: list[str] = field(default_factory=list)


def cache_dir(paths) -> Path:
    """Where the entries live: ``build/cache/articles`` of a :class:`ProjectPaths`."""
    return Path(paths.build) / "cache" / "articles"


# ----------------------------------------------------------------------------- keys
def model_versions() -> dict[str, str]:
    """The spaCy model's name and the versions of the model package, spaCy and thinc."""
    from importlib import metadata

    from nkrussia.extract_nlp import MODEL, MODEL_PACKAGE

    found = {"model": MODEL}
    for name in (MODEL_PACKAGE, "spacy", "thinc"):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "<missing>"
    return found


def extractor_hash() -> str:
    """Hash of the extractor: every package module ``nkrussia.extract`` can import (this one
    included), the entry format and :func:`model_versions`."""
    from nkrussia.run.cache import code_closure, code_hash, file_digest, package_dir
    from nkrussia.run.inputs import digest

    roots = {"nkrussia.extract", "nkrussia.extract_cache"}
    files, uncertain = code_closure(roots)
    pkg = package_dir()
    # the run machinery this module borrows hashing from makes no row: left out
    code = code_hash(roots) if uncertain else digest(
        {p.relative_to(pkg).as_posix(): file_digest(p) for p in files
         if p.relative_to(pkg).parts[0] != "run"})
    return digest({"format": FORMAT, "code": code, "model": model_versions()})


def _sidecar_digest(article: Article) -> str:
    side = Path(article.path).with_suffix(".yaml")
    try:
        return hashlib.sha256(side.read_bytes()).hexdigest()
    except FileNotFoundError:
        return "<none>"


def article_key(article: Article, code: str) -> str:
    """The entry key: doc_id, the article's bytes, its sidecar's bytes, its metadata as read
    (title, outlet, url, published: a corpus file's row holds them itself, with no sidecar)
    and its row in a corpus file, and the extractor."""
    h = hashlib.sha256()
    meta = json.dumps(article.metadata, sort_keys=True, ensure_ascii=False, default=str)
    for part in (article.doc_id, article.sha256, _sidecar_digest(article), meta,
                 str(article.row), code):
        h.update(part.encode("utf-8") + b"\0")
    return h.hexdigest()


# ----------------------------------------------------------------------------- entries
def _columns() -> dict[str, list[str]]:
    from nkrussia.extract import COLUMNS

    return COLUMNS


def _entry(folder: Path, doc_id: str) -> Path:
    return folder / f"{doc_id}.json"


REFRESH_ENV = "NKRUSSIA_REFRESH_ARTICLES"  # set by `nkrussia run --force`: every entry a miss


def load(folder: Path, doc_id: str, key: str) -> Rows | None:
    """The rows kept for ``doc_id`` under ``key``; None when there is no such entry (or when
    ``$NKRUSSIA_REFRESH_ARTICLES`` asks for every article to be extracted again, as
    ``nkrussia run --force`` does; the entries are then rewritten). Raises ValueError when
    the entry exists but cannot be read as one."""
    if os.environ.get(REFRESH_ENV):
        return None
    try:
        raw = _entry(folder, doc_id).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ValueError(str(exc)) from None
    try:
        data = json.loads(raw.decode("utf-8"))
        if data["format"] != FORMAT or data["doc_id"] != doc_id:
            return None
        if data["key"] != key:
            return None
        rows: Rows = {}
        for name, cols in _columns().items():
            table = data["tables"][name]
            if not all(isinstance(r, list) and len(r) == len(cols) for r in table):
                raise ValueError(f"{name}: rows of the wrong width")
            rows[name] = [dict(zip(cols, r, strict=True)) for r in table]
        if len(rows["documents"]) != 1:
            raise ValueError("not one documents row")
    except (UnicodeDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"{type(exc).__name__}: {exc}") from None
    return rows


def _plain(value: object) -> bool:
    return value is None or type(value) in (str, int, float, bool)


def store(folder: Path, doc_id: str, key: str, rows: Rows) -> bool:
    """Keep one article's rows (temporary file, then rename). False when they were not kept:
    a value JSON would not give back as it is, or the folder cannot be written."""
    tables = {}
    for name, cols in _columns().items():
        table = [[r[c] for c in cols] for r in rows[name]]
        if not all(_plain(v) for row in table for v in row):
            return False
        tables[name] = table
    body = json.dumps({"format": FORMAT, "doc_id": doc_id, "key": key, "tables": tables},
                      ensure_ascii=False, separators=(",", ":"))
    from nkrussia.paths import keep_cache_entry

    return keep_cache_entry(_entry(folder, doc_id), body)


def prune(folder: Path, keep: set[str]) -> int:
    """Remove the entries of articles not in ``keep`` and temporary files left by a killed
    run (older than an hour); the number of entries removed."""
    removed = 0
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    now = time.time()
    for name in names:
        path = folder / name
        with contextlib.suppress(OSError):
            if name.startswith(".") and ".tmp" in name:
                if now - path.stat().st_mtime > STALE_TMP_SECONDS:
                    path.unlink()
            elif name.endswith(".json") and name[:-5] not in keep:
                path.unlink()
                removed += 1
    return removed


# ----------------------------------------------------------------------------- extracting
def _serial(articles: Sequence[Article], n_process: int = 1) -> list[Rows]:
    """The rows of each article, here: one ``nlp.pipe`` over all their texts."""
    from nkrussia.extract import _doc_rows
    from nkrussia.extract_nlp import ner_spans

    if not articles:
        return []
    ner = ner_spans([a.text for a in articles], n_process=n_process)
    return [_doc_rows(a, spans) for a, spans in zip(articles, ner, strict=True)]


def extract_one_article(article: Article) -> Rows:
    """One article's rows of the six tables (what a Dask worker runs; spaCy is loaded once
    per worker process)."""
    return _serial([article])[0]


def _to_json(article: Article) -> dict[str, Any]:
    return {"doc_id": article.doc_id, "path": str(article.path), "text": article.text,
            "sha256": article.sha256, "metadata": article.metadata, "row": article.row}


def _from_json(d: dict[str, Any]) -> Article:
    return Article(d["doc_id"], Path(d["path"]), d["text"], d["sha256"], d["metadata"],
                   d.get("row"))


def _worker(path: str) -> None:
    """A worker of :func:`_parallel`: the rows of the articles in ``path``, JSON on stdout."""
    import sys

    articles = [_from_json(d) for d in json.loads(Path(path).read_text(encoding="utf-8"))]
    json.dump(_serial(articles), sys.stdout, ensure_ascii=False, separators=(",", ":"))


def _parallel(articles: Sequence[Article], workers: int) -> list[Rows]:
    """The articles in ``workers`` contiguous shards, the first here and the others each in a
    fresh interpreter (as :func:`nkrussia.extract_nlp._parallel` does, and for the same
    reason: a spawned multiprocessing worker would re-run ``python -m nkrussia``). A worker
    that fails is redone here; the rows are the same either way."""
    import subprocess
    import sys
    import tempfile

    size = -(-len(articles) // workers)
    shards = [list(articles[k:k + size]) for k in range(0, len(articles), size)]
    src = str(Path(__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (src, os.environ.get("PYTHONPATH", "")) if p)}
    procs = []
    with tempfile.TemporaryDirectory(prefix="nkrussia-extract-") as tmp:
        try:
            for k, shard in enumerate(shards[1:], 1):
                path = Path(tmp) / f"shard{k}.json"
                path.write_text(json.dumps([_to_json(a) for a in shard], ensure_ascii=False),
                                encoding="utf-8")
                code = f"from nkrussia.extract_cache import _worker; _worker({str(path)!r})"
                out = (Path(tmp) / f"rows{k}.json").open("wb")
                procs.append((subprocess.Popen([sys.executable, "-c", code], env=env,
                                               stdout=out, stderr=subprocess.DEVNULL), out))
            results = [_serial(shards[0])]
            for k, ((proc, out), shard) in enumerate(zip(procs, shards[1:], strict=True), 1):
                proc.wait()
                out.close()
                try:
                    found = (json.loads((Path(tmp) / f"rows{k}.json").read_text("utf-8"))
                             if proc.returncode == 0 else None)
                except ValueError:
                    found = None
                if not isinstance(found, list) or len(found) != len(shard):
                    found = _serial(shard)
                results.append(found)
        finally:
            for proc, out in procs:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
                out.close()
    return [rows for shard in results for rows in shard]


def _dask(articles: Sequence[Article], address: str) -> tuple[list[Rows], int]:
    """The articles on the Dask cluster at ``address``, one task each; (rows, workers)."""
    from nkrussia.errors import EnvironmentProblem

    try:
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - distributed is a locked dependency
        raise EnvironmentProblem("dask.distributed is not installed; run `make`") from exc
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise EnvironmentProblem(
            f"cannot reach the Dask scheduler at {address} ({exc}); unset {SCHEDULER_ENV} "
            "to extract on this machine") from None
    with client:
        # a worker with other extractor code or another model would write other rows under
        # this machine's keys: refuse rather than cache them
        here = extractor_hash()
        other = sorted(w for w, h in client.run(extractor_hash).items() if h != here)
        if other:
            raise EnvironmentProblem(
                f"Dask workers {', '.join(other)} run other extraction code or another spaCy "
                "model than this machine; install the same commit and requirements.lock there")
        n = len(client.scheduler_info(n_workers=-1).get("workers", {}))
        futures = client.map(extract_one_article, list(articles),
                             key=[f"extract-{a.doc_id}-{a.sha256[:16]}" for a in articles])
        return client.gather(futures), n


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def extract_rows(articles: Sequence[Article], cache: Path | None = None,
                 scheduler: str | None = None, workers: int | None = None,
                 n_process: int = 1, code: str | None = None, prune_missing: bool = True
                 ) -> tuple[list[Rows], CacheStats]:
    """Each article's rows (in the order given), from ``cache`` where its entry is current,
    else extracted: on the Dask cluster at ``scheduler``; across ``workers`` processes when
    there are at least :data:`PARALLEL_MIN_ARTICLES` misses; else here, with ``n_process``
    processes for the recogniser. ``cache`` None: no cache. ``code``: the extractor hash
    (default :func:`extractor_hash`). With ``prune_missing``, entries of articles not in
    ``articles`` are removed."""
    t0 = time.perf_counter()
    stats = CacheStats(articles=len(articles))
    out: list[Rows | None] = [None] * len(articles)
    keys: list[str] = []
    if cache is not None:
        cache = Path(cache)
        code = code or extractor_hash()
        for i, article in enumerate(articles):
            keys.append(article_key(article, code))
            try:
                out[i] = load(cache, article.doc_id, keys[i])
            except ValueError:
                stats.unreadable += 1
        stats.cached = sum(r is not None for r in out)
    todo = [i for i, r in enumerate(out) if r is None]
    misses = [articles[i] for i in todo]
    workers = default_workers() if workers is None else max(1, workers)
    if misses and scheduler:
        stats.how = "dask"
        found, stats.workers = _dask(misses, scheduler)
    elif workers > 1 and len(misses) >= PARALLEL_MIN_ARTICLES:
        stats.how, stats.workers = "parallel", min(workers, len(misses))
        found = _parallel(misses, stats.workers)
    else:
        found = _serial(misses, n_process)
    for i, rows in zip(todo, found, strict=True):
        out[i] = rows
        if cache is not None:
            store(cache, articles[i].doc_id, keys[i], rows)
    stats.extracted = len(todo)
    stats.extracted_ids = [articles[i].doc_id for i in todo]
    if cache is not None and prune_missing:
        stats.pruned = prune(cache, {a.doc_id for a in articles})
    from nkrussia.paths import find_project_root

    root = find_project_root()  # as source_of finds it, once
    for article, rows in zip(articles, out, strict=True):
        rows["documents"][0]["path"] = source_of(article, root)
    stats.seconds = time.perf_counter() - t0
    return out, stats  # type: ignore[return-value]
