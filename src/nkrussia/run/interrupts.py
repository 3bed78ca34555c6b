"""Ctrl-C and SIGTERM: a run unwinds as KeyboardInterrupt, and a few steps are not cut short.

The code a signal interrupts cleans up after itself (kernels, Chromium, temporary folders,
the lock) as the KeyboardInterrupt unwinds it. Two things make that reliable:

* a step that must not stop half-way (starting or killing a kernel: cut in the middle, it
  leaves a process or a connection file nobody knows about) runs inside :func:`deferred`;
  a signal that lands there is acted on when the step ends;
* the first signal raises; a second one, while the clean-up runs, is ignored (a clean-up
  interrupted half-way is what leaves things behind). On the command line the clean-up is
  bounded: after ``GRACE_S`` the command exits anyway (its kernels exit when their parent
  does, the next run removes its temporary folder, publishing is atomic).
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator

GRACE_S = 30.0  # how long the clean-up after Ctrl-C or SIGTERM may take on the command line

_deferring = 0  # depth of deferred() blocks (main thread only: signals run there)
_pending = False


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Run the block to its end even if Ctrl-C or SIGTERM lands in it; then interrupt."""
    global _deferring, _pending
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _deferring += 1
    try:
        yield
    finally:
        _deferring -= 1
        if not _deferring and _pending:
            _pending = False
            raise KeyboardInterrupt


class Interrupts:
    """The handler of SIGINT and SIGTERM for one command (installed by the CLI)."""

    def __init__(self, command_line: bool, on_timeout: Callable[[], None]):
        self.command_line = command_line
        self.on_timeout = on_timeout
        self.seen = 0
        self.previous: dict[int, object] = {}

    def install(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        for signum in (signal.SIGINT, signal.SIGTERM):
            if signal.getsignal(signum) in (signal.SIG_DFL, signal.default_int_handler):
                self.previous[signum] = signal.signal(signum, self._handle)

    def restore(self) -> None:
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)

    def _handle(self, _signum, _frame) -> None:
        global _pending
        self.seen += 1
        if self.seen > 1:
            return
        if self.command_line:
            timer = threading.Timer(GRACE_S, self.on_timeout)
            timer.daemon = True
            timer.start()
        if _deferring:
            _pending = True
            return
        raise KeyboardInterrupt
