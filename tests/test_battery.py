"""The reliability battery (#13): every bad input against a copy of a published project.

Each case must end with its exit code, exactly one line on stderr and no traceback, and leave
``data/`` and ``report/`` byte for byte as they were, with no stray file (hidden ones count).
Cases about file permissions run without the power to ignore them: as root (who may read
and write anything), the command runs with CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH dropped
from its capability bounding set, so that file modes apply to it as to any user.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .conftest import NKRUSSIA, cli_env, run_cli

pytestmark = pytest.mark.slow

def tree(root: Path) -> dict[str, str]:
    """Every file and folder under data/ and report/ (hidden ones too), files by hash."""
    out = {}
    for top in ("data", "report"):
        for p in sorted((root / top).rglob("*")):
            rel = p.relative_to(root).as_posix()
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "<dir>"
    return out


def seed(root: Path) -> Path:
    return sorted((root / "seeds").glob("*.txt"))[0]


def sidecar(text: str) -> Callable[[Path], None]:
    return lambda root: seed(root).with_suffix(".yaml").write_text(text, encoding="utf-8")


def article(name: str, data: bytes) -> Callable[[Path], None]:
    return lambda root: (root / "seeds" / name).write_bytes(data)


def unix_socket(root: Path) -> None:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(root / "seeds" / "sock.txt"))
    sock.close()


def unreadable(rel: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        path = root / rel
        if not path.exists():
            path.write_text("title: x\n", encoding="utf-8")
        path.chmod(0o300 if path.is_dir() else 0o200)
    return mutate


@dataclass
class Case:
    id: str
    mutate: Callable[[Path], None] | None
    args: tuple[str, ...]
    code: int
    says: str
    as_user: bool = False
    env: dict[str, str] = field(default_factory=dict)


RUN, STATUS = ("run",), ("status",)
CASES = [
    # articles that are not regular files: refused by name, never opened (a FIFO would hang)
    Case("txt-folder", lambda r: (r / "seeds" / "x.txt").mkdir(), RUN, 2, "x.txt: a folder"),
    Case("dangling-link", lambda r: (r / "seeds" / "dead.txt").symlink_to(r / "nowhere.txt"),
         RUN, 2, "dead.txt: dangling symbolic link"),
    Case("fifo", lambda r: os.mkfifo(r / "seeds" / "fifo.txt"), RUN, 2,
         "fifo.txt: a named pipe (FIFO), not a regular file"),
    Case("fifo-status", lambda r: os.mkfifo(r / "seeds" / "fifo.txt"), STATUS, 2,
         "fifo.txt: a named pipe"),
    Case("fifo-sidecar", lambda r: os.mkfifo(seed(r).with_suffix(".yaml")), RUN, 2,
         ".yaml: a named pipe"),
    Case("socket", unix_socket, RUN, 2, "sock.txt: a socket"),
    Case("device", lambda r: (r / "seeds" / "null.txt").symlink_to("/dev/null"), RUN, 2,
         "null.txt: a device"),
    Case("yaml-folder", lambda r: seed(r).with_suffix(".yaml").mkdir(), RUN, 2, ": a folder"),
    Case("folder-status", lambda r: (r / "seeds" / "x.txt").mkdir(), STATUS, 2,
         "x.txt: a folder"),
    # text that is not usable
    Case("utf16-bom", article("u16.txt", "About 7,000 troops.\n".encode("utf-16")), RUN, 2,
         "u16.txt: UTF-16LE text (byte-order mark FF FE), not UTF-8; convert it with `iconv"),
    Case("utf16-no-bom", article("u16.txt", "About 7,000 troops.\n".encode("utf-16-be")),
         RUN, 2, "UTF-16BE text (no byte-order mark), not UTF-8"),
    Case("unicode-spaces", article("blank.txt", "\u00a0\u3000\u200b\u2060\ufeff\n".encode()),
         RUN, 2, "blank.txt: empty file (only whitespace)"),
    # sidecar dates that do not exist
    Case("date-13-45", sidecar("published: 2024-13-45\n"), RUN, 2,
         "field 'published': '2024-13-45' is not a date that exists"),
    Case("date-02-30", sidecar("published: 2024-02-30\n"), RUN, 2,
         "field 'published': '2024-02-30' is not a date that exists"),
    Case("date-integer", sidecar("published: 20241104\n"), RUN, 2,
         "field 'published': 20241104 is a number, not a date"),
    Case("date-garbage", sidecar("published: last tuesday\n"), RUN, 2,
         "'last tuesday' is not an ISO date"),
    # parameters and the command line
    Case("params-folder", None, ("run", "--params", "/tmp"), 2,
         "params file '/tmp' is a folder, not a YAML file"),
    Case("escape-in-name", None, ("run", "-p", "\x1b]0;TITLE\x07\x1b[2J=1"), 2,
         "unknown parameter '\\x1b]0;TITLE\\x07\\x1b[2J'"),
    Case("escape-in-value", None, ("run", "-p", "scenario=\x1b[2Jmid"), 2,
         "got '\\x1b[2Jmid'"),
    Case("escape-in-option", None, ("run", "--bogus\x1b[2J"), 2,
         "unrecognized arguments: --bogus\\x1b[2J"),
    Case("source-date-epoch", None, RUN, 2, "SOURCE_DATE_EPOCH: expected whole seconds",
         env={"SOURCE_DATE_EPOCH": "yesterday"}),
    Case("notebook-not-json", lambda r: (r / "notebooks" / "02_analyze.ipynb").write_text(
        "{not json"), RUN, 2, "02_analyze.ipynb: not a notebook (invalid JSON"),
    Case("notebook-no-cells", lambda r: (r / "notebooks" / "03_report.ipynb").write_text(
        "[]"), STATUS, 2, "03_report.ipynb: not a notebook (no list of cells)"),
    # files the user cannot read, folders the user cannot write
    Case("unreadable-article", lambda r: seed(r).chmod(0o200), RUN, 2,
         ".txt: cannot be read (Permission denied)", as_user=True),
    Case("unreadable-article-status", lambda r: seed(r).chmod(0o200), STATUS, 2,
         ".txt: cannot be read (Permission denied)", as_user=True),
    Case("unreadable-sidecar", lambda r: (sidecar("title: x\n")(r),
                                          seed(r).with_suffix(".yaml").chmod(0o200)),
         RUN, 2, ".yaml: cannot be read (Permission denied)", as_user=True),
    Case("unreadable-seeds", unreadable("seeds"), RUN, 2,
         "seeds: folder cannot be read (Permission denied)", as_user=True),
    Case("unreadable-params-yaml", unreadable("params.yaml"), RUN, 2,
         "params file", as_user=True),
    Case("unreadable-params-file", unreadable("other.yaml"), ("run", "--params", "other.yaml"),
         2, "other.yaml' cannot be read (Permission denied)", as_user=True),
    Case("unreadable-context", unreadable("data/external/context_figures.csv"), RUN, 2,
         "context_figures.csv: cannot be read (Permission denied)", as_user=True),
    Case("unwritable-build", lambda r: ((r / "build" / "run.lock").unlink(),
                                        (r / "build").chmod(0o555)),
         RUN, 1, "run.lock: cannot be written (Permission denied)", as_user=True),
    Case("unwritable-build-staging", lambda r: (r / "build").chmod(0o555),
         ("run", "-p", "random_seed=5"), 1, "Permission denied; nothing was published",
         as_user=True),
]


PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2


def _obey_file_modes() -> None:
    """In the child, before exec: give up root's power to ignore file permissions."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def user_project(published: Path, tmp_path: Path) -> tuple[Path, dict[str, str], Callable | None]:
    """A copy of the published project, the environment to run the command line in, and
    what the child does first so that file modes bind it."""
    root = tmp_path / "project"
    shutil.copytree(published, root, symlinks=True)
    return root, cli_env(), _obey_file_modes if os.geteuid() == 0 else None


