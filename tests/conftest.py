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


def cli_env(**extra: str) -> dict[str, str]:
    """The caller's environment without NKRUSSIA_* or SOURCE_DATE_EPOCH settings."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("NKRUSSIA_") and k != "SOURCE_DATE_EPOCH"}
    return {**env, **extra}


def run_cli(root: Path, *args: str, timeout: int = 600,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = env if env is not None else cli_env()
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
    result = run_cli(root, "run")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright (one per test module)."""
    from playwright.sync_api import sync_playwright

    from nkrussia import render

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(render.find_chromium()),
                               args=render.CHROMIUM_ARGS)
        yield b
        b.close()
