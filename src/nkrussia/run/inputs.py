"""What a run reads, checked before anything runs, and hashed without opening anything that is
not a regular file: the articles and sidecars, the reference data, the notebooks.

Also the facts about the working tree a run records: the git commit and the build date.
Kept free of pandas and jupyter so that `nkrussia status` answers in milliseconds.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import os
import subprocess
from pathlib import Path

from nkrussia import articles
from nkrussia.errors import ArticleError, BadInput
from nkrussia.paths import ProjectPaths


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sha256_input(path: Path, error: type[BadInput] = BadInput) -> str:
    """The hash of an input file; one line naming it if it is not a readable regular file."""
    articles.check_regular(path, error)
    try:
        return sha256_file(path)
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror or exc})") from None


def digest(obj: object) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()


def input_files(paths: ProjectPaths) -> list[Path]:
    """The articles (``*.txt``, and ``*.jsonl``/``*.csv`` files of many: a changed row changes
    the file's hash) and their sidecars, plus the external reference data (every entry there
    must be a regular file: a pipe or dangling link is refused by name, never opened)."""
    seeds = articles.find_articles(paths.seeds)  # also checks every *.yaml there
    sidecars = articles.folder_entries(paths.seeds, ".yaml")
    external: list[Path] = []
    if paths.external.is_dir():
        try:
            external = sorted(Path(e.path) for e in os.scandir(paths.external)
                              if not e.name.startswith("."))
        except OSError as exc:
            raise BadInput(f"{paths.external}: folder cannot be read "
                           f"({exc.strerror or exc})") from None
    return seeds + sidecars + external


def hash_inputs(paths: ProjectPaths) -> dict[str, str]:
    """``{relative path: sha256}`` of every input file."""
    return {p.relative_to(paths.root).as_posix(): sha256_input(p) for p in input_files(paths)}


def check_articles(paths: ProjectPaths) -> list[dict[str, str]]:
    """Read and validate every article and sidecar, every row of a corpus file, and that no
    two share a doc_id (BadInput naming the first bad one); return the warnings worth
    recording (future publication dates)."""
    warnings: list[dict[str, str]] = []
    for article in articles.load_articles(articles.find_articles(paths.seeds),
                                          within=paths.root):
        warnings += articles.sidecar_warnings(article, root=paths.root)
    return warnings


def notebook_hash(path: Path) -> str:
    """The hash of a stage's notebook, which must be a notebook (JSON with cells)."""
    raw = articles.read_input(path)
    try:
        doc = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: not a notebook (invalid JSON: {exc})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("cells"), list):
        raise BadInput(f"{path}: not a notebook (no list of cells)")
    return hashlib.sha256(raw).hexdigest()


# --------------------------------------------------------------------------- the tree
def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                          timeout=10, check=True).stdout.strip()


@functools.lru_cache(maxsize=8)
def _git_head(root: Path) -> tuple[str, int] | None:
    """(commit, committer time) of HEAD, or None outside git (asked once per process)."""
    try:
        commit, seconds = _git(root, "log", "-1", "--format=%H %ct").split()
        return commit, int(seconds)
    except (OSError, subprocess.SubprocessError, ValueError):
        return None


@functools.lru_cache(maxsize=8)
def git_state(root: Path, published: tuple[str, ...] = ()) -> dict[str, str | bool]:
    """Commit and cleanliness of the working tree, or 'unknown' outside git (asked once per
    process: a run records the tree as it was when it started).

    The pipeline's own outputs (``published``) do not count as changes: publishing a report
    must not make the next run see a 'dirty' tree and redo it.
    """
    head = _git_head(root)
    if head is None:
        return {"commit": "unknown", "clean": False}
    exclude = [f":(exclude){rel}" for rel in published]
    try:
        dirty = _git(root, "status", "--porcelain", "--untracked-files=no", "--", ".",
                     *exclude)
    except (OSError, subprocess.SubprocessError):
        return {"commit": head[0], "clean": False}
    return {"commit": head[0], "clean": not dirty}


def forget_git() -> None:
    _git_head.cache_clear()
    git_state.cache_clear()


def build_date(paths: ProjectPaths, inputs: list[Path] | None = None) -> str:
    """The date a run stamps on the report and the PDF (ISO, UTC), the same for every run of
    the same commit on the same inputs, as reproducible builds do:

    1. ``SOURCE_DATE_EPOCH`` (seconds since 1970) when it is set;
    2. else the committer date of the HEAD commit, in a git checkout;
    3. else the newest modification time of the inputs and notebooks.
    """
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if raw:
        try:
            seconds = int(raw)
        except ValueError:
            raise BadInput(f"SOURCE_DATE_EPOCH: expected whole seconds since 1970, got "
                           f"{raw!r}") from None
        return _utc_date(seconds)
    head = _git_head(paths.root)
    if head is not None:
        return _utc_date(head[1])
    files = [*(inputs if inputs is not None else input_files(paths)),
             *sorted(paths.notebooks.glob("*.ipynb"))]
    newest = max((os.stat(p).st_mtime for p in files), default=0.0)
    return _utc_date(int(newest))


def _utc_date(seconds: int) -> str:
    try:
        return datetime.datetime.fromtimestamp(seconds, datetime.UTC).date().isoformat()
    except (OverflowError, OSError, ValueError):
        raise BadInput(f"SOURCE_DATE_EPOCH: {seconds} is not a usable date") from None


__all__ = ["ArticleError", "BadInput", "build_date", "check_articles", "digest", "git_state",
           "hash_inputs", "input_files", "notebook_hash", "sha256_file", "sha256_input"]
