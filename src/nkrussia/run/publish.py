"""The atomic publish: every output swapped into place with a rename, or none of them.

1. **Check** every destination before the first rename: its folder exists (or can be made)
   and a file can be created in it. A read-only ``report/`` or ``data/`` stops the publish
   here, with one line naming it, and nothing has changed.
2. **Journal**: ``build/publish.json`` names the staging folder and the items, so that a run
   killed between two renames is completed by the next one (every stage had succeeded).
3. **Swap** each item (a file or a whole folder): the published copy is renamed aside to
   ``.<name>.old<pid>``, the new one renamed in. If a rename fails, every item already
   swapped is swapped back, in reverse order, and the error names what could not be written.
4. Only when every item is in place are the old copies removed.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path

from nkrussia.errors import EnvironmentProblem, PublishError

JOURNAL = "publish.json"


def _old(dst: Path, pid: int) -> Path:
    return dst.with_name(f".{dst.name}.old{pid}")


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _probe(folder: Path) -> None:
    probe = folder / f".nkrussia-probe-{os.getpid()}"
    try:
        fd = os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except OSError as exc:
        raise PublishError(f"cannot publish: {folder} cannot be written ({_why(exc)}); "
                           "nothing was changed") from None
    os.close(fd)
    os.unlink(probe)


def check_writable(root: Path, items: list[str]) -> list[Path]:
    """Make sure every destination can be written before anything moves: a file can be
    created in the folder of each item (for its renames) and inside every folder an item
    replaces (so that the old copy can be removed afterwards). Returns the folders this
    made (removed again by :func:`undo_folders` if the publish does not go ahead)."""
    made: list[Path] = []
    try:
        for folder in dict.fromkeys((root / rel).parent for rel in items):
            missing = [p for p in [folder, *folder.parents] if not p.exists()]
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise PublishError(f"cannot publish: {folder} cannot be created "
                                   f"({_why(exc)}); nothing was changed") from None
            made += reversed(missing)
            _probe(folder)
        for rel in items:
            dst = root / rel
            if dst.is_dir() and not dst.is_symlink():
                for sub in [dst, *(p for p in dst.rglob("*") if p.is_dir())]:
                    _probe(sub)
    except PublishError:
        undo_folders(made)
        raise
    return made


def undo_folders(made: list[Path]) -> None:
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()


def publish(staging: Path, root: Path, build: Path, items: list[str]) -> None:
    """Swap ``items`` (paths relative to both ``staging`` and ``root``) into place, all or
    none; raises :class:`PublishError` with the project exactly as it was."""
    items = [rel for rel in items if (staging / rel).exists()]
    made = check_writable(root, items)
    journal = build / JOURNAL
    tmp = journal.with_suffix(".tmp")
    try:
        tmp.write_text(json.dumps({"staging": str(staging), "pid": os.getpid(),
                                   "items": items}), encoding="utf-8")
        os.replace(tmp, journal)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        undo_folders(made)
        raise PublishError(f"cannot publish: {journal} cannot be written ({_why(exc)}); "
                           "nothing was changed") from None
    try:
        swap_in(staging, root, items, os.getpid())
    except PublishError:
        undo_folders(made)
        journal.unlink(missing_ok=True)
        raise
    journal.unlink(missing_ok=True)


def swap_in(staging: Path, root: Path, items: list[str], pid: int) -> None:
    """Rename every item into place (those already moved are skipped), rolling back on a
    failure; then remove the old copies."""
    done: list[str] = []
    for rel in items:
        src, dst = staging / rel, root / rel
        old = _old(dst, pid)
        if not src.exists():  # moved in before a kill; the journal's next run completes it
            continue
        try:
            if dst.exists() or dst.is_symlink():
                if not (old.exists() or old.is_symlink()):
                    os.replace(dst, old)
            dst.parent.mkdir(parents=True, exist_ok=True)
            os.replace(src, dst)
        except OSError as exc:
            problem = _rollback(staging, root, [*done, rel], pid)
            raise PublishError(
                f"cannot publish {rel}: {exc.filename or dst} cannot be written "
                f"({_why(exc)}); " + (problem or "nothing was changed")) from None
        done.append(rel)
    for rel in items:
        old = _old(root / rel, pid)
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        elif old.exists() or old.is_symlink():
            with contextlib.suppress(OSError):
                old.unlink()


def _rollback(staging: Path, root: Path, items: list[str], pid: int) -> str:
    """Put the published copies back (newest swap first); '' when all went back."""
    failed = []
    for rel in reversed(items):
        src, dst = staging / rel, root / rel
        old = _old(dst, pid)
        try:
            if not src.exists() and (dst.exists() or dst.is_symlink()):
                os.replace(dst, src)  # the new copy back to staging
            if old.exists() or old.is_symlink():
                os.replace(old, dst)  # the published copy back in place
        except OSError:
            failed.append(rel)
    if failed:
        return (f"and {', '.join(failed)} could not be put back: the previous copies are "
                f"beside them as .<name>.old{pid}")
    return ""


def recover(root: Path, build: Path) -> bool:
    """Finish a publish that a killed run left half done (called under the run lock).
    True when there was one."""
    journal = build / JOURNAL
    if not journal.is_file():
        return False
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError, EnvironmentProblem):
        state = json.loads(journal.read_text(encoding="utf-8"))
        swap_in(Path(state["staging"]), root, list(state["items"]), int(state["pid"]))
    journal.unlink(missing_ok=True)
    return True
