"""The stages, what they write, and the run driver: plan, run what is stale, publish.

A run checks its inputs before anything starts (bad input: one line, exit 2), takes the
project's lock, keys every stage (:mod:`nkrussia.run.cache`), restores what is cached, runs
the rest in a staging folder under ``build/``, and publishes everything at once
(:mod:`nkrussia.run.publish`). Nothing is left running: kernels and Chromium end with the
run, and its temporary folder goes with them.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from nkrussia.errors import EnvironmentProblem, os_error_text
from nkrussia.params import ANALYZE, EXTRACT, REPORT, Params
from nkrussia.paths import CACHE_ENV, ProjectPaths
from nkrussia.run import cache, inputs, manifest, publish
from nkrussia.run.lock import run_lock, run_temp

KERNELS = "nkrussia.run.kernels"  # runs the notebooks: part of every notebook stage's code


@dataclass(frozen=True)
class Stage:
    """One step of the pipeline: what it writes and what its cache key is made of."""

    name: str
    kind: str  # "notebook" | "html" | "pdf"
    outputs: tuple[str, ...]  # paths relative to the staging root (files or whole folders)
    upstream: tuple[str, ...] = ()
    notebook: str | None = None
    driver: tuple[str, ...] = ()  # modules of the run machinery that produce the outputs
    # libraries the notebook's code imports only inside functions: its kernel, booting
    # while the stage before runs, imports them ahead (they change no output)
    preload: tuple[str, ...] = ()


STAGES: tuple[Stage, ...] = (
    Stage(EXTRACT, "notebook", ("data/extracted", "build/01_extract.ipynb"),
          notebook="01_extract.ipynb", driver=(KERNELS,)),
    Stage(ANALYZE, "notebook", ("data/processed", "build/02_analyze.ipynb"),
          upstream=(EXTRACT,), notebook="02_analyze.ipynb", driver=(KERNELS,),
          preload=("datasketch",)),  # near-duplicates; ~1 s with the SciPy it imports
    Stage(REPORT, "notebook", ("build/03_report.ipynb",),
          upstream=(EXTRACT, ANALYZE), notebook="03_report.ipynb", driver=(KERNELS,)),
    Stage("html", "html", ("report/report.html", "report/assets", "report/articles"),
          upstream=(REPORT,), driver=("nkrussia.render", "nkrussia.run.html")),
    Stage("pdf", "pdf", ("report/report.pdf",), upstream=("html",),
          driver=("nkrussia.run.chromium",)),
)
STAGE_BY_NAME = {s.name: s for s in STAGES}
MANIFEST = "data/manifest.json"
# what a run publishes: every stage output outside build/, and the manifest
PUBLISHED: tuple[str, ...] = (*(rel for s in STAGES for rel in s.outputs
                                if not rel.startswith("build/")), MANIFEST)

Reporter = Callable[[str], None]


@dataclass
class StageResult:
    name: str
    state: str  # "ran" | "cached"
    seconds: float


# --------------------------------------------------------------------------- plan
def stage_code(paths: ProjectPaths, stage: Stage) -> str:
    roots = set(stage.driver)
    if stage.notebook:
        roots.update(cache.notebook_modules(paths.notebooks / stage.notebook))
    return cache.code_hash(roots)


def make_plan(paths: ProjectPaths, params: Params,
              warnings: list[dict[str, str]] | None = None) -> cache.Plan:
    """The cache key of every stage for these inputs and parameters."""
    inputs.forget_git()  # the tree as it is now; the run then records that same state
    plan = cache.Plan(paths.root, paths.build, warnings=list(warnings or []), params=params)
    files = inputs.input_files(paths)
    plan.inputs = {p.relative_to(paths.root).as_posix(): inputs.sha256_input(p) for p in files}
    plan.build_date = inputs.build_date(paths, files)
    env = cache.environment_fingerprint(paths.root)
    cache.load_names(plan.cache)
    notebooks = {s.name: inputs.notebook_hash(paths.notebooks / s.notebook)
                 for s in STAGES if s.notebook}
    for stage in STAGES:
        parts: dict[str, object] = {
            "stage": stage.name,
            "code": stage_code(paths, stage),
            "env": env,
            "upstream": {u: plan.keys[u] for u in stage.upstream},
        }
        if stage.notebook:
            parts["notebook"] = notebooks[stage.name]
            parts["params"] = params.for_stage(stage.name)
        if stage.name == EXTRACT:
            parts["inputs"] = {k: v for k, v in plan.inputs.items() if k.startswith("seeds/")}
        if stage.name == ANALYZE:
            parts["inputs"] = {k: v for k, v in plan.inputs.items()
                               if k.startswith("data/external/")}
        if stage.name == REPORT:
            # The report prints the commit, every input hash, params.yaml's hash, the build
            # date and the warnings.
            parts["inputs"] = plan.inputs
            parts["params_file"] = (inputs.sha256_input(paths.params_file)
                                    if os.path.lexists(paths.params_file) else "<none>")
            parts["git"] = inputs.git_state(paths.root, PUBLISHED)
            parts["build_date"] = plan.build_date
            parts["warnings"] = plan.warnings
        if stage.name == "pdf":
            parts["build_date"] = plan.build_date
        plan.keys[stage.name] = inputs.digest(parts)
    return plan


def save_plan_state(plan: cache.Plan) -> None:
    cache.save_names(plan.cache)


def manifest_for(plan: cache.Plan, command: str) -> dict:
    return manifest.build_manifest(
        command=command, git=inputs.git_state(plan.root, PUBLISHED), inputs=plan.inputs,
        params=plan.params.model_dump(), stage_keys=plan.keys,
        build_date=plan.build_date, warnings=plan.warnings)


def manifest_by_hand(root: Path) -> dict:
    """The manifest of a notebook run outside the pipeline (JupyterLab): params.yaml values."""
    from nkrussia.params import resolve

    paths = ProjectPaths(root)
    plan = make_plan(paths, resolve(paths.params_file))
    return manifest_for(plan, "run by hand (notebooks executed outside `nkrussia run`)")


# --------------------------------------------------------------------------- published?
def published_intact(paths: ProjectPaths, plan: cache.Plan) -> bool:
    """The published files are what this plan would publish: the manifest's stage keys are
    the plan's, and every published file has the hash the manifest recorded for it (so a
    hand-edited CSV or a deleted PDF shows, with or without build/)."""
    target = paths.root / MANIFEST
    stamped = manifest.read(target)
    outputs = stamped.get("outputs")
    if stamped.get("stage_keys") != plan.keys or not isinstance(outputs, dict) or not outputs:
        return False
    try:
        actual = manifest.output_hashes(paths.root, list(PUBLISHED), MANIFEST)
    except OSError:
        return False
    if actual != outputs:
        return False
    state = paths.build / "published.json"
    if state.is_file():  # the manifest itself, as this project's last run wrote it
        try:
            recorded = json.loads(state.read_text(encoding="utf-8")).get("manifest")
        except (OSError, ValueError, AttributeError):
            return False
        return recorded in (None, inputs.sha256_file(target))
    return True


def status(paths: ProjectPaths, params: Params) -> list[tuple[str, str]]:
    """For each stage: 'cached' (a run would reuse it) or 'stale' (a run would redo it)."""
    warnings = inputs.check_articles(paths)
    plan = make_plan(paths, params, warnings)
    rows = [(s.name, "cached" if plan.is_cached(s.name) else "stale") for s in STAGES]
    rows.append(("published", "current" if published_intact(paths, plan) else "out of date"))
    return rows


# --------------------------------------------------------------------------- running
def kernel_env(paths: ProjectPaths, staging: Path, force: bool = False) -> dict[str, str]:
    env = {**os.environ,
           "NKRUSSIA_ROOT": str(paths.root),
           "NKRUSSIA_DATA_DIR": str(staging / "data"),
           "NKRUSSIA_REPORT_DIR": str(staging / "report"),
           "NKRUSSIA_MANIFEST": str(staging / MANIFEST)}
    env.pop(CACHE_ENV, None)
    if not force:  # `--force` computes everything again
        env[CACHE_ENV] = str(paths.build / "cache")
    return env


def run(
    paths: ProjectPaths,
    params: Params,
    force: bool = False,
    progress: bool = False,
    say: Reporter = lambda _: None,
    command: str = "nkrussia run",
    warn: Reporter = lambda _: None,
) -> list[StageResult]:
    """Run every stage that is not cached, then publish atomically."""
    warnings = inputs.check_articles(paths)  # bad input stops the run before the lock
    for w in warnings:
        warn(f"{w['file']}: {w['field']}: {w['message']}")
    with run_lock(paths.build, paths.root), run_temp() as temp:
        _remove_leftovers(paths)
        plan = make_plan(paths, params, warnings)
        if not force and all(plan.is_cached(s.name) for s in STAGES) and published_intact(
                paths, plan):
            results = [StageResult(s.name, "cached", 0.0) for s in STAGES]
            for r in results:
                say(f"{r.name:<11} cached {r.seconds:6.1f} s")
            save_plan_state(plan)
            return results
        staging = paths.build / f"staging-{os.getpid()}"
        try:
            return _run_staged(paths, plan, staging, temp, force, progress, say, command)
        except OSError as exc:
            raise EnvironmentProblem(f"{os_error_text(exc)}; nothing was published") from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _run_staged(paths: ProjectPaths, plan: cache.Plan, staging: Path, temp: Path, force: bool,
                progress: bool, say: Reporter, command: str) -> list[StageResult]:
    from nkrussia.run.kernels import KernelPool

    shutil.rmtree(staging, ignore_errors=True)
    todo = [s for s in STAGES if force or not plan.is_cached(s.name)]
    notebooks = {s.name: paths.notebooks / s.notebook for s in todo if s.kind == "notebook"}
    (staging / "data").mkdir(parents=True)
    pool = KernelPool(notebooks, paths.notebooks, kernel_env(paths, staging, force), temp,
                      preload={s.name: s.preload for s in todo})
    results: list[StageResult] = []
    try:
        pool.start_all()  # kernels boot while cached stages are restored and papermill loads
        manifest.write(manifest_for(plan, command), staging / MANIFEST)
        if notebooks:
            import papermill  # noqa: F401  (first, while the first kernel boots)
        if any(s.kind != "notebook" for s in todo):
            _preload_in_background()
        for stage in STAGES:
            t0 = time.perf_counter()
            if stage not in todo:
                cache.restore(plan, stage.name, stage.outputs, staging)
                state = "cached"
            else:
                if progress and stage.kind != "notebook":  # notebooks show a bar
                    say(f"{stage.name:<11} running…")
                if stage.name == REPORT and STAGE_BY_NAME["pdf"] in todo:
                    from nkrussia.run import chromium

                    chromium.prelaunch_browser(temp)  # starts while the report notebook runs
                _run_stage(paths, plan, stage, staging, progress, pool, temp, force)
                cache.store(plan, stage.name, stage.outputs, staging)
                state = "ran"
            results.append(StageResult(stage.name, state, time.perf_counter() - t0))
            say(f"{stage.name:<11} {state:<6} {results[-1].seconds:6.1f} s")
        final = manifest_for(plan, command)
        final["outputs"] = manifest.output_hashes(staging, list(PUBLISHED), MANIFEST)
        manifest.write(final, staging / MANIFEST)
        publish.publish(staging, paths.root, paths.build, list(PUBLISHED))
        with contextlib.suppress(OSError):  # conveniences: the run has published
            for executed in sorted((staging / "build").glob("*.ipynb")):
                os.replace(executed, paths.build / executed.name)
            (paths.build / "published.json").write_text(json.dumps(
                {"keys": plan.keys, "manifest": inputs.sha256_file(paths.root / MANIFEST)},
                indent=2, sort_keys=True), encoding="utf-8")
            cache.prune(plan)
            save_plan_state(plan)
    finally:
        pool.shutdown()
        if "nkrussia.run.chromium" in sys.modules:
            sys.modules["nkrussia.run.chromium"].close_browser()
    return results


def _remove_leftovers(paths: ProjectPaths) -> None:
    """A half-done publish, staging folders and half-written cache entries of runs that
    were killed (we hold the lock, so no other run is using them)."""
    if publish.recover(paths.root, paths.build):
        (paths.build / "published.json").unlink(missing_ok=True)
    for path in paths.build.glob("staging-*"):
        shutil.rmtree(path, ignore_errors=True)
    cache.remove_partial(paths.build)


def _preload_in_background() -> None:
    """Import the HTML/PDF stages' libraries while the notebooks run in their kernels."""
    import threading

    from nkrussia.run.kernels import BACKGROUND_NICE

    def load() -> None:
        # below the kernels in CPU priority: they are on the critical path, this is not
        with contextlib.suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICE)
        with contextlib.suppress(Exception):
            import nbconvert  # noqa: F401

            from nkrussia.run import chromium, html  # noqa: F401

    threading.Thread(target=load, name="nkrussia-preload", daemon=True).start()


def _run_stage(paths: ProjectPaths, plan: cache.Plan, stage: Stage, staging: Path,
               progress: bool, pool, temp: Path, force: bool = False) -> None:
    if stage.kind == "notebook":
        from nkrussia.run.kernels import execute_notebook

        execute_notebook(stage.name, paths.notebooks / stage.notebook,
                         staging / "build" / stage.notebook,
                         plan.params.for_stage(stage.name),
                         pool, paths.build / stage.notebook, progress)
    elif stage.kind == "html":
        from nkrussia.render import export_html  # the report's look, exported by run.html

        export_html(staging / "build" / "03_report.ipynb", staging / "report" / "report.html",
                    data_dir=staging / "data", root=paths.root,
                    # `nkrussia run --force` renders every article page again, as it
                    # extracts every article again
                    pages_cache=None if force else
                    paths.build / "cache" / "pages")
    elif stage.kind == "pdf":
        from nkrussia.run.chromium import print_pdf

        print_pdf(staging / "report" / "report.html", staging / "report" / "report.pdf",
                  build_date=plan.build_date, temp=temp)
