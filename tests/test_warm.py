"""Warm kernels (nkrussia.warm): forked kernels give the same outputs, a changed package gets a
fresh server, and no server or kernel outlives what it should."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from nkrussia import fingerprint, warm

from .conftest import NKRUSSIA, REPO, cli_env, copy_project, run_cli, wait_for

pytestmark = pytest.mark.slow


def data_files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "data").rglob("*.csv"))}


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie of an exited server is not running
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(")")[-1].split()[0] == "Z")


def children(pid: int) -> list[int]:
    """Running processes whose parent is ``pid`` (from /proc/*/stat)."""
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            kids.append(int(stat.parent.name))
    return kids


@pytest.fixture
def warm_project(tmp_path: Path):
    """A project copy, with a private copy of the package first on PYTHONPATH (so a test can
    edit the code), whose warm-kernel server is stopped afterwards whatever happens."""
    root = tmp_path / "project"
    root.mkdir()
    copy_project(root)
    src = tmp_path / "src"
    shutil.copytree(REPO / "src" / "nkrussia", src / "nkrussia",
                    ignore=shutil.ignore_patterns("__pycache__"))
    env = cli_env(warm_kernels=True, PYTHONPATH=str(src))
    yield root, env, src
    info = warm.ping(root / "build")
    run_cli(root, "stop", env=env)
    if info and alive(info["pid"]):
        os.kill(info["pid"], signal.SIGKILL)


def test_forked_kernels_give_the_same_data_as_fresh_kernels(warm_project, tmp_path):
    root, env, _ = warm_project
    first = run_cli(root, "run", env=env)
    assert first.returncode == 0, first.stderr
    server = warm.ping(root / "build")
    assert server is not None and alive(server["pid"])
    assert f"warm kernels: started a server (pid {server['pid']})" in first.stdout
    # a parameter run forks its kernels from the same server
    again = run_cli(root, "run", "-p", "random_seed=7", env=env)
    assert again.returncode == 0, again.stderr
    assert warm.ping(root / "build")["pid"] == server["pid"]
    # ... in fact the whole run went to the server, and its output came back to us
    log = (root / "build" / "warm" / "server.log").read_text()
    assert "runs nkrussia --root" in log and "random_seed=7" in log
    assert "02_analyze  ran" in again.stdout and "01_extract  cached" in again.stdout
    assert "started a server" not in again.stdout

    cold = tmp_path / "cold"
    cold.mkdir()
    copy_project(cold)
    plain = run_cli(cold, "run", "-p", "random_seed=7", "--no-warm", env=env)
    assert plain.returncode == 0, plain.stderr
    assert warm.ping(cold / "build") is None  # --no-warm starts no server
    assert data_files(root) == data_files(cold)
    assert len(data_files(root)) >= 10


def test_status_shows_the_server_and_stop_ends_it(warm_project):
    root, env, _ = warm_project
    assert run_cli(root, "run", env=env).returncode == 0
    info = warm.ping(root / "build")
    status = run_cli(root, "status", env=env)
    assert f"warm kernels: server pid {info['pid']}" in status.stdout
    stopped = run_cli(root, "stop", env=env)
    assert stopped.returncode == 0 and f"pid {info['pid']}" in stopped.stdout
    assert wait_for(lambda: not alive(info["pid"]), 10)
    assert not (root / "build" / "warm" / "kernels.sock").exists()
    assert "no server running" in run_cli(root, "status", env=env).stdout
    assert "no warm-kernel server was running" in run_cli(root, "stop", env=env).stdout


def add_cell(notebook: Path, source: str) -> None:
    doc = json.loads(notebook.read_text())
    doc["cells"].append({"cell_type": "code", "id": "added-by-test", "metadata": {},
                         "execution_count": None,
                         "outputs": [], "source": source})
    notebook.write_text(json.dumps(doc))


def test_edited_code_gets_a_fresh_server(warm_project):
    root, env, src = warm_project
    assert run_cli(root, "run", env=env).returncode == 0
    old = warm.ping(root / "build")["pid"]
    analyze = src / "nkrussia" / "analyze" / "__init__.py"
    analyze.write_text(analyze.read_text() + "\nEDITED_MARK = 'fresh import'\n")
    # a stale server's kernel would lack the new name and fail this cell
    add_cell(root / "notebooks" / "02_analyze.ipynb",
             "from nkrussia import analyze as _edited\nprint(_edited.EDITED_MARK)")
    result = run_cli(root, "run", env=env)
    assert result.returncode == 0, result.stderr
    assert "fresh import" in (root / "build" / "02_analyze.ipynb").read_text()
    new = warm.ping(root / "build")["pid"]
    assert new != old
    assert wait_for(lambda: not alive(old), 10), "the stale server did not exit"


def test_deleting_build_ends_the_server(warm_project):
    root, env, _ = warm_project
    assert run_cli(root, "run", env=env).returncode == 0
    pid = warm.ping(root / "build")["pid"]
    shutil.rmtree(root / "build")
    assert wait_for(lambda: not alive(pid), 10)


def test_idle_server_exits_by_itself(warm_project):
    root, env, _ = warm_project
    env = {**env, "NKRUSSIA_WARM_MINUTES": "0.03"}  # 1.8 s
    assert run_cli(root, "run", env=env).returncode == 0
    pid = warm.ping(root / "build")["pid"]
    assert wait_for(lambda: not alive(pid), 15)


def _start_sleeping_run(root: Path, env: dict[str, str]) -> tuple[subprocess.Popen, int]:
    """A published project whose next run sleeps in 02_analyze; returns (client, server)."""
    assert run_cli(root, "run", env=env).returncode == 0
    server = warm.ping(root / "build")["pid"]
    add_cell(root / "notebooks" / "02_analyze.ipynb", "import time\ntime.sleep(60)")
    proc = subprocess.Popen([*NKRUSSIA, "--root", str(root), "run"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    # the runner and at least the analysis kernel are the server's children
    assert wait_for(lambda: len(children(server)) >= 2, 60), "the run did not start"
    time.sleep(1.0)
    return proc, server


def published_files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for d in ("data", "report") for p in sorted((root / d).rglob("*")) if p.is_file()}


def test_killed_client_leaves_no_runner_or_kernel(warm_project):
    root, env, _ = warm_project
    proc, server = _start_sleeping_run(root, env)
    before = published_files(root)
    try:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert wait_for(lambda: not children(server), 20), \
            "a runner or kernel outlived its killed client"
        assert alive(server)
        assert published_files(root) == before
        assert wait_for(lambda: not list((root / "build").glob("staging-*")), 10)
    finally:
        if proc.poll() is None:
            proc.kill()


def test_ctrl_c_reaches_the_run_in_the_server(warm_project):
    root, env, _ = warm_project
    proc, server = _start_sleeping_run(root, env)
    before = published_files(root)
    os.kill(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "interrupted; nothing was published" in err
    assert published_files(root) == before
    assert wait_for(lambda: not children(server), 20)


def test_bad_parameter_through_the_server_is_one_line_and_exit_2(warm_project):
    root, env, _ = warm_project
    assert run_cli(root, "run", env=env).returncode == 0
    result = run_cli(root, "run", "-p", "state_share=1.4", env=env)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "nkrussia: error: parameter 'state_share': expected a number in [0, 1], got 1.4"]
    assert "state_share=1.4" in (root / "build" / "warm" / "server.log").read_text()


def test_bad_warm_minutes_is_a_clear_error(project):
    result = run_cli(project, "run", env=cli_env(NKRUSSIA_WARM_MINUTES="soon"))
    assert result.returncode == 2
    assert "NKRUSSIA_WARM_MINUTES" in result.stderr and "'soon'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_idle_seconds_reads_minutes():
    assert warm.idle_seconds({}) == warm.DEFAULT_IDLE_MINUTES * 60
    assert warm.idle_seconds({"NKRUSSIA_WARM_MINUTES": "0"}) == 0
    assert warm.idle_seconds({"NKRUSSIA_WARM_MINUTES": "2.5"}) == 150
    with pytest.raises(ValueError, match="between 0 and 1440"):
        warm.idle_seconds({"NKRUSSIA_WARM_MINUTES": "-1"})


def test_launcher_of_kernel_specs():
    assert fingerprint.launcher_of(["/v/python", "-Xfrozen_modules=off", "-m", "ipykernel_launcher",
                             "-f", "{connection_file}"]) == ["/v/python", "-Xfrozen_modules=off"]
    assert fingerprint.launcher_of(["/usr/bin/R", "--slave", "-e", "IRkernel::main()"]) is None
    assert fingerprint.launcher_of(["python", "-m", "other_kernel", "-f", "x"]) is None


def test_server_fingerprint_follows_start_up_environment(monkeypatch):
    root = REPO
    base = fingerprint.server_fingerprint(root, fingerprint.KERNEL_NAME)
    assert base is not None
    monkeypatch.setenv("PYTHONHASHSEED", "123")
    assert fingerprint.server_fingerprint(root, fingerprint.KERNEL_NAME)[0] != base[0]
    monkeypatch.delenv("PYTHONHASHSEED")
    monkeypatch.setenv("NKRUSSIA_SOMETHING", "x")  # read by each run, not at start-up
    assert fingerprint.server_fingerprint(root, fingerprint.KERNEL_NAME)[0] == base[0]


def test_socket_is_private_to_its_user(warm_project):
    root, env, _ = warm_project
    assert run_cli(root, "run", env=env).returncode == 0
    sock = root / "build" / "warm" / "kernels.sock"
    assert sock.stat().st_mode & 0o077 == 0
    assert (root / "build" / "warm").stat().st_mode & 0o077 == 0


def _run_on_a_terminal(cmd: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run ``cmd`` on a pseudo-terminal 120 columns wide; its exit code and everything shown."""
    import fcntl
    import pty
    import select
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    shown = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal closed: the command is done
                break
            if not chunk:
                break
            shown += chunk
        elif proc.poll() is not None:
            break
    os.close(master)
    return proc.wait(timeout=60), shown.decode(errors="replace")


def test_a_run_in_the_server_shows_progress_bars_on_a_terminal(warm_project):
    root, env, _ = warm_project
    assert run_cli(root, "run", env=env).returncode == 0
    code, shown = _run_on_a_terminal(
        [*NKRUSSIA, "--root", str(root), "run", "-p", "random_seed=5"], env)
    assert code == 0, shown
    assert "runs nkrussia" in (root / "build" / "warm" / "server.log").read_text()
    assert "02_analyze :" in shown and "cell/s]" in shown  # papermill's bar over cells
    assert "02_analyze  ran" in shown and "done in" in shown
    assert "Warning" not in shown


def test_a_project_in_a_deep_folder_still_gets_a_server(tmp_path):
    # a Unix socket's path may not exceed 107 bytes; build/warm/kernels.sock here is longer
    root = tmp_path / ("deep-folder-" * 6) / "project"
    root.mkdir(parents=True)
    copy_project(root)
    assert len(str(root / "build" / "warm" / "kernels.sock")) > 110
    env = cli_env(warm_kernels=True)
    try:
        first = run_cli(root, "run", env=env)
        assert first.returncode == 0, first.stderr
        assert "warm kernels unavailable" not in first.stdout + first.stderr
        info = warm.ping(root / "build")
        assert info is not None
        again = run_cli(root, "run", "-p", "random_seed=3", env=env)
        assert again.returncode == 0, again.stderr
        assert "runs nkrussia" in (root / "build" / "warm" / "server.log").read_text()
    finally:
        run_cli(root, "stop", env=env)
