"""Every path the project uses, built from one project root."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

CACHE_ENV = "NKRUSSIA_CACHE"
"""The project's cache folder, ``build/cache``, as the pipeline gives it to the notebooks'
kernels (unset by hand in JupyterLab, and by ``nkrussia run --force``): what is computed
there from one piece of data alone — a chart's drawing (``svg/``), an article's MinHash
signature (``minhash/``) — is kept by a digest of that piece and reused. None of it changes
an output; it only saves the time."""


def cache_folder(name: str) -> Path | None:
    """``$NKRUSSIA_CACHE/<name>``, or None when there is no cache."""
    base = os.environ.get(CACHE_ENV, "").strip()
    return Path(base) / name if base else None


def keep_cache_entry(path: Path, data: str | bytes) -> bool:
    """Write one cache entry whole or not at all (a temporary file beside it, then a rename);
    False when it could not be written — a cache that cannot be written costs time, never
    an output, so the caller goes on."""
    import contextlib

    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        return False
    return True


def find_project_root(start: Path | None = None) -> Path:
    """The folder holding ``pyproject.toml`` and ``notebooks/``.

    ``NKRUSSIA_ROOT`` wins, so tests and notebooks executed from a temporary copy
    find their own tree; otherwise walk up from ``start`` (default: the working
    directory), then from this file (an editable install lives in the tree).
    """
    env = os.environ.get("NKRUSSIA_ROOT")
    if env:
        return Path(env).resolve()
    candidates = [Path(start or Path.cwd()).resolve(), Path(__file__).resolve()]
    for base in candidates:
        for folder in [base, *base.parents]:
            if (folder / "pyproject.toml").is_file() and (folder / "notebooks").is_dir():
                return folder
    return Path.cwd().resolve()


@dataclass(frozen=True)
class ProjectPaths:
    """Where things live, relative to one root (the repo, or a test's copy of it)."""

    root: Path

    @classmethod
    def discover(cls, start: Path | None = None) -> ProjectPaths:
        return cls(find_project_root(start))

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def extracted(self) -> Path:
        return self.data / "extracted"

    @property
    def processed(self) -> Path:
        return self.data / "processed"

    @property
    def external(self) -> Path:
        return self.data / "external"

    @property
    def report(self) -> Path:
        return self.root / "report"

    @property
    def build(self) -> Path:
        return self.root / "build"

    @property
    def params_file(self) -> Path:
        return self.root / "params.yaml"

    @property
    def report_html(self) -> Path:
        return self.report / "report.html"

    @property
    def report_pdf(self) -> Path:
        return self.report / "report.pdf"


def data_dir(root: Path | None = None) -> Path:
    """Where notebooks read and write stage data.

    The pipeline points ``NKRUSSIA_DATA_DIR`` at a staging folder so that a failed run
    publishes nothing; run by hand (JupyterLab), notebooks use ``<root>/data``.
    """
    env = os.environ.get("NKRUSSIA_DATA_DIR")
    if env:
        return Path(env).resolve()
    return ProjectPaths(root or find_project_root()).data


def report_dir(root: Path | None = None) -> Path:
    """Where the report stage writes files of its own (``NKRUSSIA_REPORT_DIR``, a staging
    folder during a run; ``<root>/report`` by hand). Anything written there must be listed in
    the report stage's outputs (``nkrussia.run.stages.STAGES``) to be published."""
    env = os.environ.get("NKRUSSIA_REPORT_DIR")
    if env:
        return Path(env).resolve()
    return ProjectPaths(root or find_project_root()).report
