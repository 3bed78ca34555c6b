"""Warm kernels: a per-project server that has papermill, pandas, altair and nkrussia imported,
runs `nkrussia run` for the command line and forks a fresh kernel for each notebook, so that a
re-run does not pay for starting Python and importing them again.

Why (measured on this 2-core machine): a kernel importing pandas, altair and nkrussia costs
~0.8 s of CPU before its first cell, and the command itself ~0.4 s of imports before its first
notebook. A forked kernel is ready in ~0.05 s; a parameter run went from 2.9 to 2.1 s.

How it stays honest and tidy:

* Each notebook still gets a brand-new kernel process (a fork with an empty namespace, its own
  environment and working folder); no state passes between notebooks or runs except files.
  Each run is a fresh fork too, on the caller's own stdin/stdout/stderr (passed over the
  socket), in the caller's folder and environment; the caller waits for its exit code and
  passes Ctrl-C and SIGTERM on.
* The server serves one project (its socket is ``build/warm/kernels.sock``, private to the
  user) and one exact set of code and packages: every request carries a fingerprint
  (nkrussia.fingerprint.server_fingerprint: interpreter, start-up environment, installed
  packages, every nkrussia source file); on a mismatch a new server replaces it, so edited
  code is never served from a stale import.
* It exits by itself after ``NKRUSSIA_WARM_MINUTES`` (default 15) without a request, when its
  socket is deleted or replaced (``make clean``, ``rm -rf build``), on ``nkrussia stop``, or on
  SIGTERM. A kernel or run whose caller disappears (even by SIGKILL) is ended: each is tied to
  the caller's connection. ``NKRUSSIA_WARM_MINUTES=0`` or ``nkrussia run --no-warm`` turn it
  off; everything then runs in the calling process with kernels started the usual way.
* It is detached from the terminal and from the caller's pipes (its own output goes to
  ``build/warm/server.log``), so ``subprocess.run(..., capture_output=True)`` returns.

Hand-written because nothing on PyPI does this for Jupyter kernels: the jupyter_client
provisioner API is the documented hook for *how* a kernel is launched, and this module is one
provisioner, the fork server it talks to, and the client that hands a run over.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_IDLE_MINUTES = 15.0
SOCKET = Path("warm") / "kernels.sock"
LOG = Path("warm") / "server.log"
READY_TIMEOUT = 60.0  # seconds a starting server may take to import its libraries
IN_SERVER = False  # True in a runner forked by the server (it must not ask the server again)
# what a kernel imports while it starts (ipykernel.debugger brings debugpy: 0.1 s)
KERNEL_MODULES = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.debugger")
# what `nkrussia run` imports besides the notebooks' libraries
RUNNER_MODULES = ("nkrussia.cli", "nkrussia.pipeline", "nkrussia.extract", "nkrussia.render",
                  "papermill", "nbconvert", "jupyter_client.manager", "jupyter_client.provisioning",
                  "jupyter_client.asynchronous", "jupyter_core.utils", "tqdm")


class WarmError(RuntimeError):
    """The warm-kernel server could not be used (the caller falls back to plain kernels)."""


def idle_seconds(env: dict[str, str] | None = None) -> float:
    """Idle lifetime of the server from NKRUSSIA_WARM_MINUTES (0 turns warm kernels off)."""
    raw = (env if env is not None else os.environ).get("NKRUSSIA_WARM_MINUTES", "")
    if not raw.strip():
        return DEFAULT_IDLE_MINUTES * 60
    try:
        minutes = float(raw)
    except ValueError:
        minutes = -1.0
    if not 0 <= minutes <= 24 * 60:
        raise ValueError(f"NKRUSSIA_WARM_MINUTES: expected minutes between 0 and 1440 "
                         f"(0 turns warm kernels off), got {raw!r}")
    return minutes * 60


# --------------------------------------------------------------------------- wire format
def _send(sock: socket.socket, message: dict) -> None:
    sock.sendall(json.dumps(message).encode() + b"\n")


def _receive(sock: socket.socket, timeout: float | None) -> dict | None:
    """One JSON line, or None when the other side closed the connection first."""
    sock.settimeout(timeout)
    data = b""
    while not data.endswith(b"\n"):
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    return json.loads(data)


def _receive_with_fds(sock: socket.socket, timeout: float) -> tuple[dict | None, list[int]]:
    """One JSON line and any file descriptors sent with it (SCM_RIGHTS)."""
    sock.settimeout(timeout)
    data, fds, _, _ = socket.recv_fds(sock, 1 << 16, 3)
    while data and not data.endswith(b"\n"):
        chunk = sock.recv(1 << 16)
        if not chunk:
            break
        data += chunk
    return (json.loads(data) if data.endswith(b"\n") else None), list(fds)


def _peer(conn: socket.socket) -> tuple[int, int, int]:
    """(pid, uid, gid) of the process at the other end of a Unix socket (SO_PEERCRED)."""
    import struct

    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", creds)


def _peer_pid(conn: socket.socket) -> int:
    return _peer(conn)[0]


def _peer_uid(conn: socket.socket) -> int:
    return _peer(conn)[1]


def _exit_on_sigterm(*_) -> None:
    raise SystemExit(143)


# --------------------------------------------------------------------------- server
class _Server:
    """The fork server: single-threaded (forking a threaded process is unsafe), one select
    loop over the listening socket, pending requests, kernel lifelines and SIGCHLD."""

    def __init__(self, socket_path: Path, fingerprint: str, idle: float):
        self.path = socket_path
        self.fingerprint = fingerprint
        self.idle = idle
        self.started = time.time()
        self.last_used = time.monotonic()
        self.kernels: dict[socket.socket, int] = {}  # lifeline connection -> child pid
        self.runners: set[int] = set()  # children that run `nkrussia run`, not kernels
        self.terminating: dict[int, float] = {}  # runner pid -> when to SIGKILL it
        self.exited: dict[int, int] = {}
        self.selector = selectors.DefaultSelector()
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_w, False)
        signal.set_wakeup_fd(self.wake_w)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C on the terminal is not for us
        self.listener = self._bind()
        self.inode = os.stat(self.path).st_ino
        self.selector.register(self.listener, selectors.EVENT_READ, "accept")
        self.selector.register(self.wake_r, selectors.EVENT_READ, "signal")

    def _bind(self) -> socket.socket:
        # Bind beside the final path, then rename over it: a server being replaced notices
        # that the path is no longer its socket and exits.
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        tmp.unlink(missing_ok=True)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old_umask = os.umask(0o077)  # only our user may connect: a request runs code as us
        try:
            with _unix_address(tmp) as address:
                listener.bind(address)
        finally:
            os.umask(old_umask)
        listener.listen(16)
        os.replace(tmp, self.path)
        return listener

    def still_ours(self) -> bool:
        try:
            return os.stat(self.path).st_ino == self.inode
        except OSError:
            return False

    def loop(self) -> None:
        while True:
            for key, _ in self.selector.select(timeout=1.0):
                if key.data == "accept":
                    conn, _ = self.listener.accept()
                    self.selector.register(conn, selectors.EVENT_READ, "request")
                elif key.data == "signal":
                    os.read(self.wake_r, 512)
                    self._reap()
                elif key.data == "request":
                    if self._request(key.fileobj) == "stop":
                        return
                else:  # a lifeline: the client closed it, or went away
                    self._drop_lifeline(key.fileobj)
            self._reap()
            self._kill_overdue()
            if not self.still_ours():
                return
            if not self.kernels and time.monotonic() - self.last_used > self.idle:
                return

    def _request(self, conn: socket.socket) -> str | None:
        self.selector.unregister(conn)
        self.last_used = time.monotonic()
        try:
            message, fds = _receive_with_fds(conn, timeout=5.0)
        except (OSError, ValueError):
            message, fds = None, []
        if message and _peer_uid(conn) != os.getuid():
            message = None  # another user's process: not served
        op = message.get("op") if message else None
        if op != "run" or message.get("fingerprint") != self.fingerprint:
            for fd in fds:
                os.close(fd)
            fds = []
        if not message:
            conn.close()
            return None
        if op == "ping":
            _send(conn, {"pid": os.getpid(), "fingerprint": self.fingerprint,
                         "started": self.started, "kernels": len(self.kernels),
                         "idle_seconds": self.idle})
            conn.close()
        elif op == "stop":
            _send(conn, {"stopping": True})
            conn.close()
            return "stop"
        elif op in ("fork", "run"):
            nested = op == "run" and _peer_pid(conn) in self.runners
            if (message.get("fingerprint") != self.fingerprint or nested
                    or (op == "run" and len(fds) != 3)):
                _send(conn, {"error": "stale"})
                conn.close()
                return None
            pid = os.fork()
            if pid == 0:
                if op == "run":
                    self._become_runner(message, fds)  # never returns
                self._become_kernel(message)  # never returns
            for fd in fds:
                os.close(fd)  # the caller's stdio: only the runner may hold them open
            _send(conn, {"pid": pid})
            self.kernels[conn] = pid
            if op == "run":
                self.runners.add(pid)
                print(f"warm: pid {pid} runs nkrussia {' '.join(message['argv'])}", flush=True)
            self.selector.register(conn, selectors.EVENT_READ, "lifeline")
        else:
            _send(conn, {"error": f"unknown request {op!r}"})
            conn.close()
        return None

    def _leave_server(self) -> None:
        """In a forked child: let go of the server's sockets, pipe and signal handlers."""
        signal.set_wakeup_fd(-1)
        for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, signal.SIG_DFL)
        for key in list(self.selector.get_map().values()):
            with contextlib.suppress(OSError):
                os.close(key.fd)
        self.selector.close()
        for fd in (self.wake_r, self.wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)

    def _become_runner(self, message: dict, fds: list[int]) -> None:
        """In a forked child: run ``nkrussia ARGV`` on the caller's stdin, stdout and stderr,
        in its folder and environment, with papermill, nbconvert and nkrussia imported."""
        import io

        code = 1
        try:
            self._leave_server()
            signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C, forwarded
            signal.signal(signal.SIGTERM, _exit_on_sigterm)  # a caller that went away
            for target, fd in enumerate(fds):
                os.dup2(fd, target)
                os.close(fd)
            sys.stdin = io.TextIOWrapper(open(0, "rb", closefd=False), encoding="utf-8")
            sys.stdout = io.TextIOWrapper(open(1, "wb", closefd=False), encoding="utf-8",
                                          line_buffering=os.isatty(1))
            sys.stderr = io.TextIOWrapper(open(2, "wb", closefd=False), encoding="utf-8",
                                          errors="backslashreplace", write_through=True)
            os.chdir(message["cwd"])
            os.environ.clear()
            os.environ.update(message["env"])
            argv = list(message["argv"])
            sys.argv = ["nkrussia", *argv]
            global IN_SERVER
            IN_SERVER = True
            from nkrussia import cli

            code = cli.main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:  # noqa: BLE001 - shown on the caller's stderr
            import traceback

            traceback.print_exc()
        finally:
            with contextlib.suppress(Exception):
                sys.stdout.flush()
                sys.stderr.flush()
            os._exit(code)

    def _become_kernel(self, message: dict) -> None:
        code = 1
        try:
            self._leave_server()
            os.chdir(message["cwd"])
            os.environ.clear()
            os.environ.update(message["env"])
            argv = list(message["argv"])
            sys.argv = ["ipykernel_launcher", *argv]
            from ipykernel import kernelapp

            kernelapp.launch_new_instance(argv=argv)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:  # noqa: BLE001 - the kernel's traceback goes to the server log
            import traceback

            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)

    def _drop_lifeline(self, conn: socket.socket) -> None:
        self.selector.unregister(conn)
        pid = self.kernels.pop(conn)
        conn.close()
        if pid not in self.exited:
            # A runner may clean up (kernels, browser, staging folder); a kernel just goes.
            runner = pid in self.runners
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM if runner else signal.SIGKILL)
            if runner:
                self.terminating[pid] = time.monotonic() + 10.0
        self.exited.pop(pid, None)
        self.runners.discard(pid)
        self.last_used = time.monotonic()

    def _kill_overdue(self) -> None:
        for pid, deadline in list(self.terminating.items()):
            if pid in self.exited or not _alive(pid):
                del self.terminating[pid]
            elif time.monotonic() > deadline:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
                del self.terminating[pid]

    def _reap(self) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            code = os.waitstatus_to_exitcode(status)
            for conn, child in self.kernels.items():
                if child == pid:  # its caller is still connected: tell it
                    self.exited[pid] = code
                    with contextlib.suppress(OSError):
                        _send(conn, {"exited": code})

    def close(self) -> None:
        for conn, pid in list(self.kernels.items()):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM if pid in self.runners else signal.SIGKILL)
            conn.close()
        if self.still_ours():
            self.path.unlink(missing_ok=True)
        self.listener.close()


