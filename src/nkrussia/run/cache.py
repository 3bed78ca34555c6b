"""The stage cache: keys that cannot go stale, and entries stored whole or not at all.

A stage's key covers everything its outputs can depend on:

* its code: the **import closure** of the stage, computed statically from the source — every
  ``nkrussia`` module its notebook (or its driver module) imports, at any depth and also
  inside functions, plus the package ``__init__`` files on the way, plus every module named
  in a string (``importlib.import_module("nkrussia.render")``). If any module of the closure
  imports a name computed at run time, the closure cannot be known, and the stage takes the
  whole package instead;
* every file of the package that is not Python (templates, stylesheets, data files): any of
  them may be read by path, so every stage key covers all of them;
* the interpreter, ``requirements.lock`` and the installed distributions;
* its notebook, the parameters it reads, its inputs, and the keys of the stages it reads from.

So editing a template re-runs every stage, editing ``report.py`` re-runs the report stage and
what follows it, and editing ``extract_grammar.py`` re-runs everything.
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import platform
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nkrussia
from nkrussia.run.inputs import digest, sha256_file

PACKAGE = "nkrussia"
CACHE_KEEP = 8  # cache entries kept per stage, most recently used first
_MODULE_NAME = re.compile(r"nkrussia(?:\.[A-Za-z_]\w*)*")


def package_dir() -> Path:
    """The folder of the ``nkrussia`` package actually imported (a test may point it at a
    copy)."""
    return Path(nkrussia.__file__).resolve().parent


# --------------------------------------------------------------------------- closure
_FILES: dict[tuple[Path, str], Path | None] = {}


def _module_file(pkg: Path, name: str) -> Path | None:
    if (pkg, name) not in _FILES:
        base = pkg.joinpath(*name.split(".")[1:])
        _FILES[pkg, name] = next((c for c in (base.with_suffix(".py"), base / "__init__.py")
                                  if c.is_file()), None)
    return _FILES[pkg, name]


_DIGESTS: dict[tuple[str, int, int], str] = {}


def file_digest(path: Path) -> str:
    """SHA-256 of a file, remembered for this process while its size and mtime stay."""
    st = path.stat()
    key = (str(path), st.st_mtime_ns, st.st_size)
    if key not in _DIGESTS:
        _DIGESTS[key] = sha256_file(path)
    return _DIGESTS[key]


def _absolute(module: str | None, level: int, importer: str, is_package: bool) -> str:
    if not level:
        return module or ""
    base = importer.split(".")
    base = base[:len(base) - level + (1 if is_package else 0)]
    return ".".join([*base, *([module] if module else [])])


def _dynamic_import(node: ast.AST) -> bool:
    """An import of a name computed at run time: ``import_module(x)``, ``__import__(x)``."""
    if not isinstance(node, ast.Call) or not node.args:
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in ("import_module", "__import__") and not isinstance(node.args[0],
                                                                        ast.Constant)


def names_in_source(source: str, importer: str = "", is_package: bool = False
                    ) -> tuple[set[str], bool]:
    """Module names (``nkrussia.*`` and others) that ``source`` imports or names in a string,
    and whether it imports anything whose name is computed at run time."""
    tree = ast.parse(source)
    found: set[str] = set()
    dynamic = False
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(node.module, node.level, importer, is_package)
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if _MODULE_NAME.fullmatch(node.value):
                found.add(node.value)
        elif _dynamic_import(node):
            dynamic = True
    return found, dynamic


def notebook_modules(notebook: Path) -> list[str]:
    """Every module a notebook's code names (imports at any depth, module names in
    strings), remembered by the notebook's hash like a module's."""
    key = f"notebook:{file_digest(notebook)}"
    if key not in _NAMES:
        found: set[str] = set()
        for source in notebook_sources(notebook):
            with contextlib.suppress(SyntaxError):
                found |= names_in_source(source)[0]
        _NAMES[key] = (sorted(found), False)
        _NEW.add(key)
    return _NAMES[key][0]


def notebook_sources(notebook: Path) -> list[str]:
    """The code cells of a notebook as Python (IPython magics and shell lines blanked)."""
    doc = json.loads(notebook.read_bytes())
    sources = []
    for cell in doc.get("cells", []):
        if cell.get("cell_type") == "code":
            text = "".join(cell.get("source", []))
            sources.append("\n".join("" if line.lstrip().startswith(("%", "!")) else line
                                     for line in text.splitlines()))
    return sources


# what names_in_source found in a module, by the SHA-256 of its source: parsing every module
# of the package takes ~0.3 s, so the answers are kept (in memory, and in build/cache)
_NAMES: dict[str, tuple[list[str], bool]] = {}
_NEW: set[str] = set()  # keys found in this process, not yet saved
NAMES_FILE = "imports.json"


def load_names(cache_dir: Path) -> None:
    with contextlib.suppress(OSError, ValueError, TypeError):
        saved = json.loads((cache_dir / NAMES_FILE).read_text(encoding="utf-8"))
        _NAMES.update({k: (list(v[0]), bool(v[1])) for k, v in saved.items()})


def save_names(cache_dir: Path) -> None:
    if not _NEW:
        return
    _NEW.clear()
    with contextlib.suppress(OSError):
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cache_dir / f".{NAMES_FILE}.tmp{os.getpid()}"
        tmp.write_text(json.dumps(_NAMES, sort_keys=True), encoding="utf-8")
        os.replace(tmp, cache_dir / NAMES_FILE)


def _module_names(path: Path, name: str) -> tuple[list[str], bool]:
    key = f"{name}:{file_digest(path)}"
    if key not in _NAMES:
        try:
            found, dynamic = names_in_source(path.read_text(encoding="utf-8"), name,
                                             path.name == "__init__.py")
        except (SyntaxError, UnicodeDecodeError, ValueError):
            found, dynamic = set(), True
        _NAMES[key] = (sorted(n for n in found if n.split(".")[0] == PACKAGE), dynamic)
        _NEW.add(key)
    return _NAMES[key]


def code_closure(roots: set[str], pkg: Path | None = None) -> tuple[list[Path], bool]:
    """The package files the modules ``roots`` can import (sorted), and whether the closure
    is uncertain (a run-time import name, or a file that does not parse)."""
    pkg = pkg or package_dir()
    todo = sorted(n for n in roots if n == PACKAGE or n.startswith(PACKAGE + "."))
    seen: dict[str, Path] = {}
    uncertain = False
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for i in range(1, len(parts) + 1):  # importing a.b.c runs a and a.b first
            prefix = ".".join(parts[:i])
            path = _module_file(pkg, prefix)
            if path is None or prefix in seen:
                continue
            seen[prefix] = path
            found, dynamic = _module_names(path, prefix)
            uncertain = uncertain or dynamic
            todo.extend(n for n in found if n not in seen)
    return sorted(set(seen.values())), uncertain


def package_files(pkg: Path | None = None) -> list[Path]:
    """Every file of the package (compiled bytecode aside)."""
    pkg = pkg or package_dir()
    return sorted(p for p in pkg.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                  and p.suffix not in (".pyc", ".pyo"))


def code_hash(roots: set[str], pkg: Path | None = None) -> str:
    """Hash of the stage's import closure plus every non-Python file of the package (the
    whole package when the closure is uncertain)."""
    pkg = pkg or package_dir()
    files, uncertain = code_closure(roots, pkg)
    everything = package_files(pkg)
    chosen = everything if uncertain else sorted(
        {*files, *(p for p in everything if p.suffix != ".py")})
    return digest({p.relative_to(pkg).as_posix(): file_digest(p) for p in chosen})


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


# --------------------------------------------------------------------------- entries
@dataclass
class Plan:
    """Cache keys of every stage for one set of inputs and parameters."""

    root: Path
    build: Path
    keys: dict[str, str] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)
    warnings: list[dict[str, str]] = field(default_factory=list)
    build_date: str = ""
    params: Any = None  # the run's nkrussia.params.Params

    @property
    def cache(self) -> Path:
        return self.build / "cache"

    def cached(self, stage: str) -> Path:
        return self.cache / stage / self.keys[stage]

    def is_cached(self, stage: str) -> bool:
        return (self.cached(stage) / "done.json").is_file()


def _copy_into(src: Path, dst: Path) -> None:
    if src.is_dir():
        shutil.copytree(src, dst, dirs_exist_ok=True)
    else:
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)


def store(plan: Plan, stage: str, outputs: tuple[str, ...], staging: Path) -> None:
    """Keep a stage's outputs in the cache, written whole or not at all."""
    final = plan.cached(stage)
    tmp = final.with_name(final.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        for rel in outputs:
            if (staging / rel).exists():
                _copy_into(staging / rel, tmp / rel)
        (tmp / "done.json").write_text(json.dumps({"stage": stage}), encoding="utf-8")
        shutil.rmtree(final, ignore_errors=True)
        os.replace(tmp, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def restore(plan: Plan, stage: str, outputs: tuple[str, ...], staging: Path) -> None:
    for rel in outputs:
        if (plan.cached(stage) / rel).exists():
            _copy_into(plan.cached(stage) / rel, staging / rel)
    with contextlib.suppress(OSError):
        os.utime(plan.cached(stage))  # recently used: kept by prune


def prune(plan: Plan) -> None:
    """Keep the cache bounded: each stage keeps its CACHE_KEEP most recently used entries."""
    for name, key in plan.keys.items():
        folder = plan.cache / name
        if not folder.is_dir():
            continue
        entries = sorted((p for p in folder.iterdir() if p.is_dir() and ".tmp" not in p.name),
                         key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[CACHE_KEEP:]:
            if old.name != key:
                shutil.rmtree(old, ignore_errors=True)


def remove_partial(build: Path) -> None:
    """Half-written cache entries of runs that were killed (under the run lock)."""
    for path in build.glob("cache/*/*.tmp*"):
        shutil.rmtree(path, ignore_errors=True)
