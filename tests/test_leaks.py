"""Nothing outlives a run: no process after `make report`, Ctrl-C or SIGTERM; no temporary
folder, kernel connection file or Chromium profile; and the same inputs give the same bytes."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from .conftest import NKRUSSIA, REPO, cli_env, copy_project, run_cli, wait_for

pytestmark = pytest.mark.slow



def marked_processes(marker: str) -> list[str]:
    """Live processes whose environment carries ``marker`` (every descendant of a command
    inherits it: kernels, Chromium and its helpers, a server if one were left)."""
    found = []
    needle = marker.encode()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            if needle not in (proc / "environ").read_bytes():
                continue
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if state != "Z":
            found.append(f"{proc.name}: {cmd[:160]}")
    return found


def private_tmp(tmp_path: Path) -> Path:
    """A temporary folder for the command alone (TMPDIR): whatever it leaves there, it left."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    return folder


def leftovers(tmp: Path) -> list[str]:
    return sorted(p.relative_to(tmp).as_posix() for p in tmp.rglob("*"))


def runtime_files() -> set[str]:
    from jupyter_core.paths import jupyter_runtime_dir

    folder = Path(jupyter_runtime_dir())
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def test_make_report_leaves_nothing_running(tmp_path):
    root = copy_project(tmp_path)
    shutil.copy2(REPO / "Makefile", root / "Makefile")
    (root / ".venv").symlink_to(REPO / ".venv")  # installed: make installs nothing
    marker = f"NKRUSSIA_LEAK_TEST={uuid.uuid4()}"
    name, value = marker.split("=")
    tmp, runtime = private_tmp(tmp_path), runtime_files()
    env = cli_env(**{name: value}, TMPDIR=str(tmp))
    result = subprocess.run(["make", "-C", str(root), "report"], capture_output=True, text=True,
                            env=env, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (root / "report" / "report.pdf").is_file()
    # no warm-kernel server or anything else: gone when make returns (a short grace for
    # the kernel to be reaped by the system)
    assert wait_for(lambda: not marked_processes(marker), 5), marked_processes(marker)
    assert "warm" not in result.stdout + result.stderr
    assert leftovers(tmp) == [] and runtime_files() - runtime == set()
    assert not list((root / "build").glob("staging-*"))


def _terminal_signals() -> None:
    """In the child, before exec: SIGINT and SIGTERM as a shell in a terminal leaves them.
    An ignored signal is inherited across exec, and the command (rightly) keeps a SIGINT its
    parent ignores (as `nohup` or a background job sets it); a test process whose SIGINT was
    set to ignored by a library would otherwise start a command that Ctrl-C cannot reach."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _start(root: Path, marker: str, tmp: Path, *args: str) -> subprocess.Popen:
    name, value = marker.split("=")
    return subprocess.Popen([*NKRUSSIA, "--root", str(root), "run", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=cli_env(**{name: value}, TMPDIR=str(tmp)),
                            start_new_session=True, preexec_fn=_terminal_signals)


def _snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for d in ("data", "report") for p in sorted((root / d).rglob("*")) if p.is_file()}


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_an_interrupted_run_cleans_up_and_publishes_nothing(published, tmp_path, signum):
    root = tmp_path / "project"
    shutil.copytree(published, root)
    before = _snapshot(root)
    marker = f"NKRUSSIA_LEAK_TEST={uuid.uuid4()}"
    tmp = private_tmp(tmp_path)
    proc = _start(root, marker, tmp, "--force")
    try:
        # interrupted while the extraction notebook runs in its kernel
        assert wait_for(lambda: any("ipykernel" in p for p in marked_processes(marker)), 120)
        proc.send_signal(signum)  # to the command only, as a terminal's Ctrl-C would reach it
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, err
    assert err.splitlines() == ["nkrussia: error: interrupted; nothing was published"]
    assert wait_for(lambda: not marked_processes(marker), 10), marked_processes(marker)
    assert leftovers(tmp) == []
    assert _snapshot(root) == before and not list((root / "build").glob("staging-*"))


def test_the_next_run_removes_what_a_killed_run_left(published, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(published, root)
    marker = f"NKRUSSIA_LEAK_TEST={uuid.uuid4()}"
    tmp = private_tmp(tmp_path)
    proc = _start(root, marker, tmp, "--force")
    try:
        assert wait_for(lambda: any("ipykernel" in p for p in marked_processes(marker)), 120)
        os.kill(proc.pid, signal.SIGKILL)  # no clean-up code runs
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert [n for n in leftovers(tmp) if "/" not in n] == [
        n for n in leftovers(tmp) if n.startswith(f"nkrussia-run-{proc.pid}-") and "/" not in n]
    assert leftovers(tmp)  # the killed run's folder is still there…
    # …its kernels notice their parent is gone and exit by themselves
    assert wait_for(lambda: not marked_processes(marker), 30), marked_processes(marker)
    result = run_cli(root, "run", env=cli_env(TMPDIR=str(tmp)))
    assert result.returncode == 0, result.stderr
    assert leftovers(tmp) == []  # …and the next run removed it


def test_same_inputs_give_byte_identical_html_and_pdf(published, tmp_path):
    other = copy_project(tmp_path)
    result = run_cli(other, "run")
    assert result.returncode == 0, result.stderr
    for rel in ("report/report.html", "report/report.pdf", "data/extracted/figures.csv"):
        assert (other / rel).read_bytes() == (published / rel).read_bytes(), rel


def test_a_publish_from_the_command_line_prints_no_traceback_when_report_is_a_file(
        copy_of_published_root):
    root = copy_of_published_root
    shutil.rmtree(root / "report")
    (root / "report").write_text("not a folder")
    result = run_cli(root, "run", "-p", "random_seed=13")
    assert result.returncode == 1, result.stdout + result.stderr
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert (root / "report").read_text() == "not a folder"


@pytest.fixture
def copy_of_published_root(published, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(published, root)
    return root


def test_the_cli_module_runs_without_a_server_option():
    result = subprocess.run([sys.executable, "-m", "nkrussia", "--help"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and "stop" not in result.stdout.split("{", 1)[1].split("}")[0]