def serve(socket_path: Path, fingerprint: str, modules: list[str], idle: float) -> None:
    """Import the libraries, then fork kernels on request until idle, replaced or stopped."""
    import importlib

    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]  # as ipykernel_launcher does; the kernel adds it back
    # tqdm.auto first: it picks its notebook flavour (and warns that ipywidgets is missing)
    # when it finds ipykernel imported, and papermill's progress bar in a runner is not in a
    # notebook. Imported before ipykernel, it is the plain terminal bar, as in `--no-warm`.
    for name in ["tqdm.auto", *KERNEL_MODULES, *RUNNER_MODULES, *modules]:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError:
            pass  # `from a import b` lists a.b too, in case b is a module; it often is not
        except Exception as exc:  # noqa: BLE001 - the notebook reports its own import error
            print(f"warm: not pre-imported: {name} ({type(exc).__name__}: {exc})", flush=True)
    server = _Server(socket_path, fingerprint, idle)
    print(f"warm: pid {os.getpid()} serving {socket_path}", flush=True)
    try:
        server.loop()
    finally:
        server.close()
        print(f"warm: pid {os.getpid()} exits", flush=True)


# --------------------------------------------------------------------------- client
@contextlib.contextmanager
def _unix_address(path: Path):
    """An address for ``path`` that fits a Unix socket's 107-byte limit: the path itself, or
    for a project in a deep folder, the same file reached through an open handle on its
    folder (/proc/self/fd/N/NAME, Linux)."""
    if len(os.fsencode(str(path))) < 100:
        yield str(path)
        return
    fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        yield f"/proc/self/fd/{fd}/{path.name}"
    finally:
        os.close(fd)