def _cleanup(root: Path) -> None:
    for p in [root, *root.rglob("*")]:
        if not p.is_symlink():
            try:
                p.chmod(0o755 if p.is_dir() else 0o644)
            except OSError:
                pass


def run_as(root: Path, args: tuple[str, ...], env: dict[str, str], preexec,
           timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*NKRUSSIA, "--root", str(root), *args], capture_output=True,
                          text=True, timeout=timeout, env=env, preexec_fn=preexec, cwd=root)


@pytest.fixture
def copy_of_published(published: Path, tmp_path: Path):
    root = tmp_path / "project"
    shutil.copytree(published, root, symlinks=True)
    yield root
    _cleanup(root)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_input_is_one_line_its_exit_code_and_changes_nothing(case: Case, published,
                                                                tmp_path):
    if case.as_user:
        root, env, preexec = user_project(published, tmp_path)
    else:
        root = tmp_path / "project"
        shutil.copytree(published, root, symlinks=True)
        env, preexec = cli_env(), None
    try:
        if case.mutate:
            case.mutate(root)
        before = tree(root)
        result = run_as(root, case.args, {**env, **case.env}, preexec)
        lines = result.stderr.splitlines()
        assert result.returncode == case.code, result.stdout + result.stderr
        assert len(lines) == 1, result.stderr
        assert "Traceback" not in result.stderr and "\x1b" not in result.stderr
        assert lines[0].startswith("nkrussia: error: ") and case.says in lines[0], lines[0]
        assert tree(root) == before
        assert not list((root / "build").glob("staging-*"))
    finally:
        _cleanup(root)


