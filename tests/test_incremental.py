"""Incremental, atomic, one-at-a-time runs, and a status that tells the truth."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from nkrussia import params as P
from nkrussia.paths import ProjectPaths
from nkrussia.run import cache, stages

from .conftest import cli_env, copy_project, run_cli, wait_for

pytestmark = pytest.mark.slow


def snapshot(root: Path) -> dict[str, str]:
    """Every published file under data/ and report/, by content hash."""
    files = [p for d in ("data", "report") for p in sorted((root / d).rglob("*")) if p.is_file()]
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in files}


def stages_ran(stdout: str) -> list[str]:
    return [line.split()[0] for line in stdout.splitlines()
            if len(line.split()) >= 2 and line.split()[1] == "ran"]


@pytest.fixture(scope="module")
def warm(tmp_path_factory) -> Path:
    """A project that has been run once, for tests that start from a published report."""
    root = copy_project(tmp_path_factory.mktemp("warm"))
    result = run_cli(root, "run")
    assert result.returncode == 0, result.stderr
    return root


def test_nothing_changed_runs_nothing(warm):
    before = snapshot(warm)
    result = run_cli(warm, "run")
    assert result.returncode == 0, result.stderr
    assert stages_ran(result.stdout) == []
    assert "0 of 5 stages ran" in result.stdout
    assert snapshot(warm) == before


def test_analysis_parameter_reruns_analysis_and_downstream_only(warm):
    result = run_cli(warm, "run", "-p", "random_seed=7")
    assert result.returncode == 0, result.stderr
    assert stages_ran(result.stdout) == ["02_analyze", "03_report", "html", "pdf"]
    # back to the defaults: everything comes from the cache, and the data are as before
    result = run_cli(warm, "run")
    assert stages_ran(result.stdout) == []


def test_report_parameter_reruns_report_only(warm):
    result = run_cli(warm, "run", "-p", "report_title=Another title")
    assert result.returncode == 0, result.stderr
    assert stages_ran(result.stdout) == ["03_report", "html", "pdf"]
    # back to the defaults (the other tests share this project): all from the cache
    result = run_cli(warm, "run")
    assert stages_ran(result.stdout) == []


def test_changed_article_reruns_everything_downstream(warm, tmp_path):
    root = copy_project(tmp_path)
    # share the warm cache so only the article's consequences run
    subprocess.run(["cp", "-a", str(warm / "build"), str(root / "build")], check=True)
    seed = next((root / "seeds").glob("*.txt"))
    seed.write_text(seed.read_text(encoding="utf-8") + "\nA new sentence.\n", encoding="utf-8")
    result = run_cli(root, "run")
    assert result.returncode == 0, result.stderr
    assert stages_ran(result.stdout)[0] == "01_extract"
    assert "03_report" in stages_ran(result.stdout)
    # inside the extract stage only that article was extracted again (issue 14): one
    # per-article entry each, and only the changed article's entry differs from the warm run's
    entries = root / "build" / "cache" / "articles"
    names = sorted(p.name for p in entries.glob("*.json"))
    assert names == sorted(f"{p.stem}.json" for p in (root / "seeds").glob("*.txt"))
    differ = [n for n in names
              if (entries / n).read_bytes() != (warm / "build/cache/articles" / n).read_bytes()]
    assert differ == [f"{seed.stem}.json"]


def test_same_inputs_give_byte_identical_data(warm, tmp_path):
    other = copy_project(tmp_path)
    assert run_cli(other, "run").returncode == 0
    a = {k: v for k, v in snapshot(warm).items() if k.startswith(("data/extracted",
                                                                   "data/processed"))}
    b = {k: v for k, v in snapshot(other).items() if k.startswith(("data/extracted",
                                                                    "data/processed"))}
    assert a and a == b


def test_status_tells_the_truth(warm):
    result = run_cli(warm, "status")
    assert result.returncode == 0 and "current" in result.stdout
    result = run_cli(warm, "status", "-p", "months=6")
    assert result.returncode == 1
    lines = dict(line.split(None, 1) for line in result.stdout.splitlines()[:5])
    assert lines["01_extract"] == "cached" and lines["02_analyze"] == "stale"


def test_failing_notebook_leaves_published_files_untouched(warm, tmp_path):
    root = copy_project(tmp_path)
    subprocess.run(["cp", "-a", str(warm / "build"), str(warm / "data"), str(warm / "report"),
                    str(root)], check=True)
    before = snapshot(root)
    nb = root / "notebooks" / "02_analyze.ipynb"
    doc = json.loads(nb.read_text())
    doc["cells"].append({"cell_type": "code", "metadata": {}, "execution_count": None,
                         "outputs": [], "source": "raise RuntimeError('boom in analysis')"})
    nb.write_text(json.dumps(doc))
    result = run_cli(root, "run")
    assert result.returncode == 1
    assert "02_analyze.ipynb failed in cell" in result.stderr
    assert "boom in analysis" in result.stderr and "build/02_analyze.ipynb" in result.stderr
    assert snapshot(root) == before


def _start_run(root: Path) -> subprocess.Popen:
    env = cli_env()
    return subprocess.Popen([sys.executable, "-m", "nkrussia", "--root", str(root), "run",
                             "--force"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, start_new_session=True)


def test_lock_refuses_a_second_run_and_sigkill_leaves_everything_intact(warm, tmp_path):
    root = copy_project(tmp_path)
    subprocess.run(["cp", "-a", str(warm / "report"), str(root)], check=True)
    subprocess.run(["cp", "-a", str(warm / "data" / "."), str(root / "data")], check=True)
    before = snapshot(root)
    first = _start_run(root)
    try:
        # wait until the first run is executing its second notebook
        assert wait_for(lambda: list(root.glob("build/staging-*/build/01_extract.ipynb")), 120)
        second = run_cli(root, "run")
        assert second.returncode == 3
        assert "another nkrussia run is in progress" in second.stderr
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
    assert snapshot(root) == before
    # the lock died with the process: the next run goes ahead
    third = run_cli(root, "run")
    assert third.returncode == 0, third.stderr


def test_plan_hashes_only_the_parameters_a_stage_reads(warm):
    paths = ProjectPaths(warm)
    base = stages.make_plan(paths, P.validate({}))
    changed = stages.make_plan(paths, P.validate({"rice_price_usd_per_tonne": 600.0}))
    assert base.keys["01_extract"] == changed.keys["01_extract"]
    assert base.keys["02_analyze"] != changed.keys["02_analyze"]


def test_force_reruns_everything_with_one_readable_line_per_stage(warm, tmp_path):
    root = copy_project(tmp_path)
    subprocess.run(["cp", "-a", str(warm / "build"), str(root)], check=True)
    result = run_cli(root, "run", "--force")  # piped, as in a script or CI log
    assert result.returncode == 0, result.stderr
    assert stages_ran(result.stdout) == ["01_extract", "02_analyze", "03_report", "html", "pdf"]
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[:5]] == [s.name for s in stages.STAGES]
    assert all(line.split()[-1] == "s" for line in lines[:5])  # each with its time
    assert "\r" not in result.stdout + result.stderr  # no progress-bar spam in a file
    assert "without encryption" not in result.stderr  # kernels' TCP warning is gone
    assert str(root / "report" / "report.pdf") in result.stdout


def test_quiet_prints_nothing(warm):
    result = run_cli(warm, "run", "--quiet")
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""


def test_status_reads_the_stamps_when_build_is_deleted(warm, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(warm, root, ignore=shutil.ignore_patterns("build"))
    result = run_cli(root, "status")
    assert result.returncode == 0 and "is current" in result.stdout
    result = run_cli(root, "status", "-p", "report_title=Other")
    assert result.returncode == 1 and "out of date" in result.stdout


def test_a_publish_cut_short_is_completed_by_the_next_run(tmp_path):
    paths = ProjectPaths(tmp_path)
    staging = paths.build / "staging-1"
    for rel in ("data/extracted/a.csv", "data/processed/b.csv", "report/report.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("old")
        (staging / rel).parent.mkdir(parents=True, exist_ok=True)
        (staging / rel).write_text("new")
    # killed after the first swap: data/extracted is new, the rest still old
    os.replace(tmp_path / "data/extracted", tmp_path / "data/.extracted.old1")
    os.replace(staging / "data/extracted", tmp_path / "data/extracted")
    (paths.build / "publish.json").write_text(json.dumps({
        "staging": str(staging), "pid": 1,
        "items": ["data/extracted", "data/processed", "report/report.html"]}))
    stages._remove_leftovers(paths)
    for rel in ("data/extracted/a.csv", "data/processed/b.csv", "report/report.html"):
        assert (tmp_path / rel).read_text() == "new"
    assert not list(tmp_path.rglob(".*.old1")) and not staging.exists()
    assert not (paths.build / "publish.json").exists()


def test_plan_depends_on_installed_package_versions(project, monkeypatch):
    paths = ProjectPaths(project)
    before = stages.make_plan(paths, P.validate({}))
    monkeypatch.setattr(cache, "installed_packages", lambda: "pandas-9.9.9")
    after = stages.make_plan(paths, P.validate({}))
    assert all(before.keys[s] != after.keys[s] for s in before.keys)


def test_cache_keeps_the_most_recently_used_entries(project):
    paths = ProjectPaths(project)
    plan = stages.make_plan(paths, P.validate({}))
    folder = plan.cache / "03_report"
    for i in range(cache.CACHE_KEEP + 3):
        (folder / f"k{i:02d}").mkdir(parents=True)
        os.utime(folder / f"k{i:02d}", (1000 + i, 1000 + i))
    cache.prune(plan)
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == [f"k{i:02d}" for i in range(3, cache.CACHE_KEEP + 3)]