def _connect(path: Path, timeout: float = 2.0) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        with _unix_address(path) as address:
            sock.connect(address)
    except OSError:
        sock.close()
        raise
    return sock


def ping(build: Path) -> dict | None:
    """What the project's server says about itself, or None if none is running."""
    try:
        sock = _connect(build / SOCKET)
    except OSError:
        return None
    with sock:
        try:
            _send(sock, {"op": "ping"})
            return _receive(sock, timeout=5.0)
        except (OSError, ValueError):
            return None


def stop(build: Path) -> dict | None:
    """Ask the project's server to exit; returns what it said about itself, or None."""
    info = ping(build)
    if info is None:
        return None
    with contextlib.suppress(OSError, ValueError), _connect(build / SOCKET) as sock:
        _send(sock, {"op": "stop"})
        _receive(sock, timeout=5.0)
    deadline = time.monotonic() + 5.0
    while time.monotonic() < deadline and _alive(info["pid"]):
        time.sleep(0.02)
    return info


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie (our own child, exited and not yet reaped) is not alive
    with contextlib.suppress(ChildProcessError, OSError):
        done, _ = os.waitpid(pid, os.WNOHANG)
        return done == 0
    return True


def run_in_server(build: Path, fingerprint: str, argv: list[str]) -> int | None:
    """Run ``nkrussia ARGV`` in a process forked from the project's server, on this process's
    stdin, stdout and stderr; returns its exit code, or None if no matching server is up
    (the caller then runs in-process). Ctrl-C and SIGTERM are passed on to it."""
    info = ping(build)
    if not info or info.get("fingerprint") != fingerprint:
        return None
    try:
        sock = _connect(build / SOCKET)
    except OSError:
        return None
    stdio = [fd if _is_open(fd) else os.open(os.devnull, os.O_RDWR) for fd in (0, 1, 2)]
    payload = json.dumps({"op": "run", "fingerprint": fingerprint, "argv": argv,
                          "env": dict(os.environ), "cwd": os.getcwd()}).encode() + b"\n"
    with sock:
        try:
            sent = socket.send_fds(sock, [payload], stdio)
            sock.sendall(payload[sent:])
            reply = _receive(sock, timeout=10.0)
        except (OSError, ValueError):
            return None
        if not reply or "pid" not in reply:
            return None
        pid = reply["pid"]

        def forward(signum, _frame):
            with contextlib.suppress(OSError):
                os.kill(pid, signum)

        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, forward)
        while True:
            try:
                done = _receive(sock, timeout=None)
                break
            except InterruptedError:
                continue
            except (OSError, ValueError):
                done = None
                break
    if not done or "exited" not in done:
        print("nkrussia: error: the warm-kernel server ended during the run; run again "
              "(or use --no-warm)", file=sys.stderr)
        return 1
    code = int(done["exited"])
    return 128 - code if code < 0 else code  # killed by a signal: as a shell reports it