# --------------------------------------------------------------------------- publish faults
def _param_run(root: Path, env: dict[str, str], preexec, seed_value: int):
    return run_as(root, ("run", "-p", f"random_seed={seed_value}"), env, preexec, timeout=600)


@pytest.mark.parametrize("folder", ["data", "report", "data/processed", "report/report.pdf"])
def test_a_destination_that_cannot_be_written_leaves_both_trees_as_they_were(
        published, folder, tmp_path):
    root, env, preexec = user_project(published, tmp_path)
    try:
        before = tree(root)
        (root / folder).chmod(0o555 if (root / folder).is_dir() else 0o444)
        result = _param_run(root, env, preexec, 11)
        if (root / folder).is_dir():
            # the folder the renames happen in, or a folder whose old copy must be removed:
            # refused before the first rename
            assert result.returncode == 1, result.stdout + result.stderr
            assert result.stderr.splitlines() == [
                f"nkrussia: error: cannot publish: {root / folder} cannot be written "
                "(Permission denied); nothing was changed"]
            assert tree(root) == before
        else:  # a read-only file in a writable folder is replaced like any other
            assert result.returncode == 0, result.stderr
            assert tree(root) != before
        leftovers = [p for p in root.rglob(".*") if ".old" in p.name or "probe" in p.name]
        assert leftovers == [] and not list((root / "build").glob("staging-*"))
    finally:
        _cleanup(root)


def test_a_full_disk_is_one_line_and_publishes_nothing(copy_of_published):
    root = copy_of_published
    before = tree(root)

    def limit() -> None:  # a write past 256 KB fails as on a full disk (EFBIG)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 18, 1 << 18))

    result = run_as(root, ("run", "-p", "random_seed=12"), cli_env(), limit, timeout=600)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert "the disk is full or" in lines[0] and "nothing was published" in lines[0]
    assert tree(root) == before and not list((root / "build").glob("staging-*"))


# --------------------------------------------------------------------------- accepted, but
def test_a_future_publication_date_is_a_warning_on_the_run_and_in_the_manifest(
        copy_of_published):
    root = copy_of_published
    side = seed(root).with_suffix(".yaml")
    side.write_text("title: From the future\npublished: 2099-01-02\n", encoding="utf-8")
    result = run_cli(root, "run")
    assert result.returncode == 0, result.stderr
    rel = side.relative_to(root).as_posix()
    assert result.stderr.splitlines() == [
        f"nkrussia: warning: {rel}: published: publication date 2099-01-02 is in the future "
        f"(today is {result_today()}); dates without a year resolve against it"]
    manifest = json.loads((root / "data" / "manifest.json").read_text())
    assert manifest["warnings"] == [{"file": rel, "field": "published", "message": (
        f"publication date 2099-01-02 is in the future (today is {result_today()}); dates "
        "without a year resolve against it")}]


def result_today() -> str:
    import datetime

    return datetime.datetime.now(datetime.UTC).date().isoformat()


def test_status_checks_the_published_files_against_the_manifest(copy_of_published):
    root = copy_of_published
    shutil.rmtree(root / "build")
    assert run_cli(root, "status").returncode == 0
    figures = root / "data" / "extracted" / "figures.csv"
    figures.write_text(figures.read_text() + "\n", encoding="utf-8")
    result = run_cli(root, "status")
    assert result.returncode == 1 and "published   out of date" in result.stdout
    # and a run puts it right
    assert run_cli(root, "run").returncode == 0
    assert run_cli(root, "status").returncode == 0


def test_the_manifest_carries_a_build_date_from_source_date_epoch(copy_of_published):
    root = copy_of_published
    result = run_cli(root, "run", env=cli_env(SOURCE_DATE_EPOCH="1730678400"))  # 2024-11-04
    assert result.returncode == 0, result.stderr
    manifest = json.loads((root / "data" / "manifest.json").read_text())
    assert manifest["build_date"] == "2024-11-04"
    pdf = (root / "report" / "report.pdf").read_bytes()
    assert pdf.count(b"(D:20241104000000+00'00')") == 2  # CreationDate and ModDate
