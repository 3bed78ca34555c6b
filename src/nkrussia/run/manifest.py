"""``data/manifest.json``: what a run was made from, and what it published.

Fields (all written by every run; the report reads them):

``command``      the command line of the run (text)
``git``          ``{"commit": str, "clean": bool}`` (``"unknown"`` outside git)
``build_date``   ISO date (``YYYY-MM-DD``) the report and the PDF carry: ``SOURCE_DATE_EPOCH``,
                 else the HEAD commit's date, else the newest input's date
                 (:func:`nkrussia.run.inputs.build_date`); the same for every run of the
                 same commit on the same inputs
``warnings``     list of ``{"file": str, "field": str, "message": str}``: things a run
                 accepted but a reader should know (a publication date in the future)
``inputs``       ``{relative path: sha256}`` of every article, sidecar and reference file
``params``       every parameter's value
``stage_keys``   ``{stage: cache key}``
``python``, ``packages``  versions
``outputs``      ``{relative path: sha256}`` of every published file but the manifest itself
                 (written once the run has published; `nkrussia status` checks them)
"""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path

MANIFEST_PACKAGES = ("nkrussia", "pandas", "numpy", "altair", "vl-convert-python", "papermill",
                     "nbconvert", "nbclient", "ipykernel", "jupyterlab", "pydantic", "pandera",
                     "playwright")


def package_versions() -> dict[str, str]:
    from importlib import metadata

    versions = {}
    for name in MANIFEST_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def build_manifest(*, command: str, git: dict, inputs: dict[str, str], params: dict,
                   stage_keys: dict[str, str], build_date: str,
                   warnings: list[dict[str, str]]) -> dict:
    """What the report stamps: commit, build date, warnings, inputs, parameters, versions."""
    return {
        "command": command,
        "git": git,
        "build_date": build_date,
        "warnings": warnings,
        "inputs": inputs,
        "params": params,
        "stage_keys": stage_keys,
        "python": platform.python_version(),
        "packages": package_versions(),
    }


def write(manifest: dict, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp{os.getpid()}")
    tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, target)


def read(path: Path) -> dict:
    """The manifest at ``path``, or {} when it is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def output_hashes(root: Path, items: list[str], skip: str) -> dict[str, str]:
    """``{relative path: sha256}`` of every file under the published ``items`` but ``skip``."""
    from nkrussia.run.inputs import sha256_file

    out: dict[str, str] = {}
    for rel in items:
        path = root / rel
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else (
            [path] if path.is_file() else [])
        for f in files:
            name = f.relative_to(root).as_posix()
            if name != skip:
                out[name] = sha256_file(f)
    return out
