"""Jupyter kernels for the notebook stages, and papermill execution.

Each notebook gets a brand-new kernel that serves it alone and is shut down after it, so
notebooks hand data to each other only through files. Kernels are started ahead of their
turn (at a lower CPU priority) with their notebook's imports done, and talk over IPC sockets
in the run's private temporary folder, with their connection files beside them (no TCP
ports, nothing left in Jupyter's runtime folder).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from pathlib import Path

from nkrussia.errors import BadInput, EnvironmentProblem, StageFailed
from nkrussia.run.interrupts import deferred

KERNEL_NAME = "nkrussia"  # the Jupyter kernel spec the notebooks run in (make installs it)
BACKGROUND_NICE = 10  # niceness of kernels booting ahead of their turn


def notebook_imports(notebook: Path) -> list[str]:
    """Modules a notebook imports at the top level of its code cells (to pre-import them)."""
    import ast

    from nkrussia.run.cache import notebook_sources

    found: list[str] = []
    for source in notebook_sources(notebook):
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                found += [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.append(node.module)
                found += [f"{node.module}.{a.name}" for a in node.names]
    return list(dict.fromkeys(found))


def warmup_line(modules: list[str]) -> str:
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

    ``notebooks``: stage name → notebook path, in the order they will run; ``env``: the
    kernels' environment; ``temp``: the run's private temporary folder; ``preload``: stage
    name → more modules its kernel imports ahead (libraries imported inside functions).
    """

    def __init__(self, notebooks: dict[str, Path], cwd: Path, env: dict[str, str],
                 temp: Path, preload: dict[str, tuple[str, ...]] | None = None):
        self.notebooks = notebooks
        self.preload = preload or {}
        self.order = list(notebooks)
        self.cwd = cwd
        self.sockets = temp / "kernels"
        self.sockets.mkdir(parents=True, exist_ok=True)
        kernel_tmp = temp / "tmp"
        kernel_tmp.mkdir(exist_ok=True)
        # whatever a kernel puts in the temporary folder goes when the run's folder goes
        self.env = {**env, "TMPDIR": str(kernel_tmp)}
        self.kernels: dict[str, object] = {}
        self.released: list = []
        self.ahead = int(os.environ.get("NKRUSSIA_KERNELS_AHEAD", "2"))

    def start(self, name: str, background: bool = False) -> None:
        """Launch the stage's kernel (returns once it is launched; it boots on its own).

        A kernel started ``background`` runs at a lower CPU priority until its notebook's
        turn, so that it boots on the spare core without slowing the notebook now running.
        """
        if name in self.kernels:
            return
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        km = AsyncKernelManager(kernel_name=KERNEL_NAME, transport="ipc",
                                ip=str(self.sockets / name[:2]),
                                connection_file=str(self.sockets / f"{name}.json"))
        km.client_factory = prompt_client_class()
        modules = ["pandas", *notebook_imports(self.notebooks[name]),
                   *self.preload.get(name, ())]
        extra = [f"--IPKernelApp.exec_lines={warmup_line(modules)}"]
        # registered before it starts, so that shutdown() ends it even if Ctrl-C lands
        # while it is starting; its own stderr (warnings, a crash) goes to a log, not to the
        # user's terminal
        self.kernels[name] = km
        log = open(self.sockets / f"{name}.log", "wb")  # noqa: SIM115 - the kernel's stderr
        try:
            with deferred():  # cut half-way, a start leaves a kernel nobody knows about
                run_sync(km.start_kernel)(cwd=str(self.cwd), env=self.env,
                                          extra_arguments=extra, stderr=log)
        except Exception as exc:  # no such kernel spec, an interpreter that cannot start
            self.kernels.pop(name, None)
            raise EnvironmentProblem(
                f"the Jupyter kernel '{KERNEL_NAME}' could not be started "
                f"({type(exc).__name__}: {_first_line(exc)}); `make report` installs it") \
                from None
        finally:
            log.close()
        if background:
            self._nice(km, BACKGROUND_NICE)

    @staticmethod
    def _nice(km, value: int) -> None:
        pid = getattr(km.provisioner, "pid", None)
        if pid:
            with contextlib.suppress(OSError):  # raising priority back needs privileges
                os.setpriority(os.PRIO_PROCESS, pid, value)

    def take(self, name: str):
        """The kernel for this stage (started now if it was not); start the next ones."""
        self.start(name)
        self._nice(self.kernels[name], 0)
        for later in self.order[self.order.index(name) + 1:][:self.ahead]:
            self.start(later, background=True)
        return self.kernels[name]

    def start_all(self) -> None:
        """The first kernel at normal priority, the next ``ahead`` in the background."""
        for i, name in enumerate(self.order[:1 + self.ahead]):
            self.start(name, background=i > 0)

    def release(self, name: str) -> None:
        """Kill a kernel whose notebook has finished, without waiting for it to go.

        jupyter_client's shutdown polls the process every 0.1 s after the kill, which put
        0.1 s between every two notebooks; the dead kernels are tidied up by :meth:`shutdown`.
        """
        km = self.kernels.pop(name, None)
        if km is None:
            return
        self.released.append(km)
        with deferred():
            _kill(km, wait=False)

    def last_words(self, name: str) -> str:
        """The last line a kernel wrote to its stderr (why it died), or ''."""
        try:
            lines = (self.sockets / f"{name}.log").read_text(errors="replace").splitlines()
        except OSError:
            return ""
        return next((ln.strip() for ln in reversed(lines) if ln.strip()), "")

    def shutdown(self) -> None:
        """Stop every kernel (and remove their connection files and sockets).

        Nothing here runs jupyter_client's event loop: after Ctrl-C that loop may hold the
        interrupted half of a kernel start or of a notebook's execution, which would resume
        (launch a kernel, wait on a dead one) if the loop ran again. The processes are
        killed and their files removed directly.
        """
        with deferred():
            for km in [*self.released, *self.kernels.values()]:
                _kill(km, wait=True)
                for step in ("cleanup_connection_file", "cleanup_ipc_files",
                             "_close_control_socket"):
                    with contextlib.suppress(Exception):
                        getattr(km, step)()
            self.released.clear()
            self.kernels.clear()
            shutil.rmtree(self.sockets, ignore_errors=True)


