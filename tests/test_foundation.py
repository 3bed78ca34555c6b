"""The house: pins in step, notebooks clean and in step with the parameter schema."""

from __future__ import annotations

import json
import re
import subprocess
import tomllib

import nbformat
import pytest
import yaml

from nkrussia import params as P
from nkrussia.run.stages import STAGES

from .conftest import REPO

PIN = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*==\s*([^\s;]+)")


def _pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    deps = project["dependencies"] + [d for ds in project["optional-dependencies"].values()
                                      for d in ds]
    pins = {}
    for dep in deps:
        match = PIN.match(dep)
        assert match, f"pyproject dependency not pinned exactly: {dep}"
        pins[match.group(1).lower()] = match.group(2)
    return pins


def test_environment_yml_matches_pyproject():
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    assert "conda-forge" in env["channels"]
    conda, pip = {}, {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for item in dep["pip"]:
                if (m := PIN.match(item)):
                    pip[m.group(1).lower()] = m.group(2)
        elif (m := PIN.match(dep)):
            conda[m.group(1).lower()] = m.group(2)
    assert "python=3.11" in env["dependencies"]
    assert {**conda, **pip} == _pyproject_pins()


def test_lock_pins_every_direct_dependency_at_the_same_version():
    lock = {m.group(1).lower(): m.group(2)
            for line in (REPO / "requirements.lock").read_text().splitlines()
            if (m := PIN.match(line))}
    for name, version in _pyproject_pins().items():
        assert lock.get(name) == version, f"{name}: pyproject {version}, lock {lock.get(name)}"


def _tracked_notebooks():
    out = subprocess.run(["git", "ls-files", "notebooks/*.ipynb"], cwd=REPO,
                         capture_output=True, text=True, check=True).stdout.split()
    return [REPO / p for p in out]


def test_notebooks_in_git_carry_no_outputs():
    notebooks = _tracked_notebooks()
    assert {p.name for p in notebooks} >= {s.notebook for s in STAGES if s.notebook}
    for path in notebooks:
        nb = json.loads(path.read_text())
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert not cell.get("outputs"), f"{path.name} has outputs"
                assert cell.get("execution_count") is None, f"{path.name} has execution counts"


@pytest.mark.parametrize("stage", [s for s in STAGES if s.notebook], ids=lambda s: s.name)
def test_parameters_cell_defaults_equal_the_schema(stage):
    nb = nbformat.read(REPO / "notebooks" / stage.notebook, as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"{stage.notebook} needs exactly one parameters-tagged cell"
    namespace: dict = {}
    exec(cells[0].source, {}, namespace)  # noqa: S102 - our own notebook's literal assignments
    assert namespace == P.stage_defaults(stage.name)
    assert nb.metadata["kernelspec"]["name"] == "nkrussia"


def test_params_yaml_is_valid_and_uses_known_names():
    values = P.read_yaml(REPO / "params.yaml")
    assert set(values) <= set(P.names())
    assert P.validate(values) == P.resolve(REPO / "params.yaml")


def test_readme_leads_with_the_two_commands():
    readme = (REPO / "README.md").read_text()
    first_commands = re.findall(r"^\s*make (\w+)", readme, flags=re.M)[:2]
    assert first_commands == ["report", "test"]


def test_ci_runs_make_test():
    assert "make test" in (REPO / ".ci" / "run").read_text()
