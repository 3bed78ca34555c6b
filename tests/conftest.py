"""Shared fixtures: a throw-away copy of the project, and one pipeline run reused by many tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NKRUSSIA = [sys.executable, "-m", "nkrussia"]
PROJECT_FILES = ("pyproject.toml", "requirements.lock", "params.yaml")
PROJECT_DIRS = ("notebooks", "seeds", "data/external")


def copy_project(dest: Path) -> Path:
    """The parts of the repo a run reads: notebooks, seeds, external data, params, lock."""
    for name in PROJECT_FILES:
        shutil.copy2(REPO / name, dest / name)
    for name in PROJECT_DIRS:
        shutil.copytree(REPO / name, dest / name)
    return dest


def cli_env(warm_kernels: bool = False, **extra: str) -> dict[str, str]:
    """The caller's environment without NKRUSSIA_* settings. Warm-kernel servers are off
    unless asked for: each would outlive its test by its idle time (tests/test_warm.py and
    the shared `published` run use them, and stop them)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NKRUSSIA_")}
    if not warm_kernels:
        env["NKRUSSIA_WARM_MINUTES"] = "0"
    return {**env, **extra}


def run_cli(root: Path, *args: str, timeout: int = 600, warm_kernels: bool = False,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = env if env is not None else cli_env(warm_kernels)
    return subprocess.run([*NKRUSSIA, "--root", str(root), *args], capture_output=True,
                          text=True, timeout=timeout, env=env)


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.05) -> bool:
    """Poll ``predicate`` until it is true (True) or ``timeout`` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path)


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One full pipeline run on the seed, shared by the end-to-end tests (they only read it)."""
    root = copy_project(tmp_path_factory.mktemp("published"))
    # as a user runs it: kernels forked from a warm-kernel server
    result = run_cli(root, "run", warm_kernels=True)
    assert result.returncode == 0, result.stdout + result.stderr
    yield root
    stopped = run_cli(root, "stop")
    assert stopped.returncode == 0 and "stopped the warm-kernel server" in stopped.stdout