def _kill(km, wait: bool) -> None:
    """Kill a kernel's process, whatever state its manager is in."""
    process = getattr(getattr(km, "provisioner", None), "process", None)
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(OSError):
        process.kill()
    if wait:
        with contextlib.suppress(Exception):
            process.wait(timeout=10)


def _first_line(exc: BaseException) -> str:
    text = str(exc)
    return text.splitlines()[0] if text.strip() else ""


def execute_notebook(name: str, source: Path, executed: Path, parameters: dict,
                     pool: KernelPool, kept: Path, progress: bool) -> None:
    """Run one notebook with papermill in the pool's kernel for ``name``.

    A failing cell is :class:`StageFailed` (the executed copy is kept at ``kept``); a
    ``ParamError`` raised by the notebook is bad input (exit 2), like any other bad
    parameter; a kernel that died or never started is an environment problem.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    executed.parent.mkdir(parents=True, exist_ok=True)
    try:
        papermill.execute_notebook(
            str(source), str(executed),
            parameters=parameters,
            kernel_name=KERNEL_NAME,
            km=pool.take(name),
            # a bar over cells on a terminal, named after the stage, gone once it is done
            progress_bar={"desc": f"{name:<11}", "leave": False} if progress else False,
            request_save_on_cell_execute=False,
        )
    except PapermillExecutionError as exc:
        with contextlib.suppress(OSError):
            kept.parent.mkdir(parents=True, exist_ok=True)
            if executed.is_file():
                shutil.copy2(executed, kept)
        first = str(exc.evalue).splitlines()[0] if exc.evalue else ""
        if exc.ename == "ParamError":
            # a parameter that only the data can refute (e.g. model_document naming a
            # document that is not there): bad input, like any other bad parameter
            raise BadInput(f"{first or 'bad parameter'} (found by {source.name}); nothing "
                           "was published") from None
        raise StageFailed(
            f"{source.name} failed in cell {exc.cell_index + 1} ({exc.ename}: {first}); "
            f"open {kept} to see the executed copy. Nothing was published.") from None
    except (BadInput, EnvironmentProblem, StageFailed, KeyboardInterrupt):
        raise
    except OSError:
        raise
    except Exception as exc:  # a kernel that died or never started
        why = pool.last_words(name)
        raise EnvironmentProblem(
            f"{source.name} could not be executed ({type(exc).__name__}: "
            f"{_first_line(exc)}{'; the kernel said: ' + why if why else ''}). "
            "Nothing was published.") from None
    finally:
        pool.release(name)