def _is_open(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


class WarmKernels:
    """The client side for one run: starts the server if needed, forks kernels from it."""

    def __init__(self, build: Path, launcher: list[str], modules: list[str],
                 fingerprint: str, idle: float, env: dict[str, str]):
        self.path = build / SOCKET
        self.log = build / LOG
        self.launcher = launcher  # the kernel spec's interpreter and its flags
        self.modules = modules
        self.fingerprint = fingerprint
        self.idle = idle
        self.env = env
        self.spawned: subprocess.Popen | None = None
        self.ready = False

    def begin(self) -> None:
        """Make sure a server with our fingerprint is running or starting (does not wait)."""
        info = ping(self.path.parent.parent)
        if info and info.get("fingerprint") == self.fingerprint:
            self.ready = True
            return
        self._spawn()  # a stale server sees its socket replaced and exits

    def _spawn(self) -> None:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        log = self.log.open("wb")  # one server's life per log
        env = {k: v for k, v in self.env.items() if not k.startswith("NKRUSSIA_")}
        try:
            self.spawned = subprocess.Popen(
                [*self.launcher, "-m", "nkrussia.warm", str(self.path), self.fingerprint,
                 json.dumps(self.modules), repr(self.idle)],
                cwd=str(self.path.parent), env=env, stdin=subprocess.DEVNULL, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True, close_fds=True)
        finally:
            log.close()

    def wait_ready(self) -> None:
        if self.ready:
            return
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            info = ping(self.path.parent.parent)
            if info and info.get("fingerprint") == self.fingerprint:
                self.ready = True
                return
            if self.spawned is not None and self.spawned.poll() is not None:
                raise WarmError(f"the warm-kernel server exited early (see {self.log})")
            time.sleep(0.01)
        raise WarmError(f"the warm-kernel server did not start in {READY_TIMEOUT:.0f} s")

    def fork(self, argv: list[str], env: dict[str, str], cwd: str) -> ForkedKernel:
        self.wait_ready()
        sock = _connect(self.path)
        _send(sock, {"op": "fork", "fingerprint": self.fingerprint, "argv": argv,
                     "env": env, "cwd": cwd})
        reply = _receive(sock, timeout=10.0)
        if not reply or "pid" not in reply:
            sock.close()
            raise WarmError(f"the warm-kernel server refused: {reply}")
        return ForkedKernel(reply["pid"], sock)

    def provisioner(self, km, kernel_id: str):
        """A jupyter_client provisioner for ``km`` whose kernel is forked by the server."""
        return _provisioner_class()(kernel_id=kernel_id, kernel_spec=km.kernel_spec,
                                    parent=km, warm=self)


class ForkedKernel:
    """What LocalProvisioner needs of a ``subprocess.Popen`` for a kernel that the server
    forked: the server reports its exit code on the lifeline connection."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int, lifeline: socket.socket):
        self.pid = pid
        self.lifeline = lifeline
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                message = _receive(self.lifeline, timeout=0.0)
            except (BlockingIOError, TimeoutError):
                return None
            except (OSError, ValueError):
                message = None
            self._finish(message.get("exited", -9) if message else -9)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            try:
                message = _receive(self.lifeline, timeout=timeout)
            except (OSError, ValueError):
                message = None
            self._finish(message.get("exited", -9) if message else -9)
        assert self.returncode is not None
        return self.returncode

    def _finish(self, code: int) -> None:
        self.returncode = code
        self.lifeline.close()

    def send_signal(self, signum: int) -> None:
        if self.returncode is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def _provisioner_class():
    from jupyter_client.provisioning import LocalProvisioner

    class WarmProvisioner(LocalProvisioner):
        """LocalProvisioner whose launch asks the warm server to fork the kernel."""

        def __init__(self, warm: WarmKernels, **kwargs):
            super().__init__(**kwargs)
            self.warm = warm

        async def launch_kernel(self, cmd: list[str], **kwargs):
            argv = cmd[cmd.index("ipykernel_launcher") + 1:]
            env = kwargs.get("env") or dict(os.environ)
            cwd = str(kwargs.get("cwd") or os.getcwd())
            self.process = self.warm.fork(argv, env, cwd)
            self.pid = self.process.pid
            self.pgid = None  # signals go to the kernel itself, not the server's group
            self.cwd = cwd
            return self.connection_info

        async def wait(self) -> int | None:
            # LocalProvisioner polls every 0.1 s; the server reports the exit at once.
            ret = self.process.wait(timeout=10.0) if self.process else 0
            self.process = None
            return ret

    return WarmProvisioner


if __name__ == "__main__":  # python -m nkrussia.warm SOCKET FINGERPRINT MODULES_JSON IDLE
    # Run the server from the imported module, not from __main__: the runners it forks read
    # nkrussia.warm.IN_SERVER, which must be the same module object that sets it.
    from nkrussia import warm as _warm

    _warm.serve(Path(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3]), float(sys.argv[4]))
