"""Hashes that key the stage cache and the warm-kernel server: files, code, installed packages.

Kept free of pandas, pydantic and jupyter_client so that the command line can check a warm
server's fingerprint in a few milliseconds.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).parent
SERVER_PROTOCOL = 2  # bump when the warm server's requests or behaviour change
KERNEL_NAME = "nkrussia"  # the Jupyter kernel spec the notebooks run in (make installs it)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def hash_tree(path: Path) -> str:
    """Hash of a file, or of every file under a folder (names and contents)."""
    h = hashlib.sha256()
    if path.is_file():
        h.update(path.read_bytes())
    elif path.is_dir():
        for f in sorted(p for p in path.rglob("*") if p.is_file()):
            h.update(f.relative_to(path).as_posix().encode() + b"\0")
            h.update(sha256_file(f).encode())
    else:
        h.update(b"<missing>")
    return h.hexdigest()


def digest(obj: object) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()


def code_hash(globs: tuple[str, ...]) -> str:
    files = sorted({p for g in globs for p in PACKAGE_DIR.glob(g) if p.is_file()})
    return digest({f.relative_to(PACKAGE_DIR).as_posix(): sha256_file(f) for f in files})


def installed_packages() -> str:
    """Digest of every installed distribution and its version, read from the names of the
    ``*.dist-info`` folders (one directory listing; no package metadata is parsed)."""
    names: list[str] = []
    for entry in sys.path:
        if entry.endswith(("site-packages", "dist-packages")) and os.path.isdir(entry):
            names += [n for n in os.listdir(entry) if n.endswith(".dist-info")]
    return digest(sorted(names))


def environment_fingerprint(root: Path) -> dict[str, str]:
    lock = root / "requirements.lock"
    return {
        "python": platform.python_version(),
        "requirements.lock": sha256_file(lock) if lock.is_file() else "<none>",
        "packages": installed_packages(),
    }


def kernel_argv(kernel_name: str) -> list[str] | None:
    """The kernel spec's command, found where jupyter_client looks for it (first hit wins)."""
    from jupyter_core.paths import jupyter_path

    for folder in jupyter_path("kernels"):
        spec = Path(folder) / kernel_name / "kernel.json"
        if spec.is_file():
            try:
                return list(json.loads(spec.read_text(encoding="utf-8"))["argv"])
            except (OSError, ValueError, KeyError, TypeError):
                return None
    return None


def launcher_of(argv: list[str] | None) -> list[str] | None:
    """The interpreter and flags of a ``python … -m ipykernel_launcher -f {connection_file}``
    kernel spec, or None for a spec that cannot be served by forking."""
    if not argv or "-m" not in argv:
        return None
    i = argv.index("-m")
    if argv[i + 1:i + 2] != ["ipykernel_launcher"]:
        return None
    return list(argv[:i])


def startup_environment() -> dict[str, str]:
    """Environment variables that take effect when an interpreter starts (a fork inherits
    the server's, whatever os.environ says later): PYTHON*, the locale and the time zone."""
    return {k: v for k, v in sorted(os.environ.items())
            if k.startswith("PYTHON") or k in ("LANG", "LC_ALL", "LC_CTYPE", "TZ")}


def server_fingerprint(root: Path, kernel_name: str) -> tuple[str, list[str]] | None:
    """What a warm server must match to serve this project: the kernel's interpreter, its
    start-up environment, the installed packages and every nkrussia source file. Returns the
    fingerprint and the interpreter command, or None when the kernel cannot be forked."""
    launcher = launcher_of(kernel_argv(kernel_name))
    if launcher is None:
        return None
    return digest({
        "protocol": SERVER_PROTOCOL, "launcher": launcher,
        "startup_env": startup_environment(),
        "code": code_hash(("**/*.py",)),  # any edit to nkrussia means a fresh server
        "env": environment_fingerprint(root)}), launcher
