"""The pipeline: stages, cache keys, papermill execution, atomic publish, the run lock."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from nkrussia.errors import NkrussiaError

# hashing lives in nkrussia.fingerprint, which the command line imports without pandas
from nkrussia.fingerprint import (
    KERNEL_NAME,
    code_hash,
    environment_fingerprint,
    hash_tree,
    sha256_file,
)
from nkrussia.fingerprint import digest as _digest
from nkrussia.params import ANALYZE, EXTRACT, REPORT, Params
from nkrussia.paths import ProjectPaths

BACKGROUND_NICE = 10  # niceness of kernels booting ahead of their turn


class PipelineError(NkrussiaError, RuntimeError):
    """A run failed; the message says what to do. ``exit_code`` is what the CLI returns.

    (Transitional: the run machinery raises the typed errors of nkrussia.errors.)"""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class Stage:
    """One step of the pipeline and what its cache key is made of."""

    name: str
    kind: str  # "notebook" | "html" | "pdf"
    code: tuple[str, ...]  # package files (globs) whose source the stage depends on
    outputs: tuple[str, ...]  # paths relative to the staging root
    upstream: tuple[str, ...] = ()
    notebook: str | None = None


STAGES: tuple[Stage, ...] = (
    Stage(EXTRACT, "notebook", ("extract*.py", "vocab.py", "paths.py", "params.py"),
          ("data/extracted", "build/01_extract.ipynb"), notebook="01_extract.ipynb"),
    Stage(ANALYZE, "notebook", ("analyze/*.py", "schemas.py", "vocab.py", "paths.py", "params.py",
                                "model.py", "errors.py"),
          ("data/processed", "build/02_analyze.ipynb"), upstream=(EXTRACT,),
          notebook="02_analyze.ipynb"),
    Stage(REPORT, "notebook", ("report/*.py", "templates/**/*", "assets/*", "render.py",
                               "analyze/*.py", "schemas.py", "fmt.py", "model.py", "articles.py",
                               "paths.py", "params.py", "errors.py"),
          ("build/03_report.ipynb",), upstream=(EXTRACT, ANALYZE), notebook="03_report.ipynb"),
    Stage("html", "html", ("render.py", "report/page.py", "templates/**/*", "assets/*"),
          ("report/report.html", "report/assets", "report/articles"), upstream=(REPORT,)),
    Stage("pdf", "pdf", ("render.py",), ("report/report.pdf",), upstream=("html",)),
)
STAGE_BY_NAME = {s.name: s for s in STAGES}


# --------------------------------------------------------------------------- inputs
def input_files(paths: ProjectPaths) -> list[Path]:
    """The articles and their sidecars, plus the external reference data."""
    seeds = sorted(paths.seeds.glob("*.txt")) + sorted(paths.seeds.glob("*.yaml"))
    external = sorted(p for p in paths.external.glob("*") if p.is_file())
    return seeds + external


def git_state(root: Path) -> dict[str, str | bool]:
    """Commit and cleanliness of the working tree, or 'unknown' outside git.

    The pipeline's own outputs do not count as changes: publishing a report must not make
    the next run see a 'dirty' tree and redo it.
    """
    exclude = [f":(exclude){rel}" for rel in PUBLISHED]
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                                text=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--",
                                ".", *exclude], cwd=root, capture_output=True, text=True,
                               timeout=10, check=True).stdout.strip()
        return {"commit": commit, "clean": not dirty}
    except (OSError, subprocess.SubprocessError):
        return {"commit": "unknown", "clean": False}


# --------------------------------------------------------------------------- plan
@dataclass
class Plan:
    """Cache keys of every stage for one set of inputs and parameters."""

    paths: ProjectPaths
    params: Params
    keys: dict[str, str] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)

    @property
    def cache(self) -> Path:
        return self.paths.build / "cache"

    def cached(self, stage: str) -> Path:
        return self.cache / stage / self.keys[stage]

    def is_cached(self, stage: str) -> bool:
        return (self.cached(stage) / "done.json").is_file()


def make_plan(paths: ProjectPaths, params: Params) -> Plan:
    plan = Plan(paths, params)
    plan.inputs = {p.relative_to(paths.root).as_posix(): sha256_file(p)
                   for p in input_files(paths)}
    env = environment_fingerprint(paths.root)
    seed_inputs = {k: v for k, v in plan.inputs.items() if k.startswith("seeds/")}
    external_inputs = {k: v for k, v in plan.inputs.items() if k.startswith("data/external/")}
    for stage in STAGES:
        parts: dict[str, object] = {
            "stage": stage.name,
            "code": code_hash(stage.code),
            "env": env,
            "upstream": {u: plan.keys[u] for u in stage.upstream},
        }
        if stage.notebook:
            parts["notebook"] = sha256_file(paths.notebooks / stage.notebook)
            parts["params"] = params.for_stage(stage.name)
        if stage.name == EXTRACT:
            parts["inputs"] = seed_inputs
        if stage.name == ANALYZE:
            parts["inputs"] = external_inputs
        if stage.name == REPORT:
            # The report prints the commit, every input hash and params.yaml's hash.
            parts["inputs"] = plan.inputs
            parts["params_file"] = (sha256_file(paths.params_file)
                                    if paths.params_file.is_file() else "<none>")
            parts["git"] = git_state(paths.root)
        plan.keys[stage.name] = _digest(parts)
    return plan


# --------------------------------------------------------------------------- lock
@contextlib.contextmanager
def run_lock(paths: ProjectPaths) -> Iterator[None]:
    """One run per folder. flock is released by the kernel when a process dies: never stuck."""
    paths.build.mkdir(parents=True, exist_ok=True)
    lock_path = paths.build / "run.lock"
    fh = lock_path.open("a+")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.seek(0)
        holder = fh.read().strip() or "another process"
        fh.close()
        raise PipelineError(
            f"another nkrussia run is in progress in {paths.root} ({holder}); "
            "wait for it to finish", exit_code=3) from None
    try:
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}")
        fh.flush()
        yield
    finally:
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


# --------------------------------------------------------------------------- running
@dataclass
class StageResult:
    name: str
    state: str  # "ran" | "cached"
    seconds: float


Reporter = Callable[[str], None]


def _copy_into(src: Path, dst: Path) -> None:
    if src.is_dir():
        shutil.copytree(src, dst, dirs_exist_ok=True)
    else:
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)


def _store(plan: Plan, stage: Stage, staging: Path) -> None:
    """Keep a stage's outputs in the cache, written whole or not at all."""
    final = plan.cached(stage.name)
    tmp = final.with_name(final.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    for rel in stage.outputs:
        if (staging / rel).exists():  # optional outputs (report/articles) may be absent
            _copy_into(staging / rel, tmp / rel)
    (tmp / "done.json").write_text(json.dumps({"stage": stage.name}), encoding="utf-8")
    shutil.rmtree(final, ignore_errors=True)
    os.replace(tmp, final)


def _restore(plan: Plan, stage: Stage, staging: Path) -> None:
    for rel in stage.outputs:
        if (plan.cached(stage.name) / rel).exists():
            _copy_into(plan.cached(stage.name) / rel, staging / rel)
    with contextlib.suppress(OSError):
        os.utime(plan.cached(stage.name))  # recently used: kept by _prune


CACHE_KEEP = 8  # cache entries kept per stage, most recently used first


def _prune(plan: Plan) -> None:
    """Keep the cache bounded: each stage keeps its CACHE_KEEP most recently used entries."""
    for stage in STAGES:
        folder = plan.cache / stage.name
        if not folder.is_dir():
            continue
        entries = sorted((p for p in folder.iterdir() if p.is_dir() and ".tmp" not in p.name),
                         key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[CACHE_KEEP:]:
            if old.name != plan.keys[stage.name]:
                shutil.rmtree(old, ignore_errors=True)


def notebook_imports(notebook: Path) -> list[str]:
    """Modules a notebook imports at the top level of its code cells (to pre-import them)."""
    import ast

    doc = json.loads(notebook.read_text(encoding="utf-8"))
    found: list[str] = []
    for cell in doc.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", []))
        try:
            tree = ast.parse(source)
        except SyntaxError:  # IPython magics: leave that cell alone
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                found += [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.append(node.module)
                found += [f"{node.module}.{a.name}" for a in node.names]
    return list(dict.fromkeys(found))


def _warmup_line(modules: list[str]) -> str:
    """One IPython line that imports modules without binding any name in the namespace.

    Only libraries are imported; a module that fails to import is skipped here and fails
    in its notebook cell, with the notebook's own error.
    """
    return ("exec(" + repr(
        "import importlib as _nk_il\n"
        f"for _nk_m in {modules!r}:\n"
        "    try:\n        _nk_il.import_module(_nk_m)\n"
        "    except Exception:\n        pass\n"
        "del _nk_il, _nk_m\n") + ", {})")


_PROMPT_CLIENT: type | None = None


def prompt_client_class() -> type:
    """jupyter_client's kernel client with a quicker readiness check.

    ``wait_for_ready`` sends kernel_info until a reply arrives with an IOPub message behind it,
    then drains IOPub until it has been silent for 0.2 s: every notebook waited 0.2 s on a
    kernel that was already up (measured: 0.203 s, twice per parameter run). Same protocol
    here, with 20 ms waits on IOPub.
    """
    global _PROMPT_CLIENT
    if _PROMPT_CLIENT is None:
        from queue import Empty

        from jupyter_client.asynchronous import AsyncKernelClient

        class PromptKernelClient(AsyncKernelClient):
            async def wait_for_ready(self, timeout: float | None = None) -> None:
                deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
                while True:
                    self.kernel_info()
                    try:
                        reply = await self.shell_channel.get_msg(timeout=1)
                    except Empty:
                        reply = None
                    if reply and reply["msg_type"] == "kernel_info_reply":
                        try:  # IOPub is subscribed once a message comes through it
                            await self.iopub_channel.get_msg(timeout=0.02)
                        except Empty:
                            pass
                        else:
                            self._handle_kernel_info_reply(reply)
                            break
                    if not await self._async_is_alive():
                        raise RuntimeError("Kernel died before replying to kernel_info")
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
                while True:  # drop the status messages of the kernel_info requests
                    try:
                        await self.iopub_channel.get_msg(timeout=0.02)
                    except Empty:
                        break

        _PROMPT_CLIENT = PromptKernelClient
    return _PROMPT_CLIENT


class KernelPool:
    """Fresh kernels started ahead of their notebook, each pre-importing what it imports.

    A kernel serves exactly one notebook and is shut down after it, so notebooks still hand
    data to each other only through files. Kernels talk over IPC sockets in a private
    temporary folder (no TCP ports, no unencrypted-TCP warning on the user's terminal).
    """

    def __init__(self, plan: Plan, staging: Path, stages: list[Stage], warm_idle: float = 0.0,
                 say: Reporter = lambda _: None):
        import tempfile

        self.plan = plan
        self.stages = stages
        self.say = say
        self.env = {**os.environ,
                    "NKRUSSIA_ROOT": str(plan.paths.root),
                    "NKRUSSIA_DATA_DIR": str(staging / "data"),
                    "NKRUSSIA_MANIFEST": str(staging / "data" / "manifest.json")}
        self.sockets = Path(tempfile.mkdtemp(prefix="nkrussia-k"))
        self.kernels: dict[str, object] = {}
        self.released: list = []
        self.ahead = int(os.environ.get("NKRUSSIA_KERNELS_AHEAD", "2"))
        self.warm = self._warm_kernels(warm_idle) if stages and warm_idle > 0 else None

    def _warm_kernels(self, idle: float):
        """The project's warm-kernel server (started now if needed, without waiting)."""
        from nkrussia import fingerprint, warm

        key = fingerprint.server_fingerprint(self.plan.paths.root, KERNEL_NAME)
        if key is None:
            return None
        fingerprint_, launcher = key
        modules = list(dict.fromkeys(
            ["pandas", *(m for s in STAGES if s.notebook
                         for m in notebook_imports(self.plan.paths.notebooks / s.notebook))]))
        server = warm.WarmKernels(self.plan.paths.build, launcher, modules, fingerprint_, idle,
                                  dict(os.environ))
        try:
            server.begin()
        except OSError as exc:
            self.say(f"warm kernels unavailable ({exc}); starting kernels the usual way")
            return None
        return server

    def start(self, stage: Stage, background: bool = False, wait: bool = True) -> None:
        """Launch the stage's kernel (returns once it is launched; it boots on its own).

        A kernel started ``background`` runs at a lower CPU priority until its notebook's
        turn, so that it boots on the spare core without slowing the notebook now running.
        With warm kernels the kernel is forked from the project's server; ``wait=False``
        skips the stage while that server is still starting.
        """
        if stage.name in self.kernels:
            return
        import uuid

        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        if self.warm is not None and not wait and not self.warm.ready:
            return
        km = AsyncKernelManager(kernel_name=KERNEL_NAME, transport="ipc",
                                ip=str(self.sockets / stage.name[:2]))
        km.client_factory = prompt_client_class()
        extra: list[str] = []
        if self.warm is not None:
            km.kernel_id = str(uuid.uuid4())
            km.provisioner = self.warm.provisioner(km, km.kernel_id)
        else:
            modules = ["pandas", *notebook_imports(self.plan.paths.notebooks / stage.notebook)]
            extra = [f"--IPKernelApp.exec_lines={_warmup_line(modules)}"]
        try:
            run_sync(km.start_kernel)(cwd=str(self.plan.paths.notebooks), env=self.env,
                                      extra_arguments=extra)
        except Exception as exc:
            from nkrussia.warm import WarmError

            if self.warm is None or not isinstance(exc, (WarmError, OSError)):
                raise
            self.say(f"warm kernels unavailable ({exc}); starting kernels the usual way")
            self.warm = None
            return self.start(stage, background)
        self.kernels[stage.name] = km
        if background:
            self._nice(km, BACKGROUND_NICE)

    @staticmethod
    def _nice(km, value: int) -> None:
        pid = getattr(km.provisioner, "pid", None)
        if pid:
            with contextlib.suppress(OSError):  # raising priority back needs privileges
                os.setpriority(os.PRIO_PROCESS, pid, value)

    def take(self, stage: Stage):
        """The kernel for this stage (started now if it was not); start the next ones."""
        self.start(stage)
        self._nice(self.kernels[stage.name], 0)
        for later in self.stages[self.stages.index(stage) + 1:][:self.ahead]:
            self.start(later, background=True)
        return self.kernels[stage.name]

    def start_all(self) -> None:
        """The first kernel at normal priority, the next ``ahead`` in the background (with
        warm kernels: only if the server is already up; a starting one is not waited for)."""
        for i, stage in enumerate(self.stages[:1 + self.ahead]):
            self.start(stage, background=i > 0, wait=False)

    def release(self, name: str) -> None:
        """Kill a kernel whose notebook has finished, without waiting for it to go.

        jupyter_client's shutdown polls the process every 0.1 s after the kill, which put
        0.1 s between every two notebooks; the dead kernels are tidied up by :meth:`shutdown`.
        """
        from jupyter_core.utils import run_sync

        km = self.kernels.pop(name, None)
        if km is None:
            return
        self.released.append(km)
        with contextlib.suppress(Exception):
            run_sync(km.provisioner.kill)()

    def shutdown(self) -> None:
        """Stop every kernel (and clean up their connection files)."""
        from jupyter_core.utils import run_sync

        for km in [*self.released, *self.kernels.values()]:
            with contextlib.suppress(Exception):
                run_sync(km.shutdown_kernel)(now=True)
        self.released.clear()
        self.kernels.clear()
        shutil.rmtree(self.sockets, ignore_errors=True)


def _execute_notebook(plan: Plan, stage: Stage, staging: Path, progress: bool,
                      pool: KernelPool | None = None) -> None:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    source = plan.paths.notebooks / stage.notebook
    executed = staging / "build" / stage.notebook
    executed.parent.mkdir(parents=True, exist_ok=True)
    own_pool = pool is None
    if pool is None:
        pool = KernelPool(plan, staging, [stage])
    try:
        papermill.execute_notebook(
            str(source), str(executed),
            parameters=plan.params.for_stage(stage.name),
            kernel_name=KERNEL_NAME,
            km=pool.take(stage),
            # a bar over cells on a terminal, named after the stage, gone once it is done
            progress_bar={"desc": f"{stage.name:<11}", "leave": False} if progress else False,
            request_save_on_cell_execute=False,
        )
    except PapermillExecutionError as exc:
        kept = plan.paths.build / stage.notebook
        kept.parent.mkdir(parents=True, exist_ok=True)
        if executed.is_file():
            shutil.copy2(executed, kept)
        if exc.ename == "ParamError":
            # a parameter that only the data can refute (e.g. model_document naming a
            # document that is not there): bad input, like any other bad parameter
            raise PipelineError(
                f"{str(exc.evalue).splitlines()[0] if exc.evalue else 'bad parameter'} "
                f"(found by {stage.notebook}); nothing was published", exit_code=2) from None
        raise PipelineError(
            f"{stage.notebook} failed in cell {exc.cell_index + 1} "
            f"({exc.ename}: {str(exc.evalue).splitlines()[0] if exc.evalue else ''}); "
            f"open {kept} to see the executed copy. Nothing was published.") from None
    except Exception as exc:  # a kernel that died or never started
        if isinstance(exc, PipelineError):
            raise
        raise PipelineError(
            f"{stage.notebook} could not be executed ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0] if str(exc) else ''}). Nothing was published."
        ) from exc
    finally:
        if own_pool:
            pool.shutdown()
        else:
            pool.release(stage.name)


MANIFEST_PACKAGES = ("nkrussia", "pandas", "numpy", "altair", "vl-convert-python", "papermill",
                     "nbconvert", "nbclient", "ipykernel", "jupyterlab", "pydantic", "pandera",
                     "playwright")


def build_manifest(plan: Plan, command: str) -> dict:
    """What the report stamps: commit, input hashes, parameters, stage keys, versions."""
    from importlib import metadata

    versions = {}
    for name in MANIFEST_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {
        "command": command,
        "git": git_state(plan.paths.root),
        "inputs": plan.inputs,
        "params": plan.params.model_dump(),
        "stage_keys": plan.keys,
        "python": platform.python_version(),
        "packages": versions,
    }


def write_manifest(plan: Plan, target: Path, command: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(build_manifest(plan, command), indent=2, sort_keys=True) + "\n"
    target.write_text(text, encoding="utf-8")


def manifest_by_hand(root: Path) -> dict:
    """The manifest of a notebook run outside the pipeline (JupyterLab): params.yaml values."""
    from nkrussia.params import resolve

    paths = ProjectPaths(root)
    return build_manifest(make_plan(paths, resolve(paths.params_file)),
                          "run by hand (notebooks executed outside `nkrussia run`)")


OPTIONAL_OUTPUTS = ("report/articles",)  # only with several articles
PUBLISHED = ("data/extracted", "data/processed", "data/manifest.json", "report/report.html",
             "report/assets", "report/articles", "report/report.pdf")


def _publish(staging: Path, root: Path, journal: Path) -> None:
    """Swap each output into place with a rename; the old copies go only after all moved.

    A journal names the staging folder first, so that a run killed between two renames is
    completed by the next run (:func:`_recover_publish`): every stage had succeeded by then.
    """
    items = [rel for rel in PUBLISHED if (staging / rel).exists()]
    tmp = journal.with_suffix(".tmp")
    tmp.write_text(json.dumps({"staging": str(staging), "pid": os.getpid(), "items": items}),
                   encoding="utf-8")
    os.replace(tmp, journal)
    _swap_in(staging, root, items, os.getpid())
    journal.unlink()


def _swap_in(staging: Path, root: Path, items: list[str], pid: int) -> None:
    olds: list[Path] = []
    for rel in items:
        src, dst = staging / rel, root / rel
        old = dst.with_name(f".{dst.name}.old{pid}")
        if src.exists():  # not moved yet
            dst.parent.mkdir(parents=True, exist_ok=True)
            if dst.exists() and not old.exists():
                os.replace(dst, old)
            os.replace(src, dst)
        olds.append(old)
    for old in olds:
        if old.is_dir():
            shutil.rmtree(old)
        elif old.exists():
            old.unlink()


def _recover_publish(paths: ProjectPaths) -> None:
    """Finish a publish that a killed run left half done (called under the run lock)."""
    journal = paths.build / "publish.json"
    if not journal.is_file():
        return
    try:
        state = json.loads(journal.read_text(encoding="utf-8"))
        _swap_in(Path(state["staging"]), paths.root, list(state["items"]), int(state["pid"]))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    journal.unlink()
    (paths.build / "published.json").unlink(missing_ok=True)


def published_state(paths: ProjectPaths) -> dict:
    state = paths.build / "published.json"
    if state.is_file():
        return json.loads(state.read_text(encoding="utf-8"))
    return {}


def _published_intact(paths: ProjectPaths, plan: Plan) -> bool:
    state = published_state(paths)
    if not state:
        # build/ was deleted: the published data stamp the stage keys they were made with.
        manifest = paths.data / "manifest.json"
        try:
            stamped = json.loads(manifest.read_text(encoding="utf-8")).get("stage_keys")
        except (OSError, ValueError):
            return False
        return stamped == plan.keys and all((paths.root / rel).exists() for rel in PUBLISHED
                                            if rel not in OPTIONAL_OUTPUTS)
    if state.get("keys") != plan.keys:
        return False
    return all(hash_tree(paths.root / rel) == digest
               for rel, digest in state.get("outputs", {}).items())


def run(
    paths: ProjectPaths,
    params: Params,
    force: bool = False,
    progress: bool = False,
    say: Reporter = lambda _: None,
    command: str = "nkrussia run",
    warm_kernels: bool = True,
) -> list[StageResult]:
    """Run every stage that is not cached, then publish atomically.

    ``warm_kernels``: fork kernels from the project's warm-kernel server (see
    :mod:`nkrussia.warm`; NKRUSSIA_WARM_MINUTES=0 also turns it off).
    """
    from nkrussia import extract  # light import: validates articles before any notebook
    from nkrussia.warm import idle_seconds

    try:
        warm_idle = idle_seconds() if warm_kernels else 0.0
    except ValueError as exc:
        raise PipelineError(str(exc), exit_code=2) from None

    articles = extract.find_articles(paths.seeds)
    for path in articles:
        extract.load_article(path, within=paths.root)

    with run_lock(paths):
        _remove_leftovers(paths)
        plan = make_plan(paths, params)
        if not force and all(plan.is_cached(s.name) for s in STAGES) and _published_intact(
                paths, plan):
            results = [StageResult(s.name, "cached", 0.0) for s in STAGES]
            for r in results:
                say(f"{r.name:<11} cached {r.seconds:6.1f} s")
            return results
        staging = paths.build / f"staging-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        todo = [s for s in STAGES if force or not plan.is_cached(s.name)]
        pool = KernelPool(plan, staging, [s for s in todo if s.kind == "notebook"],
                          warm_idle=warm_idle, say=say)
        results = []
        try:
            (staging / "data").mkdir(parents=True)
            pool.start_all()  # kernels boot while cached stages are restored and papermill loads
            write_manifest(plan, staging / "data" / "manifest.json", command)
            if pool.stages:
                import papermill  # noqa: F401  (first, while the first kernel boots)
            if any(s.kind != "notebook" for s in todo):
                _preload_in_background(("nbconvert", "nkrussia.render"))
            for stage in STAGES:
                t0 = time.perf_counter()
                if stage not in todo:
                    _restore(plan, stage, staging)
                    state = "cached"
                else:
                    if progress and stage.kind != "notebook":  # notebooks show a bar
                        say(f"{stage.name:<11} running…")
                    if stage.name == REPORT and STAGE_BY_NAME["pdf"] in todo:
                        from nkrussia import render

                        render.prelaunch_browser()  # starts while the report notebook runs
                    _run_stage(plan, stage, staging, progress, pool)
                    _store(plan, stage, staging)
                    state = "ran"
                results.append(StageResult(stage.name, state, time.perf_counter() - t0))
                say(f"{stage.name:<11} {state:<6} {results[-1].seconds:6.1f} s")
            _publish(staging, paths.root, paths.build / "publish.json")
            for executed in sorted((staging / "build").glob("*.ipynb")):
                os.replace(executed, paths.build / executed.name)
            outputs = {rel: hash_tree(paths.root / rel) for rel in PUBLISHED
                       if (paths.root / rel).exists()}
            (paths.build / "published.json").write_text(
                json.dumps({"keys": plan.keys, "outputs": outputs}, indent=2, sort_keys=True),
                encoding="utf-8")
            _prune(plan)
            if pool.warm is not None and pool.warm.spawned is not None:
                say(f"warm kernels: started a server (pid {pool.warm.spawned.pid}) to make the "
                    f"next run faster; it exits after {warm_idle / 60:g} min without a run "
                    "(`nkrussia stop` ends it now, --no-warm does without)")
        finally:
            pool.shutdown()
            if "nkrussia.render" in sys.modules:
                sys.modules["nkrussia.render"].close_browser()
            shutil.rmtree(staging, ignore_errors=True)
    return results


def _remove_leftovers(paths: ProjectPaths) -> None:
    """Staging folders and half-written cache entries of runs that were killed (we hold the
    lock, so no other run is using them)."""
    _recover_publish(paths)
    for path in paths.build.glob("staging-*"):
        shutil.rmtree(path, ignore_errors=True)
    for path in paths.build.glob("cache/*/*.tmp*"):
        shutil.rmtree(path, ignore_errors=True)


def _preload_in_background(modules: tuple[str, ...]) -> None:
    """Import the HTML/PDF stages' libraries while the notebooks run in their kernels."""
    import importlib
    import threading

    def load() -> None:
        # below the kernels in CPU priority: they are on the critical path, this is not
        with contextlib.suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICE)
        for name in modules:
            with contextlib.suppress(Exception):
                importlib.import_module(name)

    threading.Thread(target=load, name="nkrussia-preload", daemon=True).start()


def _run_stage(plan: Plan, stage: Stage, staging: Path, progress: bool,
               pool: KernelPool | None = None) -> None:
    if stage.kind == "notebook":
        _execute_notebook(plan, stage, staging, progress, pool)
        return
    from nkrussia import render

    if stage.kind == "html":
        render.export_html(staging / "build" / "03_report.ipynb",
                           staging / "report" / "report.html", data_dir=staging / "data")
    elif stage.kind == "pdf":
        render.print_pdf(staging / "report" / "report.html", staging / "report" / "report.pdf")


def status(paths: ProjectPaths, params: Params) -> list[tuple[str, str]]:
    """For each stage: 'cached' (a run would reuse it) or 'stale' (a run would redo it)."""
    plan = make_plan(paths, params)
    rows = [(s.name, "cached" if plan.is_cached(s.name) else "stale") for s in STAGES]
    rows.append(("published", "current" if _published_intact(paths, plan) else "out of date"))
    return rows


def python_executable() -> str:
    return sys.executable
