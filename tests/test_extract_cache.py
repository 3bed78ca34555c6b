"""The per-article extraction cache (issue 14): cached tables are byte for byte those of a cold
extraction; only what changed is extracted again; a broken entry is a miss, not a crash; the
misses run the same across processes and on a Dask cluster."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

import pytest

from nkrussia import extract, extract_cache
from nkrussia.extract_nlp import ner_spans

from .corpus import generate, write_seeds

ROOT = Path(__file__).resolve().parents[1]


def csvs(ex: extract.Extraction, out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in extract.write_extraction(ex, out)}


@pytest.fixture
def seeds(tmp_path) -> Path:
    folder = tmp_path / "seeds"
    write_seeds(generate(6), folder)
    return folder


def run(seeds: Path, cache: Path | None, out: Path, **kw):
    ex = extract.extract_documents(extract.find_articles(seeds), cache=cache, **kw)
    return csvs(ex, out), ex.stats


def test_cold_and_cached_are_byte_identical(seeds, tmp_path):
    cold, stats = run(seeds, None, tmp_path / "cold")
    assert stats.extracted == 6 and stats.cached == 0
    cache = tmp_path / "cache"
    first, stats = run(seeds, cache, tmp_path / "first")
    assert (stats.cached, stats.extracted) == (0, 6)
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        f"{p.stem}.json" for p in seeds.glob("*.txt"))
    again, stats = run(seeds, cache, tmp_path / "again")
    assert (stats.cached, stats.extracted) == (6, 0)
    assert cold == first == again
    assert len(cold) == 6


def test_only_the_changed_article_is_extracted(seeds, tmp_path):
    cache = tmp_path / "cache"
    run(seeds, cache, tmp_path / "a")
    txts = sorted(seeds.glob("*.txt"))
    changed = txts[2]
    changed.write_text(changed.read_text(encoding="utf-8")
                       + "\nOfficials said 4,000 more troops arrived on 3 March.\n",
                       encoding="utf-8")
    cached, stats = run(seeds, cache, tmp_path / "b")
    assert stats.extracted_ids == [changed.stem] and stats.cached == 5
    cold, _ = run(seeds, None, tmp_path / "c")
    assert cached == cold

    # a sidecar alone changes the reference date: that article again, and only it
    side = txts[4].with_suffix(".yaml")
    text = side.read_text(encoding="utf-8")
    side.write_text(text.replace("published:", "published: 2023-01-01\n#"), encoding="utf-8")
    cached, stats = run(seeds, cache, tmp_path / "d")
    assert stats.extracted_ids == [txts[4].stem]
    assert cached == run(seeds, None, tmp_path / "e")[0]


def test_added_and_removed_articles(seeds, tmp_path):
    cache = tmp_path / "cache"
    run(seeds, cache, tmp_path / "a")
    extra = generate(7)[6]
    write_seeds([extra], seeds)
    cached, stats = run(seeds, cache, tmp_path / "b")
    assert stats.extracted_ids == [extra.doc_id] and stats.cached == 6
    assert cached == run(seeds, None, tmp_path / "c")[0]

    gone = sorted(seeds.glob("*.txt"))[0]
    gone.unlink()
    gone.with_suffix(".yaml").unlink()
    cached, stats = run(seeds, cache, tmp_path / "d")
    assert (stats.extracted, stats.cached, stats.pruned) == (0, 6, 1)
    assert not (cache / f"{gone.stem}.json").exists()
    assert len(list(cache.iterdir())) == 6
    assert cached == run(seeds, None, tmp_path / "e")[0]


def _no_tables(p: Path) -> None:
    """Valid JSON with the right key, but no tables."""
    key = json.loads(p.read_text(encoding="utf-8"))["key"]
    p.write_text(json.dumps({"format": 1, "doc_id": p.stem, "key": key, "tables": {}}))


@pytest.mark.parametrize("damage", [
    lambda p: p.write_bytes(b"\x00\xff not json"),
    lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),  # cut short
    _no_tables,
    lambda p: p.write_text("[]"),
], ids=["binary", "truncated", "no-tables", "not-a-mapping"])
def test_unreadable_entry_is_a_miss(seeds, tmp_path, damage):
    cache = tmp_path / "cache"
    good, _ = run(seeds, cache, tmp_path / "a")
    entry = sorted(cache.iterdir())[3]
    damage(entry)
    again, stats = run(seeds, cache, tmp_path / "b")
    assert stats.extracted_ids == [entry.stem]
    assert again == good
    # and it was written anew
    assert run(seeds, cache, tmp_path / "c")[1].extracted == 0


def test_force_extracts_every_article_again_and_rewrites_the_entries(seeds, tmp_path,
                                                                    monkeypatch):
    cache = tmp_path / "cache"
    articles = [extract.load_article(p) for p in extract.find_articles(seeds)]
    rows, _ = extract_cache.extract_rows(articles, cache, code="c")
    monkeypatch.setenv(extract_cache.REFRESH_ENV, "1")  # what `nkrussia run --force` sets
    again, stats = extract_cache.extract_rows(articles, cache, code="c")
    assert (stats.cached, stats.extracted) == (0, 6) and again == rows
    monkeypatch.delenv(extract_cache.REFRESH_ENV)
    assert extract_cache.extract_rows(articles, cache, code="c")[1].cached == 6


def test_other_extractor_code_extracts_everything(seeds, tmp_path):
    cache = tmp_path / "cache"
    articles = [extract.load_article(p) for p in extract.find_articles(seeds)]
    rows, stats = extract_cache.extract_rows(articles, cache, code="code-v1")
    assert stats.extracted == 6
    again, stats = extract_cache.extract_rows(articles, cache, code="code-v1")
    assert stats.cached == 6 and again == rows
    _, stats = extract_cache.extract_rows(articles, cache, code="code-v2")
    assert (stats.cached, stats.extracted) == (0, 6)
    # the real hash covers the extractor's modules and the model, not the run machinery
    code = extract_cache.extractor_hash()
    assert code == extract_cache.extractor_hash() and len(code) == 64


def test_entries_are_written_whole(seeds, tmp_path):
    cache = tmp_path / "cache"
    run(seeds, cache, tmp_path / "a")
    # a temporary file left by a killed run is neither read nor kept for ever
    stale = cache / ".x.json.tmp123"
    stale.write_text("{")
    old = time.time() - 2 * extract_cache.STALE_TMP_SECONDS
    os.utime(stale, (old, old))
    fresh = cache / ".y.json.tmp124"
    fresh.write_text("{")
    _, stats = run(seeds, cache, tmp_path / "b")
    assert stats.cached == 6
    assert not stale.exists() and fresh.exists()
    assert not [p for p in cache.iterdir() if ".tmp" in p.name and p != fresh]


def test_recogniser_does_not_depend_on_its_batch():
    """The one step shared between articles: spaCy's entities for a text are the same alone
    as in one nlp.pipe with the others (real seeds and every fixture article)."""
    texts = [p.read_text(encoding="utf-8") for p in
             [*sorted((ROOT / "seeds").glob("*.txt")),
              *sorted((ROOT / "tests" / "fixtures" / "articles").glob("*.txt"))]]
    assert len(texts) > 10
    together = ner_spans(texts, n_process=1)
    assert together == [ner_spans([t], n_process=1)[0] for t in texts]


def test_parallel_workers_give_the_same_rows(seeds, tmp_path):
    articles = [extract.load_article(p) for p in extract.find_articles(seeds)]
    assert extract_cache._parallel(articles, 2) == extract_cache._serial(articles)


def test_dask_local_cluster_gives_the_same_csvs(seeds, tmp_path):
    psutil = pytest.importorskip("psutil")
    distributed = pytest.importorskip("distributed")
    local, _ = run(seeds, None, tmp_path / "local")
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        with distributed.Client(cluster) as client:
            pids = set(client.run(os.getpid).values())
        assert len(pids) == 2
        remote, stats = run(seeds, tmp_path / "cache", tmp_path / "dask", scheduler=address)
        assert (stats.how, stats.workers, stats.extracted) == ("dask", 2, 6)
        # through the environment variable, as `nkrussia run --scheduler` sets it
        os.environ[extract_cache.SCHEDULER_ENV] = address
        try:
            env, stats = run(seeds, None, tmp_path / "env")
        finally:
            del os.environ[extract_cache.SCHEDULER_ENV]
        assert stats.how == "dask"
    assert remote == local == env
    assert cluster.status.name == "closed"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(psutil.pid_exists(p) for p in pids):
        time.sleep(0.2)
    assert not [p for p in pids if psutil.pid_exists(p)]
    # multiprocessing's resource tracker (one per interpreter, started with the first spawned
    # worker and ended at interpreter exit) is the only process the cluster may leave behind
    left = [p.cmdline() for p in psutil.Process().children(recursive=True)
            if p.pid not in before]
    assert not [c for c in left if "multiprocessing.resource_tracker" not in " ".join(c)], left


def test_unreachable_scheduler_is_an_environment_problem(seeds, tmp_path, monkeypatch):
    from nkrussia.errors import EnvironmentProblem

    monkeypatch.setattr(extract_cache, "CONNECT_TIMEOUT", "2s")
    with pytest.raises(EnvironmentProblem, match="Dask scheduler"):
        run(seeds, None, tmp_path / "x", scheduler="tcp://127.0.0.1:9")


def test_a_corpus_row_is_keyed_on_its_own_fields_and_keeps_its_row(tmp_path):
    """A row of a .jsonl corpus carries its metadata itself (no sidecar): editing a row's
    `published` re-extracts that article (its dates resolve against it), and the `path`
    column names the row, cached or not."""
    import pandas as pd

    from .corpus import write_jsonl

    folder = tmp_path / "seeds"
    folder.mkdir()
    articles = generate(4)
    write_jsonl(articles, folder / "corpus.jsonl")
    cache = tmp_path / "cache"
    cold, stats = run(folder, None, tmp_path / "cold")
    first, stats = run(folder, cache, tmp_path / "first")
    assert first == cold and stats.extracted == 4
    docs = pd.read_csv(tmp_path / "first" / "documents.csv")
    # (outside a project a path is shown by its name alone)
    assert sorted(docs["path"]) == [f"corpus.jsonl#row={i}" for i in range(1, 5)]
    # one row's publication date moves a year: that row alone is extracted again
    lines = (folder / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[2])
    row["published"] = "2023-01-15"
    lines[2] = json.dumps(row, ensure_ascii=False)
    (folder / "corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    again, stats = run(folder, cache, tmp_path / "again")
    assert stats.extracted_ids == [row["id"]] and stats.cached == 3
    fresh, _ = run(folder, None, tmp_path / "fresh")
    assert again == fresh
    docs = pd.read_csv(tmp_path / "again" / "documents.csv").set_index("doc_id")
    assert docs.loc[row["id"], "reference_date"] == "2023-01-15"
    assert docs.loc[row["id"], "path"] == "corpus.jsonl#row=3"
