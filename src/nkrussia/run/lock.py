"""One run per project, and the private temporary folder of each run.

Everything a run creates outside the project (kernel connection files and IPC sockets, the
Chromium profile, the kernels' and Chromium's own temporary files through ``TMPDIR``) lives
in one folder, ``$TMPDIR/nkrussia-run-<pid>-*`` (Chromium's in ``/tmp/nkrussia-run-<pid>-c*``
when ``$TMPDIR`` is too long for its socket), removed when the run ends, also on Ctrl-C or
SIGTERM; a run that was killed outright leaves it behind, and the next run (of any project)
removes every such folder whose process is gone.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from nkrussia.errors import Busy, EnvironmentProblem

TEMP_PREFIX = "nkrussia-run-"


@contextlib.contextmanager
def run_lock(build: Path, root: Path) -> Iterator[None]:
    """One run per folder. flock is released by the kernel when a process dies: never stuck."""
    lock_path = build / "run.lock"
    try:
        build.mkdir(parents=True, exist_ok=True)
        fh = lock_path.open("a+")
    except OSError as exc:
        raise EnvironmentProblem(
            f"{exc.filename or build}: cannot be written ({exc.strerror}); build/ holds the "
            "run's cache and lock") from None
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.seek(0)
        holder = fh.read().strip() or "another process"
        fh.close()
        raise Busy(f"another nkrussia run is in progress in {root} ({holder}); "
                   "wait for it to finish") from None
    try:
        with contextlib.suppress(OSError):  # the pid is a courtesy, not the lock
            fh.seek(0)
            fh.truncate()
            fh.write(f"pid {os.getpid()}")
            fh.flush()
        yield
    finally:
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temp() -> None:
    """Remove the temporary folders of runs whose process is gone (killed with SIGKILL)."""
    for base in dict.fromkeys((tempfile.gettempdir(), "/tmp")):
        _remove_stale_in(Path(base))


def _remove_stale_in(base: Path) -> None:
    with contextlib.suppress(OSError):
        for entry in os.scandir(base):
            if not entry.name.startswith(TEMP_PREFIX) or not entry.is_dir(follow_symlinks=False):
                continue
            try:
                pid = int(entry.name[len(TEMP_PREFIX):].split("-", 1)[0])
                if entry.stat(follow_symlinks=False).st_uid != os.getuid():
                    continue
            except (ValueError, OSError):
                continue
            if pid != os.getpid() and not _pid_alive(pid):
                shutil.rmtree(entry.path, ignore_errors=True)


@contextlib.contextmanager
def run_temp() -> Iterator[Path]:
    """A private temporary folder for this run, removed when it ends."""
    remove_stale_temp()
    try:
        folder = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-"))
    except OSError as exc:
        raise EnvironmentProblem(f"the temporary folder {tempfile.gettempdir()} cannot be "
                                 f"written ({exc.strerror})") from None
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)

